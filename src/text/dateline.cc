// DatelineLength: the dateline a news sentence opens with. See storyline/text.h.
// (Its own file, free of ICU, so tools that build the quote finder alone,
// bench/facts/quotes.sh, link it too.)

#include "storyline/text.h"

namespace storyline::text {

size_t DatelineLength(std::string_view s) {
  constexpr size_t kMaxDateline = 80;
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
  size_t i = 0;
  // The place, in capitals: words of capital letters (and '.', '-', '\''),
  // two letters at least.
  size_t capitals = 0;
  while (i < s.size() && i < kMaxDateline) {
    size_t w = i;
    while (w < s.size() && (upper(s[w]) || ((s[w] == '.' || s[w] == '-' || s[w] == '\'') && w > i))) ++w;
    if (w == i || (w < s.size() && lower(s[w]))) break;
    capitals += w - i;
    i = w;
    if (i + 1 < s.size() && s[i] == ' ' && upper(s[i + 1])) {
      size_t next = i + 1;
      while (next < s.size() && upper(s[next])) ++next;
      if (next < s.size() && lower(s[next])) break;  // "NEW York"? no: a region follows a comma
      ++i;
      continue;
    }
    break;
  }
  if (capitals < 2) return 0;
  // A region after a comma: "NAIROBI, Kenya", "KOUROU, French Guiana".
  if (i + 2 < s.size() && s[i] == ',' && s[i + 1] == ' ' && upper(s[i + 2])) {
    size_t j = i + 2;
    while (j < s.size() && j < kMaxDateline && s[j] != ',' && s[j] != '(' && s[j] != ':' && s[j] != '\n') {
      if (s[j] == ' ' && j + 1 < s.size() && !(upper(s[j + 1]) || s[j + 1] == '(' || s[j + 1] == '-' ||
                                                 s[j + 1] == '_' || static_cast<unsigned char>(s[j + 1]) == 0xE2))
        return 0;  // a lower-case word: a sentence, not a region
      if (s[j] == ' ' && j + 1 < s.size() && !upper(s[j + 1])) break;
      ++j;
    }
    i = j;
  }
  // The agency: "(AP)", "(Reuters)", "(Meridian Press)".
  size_t k = i;
  while (k < s.size() && s[k] == ' ') ++k;
  if (k < s.size() && s[k] == '(') {
    size_t close = s.find(')', k);
    if (close == std::string_view::npos || close > kMaxDateline) return 0;
    i = close + 1;
  }
  // The separator: ":", "-", "--", "_", an en or em dash.
  size_t j = i;
  while (j < s.size() && s[j] == ' ') ++j;
  const bool spaced = j > i;
  size_t sep = 0;
  if (j < s.size() && s[j] == ':' && !spaced) sep = 1;
  else if (s.substr(j).starts_with("--")) sep = 2;
  else if (spaced && j < s.size() && (s[j] == '-' || s[j] == '_')) sep = 1;
  else if (s.substr(j).starts_with("\u2014") || s.substr(j).starts_with("\u2013")) sep = 3;
  if (sep == 0) return 0;
  j += sep;
  if (j >= s.size() || s[j] != ' ') return 0;
  while (j < s.size() && s[j] == ' ') ++j;
  // The news starts as a sentence does: not with a lower-case word.
  if (j >= s.size() || lower(s[j]) || j > kMaxDateline + 8) return 0;
  return j;
}

}  // namespace storyline::text
