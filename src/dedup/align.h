// Passage alignment with each text's side prepared once: internal to the
// dedup stage. FindReuse aligns one article with many others; what Align
// computes of one text alone (its seed table, paragraphs and quotations) is
// kept here instead of being computed again for every pair.
#ifndef STORYLINE_DEDUP_ALIGN_H_
#define STORYLINE_DEDUP_ALIGN_H_

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "dedup/quotes.h"
#include "storyline/dedup.h"

namespace storyline::dedup {

// One text as Align reads it. Refers to `text` and `fp`, which must outlive it.
struct AlignText {
  std::string_view text;
  const Fingerprint* fp = nullptr;
  std::vector<std::pair<uint64_t, uint32_t>> seeds;  // (hash of a seed run, its first word), sorted
  std::vector<uint32_t> paragraph;                   // paragraph number of each word
  std::vector<Quote> quotes;                         // FindQuotes(text, fp.words)
  std::vector<char> in_quote;                        // per word: inside a quotation
  struct QuotedWord {
    uint64_t hash;
    uint32_t word, quote_last;
    bool operator<(const QuotedWord& o) const { return hash != o.hash ? hash < o.hash : word < o.word; }
  };
  std::vector<QuotedWord> quoted;  // quoted words by hash (only when Options asks for short quotations)
};

AlignText PrepareAlign(std::string_view text, const Fingerprint& fp, const Options& options);

// Align(a.text, *a.fp, b.text, *b.fp, options), from prepared texts.
std::vector<SharedSpan> Align(const AlignText& a, const AlignText& b, const Options& options);

}  // namespace storyline::dedup

#endif  // STORYLINE_DEDUP_ALIGN_H_
