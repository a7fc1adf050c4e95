// The SQLite store: schema and migrations, reads, the brief cache and the
// consistency check. The Ingester (writes) is in ingester.cc.

#include "storyline/store.h"

#include <fmt/format.h>
#include <xxhash.h>

#include <algorithm>
#include <limits>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <system_error>

#include "store/internal.h"

namespace storyline::store {

namespace fs = std::filesystem;

namespace {

// Migration N brings a database from schema version N to N + 1. Never edit a
// shipped migration: add one.
const char* const kMigrations[] = {
    // 0 -> 1
    R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE articles(
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  content_hash INTEGER NOT NULL,
  story_id TEXT NOT NULL,
  url TEXT NOT NULL,
  outlet TEXT NOT NULL,
  title TEXT NOT NULL,
  authors TEXT NOT NULL,
  published TEXT NOT NULL,
  published_time INTEGER,
  language TEXT NOT NULL,
  text TEXT NOT NULL,
  modified TEXT NOT NULL,
  canonical_url TEXT NOT NULL,
  is_article INTEGER NOT NULL,
  input TEXT NOT NULL);
CREATE INDEX articles_by_hash ON articles(content_hash);
CREATE INDEX articles_by_story ON articles(story_id, published_time, seq);
CREATE TABLE stories(
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  article_count INTEGER NOT NULL,
  first_published TEXT NOT NULL,
  last_published TEXT NOT NULL,
  first_time INTEGER,
  last_time INTEGER,
  last_seq INTEGER NOT NULL,
  live INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX stories_newest ON stories(last_time DESC, last_seq DESC);
CREATE VIRTUAL TABLE articles_fts USING fts5(
  title, outlet, text, content='articles', content_rowid='seq',
  tokenize='unicode61 remove_diacritics 2');
CREATE TABLE briefs(story_id TEXT PRIMARY KEY, version INTEGER NOT NULL, json TEXT NOT NULL) WITHOUT ROWID;
)sql",
    // 1 -> 2: what a list of stories shows without reading their articles
    // (filled in for existing stories by BackfillStoryDetails).
    R"sql(
ALTER TABLE stories ADD COLUMN outlets TEXT NOT NULL DEFAULT '[]';
ALTER TABLE stories ADD COLUMN lead TEXT NOT NULL DEFAULT '';
)sql",
    // 2 -> 3: the clusterer's state after the articles up to seq_covered, so
    // an Ingester opens without replaying them (one row, written with them).
    R"sql(
CREATE TABLE cluster_snapshot(
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq_covered INTEGER NOT NULL,
  fingerprint INTEGER NOT NULL,
  bytes BLOB NOT NULL);
)sql",
};
static_assert(std::size(kMigrations) == kSchemaVersion);
// The oldest schema a read-only opener reads as it is (it cannot migrate):
// version 3 only added the writer's cluster_snapshot, which no reader
// touches, so a version 2 file is read without waiting for a writable open.
constexpr int kOldestReadableSchema = 2;

Status Exec(sqlite3* db, const char* sql, const std::string& path) {
  char* err = nullptr;
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
  if (rc == SQLITE_OK) return Status();
  std::string message = err ? err : sqlite3_errstr(rc);
  sqlite3_free(err);
  if (rc == SQLITE_NOTADB) return Status::BadInput(fmt::format("{}: not a SQLite database", path));
  if (rc == SQLITE_CORRUPT) return Status::BadInput(fmt::format("{}: the database is corrupt ({})", path, message));
  if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
    return Status::IoError(fmt::format("{}: the database is locked by another process ({})", path, message));
  return Status::IoError(fmt::format("{}: {}", path, message));
}

}  // namespace

