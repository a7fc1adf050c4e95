// UTF-8 validation and repair following Unicode 15, section 3.9 (Table 3-7,
// "Well-Formed UTF-8 Byte Sequences") and the "maximal subpart" practice for
// U+FFFD substitution.
#include <simdjson.h>

#include <algorithm>
#include <cstring>

#include "storyline/text.h"

namespace storyline::text {
namespace {

// Length of the well-formed sequence starting at s[i], or the negated length of
// its maximal ill-formed subpart (at least 1) when it is ill-formed.
inline int DecodeLength(const unsigned char* s, size_t n, size_t i) {
  unsigned char b = s[i];
  if (b < 0x80) return 1;
  int need;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (b >= 0xC2 && b <= 0xDF) {
    need = 1;
  } else if (b >= 0xE0 && b <= 0xEF) {
    need = 2;
    if (b == 0xE0) lo = 0xA0;       // overlong
    else if (b == 0xED) hi = 0x9F;  // surrogates
  } else if (b >= 0xF0 && b <= 0xF4) {
    need = 3;
    if (b == 0xF0) lo = 0x90;       // overlong
    else if (b == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    return -1;  // continuation byte, C0/C1 (always overlong) or F5..FF
  }
  for (int k = 1; k <= need; ++k) {
    if (i + k >= n) return -k;
    unsigned char c = s[i + k];
    if (k == 1 ? (c < lo || c > hi) : (c < 0x80 || c > 0xBF)) return -k;
  }
  return need + 1;
}

// True when the 8 bytes at p are all ASCII.
inline bool Ascii8(const unsigned char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return (v & 0x8080808080808080ULL) == 0;
}

}  // namespace

std::optional<size_t> FindInvalidUtf8(std::string_view sv) {
  // Valid input, by far the common case, is confirmed with SIMD; only invalid
  // input is walked to find the first bad byte.
  if (simdjson::validate_utf8(sv.data(), sv.size())) return std::nullopt;
  const auto* s = reinterpret_cast<const unsigned char*>(sv.data());
  const size_t n = sv.size();
  size_t i = 0;
  while (i < n) {
    if (i + 8 <= n && Ascii8(s + i)) {
      i += 8;
      continue;
    }
    int len = DecodeLength(s, n, i);
    if (len < 0) return i;
    i += len;
  }
  return std::nullopt;
}

std::string RepairUtf8(std::string_view sv, size_t* replaced) {
  size_t count = 0;
  std::optional<size_t> first = FindInvalidUtf8(sv);
  if (!first) {
    if (replaced) *replaced = 0;
    return std::string(sv);
  }
  const auto* s = reinterpret_cast<const unsigned char*>(sv.data());
  const size_t n = sv.size();
  std::string out;
  out.reserve(n + 16);
  out.append(sv.data(), *first);
  size_t i = *first;
  while (i < n) {
    int len = DecodeLength(s, n, i);
    if (len > 0) {
      out.append(sv.data() + i, len);
      i += len;
    } else {
      out.append("\xEF\xBF\xBD");
      ++count;
      i += -len;
    }
  }
  if (replaced) *replaced = count;
  return out;
}

CodePointIndex::CodePointIndex(std::string_view utf8) : text_(utf8) {
  block_counts_.reserve(utf8.size() / 64 + 1);
  uint32_t count = 0;
  for (size_t i = 0; i < utf8.size(); ++i) {
    if (i % 64 == 0) block_counts_.push_back(count);
    count += (static_cast<unsigned char>(utf8[i]) & 0xC0) != 0x80;
  }
}

size_t CodePointIndex::ToCodePoints(size_t byte_offset) const {
  byte_offset = std::min(byte_offset, text_.size());
  size_t block = byte_offset / 64;
  if (block >= block_counts_.size()) {
    if (block_counts_.empty()) return 0;
    block = block_counts_.size() - 1;
  }
  size_t count = block_counts_[block];
  for (size_t i = block * 64; i < byte_offset; ++i)
    count += (static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80;
  return count;
}

bool LooksBinary(std::string_view s) {
  // A prefix is enough to tell; whole files need not be scanned.
  const size_t n = std::min<size_t>(s.size(), 64 * 1024);
  if (std::memchr(s.data(), '\0', n) != nullptr) return true;
  size_t control = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  // Counted in blocks of 255 bytes into a byte-wide counter, without branches,
  // so that the loop runs on vectors of bytes (it is a pass over every page;
  // a size_t counter made the vectors eight times narrower).
  for (size_t block = 0; block < n; block += 255) {
    const size_t end = std::min(n, block + 255);
    uint8_t in_block = 0;
    for (size_t i = block; i < end; ++i) {
      const unsigned char c = p[i];
      in_block += ((c < 0x20) & (c != '\t') & (c != '\n') & (c != '\r') & (c != '\f')) | (c == 0x7F);
    }
    control += in_block;
  }
  // Text in legacy encodings may carry a stray control byte or two; binary data
  // carries many.
  return n > 0 && control * 20 > n;
}

}  // namespace storyline::text
