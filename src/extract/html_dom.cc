// Dom: myhtml's tree copied, in one iterative pre-order walk, into a flat
// array (see html_dom.h). One myhtml parser and tree per thread are reused.
#include "extract/html_dom.h"

#include <myhtml/myhtml.h>
#include <myhtml/token.h>
#include <myhtml/tree.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <iterator>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>

namespace storyline::extract::html {
namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }


Tag TagByName(std::string_view n) {
  static const std::unordered_map<std::string_view, Tag> kTags = {
      {"html", Tag::kHtml}, {"head", Tag::kHead}, {"body", Tag::kBody}, {"title", Tag::kTitle},
      {"meta", Tag::kMeta}, {"link", Tag::kLink}, {"base", Tag::kBase}, {"script", Tag::kScript},
      {"style", Tag::kStyle}, {"noscript", Tag::kNoscript}, {"template", Tag::kTemplate},
      {"svg", Tag::kSvg}, {"math", Tag::kMath}, {"iframe", Tag::kIframe}, {"object", Tag::kObject},
      {"embed", Tag::kEmbed}, {"canvas", Tag::kCanvas}, {"video", Tag::kVideo},
      {"audio", Tag::kAudio}, {"picture", Tag::kPicture}, {"source", Tag::kSource}, {"p", Tag::kP},
      {"div", Tag::kDiv}, {"span", Tag::kSpan}, {"a", Tag::kA}, {"h1", Tag::kH1}, {"h2", Tag::kH2},
      {"h3", Tag::kH3}, {"h4", Tag::kH4}, {"h5", Tag::kH5}, {"h6", Tag::kH6}, {"ul", Tag::kUl},
      {"ol", Tag::kOl}, {"li", Tag::kLi}, {"dl", Tag::kDl}, {"dt", Tag::kDt}, {"dd", Tag::kDd},
      {"blockquote", Tag::kBlockquote}, {"pre", Tag::kPre}, {"code", Tag::kCode},
      {"article", Tag::kArticle}, {"main", Tag::kMain}, {"section", Tag::kSection},
      {"nav", Tag::kNav}, {"aside", Tag::kAside}, {"header", Tag::kHeader},
      {"footer", Tag::kFooter}, {"figure", Tag::kFigure}, {"figcaption", Tag::kFigcaption},
      {"table", Tag::kTable}, {"caption", Tag::kCaption}, {"thead", Tag::kThead},
      {"tbody", Tag::kTbody}, {"tfoot", Tag::kTfoot}, {"tr", Tag::kTr}, {"td", Tag::kTd},
      {"th", Tag::kTh}, {"br", Tag::kBr}, {"hr", Tag::kHr}, {"img", Tag::kImg},
      {"form", Tag::kForm}, {"button", Tag::kButton}, {"input", Tag::kInput},
      {"select", Tag::kSelect}, {"option", Tag::kOption}, {"textarea", Tag::kTextarea},
      {"label", Tag::kLabel}, {"time", Tag::kTime}, {"address", Tag::kAddress}, {"b", Tag::kB},
      {"strong", Tag::kStrong}, {"em", Tag::kEm}, {"i", Tag::kI}, {"u", Tag::kU},
      {"small", Tag::kSmall}, {"sup", Tag::kSup}, {"sub", Tag::kSub}, {"font", Tag::kFont},
      {"center", Tag::kCenter}, {"q", Tag::kQ}, {"cite", Tag::kCite}, {"abbr", Tag::kAbbr},
      {"mark", Tag::kMark}, {"details", Tag::kDetails}, {"summary", Tag::kSummary},
      {"dialog", Tag::kDialog}, {"menu", Tag::kMenu},
  };
  auto it = kTags.find(n);
  return it == kTags.end() ? Tag::kOther : it->second;
}

// myhtml's node and attribute accessors, read from the structs its installed
// headers declare (tree.h, token.h) instead of called: Build makes a dozen
// such calls per node, each a call into the shared library. Each does what
// the library's function of the same name does.
namespace mh {
inline myhtml_tag_id_t TagId(const myhtml_tree_node_t* n) { return n->tag_id; }
inline myhtml_tree_node_t* Child(const myhtml_tree_node_t* n) { return n->child; }
inline myhtml_tree_node_t* Next(const myhtml_tree_node_t* n) { return n->next; }
inline myhtml_tree_node_t* Parent(const myhtml_tree_node_t* n) { return n->parent; }
inline std::string_view Text(const myhtml_tree_node_t* n) {
  if (n->token && n->token->str.length && n->token->str.data) return {n->token->str.data, n->token->str.length};
  return {};
}
inline myhtml_position_t RawPosition(const myhtml_tree_node_t* n) {
  if (n->token) return {n->token->raw_begin, n->token->raw_length};
  return {0, 0};
}
inline myhtml_tree_attr_t* FirstAttribute(const myhtml_tree_node_t* n) {
  return n->token ? n->token->attr_first : nullptr;
}
inline std::string_view String(const mycore_string_t& s) {
  if (s.data && s.length) return {s.data, s.length};
  return {};
}
}  // namespace mh

// One parser per thread, reused across documents.
struct Parser {
  myhtml_t* myhtml = nullptr;
  myhtml_tree_t* tree = nullptr;
  bool ok = false;
  Parser() {
    myhtml = myhtml_create();
    if (!myhtml || myhtml_init(myhtml, MyHTML_OPTIONS_PARSE_MODE_SINGLE, 1, 0) != MyHTML_STATUS_OK)
      return;
    tree = myhtml_tree_create();
    if (!tree || myhtml_tree_init(tree, myhtml) != MyHTML_STATUS_OK) return;
    ok = true;
  }
  ~Parser() {
    if (tree) myhtml_tree_destroy(tree);
    if (myhtml) myhtml_destroy(myhtml);
  }
};

Parser& ThreadParser() {
  thread_local Parser parser;
  return parser;
}

