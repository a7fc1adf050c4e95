// A set of 32-bit keys kept as one bit per hash, in front of a hash table:
// "absent" is certain, "maybe" sends the caller to the table. Most look-ups of
// the entity tagger (rare words' features, phrases that are no entry) are of
// absent keys, and the filter answers those from a few cache lines where the
// table would miss. Filled once, then read by any number of threads.
#ifndef STORYLINE_FACTS_BIT_FILTER_H_
#define STORYLINE_FACTS_BIT_FILTER_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace storyline::facts {

template <int kBits>
class BitFilter {
 public:
  // Empty and without memory until the first Add.
  void Clear() { words_.clear(); }
  void Add(uint32_t key) {
    if (words_.empty()) words_.assign((size_t{1} << kBits) / 64, 0);
    uint32_t b = Bit(key);
    words_[b >> 6] |= uint64_t{1} << (b & 63);
  }
  // Never false for an added key.
  bool MayHave(uint32_t key) const {
    if (words_.empty()) return false;
    uint32_t b = Bit(key);
    return (words_[b >> 6] >> (b & 63)) & 1;
  }

 private:
  static uint32_t Bit(uint32_t key) { return (key * 0x85EBCA6Bu) >> (32 - kBits); }
  std::vector<uint64_t> words_;
};

}  // namespace storyline::facts

#endif  // STORYLINE_FACTS_BIT_FILTER_H_
