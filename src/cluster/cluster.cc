// The online story clusterer. See include/storyline/cluster.h for the contract
// and docs (the cluster section of DESIGN.md) for why it is built this way.
//
// Per article: features (TF-IDF vectors of title terms, all terms, names and
// numbers, the publication time), candidate stories from an inverted index over
// the live stories' centroid terms, a logistic join model over pair features,
// then join / new story / merge, and every 64 arrivals the retirement of idle
// stories. All state is bounded by the live window: centroids are truncated to
// `centroid_terms`, document frequencies live in a fixed-size hashed table, the
// passage index is rotated per window.
#include "storyline/cluster.h"

#include <unicode/uchar.h>
#include <unicode/uversion.h>
#include <unicode/utf8.h>
#include <xxhash.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <deque>
#include <limits>
#include <map>
#include <optional>
#include <ostream>
#include <queue>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "storyline/dedup.h"
#include "storyline/text.h"

namespace storyline::cluster {
namespace {

// The title score of a headline made from an untitled article's lead: below
// every real title's (0 or more), above none (-1).
constexpr double kLeadTitleScore = -0.5;

#include "cluster/model.inc"

struct IdfPriorEntry {
  uint64_t term;
  uint32_t docs;
};
#include "cluster/idf_prior.inc"

// Feature order of the join model (after the bias weight).
const char* const kFeatureNameList[] = {
    "title_cos",     // cosine of the article's title terms with the story's title centroid
    "all_cos",       // cosine of all terms (title weighted up) with the story's centroid
    "names_cos",     // cosine of capitalised names
    "numbers_cos",   // cosine of numbers
    "log_gap",       // log(1 + time between the article and the story's span); 0 if unknown:
                     // in hours for headlines (learned), in days for full articles (prior weight)
    "time_known",    // both times known (headlines only)
    "log_size",      // log(1 + articles in the story)
    "shared_passage",// a passage (dedup) shared with an article of the story
    "has_body",      // the article has a body beyond its title
    "best_margin",   // all_cos minus the best all_cos among the other candidates
    // The same similarities again when the article has a body: headline-only
    // streams and full articles need different weights (0 for headlines).
    "title_cos_x_body",
    "all_cos_x_body",
    "names_cos_x_body",
    "best_margin_x_body",
};
constexpr size_t kNumFeatures = sizeof(kFeatureNameList) / sizeof(kFeatureNameList[0]);
static_assert(sizeof(kJoinWeights) / sizeof(kJoinWeights[0]) == kNumFeatures + 1,
              "model.inc must have one weight per feature plus the bias");

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Title terms count this much more than body terms in the "all" vector.
constexpr double kTitleBoost = 2.0;
// Article terms used to look up candidates in the inverted index.
constexpr size_t kQueryTerms = 40;
// Terms kept per story for titles, names and numbers (the "all" centroid keeps
// Options::centroid_terms).
constexpr size_t kSmallCentroid = 40;
// Passage anchors (dedup::Index) an article must share with one of a story's
// articles for a shared passage.
constexpr uint32_t kMinSharedAnchors = 4;
// Passages are looked up among the articles of the last one to two of these
// windows (two rotated generations): copies of a wire passage come within a
// day or two, and the cost of a lookup grows with the index.
constexpr double kPassageWindowHours = 24;
// Posting lists up to this long are always walked (see Retrieve).
constexpr size_t kMinPostingCap = 200;
// Two stories merge only when their centroids are at least this similar.
constexpr double kMergeMinCentroidCos = 0.3;
// A second chance: an article that started a story although its best
// candidate came close (a join probability of at least kNearMiss) is placed
// again kSecondChanceAfter arrivals later while its story still holds it
// alone, then after twice as many, up to kLastChanceAfter: the story it
// belongs to may have grown since (or begun just after it), and an early
// article compared with a story of one or two articles is a poor comparison.
// Only near misses: on a dense stream most new stories' best candidate is
// far off, and placing every one again costs a tenth of the clusterer's time.
constexpr double kNearMiss = 0.25;
constexpr uint64_t kSecondChanceAfter = 8;
constexpr uint64_t kLastChanceAfter = 64;

using Term = uint64_t;
struct Entry {
  Term term;
  float weight;
};
using SparseVec = std::vector<Entry>;  // sorted by term, unique

Term HashTerm(char kind, std::string_view s) {
  Term t = XXH3_64bits_withSeed(s.data(), s.size(), static_cast<uint64_t>(kind));
  return t == 0 ? 1 : t;  // 0 marks an empty slot in TermMap
}

// ---- Snapshot encoding (docs/FORMATS.md, "clusterer snapshot") -----------------

constexpr char kSnapshotMagic[8] = {'S', 'L', 'C', 'L', 'U', 'S', 'T', 'R'};
constexpr uint32_t kSnapshotFormat = 2;
// The clustering code's version, part of every snapshot's fingerprint (with
// the linked ICU's version, ConfigFingerprint). Bump it
// with any change here (or in the tokenizer, stemmer or dedup code used here)
// that can change where an article goes: older snapshots are then refused
// and the store replays its articles instead of continuing from a state
// this code would not have reached. SnapshotTest.ReferenceStreamMatchesTheVersion
// fails when the assignments of its reference stream change without a bump.
constexpr uint32_t kClusteringVersion = 3;

// Little-endian fixed-width values, LEB128 varints and length-prefixed strings.
class SnapshotWriter {
 public:
  std::string out;
  void U8(uint8_t v) { out.push_back(static_cast<char>(v)); }
  void U32(uint32_t v) { Raw(&v, sizeof v); }
  void U64(uint64_t v) { Raw(&v, sizeof v); }
  void F32(float v) { Raw(&v, sizeof v); }
  void F64(double v) { Raw(&v, sizeof v); }  // bit pattern: NaN stays NaN
  void Var(uint64_t v) {
    for (; v >= 0x80; v >>= 7) out.push_back(static_cast<char>(v | 0x80));
    out.push_back(static_cast<char>(v));
  }
  void Str(std::string_view s) {
    Var(s.size());
    out.append(s);
  }

 private:
  void Raw(const void* p, size_t n) { out.append(static_cast<const char*>(p), n); }
};

// Reads what SnapshotWriter wrote, bounds-checked: past the end (or on a
// malformed value) it fails, returns zeros and stays failed.
class SnapshotReader {
 public:
  explicit SnapshotReader(std::string_view data) : data_(data) {}
  bool ok() const { return ok_; }
  bool at_end() const { return pos_ == data_.size(); }
  uint8_t U8() { return Fixed<uint8_t>(); }
  uint32_t U32() { return Fixed<uint32_t>(); }
  uint64_t U64() { return Fixed<uint64_t>(); }
  float F32() { return Fixed<float>(); }
  double F64() { return Fixed<double>(); }
  uint64_t Var() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64 && pos_ < data_.size(); shift += 7) {
      uint8_t b = static_cast<uint8_t>(data_[pos_++]);
      v |= uint64_t{b & 0x7Fu} << shift;
      if (!(b & 0x80)) return v;
    }
    Fail();
    return 0;
  }
  std::string Str() {
    std::string_view v = Bytes(Var());
    return std::string(v);
  }
  std::string_view Bytes(uint64_t n) {
    if (!ok_ || n > data_.size() - pos_) {
      Fail();
      return {};
    }
    std::string_view v = data_.substr(pos_, n);
    pos_ += n;
    return v;
  }
  // A count of items of at least `min_bytes` each; fails when the rest of
  // the data cannot hold that many (so a corrupt count allocates nothing).
  size_t Count(size_t min_bytes) {
    uint64_t n = Var();
    if (!ok_ || n > (data_.size() - pos_) / min_bytes) {
      Fail();
      return 0;
    }
    return static_cast<size_t>(n);
  }
  void Fail() {
    ok_ = false;
    pos_ = data_.size();
  }

 private:
  template <typename T>
  T Fixed() {
    T v{};
    if (!ok_ || sizeof(T) > data_.size() - pos_) {
      Fail();
      return v;
    }
    std::memcpy(&v, data_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return v;
  }
  std::string_view data_;
  size_t pos_ = 0;
  bool ok_ = true;
};

// Document frequencies in a fixed-size table indexed by term hash: memory does
// not grow with the vocabulary, and rare collisions only blur rare terms.
class DocFreq {
 public:
  // Starts from the prior document frequencies (idf_prior.inc, counted on
  // the training corpora), so a small batch or the start of a stream does not
  // take the terms its few articles share for common words.
  DocFreq() : counts_(kSize, 0), docs_(kIdfPriorDocs) {
    for (const IdfPriorEntry& e : kIdfPrior) counts_[e.term & (kSize - 1)] += e.docs;
  }
  void Add(const std::vector<Term>& unique_terms) {
    ++docs_;
    for (Term t : unique_terms) {
      uint32_t& c = counts_[t & (kSize - 1)];
      if (c != UINT32_MAX) ++c;
    }
  }
  double Idf(Term t) const {
    double df = counts_[t & (kSize - 1)];
    return std::max(0.05, std::log((docs_ + 1.0) / (df + 0.5)));
  }
  size_t MemoryBytes() const { return counts_.size() * sizeof(uint32_t); }

  // Snapshot: the article count, then the slots that differ from the prior
  // (gap from the previous such slot, count above the prior), so a snapshot
  // grows with the vocabulary seen, not with the table.
  void Save(SnapshotWriter& w) const {
    const DocFreq prior;
    w.U64(docs_);
    size_t changed = 0;
    for (size_t i = 0; i < kSize; ++i) changed += counts_[i] != prior.counts_[i];
    w.Var(changed);
    size_t last = 0;
    for (size_t i = 0; i < kSize; ++i) {
      if (counts_[i] == prior.counts_[i]) continue;
      w.Var(i - last);
      w.Var(counts_[i] - prior.counts_[i]);
      last = i;
    }
  }
  // Loads into a DocFreq holding the prior; false when the bytes are not one.
  bool Load(SnapshotReader& r) {
    docs_ = r.U64();
    size_t changed = r.Count(2);
    size_t at = 0;
    for (size_t k = 0; k < changed && r.ok(); ++k) {
      uint64_t gap = r.Var(), delta = r.Var();
      if ((k > 0 && gap == 0) || gap >= kSize - at || delta == 0 || delta > UINT32_MAX - counts_[at + gap]) return false;
      at += gap;
      counts_[at] += static_cast<uint32_t>(delta);
    }
    return r.ok();
  }

