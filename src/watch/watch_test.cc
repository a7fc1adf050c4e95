#include "storyline/watch.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>
#include <vector>

#include "testing/temp_dir.h"
#include "watch/fetch.h"

namespace storyline::watch {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string Rss(int items) {
  std::string s =
      "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Calder Gazette</title>"
      "<link>https://gazette.example/</link>";
  const char* texts[] = {
      "Dock workers at the port of Calder walked out on Monday in a dispute over pay, the union said.",
      "The ferry between Calder and Ansel runs again from Tuesday after a month of repairs to the pier.",
      "Calder's council approved a new budget on Wednesday that raises spending on schools by a tenth.",
  };
  for (int i = 0; i < items; ++i)
    s += fmt::format(
        "<item><title>Story {0}</title><link>https://gazette.example/story-{0}</link><guid>story-{0}</guid>"
        "<pubDate>Mon, 0{1} Jun 2025 10:00:00 GMT</pubDate><description>{2}</description></item>",
        i + 1, i + 2, texts[i % 3]);
  return s + "</channel></rss>";
}

// A feed server on 127.0.0.1 whose feed, ETag and failures the test sets.
class FeedServer {
 public:
  FeedServer() {
    http_.Get("/feed.xml", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu_);
      times_.push_back(Clock::now());
      if (failures_left_ > 0) {
        --failures_left_;
        res.status = 503;
        res.set_header("Retry-After", "0");
        return;
      }
      conditional_ += req.has_header("If-None-Match");
      if (req.get_header_value("If-None-Match") == etag_) {
        res.status = 304;
        return;
      }
      res.set_header("ETag", etag_);
      res.set_content(feed_, "application/rss+xml");
    });
    http_.Get("/other.xml", [this](const httplib::Request&, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu_);
      times_.push_back(Clock::now());
      res.status = 404;
    });
    port_ = http_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { http_.listen_after_bind(); });
    while (!http_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~FeedServer() {
    http_.stop();
    thread_.join();
  }
  std::string Url(const std::string& path) const { return fmt::format("http://127.0.0.1:{}{}", port_, path); }
  void Set(std::string feed, std::string etag) {
    std::lock_guard<std::mutex> lock(mu_);
    feed_ = std::move(feed);
    etag_ = std::move(etag);
  }
  void FailNext(int n) {
    std::lock_guard<std::mutex> lock(mu_);
    failures_left_ = n;
  }
  size_t requests() {
    std::lock_guard<std::mutex> lock(mu_);
    return times_.size();
  }
  int conditional() {
    std::lock_guard<std::mutex> lock(mu_);
    return conditional_;
  }
  std::vector<Clock::time_point> times() {
    std::lock_guard<std::mutex> lock(mu_);
    return times_;
  }

 private:
  httplib::Server http_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mu_;
  std::string feed_, etag_;
  int failures_left_ = 0, conditional_ = 0;
  std::vector<Clock::time_point> times_;
};

class WatchTest : public storyline::testing::TempDirTest {
 protected:
  std::unique_ptr<store::Store> OpenStore() {
    auto st = store::Store::Open((dir_ / "w.db").string());
    EXPECT_TRUE(st.ok()) << st.status().message();
    return st.ok() ? std::move(st).value() : nullptr;
  }
  Options Quick(std::vector<std::string> sources) {
    Options o;
    o.sources = std::move(sources);
    o.host_delay_seconds = 0;
    o.retry_base_seconds = 0.01;
    o.timeout_seconds = 5;
    o.on_message = [this](const std::string& line) { messages_.push_back(line); };
    return o;
  }
  std::vector<std::string> messages_;
};

TEST_F(WatchTest, FeedIsFetchedConditionallyAndOnlyNewItemsAreStored) {
  FeedServer server;
  server.Set(Rss(2), "\"v1\"");
  auto st = OpenStore();
  auto w = Watcher::Open(st.get(), Quick({server.Url("/feed.xml")}));
  ASSERT_TRUE(w.ok()) << w.status().message();

  auto r1 = (*w)->RunRound();
  ASSERT_TRUE(r1.ok()) << r1.status().message();
  EXPECT_EQ(r1->sources_changed, 1);
  EXPECT_EQ(r1->stored, 2);
  EXPECT_EQ(st->Count()->articles, 2);
  auto item = st->GetArticle("story-1");
  ASSERT_TRUE(item.ok() && item->has_value());
  EXPECT_EQ((*item)->article.url, "https://gazette.example/story-1");
  EXPECT_EQ((*item)->article.input.rfind(server.Url("/feed.xml"), 0), 0u) << (*item)->article.input;

  auto r2 = (*w)->RunRound();  // unchanged: the server answers 304
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(r2->sources_unchanged, 1);
  EXPECT_EQ(r2->articles_read, 0);
  EXPECT_EQ(server.conditional(), 1);

  server.Set(Rss(3), "\"v2\"");  // one new item
  auto r3 = (*w)->RunRound();
  ASSERT_TRUE(r3.ok());
  EXPECT_EQ(r3->stored, 1);
  EXPECT_EQ(r3->duplicates, 2);
  EXPECT_EQ(st->Count()->articles, 3);
  EXPECT_TRUE(st->CheckConsistency().ok());
}

