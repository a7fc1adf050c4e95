// Internal to the facts stage: a small, allocation-light scanner shared by the
// time expression and quantity finders. It splits text into ASCII word,
// number and punctuation tokens (non-ASCII characters are single "other"
// tokens, dashes folded to '-'), and parses English number words.
#ifndef STORYLINE_FACTS_TIMEX_LEX_H_
#define STORYLINE_FACTS_TIMEX_LEX_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace storyline::facts::lex {

enum class Kind : uint8_t { kWord, kNumber, kPunct, kOther };

struct Tok {
  uint32_t b = 0, e = 0;    // byte span in the text
  Kind kind = Kind::kWord;
  bool cap = false;         // first letter upper case
  bool upper = false;       // every letter upper case (and more than one)
  char punct = 0;           // for kPunct (dashes folded to '-', quotes to '"' / '\'')
  bool has_sep = false;     // number with ',', '.' or ':' inside
  std::string lw;           // ASCII lower case text ("a.m.", "u.s." kept whole)
  double num = -1;          // numeric value for kNumber (separators parsed), else -1
};

// Tokens of `text`. `space_before(i)` is tokens[i].b > tokens[i-1].e.
std::vector<Tok> Tokenize(std::string_view text);
// Tokenize of the text this thread tokenized last, kept: ReadFacts scans an
// article for quantities and then for dates, both over its tokens. The text is
// compared whole. The tokens stay valid until the thread asks for another text.
std::span<const Tok> TokenizeKept(std::string_view text);

inline bool Adjacent(const Tok& a, const Tok& b) { return a.e == b.b; }

// Value of a number word ("two" 2, "twelve" 12, "twenty" 20, "hundred" 100,
// "dozen" 12, "a"/"an"/"one" 1...), or -1.
int NumberWord(std::string_view lw);
// Value of an ordinal word ("first" 1, "third" 3, "twentieth" 20) or written
// ordinal ("3rd", "22nd"), or -1.
int OrdinalWord(std::string_view lw);

// A spelled-out or written cardinal at tokens[i]: "twenty four", "twenty-four",
// "3", "a hundred", "two and a half" are not all handled: digits, single
// words and tens-units compounds (with or without a hyphen). Sets *next to the
// first token after it. Returns -1 when none.
double ReadCardinal(std::span<const Tok> t, size_t i, size_t* next, bool allow_article);

}  // namespace storyline::facts::lex

#endif  // STORYLINE_FACTS_TIMEX_LEX_H_