 private:
  static constexpr size_t kSize = size_t{1} << 20;
  std::vector<uint32_t> counts_;
  uint64_t docs_ = 0;
};

// A small open-addressing map term -> weight, built once per article so each
// candidate's centroid is scored with one probe per centroid term.
class TermMap {
 public:
  void Build(const SparseVec& v) {
    size_t cap = 16;
    while (cap < v.size() * 2 + 2) cap <<= 1;
    slots_.assign(cap, Entry{0, 0});
    mask_ = cap - 1;
    for (const Entry& e : v) {
      size_t i = e.term & mask_;
      while (slots_[i].term != 0) i = (i + 1) & mask_;
      slots_[i] = e;
    }
  }
  float Get(Term t) const {
    size_t i = t & mask_;
    while (true) {
      const Entry& s = slots_[i];
      if (s.term == t) return s.weight;
      if (s.term == 0) return 0;
      i = (i + 1) & mask_;
    }
  }

 private:
  std::vector<Entry> slots_;
  size_t mask_ = 0;
};

// The inverted index: centroid term -> live stories holding it. An
// open-addressing table (linear probing, backward-shift deletion) of term ->
// list slot; emptied lists go back to a free list with their capacity, so
// memory follows the live vocabulary, not the stream's.
class Postings {
 public:
  Postings() { Rehash(1024); }

  const std::vector<uint32_t>* Find(Term t) const {
    for (size_t i = t & mask_;; i = (i + 1) & mask_) {
      if (keys_[i] == t) return &lists_[slots_[i]];
      if (keys_[i] == 0) return nullptr;
    }
  }
  void Add(Term t, uint32_t serial) {
    if ((size_ + 1) * 2 > keys_.size()) Rehash(keys_.size() * 2);
    size_t i = t & mask_;
    for (; keys_[i] != 0; i = (i + 1) & mask_)
      if (keys_[i] == t) {
        lists_[slots_[i]].push_back(serial);
        return;
      }
    keys_[i] = t;
    if (free_.empty()) {
      slots_[i] = static_cast<uint32_t>(lists_.size());
      lists_.emplace_back();
    } else {
      slots_[i] = free_.back();
      free_.pop_back();
    }
    lists_[slots_[i]].push_back(serial);
    ++size_;
  }
  void Remove(Term t, uint32_t serial) {
    size_t i = t & mask_;
    for (; keys_[i] != t; i = (i + 1) & mask_)
      if (keys_[i] == 0) return;
    std::vector<uint32_t>& v = lists_[slots_[i]];
    auto p = std::find(v.begin(), v.end(), serial);
    if (p != v.end()) {
      *p = v.back();
      v.pop_back();
    }
    if (!v.empty()) return;
    free_.push_back(slots_[i]);
    --size_;
    // Backward-shift deletion keeps every probe sequence unbroken.
    size_t hole = i;
    for (size_t j = (i + 1) & mask_; keys_[j] != 0; j = (j + 1) & mask_) {
      size_t home = keys_[j] & mask_;
      bool movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
      if (movable) {
        keys_[hole] = keys_[j];
        slots_[hole] = slots_[j];
        hole = j;
      }
    }
    keys_[hole] = 0;
  }
  size_t MemoryBytes() const {
    size_t bytes = keys_.capacity() * (sizeof(Term) + sizeof(uint32_t)) + free_.capacity() * sizeof(uint32_t);
    for (const auto& v : lists_) bytes += sizeof(v) + v.capacity() * sizeof(uint32_t);
    return bytes;
  }

 private:
  void Rehash(size_t cap) {
    std::vector<Term> keys = std::move(keys_);
    std::vector<uint32_t> slots = std::move(slots_);
    keys_.assign(cap, 0);
    slots_.assign(cap, 0);
    mask_ = cap - 1;
    for (size_t k = 0; k < keys.size(); ++k) {
      if (keys[k] == 0) continue;
      size_t i = keys[k] & mask_;
      while (keys_[i] != 0) i = (i + 1) & mask_;
      keys_[i] = keys[k];
      slots_[i] = slots[k];
    }
  }
  std::vector<Term> keys_;
  std::vector<uint32_t> slots_;
  size_t mask_ = 0, size_ = 0;
  std::vector<std::vector<uint32_t>> lists_;
  std::vector<uint32_t> free_;
};

// A story centroid: the sum of its articles' normalised vectors, truncated to
// the heaviest terms. `norm` is its L2 norm.
struct Centroid {
  SparseVec entries;
  double norm = 0;

  // `out` is scratch (its buffer is reused between calls).
  void Add(const SparseVec& v, float scale, size_t keep, SparseVec& out) {
    out.clear();
    out.reserve(entries.size() + v.size());
    size_t i = 0, j = 0;
    while (i < entries.size() || j < v.size()) {
      if (j == v.size() || (i < entries.size() && entries[i].term < v[j].term)) {
        out.push_back(entries[i++]);
      } else if (i == entries.size() || v[j].term < entries[i].term) {
        out.push_back({v[j].term, v[j].weight * scale});
        ++j;
      } else {
        out.push_back({entries[i].term, entries[i].weight + v[j].weight * scale});
        ++i;
        ++j;
      }
    }
    if (out.size() > keep) {
      // Keep the heaviest; ties by term so the result is deterministic.
      std::nth_element(out.begin(), out.begin() + keep, out.end(), [](const Entry& a, const Entry& b) {
        return a.weight != b.weight ? a.weight > b.weight : a.term < b.term;
      });
      out.resize(keep);
      std::sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) { return a.term < b.term; });
    }
    entries.assign(out.begin(), out.end());
    double s = 0;
    for (const Entry& e : entries) s += double(e.weight) * e.weight;
    norm = std::sqrt(s);
  }
  void Clear() {
    SparseVec().swap(entries);
    norm = 0;
  }
  double Cosine(const TermMap& article) const {
    if (norm == 0) return 0;
    double dot = 0;
    for (const Entry& e : entries) dot += double(e.weight) * article.Get(e.term);
    return dot / norm;
  }
  size_t MemoryBytes() const { return entries.capacity() * sizeof(Entry); }

  void Save(SnapshotWriter& w) const {
    w.Var(entries.size());
    for (const Entry& e : entries) {
      w.U64(e.term);
      w.F32(e.weight);
    }
    w.F64(norm);
  }
  // False unless the terms are valid (non-zero) and strictly increasing and
  // the weights finite (a NaN would break the orderings sorts rely on).
  bool Load(SnapshotReader& r) {
    entries.resize(r.Count(12));
    Term prev = 0;
    for (Entry& e : entries) {
      e.term = r.U64();
      e.weight = r.F32();
      if (e.term <= prev || !std::isfinite(e.weight)) return false;
      prev = e.term;
    }
    norm = r.F64();
    return r.ok() && std::isfinite(norm);
  }
};

double CentroidCosine(const Centroid& a, const Centroid& b) {
  if (a.norm == 0 || b.norm == 0) return 0;
  double dot = 0;
  size_t i = 0, j = 0;
  while (i < a.entries.size() && j < b.entries.size()) {
    if (a.entries[i].term < b.entries[j].term) {
      ++i;
    } else if (b.entries[j].term < a.entries[i].term) {
      ++j;
    } else {
      dot += double(a.entries[i].weight) * b.entries[j].weight;
      ++i;
      ++j;
    }
  }
  return dot / (a.norm * b.norm);
}

// One occurrence of a term in an article; after aggregation, one per (field,
// term) with its count and first occurrence (the term's readable form).
struct Raw {
  Term term;
  uint8_t field;  // 0 title word, 1 body word, 2 name, 3 number
  uint8_t src;    // 0 title, 1 body
  uint32_t begin, end;
  float count = 1;
};

struct ArticleFeatures {
  SparseVec title, all, names, numbers;  // TF-IDF, L2-normalised
  TermMap title_map, all_map, names_map, numbers_map;
  std::vector<Raw> raw;  // scratch
  // Distinct (field, term) with counts, sorted by field then term; also the
  // readable form of each term (a span of the title or body): strings are
  // only made for explanations.
  std::vector<Raw> agg;
  std::string_view title_text, body_text;
  double hours = kNaN;                                 // publication time, hours since 1970
  bool has_body = false;
  dedup::Fingerprint fingerprint;
  dedup::Signature signature;
  bool fingerprinted = false;
  std::vector<Term> unique_terms;  // every distinct term (for the IDF prior)

  std::optional<std::string> Display(Term t) const {
    for (uint8_t field = 0; field < 4; ++field) {
      auto it = std::lower_bound(agg.begin(), agg.end(), std::pair<uint8_t, Term>(field, t),
                                 [](const Raw& r, const std::pair<uint8_t, Term>& k) {
                                   return r.field != k.first ? r.field < k.first : r.term < k.second;
                                 });
      if (it == agg.end() || it->field != field || it->term != t) continue;
      std::string_view src = it->src == 0 ? title_text : body_text;
      return std::string(src.substr(it->begin, it->end - it->begin));
    }
    return std::nullopt;
  }
};

// ---- Tokens ---------------------------------------------------------------------

// A word or number token: its span and its case-folded text.
struct Tok {
  uint32_t begin, end;
  bool number;
  std::string_view lower;
};

