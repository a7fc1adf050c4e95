// Dedup: duplicates and text reuse with provenance. For a set (or a stream)
// of articles it finds exact duplicates (same normalised text), near-duplicates
// (MinHash over word shingles, candidates from LSH, each pair with its
// estimated and exact Jaccard), and reused passages (the aligned spans two
// articles share, robust to small edits, punctuation and quote changes,
// reordered paragraphs and inserted or removed sentences). Reused passages
// carried by several articles form reuse clusters with the earliest carrier
// and the wire credits ("according to Reuters", "(AFP) -") that cover them.
//
// Words are compared in the matching normalisation (text::Normalize with
// folding, then lower case), so curly vs straight quotes or a changed dash
// never break a match. Spans are byte offsets into the article text given.
//
// Thread safety: free functions are safe to call concurrently. An Index may be
// read (Query, Save) from many threads at once but Add needs exclusive access.
#ifndef STORYLINE_DEDUP_H_
#define STORYLINE_DEDUP_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storyline/article.h"
#include "storyline/status.h"
#include "storyline/text.h"

namespace storyline::dedup {

struct Options {
  // Words per shingle for MinHash and Jaccard.
  size_t shingle_words = 3;
  // LSH: `bands` x `rows` = number of MinHash values per signature. A pair
  // becomes a candidate when all rows of one band agree, so the candidate
  // probability at Jaccard J is 1 - (1 - J^rows)^bands.
  size_t bands = 32;
  size_t rows = 4;
  // A candidate pair is a near-duplicate when its Jaccard reaches this (the
  // exact Jaccard when both texts are at hand, else the estimate).
  double near_threshold = 0.2;
  // Passage index: every article's winnowed shingle hashes (window in
  // shingles) find partial copies that share too little for LSH. Any passage
  // of `anchor_window + shingle_words - 1` words shared verbatim is found.
  // 0 turns the passage index off.
  size_t anchor_window = 20;
  // Shortest shared passage reported, in words. Shared quotations (text
  // between quote marks) count from `min_quote_words`.
  size_t min_span_words = 15;
  size_t min_quote_words = 5;
  uint64_t seed = 0x5107e11e;

  size_t num_hashes() const { return bands * rows; }
  // Error when the options cannot work (zero sizes, too many hashes).
  Status Check() const;
};

// The word-level view of one text every dedup step works on.
struct Fingerprint {
  std::vector<text::Span> words;      // word spans in the original text
  std::vector<uint64_t> word_hashes;  // hash of each matching-normalised word
  std::vector<uint64_t> shingles;     // hash of words [i, i + shingle_words)
  uint64_t content_hash = 0;          // hash of all words: equal for exact duplicates
};

// Builds the fingerprint of `text` (fast path for ASCII; ICU for the rest).
Fingerprint MakeFingerprint(std::string_view text, const Options& options);

// MinHash values kept to 16 bits (b-bit minwise hashing: the estimate's bias
// from chance collisions is 2^-16, negligible) to halve the index's memory.
using Signature = std::vector<uint16_t>;

// MinHash signature of the fingerprint's shingle set (num_hashes values), by
// one-permutation hashing with optimal densification (Shrivastava 2017): one
// hash per shingle instead of num_hashes, same accuracy for news-length texts.
Signature MakeSignature(const Fingerprint& fingerprint, const Options& options);

// Share of equal positions: an unbiased estimate of the Jaccard similarity.
double EstimateJaccard(const Signature& a, const Signature& b);

// Exact Jaccard similarity of the two shingle sets.
double ExactJaccard(const Fingerprint& a, const Fingerprint& b);

// A streaming index of signatures: articles are added one at a time and can be
// queried immediately. Memory per article: the signature (4 bytes a hash), one
// link a band and the passage anchors (MemoryBytes() tells). Saved and loaded
// in the format of docs/FORMATS.md ("dedup index").
class Index {
 public:
  explicit Index(const Options& options = {});
  ~Index();
  Index(Index&&) noexcept;
  Index& operator=(Index&&) noexcept;

  struct Candidate {
    uint32_t doc;          // number given by Add
    double estimated;      // Jaccard estimated from the signatures
    bool exact_duplicate;  // same content hash
    bool lsh;              // found through an LSH band (else only through passage anchors)
    uint32_t shared_anchors;
  };

  // Candidates among the documents added so far, most similar first: LSH
  // matches, exact duplicates and documents sharing at least two anchors.
  std::vector<Candidate> Query(const Fingerprint& fingerprint, const Signature& signature) const;