std::string ContentHash(const Article& a) {
  XXH3_state_t* state = XXH3_createState();
  XXH3_64bits_reset(state);
  auto field = [&](std::string_view s) {
    uint64_t n = s.size();
    XXH3_64bits_update(state, &n, sizeof n);
    XXH3_64bits_update(state, s.data(), s.size());
  };
  field(a.url);
  field(a.outlet);
  field(a.title);
  uint64_t n_authors = a.authors.size();
  XXH3_64bits_update(state, &n_authors, sizeof n_authors);
  for (const auto& au : a.authors) field(au);
  field(a.published);
  field(a.language);
  field(a.text);
  uint64_t h = XXH3_64bits_digest(state);
  XXH3_freeState(state);
  return fmt::format("{:016x}", h);
}

int64_t HashToInt(const std::string& hex) { return static_cast<int64_t>(std::stoull(hex, nullptr, 16)); }
std::string IntToHash(int64_t v) { return fmt::format("{:016x}", static_cast<uint64_t>(v)); }

std::string AuthorsToJson(const std::vector<std::string>& authors) {
  return nlohmann::json(authors).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::vector<std::string> AuthorsFromJson(const std::string& s) {
  std::vector<std::string> out;
  auto j = nlohmann::json::parse(s, nullptr, false);
  if (j.is_array())
    for (const auto& v : j)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

// Column list shared by every article read.
const char* const kArticleColumns =
    "seq, id, content_hash, story_id, url, outlet, title, authors, published, language, text, modified, "
    "canonical_url, is_article, input";

StoredArticle ReadArticleRow(const Stmt& q) {
  StoredArticle s;
  s.seq = q.Int(0);
  s.article.id = q.Text(1);
  s.content_hash = IntToHash(q.Int(2));
  s.story_id = q.Text(3);
  s.article.url = q.Text(4);
  s.article.outlet = q.Text(5);
  s.article.title = q.Text(6);
  s.article.authors = AuthorsFromJson(q.Text(7));
  s.article.published = q.Text(8);
  s.article.language = q.Text(9);
  s.article.text = q.Text(10);
  s.article.modified = q.Text(11);
  s.article.canonical_url = q.Text(12);
  s.article.is_article = q.Int(13) != 0;
  s.article.input = q.Text(14);
  return s;
}

Store::Impl::~Impl() {
  stmts.clear();
  if (db) sqlite3_close_v2(db);
}

Stmt& Store::Impl::Prepare(const std::string& sql, Status* status) {
  auto it = stmts.find(sql);
  if (it == stmts.end()) {
    Stmt q(db, sql, status);
    if (!q.valid()) return unprepared;  // not kept: the next call tries again
    it = stmts.emplace(sql, std::move(q)).first;
  }
  return it->second.Reset();
}

Status Store::Impl::Error(int rc) const {
  std::string m = sqlite3_errmsg(db);
  if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB)
    return Status::BadInput(fmt::format("{}: the database is corrupt ({})", path, m));
  if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
    return Status::IoError(fmt::format("{}: the database is locked by another process ({})", path, m));
  if (rc == SQLITE_FULL) return Status::IoError(fmt::format("{}: the disk is full ({})", path, m));
  return Status::IoError(fmt::format("{}: {}", path, m));
}

Status Store::Impl::Exec(const char* sql) { return store::Exec(db, sql, path); }

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;
const std::string& Store::path() const { return impl_->path; }

Result<std::unique_ptr<Store>> Store::Open(const std::string& path, const Options& options) {
  if (path.empty()) return Status::InvalidArgument("no database path given");
  std::error_code ec;
  fs::path p(path);
  fs::path parent = p.has_parent_path() ? p.parent_path() : fs::path(".");
  if (!fs::is_directory(parent, ec))
    return Status::NotFound(fmt::format("{}: no such directory: {}", path, parent.string()));
  bool exists = fs::exists(p, ec);
  if (exists && fs::is_directory(p, ec)) return Status::InvalidArgument(fmt::format("{}: is a directory", path));
  if (!exists && (!options.create_if_missing || options.read_only))
    return Status::NotFound(fmt::format("{}: no such database", path));

  // SQLite keeps memory statistics by default, under one process-wide mutex
  // taken by every allocation: connections on several threads (the server's)
  // then queue on it. We read no statistics. Set once, before SQLite starts
  // (refused harmlessly if something in the process started it already).
  static std::once_flag configured;
  std::call_once(configured, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });

  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->options = options;
  int flags = SQLITE_OPEN_NOMUTEX | (options.read_only ? SQLITE_OPEN_READONLY
                                                       : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  int rc = sqlite3_open_v2(path.c_str(), &impl->db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string m = impl->db ? sqlite3_errmsg(impl->db) : sqlite3_errstr(rc);
    return Status::IoError(fmt::format("{}: cannot open the database: {}", path, m));
  }
  sqlite3_extended_result_codes(impl->db, 0);
  if (Status e = RegisterSearchFunctions(impl->db); !e.ok()) return e;
  sqlite3_busy_timeout(impl->db, options.busy_timeout_ms);

  // The first read of the header tells a database from anything else.
  Status s;
  int version = -1;
  {
    Stmt q(impl->db, "PRAGMA user_version", &s);
    if (!s.ok() || !q.valid()) {
      int code = sqlite3_errcode(impl->db);
      if (code == SQLITE_NOTADB) return Status::BadInput(fmt::format("{}: not a SQLite database", path));
      return impl->Error(code);
    }
    rc = q.Step();
    if (rc != SQLITE_ROW) {
      if (rc == SQLITE_NOTADB) return Status::BadInput(fmt::format("{}: not a SQLite database", path));
      return impl->Error(rc);
    }
    version = static_cast<int>(q.Int(0));
  }
  if (version > kSchemaVersion)
    return Status::BadInput(fmt::format("{}: schema version {} is newer than this build's {}; upgrade storyline",
                                        path, version, kSchemaVersion));
  if (!options.read_only) {
    // A new database: pages of 16 KiB hold four or five articles of a few
    // KiB each, where 4 KiB pages held one and left a sixth of them unused.
    // (Only an empty file takes a page size; WAL mode fixes it.)
    if (version == 0)
      if (Status e = impl->Exec("PRAGMA page_size=16384"); !e.ok()) return e;
    if (Status e = impl->Exec("PRAGMA journal_mode=WAL"); !e.ok()) return e;
  }
  std::string pragmas = fmt::format("PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-{}; PRAGMA mmap_size=17179869184",
                                    std::max(1, options.cache_mib) * 1024);
  if (Status e = impl->Exec(pragmas.c_str()); !e.ok()) return e;

  if (version < kSchemaVersion && options.read_only && version < kOldestReadableSchema)
    return Status::BadInput(fmt::format("{}: schema version {} needs migrating; open it writable once", path, version));
  if (version < kSchemaVersion && !options.read_only) {
    if (version == 0) {
      // A database with tables that are not ours is refused, not migrated.
      Stmt q(impl->db, "SELECT count(*) FROM sqlite_schema", &s);
      if (!s.ok()) return s;
      if (q.Step() != SQLITE_ROW) return impl->Error(sqlite3_errcode(impl->db));
      if (q.Int(0) != 0) return Status::BadInput(fmt::format("{}: not a Storyline database", path));
    }
    if (Status e = impl->Exec("BEGIN IMMEDIATE"); !e.ok()) return e;
    for (int v = version; v < kSchemaVersion; ++v) {
      if (Status e = impl->Exec(kMigrations[v]); !e.ok()) {
        impl->Exec("ROLLBACK");
        return e;
      }
    }
    if (version >= 1 && version < 2) {
      if (Status e = impl->BackfillStoryDetails(); !e.ok()) {
        impl->Exec("ROLLBACK");
        return e;
      }
    }
    std::string set_version = fmt::format("PRAGMA user_version={}", kSchemaVersion);
    if (Status e = impl->Exec(set_version.c_str()); !e.ok()) {
      impl->Exec("ROLLBACK");
      return e;
    }
    if (Status e = impl->Exec("COMMIT"); !e.ok()) return e;
  }
  return std::unique_ptr<Store>(new Store(std::move(impl)));
}

namespace {

// Steps `q` to the end, each row read by `read`; the statement is reset for
// its next use whatever happens; a failed step becomes `error(rc)`.
template <typename Read, typename Error>
auto AllRows(Stmt& q, Read read, Error error) -> Result<std::vector<decltype(read(q))>> {
  std::vector<decltype(read(q))> out;
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) out.push_back(read(q));
  q.Reset();
  if (rc != SQLITE_DONE) return error(rc);
  return out;
}

// The first row of `q` read by `read`, or nullopt when there is none.
template <typename Read, typename Error>
auto FirstRow(Stmt& q, Read read, Error error) -> Result<std::optional<decltype(read(q))>> {
  int rc = q.Step();
  std::optional<decltype(read(q))> out;
  if (rc == SQLITE_ROW) out = read(q);
  q.Reset();
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return error(rc);
  return out;
}

}  // namespace