// Word and number tokens as text::Tokenize gives them (ICU word boundaries),
// with a fast path for ASCII text (plus typographic quotes, dashes, ellipses
// and no-break spaces) that follows the same Unicode word-break rules for
// those characters: runs of letters and digits, joined by an apostrophe or
// period between two letters or two digits ("don't", "U.S", "1.5") and by a
// comma or semicolon between digits ("1,200"); "$" joins a following number;
// a dotted abbreviation keeps its final period ("U.S."). Any other non-ASCII
// byte sends the whole text through ICU. Reuses its buffers between calls.
class Tokenizer {
 public:
  std::vector<Tok> tokens;

  void Run(std::string_view text) {
    tokens.clear();
    lower_.clear();
    if (!Fast(text)) {
      tokens.clear();
      lower_.clear();
      for (const text::Token& t : text::Tokenize(text)) {
        tokens.push_back(Tok{static_cast<uint32_t>(t.span.begin), static_cast<uint32_t>(t.span.end),
                             t.kind == text::Token::Kind::kNumber, {}});
        lower_ += t.lower;
        lower_ += '\0';
      }
    }
    // Views into lower_ once it no longer grows.
    size_t at = 0;
    for (Tok& t : tokens) {
      size_t n = lower_.find('\0', at);
      t.lower = std::string_view(lower_).substr(at, n - at);
      at = n + 1;
    }
  }

 private:
  static bool Alpha(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
  static bool Digit(unsigned char c) { return c >= '0' && c <= '9'; }
  static bool Alnum(unsigned char c) { return Alpha(c) || Digit(c); }
  // Length of the allowed non-ASCII sequence at i (0: not allowed); *mid
  // is set for the typographic apostrophes (word-internal like "'").
  static size_t Special(std::string_view t, size_t i, bool* mid) {
    *mid = false;
    auto u = [&](size_t k) { return static_cast<unsigned char>(t[k]); };
    if (u(i) == 0xC2 && i + 1 < t.size() && u(i + 1) == 0xA0) return 2;  // no-break space
    if (u(i) == 0xE2 && i + 2 < t.size() && u(i + 1) == 0x80) {
      unsigned char c = u(i + 2);
      if (c == 0x98 || c == 0x99) {  // ‘ ’
        *mid = true;
        return 3;
      }
      if (c == 0x9C || c == 0x9D || c == 0x93 || c == 0x94 || c == 0xA6) return 3;  // “ ” – — …
    }
    return 0;
  }
  static bool DottedAbbreviation(std::string_view w) {
    if (w.find('.') == std::string_view::npos) return false;
    size_t group = 0;
    for (char ch : w) {
      if (ch == '.') {
        if (group == 0) return false;
        group = 0;
      } else if (Alpha(static_cast<unsigned char>(ch))) {
        if (++group > 2) return false;
      } else {
        return false;
      }
    }
    return group > 0;
  }

  bool Fast(std::string_view t) {
    const size_t n = t.size();
    size_t i = 0, prev_end = 0;
    bool mid;
    while (i < n) {
      unsigned char c = t[i];
      if (c >= 0x80) {
        size_t len = Special(t, i, &mid);
        if (len == 0) return false;
        i += len;
        continue;
      }
      if (!Alnum(c)) {
        ++i;
        continue;
      }
      size_t b = i, e = i + 1;
      while (e < n) {
        unsigned char d = t[e];
        if (Alnum(d)) {
          ++e;
          continue;
        }
        size_t len = 0;
        int kind = 0;  // 1: between letters or digits, 2: between digits
        if (d == '.' || d == '\'') {
          len = 1;
          kind = 1;
        } else if (d == ',' || d == ';') {
          len = 1;
          kind = 2;
        } else if (d >= 0x80) {
          len = Special(t, e, &mid);
          if (len == 0) return false;
          kind = mid ? 1 : 0;
        }
        if (kind == 0 || e + len >= n) break;
        unsigned char p = t[e - 1], q = t[e + len];
        bool join = kind == 1 ? (Alpha(p) && Alpha(q)) || (Digit(p) && Digit(q)) : Digit(p) && Digit(q);
        if (!join) break;
        e += len + 1;
      }
      bool number = Digit(c);
      if (number && b > prev_end && t[b - 1] == '$') --b;
      if (e < n && t[e] == '.' && DottedAbbreviation(t.substr(b, e - b))) ++e;
      tokens.push_back(Tok{static_cast<uint32_t>(b), static_cast<uint32_t>(e), number, {}});
      for (size_t k = b; k < e; ++k) {
        unsigned char ch = t[k];
        if (ch >= 0x80) {  // a typographic apostrophe inside a word: folded as ICU's FoldCase leaves it
          lower_ += static_cast<char>(ch);
        } else {
          lower_ += static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
        }
      }
      lower_ += '\0';
      prev_end = e;
      i = e;
    }
    return true;
  }

  std::string lower_;  // the tokens' folded texts, each ended by '\0'
};

// What the clusterer needs to know about one folded token, computed once per
// distinct token (stemming and stop-word lookups dominate otherwise).
struct WordInfo {
  Term stem = 0;    // 'w' + stem, for words
  Term name = 0;    // 'n' + folded word, for capitalised words
  Term number = 0;  // '#' + digits without separators (0: under two characters)
  bool stop = false;      // stop word or one character: not a term
  bool calendar = false;  // weekday or month: capitalised, but not a name
};

bool IsCalendarWord(std::string_view w) {
  static const std::unordered_set<std::string_view> kWords = {
      "monday",  "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",   "january",
      "february", "march",  "april",     "june",     "july",   "august",   "september", "october",
      "november", "december", "jan",     "feb",      "aug",    "sept",     "sep",       "oct",
      "nov",      "dec"};
  return kWords.count(w) > 0;
}

// The stemmer of one language and its cache of WordInfo by folded token: an
// open-addressing table keyed by the token's 64-bit hash (a collision would
// need 2^32 distinct tokens to be likely). A slot holds the key and the
// token's WordInfo packed in 32 bytes, so a look-up touches one cache line
// (the table outgrows the caches on a large vocabulary). The table is emptied
// when half full, so its memory is bounded.
class Lexicon {
 public:
  explicit Lexicon(const std::string& language) : language_(language), stemmer_(language), slots_(4096) {}

  WordInfo Get(std::string_view lower) {
    uint64_t h = XXH3_64bits(lower.data(), lower.size());
    if (h == 0) h = 1;
    size_t mask = slots_.size() - 1;
    size_t i = h & mask;
    for (; slots_[i].key != 0; i = (i + 1) & mask)
      if (slots_[i].key == h) return slots_[i].Info();
    if (size_ * 2 >= slots_.size()) {
      if (slots_.size() < kMaxSlots) {
        Grow();
      } else {
        std::fill(slots_.begin(), slots_.end(), Slot{});
        size_ = 0;
      }
      mask = slots_.size() - 1;
      for (i = h & mask; slots_[i].key != 0;) i = (i + 1) & mask;
    }
    WordInfo w;
    unsigned char c0 = lower.empty() ? 0 : static_cast<unsigned char>(lower[0]);
    if ((c0 >= '0' && c0 <= '9') || c0 == '$') {
      std::string n;
      for (char c : lower)
        if (c != ',') n += c;
      if (n.size() >= 2) w.number = HashTerm('#', n);
    } else if (lower.size() < 2 || text::IsStopWord(lower, language_)) {
      w.stop = true;
    } else {
      w.stem = HashTerm('w', stemmer_.Stem(lower));
      w.name = HashTerm('n', lower);
      w.calendar = IsCalendarWord(lower);
    }
    slots_[i] = Slot::Of(h, w);
    ++size_;
    return w;
  }
  size_t MemoryBytes() const { return slots_.size() * sizeof(Slot); }

 private:
  static constexpr size_t kMaxSlots = size_t{1} << 18;
  // A number has no stem or name, a word no number: two terms suffice.
  struct alignas(32) Slot {
    uint64_t key = 0;  // 0: empty
    Term first = 0;    // stem, or number
    Term second = 0;   // name
    uint8_t flags = 0;
    static constexpr uint8_t kStop = 1, kCalendar = 2, kNumber = 4;
    static Slot Of(uint64_t key, const WordInfo& w) {
      Slot s;
      s.key = key;
      if (w.number != 0) {
        s.first = w.number;
        s.flags = kNumber;
      } else {
        s.first = w.stem;
        s.second = w.name;
      }
      s.flags |= (w.stop ? kStop : 0) | (w.calendar ? kCalendar : 0);
      return s;
    }
    WordInfo Info() const {
      WordInfo w;
      if (flags & kNumber) {
        w.number = first;
      } else {
        w.stem = first;
        w.name = second;
      }
      w.stop = flags & kStop;
      w.calendar = flags & kCalendar;
      return w;
    }
  };
  static_assert(sizeof(Slot) == 32);
  void Grow() {
    std::vector<Slot> slots(slots_.size() * 2);
    size_t mask = slots.size() - 1;
    for (const Slot& old : slots_) {
      if (old.key == 0) continue;
      size_t i = old.key & mask;
      while (slots[i].key != 0) i = (i + 1) & mask;
      slots[i] = old;
    }
    slots_ = std::move(slots);
  }
  std::string language_;
  text::Stemmer stemmer_;
  std::vector<Slot> slots_;
  size_t size_ = 0;
};

const std::string kDefaultLanguage = "en";

// Hours since 1970-01-01T00:00Z of an ISO 8601 date or date-time (a date
// alone counts from its start), or NaN when `s` is not one.
double ParseHours(std::string_view s) {
  auto t = ParsePublished(s);
  return t ? static_cast<double>(t->lo) / 3600.0 : kNaN;
}

// One story in memory.
struct StoryState {
  uint32_t serial = 0;
  std::string id;
  std::string title;
  double title_score = -1;
  std::vector<std::string> article_ids;
  std::vector<uint64_t> arrivals;  // parallel to article_ids
  std::string first_published, last_published;
  double first_hours = kNaN, last_hours = kNaN;
  uint64_t last_arrival = 0;
  Centroid title_c, all_c, names_c, numbers_c;
  bool live = true;
  int64_t merged_into = -1;

