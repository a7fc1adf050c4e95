// Story-level facts from per-article facts. Internal to the brief stage.
#ifndef STORYLINE_BRIEF_STORY_FACTS_H_
#define STORYLINE_BRIEF_STORY_FACTS_H_

#include <string>
#include <string_view>
#include <vector>

#include "storyline/brief.h"

namespace storyline::brief {

// Lower-case words of a string, for matching quotes and names.
std::vector<std::string> LowerWords(std::string_view s);

// Share of the shorter word sequence's words that the other one has: a cut
// quote ("important bilateral documents will be signed") is contained in the
// full one ("A number of important bilateral documents will be signed").
double Containment(const std::vector<std::string>& a, const std::vector<std::string>& b);

// Fills story.entities, quotes, numbers and dates from `per_article` (one
// entry per story.articles element, same order). Entities merge by name and
// alias ("Xi" joins "Xi Jinping"); quotes by word containment (a cut quote
// joins the full one); numbers by normalised value and unit; dates by
// resolved value (unresolved ones are left out).
void AddStoryFacts(Story& story, const std::vector<facts::ArticleFacts>& per_article);

}  // namespace storyline::brief

#endif  // STORYLINE_BRIEF_STORY_FACTS_H_