Result<Counts> Store::Count() {
  Status s;
  Counts c;
  // Articles: seq is gap-free, so max(seq) is the count (O(1)); stories: the
  // count kept in meta at every commit (count(*) would scan the table).
  Stmt& q = impl_->Prepare(
      "SELECT (SELECT coalesce(max(seq), 0) FROM articles), "
      "coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'stories'), (SELECT count(*) FROM stories))",
      &s);
  if (!s.ok()) return s;
  int rc = q.Step();
  if (rc != SQLITE_ROW) {
    q.Reset();
    return impl_->Error(rc);
  }
  c.articles = q.Int(0);
  c.stories = q.Int(1);
  q.Reset();
  return c;
}

namespace {
const char* const kStoryColumns =
    "id, title, article_count, first_published, last_published, first_time, last_time, last_seq, live, outlets, "
    "lead";
StoryRow ReadStoryRow(const Stmt& q) {
  StoryRow r;
  r.id = q.Text(0);
  r.title = q.Text(1);
  r.article_count = q.Int(2);
  r.first_published = q.Text(3);
  r.last_published = q.Text(4);
  r.first_time = q.OptInt(5);
  r.last_time = q.OptInt(6);
  r.last_seq = q.Int(7);
  r.live = q.Int(8) != 0;
  r.outlets = AuthorsFromJson(q.Text(9));
  r.lead = q.Text(10);
  return r;
}
}  // namespace

