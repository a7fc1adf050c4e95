// A map from strings to small values for the brief's per-token look-ups
// (every token of a story is looked up once or more): open addressing over a
// power-of-two table with the strings' 64-bit hashes kept in the slots, so a
// look-up costs one hash and, nearly always, one string comparison; no node
// per entry and no division by a prime, as std::unordered_map has.
#ifndef STORYLINE_BRIEF_STRING_MAP_H_
#define STORYLINE_BRIEF_STRING_MAP_H_

#include <xxhash.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace storyline::brief {

template <typename V>
class StringMap {
 public:
  // The value stored for `key`, or null. Valid until the next Insert.
  const V* Find(std::string_view key) const {
    if (slots_.empty()) return nullptr;
    const uint64_t h = XXH3_64bits(key.data(), key.size());
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.entry == kEmpty) return nullptr;
      if (s.hash == h && entries_[s.entry].first == key) return &entries_[s.entry].second;
    }
  }
  // Stores `value` for `key`, which must not be in the map yet.
  void Insert(std::string_view key, V value) {
    if (2 * (entries_.size() + 1) > slots_.size()) Grow();
    const uint64_t h = XXH3_64bits(key.data(), key.size());
    size_t i = h & mask_;
    while (slots_[i].entry != kEmpty) i = (i + 1) & mask_;
    slots_[i] = {h, static_cast<uint32_t>(entries_.size())};
    entries_.emplace_back(std::string(key), std::move(value));
  }
  size_t size() const { return entries_.size(); }

 private:
  static constexpr uint32_t kEmpty = UINT32_MAX;
  struct Slot {
    uint64_t hash = 0;
    uint32_t entry = kEmpty;
  };
  void Grow() {
    size_t cap = slots_.empty() ? 1024 : 2 * slots_.size();
    slots_.assign(cap, Slot{});
    mask_ = cap - 1;
    for (size_t e = 0; e < entries_.size(); ++e) {
      const uint64_t h = XXH3_64bits(entries_[e].first.data(), entries_[e].first.size());
      size_t i = h & mask_;
      while (slots_[i].entry != kEmpty) i = (i + 1) & mask_;
      slots_[i] = {h, static_cast<uint32_t>(e)};
    }
  }
  std::vector<Slot> slots_;
  std::vector<std::pair<std::string, V>> entries_;
  size_t mask_ = 0;
};

}  // namespace storyline::brief

#endif  // STORYLINE_BRIEF_STRING_MAP_H_
