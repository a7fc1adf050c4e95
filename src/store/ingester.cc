// The store's writer: articles into SQLite in batched transactions, each
// placed in a story by the one Clusterer of the stream.
//
// The clusterer says where each article goes when it arrives, but stories also
// merge (the older id survives) and retire. At every commit the Ingester
// compares the stories it knows to be live with the clusterer's live stories:
// one that is gone either retired (on_retire said so) or was merged, and then
// its survivor is the story of its first article now. Merges move the
// absorbed story's articles in the same transaction, and every story an
// article joined (or that absorbed another) has its row recomputed from its
// articles, so story rows always match the articles committed with them.
//
// The clusterer's state is saved (table cluster_snapshot) in the transaction
// of the articles it covers, so after a clean exit or a crash Open restores
// it and replays only the articles stored after it; without a usable one it
// replays them all.

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <filesystem>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "store/internal.h"
#include "storyline/extract.h"
#include "storyline/store.h"

namespace storyline::store {

struct Ingester::Impl {
  Store* store = nullptr;
  Store::Impl* db = nullptr;
  IngestOptions options;
  std::unique_ptr<cluster::Clusterer> clusterer;
  int lock_fd = -1;
  IngestStats stats;
  bool in_txn = false;
  size_t pending = 0;
  Status broken;  // once a write failed the clusterer is ahead of the database
  // The last article the clusterer holds, and how many it holds that the
  // saved state (cluster_snapshot) does not cover.
  int64_t last_seq = 0;
  size_t unsaved = 0;
  // The saved state was refused (other options or build, damaged): the
  // replay replaces it in its own commit, since it may move articles the
  // refused state covers (the options or build that saved it would
  // otherwise restore it over them after a kill).
  bool replace_saved_state = false;

  // Stories believed live in the clusterer: id -> its first article.
  std::unordered_map<std::string, std::string> live;
  // Stories the clusterer retired since the last sync.
  std::vector<cluster::Story> retired;
  // Stories that gained articles since the last commit.
  std::unordered_set<std::string> touched;

  // Replay: story names interned, each replayed article's assigned and stored
  // story, merges seen.
  bool replaying = false;
  std::vector<std::string> names;
  std::unordered_map<std::string, uint32_t> name_index;
  std::vector<uint32_t> assigned, stored_story;
  std::vector<int64_t> replay_seq;
  std::unordered_map<std::string, std::string> replay_merged;  // from -> into
  std::unordered_map<std::string, std::pair<std::string, bool>> replay_info;  // title, live

  ~Impl() {
    if (lock_fd >= 0) ::close(lock_fd);
  }

  uint32_t Intern(const std::string& name) {
    auto [it, inserted] = name_index.emplace(name, static_cast<uint32_t>(names.size()));
    if (inserted) names.push_back(name);
    return it->second;
  }

  struct SyncResult {
    std::vector<std::pair<std::string, std::string>> merges;        // from, into
    std::unordered_map<std::string, std::string> retired_titles;   // retired now: id -> title
    std::unordered_map<std::string, std::string> live_titles;      // live touched: id -> title
  };

  SyncResult Sync() {
    SyncResult r;
    std::vector<cluster::Story> current = clusterer->Stories();
    std::unordered_map<std::string, const cluster::Story*> current_by_id;
    for (const auto& s : current) current_by_id.emplace(s.id, &s);
    std::unordered_map<std::string, const cluster::Story*> retired_by_id;
    for (const auto& s : retired) retired_by_id[s.id] = &s;
    std::unordered_map<std::string, std::string> retired_article_story;  // built on demand
    for (auto it = live.begin(); it != live.end();) {
      if (current_by_id.count(it->first)) {
        ++it;
        continue;
      }
      if (auto rt = retired_by_id.find(it->first); rt != retired_by_id.end()) {
        r.retired_titles[it->first] = rt->second->title;
        it = live.erase(it);
        continue;
      }
      // Merged: its first article is in the survivor now.
      std::string into = clusterer->StoryOf(it->second);
      if (into.empty()) {  // the survivor retired since
        if (retired_article_story.empty())
          for (const auto& s : retired)
            for (const auto& a : s.article_ids) retired_article_story[a] = s.id;
        auto f = retired_article_story.find(it->second);
        if (f != retired_article_story.end()) into = f->second;
      }
      if (!into.empty() && into != it->first) r.merges.emplace_back(it->first, into);
      it = live.erase(it);
    }
    for (const auto& id : touched)
      if (auto c = current_by_id.find(id); c != current_by_id.end()) r.live_titles[id] = c->second->title;
    retired.clear();
    return r;
  }