namespace {
// The opening of a text, cut after the first sentence end past 60 bytes or
// at a word before 240 bytes: enough to say what a story is about.
std::string LeadOf(const std::string& text) {
  size_t start = text.find_first_not_of(" \n\t");
  if (start == std::string::npos) return "";
  size_t end = std::min(text.size(), start + 240);
  size_t para = text.find('\n', start);
  if (para != std::string::npos && para < end) end = para;
  for (size_t i = start + 60; i + 1 < end; ++i)
    if ((text[i] == '.' || text[i] == '!' || text[i] == '?') && text[i + 1] == ' ') return text.substr(start, i + 1 - start);
  if (end < text.size() && text[end] != '\n') {
    size_t space = text.rfind(' ', end);
    if (space != std::string::npos && space > start) return text.substr(start, space - start) + "\u2026";
  }
  return text.substr(start, end - start);
}
}  // namespace

Status Store::Impl::StoryDetails(const std::string& story_id, std::vector<std::string>* outlets,
                                 std::string* lead) {
  Status s;
  Stmt& q = Prepare(
      "SELECT outlet FROM articles WHERE story_id = ?1 AND outlet != '' GROUP BY outlet "
      "ORDER BY count(*) DESC, min(seq) LIMIT 8",
      &s);
  if (!s.ok()) return s;
  q.Bind(1, story_id);
  int rc;
  outlets->clear();
  while ((rc = q.Step()) == SQLITE_ROW) outlets->push_back(q.Text(0));
  q.Reset();
  if (rc != SQLITE_DONE) return Error(rc);
  Stmt& l = Prepare("SELECT text FROM articles WHERE story_id = ?1 ORDER BY published_time, seq LIMIT 1", &s);
  if (!s.ok()) return s;
  l.Bind(1, story_id);
  rc = l.Step();
  *lead = rc == SQLITE_ROW ? LeadOf(l.Text(0)) : "";
  l.Reset();
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return Error(rc);
  return Status();
}

