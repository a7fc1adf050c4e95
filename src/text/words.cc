// CountWords, CutWords and WordsAround: words as runs of non-space bytes. See storyline/text.h.

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

#include "storyline/text.h"

namespace storyline::text {

size_t CountWords(std::string_view s) {
  size_t n = 0;
  bool in = false;
  for (char c : s) {
    const bool space = std::isspace(static_cast<unsigned char>(c)) != 0;
    if (!space && !in) ++n;
    in = !space;
  }
  return n;
}

std::string CutWords(std::string_view s, size_t words) {
  size_t n = 0;
  bool in = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const bool space = std::isspace(static_cast<unsigned char>(s[i])) != 0;
    if (!space && !in) {
      if (n == words) return std::string(s.substr(0, i));
      ++n;
    }
    in = !space;
  }
  return std::string(s);
}

std::string WordsAround(std::string_view s, size_t begin, size_t end, size_t words) {
  // Whether `s` holds more than `words` words, read no further than that.
  size_t n = 0;
  bool in = false;
  for (size_t i = 0; i < s.size() && n <= words; ++i) {
    const bool space = std::isspace(static_cast<unsigned char>(s[i])) != 0;
    n += !space && !in;
    in = !space;
  }
  if (n <= words) return std::string(s);
  begin = std::min(begin, s.size());
  end = std::clamp(end, begin, s.size());
  auto is_space = [&](size_t i) { return std::isspace(static_cast<unsigned char>(s[i])) != 0; };
  // Word starts before the span (nearest first) and word ends after it.
  const size_t in_span = CountWords(s.substr(begin, end - begin));
  const size_t budget = words > in_span ? words - in_span : 0;
  size_t before = budget * 2 / 5, after = budget - before;
  size_t from = begin, to = end;
  auto step_back = [&] {  // to the start of the word before `from`
    size_t i = from;
    while (i > 0 && is_space(i - 1)) --i;
    if (i == 0) return false;
    while (i > 0 && !is_space(i - 1)) --i;
    from = i;
    return true;
  };
  auto step_on = [&] {  // to the end of the word after `to`
    size_t i = to;
    while (i < s.size() && is_space(i)) ++i;
    if (i == s.size()) return false;
    while (i < s.size() && !is_space(i)) ++i;
    to = i;
    return true;
  };
  // The span's own first and last words whole.
  while (from > 0 && !is_space(from - 1)) --from;
  while (to < s.size() && !is_space(to)) ++to;
  size_t taken_before = 0, taken_after = 0;
  while (taken_before < before && step_back()) ++taken_before;
  while (taken_after < after && step_on()) ++taken_after;
  // Words one side could not use go to the other.
  while (taken_before + taken_after < budget && step_back()) ++taken_before;
  while (taken_before + taken_after < budget && step_on()) ++taken_after;
  std::string out;
  if (from > 0) out += "\u2026 ";
  out += s.substr(from, to - from);
  if (to < s.size()) out += " \u2026";
  return out;
}

}  // namespace storyline::text