  void Place(const cluster::Assignment& a, const Article& article) {
    live.try_emplace(a.story_id, article.id);
    touched.insert(a.story_id);
  }

  Status Begin() {
    if (in_txn) return Status();
    if (Status s = db->Exec("BEGIN IMMEDIATE"); !s.ok()) return s;
    in_txn = true;
    return Status();
  }

  Status Step(Stmt& q) {
    int rc = q.Step();
    q.Reset();
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return db->Error(rc);
    return Status();
  }

  // Recomputes a story's row from its articles; a story left with none is
  // deleted. Drops its cached brief.
  Status Recompute(const std::string& id, const std::string& title, bool is_live) {
    Status s;
    Stmt& agg = db->Prepare(
        "SELECT count(*), max(seq), min(published_time), max(published_time) FROM articles WHERE story_id = ?1",
        &s);
    if (!s.ok()) return s;
    agg.Bind(1, id);
    int rc = agg.Step();
    if (rc != SQLITE_ROW) {
      agg.Reset();
      return db->Error(rc);
    }
    int64_t count = agg.Int(0), last_seq = agg.Int(1);
    std::optional<int64_t> lo = agg.OptInt(2), hi = agg.OptInt(3);
    agg.Reset();
    Stmt& drop_brief = db->Prepare("DELETE FROM briefs WHERE story_id = ?1", &s);
    if (!s.ok()) return s;
    if (Status e = Step(drop_brief.Bind(1, id)); !e.ok()) return e;
    if (count == 0) {
      Stmt& del = db->Prepare("DELETE FROM stories WHERE id = ?1", &s);
      if (!s.ok()) return s;
      return Step(del.Bind(1, id));
    }
    auto published_at = [&](const char* sql, std::string* out) -> Status {
      Status st;
      Stmt& q = db->Prepare(sql, &st);
      if (!st.ok()) return st;
      q.Bind(1, id);
      int code = q.Step();
      if (code == SQLITE_ROW) *out = q.Text(0);
      q.Reset();
      if (code != SQLITE_ROW && code != SQLITE_DONE) return db->Error(code);
      return Status();
    };
    std::string first, last;
    if (lo) {
      if (Status e = published_at("SELECT published FROM articles WHERE story_id = ?1 AND published_time IS NOT "
                                  "NULL ORDER BY published_time, seq LIMIT 1",
                                  &first);
          !e.ok())
        return e;
      if (Status e = published_at("SELECT published FROM articles WHERE story_id = ?1 AND published_time IS NOT "
                                  "NULL ORDER BY published_time DESC, seq DESC LIMIT 1",
                                  &last);
          !e.ok())
        return e;
    }
    std::string row_title = title;
    if (row_title.empty()) {
      // The stored title, else the first article's.
      if (Status e = published_at("SELECT title FROM stories WHERE id = ?1", &row_title); !e.ok()) return e;
      if (row_title.empty())
        if (Status e = published_at("SELECT title FROM articles WHERE story_id = ?1 ORDER BY seq LIMIT 1",
                                    &row_title);
            !e.ok())
          return e;
    }
    std::vector<std::string> outlets;
    std::string lead;
    if (Status e = db->StoryDetails(id, &outlets, &lead); !e.ok()) return e;
    Stmt& up = db->Prepare(
        "INSERT INTO stories(id, title, article_count, first_published, last_published, first_time, last_time, "
        "last_seq, live, outlets, lead) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT(id) DO "
        "UPDATE SET title = excluded.title, article_count = excluded.article_count, "
        "first_published = excluded.first_published, last_published = excluded.last_published, "
        "first_time = excluded.first_time, last_time = excluded.last_time, last_seq = excluded.last_seq, "
        "live = excluded.live, outlets = excluded.outlets, lead = excluded.lead",
        &s);
    if (!s.ok()) return s;
    up.Bind(1, id).Bind(2, row_title).Bind(3, count).Bind(4, first).Bind(5, last).Bind(6, lo).Bind(7, hi);
    up.Bind(8, last_seq).Bind(9, int64_t{is_live}).Bind(10, AuthorsToJson(outlets)).Bind(11, lead);
    return Step(up);
  }

