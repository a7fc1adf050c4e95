#include "storyline/store.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "store/internal.h"
#include "store/synthetic.h"
#include "storyline/ingest.h"

namespace storyline::store {
namespace {

namespace fs = std::filesystem;

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("storyline_store_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = (dir_ / "test.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  // A search of `q` through a store with a search cache finds what the
  // index alone finds: the same total, articles and ranks (a common term's
  // weight is floored at 1e-6 per match by the index, 0 with a bitmap).
  static void ExpectSameSearch(Store& plain_store, Store& cached_store, const std::string& q,
                               const std::string& when) {
    int64_t total_plain = -1, total_cached = -2;
    auto plain_hits = plain_store.Search(q, 0, 1000, &total_plain);
    auto cached_hits = cached_store.Search(q, 0, 1000, &total_cached);
    ASSERT_TRUE(plain_hits.ok()) << q << ": " << plain_hits.status().message();
    ASSERT_TRUE(cached_hits.ok()) << q << ": " << cached_hits.status().message();
    EXPECT_EQ(total_plain, total_cached) << when << ": " << q;
    std::map<std::string, double> plain, with_bitmaps;
    for (const auto& h : *plain_hits) plain[h.article_id] = h.rank;
    for (const auto& h : *cached_hits) with_bitmaps[h.article_id] = h.rank;
    ASSERT_EQ(plain.size(), with_bitmaps.size()) << when << ": " << q;
    for (const auto& [id, rank] : plain) {
      ASSERT_TRUE(with_bitmaps.count(id)) << when << ": " << q << " misses " << id;
      EXPECT_NEAR(with_bitmaps[id], rank, 1e-4) << when << ": " << q << " " << id;
    }
  }

  static Article Make(const std::string& id, const std::string& title, const std::string& text,
                      const std::string& published = "2025-03-01T10:00:00Z", const std::string& outlet = "Gazette") {
    Article a;
    a.id = id;
    a.title = title;
    a.text = text;
    a.published = published;
    a.outlet = outlet;
    a.url = "https://example.com/" + id;
    a.authors = {"Jane Doe", "John Roe"};
    a.language = "en";
    a.input = "test";
    return a;
  }

  fs::path dir_;
  std::string db_;
};

TEST_F(StoreTest, NewDatabasesHave16KiBPagesAndWal) {
  ASSERT_TRUE(Store::Open(db_).ok());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(db_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  Status s;
  {
    Stmt page(db, "PRAGMA page_size", &s);
    ASSERT_EQ(page.Step(), SQLITE_ROW);
    EXPECT_EQ(page.Int(0), 16384);
    Stmt journal(db, "PRAGMA journal_mode", &s);
    ASSERT_EQ(journal.Step(), SQLITE_ROW);
    EXPECT_EQ(journal.Text(0), "wal");
  }
  sqlite3_close(db);
}

// An Ingester has FTS5 hold 16 MiB of new postings before writing a segment
// (a config value in the index, so older databases take it too).
TEST_F(StoreTest, IngestersLetFts5HoldABatchOfPostings) {
  auto store = Store::Open(db_);
  ASSERT_TRUE(store.ok());
  {
    auto in = Ingester::Open(store->get());
    ASSERT_TRUE(in.ok()) << in.status().message();
    ASSERT_TRUE((*in)->Add(Make("a", "Harbour strike", "Dock workers walked out.")).ok());
    ASSERT_TRUE((*in)->Commit().ok());
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(db_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  Status s;
  {
    Stmt q(db, "SELECT v FROM articles_fts_config WHERE k = 'hashsize'", &s);
    ASSERT_TRUE(s.ok()) << s.message();
    ASSERT_EQ(q.Step(), SQLITE_ROW);
    EXPECT_EQ(q.Int(0), 16777216);
  }
  sqlite3_close(db);
  auto hits = (*store)->Search("workers", 0, 10);
  ASSERT_TRUE(hits.ok());
  EXPECT_EQ(hits->size(), 1u);
}

TEST_F(StoreTest, OpenErrorsNameTheProblem) {
  auto missing_dir = Store::Open((dir_ / "nope" / "x.db").string());
  ASSERT_FALSE(missing_dir.ok());
  EXPECT_NE(missing_dir.status().message().find("no such directory"), std::string::npos);

  std::ofstream(dir_ / "text.db") << "this is not a database at all, just some text that is long enough to "
                                     "fill a header of one hundred bytes or so............................";
  auto not_db = Store::Open((dir_ / "text.db").string());
  ASSERT_FALSE(not_db.ok());
  EXPECT_NE(not_db.status().message().find("not a SQLite database"), std::string::npos) << not_db.status().message();

  Options ro;
  ro.read_only = true;
  auto absent = Store::Open((dir_ / "absent.db").string(), ro);
  ASSERT_FALSE(absent.ok());
  EXPECT_NE(absent.status().message().find("no such database"), std::string::npos);

  auto is_dir = Store::Open(dir_.string());
  ASSERT_FALSE(is_dir.ok());
  EXPECT_NE(is_dir.status().message().find("is a directory"), std::string::npos);
}

TEST_F(StoreTest, CorruptDatabaseIsAnErrorNotACrash) {
  {
    auto store = Store::Open(db_);
    ASSERT_TRUE(store.ok());
    auto in = Ingester::Open(store->get());
    ASSERT_TRUE(in.ok());
    for (int i = 0; i < 50; ++i)
      ASSERT_TRUE((*in)->Add(Make("a" + std::to_string(i), "Title " + std::to_string(i),
                                  std::string(2000, 'x') + " word" + std::to_string(i)))
                      .ok());
    ASSERT_TRUE((*in)->Commit().ok());
  }
  // Overwrite everything after the first page with garbage.
  fs::remove(db_ + "-wal");
  fs::remove(db_ + "-shm");
  {
    std::fstream f(db_, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(4096);
    std::string junk(64 * 1024, '\xA5');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  auto store = Store::Open(db_);
  if (!store.ok()) {
    EXPECT_FALSE(store.status().message().empty());
    return;
  }
  auto in = Ingester::Open(store->get());
  auto list = (*store)->ListStories(0, 10);
  auto check = (*store)->CheckConsistency();
  EXPECT_TRUE(!in.ok() || !list.ok() || !check.ok());
  if (!in.ok()) {
    EXPECT_NE(in.status().message().find(db_), std::string::npos) << in.status().message();
  }
}

TEST_F(StoreTest, ForeignDatabaseAndNewerSchemaAreRefused) {
  {
    sqlite3* db;
    ASSERT_EQ(sqlite3_open((dir_ / "other.db").c_str(), &db), SQLITE_OK);
    sqlite3_exec(db, "CREATE TABLE t(x)", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    ASSERT_EQ(sqlite3_open((dir_ / "newer.db").c_str(), &db), SQLITE_OK);
    sqlite3_exec(db, "PRAGMA user_version=99", nullptr, nullptr, nullptr);
    sqlite3_close(db);
  }
  auto other = Store::Open((dir_ / "other.db").string());
  ASSERT_FALSE(other.ok());
  EXPECT_NE(other.status().message().find("not a Storyline database"), std::string::npos);
  auto newer = Store::Open((dir_ / "newer.db").string());
  ASSERT_FALSE(newer.ok());
  EXPECT_NE(newer.status().message().find("schema version 99"), std::string::npos);
}

TEST_F(StoreTest, SchemaOneMigratesAndKeepsItsStories) {
  {
    auto store = Store::Open(db_);
    ASSERT_TRUE(store.ok());
    auto in = Ingester::Open(store->get());
    ASSERT_TRUE(in.ok());
    ASSERT_TRUE((*in)->Add(Make("a", "Harbour strike", "Dock workers walked out at the harbour on Monday over pay.",
                                "2025-03-01T10:00:00Z", "Harbour Gazette")).ok());
    ASSERT_TRUE((*in)->Add(Make("b", "Harbour strike goes on", "Dock workers walked out at the harbour on Monday.",
                                "2025-03-01T12:00:00Z", "Daily Ledger")).ok());
    ASSERT_TRUE((*in)->Commit().ok());
  }
  {
    // A schema 1 database: the story rows without outlets and lead.
    sqlite3* db;
    ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "ALTER TABLE stories DROP COLUMN outlets; ALTER TABLE stories DROP COLUMN lead; "
                               "DROP TABLE cluster_snapshot; PRAGMA user_version=1",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  Options ro;
  ro.read_only = true;
  auto old = Store::Open(db_, ro);
  ASSERT_FALSE(old.ok());
  EXPECT_NE(old.status().message().find("needs migrating"), std::string::npos) << old.status().message();
  auto store = Store::Open(db_);
  ASSERT_TRUE(store.ok()) << store.status().message();
  auto list = (*store)->ListStories(0, 10);
  ASSERT_TRUE(list.ok());
  std::set<std::string> outlets;
  for (const auto& r : *list) {
    outlets.insert(r.outlets.begin(), r.outlets.end());
    EXPECT_EQ(r.lead.rfind("Dock workers walked out", 0), 0u) << r.lead;
  }
  EXPECT_EQ(outlets, (std::set<std::string>{"Harbour Gazette", "Daily Ledger"}));
  EXPECT_TRUE((*store)->CheckConsistency().ok());
}

// Schema 2 lacks only the writer's cluster_snapshot: a reader reads it as it
// is (an upgraded build's `storyline search` works before any ingest); the
// first writable open migrates it.
TEST_F(StoreTest, SchemaTwoIsReadAsItIsAndMigratedByAWriter) {
  {
    auto store = Store::Open(db_);
    ASSERT_TRUE(store.ok());
    auto in = Ingester::Open(store->get());
    ASSERT_TRUE(in.ok());
    ASSERT_TRUE((*in)->Add(Make("a", "Harbour strike", "Dock workers walked out at the harbour on Monday over pay.")).ok());
    ASSERT_TRUE((*in)->Add(Make("b", "Ferry runs again", "The ferry to Ansel runs again from Tuesday after repairs.",
                                "2025-03-02T10:00:00Z")).ok());
  }
  auto schema = [&](const char* sql) {
    sqlite3* db;
    EXPECT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
    int64_t value = -1;
    EXPECT_EQ(sqlite3_exec(
                  db, sql,
                  [](void* out, int, char** row, char**) {
                    *static_cast<int64_t*>(out) = row[0] ? std::stoll(row[0]) : -1;
                    return 0;
                  },
                  &value, nullptr),
              SQLITE_OK)
        << sql;
    sqlite3_close(db);
    return value;
  };
  schema("DROP TABLE cluster_snapshot; PRAGMA user_version=2");  // a schema 2 file
  ASSERT_EQ(schema("PRAGMA user_version"), 2);
  {
    Options ro;
    ro.read_only = true;
    auto old = Store::Open(db_, ro);
    ASSERT_TRUE(old.ok()) << old.status().message();
    EXPECT_EQ((*old)->Count()->articles, 2);
    auto list = (*old)->ListStories(0, 10);
    ASSERT_TRUE(list.ok()) << list.status().message();
    EXPECT_EQ(list->size(), 2u);
  }
  EXPECT_EQ(schema("PRAGMA user_version"), 2);  // a reader migrates nothing
  {
    auto store = Store::Open(db_);
    ASSERT_TRUE(store.ok()) << store.status().message();
    auto in = Ingester::Open(store->get());
    ASSERT_TRUE(in.ok()) << in.status().message();
    EXPECT_EQ((*in)->stats().replayed, 2);  // no saved state yet
  }
  EXPECT_EQ(schema("PRAGMA user_version"), kSchemaVersion);
  EXPECT_EQ(schema("SELECT seq_covered FROM cluster_snapshot"), 2);
}

TEST_F(StoreTest, StoresEveryFieldOnceAndReportsDuplicatesAndConflicts) {
  auto store = Store::Open(db_);
  ASSERT_TRUE(store.ok()) << store.status().message();
  auto in = Ingester::Open(store->get());
  ASSERT_TRUE(in.ok()) << in.status().message();
  Article a = Make("a1", "Harbour strike enters second day", "Dock workers walked out on Monday.");
  a.modified = "2025-03-02";
  a.canonical_url = "https://example.com/canonical";
  a.is_article = false;
  EXPECT_EQ(*(*in)->Add(a), AddOutcome::kStored);
  EXPECT_EQ(*(*in)->Add(a), AddOutcome::kDuplicate);
  Article changed = a;
  changed.text += " More.";
  EXPECT_EQ(*(*in)->Add(changed), AddOutcome::kConflict);
  Article renamed = a;
  renamed.id = "a1-copy";
  EXPECT_EQ(*(*in)->Add(renamed), AddOutcome::kDuplicate);
  ASSERT_TRUE((*in)->Commit().ok());

  auto got = (*store)->GetArticle("a1");
  ASSERT_TRUE(got.ok());
  ASSERT_TRUE(got->has_value());
  const Article& b = (*got)->article;
  EXPECT_EQ(b.title, a.title);
  EXPECT_EQ(b.text, a.text);
  EXPECT_EQ(b.authors, a.authors);
  EXPECT_EQ(b.published, a.published);
  EXPECT_EQ(b.modified, a.modified);
  EXPECT_EQ(b.canonical_url, a.canonical_url);
  EXPECT_EQ(b.url, a.url);
  EXPECT_EQ(b.outlet, a.outlet);
  EXPECT_EQ(b.language, a.language);
  EXPECT_FALSE(b.is_article);
  EXPECT_EQ((*got)->seq, 1);
  EXPECT_EQ((*got)->content_hash, ContentHash(a));
  EXPECT_FALSE((*got)->story_id.empty());
  auto none = (*store)->GetArticle("zzz");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  auto counts = (*store)->Count();
  EXPECT_EQ(counts->articles, 1);
  EXPECT_EQ(counts->stories, 1);
  EXPECT_EQ((*in)->stats().stored, 1);
  EXPECT_EQ((*in)->stats().duplicates, 2);
  EXPECT_EQ((*in)->stats().conflicts, 1);
  EXPECT_TRUE((*store)->CheckConsistency().ok());
}

TEST_F(StoreTest, StoriesNewestFirstWithSpanAndCount) {
  auto store = Store::Open(db_);
  ASSERT_TRUE(store.ok());
  auto in = Ingester::Open(store->get());
  ASSERT_TRUE(in.ok());
  const std::string strike =
      "Dock workers at the Port of Valmere walked out on Monday over pay, halting container traffic. The "
      "Harbour Workers Union said 3,000 members joined the strike at the port.";
  ASSERT_TRUE((*in)->Add(Make("s1", "Valmere port strike halts containers", strike, "2025-03-01T08:00:00Z")).ok());
  ASSERT_TRUE((*in)->Add(Make("s2", "Valmere port strike enters second day", strike + " Talks failed.",
                               "2025-03-02T09:00:00Z", "Ledger"))
                  .ok());
  ASSERT_TRUE((*in)->Add(Make("q1", "Earthquake shakes Lyra province",
                               "A magnitude 6.1 earthquake struck Lyra province early on Tuesday, damaging "
                               "houses in three villages, officials said.",
                               "2025-03-05"))
                  .ok());
  ASSERT_TRUE((*in)->Add(Make("n1", "Undated note", "Nothing here is dated at all in any way whatsoever.", "")).ok());
  ASSERT_TRUE((*in)->Commit().ok());
  EXPECT_TRUE((*store)->CheckConsistency().ok()) << (*store)->CheckConsistency().message();

  auto s1 = (*store)->GetArticle("s1");
  auto s2 = (*store)->GetArticle("s2");
  ASSERT_TRUE(s1.ok() && s1->has_value() && s2.ok() && s2->has_value());
  EXPECT_EQ((*s1)->story_id, (*s2)->story_id);
  auto story = (*store)->GetStory((*s1)->story_id);
  ASSERT_TRUE(story.ok() && story->has_value());
  EXPECT_EQ((*story)->article_count, 2);
  EXPECT_EQ((*story)->first_published, "2025-03-01T08:00:00Z");
  EXPECT_EQ((*story)->last_published, "2025-03-02T09:00:00Z");
  EXPECT_FALSE((*story)->title.empty());
  auto articles = (*store)->StoryArticles((*s1)->story_id);
  ASSERT_TRUE(articles.ok());
  ASSERT_EQ(articles->size(), 2u);
  EXPECT_EQ((*articles)[0].id, "s1");

  auto list = (*store)->ListStories(0, 10);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 3u);
  // Newest first; the undated story last.
  EXPECT_EQ((*list)[0].first_published, "2025-03-05");
  EXPECT_EQ((*list)[1].id, (*s1)->story_id);
  EXPECT_FALSE((*list)[2].last_time.has_value());
  auto page = (*store)->ListStories(1, 1);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].id, (*s1)->story_id);
}

TEST_F(StoreTest, SearchFindsWordsAndPhrasesAndTakesOperatorsAsWords) {
  auto store = Store::Open(db_);
  ASSERT_TRUE(store.ok());
  auto in = Ingester::Open(store->get());
  ASSERT_TRUE(in.ok());
  ASSERT_TRUE((*in)->Add(Make("a", "Harbour strike", "Dock workers walked out at the harbour on Monday.")).ok());
  ASSERT_TRUE((*in)->Add(Make("b", "Quake in Lyra", "An earthquake shook the province; workers fled.")).ok());
  ASSERT_TRUE((*in)->Commit().ok());
  int64_t total = 0;
  auto hits = (*store)->Search("workers", 0, 10, &total);
  ASSERT_TRUE(hits.ok()) << hits.status().message();
  EXPECT_EQ(hits->size(), 2u);
  EXPECT_EQ(total, 2);
  auto title_hit = (*store)->Search("harbour", 0, 10);
  ASSERT_TRUE(title_hit.ok());
  ASSERT_EQ(title_hit->size(), 1u);
  EXPECT_EQ((*title_hit)[0].article_id, "a");
  EXPECT_NE((*title_hit)[0].snippet.find("\x02"), std::string::npos);
  auto phrase = (*store)->Search("\"walked out\"", 0, 10);
  ASSERT_TRUE(phrase.ok());
  EXPECT_EQ(phrase->size(), 1u);
  for (const char* q : {"AND", "workers OR", "title:quake", "(", "\"unbalanced", "NEAR(a b)", "*", "a\"b"}) {
    auto r = (*store)->Search(q, 0, 10);
    EXPECT_TRUE(r.ok() || r.status().code() == Status::Code::kInvalidArgument) << q;
  }
  auto empty = (*store)->Search("   ", 0, 10);
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), Status::Code::kInvalidArgument);
}

// storyline_rank with each phrase's true IDF is FTS5's bm25() (same weights):
// the ranking formula, and the FTS5 interface declared in search.cc, hold.
TEST_F(StoreTest, SearchRankIsBm25GivenTheSameIdf) {
  {
    auto store = Store::Open(db_);
    ASSERT_TRUE(store.ok());
    auto in = Ingester::Open(store->get());
    ASSERT_TRUE(in.ok());
    ASSERT_TRUE((*in)->Add(Make("a", "Harbour strike", "Dock workers walked out at the harbour on Monday.")).ok());
    ASSERT_TRUE((*in)->Add(Make("b", "Quake in Lyra", "An earthquake shook the province; workers fled.")).ok());
    ASSERT_TRUE((*in)->Add(Make("c", "Workers return", "Workers at the harbour and the workers of the mill went "
                                                       "back on Tuesday after the strike ended.")).ok());
    ASSERT_TRUE((*in)->Add(Make("d", "Mill news", "The mill reopened.", "2025-03-02T10:00:00Z", "Workers Weekly"))
                    .ok());
    ASSERT_TRUE((*in)->Commit().ok());
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(db_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  ASSERT_TRUE(RegisterSearchFunctions(db).ok());
  const double rows = 4;
  for (const char* q : {"workers", "workers harbour", "the strike", "title:workers mill"}) {
    auto parsed = ParseQuery(q);
    ASSERT_TRUE(parsed.ok());
    std::vector<double> idf;
    for (const std::string& phrase : parsed->phrases) {
      Status s;
      Stmt c(db, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?1", &s);
      ASSERT_TRUE(s.ok());
      c.Bind(1, phrase);
      ASSERT_EQ(c.Step(), SQLITE_ROW);
      double n = static_cast<double>(c.Int(0));
      idf.push_back(std::max(1e-6, std::log((rows - n + 0.5) / (n + 0.5))));
    }
    Status s;
    Stmt both(db, "SELECT rowid, bm25(articles_fts, 8.0, 2.0, 1.0), storyline_rank(articles_fts, ?2) "
                  "FROM articles_fts WHERE articles_fts MATCH ?1", &s);
    ASSERT_TRUE(s.ok());
    both.Bind(1, parsed->fts);
    sqlite3_bind_blob(both.get(), 2, idf.data(), static_cast<int>(idf.size() * sizeof(double)), SQLITE_TRANSIENT);
    int rows_seen = 0;
    while (both.Step() == SQLITE_ROW) {
      ++rows_seen;
      EXPECT_NEAR(both.Double(1), both.Double(2), 1e-9) << q << " row " << both.Int(0);
    }
    EXPECT_GT(rows_seen, 0) << q;
  }
  sqlite3_close(db);
}

TEST_F(StoreTest, SearchRanksTitleMatchesFirstAndCutsSnippetsAroundTheMatch) {
  auto store = Store::Open(db_);
  ASSERT_TRUE(store.ok());
  auto in = Ingester::Open(store->get());
  ASSERT_TRUE(in.ok());
  std::string filler;
  for (int i = 0; i < 40; ++i) filler += "Nothing of note happened on day " + std::to_string(i) + ". ";
  ASSERT_TRUE((*in)->Add(Make("body", "Mill news", filler + "Then the ferry sank near Lyra.")).ok());
  ASSERT_TRUE((*in)->Add(Make("title", "Ferry sinks", "A boat went down near the island of Lyra.")).ok());
  ASSERT_TRUE((*in)->Commit().ok());
  int64_t total = 0;
  auto hits = (*store)->Search("ferry", 0, 10, &total);
  ASSERT_TRUE(hits.ok()) << hits.status().message();
  ASSERT_EQ(hits->size(), 2u);
  EXPECT_EQ(total, 2);
  EXPECT_EQ((*hits)[0].article_id, "title");  // the title weighs 8 times the body
  EXPECT_LT((*hits)[0].rank, (*hits)[1].rank);
  // The body hit's snippet is cut around the match, far into the text.
  EXPECT_EQ((*hits)[1].snippet, "\u2026on day 38. Nothing of note happened on day 39. Then the \x02" "ferry\x03 sank near Lyra.");
  // The title hit's body does not say "ferry": its opening, unmarked.
  EXPECT_EQ((*hits)[0].snippet, "A boat went down near the island of Lyra.");
  auto paged = (*store)->Search("ferry", 1, 10);
  ASSERT_TRUE(paged.ok());
  ASSERT_EQ(paged->size(), 1u);
  EXPECT_EQ((*paged)[0].article_id, "body");
}

TEST_F(StoreTest, SnippetsMarkWordsAndPhrasesAsTheIndexFoldsThem) {
  auto phrases = [](std::initializer_list<const char*> words) {
    std::vector<std::vector<std::string>> out;
    for (const char* w : words) out.push_back(SearchTokens(w));
    return out;
  };
  EXPECT_EQ(SearchTokens("Café “Zürich” — ÉTÉ, x×y"), (std::vector<std::string>{"cafe", "zurich", "ete", "x", "y"}));
  EXPECT_EQ(MakeSnippet("The port of Ansel closed.", phrases({"port"}), 16), "The \x02port\x03 of Ansel closed.");
  EXPECT_EQ(MakeSnippet("The PORT of Ansel; the port", phrases({"port"}), 16),
            "The \x02PORT\x03 of Ansel; the \x02port\x03");
  // A phrase is marked where its words follow each other, not word by word.
  EXPECT_EQ(MakeSnippet("walked in, then walked out.", phrases({"\"walked out\""}), 16),
            "walked in, then \x02walked\x03 \x02out\x03.");
  EXPECT_EQ(MakeSnippet("Le café de Zoé", phrases({"cafe", "ZOE"}), 16), "Le \x02" "café\x03 de \x02Zoé\x03");
  // The window: a quarter of it before the match, "…" where the text goes on.
  EXPECT_EQ(MakeSnippet("a b c d e f g h i j k l", phrases({"h"}), 4), "\u2026g \x02h\x03 i j\u2026");
  EXPECT_EQ(MakeSnippet("a b c d e f g h i j k l", phrases({"l"}), 4), "\u2026i j k \x02l\x03");
  EXPECT_EQ(MakeSnippet("a b c d e f", phrases({"zzz"}), 4), "a b c d\u2026");
  // Marker bytes in the text never reach the snippet.
  EXPECT_EQ(MakeSnippet("x\x02y port", phrases({"port"}), 16), "xy \x02port\x03");
  EXPECT_EQ(MakeSnippet("", phrases({"port"}), 16), "");
}

TEST_F(StoreTest, SearchFiltersByOutletTitleAndDate) {
  auto store = Store::Open(db_);
  ASSERT_TRUE(store.ok());
  auto in = Ingester::Open(store->get());
  ASSERT_TRUE(in.ok());
  ASSERT_TRUE((*in)->Add(Make("a", "Harbour strike", "Dock workers walked out.", "2025-03-01T10:00:00Z", "Harbour Gazette")).ok());
  ASSERT_TRUE((*in)->Add(Make("b", "Strike ends", "Dock workers return to work.", "2025-03-04", "Daily Ledger")).ok());
  ASSERT_TRUE((*in)->Add(Make("c", "Ferry back", "Dock repairs end; workers cheer.", "", "Daily Ledger")).ok());
  ASSERT_TRUE((*in)->Commit().ok());
  auto ids = [&](const std::string& q) {
    std::set<std::string> out;
    auto hits = (*store)->Search(q, 0, 10);
    EXPECT_TRUE(hits.ok()) << q << ": " << hits.status().message();
    if (hits.ok())
      for (const auto& h : *hits) out.insert(h.article_id);
    return out;
  };
  EXPECT_EQ(ids("workers"), (std::set<std::string>{"a", "b", "c"}));
  EXPECT_EQ(ids("workers outlet:\"Daily Ledger\""), (std::set<std::string>{"b", "c"}));
  EXPECT_EQ(ids("workers outlet:gazette"), (std::set<std::string>{"a"}));
  EXPECT_EQ(ids("title:strike"), (std::set<std::string>{"a", "b"}));
  EXPECT_EQ(ids("workers from:2025-03-02"), (std::set<std::string>{"b"}));  // undated articles never match a range
  EXPECT_EQ(ids("workers to:2025-03-01"), (std::set<std::string>{"a"}));
  EXPECT_EQ(ids("workers from:2025-03-01 to:2025-03-04"), (std::set<std::string>{"a", "b"}));
  int64_t total = 0;
  ASSERT_TRUE((*store)->Search("workers from:2025-03-02", 0, 10, &total).ok());
  EXPECT_EQ(total, 1);
}

// A SearchCache changes what a search walks, not what it finds: the same
// totals and matches as the index alone, for queries pairing common terms
// (in half the articles or more, kept as bitmaps) with rarer ones, common
// terms alone, phrases, fields and dates, and after more articles arrive.
TEST_F(StoreTest, SearchWithCommonTermBitmapsFindsWhatTheIndexFinds) {
  auto store = Store::Open(db_);
  ASSERT_TRUE(store.ok());
  auto in = Ingester::Open(store->get());
  ASSERT_TRUE(in.ok());
  auto add = [&](int from, int to) {
    for (int i = from; i < to; ++i) {
      std::string text = "Report " + std::to_string(i) + ": the council met.";
      if (i % 5 != 0) text += " Dock workers walked out again.";  // 80%: common
      if (i % 7 == 0) text += " A strike was called.";               // 14%
      if (i % 11 == 0) text += " The ferry sank.";                   // 9%
      std::string title = i % 13 == 0 ? "Strike at the harbour" : "Council notes " + std::to_string(i);
      std::string day = "2025-03-0" + std::to_string(1 + i % 9);
      ASSERT_TRUE((*in)->Add(Make("a" + std::to_string(i), title, text, day, i % 2 ? "Daily Ledger" : "Gazette")).ok());
    }
    ASSERT_TRUE((*in)->Commit().ok());
  };
  add(0, 400);
  Options with_cache;
  with_cache.search_cache = std::make_shared<SearchCache>();
  auto cached = Store::Open(db_, with_cache);
  ASSERT_TRUE(cached.ok());
  const char* queries[] = {"strike",         "the strike",          "workers strike",  "strike the workers",
                           "the workers",    "the",                 "workers",         "\"walked out\" ferry",
                           "title:strike the", "outlet:gazette the strike", "the ferry from:2025-03-03 to:2025-03-05",
                           "council the workers ferry", "zzzz the"};
  auto compare = [&](const char* when) {
    for (const char* q : queries)
      for (int pass = 0; pass < 2; ++pass)  // the second pass finds the bitmaps the first one built
        ExpectSameSearch(**store, **cached, q, when);
  };
  compare("400 articles");
  EXPECT_GE(with_cache.search_cache->Terms(), 2u);  // "the", "workers"
  add(400, 470);  // the bitmaps are extended to the new articles
  compare("470 articles");
  int64_t total = 0;
  ASSERT_TRUE((*cached)->Search("the", 0, 10, &total).ok());
  EXPECT_EQ(total, 470);
}

TEST_F(StoreTest, FillSearchCacheBuildsTheCommonTermsAhead) {
  auto store = Store::Open(db_);
  ASSERT_TRUE(store.ok());
  {
    auto in = Ingester::Open(store->get());
    ASSERT_TRUE(in.ok());
    for (int i = 0; i < 300; ++i) {
      std::string text = "Report " + std::to_string(i) + ": the council met.";
      if (i % 5 != 0) text += " Dock workers walked out again.";  // 80%
      if (i % 3 == 0) text += " A strike was called.";             // 33%: not common
      ASSERT_TRUE((*in)->Add(Make("a" + std::to_string(i), "Notes " + std::to_string(i), text, "2025-03-01", "Gazette"))
                      .ok());
    }
    ASSERT_TRUE((*in)->Commit().ok());
  }
  // Without a cache there is nothing to fill.
  auto none = (*store)->FillSearchCache();
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, 0u);

  Options with_cache;
  with_cache.search_cache = std::make_shared<SearchCache>();
  auto cached = Store::Open(db_, with_cache);
  ASSERT_TRUE(cached.ok());
  auto filled = (*cached)->FillSearchCache(64);
  ASSERT_TRUE(filled.ok()) << filled.status().message();
  // notes (titles), gazette (outlets), report, the, council, met (all), dock,
  // workers, walked, out, again (80%); not strike, a, was, called (33%), nor
  // the numbers.
  EXPECT_EQ(*filled, 11u);
  for (const char* q : {"the strike", "workers", "Dock strike", "\"walked out\" strike", "report council", "gazette strike"})
    ExpectSameSearch(**store, **cached, q, "filled");
  // The searches needed no other word; the phrase "walked out" (80%) is
  // kept on first use, as phrases are not filled ahead.
  EXPECT_EQ(with_cache.search_cache->Terms(), 12u);
  // Totals past the 200 ranked matches are counted by a walk of the match
  // list: inside FTS5 for one walked phrase (with or without bitmaps, with a
  // column filter too), by statement for several.
  for (const auto& [q, expected] : std::vector<std::pair<const char*, int64_t>>{
           {"workers", 240}, {"title:notes", 300}, {"the workers", 240}, {"dock workers", 240},
           {"outlet:gazette workers", 240}, {"strike", 100}}) {
    for (auto* st : {store->get(), cached->get()}) {
      int64_t total = -1;
      ASSERT_TRUE(st->Search(q, 0, 5, &total).ok()) << q;
      EXPECT_EQ(total, expected) << q;
    }
  }
}

TEST_F(StoreTest, BriefCacheFollowsTheStoryVersion) {
  auto store = Store::Open(db_);
  ASSERT_TRUE(store.ok());
  auto in = Ingester::Open(store->get());
  ASSERT_TRUE(in.ok());
  ASSERT_TRUE((*in)->Add(Make("a", "Harbour strike", "Dock workers walked out at the harbour on Monday.")).ok());
  ASSERT_TRUE((*in)->Commit().ok());
  auto a = (*store)->GetArticle("a");
  auto story = (*store)->GetStory((*a)->story_id);
  int64_t v = (*story)->last_seq;
  ASSERT_TRUE((*store)->PutBrief((*story)->id, v, "{\"x\":1}").ok());
  EXPECT_EQ(*(*store)->CachedBrief((*story)->id, v), std::optional<std::string>("{\"x\":1}"));
  EXPECT_FALSE((*store)->CachedBrief((*story)->id, v + 1)->has_value());
  // A stale version is not stored.
  ASSERT_TRUE((*store)->PutBrief((*story)->id, v + 7, "{}").ok());
  EXPECT_FALSE((*store)->CachedBrief((*story)->id, v + 7)->has_value());
}

TEST_F(StoreTest, StoriesWithoutBriefAreTheMissingAndStaleNewestFirst) {
  auto store = Store::Open(db_);
  ASSERT_TRUE(store.ok());
  auto in = Ingester::Open(store->get());
  ASSERT_TRUE(in.ok());
  ASSERT_TRUE((*in)->Add(Make("a", "Harbour strike", "Dock workers walked out at the harbour on Monday.",
                              "2025-03-01T10:00:00Z")).ok());
  ASSERT_TRUE((*in)->Add(Make("b", "Quake in Lyra", "An earthquake shook the province of Lyra overnight.",
                              "2025-03-03T10:00:00Z")).ok());
  ASSERT_TRUE((*in)->Commit().ok());
  auto ids = [&](size_t within, size_t limit) {
    std::vector<std::string> out;
    auto rows = (*store)->StoriesWithoutBrief(within, limit);
    EXPECT_TRUE(rows.ok());
    if (rows.ok())
      for (const auto& r : *rows) out.push_back(r.title);
    return out;
  };
  EXPECT_EQ(ids(100, 10), (std::vector<std::string>{"Quake in Lyra", "Harbour strike"}));
  EXPECT_EQ(ids(100, 1), (std::vector<std::string>{"Quake in Lyra"}));
  EXPECT_EQ(ids(1, 10), (std::vector<std::string>{"Quake in Lyra"}));  // the newest one only
  auto quake = (*store)->GetStory((*(*store)->GetArticle("b"))->story_id);
  ASSERT_TRUE((*store)->PutBrief((*quake)->id, (*quake)->last_seq, "{}").ok());
  EXPECT_EQ(ids(100, 10), (std::vector<std::string>{"Harbour strike"}));
  EXPECT_TRUE(ids(1, 10).empty());
  // A new article changes the story's version: its brief is stale again.
  ASSERT_TRUE((*in)->Add(Make("c", "Quake in Lyra: aftershocks", "An earthquake shook the province of Lyra "
                                  "overnight; aftershocks followed.", "2025-03-03T12:00:00Z")).ok());
  ASSERT_TRUE((*in)->Commit().ok());
  auto c = (*store)->GetArticle("c");
  ASSERT_EQ((*c)->story_id, (*quake)->id);
  EXPECT_EQ(ids(100, 10).size(), 2u);
}

TEST_F(StoreTest, ReopeningReplaysAndKeepsStoryIds) {
  std::vector<Article> articles;
  synthetic::Options so;
  so.articles = 300;
  so.mean_body_bytes = 800;
  synthetic::Generate(so, [&](const std::string& line) {
    auto doc = ingest::ParseJsonRecord("synthetic", line, {});
    ASSERT_TRUE(doc.ok()) << doc.status().message();
    articles.push_back(doc->article);
  });
  ASSERT_EQ(articles.size(), 300u);
  // One uninterrupted run...
  std::string whole = (dir_ / "whole.db").string();
  {
    auto store = Store::Open(whole);
    IngestOptions o;
    o.batch_articles = 7;
    auto in = Ingester::Open(store->get(), o);
    for (const auto& a : articles) ASSERT_TRUE((*in)->Add(a).ok());
    ASSERT_TRUE((*in)->Commit().ok());
  }
  // ...and three runs over growing prefixes, each going on from the previous.
  for (size_t upto : {100u, 220u, 300u}) {
    auto store = Store::Open(db_);
    IngestOptions o;
    o.batch_articles = 13;
    auto in = Ingester::Open(store->get(), o);
    ASSERT_TRUE(in.ok()) << in.status().message();
    EXPECT_EQ((*in)->stats().reassigned, 0);
    for (size_t i = 0; i < upto; ++i) ASSERT_TRUE((*in)->Add(articles[i]).ok());
    ASSERT_TRUE((*in)->Commit().ok());
    EXPECT_TRUE((*store)->CheckConsistency().ok()) << (*store)->CheckConsistency().message();
  }
  auto a = Store::Open(whole);
  auto b = Store::Open(db_);
  EXPECT_EQ((*a)->Count()->articles, 300);
  EXPECT_EQ((*b)->Count()->articles, 300);
  EXPECT_EQ((*a)->Count()->stories, (*b)->Count()->stories);
  for (const auto& art : articles) {
    auto x = (*a)->GetArticle(art.id);
    auto y = (*b)->GetArticle(art.id);
    ASSERT_TRUE(x->has_value() && y->has_value());
    EXPECT_EQ((*x)->story_id, (*y)->story_id) << art.id;
    EXPECT_EQ((*x)->seq, (*y)->seq) << art.id;
  }
}

// Ingests articles[0..upto) for each `upto` in turn, each run with a new
// Ingester (which starts from what the previous one left); the stats of each.
std::vector<IngestStats> IngestRuns(const std::string& path, const std::vector<Article>& articles,
                                    const std::vector<size_t>& runs, const IngestOptions& o) {
  std::vector<IngestStats> out;
  for (size_t upto : runs) {
    auto store = Store::Open(path);
    EXPECT_TRUE(store.ok()) << store.status().message();
    if (!store.ok()) break;
    auto in = Ingester::Open(store->get(), o);
    EXPECT_TRUE(in.ok()) << in.status().message();
    if (!in.ok()) break;
    for (size_t i = 0; i < upto; ++i) EXPECT_TRUE((*in)->Add(articles[i]).ok());
    EXPECT_TRUE((*in)->Commit().ok());
    out.push_back((*in)->stats());
    in->reset();  // closes: saves the clusterer's state
    EXPECT_TRUE((*store)->CheckConsistency().ok()) << (*store)->CheckConsistency().message();
  }
  return out;
}

// The same story rows (ids, counts, titles, liveness) and every article in
// the same story at the same seq.
void ExpectSameStores(const std::string& a_path, const std::string& b_path, const std::vector<Article>& articles) {
  auto a = Store::Open(a_path);
  auto b = Store::Open(b_path);
  ASSERT_TRUE(a.ok() && b.ok());
  auto a_list = (*a)->ListStories(0, 1000000);
  auto b_list = (*b)->ListStories(0, 1000000);
  ASSERT_TRUE(a_list.ok() && b_list.ok());
  ASSERT_EQ(a_list->size(), b_list->size());
  for (size_t i = 0; i < a_list->size(); ++i) {
    EXPECT_EQ((*a_list)[i].id, (*b_list)[i].id);
    EXPECT_EQ((*a_list)[i].article_count, (*b_list)[i].article_count);
    EXPECT_EQ((*a_list)[i].title, (*b_list)[i].title);
    EXPECT_EQ((*a_list)[i].live, (*b_list)[i].live) << (*a_list)[i].id;
  }
  for (const auto& art : articles) {
    auto x = (*a)->GetArticle(art.id);
    auto y = (*b)->GetArticle(art.id);
    ASSERT_TRUE(x.ok() && y.ok() && x->has_value() && y->has_value()) << art.id;
    EXPECT_EQ((*x)->story_id, (*y)->story_id) << art.id;
    EXPECT_EQ((*x)->seq, (*y)->seq) << art.id;
  }
}

std::vector<Article> SyntheticArticles(size_t count) {
  std::vector<Article> articles;
  synthetic::Options so;
  so.articles = count;
  so.mean_body_bytes = 800;
  synthetic::Generate(so, [&](const std::string& line) {
    auto doc = ingest::ParseJsonRecord("synthetic", line, {});
    ASSERT_TRUE(doc.ok()) << doc.status().message();
    articles.push_back(doc->article);
  });
  return articles;
}

TEST_F(StoreTest, ReopeningRestoresTheSavedStateAndKeepsStoriesAndIds) {
  std::vector<Article> articles = SyntheticArticles(400);
  ASSERT_EQ(articles.size(), 400u);
  IngestOptions o;
  o.cluster.window_hours = 3;  // stories retire within the stream
  o.batch_articles = 7;
  std::string whole = (dir_ / "whole.db").string();
  IngestRuns(whole, articles, {400}, o);
  // Saved only on close: each run restores the previous one's state and
  // replays nothing.
  o.batch_articles = 13;
  o.snapshot_articles = 0;
  std::vector<IngestStats> runs = IngestRuns(db_, articles, {130, 131, 290, 400}, o);
  ASSERT_EQ(runs.size(), 4u);
  EXPECT_EQ(runs[0].restored, 0);
  EXPECT_EQ(runs[0].snapshots, 0);  // (the stats are taken before the close saves)
  for (size_t i : {1, 2, 3}) {
    EXPECT_TRUE(runs[i].snapshot_note.empty()) << runs[i].snapshot_note;
    EXPECT_EQ(runs[i].replayed, 0);
    EXPECT_EQ(runs[i].reassigned, 0);
  }
  EXPECT_EQ(runs[1].restored, 130);
  EXPECT_EQ(runs[2].restored, 131);
  EXPECT_EQ(runs[3].restored, 290);
  ExpectSameStores(whole, db_, articles);

  // Saved every 50 articles as well: the same.
  std::string periodic = (dir_ / "periodic.db").string();
  o.snapshot_articles = 50;
  runs = IngestRuns(periodic, articles, {222, 400}, o);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].snapshots, 4);  // at the first commit after every 50 (52, 104, 156, 208)
  EXPECT_EQ(runs[1].restored, 222);
  ExpectSameStores(whole, periodic, articles);
}

TEST_F(StoreTest, UnusableSavedStateIsNamedAndEverythingReplayed) {
  std::vector<Article> articles = SyntheticArticles(300);
  IngestOptions o;
  o.cluster.window_hours = 3;
  std::string whole = (dir_ / "whole.db").string();
  IngestRuns(whole, articles, {300}, o);
  IngestRuns(db_, articles, {150}, o);
  {
    // Damaged: cut short.
    sqlite3* db;
    ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "UPDATE cluster_snapshot SET bytes = substr(bytes, 1, 1000)", nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  std::vector<IngestStats> runs = IngestRuns(db_, articles, {220}, o);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_NE(runs[0].snapshot_note.find("not used"), std::string::npos) << runs[0].snapshot_note;
  EXPECT_NE(runs[0].snapshot_note.find("corrupt"), std::string::npos) << runs[0].snapshot_note;
  EXPECT_EQ(runs[0].replayed, 150);
  EXPECT_EQ(runs[0].restored, 0);
  // Other cluster options: refused, replayed under the new ones.
  IngestOptions other = o;
  other.cluster.window_hours = 4;
  runs = IngestRuns(db_, articles, {0}, other);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_NE(runs[0].snapshot_note.find("other cluster options"), std::string::npos) << runs[0].snapshot_note;
  EXPECT_EQ(runs[0].replayed, 220);
  // Back to the first options: the state saved under the others is refused
  // too, and the stories end as one run's.
  runs = IngestRuns(db_, articles, {300}, o);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].replayed, 220);
  ExpectSameStores(whole, db_, articles);
  runs = IngestRuns(db_, articles, {0}, o);
  EXPECT_EQ(runs[0].restored, 300);
  EXPECT_EQ(runs[0].replayed, 0);
}

// An Ingester that refuses the saved state replays every article and moves
// the ones its clustering places elsewhere; killed before it saves, it must
// not leave the refused state as the one covering those moved articles: the
// options (or build) that saved it would restore it on top of articles it
// no longer describes.
TEST_F(StoreTest, RefusedStateIsNotRestoredOverArticlesTheReplayMoved) {
  std::vector<Article> articles = SyntheticArticles(300);
  IngestOptions o;
  o.cluster.window_hours = 3;
  std::string whole = (dir_ / "whole.db").string();
  IngestRuns(whole, articles, {300}, o);
  IngestRuns(db_, articles, {200}, o);  // closes: a state covering 200 articles
  IngestOptions other = o;
  other.cluster.join_threshold = 0.99;  // (nearly) every article a story of its own
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto store = Store::Open(db_);
    if (!store.ok()) ::_exit(2);
    auto in = Ingester::Open(store->get(), other);
    // Killed right after the replay committed its moves.
    ::_exit(in.ok() && (*in)->stats().reassigned > 0 ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status)) << status;
  ASSERT_EQ(WEXITSTATUS(status), 0) << "the replay under other options should have moved articles";
  std::vector<IngestStats> runs = IngestRuns(db_, articles, {300}, o);
  ASSERT_EQ(runs.size(), 1u);
  ExpectSameStores(whole, db_, articles);
}

TEST_F(StoreTest, OneIngesterAtATime) {
  auto store = Store::Open(db_);
  auto first = Ingester::Open(store->get());
  ASSERT_TRUE(first.ok());
  auto store2 = Store::Open(db_);
  auto second = Ingester::Open(store2->get());
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.status().message().find("being ingested by another process"), std::string::npos);
}

TEST_F(StoreTest, SearchQueriesQuoteEveryWordAndReadFilters) {
  auto fts = [](const std::string& q) {
    auto p = ParseQuery(q);
    return p.ok() ? p->fts : "error: " + p.status().message();
  };
  EXPECT_EQ(fts("harbour strike"), "\"harbour\" \"strike\"");
  EXPECT_EQ(fts("\"walked out\" AND"), "\"walked out\" \"AND\"");
  EXPECT_EQ(fts("a\"b"), "\"a\" \"b\"");
  EXPECT_EQ(fts("  "), "error: empty search query: give words (dates alone do not search)");
  EXPECT_EQ(fts("strike outlet:\"Harbour Gazette\""), "\"strike\" outlet : \"Harbour Gazette\"");
  EXPECT_EQ(fts("Title:strike"), "title : \"strike\"");
  EXPECT_EQ(fts("\"time: 10\""), "\"time: 10\"");
  auto dated = ParseQuery("strike from:2025-06-05 to:2025-06-06");
  ASSERT_TRUE(dated.ok());
  EXPECT_EQ(dated->fts, "\"strike\"");
  EXPECT_EQ(*dated->from_time, 1749081600);      // 2025-06-05T00:00:00Z
  EXPECT_EQ(*dated->to_time, 1749254399);        // 2025-06-06T23:59:59Z
  EXPECT_FALSE(ParseQuery("strike from:yesterday").ok());
  EXPECT_FALSE(ParseQuery("from:2025-06-05").ok());
  EXPECT_FALSE(ParseQuery("outlet:").ok());
}

}  // namespace
}  // namespace storyline::store

