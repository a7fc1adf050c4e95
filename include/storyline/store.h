// Store: the articles and stories Storyline has seen, kept in one SQLite file
// (WAL mode) so that ingest can run again and again over a growing stream and
// the server can read while ingest writes. It holds every Article field, each
// article's story (from the clusterer), one row per story (title, time span,
// article count), a full-text index (FTS5) over titles, outlets and bodies,
// and a cache of rendered briefs.
//
// Writing goes through an Ingester, which owns the one Clusterer of the
// stream. Articles are stored in batched transactions; each is written at most
// once, keyed by its id (an id already stored with the same content is a
// duplicate; with other content it is kept as first stored and reported), and
// also by a content hash (the same content under another id is a duplicate).
// Opening an Ingester replays the stored articles, in stored arrival order,
// through a fresh Clusterer: its state is the one it had when the last batch
// was committed, so an ingest killed at any point and started again gives the
// same articles, stories and story ids as one uninterrupted run over the same
// inputs in the same order.
//
// A Store is one connection to the database. Reads see the last committed
// batch. Errors are values: a missing directory, a file that is no SQLite
// database or a corrupt one, a database of a newer schema, a locked database
// each give a Status naming the file and the problem.
//
// Thread safety: a Store (and an Ingester) is not thread-safe; use one per
// thread. Any number of Stores, in any processes, may read one database while
// one Ingester writes it.
#ifndef STORYLINE_STORE_H_
#define STORYLINE_STORE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storyline/article.h"
#include "storyline/cluster.h"
#include "storyline/ingest.h"
#include "storyline/status.h"

