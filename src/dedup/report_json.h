// JSON of dedup results, shared by the dedup report and the brief's `reuse`
// list. Internal to the engine.
#ifndef STORYLINE_DEDUP_REPORT_JSON_H_
#define STORYLINE_DEDUP_REPORT_JSON_H_

#include <nlohmann/json.hpp>
#include <vector>

#include "storyline/dedup.h"

namespace storyline::dedup {

// Code point converters for every article's text, built once per report.
std::vector<text::CodePointIndex> CodePointIndexes(const std::vector<Article>& articles);

// {"text","sources":[ids],"spans":{"<id>":[start,end]},"first":"<id>"|null,
//  "first_note","credits":[...]} with code point spans.
nlohmann::ordered_json ClusterJson(const ReuseCluster& cluster, const std::vector<Article>& articles,
                                   const std::vector<text::CodePointIndex>& code_points);

}  // namespace storyline::dedup

#endif  // STORYLINE_DEDUP_REPORT_JSON_H_
