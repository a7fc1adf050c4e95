// A small read-only DOM of an HTML page, internal to extract. It hides the
// HTML5 parser (myhtml, from libmodest): callers see elements with a tag, a
// name and attributes, and text nodes, stored in pre-order in one array, so
// a subtree is the index range [i, end).
//
// Speed: the parser's time goes with nodes more than bytes, so what
// extraction never reads is removed before parsing (see LimitNesting):
// scripts, style sheets, svg, unread attributes, white space between block
// tags; JSON-LD is handed over as text (JsonLd) instead. Robustness: the parser is given at most kMaxParseDepth levels of nested
// non-void elements (a linear pre-scan drops deeper start/end tag pairs, so
// 50 MB of nested <div>s parse in linear time, keeping their text), and the
// DOM itself caps depth at kMaxDepth (deeper nodes hang off the ancestor at
// the cap). Nothing here recurses; no network access is ever made.
//
// Thread safety: Parse may be called concurrently (one parser per thread); a
// Dom is an immutable value once built.
#ifndef STORYLINE_EXTRACT_HTML_DOM_H_
#define STORYLINE_EXTRACT_HTML_DOM_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "storyline/text.h"

namespace storyline::extract::html {

enum class Tag : uint8_t {
  kText, kDocument, kOther,
  kHtml, kHead, kBody, kTitle, kMeta, kLink, kBase, kScript, kStyle, kNoscript, kTemplate,
  kSvg, kMath, kIframe, kObject, kEmbed, kCanvas, kVideo, kAudio, kPicture, kSource,
  kP, kDiv, kSpan, kA, kH1, kH2, kH3, kH4, kH5, kH6, kUl, kOl, kLi, kDl, kDt, kDd,
  kBlockquote, kPre, kCode, kArticle, kMain, kSection, kNav, kAside, kHeader, kFooter,
  kFigure, kFigcaption, kTable, kCaption, kThead, kTbody, kTfoot, kTr, kTd, kTh, kBr, kHr, kImg,
  kForm, kButton, kInput, kSelect, kOption, kTextarea, kLabel, kTime, kAddress, kB, kStrong,
  kEm, kI, kU, kSmall, kSup, kSub, kFont, kCenter, kQ, kCite, kAbbr, kMark, kDetails, kSummary,
  kDialog, kMenu,
};

constexpr uint32_t kNone = 0xffffffffu;
constexpr int kMaxDepth = 400;
constexpr int kMaxParseDepth = 600;

// ASCII character classes and case, inline: the C library's consult the
// locale on every call, and pages are scanned byte by byte.
inline bool IsAsciiAlnum(unsigned char c) {
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}
inline char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
// A byte that starts a visible character: a code point other than ASCII
// white space (how ExtractContent and the pre-scan count a page's text).
inline bool StartsVisibleChar(unsigned char c) {
  return !((c == ' ') | (static_cast<unsigned char>(c - '\t') <= '\r' - '\t')) & ((c & 0xC0) != 0x80);
}

// The letters and digits of `s`, ASCII lower-cased, non-ASCII bytes kept: a key
// under which two strings match whatever their spacing, punctuation and case.
inline std::string AlnumKey(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s)
    if (IsAsciiAlnum(c) || (c & 0x80)) out.push_back(AsciiLower(static_cast<char>(c)));
  return out;
}

struct Node {
  Tag tag = Tag::kOther;
  // Elements that start a new line of text: block-level elements (custom
  // elements included) and <br>.
  bool breaks_text = false;
  uint16_t depth = 0;
  uint32_t parent = kNone;
  uint32_t end = 0;            // one past the last node of the subtree
  uint32_t name_off = 0, name_len = 0;  // lower-case tag name (elements), or text (text nodes)
  uint32_t attr_begin = 0, attr_count = 0;
  // Text nodes: the bytes of the parsed input the text came from, and whether
  // the text is those bytes unchanged (else character references or newline
  // normalisation changed it and only the whole range corresponds).
  uint32_t src_off = 0, src_len = 0;
  bool src_exact = false;
};

struct Attr {
  uint32_t key_off, key_len, value_off, value_len;
};

// What went with the contents of the <nav> elements the pre-scan dropped
// (see LimitNesting), for the page-wide counts ExtractContent keeps.
struct NavigationCounts {
  size_t links = 0;            // <a> elements with an href
  size_t text_chars = 0;       // visible characters (code points other than white space)
  size_t link_chars = 0;       // of those, inside <a> elements
  size_t linked_headings = 0;  // <h1>-<h6> elements holding an <a>
};