  size_t size() const { return article_ids.size(); }
  bool timed() const { return !std::isnan(last_hours); }
};

struct Candidate {
  uint32_t serial;
  double retrieval;  // inverted-index score
  double f[kNumFeatures] = {};
  double probability = 0;
};

double Sigmoid(double z) { return 1.0 / (1.0 + std::exp(-z)); }

// A shared passage is strong evidence the training streams hardly show
// (headlines have no passages; DUC articles rarely quote each other), so its
// learned weight is floored at this prior.
constexpr double kPassageWeightFloor = 4.0;
// The only timed training stream (UCI) is headlines over 36 hours, where the
// aggregator splits a story at any pause; it cannot teach how the pull of a
// story of full articles fades over days. For articles with a body the gap
// is measured in days and weighed by this prior instead: a story idle 3 days
// loses ~4 logits, one idle 6 hours ~0.7.
constexpr double kBodyGapWeight = -3.0;

// `weights`: bias then one per feature (kJoinWeights unless overridden).
double Predict(const double* weights, const double* f) {
  double z = weights[0];
  for (size_t i = 0; i < kNumFeatures; ++i) {
    double w = weights[i + 1];
    if (i == 7) w = std::max(w, kPassageWeightFloor);
    if (i == 4 && f[8] > 0) w = kBodyGapWeight;
    z += w * f[i];
  }
  return Sigmoid(z);
}

bool IsUpperStart(std::string_view s) {
  if (s.empty()) return false;
  unsigned char c = s[0];
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  size_t i = 0;
  UChar32 cp;
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i, static_cast<int32_t>(s.size()), cp);
  return cp >= 0 && u_isupper(cp);
}

// True when the token at `begin` starts a sentence (so its capital says nothing).
bool SentenceInitial(std::string_view text, size_t begin) {
  size_t i = begin;
  while (i > 0) {
    unsigned char c = text[i - 1];
    if (c == ' ' || c == '\t' || c == '"' || c == '\'' || c == '(' || c == '[') {
      --i;
      continue;
    }
    if (c >= 0x80) {  // a typographic quote or dash: skip the whole sequence
      size_t j = i - 1;
      while (j > 0 && (static_cast<unsigned char>(text[j]) & 0xC0) == 0x80) --j;
      std::string_view seq = text.substr(j, i - j);
      if (seq == "\u201C" || seq == "\u2018" || seq == "\u2014" || seq == "\u2013" || seq == "\u00AB") {
        i = j;
        continue;
      }
      return false;
    }
    return c == '.' || c == '!' || c == '?' || c == '\n' || c == ':' || c == '-';
  }
  return true;
}

}  // namespace

struct Clusterer::Impl {
  Options options;
  DocFreq df;
  std::map<std::string, std::unique_ptr<Lexicon>, std::less<>> lexicons;
  Tokenizer tokenizer;
  ArticleFeatures scratch;  // reused article by article (keeps its buffers)
  std::vector<uint32_t> agg_slots;  // Extract's aggregation table
  std::vector<std::unique_ptr<StoryState>> stories;  // by serial; null once forgotten
  std::vector<uint32_t> live;                        // serials of live stories
  Postings postings;  // centroid term -> live stories
  std::unordered_map<std::string, uint32_t> story_of_article;
  std::unordered_set<std::string> used_ids;
  std::vector<float> acc;          // retrieval accumulators by serial
  std::vector<uint32_t> touched;   // serials with a non-zero accumulator
  SparseVec query_buf, before_buf, merge_buf;  // scratch buffers, reused
  // The join model's weights: the trained ones, or Options::join_weights.
  const double* weights = kJoinWeights;
  uint64_t arrivals = 0;
  // Second chances (kNearMiss): when each is due, earliest first, and the
  // article of each waiting story as it was placed (its own vectors: the
  // story's centroids are cut to their heaviest terms).
  struct Chance {
    uint64_t due;     // the arrival count at which the story's article is placed again
    uint32_t serial;  // the story
    uint64_t wait;    // arrivals from this chance to the next
    bool operator>(const Chance& o) const { return due != o.due ? due > o.due : serial > o.serial; }
  };
  std::priority_queue<Chance, std::vector<Chance>, std::greater<Chance>> chances;
  struct Waiting {
    std::array<SparseVec, 4> vecs;  // title, all, names, numbers
    bool has_body = false;
  };
  std::unordered_map<uint32_t, Waiting> waiting;  // by story serial
  ArticleFeatures again;  // scratch for a second chance
  double now_hours = kNaN;  // latest publication time seen
  double last_retire_hours = kNaN;

  // Passage evidence: a dedup index per window generation (the current and the
  // previous one), so every live article is indexed and memory stays bounded.
  struct PassageGen {
    dedup::Index index;
    std::vector<uint32_t> story_of_doc;
    double start_hours = kNaN;
    uint64_t start_arrival = 0;
  };
  std::deque<PassageGen> passage_gens;
  // Only the passage anchors are used (a near duplicate shares many of
  // them), so the MinHash signature is cut to one band of four values: LSH
  // then matches only near-exact copies and costs next to nothing (it was a
  // third of each lookup). (One value would not do: the minimum of a long
  // text's shingle hashes falls in a narrow range, and every text matched.)
  dedup::Options dedup_options = [] {
    dedup::Options o;
    o.bands = 1;
    o.rows = 4;
    // Anchors every ~30 shingles instead of ~20: a third fewer to look up
    // and keep; any shared run of 32 words still shares one, and four (the
    // evidence needed, kMinSharedAnchors) still mean a long common passage.
    o.anchor_window = 30;
    return o;
  }();

  // Oracle mode (training): the gold story of each live story.
  std::unordered_map<uint32_t, std::string> gold_of_story;
  std::unordered_map<std::string, uint32_t> story_of_gold;

  explicit Impl(const Options& o) : options(o) {
    if (options.join_weights.size() == kNumFeatures + 1) weights = options.join_weights.data();
  }

  Lexicon& LexiconFor(const std::string& lang) {
    auto it = lexicons.find(lang);
    if (it == lexicons.end()) it = lexicons.emplace(lang, std::make_unique<Lexicon>(lang)).first;
    return *it->second;
  }

  uint32_t Find(uint32_t serial) const {
    while (stories[serial] && stories[serial]->merged_into >= 0)
      serial = static_cast<uint32_t>(stories[serial]->merged_into);
    return serial;
  }

  // ---- Features -------------------------------------------------------------

  void Extract(const Article& a, ArticleFeatures* out) {
    const std::string& lang = a.language.empty() ? kDefaultLanguage : a.language;
    Lexicon& lex = LexiconFor(lang);
    std::vector<Raw>& raw = out->raw;
    raw.clear();

    auto scan = [&](std::string_view txt, bool is_title) {
      const uint8_t src = is_title ? 0 : 1;
      Tokenizer& tk = tokenizer;
      tk.Run(txt);
      // A Title Case headline capitalises every word: no name evidence there.
      bool names_ok = true;
      if (is_title) {
        size_t words = 0, caps = 0;
        for (const Tok& t : tk.tokens) {
          if (t.number || t.lower.size() < 4 || lex.Get(t.lower).stop) continue;
          ++words;
          caps += IsUpperStart(txt.substr(t.begin, t.end - t.begin));
        }
        names_ok = words == 0 || caps * 10 < words * 6;
      }
      size_t prev_cap_begin = 0, prev_cap_end = std::string_view::npos;
      std::string_view prev_cap_lower;
      std::string phrase;
      for (const Tok& t : tk.tokens) {
        if (t.number) {
          prev_cap_end = std::string_view::npos;
          Term term = lex.Get(t.lower).number;
          if (term == 0) continue;  // one digit
          raw.push_back({term, 3, src, t.begin, t.end});
          continue;
        }
        const WordInfo w = lex.Get(t.lower);
        if (w.stop) {
          prev_cap_end = std::string_view::npos;
          continue;
        }
        raw.push_back({w.stem, static_cast<uint8_t>(is_title ? 0 : 1), src, t.begin, t.end});
        bool cap = names_ok && IsUpperStart(txt.substr(t.begin, t.end - t.begin));
        // Weekdays and months are capitalised but name no one.
        if (cap && !w.calendar && !SentenceInitial(txt, t.begin)) raw.push_back({w.name, 2, src, t.begin, t.end});
        // Two capitalised words in a row ("Asian Games", "Hun Sen") make a
        // name phrase, a sharper entity than either word.
        if (cap && !w.calendar && prev_cap_end != std::string_view::npos &&
            txt.substr(prev_cap_end, t.begin - prev_cap_end) == " ") {
          phrase.assign(prev_cap_lower);
          phrase += ' ';
          phrase += t.lower;
          raw.push_back({HashTerm('p', phrase), 2, src, static_cast<uint32_t>(prev_cap_begin), t.end});
        }
        if (cap && !w.calendar) {
          prev_cap_begin = t.begin;
          prev_cap_end = t.end;
          prev_cap_lower = t.lower;
        } else {
          prev_cap_end = std::string_view::npos;
        }
      }
    };
    scan(a.title, true);
    out->has_body = a.text.size() > 2 * a.title.size() + 40;
    if (!a.text.empty()) scan(a.text, false);

    // Aggregate counts per (field, term) through a small hash table (raw is in
    // text order, title first, so the first occurrence is the readable form),
    // then sort the distinct entries by field and term.
    std::vector<Raw>& agg = out->agg;
    agg.clear();
    size_t cap = 64;
    while (cap < raw.size() * 2) cap <<= 1;
    agg_slots.assign(cap, UINT32_MAX);
    for (const Raw& r : raw) {
      uint64_t key = r.term ^ (uint64_t{r.field} << 62) ^ (uint64_t{r.field} * 0x9E3779B97F4A7C15ULL);
      size_t i = (key ^ (key >> 29)) & (cap - 1);
      while (true) {
        uint32_t& slot = agg_slots[i];
        if (slot == UINT32_MAX) {
          slot = static_cast<uint32_t>(agg.size());
          agg.push_back(r);
          break;
        }
        Raw& a = agg[slot];
        if (a.term == r.term && a.field == r.field) {
          a.count += 1;
          break;
        }
        i = (i + 1) & (cap - 1);
      }
    }
    std::sort(agg.begin(), agg.end(), [](const Raw& x, const Raw& y) {
      return x.field != y.field ? x.field < y.field : x.term < y.term;
    });
    // Document frequencies: every distinct term of the article once.
    std::vector<Term>& unique = out->unique_terms;
    unique.clear();
    for (const Raw& r : agg) unique.push_back(r.term);
    std::sort(unique.begin(), unique.end());
    unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
    df.Add(unique);

    // Vectors: (1 + log tf) * idf, L2-normalised. "all" = body words and numbers
    // plus title words weighted up.
    auto finish = [this](SparseVec& v) {
      std::sort(v.begin(), v.end(), [](const Entry& x, const Entry& y) { return x.term < y.term; });
      size_t n = 0;
      for (size_t i = 0; i < v.size(); ++i) {
        if (n > 0 && v[n - 1].term == v[i].term)
          v[n - 1].weight += v[i].weight;
        else
          v[n++] = v[i];
      }
      v.resize(n);
      double s = 0;
      for (const Entry& e : v) s += double(e.weight) * e.weight;
      if (s > 0) {
        float inv = static_cast<float>(1.0 / std::sqrt(s));
        for (Entry& e : v) e.weight *= inv;
      }
    };
    out->title.clear();
    out->all.clear();
    out->names.clear();
    out->numbers.clear();
    for (const Raw& r : agg) {
      float w = static_cast<float>((1.0 + std::log(r.count)) * df.Idf(r.term));
      switch (r.field) {
        case 0:
          out->title.push_back({r.term, w});
          out->all.push_back({r.term, static_cast<float>(w * kTitleBoost)});
          break;
        case 1:
          out->all.push_back({r.term, w});
          break;
        case 2:
          out->names.push_back({r.term, w});
          out->all.push_back({r.term, w});
          break;
        case 3:
          out->numbers.push_back({r.term, w});
          out->all.push_back({r.term, w});
          break;
      }
    }
    finish(out->title);
    finish(out->all);
    finish(out->names);
    finish(out->numbers);
    out->title_map.Build(out->title);
    out->all_map.Build(out->all);
    out->names_map.Build(out->names);
    out->numbers_map.Build(out->numbers);

    out->title_text = a.title;
    out->body_text = a.text;
    out->hours = a.published.empty() ? kNaN : ParseHours(a.published);

    out->fingerprinted = false;
    if (options.use_passages && a.text.size() >= 200) {
      out->fingerprint = dedup::MakeFingerprint(a.text, dedup_options);
      out->signature = dedup::MakeSignature(out->fingerprint, dedup_options);
      out->fingerprinted = true;
    }
  }