  Status MoveStory(const std::string& from, const std::string& into) {
    Status s;
    Stmt& mv = db->Prepare("UPDATE articles SET story_id = ?2 WHERE story_id = ?1", &s);
    if (!s.ok()) return s;
    return Step(mv.Bind(1, from).Bind(2, into));
  }

  Status ApplySync() {
    SyncResult r = Sync();
    for (const auto& [from, into] : r.merges) {
      if (Status e = MoveStory(from, into); !e.ok()) return e;
      touched.erase(from);
      touched.insert(into);
      if (Status e = Recompute(from, "", false); !e.ok()) return e;  // deletes it
      ++stats.merges;
    }
    for (const auto& id : touched) {
      std::string title;
      bool is_live = true;
      if (auto t = r.live_titles.find(id); t != r.live_titles.end()) {
        title = t->second;
      } else if (auto rt = r.retired_titles.find(id); rt != r.retired_titles.end()) {
        title = rt->second;
        is_live = false;
      }
      if (Status e = Recompute(id, title, is_live); !e.ok()) return e;
    }
    Status s;
    for (const auto& [id, title] : r.retired_titles) {
      if (touched.count(id)) continue;
      Stmt& q = db->Prepare("UPDATE stories SET live = 0, title = ?2 WHERE id = ?1", &s);
      if (!s.ok()) return s;
      if (Status e = Step(q.Bind(1, id).Bind(2, title)); !e.ok()) return e;
    }
    touched.clear();
    return StoreStoryCount();
  }

