// CountWords, CutWords and WordsAround: words as runs of non-space bytes. See storyline/text.h.

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <string>
#include <string_view>

#include "storyline/text.h"

namespace storyline::text {
namespace {

bool IsSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// The words of `s`, counted no further than `most` + 1 (enough to tell
// whether it holds more than `most`).
size_t CountWordsUpTo(std::string_view s, size_t most) {
  size_t n = 0;
  bool in = false;
  for (size_t i = 0; i < s.size() && n <= most; ++i) {
    const bool space = IsSpace(s[i]);
    n += !space && !in;
    in = !space;
  }
  return n;
}

}  // namespace

size_t CountWords(std::string_view s) { return CountWordsUpTo(s, SIZE_MAX - 1); }

std::string CutWords(std::string_view s, size_t words) {
  size_t n = 0;
  bool in = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const bool space = IsSpace(s[i]);
    if (!space && !in) {
      if (n == words) return std::string(s.substr(0, i));
      ++n;
    }
    in = !space;
  }
  return std::string(s);
}

std::string WordsAround(std::string_view s, size_t begin, size_t end, size_t words) {
  if (CountWordsUpTo(s, words) <= words) return std::string(s);
  begin = std::min(begin, s.size());
  end = std::clamp(end, begin, s.size());
  auto is_space = [&](size_t i) { return IsSpace(s[i]); };
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
