// Hash mixing shared by the dedup stage. Internal.
#ifndef STORYLINE_DEDUP_HASH_H_
#define STORYLINE_DEDUP_HASH_H_

#include <cstdint>

namespace storyline::dedup {

// splitmix64's finaliser: a fast bijective 64-bit mixer.
inline uint64_t Mix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

}  // namespace storyline::dedup

#endif  // STORYLINE_DEDUP_HASH_H_
