// The entity tagger's model and decoder: a first-order structured (averaged)
// perceptron over BIO tags. Emission scores are sums of int16 weights of
// hashed features (ner_features.h); transition scores are a (start + 9) x 9
// table; Viterbi decodes each sentence, never letting I-X follow anything but
// B-X or I-X. The model trained by scripts/train_ner.sh is compiled in
// (ner_model.inc, base64 of the blob format below).
#ifndef STORYLINE_FACTS_NER_TAGGER_H_
#define STORYLINE_FACTS_NER_TAGGER_H_

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "facts/bit_filter.h"
#include "facts/ner_features.h"

namespace storyline::facts::ner {

// Whether tag `to` may follow tag `from` (from = kNumTags: sentence start).
inline bool Allowed(int from, int to) {
  if (!TagIsInside(to)) return true;
  if (from == kNumTags || from == 0) return false;
  return TagType(from) == TagType(to);
}

// Viterbi over emission scores emis[i * kNumTags + tag] (i < n) and
// transitions trans[from * kNumTags + to] (from = kNumTags: start).
// Writes n tags. `work` is scratch space.
template <typename Score>
void Viterbi(const Score* emis, const Score* trans, size_t n, uint8_t* tags, std::vector<Score>* work,
             std::vector<uint8_t>* back) {
  if (n == 0) return;
  constexpr Score kNeg = std::numeric_limits<Score>::lowest() / 4;
  work->assign(2 * kNumTags, kNeg);
  back->resize(n * kNumTags);
  Score* cur = work->data();
  Score* nxt = cur + kNumTags;
  for (int t = 0; t < kNumTags; ++t)
    cur[t] = Allowed(kNumTags, t) ? trans[kNumTags * kNumTags + t] + emis[t] : kNeg;
  for (size_t i = 1; i < n; ++i) {
    const Score* e = emis + i * kNumTags;
    for (int t = 0; t < kNumTags; ++t) {
      Score best = kNeg;
      int arg = 0;
      for (int p = 0; p < kNumTags; ++p) {
        if (!Allowed(p, t)) continue;
        Score v = cur[p] + trans[p * kNumTags + t];
        if (v > best) {
          best = v;
          arg = p;
        }
      }
      nxt[t] = best + e[t];
      (*back)[i * kNumTags + t] = static_cast<uint8_t>(arg);
    }
    std::swap(cur, nxt);
  }
  int best = 0;
  for (int t = 1; t < kNumTags; ++t)
    if (cur[t] > cur[best]) best = t;
  for (size_t i = n; i-- > 0;) {
    tags[i] = static_cast<uint8_t>(best);
    if (i > 0) best = (*back)[i * kNumTags + best];
  }
}

// A trained model. Blob format (little-endian):
//   "NER1", u32 lexicon entries, {u32 key, u8 value}...,
//   i16 transitions[(kNumTags + 1) * kNumTags],
//   u32 features, u32 keys[features], i16 weights[features * kNumTags].
class Model {
 public:
  // Parses a blob; false when malformed.
  bool Load(std::string_view blob);
  static std::string Serialize(const Lexicon& lexicon, const std::vector<int16_t>& transitions,
                               const std::vector<uint32_t>& keys, const std::vector<int16_t>& weights);

  const Lexicon& lexicon() const { return lexicon_; }
  size_t num_features() const { return num_features_; }
  // Weights row of a feature, nullptr when the model has none.
  const int16_t* Find(uint64_t key) const {
    uint32_t k = Fold(key);
    if (!filter_.MayHave(k)) return nullptr;
    for (size_t i = (k * 0x9E3779B1u) & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.key == k) return s.w;
      if (s.key == 0) return nullptr;
    }
  }
  void Prefetch(uint64_t key) const {
    uint32_t k = Fold(key);
    if (filter_.MayHave(k)) __builtin_prefetch(&slots_[(k * 0x9E3779B1u) & mask_]);
  }

  // Tags every token of a document whose features are in `features`; only
  // the sentences `wanted` marks when it is given (the others' tags are 0).
  void Tag(const FeatureBuffer& features, const std::vector<uint32_t>& sentence_starts,
           std::vector<uint8_t>* tags, const std::vector<char>* wanted = nullptr) const;

 private:
  Lexicon lexicon_;
  std::vector<int32_t> transitions_;
  // Open addressing, weights inline: one cache line per look-up.
  struct Slot {
    uint32_t key;
    int16_t w[kNumTags];
    int16_t pad;
  };
  std::vector<Slot> slots_;
  size_t mask_ = 0;
  // One bit per hash of the keys the model has (2^20 bits, 128 KiB: it stays
  // in cache where the table does not). Most features of a text (rare words,
  // their affixes and neighbours) are not in the model: the bit tells so
  // without a look-up in the table.
  BitFilter<20> filter_;
  size_t num_features_ = 0;
};

// The compiled-in model (decoded once, on first use).
const Model& DefaultModel();

// Base64 (the .inc encoding).
std::string EncodeBase64(std::string_view bytes);
std::string DecodeBase64(std::string_view text);

// Tags a document of token texts with the compiled-in model: one tag per
// token. Thread-safe (per-thread scratch). A sentence's tags depend only on
// its token texts and on each token's DocumentContext, so they are kept per
// thread under exactly that key (a bounded cache): a sentence a story's
// articles repeat (wire copy) is tagged once, with the same tags.
void TagDocument(const Document& doc, std::vector<uint8_t>* tags);

// Empties the calling thread's cache of tagged sentences: a benchmark that
// tags the same text several times times the tagging, not the cache.
void ForgetTaggedSentences();

}  // namespace storyline::facts::ner

#endif  // STORYLINE_FACTS_NER_TAGGER_H_
