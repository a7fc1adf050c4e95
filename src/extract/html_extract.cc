// ExtractHtml: parse, metadata, content (from the scripts' state when the DOM
// holds too little: html_hydration.cc), language, is-this-an-article.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <unicode/utf8.h>

#include "extract/html_dom.h"
#include "extract/html_extract.h"
#include "storyline/extract.h"
#include "storyline/text.h"

namespace storyline::extract {
namespace {

using html::Content;
using html::Dom;
using html::Metadata;

// Characters of `text` with those of Chinese, Japanese and Korean counted
// twice: a character of those scripts carries about what two letters do, so
// a 450-character Japanese news item is as long as a 900-letter English one.
size_t WeightedChars(std::string_view text) {
  size_t chars = 0;
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    UChar32 cp;
    U8_NEXT(bytes, i, length, cp);
    // Kana, CJK ideographs, Hangul syllables.
    const bool dense = (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF);
    chars += dense ? 2 : 1;
  }
  return chars;
}

// Too little running text for an article: a stub, a teaser, a gallery, or a
// page whose article the DOM does not hold.
bool TooLittleText(const Content& c) {
  constexpr size_t kMinChars = 700;
  if (c.body_sentences > 3 || c.body_chars >= kMinChars) return false;
  size_t weighted = 0;
  for (const std::string& p : c.paragraphs) weighted += WeightedChars(p);
  return weighted < kMinChars;
}

// Why the page is not an article, or "" when it is.
std::string NotArticleReason(const Metadata& md, const Content& c) {
  if (c.paragraphs.empty()) return "no body text";
  double link_share = c.page_text_chars ? static_cast<double>(c.page_link_chars) / c.page_text_chars : 0;
  if (md.typed_non_article && c.body_sentences < 5)
    return "index page (collection or search page with little running text)";
  if (!md.typed_article && c.body_sentences < 4 &&
      ((c.page_links >= 40 && link_share > 0.45) || c.teaser_headings >= 8))
    return "index page (mostly links and teasers)";
  if (md.paywall_marked && c.body_chars < 1200 && c.body_sentences < 6)
    return "paywall stub (a few sentences before the paywall)";
  if (TooLittleText(c))
    return c.body_sentences == 0 ? "no running text (a gallery, video or list page)"
                                 : "too little text (a stub or teaser)";
  return "";
}

// "Jane Doe is a reporter covering ...": a paragraph that opens with one of
// the article's authors (full name, or first or last name alone) followed by
// a copula or a verb of the job. Only short paragraphs, only at the end.
bool IsAuthorBio(std::string_view para, const std::vector<std::string>& authors) {
  if (para.size() > 600) return false;
  for (const std::string& author : authors) {
    std::vector<std::string_view> names = {author};
    size_t space = author.find(' ');
    if (space != std::string::npos) {
      names.push_back(std::string_view(author).substr(0, space));
      names.push_back(std::string_view(author).substr(author.rfind(' ') + 1));
    }
    for (std::string_view name : names) {
      if (name.size() < 3 || !para.starts_with(name)) continue;
      std::string_view rest = para.substr(name.size());
      static constexpr std::string_view kVerbs[] = {
          " is ", " was ", " has ", " writes ", " covers ", " reports ", " joined ", " ist ", " war ",
          " schreibt ", " berichtet ", " est ", " a rejoint ", " es ", " è ", " é ", " er ", " är "};
      for (std::string_view v : kVerbs)
        if (rest.starts_with(v)) return true;
    }
  }
  return false;
}

// The start of the body that language detection reads (about 150 words):
// CLD2's time grows with the bytes (0.093 ms a page at 2 KB, 0.056 at 1 KB),
// and its answer on article text settles long before (on the 468 fundus and
// Readability pages, 1 KB gives the same languages as 4 KB). Cut after a
// word, else (scripts without spaces) at a character.
std::string_view LanguageSample(std::string_view body) {
  constexpr size_t kSampleBytes = 1024;
  if (body.size() <= kSampleBytes) return body;
  size_t cut = body.substr(0, kSampleBytes + 64).find_first_of(" \n", kSampleBytes);
  if (cut == std::string_view::npos) {
    cut = kSampleBytes;
    while (cut > 0 && (static_cast<unsigned char>(body[cut]) & 0xC0) == 0x80) --cut;
  }
  return body.substr(0, cut);
}

// A page rendered by its scripts may hold its article only as data for
// them (html::FindHydratedBody). Asked only when the DOM's body is too short
// for an article, so other pages never pay for the search; the string's body
// replaces the DOM's when it is long enough for an article and at least
// twice the DOM's. Its HTML is read as a feed item's (a fragment), and the
// body's offsets map through the string's escapes to the page.
void UseHydratedBody(std::string_view page, std::string_view title, std::string_view description,
                     Content* content) {
  std::optional<html::HydratedBody> hydrated = html::FindHydratedBody(page, title, description);
  // Its text has at most as many characters as bytes: too short to double the body, it is not read.
  if (!hydrated || hydrated->html.size() < 2 * content->body_chars) return;
  const Dom dom = Dom::Parse(hydrated->html, /*fragment=*/true);
  html::ContentOptions options;
  options.fragment = true;
  options.title = title;
  Content found = html::ExtractContent(dom, options);
  if (TooLittleText(found) || found.body_chars < 2 * content->body_chars) return;
  content->paragraphs = std::move(found.paragraphs);
  content->body_to_input = found.body_to_input.Then(hydrated->to_page);
  content->body_chars = found.body_chars;
  content->body_sentences = found.body_sentences;
}

}  // namespace

