// Small UTF-8 helpers shared by the text layer (not part of the public API).
#ifndef STORYLINE_TEXT_UNICODE_UTIL_H_
#define STORYLINE_TEXT_UNICODE_UTIL_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#include <unicode/uchar.h>

namespace storyline::text::internal {

// Decodes the code point at s[i] and stores its byte length in *len. Ill-formed
// bytes decode as themselves (length 1) so callers never loop forever.
inline char32_t DecodeAt(std::string_view s, size_t i, size_t* len) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  unsigned char b = p[i];
  size_t n = s.size() - i;
  if (b < 0x80) { *len = 1; return b; }
  if (b >= 0xC2 && b <= 0xDF && n >= 2 && (p[i + 1] & 0xC0) == 0x80) {
    *len = 2;
    return ((b & 0x1F) << 6) | (p[i + 1] & 0x3F);
  }
  if (b >= 0xE0 && b <= 0xEF && n >= 3 && (p[i + 1] & 0xC0) == 0x80 && (p[i + 2] & 0xC0) == 0x80) {
    *len = 3;
    return ((b & 0x0F) << 12) | ((p[i + 1] & 0x3F) << 6) | (p[i + 2] & 0x3F);
  }
  if (b >= 0xF0 && b <= 0xF4 && n >= 4 && (p[i + 1] & 0xC0) == 0x80 && (p[i + 2] & 0xC0) == 0x80 &&
      (p[i + 3] & 0xC0) == 0x80) {
    *len = 4;
    return ((b & 0x07) << 18) | ((p[i + 1] & 0x3F) << 12) | ((p[i + 2] & 0x3F) << 6) | (p[i + 3] & 0x3F);
  }
  *len = 1;
  return b;
}

// Start of the code point that ends just before s[i] (i > 0).
inline size_t PrevStart(std::string_view s, size_t i) {
  size_t j = i - 1;
  while (j > 0 && i - j < 4 && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) --j;
  return j;
}

// Horizontal spaces: ASCII space and tab, no-break and other Unicode spaces.
inline bool IsHSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
         c == 0x202F || c == 0x205F || c == 0x3000;
}

// Any whitespace, including line and paragraph separators.
inline bool IsSpace(char32_t c) {
  return IsHSpace(c) || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0x85 ||
         c == 0x2028 || c == 0x2029;
}

// Format characters that render as nothing and carry no text.
inline bool IsInvisible(char32_t c) {
  return c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF || c == 0xAD ||
         c == 0x200E || c == 0x200F;
}

// "U.S", "a.m", "Ph.D", "e.g": one- or two-letter groups joined by dots (the
// final dot excluded).
inline bool IsDottedAbbreviation(std::string_view w) {
  if (w.find('.') == std::string_view::npos) return false;
  size_t group = 0;
  for (size_t i = 0; i < w.size();) {
    size_t len;
    char32_t c = DecodeAt(w, i, &len);
    if (c == '.') {
      if (group == 0) return false;
      group = 0;
    } else if (u_isalpha(c)) {
      if (++group > 2) return false;
    } else {
      return false;
    }
    i += len;
  }
  return group > 0;
}

}  // namespace storyline::text::internal

#endif  // STORYLINE_TEXT_UNICODE_UTIL_H_
