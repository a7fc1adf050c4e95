#include "storyline/serve.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <filesystem>
#include <thread>
#include <fstream>
#include <nlohmann/json.hpp>

#include "storyline/extract.h"
#include "storyline/ingest.h"
#include "storyline/store.h"

namespace storyline::serve {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

// One database of the bundled sample corpus for every test.
class ServeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() / ("storyline_serve_" + std::to_string(::getpid())));
    fs::remove_all(*dir_);
    fs::create_directories(*dir_);
    db_ = new std::string((*dir_ / "sample.db").string());
    auto st = store::Store::Open(*db_);
    ASSERT_TRUE(st.ok()) << st.status().message();
    auto in = store::Ingester::Open(st->get());
    ASSERT_TRUE(in.ok()) << in.status().message();
    std::string root = STORYLINE_SOURCE_DIR;
    ingest::ReadInputs(
        {root + "/examples/corpus", root + "/examples/corpus.jsonl"}, {},
        [&](ingest::Document d) { ASSERT_TRUE((*in)->Add(extract::ExtractArticle(std::move(d))).ok()); },
        [](ingest::InputError e) { FAIL() << e.input << ": " << e.status.message(); });
    ASSERT_TRUE((*in)->Commit().ok());
    Options o;
    o.db_path = *db_;
    o.port = 0;
    o.threads = 4;
    o.warm_stories = 0;  // briefs only on request (WarmsTheNewestBriefs tests the warmer)
    auto server = Server::Start(o);
    ASSERT_TRUE(server.ok()) << server.status().message();
    server_ = server->release();
  }
  static void TearDownTestSuite() {
    delete server_;
    fs::remove_all(*dir_);
    delete dir_;
    delete db_;
  }

  static httplib::Result Get(const std::string& path) {
    httplib::Client c("127.0.0.1", server_->port());
    return c.Get(path.c_str());
  }
  static Json GetJson(const std::string& path, int expect_status) {
    auto r = Get(path);
    EXPECT_TRUE(r) << path;
    if (!r) return Json();
    EXPECT_EQ(r->status, expect_status) << path << ": " << r->body;
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/json; charset=utf-8") << path;
    Json j = Json::parse(r->body, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << path << ": " << r->body;
    if (expect_status >= 400) {
      EXPECT_EQ(j["error"]["status"], expect_status) << path;
      EXPECT_TRUE(j["error"]["message"].is_string()) << path;
    }
    return j;
  }

  static fs::path* dir_;
  static std::string* db_;
  static Server* server_;
};
fs::path* ServeTest::dir_ = nullptr;
std::string* ServeTest::db_ = nullptr;
Server* ServeTest::server_ = nullptr;

TEST_F(ServeTest, HealthCountsTheStore) {
  Json j = GetJson("/api/health", 200);
  EXPECT_EQ(j["ok"], true);
  EXPECT_EQ(j["articles"], 25);
  EXPECT_GE(j["stories"].get<int>(), 5);
}

TEST_F(ServeTest, StoriesNewestFirstAndPaged) {
  Json all = GetJson("/api/stories?limit=100", 200);
  ASSERT_TRUE(all["stories"].is_array());
  EXPECT_EQ(all["total"], all["stories"].size());
  std::string prev;
  int sum = 0;
  for (const auto& s : all["stories"]) {
    sum += s["article_count"].get<int>();
    std::string last = s["last_published"];
    if (!prev.empty() && !last.empty()) {
      EXPECT_LE(last.substr(0, 10), prev.substr(0, 10));
    }
    if (!last.empty()) prev = last;
  }
  EXPECT_EQ(sum, 25);
  // Each story names its outlets and opens with its first article's lead, so
  // a list needs no briefs.
  for (const auto& s : all["stories"]) {
    ASSERT_TRUE(s["outlets"].is_array()) << s;
    EXPECT_FALSE(s["outlets"].empty()) << s;
    EXPECT_LE(s["outlets"].size(), 8u);
    std::string lead = s["lead"];
    EXPECT_GE(lead.size(), 20u) << s;
    EXPECT_LE(lead.size(), 250u) << s;
  }
  Json page = GetJson("/api/stories?limit=2&offset=1", 200);
  ASSERT_EQ(page["stories"].size(), 2u);
  EXPECT_EQ(page["stories"][0]["id"], all["stories"][1]["id"]);
  GetJson("/api/stories?limit=abc", 400);
  GetJson("/api/stories?limit=100000", 400);
  GetJson("/api/stories?offset=-1", 400);
}