HtmlExtraction ExtractHtml(const ingest::Document& document) {
  HtmlExtraction out;
  Article& article = out.article;
  // Every stated field but the page itself (copying it cost a pass over its
  // bytes); the body is set below. A field added to Article must be added
  // here: the size check below fails for most (not for a bool that fits in
  // is_article's padding).
  static_assert(sizeof(Article) == 10 * sizeof(std::string) + sizeof(std::vector<std::string>) + 8 +
                                       sizeof(std::shared_ptr<const text::OffsetMap>),
                "Article changed: copy the new field here");
  const Article& stated = document.article;
  article.id = stated.id;
  article.url = stated.url;
  article.outlet = stated.outlet;
  article.title = stated.title;
  article.authors = stated.authors;
  article.published = stated.published;
  article.language = stated.language;
  article.modified = stated.modified;
  article.canonical_url = stated.canonical_url;
  article.is_article = stated.is_article;
  article.input = stated.input;
  article.text_to_input = stated.text_to_input;
  const bool fragment = document.format == ingest::Document::Format::kHtmlFragment;
  std::string_view raw = document.article.text;
  if (text::LooksBinary(raw)) {
    article.text.clear();
    article.is_article = false;
    out.not_article_reason = "binary data, not HTML";
    return out;
  }
  Dom dom = Dom::Parse(raw, fragment);
  Metadata md = html::ExtractMetadata(dom, document.article.url);
  if (article.title.empty()) article.title = md.title;

  html::ContentOptions options;
  options.fragment = fragment;
  options.title = article.title;
  options.displayed_title = md.displayed_title;
  options.article_body = md.article_body;
  Content content = html::ExtractContent(dom, options);
  if (!fragment && TooLittleText(content)) UseHydratedBody(raw, article.title, html::PageDescription(dom), &content);

  // An author bio closing the body is about the writer, not the story.
  const std::vector<std::string>& known_authors = article.authors.empty() ? md.authors : article.authors;
  for (size_t k = 0; k < 2 && !content.paragraphs.empty(); ++k) {
    if (!IsAuthorBio(content.paragraphs.back(), known_authors)) break;
    content.paragraphs.pop_back();
  }
  std::string body;
  for (const std::string& p : content.paragraphs) {
    if (!body.empty()) body += "\n\n";
    body += p;
  }
  article.text = std::move(body);
  // Offsets in the body map to the page as decoded to UTF-8 (bios popped
  // above only shorten the body; the map's pieces past its end are unused).
  if (!article.text.empty())
    article.text_to_input = std::make_shared<const text::OffsetMap>(std::move(content.body_to_input));

  if (article.authors.empty()) article.authors = md.authors;
  if (article.authors.empty() && !content.byline_texts.empty()) {
    for (const std::string& t : content.byline_texts) {
      std::string lower = t.substr(0, 8);
      std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
      if (lower.rfind("by ", 0) == 0 || lower.rfind("von ", 0) == 0 || lower.rfind("par ", 0) == 0 ||
          lower.rfind("por ", 0) == 0) {
        article.authors = html::CleanAuthors({t});
        if (!article.authors.empty()) break;
      }
    }
  }
  if (article.published.empty()) article.published = md.published;
  if (article.published.empty())
    for (const std::string& t : content.byline_texts) {
      article.published = html::NormalizeDate(t);
      if (!article.published.empty()) break;
    }
  if (article.modified.empty()) article.modified = md.modified;
  if (article.outlet.empty()) article.outlet = md.outlet;
  if (article.canonical_url.empty()) article.canonical_url = md.canonical_url;

  if (article.language.empty()) {
    std::string detected = text::DetectLanguage(LanguageSample(article.text));
    const std::string& declared = md.html_lang;
    bool declared_ok = declared.size() == 2 || declared.size() == 3;
    if (detected.empty()) {
      article.language = declared_ok ? declared : "";
    } else if (declared_ok && detected != declared && html::CountCodePoints(article.text) < 300) {
      article.language = declared;  // too little text to overrule the page
    } else {
      article.language = detected;
    }
  }

  if (fragment) {
    article.is_article = !content.paragraphs.empty();
    if (!article.is_article) out.not_article_reason = "no body text";
  } else {
    out.not_article_reason = NotArticleReason(md, content);
    article.is_article = out.not_article_reason.empty();
  }
  return out;
}

}  // namespace storyline::extract
