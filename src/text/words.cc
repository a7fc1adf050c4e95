// CountWords and CutWords: words as runs of non-space bytes. See storyline/text.h.

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

}  // namespace storyline::text
