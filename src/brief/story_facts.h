// Story-level facts from per-article facts. Internal to the brief stage.
#ifndef STORYLINE_BRIEF_STORY_FACTS_H_
#define STORYLINE_BRIEF_STORY_FACTS_H_

#include <vector>

#include "storyline/brief.h"

namespace storyline::brief {

// Fills story.entities, quotes, numbers and dates from `per_article` (one
// entry per story.articles element, same order). Entities merge by name and
// alias ("Xi" joins "Xi Jinping"); quotes by word containment (a cut quote
// joins the full one); numbers by normalised value and unit; dates by
// resolved value (unresolved ones are left out).
void AddStoryFacts(Story& story, const std::vector<facts::ArticleFacts>& per_article);

}  // namespace storyline::brief

#endif  // STORYLINE_BRIEF_STORY_FACTS_H_