Status Store::Impl::BackfillStoryDetails() {
  Status s;
  std::vector<std::string> ids;
  {
    Stmt q(db, "SELECT id FROM stories", &s);
    if (!s.ok()) return s;
    int rc;
    while ((rc = q.Step()) == SQLITE_ROW) ids.push_back(q.Text(0));
    if (rc != SQLITE_DONE) return Error(rc);
  }
  Stmt up(db, "UPDATE stories SET outlets = ?2, lead = ?3 WHERE id = ?1", &s);
  if (!s.ok()) return s;
  for (const std::string& id : ids) {
    std::vector<std::string> outlets;
    std::string lead;
    if (Status e = StoryDetails(id, &outlets, &lead); !e.ok()) return e;
    up.Bind(1, id).Bind(2, AuthorsToJson(outlets)).Bind(3, lead);
    int rc = up.Step();
    up.Reset();
    if (rc != SQLITE_DONE) return Error(rc);
  }
  return Status();
}

Result<std::vector<StoryRow>> Store::ListStories(size_t offset, size_t limit) {
  Status s;
  // The page's ids from the index alone (OFFSET steps over index entries,
  // not rows), then only those rows.
  Stmt& q = impl_->Prepare(fmt::format("SELECT {} FROM stories WHERE id IN (SELECT id FROM stories ORDER BY "
                                       "last_time DESC, last_seq DESC LIMIT ?1 OFFSET ?2) "
                                       "ORDER BY last_time DESC, last_seq DESC",
                                       kStoryColumns),
                           &s);
  if (!s.ok()) return s;
  q.Bind(1, static_cast<int64_t>(limit)).Bind(2, static_cast<int64_t>(offset));
  return AllRows(q, ReadStoryRow, [this](int rc) { return impl_->Error(rc); });
}

Result<std::optional<StoryRow>> Store::GetStory(const std::string& id) {
  Status s;
  Stmt& q = impl_->Prepare(fmt::format("SELECT {} FROM stories WHERE id = ?1", kStoryColumns), &s);
  if (!s.ok()) return s;
  q.Bind(1, id);
  return FirstRow(q, ReadStoryRow, [this](int rc) { return impl_->Error(rc); });
}

Result<std::vector<Article>> Store::StoryArticles(const std::string& story_id) {
  Status s;
  Stmt& q = impl_->Prepare(
      fmt::format("SELECT {} FROM articles WHERE story_id = ?1 ORDER BY seq", kArticleColumns), &s);
  if (!s.ok()) return s;
  q.Bind(1, story_id);
  return AllRows(
      q, [](const Stmt& row) { return ReadArticleRow(row).article; }, [this](int rc) { return impl_->Error(rc); });
}

Result<std::optional<StoredArticle>> Store::GetArticle(const std::string& id) {
  Status s;
  Stmt& q = impl_->Prepare(fmt::format("SELECT {} FROM articles WHERE id = ?1", kArticleColumns), &s);
  if (!s.ok()) return s;
  q.Bind(1, id);
  return FirstRow(q, ReadArticleRow, [this](int rc) { return impl_->Error(rc); });
}

Result<std::vector<StoredArticle>> Store::ArticlesAfter(int64_t after, size_t limit) {
  Status s;
  Stmt& q = impl_->Prepare(
      fmt::format("SELECT {} FROM articles WHERE seq > ?1 ORDER BY seq LIMIT ?2", kArticleColumns), &s);
  if (!s.ok()) return s;
  q.Bind(1, after).Bind(2, static_cast<int64_t>(limit));
  return AllRows(q, ReadArticleRow, [this](int rc) { return impl_->Error(rc); });
}

