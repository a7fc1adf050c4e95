// Internal pieces of HTML extraction (html_content.cc, html_metadata.cc),
// put together by ExtractHtml (html_extract.cc).
#ifndef STORYLINE_EXTRACT_HTML_EXTRACT_H_
#define STORYLINE_EXTRACT_HTML_EXTRACT_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "extract/html_dom.h"

namespace storyline::extract::html {

// What the page states about itself (meta tags, JSON-LD, <title>, <h1>, ...).
struct Metadata {
  std::string title;
  // The page's <h1> when the title is the metadata's other wording of it
  // ("" otherwise): a headline, dropped from the body like the title.
  std::string displayed_title;
  std::vector<std::string> authors;
  std::string published;      // ISO 8601
  std::string modified;       // ISO 8601
  std::string outlet;
  std::string canonical_url;
  std::string html_lang;      // lower-case primary subtag of <html lang>, "" when absent
  std::string article_body;   // JSON-LD articleBody, "" when absent
  bool typed_article = false; // og:type article or a JSON-LD *Article / *Posting type
  bool typed_non_article = false;  // JSON-LD CollectionPage / SearchResultsPage / ItemList...
  bool paywall_marked = false;     // isAccessibleForFree false, or paywall cues in the markup
};

// `url` is the page's address when known (resolves a relative canonical URL).
Metadata ExtractMetadata(const Dom& dom, std::string_view url);

// Cleans an author string list: drops "By", e-mail addresses, URLs and
// roles, splits "A and B", "A, B & C", de-duplicates.
std::vector<std::string> CleanAuthors(const std::vector<std::string>& raw);

// Normalises a date string to ISO 8601 ("2024-05-02T10:00:00+02:00",
// "2024-05-02"); "" when it is not a recognisable date.
std::string NormalizeDate(std::string_view s);

struct Content {
  std::vector<std::string> paragraphs;  // the body, in order ("- " opens list items)
  // Maps the paragraphs joined by "\n\n" to the bytes of the parsed HTML they
  // came from (copied text byte for byte; changed text node by node).
  text::OffsetMap body_to_input;
  // For the is-this-an-article decision.
  size_t body_chars = 0;         // characters (code points) of the body
  size_t body_sentences = 0;     // body paragraphs ending like sentences with >= 15 words
  size_t page_links = 0;         // <a href> elements in the page
  size_t page_link_chars = 0;    // characters of link text in the page
  size_t page_text_chars = 0;    // characters of all visible text
  size_t teaser_headings = 0;    // headings that are links (index pages)
  std::vector<std::string> byline_texts;  // texts of byline-like elements (for authors)
  std::vector<std::string> byline_dates;  // datetime / texts of <time> in bylines
};

struct ContentOptions {
  bool fragment = false;         // a feed item's HTML: no page furniture to find
  std::string_view title;        // dropped from the body
  std::string_view displayed_title;  // Metadata::displayed_title, dropped from the body too
  std::string_view article_body; // JSON-LD articleBody
};

Content ExtractContent(const Dom& dom, const ContentOptions& options);

// Word 4-shingle overlap helpers (lower-cased word tokens), used to check
// JSON-LD articleBody against the page.
size_t CountCodePoints(std::string_view s);

// The page's own summary: <meta name="description"> or og:description (the
// longer), "" when the head has neither.
std::string_view PageDescription(const Dom& dom);

// Appends code point `cp` as UTF-8 (U+FFFD for NUL, surrogates and values
// beyond Unicode).
void AppendCodePoint(uint32_t cp, std::string* out);

// The article of a page that holds it only as data for its scripts (see
// html_hydration.cc): of the long strings in the JSON or JavaScript of its
// <script>s, the one holding the largest share (at least half) of the
// `title`'s and `description`'s words, the longest of equals; as HTML (plain
// text gets a <br> at each line break, template placeholders go), with where
// its bytes are in `page`. Nothing when no string qualifies.
struct HydratedBody {
  std::string html;
  text::OffsetMap to_page;
};
std::optional<HydratedBody> FindHydratedBody(std::string_view page, std::string_view title,
                                             std::string_view description);

}  // namespace storyline::extract::html

#endif  // STORYLINE_EXTRACT_HTML_EXTRACT_H_
