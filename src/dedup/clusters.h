// Reuse clusters from pairwise shared spans: internal to the dedup stage.
#ifndef STORYLINE_DEDUP_CLUSTERS_H_
#define STORYLINE_DEDUP_CLUSTERS_H_

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "storyline/dedup.h"

namespace storyline::dedup {

// Groups the shared spans of `pairs` into passages: spans of one article that
// overlap belong to one passage, and a passage is every article linked to it
// by a shared span. Each cluster gets its text (from its first carrier), its
// spans, the earliest carrier by `published` (ties and unknown dates said in
// `first_note`, never guessed) and the wire credits (FindCredits) found in or
// next to its spans. Clusters with fewer than two articles are dropped.
std::vector<ReuseCluster> BuildClusters(const std::vector<Article>& articles, const std::vector<Pair>& pairs,
                                        const Options& options);


}  // namespace storyline::dedup

#endif  // STORYLINE_DEDUP_CLUSTERS_H_
