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

pid_t StartIngest(const std::string& db, const std::string& input, const std::string& log) {
  pid_t pid = ::fork();
  if (pid == 0) {
    int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
    }
    ::execl(STORYLINE_BINARY, STORYLINE_BINARY, "ingest", "--db", db.c_str(), "--batch", "250", input.c_str(),
            static_cast<char*>(nullptr));
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

std::string ReadFile(const fs::path& p) {
  std::ifstream f(p);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

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
  // growing counts, and right after a restart (during the replay).
  int kills = 0;
  for (int64_t point : {1, 1800, 4100, -1, 6600, 9300}) {
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
  EXPECT_GE(kills, 3) << "the child finished before it could be killed; log:\n" << ReadFile(log);

  // Restart and let it finish.
  int code = Wait(StartIngest(db, input, log));
  ASSERT_EQ(code, 0) << ReadFile(log);
  // Ingesting the same input again stores nothing new.
  code = Wait(StartIngest(db, input, log));
  ASSERT_EQ(code, 0) << ReadFile(log);
  EXPECT_NE(ReadFile(log).find("0 stored, " + std::to_string(kArticles) + " duplicates"), std::string::npos)
      << ReadFile(log);

  // One uninterrupted run for comparison.
  std::string clean = (dir / "clean.db").string();
  ASSERT_EQ(Wait(StartIngest(clean, input, log)), 0) << ReadFile(log);

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