// What the pre-scan needs to know of a tag name, looked up once per tag (the
// scan sees every tag of the page, so no linear lists of string compares).
enum TagFlag : uint8_t {
  kVoidTag = 1,        // no end tag: <br>, <img>, ...
  kAutoClosedTag = 2,  // end tag commonly implied (<p>, <li>, ...): not counted as nesting
  kRawTextTag = 4,     // content is text up to its end tag (<script>, <style>, ...)
  kBlockTag = 8,       // starts a new line of text (block-level elements, <br>): see BreaksTextByName
  kHeadTag = 16,       // belongs in <head>: <meta>, <link>, <title>, ...
  kMayBeIgnoredTag = 32,  // a start tag the tree builder may ignore (see below)
};

class TagFlagTable {
 public:
  TagFlagTable() {
    for (std::string_view n : {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                               "source", "track", "wbr", "keygen", "command", "basefont", "bgsound", "frame",
                               "image"})
      Add(n, kVoidTag);
    for (std::string_view n : {"p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody", "thead",
                               "tfoot", "rb", "rt", "rtc", "rp", "colgroup", "html", "head", "body"})
      Add(n, kAutoClosedTag);
    for (std::string_view n :
         {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"})
      Add(n, kRawTextTag);
    for (std::string_view n :
         {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl",
          "dt", "dd", "blockquote", "pre", "table", "tr", "td", "th", "caption", "header", "footer", "address",
          "figure", "figcaption", "center", "details", "summary", "body", "html", "form", "hr", "nav",
          "aside", "thead", "tbody", "tfoot", "dialog", "menu", "fieldset", "legend", "hgroup", "search",
          "listing", "xmp", "frameset", "noframes", "br"})
      Add(n, kBlockTag);
    for (std::string_view n : {"meta", "link", "title", "base", "script", "style", "noscript", "template"})
      Add(n, kHeadTag);
    // Start tags the tree builder may ignore where they stand (a <td> outside
    // a table, a <form> in a form, a second <body>): white space next to one
    // may end up between two runs of text.
    for (std::string_view n : {"form", "html", "body", "caption", "tr", "td", "th", "thead", "tbody", "tfoot",
                               "frameset"})
      Add(n, kMayBeIgnoredTag);
  }
  // `n` is lower case.
  uint8_t Flags(std::string_view n) const {
    if (n.empty() || n.size() > kMaxLen || n[0] < 'a' || n[0] > 'z') return 0;
    for (const auto& [name, flags] : slots_[Slot(n)])
      if (name == n) return flags;
    return 0;
  }

 private:
  static constexpr size_t kMaxLen = 10;
  static size_t Slot(std::string_view n) { return (n.size() - 1) * 26 + static_cast<size_t>(n[0] - 'a'); }
  void Add(std::string_view n, uint8_t flag) {
    auto& slot = slots_[Slot(n)];
    for (auto& entry : slot)
      if (entry.first == n) {
        entry.second |= flag;
        return;
      }
    slot.emplace_back(n, flag);
  }
  std::array<std::vector<std::pair<std::string_view, uint8_t>>, kMaxLen * 26> slots_;
};

uint8_t TagFlags(std::string_view n) {
  static const TagFlagTable table;
  return table.Flags(n);
}

// Whether an element named `n` (lower case) starts a new line of text: a
// block-level element, a custom element (by convention block-like here), or
// <br>. White space next to such a tag never reaches the body text.
// `flags` are TagFlags(n), when already looked up.
bool BreaksTextByName(std::string_view n, uint8_t flags) {
  return (flags & kBlockTag) || n.find('-') != std::string_view::npos;
}
bool BreaksTextByName(std::string_view n) { return BreaksTextByName(n, TagFlags(n)); }

// Byte classes for the pre-scan's inner loops, one table lookup each.
enum ByteClass : uint8_t {
  kSpaceByte = 1,      // HTML white space
  kAttrNameEnd = 2,    // ends an attribute name: space = > /
  kUnquotedEnd = 4,    // ends an unquoted attribute value: space >
  kTagNameByte = 8,    // letters, digits, - _ :
};
constexpr std::array<uint8_t, 256> MakeByteClasses() {
  std::array<uint8_t, 256> t{};
  for (unsigned char c : {' ', '\n', '\t', '\r', '\f'}) t[c] |= kSpaceByte | kAttrNameEnd | kUnquotedEnd;
  for (unsigned char c : {'=', '>', '/'}) t[c] |= kAttrNameEnd;
  t['>'] |= kUnquotedEnd;
  for (int c = 0; c < 256; ++c)
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == ':')
      t[c] |= kTagNameByte;
  return t;
}
constexpr std::array<uint8_t, 256> kByteClasses = MakeByteClasses();
inline bool Is(char c, ByteClass k) { return kByteClasses[static_cast<unsigned char>(c)] & k; }

bool IsSpace(char c) { return Is(c, kSpaceByte); }

bool AllSpace(std::string_view s) {
  for (char c : s)
    if (!IsSpace(c)) return false;
  return true;
}

bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (Lower(s[i]) != prefix[i]) return false;
  return true;
}

bool EqualsIgnoreCase(std::string_view s, std::string_view lower) {
  return s.size() == lower.size() && StartsWithIgnoreCase(s, lower);
}

// Whether `s` contains `lower` (lower case), ASCII case-insensitively.
bool ContainsIgnoreCase(std::string_view s, std::string_view lower) {
  for (size_t i = 0; i + lower.size() <= s.size(); ++i)
    if (Lower(s[i]) == lower[0] && StartsWithIgnoreCase(s.substr(i), lower)) return true;
  return false;
}

// What the pre-scan keeps of an attribute.
enum class AttrUse { kDrop, kKeep, kNameOnly };

// The attributes extraction reads (kReadAttributes in html_dom.h) are kept;
// every other one is dropped before parsing: the parser's time goes with
// bytes, and unread attributes were half of a stripped page's. Of href, only
// <link> (the canonical URL) needs the value; elsewhere its presence is all
// that is read (an <a> is a link), and values were 10% of the bytes.
// Every attribute of every tag is looked up: the read names are filed by
// length and first letter, so most names meet no comparison at all.
class ReadAttributeTable {
 public:
  static constexpr size_t kMaxLen = 15;
  ReadAttributeTable() {
    for (std::string_view k : kReadAttributes) slots_[Slot(k.size(), k[0])].push_back(k);
  }
  // Whether `n` (any case) is one of kReadAttributes.
  bool Contains(std::string_view n) const {
    if (n.empty() || n.size() > kMaxLen) return false;
    const char first = Lower(n[0]);
    if (first < 'a' || first > 'z') return false;
    for (std::string_view k : slots_[Slot(n.size(), first)])
      if (EqualsIgnoreCase(n, k)) return true;
    return false;
  }