namespace storyline::store {

// The schema this build reads and writes (PRAGMA user_version).
constexpr int kSchemaVersion = 3;

// The articles matching each search term that is in at least half of them
// (words like "the", "of"), kept in memory as bitmaps of article seqs and
// shared by every Store of one process that reads the same database (the
// server's connections). Such a term weighs nothing in BM25 (its IDF is
// floored), so a search uses it as a filter on the matches of its other
// terms instead of walking the term's match list in the index: a rare word
// paired with "the" costs the rare word's matches. Built on first use (one
// walk of the term's matches inside FTS5, ~20 ms and 125 KB per term at a
// million articles), extended with the articles stored since. Thread-safe.
// Articles are never deleted, so what a bitmap says about one stays true.
class SearchCache {
 public:
  SearchCache();
  ~SearchCache();
  SearchCache(const SearchCache&) = delete;
  SearchCache& operator=(const SearchCache&) = delete;
  // How many terms it keeps.
  size_t Terms() const;
  struct Impl;
  Impl& impl() { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

struct Options {
  // Create the database (and its schema) when the file does not exist.
  bool create_if_missing = true;
  // Open read-only: no schema creation, no writes (PutBrief fails).
  bool read_only = false;
  // How long a statement waits for another connection's write lock.
  int busy_timeout_ms = 10000;
  // SQLite page cache of this connection.
  int cache_mib = 64;
  // Shared bitmaps of the most common search terms (see SearchCache); none:
  // every search walks the index, as a one-off search best does.
  std::shared_ptr<SearchCache> search_cache;
};

struct StoredArticle {
  Article article;
  int64_t seq = 0;           // arrival order, 1-based, gap-free
  std::string story_id;      // the article's story now (after merges)
  std::string content_hash;  // 16 hex digits, XXH3-64 of the content fields
};

struct StoryRow {
  std::string id;            // the clusterer's story id ("c" + 16 hex)
  std::string title;
  int64_t article_count = 0;
  // The earliest and latest publication of its articles (as written, and as
  // UTC seconds); empty / nullopt when none of them states a date.
  std::string first_published, last_published;
  std::optional<int64_t> first_time, last_time;
  int64_t last_seq = 0;      // arrival seq of its latest article: its version
  bool live = true;          // false once the clusterer retired it
  // The outlets carrying it, most articles first (at most 8), and the opening
  // of its first article (a sentence, at most ~240 bytes): what a list of
  // stories shows without building briefs; kept in the row, updated with it.
  std::vector<std::string> outlets;
  std::string lead;
};

struct SearchHit {
  std::string article_id, story_id, title, outlet, published, url;
  std::string snippet;       // matched words between \x02 and \x03 markers
  double rank = 0;           // bm25, lower is better
};

struct Counts {
  int64_t articles = 0, stories = 0;
};

class Store {
 public:
  // Opens (or with create_if_missing creates) the database at `path`.
  static Result<std::unique_ptr<Store>> Open(const std::string& path, const Options& options = {});
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const std::string& path() const;

  Result<Counts> Count();
  // Stories, newest first (latest publication, then latest arrival).
  Result<std::vector<StoryRow>> ListStories(size_t offset, size_t limit);
  Result<std::optional<StoryRow>> GetStory(const std::string& id);
  // The articles of a story, in arrival order.
  Result<std::vector<Article>> StoryArticles(const std::string& story_id);
  Result<std::optional<StoredArticle>> GetArticle(const std::string& id);
  // Every stored article in arrival order, `limit` from arrival seq `after`.
  Result<std::vector<StoredArticle>> ArticlesAfter(int64_t after, size_t limit);
  // FTS5 search over titles, outlets and bodies. `query` is taken as words
  // (each a prefix-free term, all required); quotes make a phrase;
  // outlet:NAME and title:WORDS (quoted for several words) limit a term to
  // that field; from:DATE and to:DATE bound the publication day, inclusive
  // (undated articles then never match). Ranked by BM25 (title weighted
  // most) over the newest 200 matches, or offset + limit when more; snippets
  // are cut from the body around the first match (docs/API.md). A malformed
  // query is InvalidArgument, saying why. `total` gets the number of matches
  // (capped at 10,000) when not null.
  Result<std::vector<SearchHit>> Search(const std::string& query, size_t offset, size_t limit,
                                        int64_t* total = nullptr);

  // Builds the bitmaps of the search cache (Options::search_cache) for the
  // terms in half the stored articles or more, so that no search has to:
  // the candidates are the words of `sample_articles` articles spread over
  // arrival order, each checked against the index. A server calls it once
  // at start (about 20 ms per term at a million articles). Returns how many
  // terms the cache keeps; 0 without a cache.
  Result<size_t> FillSearchCache(size_t sample_articles = 256);

  // The cached brief JSON of a story at `version` (StoryRow::last_seq).
  Result<std::optional<std::string>> CachedBrief(const std::string& story_id, int64_t version);
  Status PutBrief(const std::string& story_id, int64_t version, const std::string& json);
  // Up to `limit` of the newest `within` stories whose brief is not cached
  // at their current version, newest first: what a brief warmer builds next.
  Result<std::vector<StoryRow>> StoriesWithoutBrief(size_t within, size_t limit);

  // Checks that every story row matches its articles (count, time span, latest
  // seq) and every article's story exists; the first mismatch, named, as an
  // error.
  Status CheckConsistency();

 private:
  friend class Ingester;
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

struct IngestOptions {
  // Articles per transaction (a caller may commit sooner: the server and
  // `watch` commit each request or poll). 5,000: FTS5 writes a segment per
  // commit, and fewer, larger segments are merged less (and story rows are
  // recomputed once per batch): ~4-8% less ingest CPU than 1,000; a killed
  // process loses at most the batch in flight, which ingesting again stores.
  size_t batch_articles = 5000;
  // Documents extracted at a time by IngestInputs (extract::ExtractInputs;
  // 0: one per core). Storing and clustering stay in input order and are
  // most of the cost, so more threads pay only for web pages: on JSONL text
  // 2 threads cut wall time ~10% for ~50% more CPU (40k articles).
  unsigned extract_threads = 1;
  cluster::Options cluster;  // on_retire, keep_retired and explain_terms are set by the Ingester
  // The clusterer's state is saved with the articles (table cluster_snapshot)
  // when the Ingester closes and at the first commit after this many newly
  // placed articles (0: only on close), so the next Open replays only the
  // articles stored after it instead of every stored article.
  size_t snapshot_articles = 50000;
};

enum class AddOutcome {
  kStored,     // new: stored and placed in a story
  kDuplicate,  // its id (same content) or its content (other id) is stored already
  kConflict,   // its id is stored with other content; the stored version is kept
};

struct IngestStats {
  int64_t replayed = 0;     // stored articles replayed into the clusterer on open
  int64_t restored = 0;     // stored articles whose placement came from the saved clusterer state
  // Why the saved clusterer state was not used on open (every stored article
  // was replayed instead): other cluster options or another build, or a
  // damaged snapshot. Empty when it was used or there was none.
  std::string snapshot_note;
  int64_t snapshots = 0;    // clusterer states saved
  int64_t stored = 0, duplicates = 0, conflicts = 0;
  int64_t merges = 0;       // stories merged into another
  // Stored articles the replay placed in another story than the stored one
  // (the clustering changed between builds); they were moved.
  int64_t reassigned = 0;
};

// Writes articles into a Store. Exactly one Ingester per database at a time
// (a second one fails to open with "database is being ingested by another
// process").
class Ingester {
 public:
  // Restores the clusterer from its saved state (IngestOptions::
  // snapshot_articles) and replays the articles stored after it; without a
  // usable saved state (none, other cluster options or build, damaged:
  // IngestStats::snapshot_note says which) replays every stored article and
  // saves the replayed state in the replay's commit.
  static Result<std::unique_ptr<Ingester>> Open(Store* store, const IngestOptions& options = {});
  ~Ingester();  // commits what is pending and saves the clusterer's state; errors are lost: call Commit()
  Ingester(const Ingester&) = delete;
  Ingester& operator=(const Ingester&) = delete;

  // Stores one extracted article (committing when a batch is full).
  Result<AddOutcome> Add(const Article& article);
  // Commits the pending batch.
  Status Commit();
  const IngestStats& stats() const;
  const IngestOptions& options() const;

 private:
  struct Impl;
  explicit Ingester(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Reads `inputs` as `storyline ingest` does (extract::ExtractInputs with the
// ingester's extract_threads; the callbacks are called in input order, one at
// a time, possibly from a worker thread) and adds every article to
// `ingester`, without
// committing. `on_article` (optional) hears each article and its outcome,
// after `on_warning` hears the warnings about it (decoding problems; each
// names its input); `on_error` hears each input that could not be read.
// Adding stops at the first write error, which is returned in `write_error`.
struct InputsIngested {
  int64_t read = 0, stored = 0, duplicates = 0, conflicts = 0;
  Status write_error;
};
InputsIngested IngestInputs(Ingester& ingester, const std::vector<std::string>& inputs,
                            const ingest::Options& read,
                            const std::function<void(const Article&, AddOutcome)>& on_article,
                            const std::function<void(const ingest::InputError&)>& on_error,
                            const std::function<void(const std::string&)>& on_warning = {});

// The same for one input held in memory (an upload, a fetched feed): read
// as a file named `name` would be (its kind detected by content; `name`
// gives plain texts and pages their id), through a private temporary file;
// the stored articles' `input`, errors and warnings name `display` instead
// of that file. An error only when the temporary file cannot be written.
Result<InputsIngested> IngestBytes(Ingester& ingester, const std::string& name, std::string_view bytes,
                                   const std::string& display, const ingest::Options& read,
                                   const std::function<void(const Article&, AddOutcome)>& on_article,
                                   const std::function<void(const ingest::InputError&)>& on_error,
                                   const std::function<void(const std::string&)>& on_warning = {});

// The content hash the store keys articles by: XXH3-64 over url, outlet,
// title, authors, published, language and text (not id or input), as 16 hex
// digits.
std::string ContentHash(const Article& article);

}  // namespace storyline::store

#endif  // STORYLINE_STORE_H_
