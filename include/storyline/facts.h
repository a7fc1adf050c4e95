// Facts: what an article says, read the way a careful researcher reads it.
// Named entities (person, organisation, place, other) with canonical names
// and aliases ("Xi Jinping" = "Xi" = "Chinese President Xi"); quotes with
// their speaker and cue ("said"); numbers and quantities with normalised
// values ("$190bn" = 190,000,000,000 USD); temporal expressions resolved to
// the calendar against the publication date ("Friday (Mar 17)" = 2023-03-17,
// "March 20 to 22" = 2023-03-20..2023-03-22).
//
// Every span is a byte offset range into the article text given; the JSON
// writers convert to code points. Models (the entity tagger) are compiled in:
// trained by scripts in the repo, no download at run time.
//
// Thread safety: all functions are safe to call concurrently.
#ifndef STORYLINE_FACTS_H_
#define STORYLINE_FACTS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storyline/article.h"
#include "storyline/text.h"

namespace storyline::facts {

// ---- Entities ------------------------------------------------------------------

enum class EntityType { kPerson, kOrganization, kLocation, kOther };
const char* EntityTypeName(EntityType type);  // "person", "organization", "location", "other"

// One mention as the tagger found it.
struct Mention {
  text::Span span;
  EntityType type;
};

// Entity mentions in `text` (a whole article: it is split into sentences and
// tokens internally), in text order.
std::vector<Mention> TagEntities(std::string_view text);

// Mentions grouped into entities within one article: "Xi Jinping", "Xi" and
// "President Xi" are one person; the canonical name is the longest full form.
struct Entity {
  std::string name;                  // canonical name
  EntityType type;
  std::vector<std::string> aliases;  // other surface forms, most frequent first
  std::vector<text::Span> mentions;
  std::string role;                  // title or role when stated ("Chinese Foreign Minister")
};
std::vector<Entity> GroupEntities(std::string_view text, const std::vector<Mention>& mentions);

// The full name of a few names news text writes in several ways ("us",
// "u.s.", "america" -> "united states"; "un" -> "united nations"; "kiev" ->
// "kyiv"), given and returned case-folded; empty for any other name.
// GroupEntities joins them within an article, the brief across a story.
std::string_view FixedAlias(std::string_view folded_name);

// ---- Numbers -------------------------------------------------------------------

struct Quantity {
  text::Span span;
  std::string text;     // as written: "$190bn", "29 percent", "two-day", "at least 12"
  double value = 0;     // normalised: 190000000000, 29, 2, 12 (a range "200-300": 200)
  std::string unit;     // ISO 4217 code ("USD"), "percent", "day", "km", "people", the
                        // counted noun ("workers"), "" for a bare count
};
// `language` (ISO 639-1) says how numbers are written: in German, French,
// Spanish and the other decimal-comma languages "6,4" is 6.4 and "1.900" is
// 1900; in English (and unknown languages) "1,900" is 1900.
std::vector<Quantity> FindQuantities(std::string_view text, std::string_view language = "en");
// Whether `language` (ISO 639-1, "de-AT" too) writes "6,4" for six point four
// and "1.900" for one thousand nine hundred. English and unknown: no.
bool UsesDecimalComma(std::string_view language);

// ---- Temporal expressions ----------------------------------------------------------

struct TimeExpression {
  text::Span span;
  std::string text;   // as written
  std::string type;   // TIMEX3 type: "DATE", "TIME", "DURATION", "SET"
  std::string value;  // TIMEX3 value: "2023-03-17", "2023-W12", "P2D", "XXXX-03-20"...
  std::string start;  // for ranges ("March 20 to 22"): first and last day, else ""
  std::string end;    // (a range is one expression, value = its first day)
};

// Temporal expressions in `text` resolved against `document_date` (ISO
// 8601, the publication date); relative expressions stay unresolved (value
// with X's) when it is empty.
std::vector<TimeExpression> FindTimeExpressions(std::string_view text, std::string_view document_date);

// The publication date an article implies when it states none (ISO
// "YYYY-MM-DD"), or "" when the text gives no clue. Evidence, best first: a
// weekday confirmed by a date ("Friday (Mar 17)": the year is the one, at or
// after the latest year the text mentions, in which Mar 17 is a Friday);
// "today (Mar. 17)" with that year; the latest full date in the text
// ("March 17, 2023").
std::string InferDocumentDate(std::string_view text);

// ---- Quotes ----------------------------------------------------------------------

struct Quote {
  std::string text;            // the quoted words (direct/partial) or the reported content (indirect)
  std::string speaker;         // as resolved: an entity's canonical name, "the Kremlin", or ""
  std::string cue;             // "said", "told", "according to"...
  enum class Kind { kDirect, kPartial, kIndirect } kind = Kind::kDirect;
  text::Span span;             // the quote's content
  text::Span speaker_span;     // the speaker's mention as written (may be a pronoun), with its
                               // appositive ("Tom Veld, an economist at X,"), empty when none
  text::Span cue_span;         // the cue as written ("said", "according to"), empty when none
};
std::vector<Quote> FindQuotes(std::string_view text, const std::vector<Entity>& entities);

// ---- All of it ---------------------------------------------------------------------

struct ArticleFacts {
  std::string id;
  std::vector<Entity> entities;
  std::vector<Quote> quotes;
  std::vector<Quantity> numbers;
  std::vector<TimeExpression> dates;
  // The publication date used to resolve dates, and whether it was inferred
  // from the text because the article states none.
  std::string document_date;
  bool document_date_inferred = false;
};

// Whether the English-trained readers (the entity tagger, the quote finder)
// apply to an article of `language` (ISO 639-1, "en-GB" too): English, or
// unknown ("").
bool ReadsAsEnglish(std::string_view language);

// Every fact of one article. `published` overrides article.published when set.
// Quotes are read in English articles (and those of unknown language) only:
// their cues and speaker rules are English (ReadsAsEnglish).
ArticleFacts ReadFacts(const Article& article, std::string_view published = {});

// `storyline facts --json` line: {"id","entities":[...],"quotes":[...],
// "numbers":[...],"dates":[...]} with code point spans (docs/FORMATS.md).
std::string RenderJsonLine(const ArticleFacts& facts, const Article& article);

}  // namespace storyline::facts

#endif  // STORYLINE_FACTS_H_