class Dom {
 public:
  // Parses UTF-8 HTML. As a fragment (`fragment`), the input is parsed as the
  // content of a <body>. `keep_navigation` parses the contents of every <nav>
  // too (see NavigationCounts; tests compare the two).
  static Dom Parse(std::string_view html, bool fragment = false, bool keep_navigation = false);

  size_t size() const { return nodes_.size(); }
  const Node& node(uint32_t i) const { return nodes_[i]; }
  const std::vector<Node>& nodes() const { return nodes_; }

  // Text of a text node; the tag name of an element ("div", "my-widget").
  std::string_view Text(uint32_t i) const { return View(nodes_[i].name_off, nodes_[i].name_len); }
  std::string_view Name(uint32_t i) const { return Text(i); }
  // Value of attribute `key` (lower case), or "" when absent; `found` tells.
  std::string_view Attribute(uint32_t i, std::string_view key, bool* found = nullptr) const;
  bool HasAttribute(uint32_t i, std::string_view key) const;
  // Concatenated text of the subtree, with a space where text meets across
  // the edge of an element that breaks text (the pre-scan drops the white
  // space around those; a browser shows a line break there).
  std::string TextContent(uint32_t i) const;

  // The page's JSON-LD scripts, in page order: the pre-scan takes them out of
  // the page before parsing (no <script> node holds them).
  size_t json_ld_count() const { return json_ld_.size(); }
  std::string_view JsonLd(size_t k) const { return View(json_ld_[k].first, json_ld_[k].second); }

  // True when the pre-scan had to drop tags nested beyond kMaxParseDepth.
  bool depth_limited() const { return depth_limited_; }

  // What the pre-scan dropped with the contents of <nav> elements (never in
  // a fragment, where a <nav> may hold the text).
  const NavigationCounts& dropped_navigation() const { return dropped_navigation_; }

 private:
  std::string_view View(uint32_t off, uint32_t len) const {
    return std::string_view(arena_).substr(off, len);
  }
  friend struct DomBuilder;
  std::vector<Node> nodes_;
  std::vector<Attr> attrs_;
  std::vector<std::pair<uint32_t, uint32_t>> json_ld_;  // arena offset, length
  std::string arena_;
  bool depth_limited_ = false;
  NavigationCounts dropped_navigation_;
};

// The attributes extraction reads (html_content.cc, html_metadata.cc). The
// pre-scan drops all others before parsing, and keeps href's value only on
// <link> (elsewhere only its presence is read). Reading another attribute
// means adding it here; Dom::Attribute checks this in debug builds.
inline constexpr std::string_view kReadAttributes[] = {
    "class", "id", "href", "rel", "content", "property", "name", "itemprop", "http-equiv", "lang",
    "datetime", "type", "hidden", "aria-hidden", "style", "role",
};

// Output bytes [out, out + len) are input bytes [in, in + len).
struct CopyPiece {
  size_t out, in, len;
};

// The linear pre-scan before parsing, exposed for tests: rewrites `html` so
// that non-void elements nest at most `max_depth` deep, by dropping deeper
// start tags and their end tags (their text stays); with `strip`, also empties
// <script> (except JSON-LD), <style> and <noscript>, drops <svg> elements,
// <link>s other than the canonical one, comments next to tags, every
// attribute not in kReadAttributes (href keeps only its name outside <link>)
// and white space between tags where one of them breaks the text or both are
// in <head>: most of a page's bytes and nodes, never article text.
// `dropped_navigation`, when given (with `strip`), also has the contents of
// each <nav> that holds no <p>, <article>, <main> or JSON-LD dropped (menus,
// breadcrumbs, pagers: about a fifth of a news page's elements), and gets
// the counts that went with them.
// Returns false (and leaves `out` empty) when no rewrite is needed;
// `depth_limited` tells whether tags were dropped for depth.
// `copies`, when given and a rewrite happened, gets the pieces of `html`
// that make up `out`, in order (every kept byte is a copy; the gaps between
// pieces were dropped).
// `json_ld_spans`, when given (with `strip`), gets the contents of the
// JSON-LD scripts (offsets in `html`), and those scripts go like the others.
bool LimitNesting(std::string_view html, int max_depth, std::string* out, bool strip = false,
                  bool* depth_limited = nullptr, std::vector<CopyPiece>* copies = nullptr,
                  std::vector<text::Span>* json_ld_spans = nullptr,
                  NavigationCounts* dropped_navigation = nullptr);

}  // namespace storyline::extract::html

#endif  // STORYLINE_EXTRACT_HTML_DOM_H_