  // ---- Candidates -----------------------------------------------------------

  // `exclude`: a story that is not a candidate (a second chance's own).
  std::vector<Candidate> Retrieve(const ArticleFeatures& f, uint32_t exclude = UINT32_MAX) {
    // The article's heaviest terms, each voting for the live stories whose
    // centroid holds it, with the term's weight (a partial dot product).
    SparseVec& query = query_buf;
    query.assign(f.all.begin(), f.all.end());
    if (query.size() > kQueryTerms) {
      std::nth_element(query.begin(), query.begin() + kQueryTerms, query.end(), [](const Entry& a, const Entry& b) {
        return a.weight != b.weight ? a.weight > b.weight : a.term < b.term;
      });
      query.resize(kQueryTerms);
    }
    // Accumulators indexed by story serial (4 bytes per story ever made),
    // reset after use through the list of touched serials.
    if (acc.size() < stories.size()) acc.resize(stories.size(), 0.0f);
    touched.clear();
    // A term held by one live story in twenty tells little and would cost a
    // long walk: skipped (bounds the work per article on big windows).
    const size_t max_list = std::max<size_t>(kMinPostingCap, live.size() / 20);
    for (const Entry& e : query) {
      const std::vector<uint32_t>* list = postings.Find(e.term);
      if (!list || list->size() > max_list) continue;
      for (uint32_t s : *list) {
        if (acc[s] == 0) touched.push_back(s);
        acc[s] += e.weight;
      }
    }
    // Stories sharing less than a fifth of the best story's retrieval score
    // cannot win: they are not scored in full.
    float top = 0;
    for (uint32_t s : touched)
      if (s != exclude) top = std::max(top, acc[s]);
    std::vector<Candidate> out;
    out.reserve(touched.size());
    for (uint32_t s : touched) {
      if (acc[s] >= 0.2f * top && s != exclude) out.push_back(Candidate{s, acc[s]});
      acc[s] = 0;
    }
    auto better = [](const Candidate& a, const Candidate& b) {
      return a.retrieval != b.retrieval ? a.retrieval > b.retrieval : a.serial < b.serial;
    };
    if (out.size() > options.max_candidates) {
      std::partial_sort(out.begin(), out.begin() + options.max_candidates, out.end(), better);
      out.resize(options.max_candidates);
    } else {
      std::sort(out.begin(), out.end(), better);
    }
    return out;
  }

  // Stories holding an article that shares a passage with this one. The
  // article joins the current generation's index here (one winnowing pass for
  // the query and the insertion); IndexPassages records its story once placed.
  std::unordered_set<uint32_t> PassageStories(const Article& a, const ArticleFeatures& f) {
    std::unordered_set<uint32_t> out;
    if (!f.fingerprinted) return out;
    RotatePassages();
    auto take = [&](const PassageGen& g, const std::vector<dedup::Index::Candidate>& found) {
      for (const auto& c : found) {
        // Two or three shared anchors are often a common phrase whose shingle
        // happens to win its window in both texts (seen on DUC: unrelated
        // stories joined on them); four or more are a shared passage.
        bool strong = c.exact_duplicate || c.shared_anchors >= kMinSharedAnchors;
        if (!strong || c.doc >= g.story_of_doc.size()) continue;
        uint32_t s = Find(g.story_of_doc[c.doc]);
        if (stories[s] && stories[s]->live) out.insert(s);
      }
    };
    for (size_t i = 0; i + 1 < passage_gens.size(); ++i)
      take(passage_gens[i], passage_gens[i].index.Query(f.fingerprint, f.signature));
    PassageGen& current = passage_gens.back();
    take(current, current.index.Insert(a.id, f.fingerprint, f.signature));
    return out;
  }

  void Score(const ArticleFeatures& f, std::vector<Candidate>* cands, const std::unordered_set<uint32_t>& passages) {
    for (Candidate& c : *cands) {
      const StoryState& s = *stories[c.serial];
      c.f[0] = s.title_c.Cosine(f.title_map);
      c.f[1] = s.all_c.Cosine(f.all_map);
      c.f[2] = s.names_c.Cosine(f.names_map);
      c.f[3] = s.numbers_c.Cosine(f.numbers_map);
      double gap = 0;
      bool known = !std::isnan(f.hours) && s.timed() && !std::isnan(s.first_hours);
      if (known) gap = std::max({0.0, s.first_hours - f.hours, f.hours - s.last_hours});
      c.f[4] = known ? (f.has_body ? std::log1p(gap / 24) : std::log1p(gap)) : 0;
      // Only headlines: the one timed training stream is headline-only, so for
      // full articles this offset would be learned from no data at all.
      c.f[5] = known && !f.has_body ? 1 : 0;
      c.f[6] = std::log1p(static_cast<double>(s.size()));
      c.f[7] = passages.count(c.serial) ? 1 : 0;
      c.f[8] = f.has_body ? 1 : 0;
    }
    for (Candidate& c : *cands) {
      double best_other = 0;
      for (const Candidate& o : *cands)
        if (o.serial != c.serial) best_other = std::max(best_other, o.f[1]);
      c.f[9] = c.f[1] - best_other;
      double body = f.has_body ? 1 : 0;
      c.f[10] = body * c.f[0];
      c.f[11] = body * c.f[1];
      c.f[12] = body * c.f[2];
      c.f[13] = body * c.f[9];
      c.probability = Predict(weights, c.f);
    }
  }

  // ---- Story updates --------------------------------------------------------

  void IndexTerms(uint32_t serial, const SparseVec& before, const SparseVec& after) {
    size_t i = 0, j = 0;
    while (i < before.size() || j < after.size()) {
      if (j == after.size() || (i < before.size() && before[i].term < after[j].term)) {
        Unpost(before[i++].term, serial);
      } else if (i == before.size() || after[j].term < before[i].term) {
        postings.Add(after[j++].term, serial);
      } else {
        ++i;
        ++j;
      }
    }
  }
  void Unpost(Term t, uint32_t serial) { postings.Remove(t, serial); }

  std::string NewId(const std::string& article_id) {
    for (uint64_t n = 0;; ++n) {
      std::string key = n == 0 ? article_id : article_id + "\x1f" + std::to_string(n);
      char buf[24];
      std::snprintf(buf, sizeof(buf), "c%016llx",
                    static_cast<unsigned long long>(XXH3_64bits(key.data(), key.size())));
      if (used_ids.insert(buf).second) return buf;
    }
  }

  uint32_t NewStory(const Article& a) {
    auto s = std::make_unique<StoryState>();
    s->serial = static_cast<uint32_t>(stories.size());
    s->id = NewId(a.id);
    stories.push_back(std::move(s));
    live.push_back(stories.back()->serial);
    return stories.back()->serial;
  }

