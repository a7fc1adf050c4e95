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
// cue heads in train), once per word, so it costs little (see quotes.cc).
//
// Features are computed from the raw text by this file's own tokenizer, the
// same at training and at run time, so the two cannot drift apart.
#ifndef STORYLINE_FACTS_QUOTE_MODEL_H_
#define STORYLINE_FACTS_QUOTE_MODEL_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace storyline::facts::quote_model {

// A token of the model's tokenizer: a word (letters, digits, non-ASCII letters,
// with inner apostrophes, hyphens and dots) or one punctuation mark. Every
// quotation mark (" “ ” « » `` '') has kind '"', every dash (— – --) '-'.
struct Token {
  uint32_t b, e;
  char kind;  // 'w' for a word, else the punctuation class
};

// Appends the tokens of text[b, e) to `out` (e at or before a line end).
void Tokenize(std::string_view text, size_t b, size_t e, std::vector<Token>* out);

// Feature keys (FNV-1a hashes) of the word text[b, e), given `lower` (the text
// lower-cased in ASCII, same length). Neighbours come from the same line.
void Features(std::string_view text, std::string_view lower, size_t b, size_t e, std::vector<uint32_t>* out);

uint32_t Hash(std::string_view s, uint32_t seed = 2166136261u);

class Model {
 public:
  // The compiled-in model (quote_model.inc).
  static const Model& Default();
  // Parses the .inc text the trainer writes; false when it holds no weights.
  bool Parse(std::string_view inc);

  bool IsCandidate(std::string_view lower_form) const { return candidates_.count(lower_form) > 0; }
  // Cue forms PolNeAR train mostly marks with no source ("expected", "seemed",
  // "reportedly"): the finder gives their quotes no speaker.
  bool NoSource(std::string_view lower_form) const { return no_source_.count(lower_form) > 0; }
  // Raw perceptron score of the word text[b, e); a cue when >= threshold().
  float Score(std::string_view text, std::string_view lower, size_t b, size_t e) const;
  float threshold() const { return threshold_; }
  bool empty() const { return weights_.empty(); }

  // For the trainer.
  void Set(std::unordered_map<uint32_t, float> weights, std::vector<std::string> candidates, float threshold,
           std::vector<std::string> no_source = {});

 private:
  std::unordered_map<uint32_t, float> weights_;
  std::vector<std::string> candidate_store_;
  std::unordered_set<std::string_view> candidates_;
  std::vector<std::string> no_source_store_;
  std::unordered_set<std::string_view> no_source_;
  float threshold_ = 0;
};

// The model FindQuotes uses: Default() unless overridden (benchmarks and the
// trainer's held-out evaluation; nullptr restores the default). Not thread-safe
// to change while FindQuotes runs.
const Model& Active();
void OverrideModel(const Model* m);

}  // namespace storyline::facts::quote_model

#endif  // STORYLINE_FACTS_QUOTE_MODEL_H_
