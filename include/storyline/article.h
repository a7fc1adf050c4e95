// Article: one news article as every stage after ingest sees it. Ingest fills
// what the input says (id, url, outlet, authors, published, raw text); extract
// turns the raw text into a title and a cleaned body (`text`) and detects the
// language. Later stages read articles and never change them.
//
// Thread safety: a plain value type.
#ifndef STORYLINE_ARTICLE_H_
#define STORYLINE_ARTICLE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storyline/text.h"

namespace storyline {

struct Article {
  std::string id;         // the JSONL `id`, else the input file name without extension
  std::string url;        // as given; empty when unknown
  std::string outlet;     // publisher / site name; empty when unknown
  std::string title;      // empty when the input has none
  std::vector<std::string> authors;
  std::string published;  // ISO 8601 date or date-time as given; empty when unknown
  std::string language;   // ISO 639-1 code ("en"); empty when unknown
  std::string text;       // the body: paragraphs separated by "\n\n"
  std::string modified;   // ISO 8601 date or date-time of the last update; empty when unknown
  std::string canonical_url;  // the page's canonical address (HTML input); empty when unknown
  bool is_article = true;     // false: a page that is no article (index, search, gallery, paywall stub)

  // Where the article came from, for messages: a path, "-" or "path:line".
  std::string input;

  // Maps byte offsets of `text` to byte offsets of the input text it was
  // cleaned from: the file as decoded to UTF-8 (for a UTF-8 .txt file, its
  // bytes), a JSONL record's `text` value, or an HTML page as decoded to UTF-8
  // (whole text nodes where character references changed them). Null when
  // unknown. Shared: stages copy articles.
  std::shared_ptr<const text::OffsetMap> text_to_input;
};

// A publication time as an interval of UTC seconds since 1970 [lo, hi]: one
// second for a date-time, the whole UTC day for a date alone.
struct PublishedTime {
  int64_t lo = 0, hi = 0;
};

// Parses an ISO 8601 date or date-time ("2023-03-17", "2023-03-17T10:00Z",
// "2023-03-17 10:00:00.5+08:00", "+0800"); a time without zone is UTC.
// nullopt when `published` is empty or not ISO 8601.
std::optional<PublishedTime> ParsePublished(std::string_view published);

}  // namespace storyline

#endif  // STORYLINE_ARTICLE_H_