TEST_F(ServeTest, StoryPageHasTheBriefAndIsCached) {
  Json list = GetJson("/api/stories?limit=1", 200);
  std::string id = list["stories"][0]["id"];
  auto first = Get("/api/stories/" + id);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200) << first->body;
  Json j = Json::parse(first->body);
  EXPECT_EQ(j["story"]["id"], id);
  const Json& b = j["brief"];
  for (const char* key : {"id", "headline", "articles", "summary", "quotes", "entities", "numbers", "dates",
                          "conflicts", "reuse", "timeline"})
    EXPECT_TRUE(b.contains(key)) << key;
  EXPECT_EQ(b["articles"].size(), j["story"]["article_count"].get<size_t>());
  EXPECT_FALSE(b["summary"].empty());
  for (const auto& s : b["summary"]) EXPECT_FALSE(s["sources"].empty());
  auto again = Get("/api/stories/" + id);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->body, first->body);
  auto st = store::Store::Open(*db_);
  EXPECT_TRUE((*st)->CachedBrief(id, j["story"]["version"].get<int64_t>())->has_value());
  GetJson("/api/stories/c0000000000000000", 404);
}

TEST_F(ServeTest, ArticleById) {
  Json j = GetJson("/api/articles/strike-harbourgazette", 200);
  EXPECT_EQ(j["article"]["id"], "strike-harbourgazette");
  EXPECT_FALSE(j["article"]["text"].get<std::string>().empty());
  EXPECT_FALSE(j["article"]["story_id"].get<std::string>().empty());
  GetJson("/api/articles/no-such-article", 404);
}

TEST_F(ServeTest, SearchRanksAndMarksMatches) {
  Json j = GetJson("/api/search?q=earthquake", 200);
  ASSERT_GT(j["total"].get<int>(), 0);
  bool marked = false;
  for (const auto& h : j["hits"]) {
    EXPECT_FALSE(h["story_id"].get<std::string>().empty());
    for (const auto& part : h["snippet"]) marked |= part["match"].get<bool>();
  }
  EXPECT_TRUE(marked);
  EXPECT_EQ(GetJson("/api/search?q=zzzyxq", 200)["total"], 0);
  GetJson("/api/search", 400);
  GetJson("/api/search?q=%20%20", 400);
  GetJson("/api/search?q=NEAR(%22a%22", 200);
}

TEST_F(ServeTest, ErrorsAreJson) {
  GetJson("/api/nothing", 404);
  httplib::Client c("127.0.0.1", server_->port());
  auto r = c.Post("/api/stories", "{}", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 405);
  EXPECT_EQ(Json::parse(r->body)["error"]["status"], 405);
}

TEST_F(ServeTest, WebUiWithSecurityHeaders) {
  for (const char* path : {"/", "/stories/abc", "/search", "/static/app.js", "/static/app.css", "/api/health"}) {
    auto r = Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 200) << path;
    std::string csp = r->get_header_value("Content-Security-Policy");
    EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << path;
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << path;
    EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff") << path;
  }
  auto page = Get("/");
  EXPECT_NE(page->body.find("<script src=\"/static/app.js\""), std::string::npos);
  EXPECT_EQ(Get("/static/app.js")->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  for (const char* path : {"/static/../CMakeLists.txt", "/static/%2e%2e/CMakeLists.txt", "/../../etc/passwd",
                           "/static/nope.js", "/whatever"}) {
    auto r = Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_NE(r->status, 200) << path;
    EXPECT_EQ(r->body.find("cmake_minimum_required"), std::string::npos) << path;
  }
}

TEST_F(ServeTest, BadStartsAreClearErrors) {
  Options o;
  o.db_path = (*dir_ / "missing.db").string();
  o.port = 0;
  auto missing = Server::Start(o);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("no such database"), std::string::npos);

  std::ofstream(*dir_ / "junk.db") << std::string(8192, 'j');
  o.db_path = (*dir_ / "junk.db").string();
  auto junk = Server::Start(o);
  ASSERT_FALSE(junk.ok());
  EXPECT_NE(junk.status().message().find("not a SQLite database"), std::string::npos) << junk.status().message();

  o.db_path = *db_;
  o.port = server_->port();
  auto busy = Server::Start(o);
  ASSERT_FALSE(busy.ok());
  EXPECT_NE(busy.status().message().find("in use"), std::string::npos) << busy.status().message();
}