// User text to an FTS5 query: every word a quoted term (so FTS5 operators and
// column filters in the text are plain words), "double-quoted" runs phrases,
// all required.
Result<ParsedQuery> ParseQuery(const std::string& text) {
  ParsedQuery out;
  auto quoted = [](const std::string& term) {
    std::string q = "\"";
    for (char c : term) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
  };
  auto add = [&](const std::string& fts) {
    if (!out.fts.empty()) out.fts += ' ';
    out.fts += fts;
    out.phrases.push_back(fts);
  };
  // Tokens split at white space outside double quotes; a token's quotes only
  // group (`outlet:"Global Dispatch"`, `"two words"`).
  std::vector<std::pair<std::string, bool>> tokens;  // text, had quotes
  std::string cur;
  bool in_phrase = false, had_quotes = false;
  auto flush = [&] {
    if (!cur.empty()) tokens.emplace_back(cur, had_quotes);
    cur.clear();
    had_quotes = false;
  };
  for (char c : text) {
    if (c == '"') {
      if (!in_phrase && !cur.empty() && cur.back() != ':') flush();  // a"b: a word, then a phrase
      in_phrase = !in_phrase;
      had_quotes = true;
      if (!in_phrase && cur.find(':') == std::string::npos) flush();  // "a phrase" ends a token
    } else if (!in_phrase && (c == ' ' || c == '\t' || c == '\n' || c == '\r')) {
      flush();
    } else {
      cur += c;
    }
  }
  flush();
  bool words = false;
  for (const auto& [token, had] : tokens) {
    size_t colon = token.find(':');
    std::string key = colon == std::string::npos ? "" : token.substr(0, colon);
    for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value = colon == std::string::npos ? token : token.substr(colon + 1);
    if (key == "outlet" || key == "title") {
      if (value.empty()) return Status::InvalidArgument(fmt::format("{}: needs a value, as in {}:Reuters", key, key));
      add(key + " : " + quoted(value));
      words = true;
    } else if (key == "from" || key == "to") {
      auto t = ParsePublished(value);
      if (!t) return Status::InvalidArgument(fmt::format("{}:{} is not a date (YYYY-MM-DD)", key, value));
      (key == "from" ? out.from_time : out.to_time) = key == "from" ? t->lo : t->hi;
    } else {
      add(quoted(token));  // a word, or a phrase; a colon in it is just a character
      if (auto words_of = SearchTokens(token); !words_of.empty()) out.highlight.push_back(std::move(words_of));
      words = true;
    }
  }
  if (!words) return Status::InvalidArgument("empty search query: give words (dates alone do not search)");
  return out;
}

Result<std::optional<std::string>> Store::CachedBrief(const std::string& story_id, int64_t version) {
  Status s;
  Stmt& q = impl_->Prepare("SELECT json FROM briefs WHERE story_id = ?1 AND version = ?2", &s);
  if (!s.ok()) return s;
  q.Bind(1, story_id).Bind(2, version);
  int rc = q.Step();
  std::optional<std::string> out;
  if (rc == SQLITE_ROW) out = q.Text(0);
  q.Reset();
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return impl_->Error(rc);
  return out;
}

Status Store::PutBrief(const std::string& story_id, int64_t version, const std::string& json) {
  if (impl_->options.read_only) return Status::InvalidArgument(fmt::format("{}: opened read-only", impl_->path));
  Status s;
  // Only for the story's current version: a brief computed while ingest moved
  // the story on is not stored.
  Stmt& q = impl_->Prepare(
      "INSERT INTO briefs(story_id, version, json) SELECT ?1, ?2, ?3 "
      "WHERE EXISTS (SELECT 1 FROM stories WHERE id = ?1 AND last_seq = ?2) "
      "ON CONFLICT(story_id) DO UPDATE SET version = excluded.version, json = excluded.json",
      &s);
  if (!s.ok()) return s;
  q.Bind(1, story_id).Bind(2, version).Bind(3, json);
  int rc = q.Step();
  q.Reset();
  if (rc != SQLITE_DONE) return impl_->Error(rc);
  return Status();
}