 private:
  static size_t Slot(size_t len, char first) { return (len - 1) * 26 + static_cast<size_t>(first - 'a'); }
  std::array<std::vector<std::string_view>, kMaxLen * 26> slots_;
};

AttrUse AttributeUse(std::string_view n, std::string_view tag) {
  static const ReadAttributeTable table;
  if (!table.Contains(n)) return AttrUse::kDrop;
  if (EqualsIgnoreCase(n, "href")) return tag == "link" ? AttrUse::kKeep : AttrUse::kNameOnly;
  return AttrUse::kKeep;
}

// Finds "</name" (case-insensitive) from `pos`; npos when absent.
size_t FindEndTag(std::string_view s, size_t pos, std::string_view name) {
  while (true) {
    size_t lt = s.find("</", pos);
    if (lt == std::string_view::npos) return lt;
    size_t i = lt + 2, k = 0;
    while (k < name.size() && i + k < s.size() && Lower(s[i + k]) == name[k]) ++k;
    if (k == name.size()) return lt;
    pos = lt + 2;
  }
}

// One attribute of a tag: [attr_start, end) with the white space before it.
struct AttrSpan {
  size_t attr_start, name_start, name_end, value_start, end;
};

// Reads the attribute at `*j` (inside a tag, past its name) as the HTML
// tokenizer does, and moves `*j` past it; false, with `*j` at the tag's '>'
// (or the page's end), when no attribute is left.
inline bool NextAttribute(std::string_view s, size_t* j, AttrSpan* at) {
  size_t i = *j;
  at->attr_start = i;
  while (i < s.size() && (IsSpace(s[i]) || s[i] == '/')) ++i;
  if (i >= s.size() || s[i] == '>') {
    *j = i;
    return false;
  }
  at->name_start = i++;  // a name's first character may be anything, '=' included
  while (i < s.size() && !Is(s[i], kAttrNameEnd)) ++i;
  at->name_end = i;
  size_t v = i;
  while (v < s.size() && IsSpace(s[v])) ++v;
  at->value_start = at->name_end;
  if (v < s.size() && s[v] == '=') {
    ++v;
    while (v < s.size() && IsSpace(s[v])) ++v;
    at->value_start = v;
    if (v < s.size() && (s[v] == '"' || s[v] == '\'')) {
      const void* close = memchr(s.data() + v + 1, s[v], s.size() - v - 1);
      v = close ? static_cast<size_t>(static_cast<const char*>(close) - s.data()) + 1 : s.size();
    } else {
      while (v < s.size() && !Is(s[v], kUnquotedEnd)) ++v;
    }
    i = v;
  }
  at->end = *j = i;
  return true;
}

// The end of a tag whose name ends at `i`: past the '>' outside quoted
// attribute values (s.size() when the page ends first); `has_href` tells
// whether an attribute is named href.
size_t TagEnd(std::string_view s, size_t i, bool* has_href) {
  *has_href = false;
  AttrSpan at;
  while (NextAttribute(s, &i, &at))
    if (EqualsIgnoreCase(s.substr(at.name_start, at.name_end - at.name_start), "href")) *has_href = true;
  return i < s.size() ? i + 1 : s.size();
}

// Counts the visible characters of text `t` as ExtractContent does (code
// points other than white space), a character reference as one.
size_t VisibleChars(std::string_view t) {
  size_t n = 0;
  for (size_t i = 0; i < t.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(t[i]);
    if (c == '&') {
      size_t k = i + 1;
      while (k < t.size() && k < i + 33 && (IsAsciiAlnum(static_cast<unsigned char>(t[k])) || t[k] == '#')) ++k;
      if (k < t.size() && t[k] == ';' && k > i + 1) i = k;
      ++n;
      continue;
    }
    n += StartsVisibleChar(c);
  }
  return n;
}

