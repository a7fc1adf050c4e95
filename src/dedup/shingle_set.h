// Shingle sets for exact Jaccard similarity. Internal to the dedup stage.
#ifndef STORYLINE_DEDUP_SHINGLE_SET_H_
#define STORYLINE_DEDUP_SHINGLE_SET_H_

#include <cstdint>
#include <vector>

#include "storyline/dedup.h"

namespace storyline::dedup {

// The fingerprint's distinct shingles, sorted: made once per article, so that
// comparing it with each of its candidates is a merge, not two sorts.
std::vector<uint64_t> ShingleSet(const Fingerprint& fingerprint);

// Jaccard similarity of two shingle sets (0 when both are empty); equals
// ExactJaccard of the fingerprints they were made from.
double SetJaccard(const std::vector<uint64_t>& x, const std::vector<uint64_t>& y);

}  // namespace storyline::dedup

#endif  // STORYLINE_DEDUP_SHINGLE_SET_H_