  void AddToStory(uint32_t serial, const Article& a, const ArticleFeatures& f, double title_score) {
    StoryState& s = *stories[serial];
    s.article_ids.push_back(a.id);
    s.arrivals.push_back(arrivals);
    s.last_arrival = arrivals;
    if (title_score > s.title_score && !a.title.empty()) {
      s.title = a.title;
      s.title_score = title_score;
    } else if (s.title.empty() && a.title.empty()) {
      // Untitled text (plain text, transcripts): a headline from its lead,
      // until an article with a title of its own arrives.
      s.title = text::HeadlineOf(a.text);
      s.title_score = kLeadTitleScore;
    }
    if (!std::isnan(f.hours)) {
      if (std::isnan(s.first_hours) || f.hours < s.first_hours) {
        s.first_hours = f.hours;
        s.first_published = a.published;
      }
      if (std::isnan(s.last_hours) || f.hours > s.last_hours) {
        s.last_hours = f.hours;
        s.last_published = a.published;
      }
    }
    SparseVec& before = before_buf;
    before.assign(s.all_c.entries.begin(), s.all_c.entries.end());
    s.all_c.Add(f.all, 1, options.centroid_terms, merge_buf);
    s.title_c.Add(f.title, 1, kSmallCentroid, merge_buf);
    s.names_c.Add(f.names, 1, kSmallCentroid, merge_buf);
    s.numbers_c.Add(f.numbers, 1, kSmallCentroid, merge_buf);
    IndexTerms(serial, before, s.all_c.entries);
    story_of_article[a.id] = serial;
  }

