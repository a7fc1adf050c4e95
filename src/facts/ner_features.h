// The entity tagger's building blocks, shared by the run-time tagger
// (entities.cc, ner_tagger.cc) and the trainer (ner_train.cc), so training
// and tagging see exactly the same features:
//   - BIO tags over the four CoNLL-2003 types (PER, ORG, LOC, MISC);
//   - CoNLL-style tokenisation of article text ("U.S." and "Mr." stay whole,
//     "'s" and "n't" are split off, punctuation is a token of its own);
//   - a Lexicon (gazetteer learned from the training data, case statistics);
//   - feature extraction: every feature is a 64-bit hash of a template id and
//     a value (word, lower case, shape, affixes, neighbours, gazetteer and
//     document-level flags), computed without per-token allocations.
#ifndef STORYLINE_FACTS_NER_FEATURES_H_
#define STORYLINE_FACTS_NER_FEATURES_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "facts/bit_filter.h"
#include "storyline/text.h"

namespace storyline::facts::ner {

// ---- Tags ----------------------------------------------------------------------

// Entity types in the order the tags use them.
inline constexpr int kNumTypes = 4;  // PER, ORG, LOC, MISC
inline constexpr const char* kTypeNames[kNumTypes] = {"PER", "ORG", "LOC", "MISC"};
// BIO tags: 0 = O, 1 + 2*type = B-type, 2 + 2*type = I-type.
inline constexpr int kNumTags = 1 + 2 * kNumTypes;
inline constexpr int TagB(int type) { return 1 + 2 * type; }
inline constexpr int TagI(int type) { return 2 + 2 * type; }
inline constexpr int TagType(int tag) { return tag == 0 ? -1 : (tag - 1) / 2; }
inline constexpr bool TagIsInside(int tag) { return tag != 0 && (tag - 1) % 2 == 1; }
// "B-PER", "I-LOC", "O"; TypeIndex("ORG") = 1, -1 when unknown.
std::string TagName(int tag);
int TypeIndex(std::string_view name);

// ---- Hashing ----------------------------------------------------------------------

uint64_t HashBytes(std::string_view s);
inline uint64_t Mix(uint64_t a, uint64_t b) {
  uint64_t z = a * 0x9E3779B97F4A7C15ull ^ (b + 0x632BE59BD9B4E019ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}
// 32-bit key stored in the model (never 0: 0 marks an empty slot).
inline uint32_t Fold(uint64_t k) {
  uint32_t f = static_cast<uint32_t>(k ^ (k >> 32));
  return f ? f : 1;
}

// ---- Tokens ------------------------------------------------------------------------

// CoNLL-style tokens of text[span]: whitespace-separated chunks with opening
// and closing punctuation, possessive "'s", "n't" and dashes split off;
// abbreviations ("U.S.", "Mr.", "J.") keep their period. Appends byte spans.
void TokenizeConll(std::string_view text, text::Span span, std::vector<text::Span>* out);

// ---- Lexicon -----------------------------------------------------------------------

// Small keyed table of byte values, learned from the training data:
//   kPhrase: lower-cased entity phrase -> bit mask of its types;
//   kMember: lower-cased word -> types of entities it occurs in;
//   kCase:   lower-cased word -> how it is capitalised mid-sentence (1 always
//            capitalised, 2 mostly, 3 mostly lower case).
class Lexicon {
 public:
  enum Kind : uint64_t { kPhrase = 0x11, kMember = 0x12, kCase = 0x13 };
  static uint64_t Key(Kind kind, uint64_t h) { return Mix(kind, h); }

  void Clear();
  void Add(uint32_t folded_key, uint8_t value);  // ORs value into an existing entry
  uint8_t Find(uint64_t key) const {
    if (keys_.empty()) return 0;
    uint32_t k = Fold(key);
    if (!filter_.MayHave(k)) return 0;
    for (size_t i = Slot(k);; i = (i + 1) & mask_) {
      if (keys_[i] == k) return vals_[i];
      if (keys_[i] == 0) return 0;
    }
  }
  size_t size() const { return count_; }
  // Entries in slot order (deterministic for a given insertion sequence).
  template <typename F>
  void ForEach(F&& f) const {
    for (size_t i = 0; i < keys_.size(); ++i)
      if (keys_[i]) f(keys_[i], vals_[i]);
  }

 private:
  size_t Slot(uint32_t k) const { return (k * 0x9E3779B1u) & mask_; }
  void Grow();
  std::vector<uint32_t> keys_;
  std::vector<uint8_t> vals_;
  size_t mask_ = 0;
  size_t count_ = 0;
  // One bit per hash of the keys present (2^18 bits, 32 KiB, where the keys take
  // 256 KiB): most phrase look-ups (every run of up to kMaxPhrase words) are of
  // no entry, which the bit tells without probing the keys.
  BitFilter<18> filter_;
};

// ---- Features ------------------------------------------------------------------------

// One document: token texts (any UTF-8; curly quotes and dashes are folded
// to the ASCII forms of the training data) and where each sentence starts.
struct Document {
  std::vector<std::string_view> tokens;
  std::vector<uint32_t> sentence_starts;  // ascending, first is 0
};

// Features of every token of `doc`: token i has feats[offsets[i] ..
// offsets[i+1]). Reuses the buffers of `scratch` (keep one per thread).
struct FeatureScratch;
// An allocator whose value-initialisation (vector::resize) leaves the element
// uninitialised: FeatureExtractor::Emit sizes the features for the most a
// document can have and writes them through a pointer; zeroing them first
// (or writing a scratch buffer and copying) cost as much as the writing.
template <typename T>
struct UninitializedAllocator : std::allocator<T> {
  template <typename U>
  struct rebind {
    using other = UninitializedAllocator<U>;
  };
  UninitializedAllocator() = default;
  template <typename U>
  UninitializedAllocator(const UninitializedAllocator<U>&) noexcept {}
  template <typename U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};
struct FeatureBuffer {
  std::vector<uint64_t, UninitializedAllocator<uint64_t>> feats;
  std::vector<uint32_t> offsets;
};
class FeatureExtractor {
 public:
  FeatureExtractor();
  ~FeatureExtractor();
  FeatureExtractor(const FeatureExtractor&) = delete;
  FeatureExtractor& operator=(const FeatureExtractor&) = delete;
  void Extract(const Document& doc, const Lexicon& lexicon, FeatureBuffer* out);

  // Extract in two steps, so that a caller who already knows the tags of
  // some sentences skips their features: Analyze reads the document's tokens
  // (word, sentence and document level); Emit then writes the features of
  // the sentences `wanted` marks (one entry per sentence; every sentence when
  // null), and none for the others.
  void Analyze(const Document& doc);
  void Emit(const Document& doc, const Lexicon& lexicon, const std::vector<char>* wanted, FeatureBuffer* out);
  // All that the features of token i take from outside its sentence (after
  // Analyze): how its word is capitalised elsewhere in the document. The
  // features of a sentence are a function of its token texts and these.
  uint8_t DocumentContext(size_t i) const;

  // Lower-cased, digit-normalised hash of each token of the last document
  // (the trainer builds its gazetteers with these).
  const std::vector<uint64_t>& lower_hashes() const;
  // Whether token i of the last document starts with an upper-case letter,
  // starts with a lower-case letter, or its sentence has no lower-case letter.
  bool Capitalized(size_t i) const;
  bool LowerFirst(size_t i) const;
  bool SentenceInitial(size_t i) const;
  bool AllCapsSentence(size_t i) const;

 private:
  FeatureScratch* s_;
};

// The phrase hash the gazetteer uses for tokens with lower-case hashes h[0..n).
inline uint64_t PhraseHash(const uint64_t* h, size_t n) {
  uint64_t p = 0x51ED270B;
  for (size_t i = 0; i < n; ++i) p = Mix(p, h[i]);
  return p;
}
inline constexpr size_t kMaxPhrase = 6;

}  // namespace storyline::facts::ner

#endif  // STORYLINE_FACTS_NER_FEATURES_H_
