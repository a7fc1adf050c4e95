// Contradictions between a story's sources. Internal to the brief stage.
#ifndef STORYLINE_BRIEF_CONFLICTS_H_
#define STORYLINE_BRIEF_CONFLICTS_H_

#include <vector>

#include "storyline/brief.h"
#include "storyline/text.h"

namespace storyline::brief {

// Slots the sources fill with incompatible values, each side with the
// articles that state it (`facts` parallel to `articles`):
// - a figure in the same statement ("killed 12" vs "killed 14": same unit,
//   sentences alike once numbers are set aside);
// - the length of the story's main event: the date range most sources give
//   against a length in days anchored on the range's first day ("the two-day
//   trip beginning on Monday" vs "March 20 to 22");
// - a date in the same statement ("met on Friday" vs "met on Tuesday");
// - the speaker of one quotation, named at the quote;
// - a statement negated by some sources only ("would not" vs "would").
// An article that states both values is not counted as a contradiction.
// `tokens`, when given, holds what the caller has read of the articles
// already (their sentences, split in each article's language, "en" when it
// has none, and each sentence's text::Tokenize), so that it is not read twice.
struct StoryTokens {
  std::vector<std::vector<text::Span>> spans;                          // per article
  std::vector<std::vector<const std::vector<text::Token>*>> tokens;  // per article, per sentence
};
std::vector<Conflict> FindConflicts(const std::vector<Article>& articles,
                                    const std::vector<facts::ArticleFacts>& facts,
                                    const StoryTokens* tokens = nullptr);

}  // namespace storyline::brief

#endif  // STORYLINE_BRIEF_CONFLICTS_H_