  // Moves story `from` into `into` (both live).
  void Merge(uint32_t into, uint32_t from) {
    StoryState& a = *stories[into];
    StoryState& b = *stories[from];
    IndexTerms(from, b.all_c.entries, {});
    SparseVec before = a.all_c.entries;
    a.all_c.Add(b.all_c.entries, 1, options.centroid_terms, merge_buf);
    a.title_c.Add(b.title_c.entries, 1, kSmallCentroid, merge_buf);
    a.names_c.Add(b.names_c.entries, 1, kSmallCentroid, merge_buf);
    a.numbers_c.Add(b.numbers_c.entries, 1, kSmallCentroid, merge_buf);
    IndexTerms(into, before, a.all_c.entries);
    // Articles stay in arrival order.
    std::vector<std::pair<uint64_t, std::string>> all;
    for (size_t i = 0; i < a.size(); ++i) all.emplace_back(a.arrivals[i], std::move(a.article_ids[i]));
    for (size_t i = 0; i < b.size(); ++i) all.emplace_back(b.arrivals[i], std::move(b.article_ids[i]));
    std::sort(all.begin(), all.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    a.article_ids.clear();
    a.arrivals.clear();
    for (auto& [arr, id] : all) {
      a.arrivals.push_back(arr);
      story_of_article[id] = into;
      a.article_ids.push_back(std::move(id));
    }
    if (b.title_score > a.title_score) {
      a.title = b.title;
      a.title_score = b.title_score;
    }
    if (!std::isnan(b.first_hours) && (std::isnan(a.first_hours) || b.first_hours < a.first_hours)) {
      a.first_hours = b.first_hours;
      a.first_published = b.first_published;
    }
    if (!std::isnan(b.last_hours) && (std::isnan(a.last_hours) || b.last_hours > a.last_hours)) {
      a.last_hours = b.last_hours;
      a.last_published = b.last_published;
    }
    a.last_arrival = std::max(a.last_arrival, b.last_arrival);
    b.live = false;
    b.merged_into = into;
    b.title_c.Clear();
    b.all_c.Clear();
    b.names_c.Clear();
    b.numbers_c.Clear();
    std::vector<std::string>().swap(b.article_ids);
    std::vector<uint64_t>().swap(b.arrivals);
    used_ids.erase(b.id);
    live.erase(std::find(live.begin(), live.end(), from));
  }

  Story ToStory(const StoryState& s) const {
    Story out;
    out.id = s.id;
    out.title = s.title;
    out.article_ids = s.article_ids;
    out.first_published = s.first_published;
    out.last_published = s.last_published;
    out.live = s.live;
    return out;
  }

  void Retire(uint32_t serial) {
    StoryState& s = *stories[serial];
    IndexTerms(serial, s.all_c.entries, {});
    s.live = false;
    s.title_c.Clear();
    s.all_c.Clear();
    s.names_c.Clear();
    s.numbers_c.Clear();
    if (options.on_retire) options.on_retire(ToStory(s));
    if (!options.keep_retired) {
      for (const auto& id : s.article_ids) {
        auto it = story_of_article.find(id);
        if (it != story_of_article.end() && it->second == serial) story_of_article.erase(it);
      }
      used_ids.erase(s.id);
      gold_of_story.erase(serial);
      stories[serial].reset();
    }
  }

  // Places the article of a waiting one-article story again: it joins the
  // best other story when the model says so now (the older of the two
  // survives, as in any merge). False while it still stands alone; true once
  // it has joined or needs no more chances (the story grew, merged or retired).
  bool SecondChance(uint32_t serial, const Waiting& w) {
    if (serial >= stories.size() || !stories[serial]) return true;
    StoryState& s = *stories[serial];
    if (!s.live || s.merged_into >= 0 || s.size() != 1) return true;
    ArticleFeatures& f = again;
    f.title = w.vecs[0];
    f.all = w.vecs[1];
    f.names = w.vecs[2];
    f.numbers = w.vecs[3];
    f.title_map.Build(f.title);
    f.all_map.Build(f.all);
    f.names_map.Build(f.names);
    f.numbers_map.Build(f.numbers);
    f.hours = s.first_hours;
    f.has_body = w.has_body;
    std::vector<Candidate> cands = Retrieve(f, serial);
    if (cands.empty()) return false;
    Score(f, &cands, {});
    const Candidate* best = &cands[0];
    for (const Candidate& c : cands)
      if (c.probability > best->probability || (c.probability == best->probability && c.serial < best->serial))
        best = &c;
    if (best->probability < options.join_threshold) return false;
    Merge(std::min(serial, best->serial), std::max(serial, best->serial));
    return true;
  }

  // Gives the stories due a second chance theirs.
  void RunChances() {
    while (!chances.empty() && chances.top().due <= arrivals) {
      Chance c = chances.top();
      chances.pop();
      auto it = waiting.find(c.serial);
      if (it == waiting.end()) continue;
      if (!SecondChance(c.serial, it->second) && c.wait < kLastChanceAfter)
        chances.push({arrivals + c.wait, c.serial, 2 * c.wait});
      else
        waiting.erase(it);
    }
  }

  void RetireIdle() {
    std::vector<uint32_t> keep;
    keep.reserve(live.size());
    for (uint32_t serial : live) {
      const StoryState& s = *stories[serial];
      bool idle = s.timed() && !std::isnan(now_hours) ? now_hours - s.last_hours > options.window_hours
                                                      : arrivals - s.last_arrival > options.window_articles;
      if (idle)
        Retire(serial);
      else
        keep.push_back(serial);
    }
    live = std::move(keep);
  }

  // Starts a new passage generation when the current one covers its window,
  // dropping the one before it.
  void RotatePassages() {
    bool rotate = passage_gens.empty();
    if (!rotate) {
      const PassageGen& g = passage_gens.back();
      rotate = !std::isnan(now_hours) && !std::isnan(g.start_hours)
                   ? now_hours - g.start_hours > std::min(options.window_hours, kPassageWindowHours)
                   : arrivals - g.start_arrival > options.window_articles;
    }
    if (rotate) {
      passage_gens.push_back(PassageGen{dedup::Index(dedup_options), {}, now_hours, arrivals});
      while (passage_gens.size() > 2) passage_gens.pop_front();
    }
  }

  // The story of the article PassageStories inserted last.
  void IndexPassages(const ArticleFeatures& f, uint32_t serial) {
    if (!f.fingerprinted) return;
    passage_gens.back().story_of_doc.push_back(serial);
  }

  // ---- The decision ---------------------------------------------------------

  // Places one article. With `gold` (training), the article joins the live
  // story of its gold label instead, and `rows` receives the candidates' features.
  Assignment Place(const Article& a, const std::string* gold, std::ostream* rows, const std::string& group,
                   size_t* missed) {
    ++arrivals;
    ArticleFeatures& f = scratch;
    Extract(a, &f);
    if (!std::isnan(f.hours) && (std::isnan(now_hours) || f.hours > now_hours)) now_hours = f.hours;

    std::vector<Candidate> cands = Retrieve(f);
    std::unordered_set<uint32_t> passages = PassageStories(a, f);
    // Stories sharing a passage are candidates even when retrieval missed them.
    for (uint32_t s : passages) {
      bool present = false;
      for (const Candidate& c : cands) present |= c.serial == s;
      if (!present) cands.push_back(Candidate{s, 0});
    }
    Score(f, &cands, passages);
    std::sort(cands.begin(), cands.end(), [](const Candidate& x, const Candidate& y) {
      return x.probability != y.probability ? x.probability > y.probability : x.serial < y.serial;
    });

    Assignment out;
    out.article_id = a.id;
    uint32_t target = UINT32_MAX;
    const Candidate* best = cands.empty() ? nullptr : &cands[0];
    if (gold) {
      bool gold_live = false;
      auto it = story_of_gold.find(*gold);
      if (it != story_of_gold.end() && stories[it->second] && stories[it->second]->live) {
        target = it->second;
        gold_live = true;
      }
      bool found = false;
      for (const Candidate& c : cands) {
        bool label = gold_of_story[c.serial] == *gold;
        found |= label;
        *rows << group << '\t' << (label ? 1 : 0);
        for (double v : c.f) *rows << '\t' << v;
        *rows << '\n';
        if (label) best = &c;
      }
      if (gold_live && !found) ++*missed;
      if (target == UINT32_MAX) best = cands.empty() ? nullptr : &cands[0];
    } else if (best && best->probability >= options.join_threshold) {
      target = best->serial;
    }

    if (best) {
      const StoryState& s = *stories[best->serial];
      out.explanation.probability = best->probability;
      out.explanation.shared_passage = best->f[7] > 0;
      out.explanation.hours_from_story = best->f[5] > 0 ? (f.has_body ? 24 : 1) * std::expm1(best->f[4]) : 0;
      if (options.explain_terms) Explain(f, s, &out.explanation);
    }

    if (target == UINT32_MAX) {
      target = NewStory(a);
      out.new_story = true;
      out.score = 1;
      if (gold) {
        gold_of_story[target] = *gold;
        story_of_gold[*gold] = target;
      }
      AddToStory(target, a, f, 0);
      if (!gold && best && best->probability >= kNearMiss) {
        chances.push({arrivals + kSecondChanceAfter, target, kSecondChanceAfter});
        waiting[target] = Waiting{{f.title, f.all, f.names, f.numbers}, f.has_body};
      }
    } else {
      // (In oracle mode the gold story may not be among the candidates.)
      bool scored = best && best->serial == target;
      out.score = scored ? best->probability : 0;
      double title_score = scored ? best->f[0] : 0;
      AddToStory(target, a, f, title_score);
      // Merge: another candidate the article links to strongly is the same story.
      if (!gold && options.merge) {
        for (size_t i = 1; i < cands.size(); ++i) {
          const Candidate& c = cands[i];
          bool strong = c.probability >= options.merge_threshold ||
                        (c.f[7] > 0 && c.probability >= options.join_threshold);
          if (!strong || !scored || best->probability < options.merge_threshold) continue;
          uint32_t other = Find(c.serial);
          uint32_t here = Find(target);
          if (other == here || !stories[other] || !stories[other]->live) continue;
          if (CentroidCosine(stories[here]->all_c, stories[other]->all_c) < kMergeMinCentroidCos) continue;
          // The older story survives, so its id stays stable.
          uint32_t into = std::min(here, other), from = std::max(here, other);
          Merge(into, from);
          target = into;
        }
      }
    }
    IndexPassages(f, target);
    RunChances();
    out.story_id = stories[Find(target)]->id;
    // Retirement pass every 64 arrivals, or when the clock moved an eighth of
    // the window (slow streams).
    bool clock_moved = !std::isnan(now_hours) &&
                       (std::isnan(last_retire_hours) || now_hours - last_retire_hours > options.window_hours / 8);
    if ((arrivals & 63) == 0 || clock_moved) {
      RetireIdle();
      last_retire_hours = now_hours;
    }
    return out;
  }

  void Explain(const ArticleFeatures& f, const StoryState& s, Explanation* e) const {
    auto top = [&](const Centroid& c, const TermMap& m, size_t n, std::vector<std::string>* out) {
      std::vector<std::pair<double, Term>> shared;
      for (const Entry& x : c.entries) {
        double w = double(x.weight) * m.Get(x.term);
        if (w > 0) shared.emplace_back(w, x.term);
      }
      std::sort(shared.begin(), shared.end(),
                [](const auto& p, const auto& q) { return p.first != q.first ? p.first > q.first : p.second < q.second; });
      // A word counts in several term spaces (title, body, stem): it is shown once.
      for (const auto& [w, t] : shared) {
        if (out->size() >= n) break;
        if (auto d = f.Display(t); d && std::find(out->begin(), out->end(), *d) == out->end())
          out->push_back(std::move(*d));
      }
    };
    top(s.all_c, f.all_map, 8, &e->shared_terms);
    top(s.names_c, f.names_map, 5, &e->shared_names);
  }

  // ---- Snapshot -------------------------------------------------------------
  //
  // Saved: everything a later Add reads. Not saved, because results do not
  // depend on them: the lexicons (a cache of pure functions of each token),
  // the tokenizer and scratch buffers, the retrieval accumulators (zero
  // between articles), the inverted index (rebuilt from the live stories'
  // centroids: its lists' order only decides the order candidates are
  // collected in, and they are then sorted by a total order) and the set of
  // story ids in use (the ids of the stories neither forgotten nor merged).
  // The oracle-mode maps are empty: only DumpTrainingPairs uses them, on an
  // Impl of its own that is never snapshotted.

  void SaveState(SnapshotWriter& w) const {
    w.U64(arrivals);
    w.F64(now_hours);
    w.F64(last_retire_hours);
    df.Save(w);
    w.Var(stories.size());
    for (const auto& p : stories) {
      w.U8(p ? 1 : 0);
      if (!p) continue;
      const StoryState& s = *p;
      w.Str(s.id);
      w.Str(s.title);
      w.F64(s.title_score);
      w.Var(s.article_ids.size());
      for (size_t i = 0; i < s.article_ids.size(); ++i) {
        w.Str(s.article_ids[i]);
        w.Var(s.arrivals[i]);
      }
      w.Str(s.first_published);
      w.Str(s.last_published);
      w.F64(s.first_hours);
      w.F64(s.last_hours);
      w.Var(s.last_arrival);
      s.title_c.Save(w);
      s.all_c.Save(w);
      s.names_c.Save(w);
      s.numbers_c.Save(w);
      w.U8(s.live ? 1 : 0);
      w.Var(static_cast<uint64_t>(s.merged_into + 1));
    }
    w.Var(live.size());
    for (uint32_t serial : live) w.Var(serial);
    // By article id, so equal states give equal bytes.
    std::vector<std::pair<std::string_view, uint32_t>> placed(story_of_article.begin(), story_of_article.end());
    std::sort(placed.begin(), placed.end());
    w.Var(placed.size());
    for (const auto& [id, serial] : placed) {
      w.Str(id);
      w.Var(serial);
    }
    w.Var(passage_gens.size());
    for (const PassageGen& g : passage_gens) {
      w.F64(g.start_hours);
      w.Var(g.start_arrival);
      w.Var(g.story_of_doc.size());
      for (uint32_t serial : g.story_of_doc) w.Var(serial);
      w.Str(g.index.Serialize());
    }
    // Second chances by due arrival, then story (the heap's own order
    // depends on its history; this one only on the state).
    std::vector<Chance> due;
    for (auto q = chances; !q.empty(); q.pop()) due.push_back(q.top());
    w.Var(due.size());
    for (const Chance& c : due) {
      const Waiting& x = waiting.at(c.serial);
      w.Var(c.due);
      w.Var(c.serial);
      w.Var(c.wait);
      w.U8(x.has_body ? 1 : 0);
      for (const SparseVec& v : x.vecs) {
        w.Var(v.size());
        for (const Entry& e : v) {
          w.U64(e.term);
          w.F32(e.weight);
        }
      }
    }
  }

  // Loads into a fresh Impl; the reason when the bytes are not a valid state
  // (every serial in range, merges pointing to older stories, the live list
  // exactly the live stories), so no later Add can read out of bounds.
  Status LoadState(SnapshotReader& r) {
    auto bad = [](std::string_view why) { return Status::BadInput("corrupt clusterer snapshot: " + std::string(why)); };
    arrivals = r.U64();
    now_hours = r.F64();
    last_retire_hours = r.F64();
    if (!df.Load(r)) return bad("document frequencies");
    size_t n = r.Count(1);
    stories.clear();
    stories.resize(n);
    size_t live_flags = 0;
    for (size_t serial = 0; serial < n && r.ok(); ++serial) {
      if (r.U8() == 0) continue;
      auto s = std::make_unique<StoryState>();
      s->serial = static_cast<uint32_t>(serial);
      s->id = r.Str();
      s->title = r.Str();
      s->title_score = r.F64();
      size_t articles = r.Count(2);
      s->article_ids.resize(articles);
      s->arrivals.resize(articles);
      for (size_t i = 0; i < articles; ++i) {
        s->article_ids[i] = r.Str();
        s->arrivals[i] = r.Var();
      }
      s->first_published = r.Str();
      s->last_published = r.Str();
      s->first_hours = r.F64();
      s->last_hours = r.F64();
      s->last_arrival = r.Var();
      if (!s->title_c.Load(r) || !s->all_c.Load(r) || !s->names_c.Load(r) || !s->numbers_c.Load(r))
        return bad("story centroid");
      s->live = r.U8() != 0;
      // Serial + 1 of an older story, 0 for none; checked before it is
      // converted (a larger value would overflow the signed serial).
      uint64_t merged_field = r.Var();
      if (merged_field > serial || (merged_field > 0 && s->live)) return bad("merged story");
      s->merged_into = static_cast<int64_t>(merged_field) - 1;
      live_flags += s->live;
      if (s->merged_into < 0) used_ids.insert(s->id);
      stories[serial] = std::move(s);
    }
    size_t live_count = r.Count(1);
    live.resize(live_count);
    std::vector<bool> listed(n);
    for (uint32_t& serial : live) {
      uint64_t v = r.Var();
      if (v >= n || !stories[v] || !stories[v]->live || listed[v]) return bad("live story list");
      listed[v] = true;
      serial = static_cast<uint32_t>(v);
    }
    if (live_count != live_flags) return bad("live story list");
    size_t placed = r.Count(2);
    story_of_article.reserve(placed);
    for (size_t i = 0; i < placed; ++i) {
      std::string id = r.Str();
      uint64_t serial = r.Var();
      if (serial >= n) return bad("article placement");
      story_of_article.emplace(std::move(id), static_cast<uint32_t>(serial));
    }
    size_t gens = r.Count(3);
    passage_gens.clear();
    for (size_t k = 0; k < gens && r.ok(); ++k) {
      double start_hours = r.F64();
      uint64_t start_arrival = r.Var();
      std::vector<uint32_t> story_of_doc(r.Count(1));
      for (uint32_t& serial : story_of_doc) {
        uint64_t v = r.Var();
        if (v >= n) return bad("passage index story");
        serial = static_cast<uint32_t>(v);
      }
      std::string_view index_bytes = r.Bytes(r.Var());
      if (!r.ok()) break;
      auto index = dedup::Index::Deserialize(index_bytes);
      if (!index.ok()) return bad(index.status().message());
      if (index->options().anchor_window != dedup_options.anchor_window || index->options().bands != dedup_options.bands ||
          index->options().rows != dedup_options.rows)
        return bad("passage index options");
      passage_gens.push_back(PassageGen{std::move(index).value(), std::move(story_of_doc), start_hours, start_arrival});
    }
    size_t pending = r.Count(4);
    for (size_t k = 0; k < pending && r.ok(); ++k) {
      Chance c;
      c.due = r.Var();
      uint64_t serial = r.Var();
      c.wait = r.Var();
      if (serial >= n || waiting.count(static_cast<uint32_t>(serial))) return bad("second chance story");
      c.serial = static_cast<uint32_t>(serial);
      Waiting x;
      x.has_body = r.U8() != 0;
      for (SparseVec& v : x.vecs) {
        v.resize(r.Count(12));
        Term prev = 0;
        for (Entry& e : v) {
          e.term = r.U64();
          e.weight = r.F32();
          if (e.term <= prev || !std::isfinite(e.weight)) return bad("second chance vector");
          prev = e.term;
        }
      }
      chances.push(c);
      waiting.emplace(c.serial, std::move(x));
    }
    if (!r.ok() || !r.at_end()) return bad("truncated or malformed");
    for (uint32_t serial : live)
      for (const Entry& e : stories[serial]->all_c.entries) postings.Add(e.term, serial);
    return Status::Ok();
  }

  size_t MemoryBytes() const {
    size_t bytes = df.MemoryBytes() + stories.capacity() * sizeof(void*) + acc.capacity() * sizeof(float);
    for (uint32_t serial : live) {
      const StoryState& s = *stories[serial];
      bytes += sizeof(StoryState) + s.all_c.MemoryBytes() + s.title_c.MemoryBytes() + s.names_c.MemoryBytes() +
               s.numbers_c.MemoryBytes() + s.title.capacity() + s.id.capacity();
      for (const auto& id : s.article_ids) bytes += sizeof(std::string) + id.capacity() + 8;
    }
    bytes += postings.MemoryBytes();
    for (const auto& [lang, lex] : lexicons) bytes += lex->MemoryBytes();
    bytes += story_of_article.size() * 64;
    for (const auto& g : passage_gens) bytes += g.index.MemoryBytes() + g.story_of_doc.capacity() * 4;
    bytes += chances.size() * sizeof(Chance);
    for (const auto& [serial, x] : waiting)
      for (const SparseVec& v : x.vecs) bytes += 64 + v.capacity() * sizeof(Entry);
    return bytes;
  }
};

Clusterer::Clusterer(const Options& options) : impl_(std::make_unique<Impl>(options)) {}
Clusterer::~Clusterer() = default;

Assignment Clusterer::Add(const Article& article) {
  size_t missed = 0;
  return impl_->Place(article, nullptr, nullptr, "", &missed);
}

std::vector<Story> Clusterer::Stories() const {
  std::vector<Story> out;
  for (const auto& s : impl_->stories)
    if (s && s->merged_into < 0) out.push_back(impl_->ToStory(*s));
  return out;
}

std::string Clusterer::StoryOf(const std::string& article_id) const {
  auto it = impl_->story_of_article.find(article_id);
  if (it == impl_->story_of_article.end()) return "";
  uint32_t s = impl_->Find(it->second);
  return impl_->stories[s] ? impl_->stories[s]->id : "";
}

size_t Clusterer::MemoryBytes() const { return impl_->MemoryBytes(); }

uint32_t Clusterer::ClusteringVersion() { return kClusteringVersion; }

uint64_t Clusterer::ConfigFingerprint(const Options& options) {
  const Impl impl_probe(options);  // the effective weights and dedup options
  SnapshotWriter w;
  w.U32(kSnapshotFormat);
  w.U32(kClusteringVersion);
  for (const char* name : kFeatureNameList) w.Str(name);
  for (size_t i = 0; i < kNumFeatures + 1; ++i) w.F64(impl_probe.weights[i]);
  w.U64(kIdfPriorDocs);
  for (const IdfPriorEntry& e : kIdfPrior) {
    w.U64(e.term);
    w.U32(e.docs);
  }
  w.F64(options.join_threshold);
  w.F64(options.window_hours);
  w.U64(options.max_candidates);
  w.U8(options.merge);
  w.F64(options.merge_threshold);
  w.U64(options.window_articles);
  w.U64(options.centroid_terms);
  w.U8(options.use_passages);
  w.U8(options.keep_retired);
  const dedup::Options& d = impl_probe.dedup_options;
  w.U64(d.shingle_words);
  w.U64(d.bands);
  w.U64(d.rows);
  w.U64(d.anchor_window);
  w.U64(d.seed);
  // Word boundaries and letter classes come from the ICU the build links: a
  // system upgrade to another ICU may tokenise differently, so its version
  // is part of what a restored state must match.
  UVersionInfo icu;
  u_getVersion(icu);
  for (uint8_t part : icu) w.U8(part);
  return XXH3_64bits(w.out.data(), w.out.size());
}

std::string Clusterer::Snapshot() const {
  SnapshotWriter w;
  w.out.append(kSnapshotMagic, sizeof kSnapshotMagic);
  w.U32(kSnapshotFormat);
  w.U64(ConfigFingerprint(impl_->options));
  impl_->SaveState(w);
  w.U64(XXH3_64bits(w.out.data(), w.out.size()));
  return std::move(w.out);
}

namespace {

// Checks the frame (magic, format, checksum); the reader is then at the
// fingerprint.
Status CheckSnapshotFrame(std::string_view bytes) {
  constexpr size_t kHeader = sizeof kSnapshotMagic + 4 + 8;
  if (bytes.size() < kHeader + 8 || std::memcmp(bytes.data(), kSnapshotMagic, sizeof kSnapshotMagic) != 0)
    return Status::BadInput("not a clusterer snapshot (wrong magic bytes or too short)");
  uint32_t format;
  std::memcpy(&format, bytes.data() + sizeof kSnapshotMagic, 4);
  if (format != kSnapshotFormat)
    return Status::InvalidArgument("clusterer snapshot format " + std::to_string(format) + ", this build reads " +
                                   std::to_string(kSnapshotFormat));
  uint64_t stored;
  std::memcpy(&stored, bytes.data() + bytes.size() - 8, 8);
  if (XXH3_64bits(bytes.data(), bytes.size() - 8) != stored)
    return Status::BadInput("corrupt clusterer snapshot: checksum mismatch (truncated or damaged)");
  return Status::Ok();
}

}  // namespace

::storyline::Result<uint64_t> Clusterer::SnapshotFingerprint(std::string_view bytes) {
  if (Status s = CheckSnapshotFrame(bytes); !s.ok()) return s;
  uint64_t fingerprint;
  std::memcpy(&fingerprint, bytes.data() + sizeof kSnapshotMagic + 4, 8);
  return fingerprint;
}

::storyline::Result<std::unique_ptr<Clusterer>> Clusterer::FromSnapshot(const Options& options,
                                                                          std::string_view bytes) {
  auto fingerprint = SnapshotFingerprint(bytes);
  if (!fingerprint.ok()) return fingerprint.status();
  uint64_t expected = ConfigFingerprint(options);
  if (*fingerprint != expected) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "clusterer snapshot made under fingerprint %016llx, these options give %016llx",
                  static_cast<unsigned long long>(*fingerprint), static_cast<unsigned long long>(expected));
    return Status::InvalidArgument(std::string(buf) +
                                   " (other options, join model, IDF prior or clustering code): not used");
  }
  constexpr size_t kHeader = sizeof kSnapshotMagic + 4 + 8;
  SnapshotReader r(bytes.substr(kHeader, bytes.size() - kHeader - 8));
  auto clusterer = std::make_unique<Clusterer>(options);
  if (Status s = clusterer->impl_->LoadState(r); !s.ok()) return s;
  return clusterer;
}

