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

// A publication time as an interval of UTC seconds [lo, hi]: one second for
// a date-time, the whole UTC day for a date alone.
struct PublishedTime {
  int64_t lo = 0, hi = 0;
};

// Parses an ISO 8601 date or date-time ("2023-03-17", "2023-03-17T10:00Z",
// "2023-03-17 10:00:00.5+08:00", "+0800"); a time without zone is UTC.
// nullopt when `published` is empty or not ISO 8601.
std::optional<PublishedTime> ParsePublished(std::string_view published);

}  // namespace storyline::dedup

#endif  // STORYLINE_DEDUP_CLUSTERS_H_