Result<std::vector<StoryRow>> Store::StoriesWithoutBrief(size_t within, size_t limit) {
  Status s;
  auto counts = Count();
  if (!counts.ok()) return counts.status();
  const bool all = within >= static_cast<size_t>(counts->stories);
  // All stories: the newest-first index walked until `limit` lack a brief
  // (each probed in the cache by id). The newest `within`: those first.
  Stmt& q = impl_->Prepare(
      all ? fmt::format("SELECT {} FROM stories s WHERE NOT EXISTS (SELECT 1 FROM briefs b WHERE b.story_id = s.id "
                        "AND b.version = s.last_seq) ORDER BY last_time DESC, last_seq DESC LIMIT ?2",
                        kStoryColumns)
          : fmt::format("SELECT {} FROM (SELECT * FROM stories ORDER BY last_time DESC, last_seq DESC LIMIT ?1) s "
                        "WHERE NOT EXISTS (SELECT 1 FROM briefs b WHERE b.story_id = s.id AND b.version = s.last_seq) "
                        "ORDER BY last_time DESC, last_seq DESC LIMIT ?2",
                        kStoryColumns),
      &s);
  if (!s.ok()) return s;
  if (!all) q.Bind(1, static_cast<int64_t>(within));
  q.Bind(2, static_cast<int64_t>(std::min<size_t>(limit, std::numeric_limits<int32_t>::max())));
  return AllRows(q, ReadStoryRow, [this](int rc) { return impl_->Error(rc); });
}

Status Store::CheckConsistency() {
  Status s;
  // Stories against the aggregates of their articles.
  Stmt& q = impl_->Prepare(
      "SELECT s.id, s.article_count, s.first_time, s.last_time, s.last_seq, "
      "       g.n, g.lo, g.hi, g.last FROM stories s LEFT JOIN "
      "  (SELECT story_id, count(*) AS n, min(published_time) AS lo, max(published_time) AS hi, "
      "          max(seq) AS last FROM articles GROUP BY story_id) g ON g.story_id = s.id",
      &s);
  if (!s.ok()) return s;
  int rc;
  Status bad;
  while (bad.ok() && (rc = q.Step()) == SQLITE_ROW) {
    std::string id = q.Text(0);
    if (q.IsNull(5)) {
      bad = Status::BadInput(fmt::format("story {} has no articles", id));
    } else if (q.Int(1) != q.Int(5)) {
      bad = Status::BadInput(fmt::format("story {}: article_count {} but {} articles", id, q.Int(1), q.Int(5)));
    } else if (q.OptInt(2) != q.OptInt(6) || q.OptInt(3) != q.OptInt(7)) {
      bad = Status::BadInput(fmt::format("story {}: time span does not match its articles", id));
    } else if (q.Int(4) != q.Int(8)) {
      bad = Status::BadInput(fmt::format("story {}: last_seq {} but its latest article is {}", id, q.Int(4),
                                         q.Int(8)));
    }
  }
  q.Reset();
  if (!bad.ok()) return bad;
  Stmt& orphans = impl_->Prepare(
      "SELECT a.id, a.story_id FROM articles a LEFT JOIN stories s ON s.id = a.story_id WHERE s.id IS NULL "
      "LIMIT 1",
      &s);
  if (!s.ok()) return s;
  rc = orphans.Step();
  if (rc == SQLITE_ROW) {
    bad = Status::BadInput(fmt::format("article {} is in story {}, which is not stored", orphans.Text(0),
                                       orphans.Text(1)));
  } else if (rc != SQLITE_DONE) {
    bad = impl_->Error(rc);
  }
  orphans.Reset();
  return bad;
}

}  // namespace storyline::store