// The contents of the <nav> whose start tag ends at `from`, when nothing
// extraction keeps is inside: the position of its "</nav" and what the page
// counts lose with it. A navigation block is pruned from the body whole
// unless its paragraphs are most of the page's, and metadata reads nothing in
// it; so one without <p>, JSON-LD, <article> or <main> goes before parsing
// (about a fifth of a news page's elements: menus, breadcrumbs, pagers). Nothing
// (npos) when the nav holds any of those, is never closed, or does not close
// before `limit`; `reached` gets how far the scan read.
size_t ScanNavigation(std::string_view s, size_t from, size_t limit, NavigationCounts* counts, size_t* reached) {
  NavigationCounts c;
  int navs = 1, links_open = 0;
  bool in_heading = false, heading_linked = false;
  s = s.substr(0, limit);  // every search below stops at the limit
  size_t& pos = *reached;
  pos = from;
  auto give_up = [&](size_t read_to) {
    pos = read_to;
    return std::string_view::npos;
  };
  while (true) {
    const char* p = pos < s.size() ? static_cast<const char*>(memchr(s.data() + pos, '<', s.size() - pos)) : nullptr;
    if (!p) return give_up(s.size());
    const size_t lt = static_cast<size_t>(p - s.data());
    const size_t chars = VisibleChars(s.substr(pos, lt - pos));
    c.text_chars += chars;
    if (links_open > 0) c.link_chars += chars;
    if (s.substr(lt, 4) == "<!--") {
      size_t e = s.find("-->", lt + 4);
      if (e == std::string_view::npos) return give_up(s.size());
      pos = e + 3;
      continue;
    }
    if (lt + 1 < s.size() && (s[lt + 1] == '!' || s[lt + 1] == '?')) {  // a doctype or bogus comment
      size_t e = s.find('>', lt + 1);
      if (e == std::string_view::npos) return give_up(s.size());
      pos = e + 1;
      continue;
    }
    const bool closing = lt + 1 < s.size() && s[lt + 1] == '/';
    size_t i = lt + 1 + closing;
    size_t name_start = i;
    while (i < s.size() && Is(s[i], kTagNameByte)) ++i;
    if (i == name_start) {  // not a tag: "<" is text
      c.text_chars += 1;
      if (links_open > 0) c.link_chars += 1;
      pos = lt + 1;
      continue;
    }
    std::string_view name = s.substr(name_start, i - name_start);
    bool has_href = false;
    const size_t end = TagEnd(s, i, &has_href);
    if (closing) {
      if (EqualsIgnoreCase(name, "nav") && --navs == 0) {
        *counts = c;
        pos = lt;
        return lt;
      }
      if (EqualsIgnoreCase(name, "a") && links_open > 0) --links_open;
      if (name.size() == 2 && Lower(name[0]) == 'h' && name[1] >= '1' && name[1] <= '6' && in_heading) {
        c.linked_headings += heading_linked;
        in_heading = heading_linked = false;
      }
      pos = end;
      continue;
    }
    if (EqualsIgnoreCase(name, "p") || EqualsIgnoreCase(name, "article") || EqualsIgnoreCase(name, "main"))
      return give_up(end);
    if (EqualsIgnoreCase(name, "nav")) ++navs;
    if (EqualsIgnoreCase(name, "a")) {
      c.links += has_href;
      ++links_open;
      if (in_heading) heading_linked = true;
    }
    if (name.size() == 2 && Lower(name[0]) == 'h' && name[1] >= '1' && name[1] <= '6') {
      in_heading = true;
      heading_linked = false;
    }
    pos = end;
    // Scripts, style sheets, <noscript> and <svg> the pre-scan removes
    // anyway, and <template>s ExtractContent does not count; the text of
    // <textarea> and <title> is page text.
    const bool unread = EqualsIgnoreCase(name, "script") || EqualsIgnoreCase(name, "style") ||
                        EqualsIgnoreCase(name, "noscript") || EqualsIgnoreCase(name, "svg") ||
                        EqualsIgnoreCase(name, "template");
    if (unread || EqualsIgnoreCase(name, "textarea") || EqualsIgnoreCase(name, "title")) {
      if (EqualsIgnoreCase(name, "script") && ContainsIgnoreCase(s.substr(i, end - i), "ld+json"))
        return give_up(end);
      if (end >= 2 && s[end - 1] == '>' && s[end - 2] == '/') continue;
      std::string lower(name);
      for (char& ch : lower) ch = Lower(ch);
      size_t e = FindEndTag(s, end, lower);
      if (e == std::string_view::npos) return give_up(s.size());
      if (!unread) {
        const size_t chars = VisibleChars(s.substr(end, e - end));
        c.text_chars += chars;
        if (links_open > 0) c.link_chars += chars;
      }
      pos = e;  // the end tag is read next
    }
  }
}

// ScanNavigation within a budget of bytes for the whole page (what each scan
// read is taken off; nothing once it is spent): navs nested in a nav that is
// kept are scanned again each, and thousands of nested navs must not take
// quadratic time.
size_t DroppableNavigation(std::string_view s, size_t from, NavigationCounts* counts, size_t* budget) {
  size_t reached = from;
  const size_t limit = from + std::min(*budget, s.size() - from);
  const size_t end = ScanNavigation(s, from, limit, counts, &reached);
  *budget -= std::min(*budget, reached - from);
  return end;
}

}  // namespace

