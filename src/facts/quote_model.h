// The learned cue model of the quote finder: for a word of an article, a score
// that it heads an attribution cue ("said", "think", "show", "according" ...),
// from the word and its neighbourhood (neighbouring words and punctuation,
// quotation marks nearby, capitalisation). An averaged perceptron, trained by
// quote_train (src/facts/quote_train.cc) on PolNeAR train only; the weights
// are compiled in (quote_model.inc: hashed feature keys and weights, the
// candidate word forms, the decision threshold; no article text).
//
// Why: a fixed cue lexicon misses half of PolNeAR's attributions (beliefs,
// polls "show", "asked", nominal cues) and cannot tell "show" in "polls show"
// from "the show". The model is asked only for candidate forms (words seen as
// cue heads in train, and rarer forms sharing their stem: "testifies" for
// "testified"), once per word, so it costs little (see quotes.cc).
//
// The finder and the model share one tokenizer (below): the model's features
// are computed from the finder's tokens of the paragraph, the same at training
// and at run time, so the two cannot drift apart.
#ifndef STORYLINE_FACTS_QUOTE_MODEL_H_
#define STORYLINE_FACTS_QUOTE_MODEL_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "facts/form_set.h"

namespace storyline::facts::quote_model {

// A token of a paragraph: a word (letters, digits, non-ASCII letters, with
// inner apostrophes, hyphens, dots and digit commas; an abbreviation or an
// initial keeps its dot: "Mr.", "U.S.", "J."), a punctuation mark (, . ; : ? !
// ( ), '-' for every dash, 'e' for an ellipsis) or a quotation mark (opening
// “ „ « ``, closing ” », either " ''). Other characters are skipped.
enum class TokenType : uint8_t { kWord, kPunct, kOpen, kClose, kEither };
struct Token {
  uint32_t b, e;
  TokenType type;
  char punct;  // the mark of a kPunct token
  bool cap;    // a word starting with an upper-case letter (ASCII or a non-ASCII letter)
  bool IsWord() const { return type == TokenType::kWord; }
  bool IsQuoteMark() const { return type == TokenType::kOpen || type == TokenType::kClose || type == TokenType::kEither; }
};

// Appends the tokens of text[b, e) (one paragraph: no line break inside) to
// `out`; `lower` is the text lower-cased in ASCII (same length).
void Tokenize(std::string_view text, std::string_view lower, size_t b, size_t e, std::vector<Token>* out);

// Bytes of the non-word multi-byte mark at text[i] (quotation marks, dashes,
// ellipsis, spaces, CJK and full-width punctuation); 0 when text[i] starts none.
size_t PunctBytes(std::string_view text, size_t i);

// Feature keys (FNV-1a hashes) of the word token line[i], given the tokens of
// its paragraph (Tokenize) and `lower`.
void Features(std::string_view text, std::string_view lower, const std::vector<Token>& line, size_t i,
              std::vector<uint32_t>* out);

// The crude stem that lets rare inflections share a cue's weights and
// candidacy ("testifies", "testified", "testifying" -> "testif").
std::string_view Stem(std::string_view lower_form);

uint32_t Hash(std::string_view s, uint32_t seed = 2166136261u);

class Model {
 public:
  // The compiled-in model (quote_model.inc).
  static const Model& Default();
  // Parses the .inc text the trainer writes; false when it holds no weights.
  bool Parse(std::string_view inc);

  // A form the model is asked about: a cue head in train, or one sharing its stem with such heads.
  bool IsCandidate(std::string_view lower_form) const {
    return candidates_.Contains(lower_form) || (!candidate_stems_.empty() && candidate_stems_.Contains(Stem(lower_form)));
  }
  // Cue forms PolNeAR train mostly marks with no source ("expected", "seemed",
  // "reportedly"): the finder gives their quotes no speaker.
  bool NoSource(std::string_view lower_form) const { return no_source_.Contains(lower_form); }
  // Raw perceptron score of the word token line[i]; a cue when >= threshold().
  float Score(std::string_view text, std::string_view lower, const std::vector<Token>& line, size_t i) const;
  // The same for the word text[b, e) (tokenizes its line; for tests and tools).
  float Score(std::string_view text, std::string_view lower, size_t b, size_t e) const;
  float threshold() const { return threshold_; }
  bool empty() const { return weight_count_ == 0; }

