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
//   sentences alike once numbers are set aside, or the words beside the
//   figures naming the same place, person or measure; not when the names
//   beside them differ: "Ostrander, 61" / "Haskel, 74"), or of the same things
//   however worded ("recalling 410,000 air fryers" vs "pulling back 380,000
//   of the fryers": a counted word after the figures, values of ten or more
//   within a factor of two), or the same end of two ranges ("$79 to $129" vs
//   "between $89 and $129"); not when one side can hold the other: an update
//   ("has risen to 14"), an approximation or a bound an exact figure keeps
//   ("about 3 million" / "3.1 million", "at least 12" / 14), a range holding
//   an exact figure, a statement writing both values, or figures more than
//   five times apart (two quantities, not one). A figure in brackets after
//   another ("95 miles (152 kilometers)") is that figure in other units: it
//   is only set against other sources' conversions of the same figure, and
//   rounding apart ("8 mph (12 kph)" / "(13 kph)") is no conflict. Every source stating a side's
//   value with the same label word is on that side, and `about` is the words
//   the sides write at the figure ("magnitude", "customers");
// - the length of the story's main event: the date range most sources give
//   against a length in days (or whole days of hours, "72 hours") anchored
//   on the range's first day ("the two-day trip beginning on Monday" vs
//   "March 20 to 22"); sources giving the range's own length are on its side;
// - a date in the same statement ("met on Friday" vs "met on Tuesday"; two
//   years only in nearly the same statement, since years mostly name the
//   story's background, and not when a statement writes both);
// - the speaker of one quotation, named at the quote (the pieces of one
//   passage credited alike are one conflict; a source whose words at the
//   quote write another side's speaker's full name is on that side);
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
