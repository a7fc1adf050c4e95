// Fingerprints, MinHash signatures and Jaccard similarity. See storyline/dedup.h.

#include <unicode/uchar.h>
#include <unicode/utf8.h>
// Inlined: one call per word, where a library call would dominate.
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <algorithm>
#include <array>

#include "dedup/hash.h"
#include "dedup/shingle_set.h"
#include "storyline/dedup.h"

namespace storyline::dedup {
namespace {

// Words are maximal runs of letters, digits and combining marks. Everything
// else (spaces, punctuation, quotes of any kind, apostrophes, dashes) separates
// words, so "Xi’s" and "Xi's" both give "xi" "s", and "two-day" and "two–day"
// both give "two" "day": typographic variants never break a match.
inline bool IsWordCodePoint(UChar32 c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  return u_isalnum(c) || u_getCombiningClass(c) != 0 || u_charType(c) == U_NON_SPACING_MARK ||
         u_charType(c) == U_COMBINING_SPACING_MARK;
}


}  // namespace

Status Options::Check() const {
  if (shingle_words == 0 || shingle_words > 16) return Status::InvalidArgument("shingle size must be 1 to 16 words");
  if (bands == 0 || rows == 0) return Status::InvalidArgument("bands and rows must be at least 1");
  if (num_hashes() > 4096) return Status::InvalidArgument("bands x rows must be at most 4096");
  if (near_threshold < 0 || near_threshold > 1) return Status::InvalidArgument("threshold must be within 0..1");
  if (min_span_words == 0) return Status::InvalidArgument("minimum span must be at least 1 word");
  return Status::Ok();
}

// Byte classes for the ASCII fast path: 0 separator, 1 word byte (with its
// lower-case form in kLower), 2 the lead of a multi-byte sequence.
struct ByteTable {
  uint8_t cls[256];
  char lower[256];
  constexpr ByteTable() : cls(), lower() {
    for (int b = 0; b < 256; ++b) {
      bool alnum = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9');
      cls[b] = b >= 0x80 ? 2 : alnum ? 1 : 0;
      lower[b] = static_cast<char>(b >= 'A' && b <= 'Z' ? b + 32 : b);
    }
  }
};
constexpr ByteTable kBytes;

Fingerprint MakeFingerprint(std::string_view text, const Options& options) {
  Fingerprint fp;
  const size_t n = text.size();
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  fp.words.reserve(n / 6);
  fp.word_hashes.reserve(n / 6);
  // The folded word being built; words longer than the buffer are rare and
  // hashed by their first kMaxWord bytes, which still tells them apart.
  constexpr size_t kMaxWord = 64;
  char word[kMaxWord + 4];
  size_t i = 0;
  while (i < n) {
    uint8_t cls = kBytes.cls[s[i]];
    if (cls == 0) {
      ++i;
      continue;
    }
    UChar32 c;
    if (cls == 2) {
      size_t j = i;
      U8_NEXT(s, j, n, c);
      if (c < 0 || !IsWordCodePoint(c)) {
        i = j;
        continue;
      }
    }
    // Collect one word, folding case as we go.
    size_t start = i, len = 0;
    while (i < n) {
      uint8_t b = s[i];
      cls = kBytes.cls[b];
      if (cls == 1) {
        if (len < kMaxWord) word[len++] = kBytes.lower[b];
        ++i;
        continue;
      }
      if (cls == 0) break;
      size_t j = i;
      U8_NEXT(s, j, n, c);
      if (c < 0 || !IsWordCodePoint(c)) break;
      UChar32 folded = u_foldCase(c, U_FOLD_CASE_DEFAULT);
      if (len < kMaxWord) {
        int32_t written = 0;
        [[maybe_unused]] UBool error = false;
        U8_APPEND(reinterpret_cast<uint8_t*>(word + len), written, 4, folded, error);
        len += static_cast<size_t>(written);
      }
      i = j;
    }
    fp.words.push_back({start, i});
    fp.word_hashes.push_back(XXH3_64bits(word, len));
  }

  const size_t k = options.shingle_words;
  if (fp.word_hashes.size() >= k) {
    fp.shingles.reserve(fp.word_hashes.size() - k + 1);
    for (size_t w = 0; w + k <= fp.word_hashes.size(); ++w) {
      uint64_t h = 0x9e3779b97f4a7c15ULL;
      for (size_t j = 0; j < k; ++j) h = Mix(h ^ fp.word_hashes[w + j]) + j;
      fp.shingles.push_back(h);
    }
  } else if (!fp.word_hashes.empty()) {
    // A text shorter than one shingle is one shingle of all its words.
    uint64_t h = 0x9e3779b97f4a7c15ULL;
    for (uint64_t wh : fp.word_hashes) h = Mix(h ^ wh);
    fp.shingles.push_back(h);
  }
  fp.content_hash = fp.word_hashes.empty()
                        ? 0
                        : XXH3_64bits(fp.word_hashes.data(), fp.word_hashes.size() * sizeof(uint64_t));
  return fp;
}

Signature MakeSignature(const Fingerprint& fingerprint, const Options& options) {
  const size_t k = options.num_hashes();
  // One permutation: each shingle hashes once; its bin is a slice of the hash
  // range and the bin keeps its smallest value.
  std::vector<uint64_t> bins(k, UINT64_MAX);
  for (uint64_t shingle : fingerprint.shingles) {
    uint64_t h = Mix(shingle ^ options.seed);
    // Multiply-shift maps h uniformly onto [0, k) using the high bits; the
    // low bits rank within the bin.
    size_t bin = static_cast<size_t>((static_cast<unsigned __int128>(h) * k) >> 64);
    uint64_t value = h * 0x9e3779b97f4a7c15ULL;  // decorrelate from the bin choice
    if (value < bins[bin]) bins[bin] = value;
  }
  Signature sig(k, 0);
  if (fingerprint.shingles.empty()) return sig;
  // Optimal densification: an empty bin borrows the value of the first
  // non-empty bin on its own pseudo-random probe sequence, a sequence that
  // depends only on the bin, so two documents borrow alike.
  for (size_t j = 0; j < k; ++j) {
    uint64_t v = bins[j];
    for (uint64_t attempt = 1; v == UINT64_MAX; ++attempt) {
      uint64_t h = Mix((static_cast<uint64_t>(j) << 32) ^ attempt ^ options.seed);
      size_t probe = static_cast<size_t>((static_cast<unsigned __int128>(h) * k) >> 64);
      v = bins[probe];
    }
    // The minimum of many values sits near 0, so its top bits alone would
    // collide far more often than 2^-16; a bijective re-mix keeps equal
    // minima equal and spreads unequal ones uniformly over the 16 bits.
    sig[j] = static_cast<uint16_t>(Mix(v) >> 48);
  }
  return sig;
}

double EstimateJaccard(const Signature& a, const Signature& b) {
  if (a.empty() || a.size() != b.size()) return 0;
  size_t equal = 0;
  for (size_t i = 0; i < a.size(); ++i) equal += a[i] == b[i];
  return static_cast<double>(equal) / static_cast<double>(a.size());
}

std::vector<uint64_t> ShingleSet(const Fingerprint& fingerprint) {
  std::vector<uint64_t> set(fingerprint.shingles);
  std::sort(set.begin(), set.end());
  set.erase(std::unique(set.begin(), set.end()), set.end());
  return set;
}

double SetJaccard(const std::vector<uint64_t>& x, const std::vector<uint64_t>& y) {
  if (x.empty() && y.empty()) return 0;
  size_t i = 0, j = 0, inter = 0;
  while (i < x.size() && j < y.size()) {
    if (x[i] < y[j]) ++i;
    else if (y[j] < x[i]) ++j;
    else { ++inter; ++i; ++j; }
  }
  return static_cast<double>(inter) / static_cast<double>(x.size() + y.size() - inter);
}

double ExactJaccard(const Fingerprint& a, const Fingerprint& b) { return SetJaccard(ShingleSet(a), ShingleSet(b)); }

}  // namespace storyline::dedup