TEST_F(WatchTest, TransientFailuresAreRetriedAndPermanentOnesReported) {
  FeedServer server;
  server.Set(Rss(1), "\"v1\"");
  server.FailNext(2);  // two 503s, then the feed
  auto st = OpenStore();
  auto w = Watcher::Open(st.get(), Quick({server.Url("/other.xml"), server.Url("/feed.xml"),
                                          "http://127.0.0.1:1/refused.xml"}));
  ASSERT_TRUE(w.ok()) << w.status().message();
  auto r = (*w)->RunRound();
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->stored, 1);
  EXPECT_EQ(r->sources_failed, 2);  // the 404 and the refused connection
  EXPECT_EQ(server.requests(), 4u);  // 404 once (not retried), 503, 503, 200
  bool named_404 = false, named_refused = false;
  for (const auto& m : messages_) {
    named_404 |= m.find("/other.xml: HTTP 404") != std::string::npos;
    named_refused |= m.rfind("http://127.0.0.1:1/refused.xml", 0) == 0 && m.find("retry") == std::string::npos;
  }
  EXPECT_TRUE(named_404);
  EXPECT_TRUE(named_refused);
}

TEST_F(WatchTest, RequestsToOneHostAreSpaced) {
  FeedServer server;
  server.Set(Rss(1), "\"v1\"");
  auto st = OpenStore();
  Options o = Quick({server.Url("/feed.xml"), server.Url("/other.xml"), server.Url("/feed.xml")});
  o.host_delay_seconds = 0.2;
  auto w = Watcher::Open(st.get(), o);
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->RunRound().ok());
  auto t = server.times();
  ASSERT_EQ(t.size(), 3u);
  for (size_t i = 1; i < t.size(); ++i) EXPECT_GE(t[i] - t[i - 1], std::chrono::milliseconds(190)) << i;
}

TEST_F(WatchTest, FoldersAreReadAgainOnlyWhereFilesChanged) {
  fs::create_directories(dir_ / "in");
  Write("in/a.txt", "Port workers strike\n\nDock workers at the port of Calder walked out on Monday over pay.\n");
  auto st = OpenStore();
  auto w = Watcher::Open(st.get(), Quick({(dir_ / "in").string(), (dir_ / "missing").string()}));
  ASSERT_TRUE(w.ok());
  auto r1 = (*w)->RunRound();
  ASSERT_TRUE(r1.ok());
  EXPECT_EQ(r1->stored, 1);
  EXPECT_EQ(r1->sources_failed, 1);
  auto r2 = (*w)->RunRound();
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(r2->articles_read, 0);  // nothing changed: nothing read
  Write("in/b.txt", "Ferry runs again\n\nThe ferry between Calder and Ansel runs again from Tuesday after repairs.\n");
  auto r3 = (*w)->RunRound();
  ASSERT_TRUE(r3.ok());
  EXPECT_EQ(r3->articles_read, 1);  // only the new file
  EXPECT_EQ(r3->stored, 1);
  EXPECT_EQ(st->Count()->articles, 2);
}

// A watcher that cannot use the saved clusterer state replays every stored
// article (minutes on a large store): it says so, as `storyline ingest` does.
TEST_F(WatchTest, AnUnusableSavedClustererStateIsSaid) {
  fs::create_directories(dir_ / "in");
  Write("in/a.txt", "Port workers strike\n\nDock workers at the port of Calder walked out on Monday over pay.\n");
  {
    auto st = OpenStore();
    auto w = Watcher::Open(st.get(), Quick({(dir_ / "in").string()}));
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->RunRound().ok());
  }  // closed: the state is saved
  {
    sqlite3* db;
    ASSERT_EQ(sqlite3_open((dir_ / "w.db").string().c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "UPDATE cluster_snapshot SET bytes = substr(bytes, 1, 100)", nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  messages_.clear();
  auto st = OpenStore();
  auto w = Watcher::Open(st.get(), Quick({(dir_ / "in").string()}));
  ASSERT_TRUE(w.ok());
  bool said = false;
  std::string all;
  for (const std::string& line : messages_) {
    said |= line.find("saved clusterer state is not used") != std::string::npos;
    all += line + "\n";
  }
  EXPECT_TRUE(said) << all;
}

TEST_F(WatchTest, OneIngestAtATime) {
  auto st = OpenStore();
  auto w = Watcher::Open(st.get(), Quick({dir_.string()}));
  ASSERT_TRUE(w.ok());
  auto st2 = OpenStore();
  auto second = Watcher::Open(st2.get(), Quick({dir_.string()}));
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.status().message().find("another process"), std::string::npos) << second.status().message();
  EXPECT_FALSE(Watcher::Open(st2.get(), Quick({})).ok());
}

TEST(FetchTest, RefusesWhatIsNotHttpAndCapsTheBody) {
  Fetcher f;
  auto file = f.Get({"file:///etc/passwd"});
  ASSERT_FALSE(file.ok());
  EXPECT_NE(file.status().message().find("not an http(s) URL"), std::string::npos);
  FeedServer server;
  server.Set(std::string(5000, 'x'), "\"big\"");
  Fetcher small(FetchOptions{5, 1000, "test"});
  auto big = small.Get({server.Url("/feed.xml")});
  ASSERT_FALSE(big.ok());
  EXPECT_NE(big.status().message().find("larger than 1000 bytes"), std::string::npos) << big.status().message();
}

}  // namespace
}  // namespace storyline::watch
