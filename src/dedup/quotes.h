// Quotations in a text: internal to the dedup stage.
#ifndef STORYLINE_DEDUP_QUOTES_H_
#define STORYLINE_DEDUP_QUOTES_H_

#include <string_view>
#include <vector>

#include "storyline/text.h"

namespace storyline::dedup {

// A quotation as the word range [first, last) of a fingerprint's words.
struct Quote {
  size_t first, last;
};

// Quotations between matching double quote marks within one line: straight
// ("), curly (“ ”), low (\u201e), guillemets (« ») and old newswire TeX-style
// (`` '') marks. `words` are the text's word spans (Fingerprint::words).
std::vector<Quote> FindQuotes(std::string_view text, const std::vector<text::Span>& words);

}  // namespace storyline::dedup

#endif  // STORYLINE_DEDUP_QUOTES_H_