  // For the trainer.
  void Set(std::unordered_map<uint32_t, float> weights, std::vector<std::string> candidates, float threshold,
           std::vector<std::string> no_source = {}, std::vector<std::string> candidate_stems = {});

 private:
  void SetWeights(const std::vector<std::pair<uint32_t, float>>& weights);
  void SetForms(std::vector<std::string> candidates, float threshold, std::vector<std::string> no_source,
                std::vector<std::string> candidate_stems);

  // Feature key -> weight, by open addressing with each key beside its weight: one cache miss per
  // look-up, where a node-based map costs two (every candidate word looks up ~30 keys). Key 0 marks
  // an empty slot; a weight under key 0 itself is kept apart.
  struct Slot {
    uint32_t key;
    float weight;
  };
  const float* FindWeight(uint32_t key) const {
    if (key == 0) return has_zero_key_ ? &zero_key_weight_ : nullptr;
    if (slots_.empty()) return nullptr;
    for (size_t i = SlotOf(key);; i = (i + 1) & mask_) {
      if (slots_[i].key == key) return &slots_[i].weight;
      if (slots_[i].key == 0) return nullptr;
    }
  }
  size_t SlotOf(uint32_t key) const { return (key * 0x9E3779B1u) >> slot_shift_; }  // the product's top bits
  std::vector<Slot> slots_;
  size_t mask_ = 0;
  int slot_shift_ = 32;
  bool has_zero_key_ = false;
  float zero_key_weight_ = 0;
  size_t weight_count_ = 0;
  FormSet candidates_, candidate_stems_, no_source_;
  float threshold_ = 0;
};

// The second look at a cue the model scored, once the finder has found its
// speaker (quote_filter.inc): a linear model over the cue score, the speaker's
// kind (pronoun, name, other noun phrase), side and length, the cue form and
// the sentence's shape ("that" after the cue, a quotation in the sentence)
// decides whether the cue gives quotes. Cues scoring under floor() are never
// asked. The cue score alone cannot see whether a plausible speaker stands
// beside the word: "Trump blasted ..." with a name before it is a cue at scores
// where "the ad blasted" is not. Trained by scripts/train_quote_filter.py on
// the finder's own cues over PolNeAR train, with cue scores cross-fitted (each
// article scored by a cue model that did not see it), so it learns from scores
// as they look on unseen text.
class CueFilter {
 public:
  // The compiled-in filter (quote_filter.inc); empty when that file holds none.
  static const CueFilter& Default();
  // Parses the .inc text the trainer writes ("L floor", "B threshold", "F weight feature" lines).
  bool Parse(std::string_view inc);
  bool empty() const { return weights_.empty(); }
  float floor() const { return floor_; }
  // Sum of the weights of `features` minus the threshold: the cue is kept when >= 0.
  float Score(const std::vector<std::string>& features) const;
  // The weight of the feature whose Hash is `key` (0 when none), and the threshold: the finder
  // hashes its features as it builds them (no strings), Score(strings) gives the same sum.
  float Weight(uint32_t key) const {
    auto it = weights_.find(key);
    return it == weights_.end() ? 0.0f : it->second;
  }
  float threshold() const { return threshold_; }
  // For training: no weights, every cue from `floor` on is kept.
  void SetFloor(float floor) { floor_ = floor; }

 private:
  std::unordered_map<uint32_t, float> weights_;  // by Hash of the feature string
  float floor_ = 0;
  float threshold_ = 0;
};

// A cue the finder asked the filter about (recorded for training only).
struct CueRecord {
  size_t cue_b, cue_e, speaker_b, speaker_e;  // byte spans in the article
  std::vector<std::string> features;
};

// The filter FindQuotes uses: Default() unless overridden; and, when `log` is
// set, every asked cue is appended to it. For the filter's trainer; not
// thread-safe to change while FindQuotes runs.
const CueFilter& ActiveFilter();
void OverrideFilter(const CueFilter* f);
std::vector<CueRecord>* CueLog();
void SetCueLog(std::vector<CueRecord>* log);

// The model FindQuotes uses: Default() unless overridden (benchmarks and the
// trainer's held-out evaluation; nullptr restores the default). Not thread-safe
// to change while FindQuotes runs.
const Model& Active();
void OverrideModel(const Model* m);

}  // namespace storyline::facts::quote_model

#endif  // STORYLINE_FACTS_QUOTE_MODEL_H_
