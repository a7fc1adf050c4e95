// Extract: from a document's raw text to a clean article. For plain text it
// finds the title, drops the junk that scraped pages carry (social prompts,
// breadcrumbs, "Advertisement", link lists such as "Popular Right Now", share and
// comment prompts, "Leave a Reply" forms, author bios, disclaimers, photo
// credits and captions, "Source: ..." lines) and keeps every body paragraph, and
// detects the language.
//
// Junk is told from body by shape and context (line length, terminal
// punctuation, runs of short lines, position in the text, URLs and handles,
// credit brackets, the line's relation to the title and stated authors) and by
// lexical cues whose weights are learned by scripts/train_junk_model.py; the
// only fixed words are generic picture-credit words ("Photo", "Image",
// "via") and name particles ("de", "van"). No list of particular sites' lines
// is involved.
//
// Thread safety: all functions are safe to call concurrently.
#ifndef STORYLINE_EXTRACT_H_
#define STORYLINE_EXTRACT_H_

#include <functional>
#include <string>
#include <vector>

#include "storyline/article.h"
#include "storyline/ingest.h"
#include "storyline/text.h"

namespace storyline::extract {

// Why a line was left out of the body.
enum class DropReason {
  kJunk,           // boilerplate: scored as such (see `score`), or a caption,
                   // credit, byline, breadcrumb or link-list run
  kTitle,          // it is the title (or repeats it)
  kDuplicate,      // repeats an earlier line verbatim
  kTrailer,        // inside the trailing block after the body ended (bios, forms, link lists)
  kBlank,          // reserved: blank lines are skipped, not listed
};

struct DroppedLine {
  text::Span span;   // in the raw text
  DropReason reason;
  double score;      // junk probability, 0..1
};

struct CleanedText {
  std::string title;              // found title, or "" (callers keep a stated title)
  std::vector<std::string> authors;  // from a byline ("By Jane Doe") or a lone name line
  std::string body;               // paragraphs joined by "\n\n"
  text::OffsetMap body_to_raw;    // body offsets → raw text offsets
  std::vector<DroppedLine> dropped;  // in raw order
};

// Cleans the raw text of a plain-text article: every non-blank line is one
// paragraph (a line hard-wrapped into the next, lower-case one, is joined with
// it). When `find_title` is set the first line before the body that reads like
// a headline (not a sentence, not junk) becomes the title. A line equal to
// `known_title` (the stated title, if any) or to the found title is dropped.
// `known_authors` (stated authors) help to recognise an author bio at the end
// ("Jane Doe writes about ...").
CleanedText CleanPlainText(std::string_view raw, bool find_title,
                           std::string_view known_title = {},
                           const std::vector<std::string>& known_authors = {});

// Probability (0..1) that one line, in its context, is boilerplate, by the
// learned model alone (CleanPlainText also weighs structure, so it keeps some
// lines the model doubts and drops some it does not). Exposed for tests and for
// `storyline extract --explain`.
struct LineContext {
  size_t index = 0;        // line number among non-blank lines
  size_t count = 1;        // number of non-blank lines
  bool prev_short = false; // the previous / next line has at most 5 words
  bool next_short = false;
};
double JunkProbability(std::string_view line, const LineContext& context);

// HTML extraction (a kHtmlPage or kHtmlFragment document): the article body
// found in the page (paragraphs joined by "\n\n"; headings as their own
// paragraphs, list items as lines opening with "- ", block quotes kept;
// navigation, related links, ads, share bars, comments, cookie banners,
// captions, credits, newsletter boxes and author bios left out) and the
// page's metadata: title without the site-name suffix, authors, published and
// modified (ISO 8601 with the zone when stated), outlet, canonical URL,
// language (CLD2 on the body, cross-checked with <html lang>), and whether the
// page is an article at all. Stated metadata in `document.article` wins over
// what the page says. Bad input (binary, huge nesting, empty) yields an empty
// body and is_article false, never a crash.
struct HtmlExtraction {
  Article article;
  std::string not_article_reason;  // why article.is_article is false; "" when true
};
HtmlExtraction ExtractHtml(const ingest::Document& document);

// The whole extract stage for one document: HTML documents go to ExtractHtml;
// plain text to CleanPlainText, keep stated title,
// authors and metadata (found title and byline authors fill in when none are
// stated), detect language when not stated. The result has the cleaned body
// in `text`.
Article ExtractArticle(ingest::Document document);

// An extracted document with the warnings its reading gave.
struct ExtractedDocument {
  Article article;
  std::vector<std::string> warnings;  // Document::warnings
};

// Reads every input as ingest::ReadInputs does and extracts each document
// (ExtractArticle; with `clean` unset the article is taken as read, without
// junk removal), up to `threads` documents at a time while one thread reads
// ahead (0: as many as the process may use cores, at most 64; 1: everything
// in the calling thread). At most 3 x `threads` + 1 documents are held at
// once. The sinks, and `options.on_warning`, are called one at a time and in
// input order, the same sequence whatever `threads` is; with more than one
// thread they may be called from a worker thread while the caller waits.
// `on_error` may be null. An exception from a sink or from reading stops the
// run and reaches the caller once the reading thread has ended.
void ExtractInputs(const std::vector<std::string>& inputs, const ingest::Options& options, unsigned threads,
                   bool clean, const std::function<void(ExtractedDocument)>& on_document,
                   const std::function<void(ingest::InputError)>& on_error);

}  // namespace storyline::extract

#endif  // STORYLINE_EXTRACT_H_
