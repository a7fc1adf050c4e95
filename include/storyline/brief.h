// Brief: what Storyline writes for a story. Given the articles of one story it
// writes a headline and an extractive summary in which every sentence cites
// every article that states it (the same content, possibly reworded or cut),
// not only the one it was taken from; and renders stories as JSON (the
// `storyline brief --json` shape, docs/FORMATS.md), Markdown or HTML.
//
// The JSON shape already has every key that later stages fill (quotes,
// entities, numbers, dates, conflicts, reuse, timeline); they are empty lists
// until those stages exist.
//
// Thread safety: BuildBrief and the renderers are safe to call concurrently on
// distinct stories.
#ifndef STORYLINE_BRIEF_H_
#define STORYLINE_BRIEF_H_

#include <string>
#include <vector>

#include "storyline/article.h"
#include "storyline/dedup.h"
#include "storyline/facts.h"

namespace storyline::brief {

struct SummarySentence {
  std::string text;
  std::vector<std::string> sources;  // article ids, in the story's article order
  // Parallel to `sources`: where each source states it (the sentence of that
  // article's text, byte offsets), so a reader can check every citation.
  std::vector<text::Span> spans;
  std::string taken_from;            // the article id the wording comes from
};

// A statement of the story (a sentence, as one source words it) with every
// source that states it. status: "consensus" (at least half of the story's
// sources, two or more), "partial" (two or more, fewer than half), "single"
// (one source: its own angle) or "contested" (it carries a value a conflict
// sets against another, in a source on that side).
struct StoryClaim {
  std::string text;
  std::vector<std::string> sources;  // article ids, in the story's article order
  std::vector<text::Span> spans;     // parallel to `sources`, as in SummarySentence
  std::string status;
};

// Story-level facts: what several articles state, merged across them. Each
// carries the ids of the articles that state it (`sources`), in story order.
struct StoryEntity {
  std::string name;
  facts::EntityType type;
  std::vector<std::string> aliases;
  std::vector<std::string> sources;
  size_t mentions = 0;
};
struct StoryQuote {
  std::string text;     // the longest version its speaker is named for
  std::string speaker;  // the speaker most carriers name
  std::vector<std::string> sources;
  bool direct = false;  // some carrier gives these words in quotation marks
};
struct StoryValue {     // a number or a date
  std::string text;     // as the first source writes it
  std::string value;    // normalised: "190000000000 USD", "2023-03-20/2023-03-22"
  std::vector<std::string> sources;
};

// A slot the sources fill with incompatible values ("the length of the
// visit": "two-day trip" vs "March 20 to 22"), one side per value.
struct ConflictSide {
  std::string text;   // as the first source writes it
  std::string value;  // normalised
  std::vector<std::string> sources;
};
struct Conflict {
  std::string about;
  std::vector<ConflictSide> sides;
};

// One entry of a story's timeline: an event on the calendar (a resolved date
// and a statement giving it, in the words of the first source that does,
// with every source whose own sentence giving that date states it) or a
// publication.
struct TimelineEntry {
  std::string date;  // ISO 8601 day, "start/end" range, or publication instant
  std::string text;
  std::vector<std::string> sources;
  bool publication = false;
};

struct Story {
  std::string id;        // "s" + 16 hex digits of a hash of the sorted article ids
  std::string headline;
  std::vector<Article> articles;
  std::vector<SummarySentence> summary;
  // Every statement once, most widely stated first (see StoryClaim).
  std::vector<StoryClaim> claims;
  // Passages two or more articles carry (wire copy, shared quotes), with the
  // first carrier: the dedup stage's reuse clusters.
  std::vector<dedup::ReuseCluster> reuse;
  std::vector<StoryEntity> entities;
  std::vector<StoryQuote> quotes;
  std::vector<StoryValue> numbers;
  std::vector<StoryValue> dates;
  std::vector<Conflict> conflicts;
  std::vector<TimelineEntry> timeline;  // in calendar order
};

struct Options {
  size_t min_sentences = 3;
  size_t max_sentences = 8;
  // When non-zero, the summary stops once it holds this many words (the last
  // sentence may be cut, as DUC's 100-word protocol does).
  size_t summary_words = 0;
  // Two sentences state the same thing when their similarity (0..1, see
  // brief.cc) reaches this.
  double same_statement = 0.5;
  // How shared passages are found.
  dedup::Options dedup{};
};

// Builds the brief of one story from its (extracted) articles.
Story BuildBrief(std::vector<Article> articles, const Options& options = {});

// {"stories":[...]} exactly as docs/FORMATS.md specifies.
std::string RenderJson(const std::vector<Story>& stories);
// Human-readable brief: headline, summary with [outlet] citations, where the
// sources disagree, what only one source reports, quotes, who and where,
// figures, timeline, shared passages, sources. Long lists are cut to what a
// reader reads (docs/CLI.md); the JSON has everything.
std::string RenderMarkdown(const std::vector<Story>& stories);
// One self-contained HTML page (inline style, no scripts, nothing fetched):
// headline, summary with source links, conflicts, claims with their status,
// timeline, quotes, who and where, figures, shared passages, sources. Every text is escaped; only
// http(s) URLs become links.
std::string RenderHtml(const std::vector<Story>& stories);

}  // namespace storyline::brief

#endif  // STORYLINE_BRIEF_H_
