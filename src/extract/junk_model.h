// Internal to the extract stage: the line features, the learned junk model
// and the fixed boilerplate lines.
// The features mirror scripts/train_junk_model.py exactly (same folding, same
// word split, same tokens); the weights come from the generated
// junk_model.inc. plain_text.cc uses the shape as well as the score to decide.
#ifndef STORYLINE_EXTRACT_JUNK_MODEL_H_
#define STORYLINE_EXTRACT_JUNK_MODEL_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace storyline::extract::internal {

// A neighbour with at most this many words is "short" (link-list runs).
inline constexpr size_t kShortWords = 5;

// Writes into `*out` the line with typographic characters folded to ASCII
// (quotes, dashes, no-break space, tab, ellipsis, bullets → '*') and the ends
// trimmed. Reuses `out`'s capacity.
void FoldLine(std::string_view line, std::string* out);

// Shape of a folded line.
struct LineShape {
  size_t words = 0;          // space-separated words
  bool end_sentence = false; // ends with . ! ? (before closing quotes/brackets)
  bool end_colon = false;
  bool url = false;          // http://, https://, www.
  bool at = false;           // '@' anywhere (handles, emails)
  bool hash = false;         // a #hashtag word
  bool digits = false;       // digits are at least a third of the letters+digits
  bool list = false;         // starts with a list marker (*, -, +, "1.", "2)")
  bool titlecase = false;    // at least 3/4 of the lettered words are capitalised
  bool lower_start = false;  // first byte is a lower-case ASCII letter
  bool caps = false;         // 3+ letters, none lower-case
  bool separator = false;    // a word that is |, >, », /, ::, >>
  bool quote = false;        // starts with a quote mark
  bool first_upper = false;  // first letter-or-digit byte is an upper-case letter or a digit
};
LineShape ShapeOf(std::string_view folded);

// The few lines every kind of news page prints the same way, which a
// model of words and shapes can take for a subheading or a lead sentence:
// an advertisement's label (in the languages of the sample pages'
// outlets), "Story continues below (advertisement)", and cookie notices.
// Plain text and HTML bodies both leave them out.
bool IsBoilerplate(std::string_view folded, const LineShape& shape);

// The model's verdict on one line: logits split into the part from the shape
// and context features (plus bias) and the part from the words.
struct JunkScore {
  double probability = 0;
  double shape_logit = 0;
  double lexical_logit = 0;
};

// `prev_words` / `next_words`: word counts of the neighbouring non-blank lines,
// or kNoLine when there is none.
inline constexpr size_t kNoLine = static_cast<size_t>(-1);
JunkScore ScoreLine(std::string_view folded, const LineShape& shape, size_t prev_words,
                    size_t next_words);

}  // namespace storyline::extract::internal

#endif  // STORYLINE_EXTRACT_JUNK_MODEL_H_
