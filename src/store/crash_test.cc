// Kill -9 during ingest, restart: every article stored exactly once, every
// story consistent with its articles, and the same stories as one
// uninterrupted run. Runs the real `storyline ingest --db` as a child process.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "store/synthetic.h"
#include "storyline/store.h"
#include "testing/text_files.h"

namespace storyline::store {
namespace {

namespace fs = std::filesystem;

// 10,000 articles; 1,000 under the sanitizers, whose ingest runs ~50x slower
// (the kill points scale with the count).
#if defined(__SANITIZE_ADDRESS__)
constexpr size_t kArticles = 1000;
#else
constexpr size_t kArticles = 10000;
#endif

pid_t StartIngest(const std::string& db, const std::string& input, const std::string& log,
                  const std::string& snapshot_every = "750") {
  pid_t pid = ::fork();
  if (pid == 0) {
    int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
    }
    // The clusterer's state saved with every third batch: kills land before,
    // at and after those commits, and restarts begin from the saved state.
    ::execl(STORYLINE_BINARY, STORYLINE_BINARY, "ingest", "--db", db.c_str(), "--batch", "250", "--snapshot-every",
            snapshot_every.c_str(), input.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  return pid;
}

// Articles committed so far (0 while the database does not exist yet).
int64_t Committed(const std::string& db) {
  if (!fs::exists(db)) return 0;
  Options o;
  o.read_only = true;
  auto store = Store::Open(db, o);
  if (!store.ok()) return 0;
  auto c = (*store)->Count();
  return c.ok() ? c->articles : 0;
}

// Waits for the child; returns its exit code, or -signal.
int Wait(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (WIFSIGNALED(status)) return -WTERMSIG(status);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1000;
}

using ::storyline::testing::ReadFileOrEmpty;

TEST(CrashTest, KilledIngestResumesWithEveryArticleOnceAndStoriesConsistent) {
  fs::path dir = fs::temp_directory_path() / ("storyline_crash_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string input = (dir / "stream.jsonl").string();
  {
    std::ofstream out(input, std::ios::binary);
    synthetic::Options so;
    so.articles = kArticles;
    synthetic::Generate(so, [&](const std::string& line) { out << line << '\n'; });
  }
  std::string db = (dir / "killed.db").string();
  std::string log = (dir / "log.txt").string();

  // SIGKILL at several points: during the first batches, mid-stream at
  // growing counts (1500 and 6000 just after a commit that saved the
  // clusterer's state), and right after a restart (during the restore and
  // the replay of what came after the saved state).
  int kills = 0;
  for (int64_t point : {1, 1500, 4100, -1, 6000, 9300}) {
    int64_t threshold = point > 1 ? point * static_cast<int64_t>(kArticles) / 10000 : point;
    pid_t pid = StartIngest(db, input, log);
    ASSERT_GT(pid, 0);
    bool exited = false;
    if (threshold < 0) {
      // Kill during the replay of what is stored: as soon as the child runs.
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    } else {
      for (;;) {
        int status = 0;
        if (::waitpid(pid, &status, WNOHANG) == pid) {
          exited = true;
          break;
        }
        if (Committed(db) >= threshold) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }
    if (!exited) {
      ::kill(pid, SIGKILL);
      int code = Wait(pid);
      if (code == -SIGKILL) ++kills;
    }
    int64_t now = Committed(db);
    EXPECT_LE(now, static_cast<int64_t>(kArticles));
  }
  EXPECT_GE(kills, 3) << "the child finished before it could be killed; log:\n" << ReadFileOrEmpty(log);

  // Restart and let it finish: from the state saved before the last kill.
  int code = Wait(StartIngest(db, input, log));
  ASSERT_EQ(code, 0) << ReadFileOrEmpty(log);
  {
    std::string text = ReadFileOrEmpty(log);
    size_t at = text.find(" restored, ");
    ASSERT_NE(at, std::string::npos) << text;
    size_t begin = text.rfind(' ', at - 1) + 1;
    EXPECT_GT(std::stoll(text.substr(begin, at - begin)), 0) << "the restart did not use the saved state:\n" << text;
  }
  // Ingesting the same input again stores nothing new.
  code = Wait(StartIngest(db, input, log));
  ASSERT_EQ(code, 0) << ReadFileOrEmpty(log);
  EXPECT_NE(ReadFileOrEmpty(log).find("0 stored, " + std::to_string(kArticles) + " duplicates"), std::string::npos)
      << ReadFileOrEmpty(log);
  // ...and starts from the state the previous run saved on exit.
  EXPECT_NE(ReadFileOrEmpty(log).find(std::to_string(kArticles) + " restored, 0 replayed"), std::string::npos)
      << ReadFileOrEmpty(log);
  EXPECT_EQ(ReadFileOrEmpty(log).find("not used"), std::string::npos) << ReadFileOrEmpty(log);

  // One uninterrupted run for comparison (its state saved on exit only).
  std::string clean = (dir / "clean.db").string();
  ASSERT_EQ(Wait(StartIngest(clean, input, log, "0")), 0) << ReadFileOrEmpty(log);

  auto killed = Store::Open(db);
  auto whole = Store::Open(clean);
  ASSERT_TRUE(killed.ok()) << killed.status().message();
  ASSERT_TRUE(whole.ok()) << whole.status().message();
  EXPECT_EQ((*killed)->Count()->articles, static_cast<int64_t>(kArticles));
  EXPECT_EQ((*killed)->Count()->stories, (*whole)->Count()->stories);
  Status consistent = (*killed)->CheckConsistency();
  EXPECT_TRUE(consistent.ok()) << consistent.message();
  EXPECT_TRUE((*whole)->CheckConsistency().ok());

  // Every article exactly once (ids are unique by schema; seqs gap-free), in
  // its input position, in the same story as in the uninterrupted run.
  int64_t seq = 0;
  size_t differing_story = 0;
  for (;;) {
    auto batch = (*killed)->ArticlesAfter(seq, 1000);
    ASSERT_TRUE(batch.ok());
    if (batch->empty()) break;
    for (const auto& a : *batch) {
      EXPECT_EQ(a.seq, seq + 1);
      seq = a.seq;
      EXPECT_EQ(a.article.id, "syn-" + std::to_string(a.seq));
      auto other = (*whole)->GetArticle(a.article.id);
      ASSERT_TRUE(other.ok() && other->has_value());
      if ((*other)->story_id != a.story_id) ++differing_story;
    }
  }
  EXPECT_EQ(seq, static_cast<int64_t>(kArticles));
  EXPECT_EQ(differing_story, 0u);
  // Stories match one for one.
  auto a_list = (*killed)->ListStories(0, 1000000);
  auto b_list = (*whole)->ListStories(0, 1000000);
  ASSERT_TRUE(a_list.ok() && b_list.ok());
  ASSERT_EQ(a_list->size(), b_list->size());
  for (size_t i = 0; i < a_list->size(); ++i) {
    EXPECT_EQ((*a_list)[i].id, (*b_list)[i].id);
    EXPECT_EQ((*a_list)[i].article_count, (*b_list)[i].article_count);
    EXPECT_EQ((*a_list)[i].title, (*b_list)[i].title);
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace storyline::store

namespace storyline::store {
namespace {

// Runs `storyline ARGS`; returns the exit code and stderr + stdout.
int RunCli(const std::string& args, std::string* output) {
  std::string cmd = std::string(STORYLINE_BINARY) + " " + args + " 2>&1";
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (!pipe) return -1;
  char buf[4096];
  size_t n;
  output->clear();
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) output->append(buf, n);
  int status = ::pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(CliStoreTest, BadDatabasesAndBusyPortsAreNamed) {
  fs::path dir = fs::temp_directory_path() / ("storyline_cli_store_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string input = (dir / "a.txt").string();
  std::ofstream(input) << "Harbour strike\n\nDock workers walked out on Monday over pay.\n";
  std::string out;

  EXPECT_EQ(RunCli("ingest --db " + (dir / "no" / "x.db").string() + " " + input, &out), 3);
  EXPECT_NE(out.find("no such directory"), std::string::npos) << out;

  std::ofstream(dir / "junk.db") << std::string(4096, 'j');
  EXPECT_EQ(RunCli("ingest --db " + (dir / "junk.db").string() + " " + input, &out), 3);
  EXPECT_NE(out.find("not a SQLite database"), std::string::npos) << out;
  EXPECT_EQ(RunCli("serve --db " + (dir / "junk.db").string() + " --port 0", &out), 3);
  EXPECT_NE(out.find("not a SQLite database"), std::string::npos) << out;
  EXPECT_EQ(RunCli("serve --db " + (dir / "missing.db").string() + " --port 0", &out), 3);
  EXPECT_NE(out.find("no such database"), std::string::npos) << out;

  std::string db = (dir / "ok.db").string();
  ASSERT_EQ(RunCli("ingest --db " + db + " " + input, &out), 0) << out;
  EXPECT_NE(out.find("1 stored"), std::string::npos) << out;

  // A server on a free port; a second one on the same port fails clearly.
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(fds[1], 1);
    ::close(fds[0]);
    ::execl(STORYLINE_BINARY, STORYLINE_BINARY, "serve", "--db", db.c_str(), "--port", "0",
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(fds[1]);
  std::string line;
  char c;
  while (::read(fds[0], &c, 1) == 1 && c != '\n') line += c;
  ::close(fds[0]);
  size_t colon = line.rfind(':');
  ASSERT_NE(colon, std::string::npos) << line;
  std::string port = line.substr(colon + 1);
  port = port.substr(0, port.find('/'));
  EXPECT_EQ(RunCli("serve --db " + db + " --port " + port, &out), 3);
  EXPECT_NE(out.find("in use"), std::string::npos) << out;
  ::kill(pid, SIGTERM);
  EXPECT_EQ(Wait(pid), 0);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace storyline::store