TEST_F(ServeTest, WarmsTheNewestBriefs) {
  // A copy of the database, so the shared one's cache stays cold.
  std::string copy = (*dir_ / "warm.db").string();
  for (const char* suffix : {"", "-wal"})  // WAL mode: committed pages may still be in the -wal file
    if (fs::exists(*db_ + suffix)) fs::copy_file(*db_ + suffix, copy + suffix, fs::copy_options::overwrite_existing);
  Options o;
  o.db_path = copy;
  o.port = 0;
  o.threads = 2;
  o.warm_stories = 2;
  auto server = Server::Start(o);
  ASSERT_TRUE(server.ok()) << server.status().message();
  auto st = store::Store::Open(copy);
  ASSERT_TRUE(st.ok());
  auto rows = (*st)->ListStories(0, 3);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 3u);
  bool warm = false;
  for (int i = 0; i < 600 && !warm; ++i) {  // up to a minute (ASan)
    warm = (*(*st)->CachedBrief((*rows)[0].id, (*rows)[0].last_seq)).has_value() &&
           (*(*st)->CachedBrief((*rows)[1].id, (*rows)[1].last_seq)).has_value();
    if (!warm) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(warm);
  (*server)->Stop();  // stops the warmer too
  EXPECT_FALSE((*(*st)->CachedBrief((*rows)[2].id, (*rows)[2].last_seq)).has_value());  // only the newest 2
}

TEST_F(ServeTest, WarmsEveryStorysBriefByDefault) {
  std::string copy = (*dir_ / "warm-all.db").string();
  for (const char* suffix : {"", "-wal"})
    if (fs::exists(*db_ + suffix)) fs::copy_file(*db_ + suffix, copy + suffix, fs::copy_options::overwrite_existing);
  Options o;
  o.db_path = copy;
  o.port = 0;
  o.threads = 2;
  auto server = Server::Start(o);
  ASSERT_TRUE(server.ok()) << server.status().message();
  auto st = store::Store::Open(copy);
  ASSERT_TRUE(st.ok());
  bool warm = false;
  for (int i = 0; i < 1200 && !warm; ++i) {  // up to two minutes (ASan)
    auto missing = (*st)->StoriesWithoutBrief(std::numeric_limits<size_t>::max(), 1);
    ASSERT_TRUE(missing.ok());
    warm = missing->empty();
    if (!warm) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(warm);
  (*server)->Stop();
  auto c = (*st)->Count();
  auto rows = (*st)->ListStories(0, static_cast<size_t>(c->stories));
  ASSERT_TRUE(rows.ok());
  for (const auto& r : *rows) EXPECT_TRUE((*(*st)->CachedBrief(r.id, r.last_seq)).has_value()) << r.id;
}

TEST_F(ServeTest, WritesAreRefusedWithoutAToken) {
  httplib::Client c("127.0.0.1", server_->port());
  auto r = c.Post("/api/articles?name=a.txt", "Title\n\nSome text.", "text/plain");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403) << r->body;
  EXPECT_NE(r->body.find("--token-file"), std::string::npos);
  EXPECT_EQ(GetJson("/api/health", 200)["articles"], 25);
}

// A server of its own, with a write token, a small body limit and a rate limit.
class ServeWriteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("storyline_serve_write_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = (dir_ / "w.db").string();
    ASSERT_TRUE(store::Store::Open(db_).ok());
  }
  void TearDown() override {
    server_.reset();
    fs::remove_all(dir_);
  }
  void StartServer(double rate_limit) {
    Options o;
    o.db_path = db_;
    o.port = 0;
    o.threads = 4;
    o.write_token = kToken;
    o.max_upload_bytes = 64 * 1024;
    o.rate_limit = rate_limit;
    o.warm_stories = 0;
    auto server = Server::Start(o);
    ASSERT_TRUE(server.ok()) << server.status().message();
    server_ = std::move(server).value();
  }
  httplib::Result Post(const std::string& path, const std::string& body, const std::string& token) {
    httplib::Client c("127.0.0.1", server_->port());
    httplib::Headers h;
    if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
    return c.Post(path.c_str(), h, body, "application/octet-stream");
  }
  static constexpr const char* kToken = "0123456789abcdef-test";
  fs::path dir_;
  std::string db_;
  std::unique_ptr<Server> server_;
};