  // The story count Store::Count reads.
  Status StoreStoryCount() {
    return db->Exec(
        "INSERT INTO meta(key, value) VALUES('stories', (SELECT count(*) FROM stories)) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  }

  // Saves the clusterer's state, covering the articles up to last_seq, in
  // the open transaction (so it commits with exactly those articles).
  Status SaveSnapshot() {
    std::string bytes = clusterer->Snapshot();
    Status s;
    Stmt& q = db->Prepare(
        "INSERT INTO cluster_snapshot(id, seq_covered, fingerprint, bytes) VALUES(1, ?1, ?2, ?3) "
        "ON CONFLICT(id) DO UPDATE SET seq_covered = excluded.seq_covered, fingerprint = excluded.fingerprint, "
        "bytes = excluded.bytes",
        &s);
    if (!s.ok()) return s;
    q.Bind(1, last_seq).Bind(2, static_cast<int64_t>(cluster::Clusterer::ConfigFingerprint(options.cluster)));
    sqlite3_bind_blob64(q.get(), 3, bytes.data(), bytes.size(), SQLITE_STATIC);
    if (Status e = Step(q); !e.ok()) return e;
    unsaved = 0;
    ++stats.snapshots;
    return Status();
  }

  // `final`: the Ingester closes; its state is saved if anything is unsaved.
  Status Commit(bool final = false) {
    if (!broken.ok()) return broken;
    bool save = unsaved > 0 && (final || (options.snapshot_articles > 0 && unsaved >= options.snapshot_articles));
    if (save && !in_txn)
      if (Status e = Begin(); !e.ok()) return e;
    if (!in_txn) return Status();
    Status s = ApplySync();
    if (s.ok() && save) s = SaveSnapshot();
    if (s.ok()) s = db->Exec("COMMIT");
    if (!s.ok()) {
      db->Exec("ROLLBACK");
      in_txn = false;
      broken = Status(s.code(), s.message() + " (the pending batch was not stored; run ingest again)");
      return broken;
    }
    in_txn = false;
    pending = 0;
    return Status();
  }

  // Replays every stored article into the clusterer; then checks that the
  // replay puts each article where it is stored and, if the clustering has
  // changed (another build), moves the articles to the replay's stories.
  Status Replay(int64_t after) {
    replaying = true;
    size_t since_sync = 0;
    for (;;) {
      auto batch = store->ArticlesAfter(after, 1000);
      if (!batch.ok()) return batch.status();
      if (batch->empty()) break;
      for (const StoredArticle& sa : *batch) {
        cluster::Assignment a = clusterer->Add(sa.article);
        live.try_emplace(a.story_id, sa.article.id);
        assigned.push_back(Intern(a.story_id));
        stored_story.push_back(Intern(sa.story_id));
        replay_seq.push_back(sa.seq);
        after = sa.seq;
        last_seq = sa.seq;
        ++unsaved;
        ++stats.replayed;
        if (++since_sync >= options.batch_articles) {
          ReplaySync();
          since_sync = 0;
        }
      }
    }
    ReplaySync();
    replaying = false;
    auto find = [&](std::string name) {
      for (int guard = 0; guard < 1000000; ++guard) {
        auto it = replay_merged.find(name);
        if (it == replay_merged.end()) break;
        name = it->second;
      }
      return name;
    };
    std::vector<std::pair<int64_t, std::string>> moves;
    std::unordered_set<std::string> affected;
    for (size_t i = 0; i < assigned.size(); ++i) {
      std::string final_story = find(names[assigned[i]]);
      if (final_story != names[stored_story[i]]) {
        affected.insert(names[stored_story[i]]);
        affected.insert(final_story);
        moves.emplace_back(replay_seq[i], std::move(final_story));
      }
    }
    assigned = {};
    stored_story = {};
    replay_seq = {};
    // Titles and retirement as the replay ends them: a kill between a
    // retirement and its commit left the row live.
    for (const auto& c : clusterer->Stories()) replay_info[c.id] = {c.title, true};
    if (Status e = Begin(); !e.ok()) return e;
    Status s;
    for (const auto& [seq, story] : moves) {
      Stmt& q = db->Prepare("UPDATE articles SET story_id = ?2 WHERE seq = ?1", &s);
      if (!s.ok()) break;
      if (s = Step(q.Bind(1, seq).Bind(2, story)); !s.ok()) break;
    }
    for (const auto& id : affected) {
      if (!s.ok()) break;
      auto info = replay_info.find(id);
      s = Recompute(id, info == replay_info.end() ? "" : info->second.first,
                    info == replay_info.end() ? false : info->second.second);
    }
    for (const auto& [id, info] : replay_info) {
      if (!s.ok() || affected.count(id)) continue;
      Stmt& q = db->Prepare(
          "UPDATE stories SET title = ?2, live = ?3 WHERE id = ?1 AND (title <> ?2 OR live <> ?3)", &s);
      if (!s.ok()) break;
      s = Step(q.Bind(1, id).Bind(2, info.first).Bind(3, int64_t{info.second}));
    }
    replay_info.clear();
    if (s.ok()) s = StoreStoryCount();
    if (s.ok() && replace_saved_state) s = SaveSnapshot();
    if (s.ok()) s = db->Exec("COMMIT");
    in_txn = false;
    if (!s.ok()) {
      db->Exec("ROLLBACK");
      return s;
    }
    stats.reassigned = static_cast<int64_t>(moves.size());
    return Status();
  }

  // Restores the clusterer from the saved state when there is a usable one;
  // returns the last article it covers (0: none, replay everything).
  Result<int64_t> Restore() {
    Status s;
    Stmt& q = db->Prepare("SELECT seq_covered, fingerprint, bytes FROM cluster_snapshot WHERE id = 1", &s);
    if (!s.ok()) return s;
    int rc = q.Step();
    if (rc == SQLITE_DONE) {
      q.Reset();
      return int64_t{0};
    }
    if (rc != SQLITE_ROW) {
      q.Reset();
      return db->Error(rc);
    }
    int64_t covered = q.Int(0);
    uint64_t fingerprint = static_cast<uint64_t>(q.Int(1));
    auto restored = [&]() -> Result<std::unique_ptr<cluster::Clusterer>> {
      if (fingerprint != cluster::Clusterer::ConfigFingerprint(options.cluster))
        return Status::InvalidArgument("it was saved by another build or under other cluster options");
      const void* blob = sqlite3_column_blob(q.get(), 2);
      std::string_view bytes(static_cast<const char*>(blob), static_cast<size_t>(sqlite3_column_bytes(q.get(), 2)));
      return cluster::Clusterer::FromSnapshot(options.cluster, bytes);
    }();
    q.Reset();
    if (!restored.ok()) {
      replace_saved_state = true;
      stats.snapshot_note = fmt::format("{}: the saved clusterer state is not used ({}); replaying every stored article",
                                        store->path(), restored.status().message());
      return int64_t{0};
    }
    clusterer = std::move(restored).value();
    // The stories it holds live, each known by an article (Sync finds a
    // merged story's survivor through it).
    for (const cluster::Story& story : clusterer->Stories())
      if (story.live && !story.article_ids.empty()) live.emplace(story.id, story.article_ids.front());
    last_seq = covered;
    stats.restored = covered;  // seqs have no gaps
    return covered;
  }

  void ReplaySync() {
    SyncResult r = Sync();
    for (const auto& [from, into] : r.merges) replay_merged[from] = into;
    for (const auto& [id, title] : r.retired_titles) replay_info[id] = {title, false};
    touched.clear();
  }
};

Ingester::Ingester(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Ingester::~Ingester() {
  if (impl_) impl_->Commit(/*final=*/true);
}

Result<std::unique_ptr<Ingester>> Ingester::Open(Store* store, const IngestOptions& options) {
  if (store->impl_->options.read_only)
    return Status::InvalidArgument(fmt::format("{}: opened read-only", store->path()));
  auto impl = std::make_unique<Impl>();
  impl->store = store;
  impl->db = store->impl_.get();
  impl->options = options;
  if (impl->options.batch_articles == 0) impl->options.batch_articles = 1;
  // One writer per database: an advisory lock on PATH.lock, released by the
  // system when the process dies however it dies.
  std::string lock_path = store->path() + ".lock";
  impl->lock_fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (impl->lock_fd < 0)
    return Status::IoError(fmt::format("{}: cannot open the lock file: {}", lock_path, std::strerror(errno)));
  if (::flock(impl->lock_fd, LOCK_EX | LOCK_NB) != 0)
    return Status::IoError(
        fmt::format("{}: the database is being ingested by another process", store->path()));
  // A bulk writer: a page cache that holds the indexes of random keys (ids,
  // content hashes, story ids) of a million articles, and fewer, larger WAL
  // checkpoints (pages rewritten between two are copied once).
  if (Status e = impl->db->Exec("PRAGMA cache_size=-262144; PRAGMA wal_autocheckpoint=8192"); !e.ok()) return e;
  // FTS5 keeps the new postings in memory up to `hashsize` bytes before it
  // writes them as a segment: 16 MiB (not the default 1 MiB) holds a batch,
  // so a commit writes one larger segment and there is less to merge later
  // (200k articles: 99.5 instead of 117.8 s of ingest CPU). A tuning value
  // in the index's config table; any database takes it.
  if (Status e = impl->db->Exec("INSERT INTO articles_fts(articles_fts, rank) VALUES('hashsize', 16777216)");
      !e.ok())
    return e;
  Impl* raw = impl.get();
  impl->options.cluster.keep_retired = false;
  impl->options.cluster.explain_terms = false;  // the store keeps no explanation
  impl->options.cluster.on_retire = [raw](const cluster::Story& s) { raw->retired.push_back(s); };
  auto covered = impl->Restore();
  if (!covered.ok()) return covered.status();
  if (*covered == 0) impl->clusterer = std::make_unique<cluster::Clusterer>(impl->options.cluster);
  if (Status s = impl->Replay(*covered); !s.ok()) return s;
  return std::unique_ptr<Ingester>(new Ingester(std::move(impl)));
}

const IngestStats& Ingester::stats() const { return impl_->stats; }
const IngestOptions& Ingester::options() const { return impl_->options; }

Status Ingester::Commit() { return impl_->Commit(); }

Result<AddOutcome> Ingester::Add(const Article& article) {
  Impl& m = *impl_;
  if (!m.broken.ok()) return m.broken;
  if (Status e = m.Begin(); !e.ok()) return e;
  Status s;
  std::string hash = ContentHash(article);
  int64_t hash_int = HashToInt(hash);
  {
    Stmt& q = m.db->Prepare("SELECT content_hash FROM articles WHERE id = ?1", &s);
    if (!s.ok()) return s;
    q.Bind(1, article.id);
    int rc = q.Step();
    if (rc == SQLITE_ROW) {
      bool same = q.Int(0) == hash_int;
      q.Reset();
      if (same) {
        ++m.stats.duplicates;
        return AddOutcome::kDuplicate;
      }
      ++m.stats.conflicts;
      return AddOutcome::kConflict;
    }
    q.Reset();
    if (rc != SQLITE_DONE) return m.db->Error(rc);
  }
  {
    Stmt& q = m.db->Prepare("SELECT 1 FROM articles WHERE content_hash = ?1 LIMIT 1", &s);
    if (!s.ok()) return s;
    q.Bind(1, hash_int);
    int rc = q.Step();
    q.Reset();
    if (rc == SQLITE_ROW) {
      ++m.stats.duplicates;
      return AddOutcome::kDuplicate;
    }
    if (rc != SQLITE_DONE) return m.db->Error(rc);
  }
  cluster::Assignment a = m.clusterer->Add(article);
  m.Place(a, article);
  std::optional<int64_t> time;
  if (auto t = ParsePublished(article.published)) time = t->lo;
  Stmt& ins = m.db->Prepare(
      "INSERT INTO articles(id, content_hash, story_id, url, outlet, title, authors, published, published_time, "
      "language, text, modified, canonical_url, is_article, input) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
      &s);
  if (!s.ok()) return m.broken = s;
  ins.Bind(1, article.id).Bind(2, hash_int).Bind(3, a.story_id).Bind(4, article.url).Bind(5, article.outlet);
  ins.Bind(6, article.title).Bind(7, AuthorsToJson(article.authors)).Bind(8, article.published).Bind(9, time);
  ins.Bind(10, article.language).Bind(11, article.text).Bind(12, article.modified);
  ins.Bind(13, article.canonical_url).Bind(14, int64_t{article.is_article}).Bind(15, article.input);
  if (Status e = m.Step(ins); !e.ok()) {
    m.db->Exec("ROLLBACK");
    m.in_txn = false;
    return m.broken = e;
  }
  int64_t seq = sqlite3_last_insert_rowid(m.db->db);
  m.last_seq = seq;
  ++m.unsaved;
  Stmt& fts = m.db->Prepare("INSERT INTO articles_fts(rowid, title, outlet, text) VALUES(?1, ?2, ?3, ?4)", &s);
  if (!s.ok()) return m.broken = s;
  fts.Bind(1, seq).Bind(2, article.title).Bind(3, article.outlet).Bind(4, article.text);
  if (Status e = m.Step(fts); !e.ok()) {
    m.db->Exec("ROLLBACK");
    m.in_txn = false;
    return m.broken = e;
  }
  ++m.stats.stored;
  if (++m.pending >= m.options.batch_articles)
    if (Status e = m.Commit(); !e.ok()) return e;
  return AddOutcome::kStored;
}

namespace {

// IngestInputs with every input name passed through `rename` (in the stored
// articles' `input`, errors and warnings).
InputsIngested IngestRenamed(Ingester& ingester, const std::vector<std::string>& inputs, const ingest::Options& read,
                             const std::function<std::string(const std::string&)>& rename,
                             const std::function<void(const Article&, AddOutcome)>& on_article,
                             const std::function<void(const ingest::InputError&)>& on_error,
                             const std::function<void(const std::string&)>& on_warning) {
  InputsIngested out;
  ingest::Options opts = read;
  if (read.on_warning)
    opts.on_warning = [&](const std::string& input, const std::string& message) {
      read.on_warning(rename(input), message);
    };
  extract::ExtractInputs(
      inputs, opts, ingester.options().extract_threads, /*clean=*/true,
      [&](extract::ExtractedDocument doc) {
        if (!out.write_error.ok()) return;
        if (on_warning)
          for (const std::string& w : doc.warnings) on_warning(rename(w));
        ++out.read;
        Article article = std::move(doc.article);
        article.input = rename(article.input);
        auto outcome = ingester.Add(article);
        if (!outcome.ok()) {
          out.write_error = outcome.status();
          return;
        }
        switch (*outcome) {
          case AddOutcome::kStored: ++out.stored; break;
          case AddOutcome::kDuplicate: ++out.duplicates; break;
          case AddOutcome::kConflict: ++out.conflicts; break;
        }
        if (on_article) on_article(article, *outcome);
      },
      [&](ingest::InputError e) {
        e.input = rename(e.input);
        if (on_error) on_error(e);
      });
  return out;
}

}  // namespace

InputsIngested IngestInputs(Ingester& ingester, const std::vector<std::string>& inputs, const ingest::Options& read,
                            const std::function<void(const Article&, AddOutcome)>& on_article,
                            const std::function<void(const ingest::InputError&)>& on_error,
                            const std::function<void(const std::string&)>& on_warning) {
  return IngestRenamed(
      ingester, inputs, read, [](const std::string& input) { return input; }, on_article, on_error, on_warning);
}

Result<InputsIngested> IngestBytes(Ingester& ingester, const std::string& name, std::string_view bytes,
                                   const std::string& display, const ingest::Options& read,
                                   const std::function<void(const Article&, AddOutcome)>& on_article,
                                   const std::function<void(const ingest::InputError&)>& on_error,
                                   const std::function<void(const std::string&)>& on_warning) {
  namespace fs = std::filesystem;
  std::string tmpl = (fs::temp_directory_path() / "storyline-bytes-XXXXXX").string();
  if (!::mkdtemp(tmpl.data()))
    return Status::IoError(fmt::format("{}: cannot make a temporary directory: {}", display, std::strerror(errno)));
  const fs::path dir(tmpl);
  const std::string file = (dir / name).string();
  std::error_code ec;
  {
    std::ofstream out(file, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) {
      fs::remove_all(dir, ec);
      return Status::IoError(fmt::format("{}: cannot write it to a temporary file", display));
    }
  }
  auto rename = [&](const std::string& input) {
    return input.rfind(file, 0) == 0 ? display + input.substr(file.size()) : input;
  };
  InputsIngested run = IngestRenamed(ingester, {file}, read, rename, on_article, on_error, on_warning);
  fs::remove_all(dir, ec);
  return run;
}

}  // namespace storyline::store