Result ClusterArticles(const std::vector<Article>& articles, const Options& options) {
  Result r;
  Clusterer c(options);
  r.assignments.reserve(articles.size());
  for (const auto& a : articles) r.assignments.push_back(c.Add(a));
  // Report each article's final story (merges may have moved it). Duplicate
  // ids resolve to the story of the last article with that id.
  for (auto& as : r.assignments) {
    std::string s = c.StoryOf(as.article_id);
    if (!s.empty()) as.story_id = s;
  }
  r.stories = c.Stories();
  return r;
}

const std::vector<std::string>& FeatureNames() {
  static const std::vector<std::string> names(std::begin(kFeatureNameList), std::end(kFeatureNameList));
  return names;
}

size_t DumpTrainingPairs(const std::vector<Article>& articles, const std::vector<std::string>& gold_labels,
                         const std::string& group, std::ostream& out, const Options& options) {
  Options o = options;
  o.merge = false;
  Clusterer::Impl impl(o);
  out << "group\tlabel";
  for (const auto& n : FeatureNames()) out << '\t' << n;
  out << '\n';
  size_t missed = 0;
  for (size_t i = 0; i < articles.size() && i < gold_labels.size(); ++i)
    impl.Place(articles[i], &gold_labels[i], &out, group + ":" + std::to_string(i), &missed);
  return missed;
}

void WriteIdfPrior(const std::vector<Article>& articles, const std::string& note, std::ostream& out) {
  Options o;
  o.use_passages = false;
  Clusterer::Impl impl(o);
  std::unordered_map<Term, uint32_t> counts;
  for (const Article& a : articles) {
    ArticleFeatures f;
    impl.Extract(a, &f);
    for (Term t : f.unique_terms) ++counts[t];
  }
  std::vector<std::pair<Term, uint32_t>> kept;
  for (const auto& [t, n] : counts)
    if (n >= 2) kept.emplace_back(t, n);  // terms seen once say nothing general
  std::sort(kept.begin(), kept.end());
  out << "// Prior document frequencies for the clusterer's IDF (term hash, documents).\n"
      << "// GENERATED by `cluster_bench prior` (scripts/train_cluster_model.py); " << note << "\n"
      << "static constexpr uint64_t kIdfPriorDocs = " << articles.size() << ";\n"
      << "static constexpr IdfPriorEntry kIdfPrior[] = {\n";
  for (const auto& [t, n] : kept) {
    char buf[64];
    std::snprintf(buf, sizeof(buf), "{0x%016llxULL, %u},\n", static_cast<unsigned long long>(t), n);
    out << buf;
  }
  if (kept.empty()) out << "{0, 0},\n";
  out << "};\n";
}

}  // namespace storyline::cluster