namespace storyline::store {
namespace {

// Extracting several documents at a time stores the same articles, in the
// same order, in the same stories.
TEST_F(StoreTest, ExtractThreadsDoNotChangeWhatIsStored) {
  const std::string corpus = (fs::path(STORYLINE_SOURCE_DIR) / "examples" / "corpus").string();
  std::vector<std::string> runs;
  for (unsigned threads : {1u, 2u, 5u}) {
    const std::string db = (dir_ / ("threads" + std::to_string(threads) + ".db")).string();
    auto store = Store::Open(db);
    ASSERT_TRUE(store.ok()) << store.status().message();
    IngestOptions options;
    options.extract_threads = threads;
    auto in = Ingester::Open(store->get(), options);
    ASSERT_TRUE(in.ok()) << in.status().message();
    InputsIngested run = IngestInputs(**in, {corpus}, {}, nullptr, nullptr, nullptr);
    ASSERT_TRUE(run.write_error.ok()) << run.write_error.message();
    ASSERT_TRUE((*in)->Commit().ok());
    auto stored = (*store)->ArticlesAfter(0, 100000);
    ASSERT_TRUE(stored.ok());
    std::string seen;
    for (const StoredArticle& a : *stored)
      seen += std::to_string(a.seq) + " " + a.article.id + " " + a.story_id + " " + a.article.title + "\n";
    EXPECT_GT(stored->size(), 10u);
    runs.push_back(seen);
  }
  EXPECT_EQ(runs[1], runs[0]);
  EXPECT_EQ(runs[2], runs[0]);
}

}  // namespace
}  // namespace storyline::store
