// HeadlineOf: a headline for a text with no title. See storyline/text.h.

#include <cctype>
#include <string>
#include <string_view>

#include "storyline/text.h"

namespace storyline::text {
namespace {

bool Space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// The first sentence of a text: up to a full stop, question or exclamation
// mark before a capital (not after a short capitalised abbreviation: "Mr.",
// "U.S."), or to the end of the first line; at most the first 600 bytes.
std::string_view LeadSentence(std::string_view text) {
  constexpr size_t kMaxLead = 600;
  const size_t limit = std::min(text.size(), kMaxLead);
  for (size_t i = 0; i < limit; ++i) {
    const char c = text[i];
    if (c == '\n') return text.substr(0, i);
    if ((c != '.' && c != '!' && c != '?') || i + 2 >= text.size() || text[i + 1] != ' ') continue;
    const char next = text[i + 2];
    if (!std::isupper(static_cast<unsigned char>(next)) && next != '"' && next != '\'') continue;
    if (c == '.') {
      size_t w = i;
      while (w > 0 && !Space(text[w - 1])) --w;
      std::string_view word = text.substr(w, i - w);
      if (word.size() <= 3 && !word.empty() && std::isupper(static_cast<unsigned char>(word[0]))) continue;
    }
    return text.substr(0, i + 1);
  }
  return text.substr(0, limit);
}

}  // namespace

std::string HeadlineOf(std::string_view text) {
  while (!text.empty() && Space(text.front())) text.remove_prefix(1);
  text.remove_prefix(DatelineLength(text));
  std::string_view sentence = LeadSentence(text);
  while (!sentence.empty() && Space(sentence.back())) sentence.remove_suffix(1);
  if (CountWords(sentence) <= 16) {
    if (sentence.ends_with('.')) sentence.remove_suffix(1);
    return std::string(sentence);
  }
  size_t words = 0;
  bool in = false;
  for (size_t i = 0; i < sentence.size(); ++i) {
    const char c = sentence[i];
    const bool space = Space(c);
    if (!space && !in) ++words;
    in = !space;
    if (words > 16) break;
    // A comma, semicolon or colon before a space ("1,000" and "3:42" are no
    // breaks), AP's " _ ", or a dash.
    const bool before_space = i + 1 < sentence.size() && sentence[i + 1] == ' ';
    const bool clause_break = ((c == ',' || c == ';' || c == ':') && before_space) ||
                              (c == '_' && i > 0 && sentence[i - 1] == ' ') ||
                              sentence.substr(i).starts_with("\u2014") || sentence.substr(i).starts_with("\u2013");
    if (clause_break && words >= 6) {
      std::string_view head = sentence.substr(0, i);
      while (!head.empty() && head.back() == ' ') head.remove_suffix(1);
      return std::string(head);
    }
  }
  std::string head = CutWords(sentence, 14);
  // Drop the function words the cut ends on ("killing at").
  for (;;) {
    while (!head.empty() && Space(head.back())) head.pop_back();
    const size_t space = head.find_last_of(' ');
    if (space == std::string::npos || !IsStopWord(FoldCase(std::string_view(head).substr(space + 1)))) break;
    head.resize(space);
  }
  while (!head.empty() && std::ispunct(static_cast<unsigned char>(head.back()))) head.pop_back();
  return head + "\u2026";
}

}  // namespace storyline::text