TEST_F(ServeWriteTest, PostStoresArticlesOnceAndNamesTheirStories) {
  StartServer(0);
  const std::string jsonl =
      "{\"id\":\"w1\",\"title\":\"Dockers strike at Calder\",\"outlet\":\"A\",\"published\":\"2025-06-12\","
      "\"text\":\"Dock workers at the port of Calder walked out on Monday in a dispute over pay, the union said.\"}\n"
      "{\"id\":\"w2\",\"title\":\"Calder dock strike\",\"outlet\":\"B\",\"published\":\"2025-06-12\","
      "\"text\":\"Dock workers at the port of Calder walked out on Monday in a dispute over pay.\"}\n"
      "not json\n";
  auto r = Post("/api/articles?name=batch.jsonl", jsonl, "wrong-token-wrong-token");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(r->get_header_value("WWW-Authenticate"), "Bearer");
  r = Post("/api/articles?name=batch.jsonl", jsonl, "");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);

  r = Post("/api/articles?name=batch.jsonl", jsonl, kToken);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  Json j = Json::parse(r->body);
  EXPECT_EQ(j["stored"], 2);
  ASSERT_EQ(j["articles"].size(), 2u);
  for (const auto& a : j["articles"]) {
    EXPECT_EQ(a["outcome"], "stored");
    EXPECT_EQ(a["story_id"].get<std::string>().size(), 17u) << a;
  }
  // The bad line is named by the upload's name and line, not a temporary path.
  ASSERT_EQ(j["errors"].size(), 1u);
  EXPECT_EQ(j["errors"][0]["input"], "batch.jsonl:3");

  r = Post("/api/articles?name=batch.jsonl", jsonl, kToken);
  ASSERT_TRUE(r);
  j = Json::parse(r->body);
  EXPECT_EQ(j["stored"], 0);
  EXPECT_EQ(j["duplicates"], 2);

  auto st = store::Store::Open(db_);
  ASSERT_TRUE(st.ok());
  EXPECT_EQ((*st)->Count()->articles, 2);
  EXPECT_TRUE((*st)->CheckConsistency().ok());
  // The stored input is the upload's name, not the temporary file it was read from.
  auto w1 = (*st)->GetArticle("w1");
  ASSERT_TRUE(w1.ok() && w1->has_value());
  EXPECT_EQ((*w1)->article.input.rfind("batch.jsonl", 0), 0u) << (*w1)->article.input;

  // An HTML page is read as a page; its id is the name's stem.
  r = Post("/api/articles?name=page.html",
           "<html><head><title>Ferry service resumes | Gazette</title></head><body><article><h1>Ferry service "
           "resumes</h1><p>The ferry between Calder and Ansel runs again from Tuesday after a month of repairs to "
           "the pier, the operator said on Monday.</p></article></body></html>",
           kToken);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(Json::parse(r->body)["articles"][0]["id"], "page");
}

// A saved clusterer state the server cannot use (here saved under other
// cluster options) is said in the response of the write that opened the
// writer, and only there; the articles are stored all the same.
TEST_F(ServeWriteTest, AnUnusableSavedClustererStateIsSaid) {
  {
    auto st = store::Store::Open(db_);
    ASSERT_TRUE(st.ok());
    store::IngestOptions other;
    other.cluster.join_threshold = 0.9;
    auto in = store::Ingester::Open(st->get(), other);
    ASSERT_TRUE(in.ok()) << in.status().message();
    Article a;
    a.id = "old";
    a.title = "Ferry service resumes";
    a.text = "The ferry between Calder and Ansel runs again from Tuesday after a month of repairs to the pier.";
    ASSERT_TRUE((*in)->Add(a).ok());
    ASSERT_TRUE((*in)->Commit().ok());
  }  // closing saves the state under join_threshold 0.9
  StartServer(0);
  auto r = Post("/api/articles?name=a.txt", "Calder dock strike\n\nDock workers at Calder walked out.", kToken);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  Json j = Json::parse(r->body);
  EXPECT_EQ(j["stored"], 1);
  ASSERT_EQ(j["errors"].size(), 1u) << r->body;
  EXPECT_EQ(j["errors"][0]["input"], db_);
  EXPECT_NE(j["errors"][0]["message"].get<std::string>().find("not used"), std::string::npos) << r->body;
  r = Post("/api/articles?name=b.txt", "Calder ferry\n\nThe ferry runs again.", kToken);
  ASSERT_TRUE(r);
  EXPECT_EQ(Json::parse(r->body)["errors"].size(), 0u) << r->body;
}

TEST_F(ServeWriteTest, BadUploadsAreClearErrors) {
  StartServer(0);
  auto r = Post("/api/articles?name=../../etc/passwd", "x", kToken);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  r = Post("/api/articles?name=a.txt", "", kToken);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  r = Post("/api/articles?name=big.txt", std::string(65 * 1024, 'a'), kToken);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  r = Post("/api/articles?name=bin.txt", std::string("\x00\x01\x02binary\x00", 10), kToken);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 422) << r->body;
  EXPECT_FALSE(Json::parse(r->body)["errors"].empty());
}

TEST_F(ServeWriteTest, RateLimitPerClient) {
  StartServer(2);  // 2 per second, bursts of 4
  httplib::Client c("127.0.0.1", server_->port());
  int limited = 0;
  for (int i = 0; i < 8; ++i) {
    auto r = c.Get("/api/health");
    ASSERT_TRUE(r);
    if (r->status == 429) {
      ++limited;
      EXPECT_EQ(r->get_header_value("Retry-After"), "1");
    }
  }
  EXPECT_GE(limited, 3);
}

}  // namespace
}  // namespace storyline::serve