  // Adds a document and returns its number (0, 1, 2... in order of adding).
  uint32_t Add(std::string_view id, const Fingerprint& fingerprint, const Signature& signature);

  // Query, then Add: the candidates among earlier documents of a document
  // that joins the index. The streaming path: one winnowing pass, not two.
  std::vector<Candidate> Insert(std::string_view id, const Fingerprint& fingerprint, const Signature& signature);

  size_t size() const;
  const std::string& id(uint32_t doc) const;
  const Options& options() const;
  // Bytes held by the index (ids, signatures, tables), for memory accounting.
  size_t MemoryBytes() const;

  Status Save(const std::string& path) const;
  static Result<Index> Load(const std::string& path);
  // The same format in memory (the clusterer's snapshot embeds it). The index
  // loaded from Serialize()'s bytes is the same index: Serialize() of it gives
  // the same bytes, and Query answers alike. Truncated or corrupt bytes: an error.
  std::string Serialize() const;
  static Result<Index> Deserialize(std::string_view bytes);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A passage two texts share: where it stands in each, and how many words of
// `a`'s span matched (edits inside the span are allowed).
struct SharedSpan {
  text::Span a;
  text::Span b;
  size_t words = 0;
  // A quotation both texts carry (within quote marks in both), rather than
  // shared prose: two outlets quoting one speaker do not copy each other.
  bool quotation = false;
};

// The passages texts a and b share, in order of their position in a.
std::vector<SharedSpan> Align(std::string_view text_a, const Fingerprint& a, std::string_view text_b,
                              const Fingerprint& b, const Options& options);

struct Pair {
  size_t a = 0, b = 0;  // article indexes, a < b
  enum class Kind { kExact, kNear, kReuse } kind = Kind::kReuse;
  double estimated = 0;  // Jaccard estimated by MinHash
  double exact = 0;      // exact Jaccard of the shingle sets
  std::vector<SharedSpan> spans;
};

// A passage and every article that carries it.
struct ReuseCluster {
  std::string text;                 // the passage as its first carrier has it
  std::vector<size_t> articles;     // article indexes, sorted
  std::vector<text::Span> spans;    // span in each article, parallel to `articles`
  std::optional<size_t> first;      // earliest carrier by publication time
  std::string first_note;           // why `first` is empty or uncertain ("tie", "dates unknown")
  std::vector<std::string> credits; // wire credits in the carriers' text that cover it
};

// Near copies of one article (a story carried by many outlets with small
// edits). `articles` in input order: the first is the group's first member,
// and every other member has exact Jaccard >= (1 + near_threshold) / 2 with
// it, so any two members have Jaccard >= near_threshold (Jaccard distance is
// a metric) and are near duplicates. Of the pairs of members, FindReuse lists
// only each member's pair with the first and with its closest other earlier
// member (by MinHash estimate): a group of three lists all three pairs, a
// flood of n copies at most 2n, not n^2 / 2.
struct NearGroup {
  std::vector<size_t> articles;
};

struct Report {
  // Every pair but those an exact copy shares with the first article of its
  // words and those implied within a near-copy group (docs/FORMATS.md).
  std::vector<Pair> pairs;
  std::vector<NearGroup> near_groups;  // groups of two or more, by first member
  std::vector<ReuseCluster> clusters;
  // How the run went: the index's memory and the wall time of FindReuse.
  size_t index_bytes = 0;
  double seconds = 0;
};

// Every duplicate, near-duplicate and reuse pair among `articles` (exact
// copies and near-copy groups listed in bounded form, see Report), and the
// reuse clusters. Uses the Index, so it scales with the number of candidate
// pairs, not with all pairs.
Report FindReuse(const std::vector<Article>& articles, const Options& options = {});

// The report as one JSON document (docs/FORMATS.md, "dedup report"), spans in
// code point offsets into each article's text.
std::string RenderJson(const Report& report, const std::vector<Article>& articles);
// For people: each pair with its shared passages side by side, then the reuse
// clusters with their carriers, first carrier and credits.
std::string RenderText(const Report& report, const std::vector<Article>& articles);

// Wire-agency credits in a text: "according to Reuters", "AP reported",
// "(AFP) -", "news agencies"... with their spans.
struct Credit {
  std::string agency;  // as written ("Reuters", "news agencies")
  text::Span span;
};
std::vector<Credit> FindCredits(std::string_view text);

}  // namespace storyline::dedup

#endif  // STORYLINE_DEDUP_H_