bool LimitNesting(std::string_view s, int max_depth, std::string* out, bool strip,
                  bool* depth_limited_out, std::vector<CopyPiece>* copies, std::vector<text::Span>* json_ld_spans,
                  NavigationCounts* dropped_navigation) {
  if (copies) copies->clear();
  if (dropped_navigation) *dropped_navigation = {};
  if (!strip) dropped_navigation = nullptr;
  if (json_ld_spans) json_ld_spans->clear();
  if (!strip) json_ld_spans = nullptr;
  out->clear();
  int depth = 0;
  int over = 0;       // open tags dropped (beyond max_depth)
  bool depth_limited = false;
  bool rewrite = false;
  size_t copied = 0;  // s[0, copied) is in `out` (when rewriting); drops come in increasing order
  size_t pos = 0;
  char name[16];
  constexpr size_t kMaxAttrs = 1024;
  thread_local std::vector<AttrSpan> attrs;
  // White space between two tags is a third of a page's text nodes, and next
  // to a tag that starts a new line of text (a block-level element, <br>) or
  // between the tags of <head> nothing reads it (the body's paragraphs break
  // there anyway; Dom::TextContent puts a space where block elements meet).
  // With `strip` such runs are dropped. An end tag counts only when it closes
  // an element the scan saw open (a stray </div> is ignored by the tree
  // builder, and the text on its two sides may run together).
  size_t space_from = std::string_view::npos;  // end of the last tag kept
  bool after_break = false;                    // that tag starts a new line of text
  bool in_head = false;
  int templates_open = 0;  // <template> start tags not yet closed
  size_t navigation_budget = s.size();  // bytes DroppableNavigation may read in all
  struct OpenBlock {
    char name[16];
    size_t len;
  };
  constexpr size_t kMaxOpenBlocks = 1024;
  thread_local std::vector<OpenBlock> open_blocks;
  open_blocks.clear();
  // The elements that count as nesting, open now (at most max_depth): an end
  // tag closes the nearest of its name among the top kEndTagReach, as the
  // tree builder does; a stray one ("<div></span>" repeated) closes nothing,
  // else it would take a level off the count while the parser nests on.
  constexpr size_t kEndTagReach = 64;
  thread_local std::vector<OpenBlock> open_elements;
  open_elements.clear();
  auto open_element = [&](std::string_view tag) {
    OpenBlock b;
    b.len = tag.size();
    std::memcpy(b.name, tag.data(), tag.size());
    open_elements.push_back(b);
    ++depth;
  };
  auto drop = [&](size_t from, size_t to) {
    if (!rewrite) {
      rewrite = true;
      out->reserve(s.size());
    } else if (from == copied) {  // right after the previous drop: extend it
      copied = to;
      return;
    }
    if (copies && from > copied) copies->push_back({out->size(), copied, from - copied});
    out->append(s.substr(copied, from - copied));
    copied = to;
  };
  // Called for each tag kept, before any drop inside it.
  auto keep_tag = [&](size_t lt, size_t tag_end, bool breaks) {
    if (strip && space_from < lt && (breaks || after_break || in_head) &&
        AllSpace(s.substr(space_from, lt - space_from)))
      drop(space_from, lt);
    space_from = tag_end;
    after_break = breaks;
  };
  // Closes the open block element `tag`; false when none is open (a stray end tag).
  auto close_block = [&](std::string_view tag) {
    for (size_t k = open_blocks.size(); k-- > 0;)
      if (std::string_view(open_blocks[k].name, open_blocks[k].len) == tag) {
        open_blocks.resize(k);
        return true;
      }
    return false;
  };
  while (pos < s.size()) {
    const char* p = static_cast<const char*>(memchr(s.data() + pos, '<', s.size() - pos));
    if (!p) break;
    size_t lt = static_cast<size_t>(p - s.data());
    if (lt + 3 < s.size() && s[lt + 1] == '!' && s[lt + 2] == '-' && s[lt + 3] == '-') {
      size_t e = s.find("-->", lt + 4);
      pos = e == std::string_view::npos ? s.size() : e + 3;
      // A comment next to a tag is dropped (nothing reads comments); one
      // between two pieces of text stays, so that the text nodes stay apart.
      if (strip && e != std::string_view::npos &&
          ((lt > 0 && s[lt - 1] == '>') || (pos < s.size() && s[pos] == '<')))
        drop(lt, pos);
      space_from = pos;
      after_break = false;
      continue;
    }
    if (lt + 1 < s.size() && (s[lt + 1] == '!' || s[lt + 1] == '?')) {
      size_t e = s.find('>', lt + 1);
      pos = e == std::string_view::npos ? s.size() : e + 1;
      space_from = pos;
      after_break = false;
      continue;
    }
    bool closing = lt + 1 < s.size() && s[lt + 1] == '/';
    size_t i = lt + 1 + (closing ? 1 : 0);
    if (i >= s.size() || !((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z'))) {
      pos = lt + 1;
      continue;
    }
    size_t n = 0;
    while (i < s.size() && Is(s[i], kTagNameByte)) {
      if (n < sizeof(name)) name[n] = Lower(s[i]);
      ++n;
      ++i;
    }
    std::string_view tag(name, std::min(n, sizeof(name)));
    // The attributes and the end of the tag ('>' outside quoted values), in
    // one pass as the HTML tokenizer reads them.
    attrs.clear();
    size_t j = i, last_value_end = 0;
    for (AttrSpan at; NextAttribute(s, &j, &at);) {
      last_value_end = at.end;
      // Past kMaxAttrs (hostile input) the rest are scanned, not recorded:
      // they stay in the page, and memory stays bounded.
      if (attrs.size() < kMaxAttrs) attrs.push_back(at);
    }
    size_t tag_end = j < s.size() ? j + 1 : s.size();
    // "<br/>", "<img src=x />", but not "<a href=/>": a '/' ending an unquoted
    // value is the value's (the element stays open, and its end tag must not
    // take a level off the nesting count).
    bool self_closing = j > 0 && j < s.size() && s[j - 1] == '/' && last_value_end < j;
    const uint8_t flags = TagFlags(tag);
    if (closing) {
      if (tag == "template" && templates_open > 0) --templates_open;
      bool kept = true;
      if (!(flags & (kVoidTag | kAutoClosedTag))) {
        if (over > 0) {
          drop(lt, tag_end);
          --over;
          kept = false;
        } else {
          const size_t reach = std::min(open_elements.size(), kEndTagReach);
          for (size_t k = open_elements.size(); k-- > open_elements.size() - reach;)
            if (std::string_view(open_elements[k].name, open_elements[k].len) == tag) {
              open_elements.resize(k);
              depth = static_cast<int>(k);
              break;
            }
        }
      }
      if (kept) {
        // </p> and </br> always make an element; other auto-closed end tags
        // (</li>, </td>) may be ignored, so they count as nothing.
        bool breaks = tag == "p" || tag == "br" ||
                      (BreaksTextByName(tag, flags) && !(flags & (kAutoClosedTag | kVoidTag)) && close_block(tag));
        keep_tag(lt, tag_end, breaks);
        if (tag == "head") in_head = false;
      } else {
        space_from = tag_end;
        after_break = false;
      }
      pos = tag_end;
      continue;
    }
    const bool raw_text = (flags & kRawTextTag) && !self_closing;
    const bool nests = !self_closing && !(flags & (kVoidTag | kAutoClosedTag)) && !raw_text;
    if (nests && depth >= max_depth) {
      depth_limited = true;
      drop(lt, tag_end);
      ++over;
      pos = space_from = tag_end;
      after_break = false;
      continue;
    }
    if (strip && tag == "link" && j < s.size() && !ContainsIgnoreCase(s.substr(i, j - i), "canonical")) {
      // Only the canonical <link> is read; the others (style sheets,
      // preloads, alternates, icons) are a few KB of every <head>.
      drop(lt, tag_end);
      pos = space_from = tag_end;
      after_break = false;
      continue;
    }
    if (strip && tag == "source") {
      // The media sources of <picture>, <video> and <audio>, a dozen a page:
      // nothing reads them. Only between tags (and white space), so that no
      // two runs of text join.
      size_t before = lt, after = tag_end;
      while (before > 0 && IsSpace(s[before - 1])) --before;
      while (after < s.size() && IsSpace(s[after])) ++after;
      if ((before == 0 || s[before - 1] == '>') && (after == s.size() || s[after] == '<')) {
        drop(lt, tag_end);
        pos = space_from = tag_end;
        after_break = false;
        continue;
      }
    }
    if (strip && tag == "svg" && !self_closing) {
      size_t e = FindEndTag(s, tag_end, "svg");
      size_t gt = e == std::string_view::npos ? std::string_view::npos : s.find('>', e);
      if (gt != std::string_view::npos) {
        drop(lt, gt + 1);
        pos = space_from = gt + 1;
        after_break = false;
        continue;
      }
    }
    if (tag == "plaintext") break;
    if (strip && raw_text && (tag == "style" || tag == "noscript" || tag == "script")) {
      // Scripts, style sheets and <noscript> fallbacks go whole where the
      // text on their two sides cannot run together (a tag stands right
      // before or right after them): three dozen elements a page that nothing
      // reads (JSON-LD is handed over in `json_ld_spans`, or else kept). White
      // space before them goes first if it can.
      bool json_ld = false;
      for (const AttrSpan& at : attrs)
        if (EqualsIgnoreCase(s.substr(at.name_start, at.name_end - at.name_start), "type"))
          json_ld = ContainsIgnoreCase(s.substr(at.value_start, at.end - at.value_start), "ld+json");
      size_t e = json_ld && !json_ld_spans ? std::string_view::npos : FindEndTag(s, tag_end, tag);
      if (json_ld && json_ld_spans) json_ld_spans->push_back({tag_end, e == std::string_view::npos ? s.size() : e});
      size_t gt = e == std::string_view::npos ? e : s.find('>', e);
      if (gt != std::string_view::npos) {
        if (space_from < lt && (after_break || in_head) && AllSpace(s.substr(space_from, lt - space_from))) {
          drop(space_from, lt);
          space_from = lt;
        }
        const char before = copied < lt ? s[lt - 1] : out->empty() ? '>' : out->back();
        if (before == '>' || gt + 1 == s.size() || s[gt + 1] == '<') {
          drop(lt, gt + 1);
          pos = space_from = gt + 1;
          continue;
        }
      }
    }
    {
      const bool block = BreaksTextByName(tag, flags);
      if (tag == "head") in_head = true;
      else if (!(flags & kHeadTag)) in_head = false;
      keep_tag(lt, tag_end, block && !(flags & kMayBeIgnoredTag));
      if (block && nests && open_blocks.size() < kMaxOpenBlocks) {
        OpenBlock b;
        b.len = tag.size();
        std::memcpy(b.name, tag.data(), tag.size());
        open_blocks.push_back(b);
      }
    }
    bool json_ld = false;
    if (strip && j < s.size()) {
      // Drop the attributes extraction never reads (image sources, data-*,
      // event handlers, ...): most of the bytes left inside tags.
      for (const AttrSpan& at : attrs) {
        std::string_view an = s.substr(at.name_start, at.name_end - at.name_start);
        // The next attribute may follow a quoted value without white space
        // (`title="x"href=...`): then what separates it from the tag name or
        // the attribute before stays.
        const size_t k = at.end;
        const bool joined = k < j && !IsSpace(s[k]) && s[k] != '/';
        switch (AttributeUse(an, tag)) {
          case AttrUse::kDrop:
            drop(joined ? at.name_start : at.attr_start, k);
            break;
          case AttrUse::kNameOnly:
            if (k > at.name_end) {
              if (!joined) {
                drop(at.name_end, k);
              } else if (k - at.value_start >= 2 && (s[at.value_start] == '"' || s[at.value_start] == '\'') &&
                         s[k - 1] == s[at.value_start]) {
                drop(at.value_start + 1, k - 1);  // href="" stays a separate attribute
              }
            }
            break;
          case AttrUse::kKeep:
            if (tag == "script" && EqualsIgnoreCase(an, "type"))
              json_ld = ContainsIgnoreCase(s.substr(at.value_start, k - at.value_start), "ld+json");
            break;
        }
      }
    }
    if (tag == "template" && !closing) ++templates_open;
    if (dropped_navigation && nests && tag == "nav") {
      NavigationCounts counts;
      const size_t e = DroppableNavigation(s, tag_end, &counts, &navigation_budget);
      if (e != std::string_view::npos) {
        drop(tag_end, e);
        if (templates_open > 0) counts = {};  // ExtractContent skips templates
        dropped_navigation->links += counts.links;
        dropped_navigation->text_chars += counts.text_chars;
        dropped_navigation->link_chars += counts.link_chars;
        dropped_navigation->linked_headings += counts.linked_headings;
        open_element(tag);
        pos = space_from = e;  // "</nav" is read next
        continue;
      }
    }
    if (raw_text) {
      size_t e = FindEndTag(s, tag_end, tag);
      size_t content_end = e == std::string_view::npos ? s.size() : e;
      // Scripts other than JSON-LD, style sheets and <noscript> fallbacks are
      // emptied: nothing reads them.
      if (strip && content_end > tag_end &&
          (tag == "style" || tag == "noscript" || (tag == "script" && (!json_ld || json_ld_spans))))
        drop(tag_end, content_end);
      if (e == std::string_view::npos) {
        pos = s.size();
      } else {
        size_t gt = s.find('>', e);
        pos = gt == std::string_view::npos ? s.size() : gt + 1;
      }
      // Its end tag: white space after it stays unless the next tag breaks the text.
      space_from = pos;
      after_break = false;
      continue;
    }
    if (nests) open_element(tag);
    pos = tag_end;
  }
  if (rewrite) {
    if (copies && s.size() > copied) copies->push_back({out->size(), copied, s.size() - copied});
    out->append(s.substr(copied));
  }
  if (depth_limited_out) *depth_limited_out = depth_limited;
  return rewrite;
}

struct DomBuilder {
  static uint32_t Add(Dom& dom, std::string_view s) {
    uint32_t off = static_cast<uint32_t>(dom.arena_.size());
    dom.arena_.append(s);
    return off;
  }

  // Appends `s` lower-cased (ASCII).
  static uint32_t AddLower(Dom& dom, std::string_view s) {
    uint32_t off = static_cast<uint32_t>(dom.arena_.size());
    dom.arena_.append(s);
    for (size_t i = off; i < dom.arena_.size(); ++i) dom.arena_[i] = Lower(dom.arena_[i]);
    return off;
  }

  static void Build(Dom& dom, myhtml_tree_t* tree, myhtml_tree_node_t* start, size_t input_size) {
    thread_local std::vector<Tag> tag_cache;
    if (tag_cache.empty()) tag_cache.assign(MyHTML_TAG_LAST_ENTRY, static_cast<Tag>(255));
    // Tag names and attribute keys repeat: each is stored in the arena once.
    std::array<uint32_t, MyHTML_TAG_LAST_ENTRY> name_off, tag_name_len;
    std::array<bool, MyHTML_TAG_LAST_ENTRY> breaks_cache;
    name_off.fill(kNone);
    struct Key {
      uint32_t off = kNone, len = 0;
    };
    std::array<Key, 64> keys;
    dom.nodes_.reserve(input_size / 40 + 16);
    dom.attrs_.reserve(input_size / 80 + 16);
    Node doc;
    doc.tag = Tag::kDocument;
    dom.nodes_.push_back(doc);
    // Stack of our open nodes, parallel to myhtml ancestors (capped depth).
    std::vector<uint32_t> open;  // our node ids, by depth
    open.push_back(0);
    myhtml_tree_node_t* node = start ? mh::Child(start) : nullptr;
    int depth = 1;  // depth of `node` in myhtml's tree, below the document
    while (node) {
      myhtml_tag_id_t id = mh::TagId(node);
      bool descend = false;
      if (id == MyHTML_TAG__TEXT) {
        const std::string_view text = mh::Text(node);
        if (!text.empty()) {
          Node n;
          n.tag = Tag::kText;
          n.name_off = Add(dom, text);
          n.name_len = static_cast<uint32_t>(text.size());
          myhtml_position_t pos = mh::RawPosition(node);  // in the parsed buffer; mapped back in Parse
          n.src_off = static_cast<uint32_t>(pos.begin);
          n.src_len = static_cast<uint32_t>(pos.length);
          uint32_t parent = open[std::min<size_t>(depth - 1, open.size() - 1)];
          n.parent = parent;
          n.depth = static_cast<uint16_t>(std::min(depth, kMaxDepth));
          dom.nodes_.push_back(n);
          dom.nodes_.back().end = static_cast<uint32_t>(dom.nodes_.size());
        }
      } else if (id != MyHTML_TAG__COMMENT && id != MyHTML_TAG__UNDEF && id != MyHTML_TAG__DOCTYPE) {
        Node n;
        const bool known = id < MyHTML_TAG_LAST_ENTRY;
        if (known && name_off[id] != kNone) {
          n.name_off = name_off[id];
          n.name_len = static_cast<uint32_t>(tag_name_len[id]);
          n.tag = tag_cache[id];
          n.breaks_text = breaks_cache[id];
        } else {
          size_t len = 0;
          const char* nm = myhtml_tag_name_by_id(tree, id, &len);
          std::string_view name = nm ? std::string_view(nm, len) : std::string_view();
          if (known) {
            Tag& cached = tag_cache[id];
            if (cached == static_cast<Tag>(255)) cached = TagByName(name);
            n.tag = cached;
          } else {
            n.tag = Tag::kOther;
          }
          n.name_off = AddLower(dom, name);
          n.name_len = static_cast<uint32_t>(name.size());
          n.breaks_text = BreaksTextByName(dom.View(n.name_off, n.name_len));
          if (known) {
            name_off[id] = n.name_off;
            tag_name_len[id] = static_cast<uint32_t>(name.size());
            breaks_cache[id] = n.breaks_text;
          }
        }
        n.attr_begin = static_cast<uint32_t>(dom.attrs_.size());
        for (myhtml_tree_attr_t* a = mh::FirstAttribute(node); a; a = a->next) {
          const std::string_view key = mh::String(a->key), value = mh::String(a->value);
          Attr at;
          at.key_off = kNone;
          // A page has a dozen attribute names (the pre-scan drops the
          // rest): each is filed by length and first byte.
          Key& known_key = keys[(key.size() * 7 + (key.empty() ? 0 : static_cast<unsigned char>(key[0]))) & 63];
          if (known_key.len == key.size() && known_key.off != kNone) {
            size_t i = 0;
            while (i < key.size() && dom.arena_[known_key.off + i] == Lower(key[i])) ++i;
            if (i == key.size()) at.key_off = known_key.off;
          }
          if (at.key_off == kNone) {
            at.key_off = AddLower(dom, key);
            known_key = {at.key_off, static_cast<uint32_t>(key.size())};
          }
          at.key_len = static_cast<uint32_t>(key.size());
          at.value_off = Add(dom, value);
          at.value_len = static_cast<uint32_t>(value.size());
          dom.attrs_.push_back(at);
        }
        n.attr_count = static_cast<uint32_t>(dom.attrs_.size()) - n.attr_begin;
        size_t parent_level = std::min<size_t>(depth - 1, open.size() - 1);
        n.parent = open[parent_level];
        n.depth = static_cast<uint16_t>(std::min<size_t>(parent_level + 1, kMaxDepth));
        uint32_t self = static_cast<uint32_t>(dom.nodes_.size());
        dom.nodes_.push_back(n);
        if (mh::Child(node)) {
          descend = true;
          if (static_cast<int>(open.size()) < kMaxDepth) {
            open.resize(parent_level + 1);
            open.push_back(self);
          }
        }
      }
      if (descend) {
        node = mh::Child(node);
        ++depth;
        continue;
      }
      // Next in pre-order: a sibling, else climb.
      while (node) {
        myhtml_tree_node_t* next = mh::Next(node);
        if (next) {
          node = next;
          break;
        }
        node = mh::Parent(node);
        --depth;
        if (node == start || depth <= 0) {
          node = nullptr;
          break;
        }
      }
      // Close the nodes deeper than `depth`.
      if (static_cast<int>(open.size()) > depth) open.resize(std::max(depth, 1));
    }
    // Subtree ends: a node's subtree runs until the next node not below it.
    // Computed backwards: end(i) = max over children of end(child), at least i+1.
    auto& nodes = dom.nodes_;
    for (size_t i = 0; i < nodes.size(); ++i) nodes[i].end = static_cast<uint32_t>(i + 1);
    for (size_t i = nodes.size(); i-- > 1;) {
      uint32_t p = nodes[i].parent;
      if (p != kNone && nodes[p].end < nodes[i].end) nodes[p].end = nodes[i].end;
    }
  }
};

Dom Dom::Parse(std::string_view html, bool fragment, bool keep_navigation) {
  Dom dom;
  const std::string_view original = html;
  // The rewritten page, a buffer kept per thread (a large page's is let go below).
  thread_local std::string limited;
  thread_local std::vector<CopyPiece> copies;  // `limited` from `html`
  std::vector<text::Span> json_ld;
  bool rewritten = LimitNesting(html, kMaxParseDepth, &limited, /*strip=*/true, &dom.depth_limited_,
                                &copies, &json_ld, fragment || keep_navigation ? nullptr : &dom.dropped_navigation_);
  for (const text::Span& span : json_ld) {
    uint32_t off = DomBuilder::Add(dom, html.substr(span.begin, span.end - span.begin));
    dom.json_ld_.push_back({off, static_cast<uint32_t>(span.end - span.begin)});
  }
  if (rewritten) html = limited;
  std::string wrapped;
  size_t prefix = 0;
  if (fragment) {
    static constexpr std::string_view kWrapper = "<html><body>";
    wrapped.reserve(html.size() + 32);
    wrapped.append(kWrapper).append(html);
    html = wrapped;
    prefix = kWrapper.size();
  }
  Parser& parser = ThreadParser();
  dom.arena_.reserve(html.size() / 2 + 64);
  if (!parser.ok) {
    Node doc;
    doc.tag = Tag::kDocument;
    doc.end = 1;
    dom.nodes_.push_back(doc);
    return dom;
  }
  myhtml_parse(parser.tree, MyENCODING_UTF_8, html.data(), html.size());
  DomBuilder::Build(dom, parser.tree, myhtml_tree_get_document(parser.tree), html.size());
  // Text node sources: positions in the parsed buffer, back to `original`,
  // through the copied pieces. Text nodes come in page order but for a few
  // the tree builder moved, so the piece found last is tried first.
  size_t piece = 0;
  // The input offset of output offset `pos`, as the start of a span or (`end`)
  // its end: the piece holding byte pos, or the one ending at pos.
  auto to_source = [&](size_t pos, bool end) -> size_t {
    if (end && pos == 0) end = false;
    auto holds = [&](const CopyPiece& p) { return end ? p.out < pos && pos <= p.out + p.len : p.out <= pos && pos < p.out + p.len; };
    if (piece >= copies.size() || !holds(copies[piece])) {
      // Usually a few pieces further on (each attribute dropped in the tags
      // between two text nodes ends a piece): stepped to, else searched for.
      size_t next = piece + 1;
      while (next < copies.size() && next <= piece + 8 && copies[next].out < pos && !holds(copies[next])) ++next;
      if (next < copies.size() && next <= piece + 8 && holds(copies[next])) {
        piece = next;
      } else {
        auto it = std::partition_point(copies.begin(), copies.end(), [&](const CopyPiece& p) {
          return end ? p.out + p.len < pos : p.out + p.len <= pos;
        });
        if (it == copies.end()) return original.size();
        piece = static_cast<size_t>(it - copies.begin());
        if (!holds(*it)) return it->in;
      }
    }
    return copies[piece].in + (pos - copies[piece].out);
  };
  for (Node& n : dom.nodes_) {
    if (n.tag != Tag::kText) continue;
    size_t b = n.src_off >= prefix ? n.src_off - prefix : 0;
    size_t e = n.src_off + n.src_len >= prefix ? n.src_off + n.src_len - prefix : 0;
    if (rewritten) {
      const size_t in_b = to_source(b, false);
      e = e > b ? to_source(e, true) : in_b;
      b = in_b;
    }
    b = std::min(b, original.size());
    e = std::min(std::max(e, b), original.size());
    n.src_off = static_cast<uint32_t>(b);
    n.src_len = static_cast<uint32_t>(e - b);
    n.src_exact = original.substr(b, e - b) == dom.Text(static_cast<uint32_t>(&n - dom.nodes_.data()));
  }
  // Keep memory of a huge page from lingering in the thread's tree and buffer.
  if (html.size() > (size_t{8} << 20)) myhtml_tree_clean(parser.tree);
  if (limited.capacity() > (size_t{8} << 20)) std::string().swap(limited);
  if (copies.capacity() > (size_t{1} << 20)) std::vector<CopyPiece>().swap(copies);
  return dom;
}

std::string_view Dom::Attribute(uint32_t i, std::string_view key, bool* found) const {
  assert(std::find(std::begin(kReadAttributes), std::end(kReadAttributes), key) != std::end(kReadAttributes) &&
         "an attribute the pre-scan drops: add it to kReadAttributes");
  const Node& n = nodes_[i];
  for (uint32_t a = n.attr_begin; a < n.attr_begin + n.attr_count; ++a) {
    if (attrs_[a].key_len != key.size()) continue;
    // Keys are a few bytes: compare inline rather than through memcmp, which
    // this lookup, run several times per element, made a top entry of the profile.
    const char* k = arena_.data() + attrs_[a].key_off;
    size_t j = 0;
    while (j < key.size() && k[j] == key[j]) ++j;
    if (j == key.size()) {
      if (found) *found = true;
      return View(attrs_[a].value_off, attrs_[a].value_len);
    }
  }
  if (found) *found = false;
  return {};
}

bool Dom::HasAttribute(uint32_t i, std::string_view key) const {
  bool found = false;
  Attribute(i, key, &found);
  return found;
}

std::string Dom::TextContent(uint32_t i) const {
  std::string out;
  const uint32_t end = nodes_[i].end;
  uint32_t line_end = end;  // end of the innermost text-breaking element around the last text
  bool broken = false;      // such an element started or ended since the last text
  for (uint32_t j = i; j < end; ++j) {
    if (j >= line_end) {
      broken = true;
      line_end = end;
    }
    const Node& n = nodes_[j];
    if (n.tag != Tag::kText) {
      broken |= n.breaks_text && j != i;
      continue;
    }
    std::string_view t = Text(j);
    if (t.empty()) continue;
    if (broken && !out.empty() && !IsSpace(out.back()) && !IsSpace(t.front())) out.push_back(' ');
    out.append(t);
    broken = false;
    line_end = end;
    for (uint32_t a = n.parent; a != kNone && a > i; a = nodes_[a].parent)
      if (nodes_[a].breaks_text) {
        line_end = nodes_[a].end;
        break;
      }
  }
  return out;
}

}  // namespace storyline::extract::html
