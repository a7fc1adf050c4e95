// Main-content extraction from a Dom.
//
//  1. Pruning: subtrees that are never body (scripts, forms and their
//     controls, media, nav/aside/footer, hidden elements, text for screen
//     readers only, ARIA landmarks for navigation, embedded social posts) and
//     elements whose class/id name boilerplate (comments, share bars, related
//     links, promos, newsletter and cookie boxes, ads, captions, credits,
//     bylines, bios...) are skipped, unless they hold most of the page's
//     paragraph text (a wrapper with an unlucky class name).
//  2. Blocks: the remaining text is cut into paragraph-level blocks at block
//     element boundaries (p, div, li, h1-h6, blockquote, td, br...), each with
//     its link text, kind and the element that holds it.
//  3. Region: paragraph-like blocks score their ancestors (the Readability
//     scheme: 1 + commas + length, shared out over five ancestor levels),
//     scores are weighted by tag and class/id cues and by (1 - link density);
//     the best element, possibly raised to a common ancestor of near-equal
//     rivals, plus its siblings that score well or read as paragraphs, is the
//     article region.
//  4. Output: the region's blocks in order, without link-dense blocks,
//     repeats of the title and of each other, and headings with no text after
//     them.
//  5. JSON-LD articleBody, when present, is checked against the result: when
//     the markup's region misses much of it, the page's blocks that belong to
//     it are taken instead, or the articleBody itself when the page shows it.
#include <algorithm>
#include <array>
#include <bit>
#include <bitset>
#include <cmath>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <xxhash.h>

#include "extract/html_extract.h"
#include "extract/junk_model.h"
#include "storyline/extract.h"

namespace storyline::extract::html {
namespace {

enum class Kind : uint8_t { kPara, kHeading, kItem, kQuote, kPre, kCell, kRow };

// Bytes [out, out + out_len) of a block's text came from input bytes
// [in, in + in_len): unchanged (`copy`), or as a whole (a text node that
// character references or newline normalisation changed).
struct SourcePiece {
  uint32_t out, out_len, in, in_len;
  bool copy;
};

struct Block {
  std::string text;
  uint32_t container = 0;  // innermost block element holding the text
  uint32_t chars = 0;      // code points
  uint32_t link_chars = 0;
  Kind kind = Kind::kPara;
  std::vector<SourcePiece> sources;  // ordered by `out`; inserted spaces have none
};

// Written without short-circuits, so that loops over a text's bytes vectorise.
bool IsSpace(unsigned char c) { return (c == ' ') | (static_cast<unsigned char>(c - '\t') <= '\r' - '\t'); }

size_t Utf8Chars(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool IsHeading(Tag t) { return t >= Tag::kH1 && t <= Tag::kH6; }

// Block-level elements (the Dom's elements that break text, but <br>, which
// the walker handles itself), and the document.
bool IsBlockNode(const Dom& dom, uint32_t i) {
  const Node& n = dom.node(i);
  return (n.breaks_text && n.tag != Tag::kBr) || n.tag == Tag::kDocument;
}

// Tags whose subtrees never hold body text.
bool IsDroppedTag(Tag t, bool fragment) {
  switch (t) {
    case Tag::kScript: case Tag::kStyle: case Tag::kNoscript: case Tag::kTemplate: case Tag::kSvg:
    case Tag::kMath: case Tag::kIframe: case Tag::kObject: case Tag::kEmbed: case Tag::kCanvas:
    case Tag::kVideo: case Tag::kAudio: case Tag::kButton: case Tag::kInput: case Tag::kSelect:
    case Tag::kOption: case Tag::kTextarea: case Tag::kFigcaption: case Tag::kDialog:
    case Tag::kHead: case Tag::kTitle: case Tag::kMenu: case Tag::kLabel:
      return true;
    case Tag::kNav: case Tag::kAside: case Tag::kFooter:
      return !fragment;
    default:
      return false;
  }
}

// ---- class / id cues -------------------------------------------------------------

// Substrings of a lower-cased class+id that mark boilerplate.
constexpr std::string_view kNegative[] = {
    "comment", "disqus", "share", "sharing", "social", "related", "recommend", "promo",
    "newsletter", "subscri", "signup", "sign-up", "cookie", "consent", "gdpr", "sidebar",
    "breadcrumb", "pagination", "pager", "popup", "modal", "overlay", "masthead", "navbar",
    "navigation", "menu", "sponsor", "outbrain", "taboola", "caption", "credit", "byline",
    "author-info", "authorinfo", "author-bio", "authorbio", "bio-", "-bio", "about-author",
    "about-the-author", "toolbar", "most-popular", "mostpopular", "most-read", "mostread",
    "trending", "read-more", "readmore", "more-stories", "further-reading", "advert", "adslot",
    "ad-slot", "ad-container", "ad-wrapper", "dfp-", "banner", "skip", "widget", "footer",
    "header", "tags", "tag-list", "topics", "keywords", "print-only", "hidden", "offscreen",
    "sr-only", "visually-hidden", "visuallyhidden", "rating", "reactions", "login",
    "teaser", "card", "carousel", "slider", "gallery", "lightbox", "jump-link", "table-of-contents",
    "toc-", "disclaimer", "copyright", "meta-", "-meta", "dateline", "timestamp", "publish-date",
    "author-name", "contributor", "correction-", "podcast", "player", "video", "embed",
    // Social posts embedded with the platforms' own markup (the embed codes'
    // class names): a post quoted in the page, not the article's text.
    "twitter-tweet", "instagram-media", "fb-post",
};
// Substrings that mark the article (a negative match is overridden).
constexpr std::string_view kPositive[] = {
    "article", "body", "content", "entry", "main", "post", "text", "story", "blog", "prose",
    "richtext", "rich-text", "paragraph",
};

// Paragraph text (non-space characters) under a "paywall"-classed element
// beyond which it is the article, not the stub: a paragraph of its own, or a
// container of several.
constexpr uint32_t kPaywallParagraphChars = 60;
constexpr uint32_t kPaywallContainerChars = 200;

// Words from which a link-dense paragraph that ends like a sentence is prose.
constexpr size_t kLinkedProseWords = 15;

// Body blocks a lead candidate is compared with (it would repeat the opening).
constexpr size_t kLeadCompareBlocks = 3;

// Paragraph text (non-space characters under <p>) of a whole article, not a
// teaser card.
constexpr uint32_t kArticleParagraphChars = 500;

// Text (characters) beyond which a <form> is a page wrapper, not a form.
constexpr size_t kFormMaxChars = 1500;

struct Cues {
  bool negative = false;
  bool positive = false;
  bool ad = false;       // an "ad" token
  bool paywall = false;  // "paywall": the stub asking to subscribe, or the metered text itself

  // Marked "paywall" and nothing else against it: text of real length under it
  // is the metered article.
  bool only_paywall() const { return paywall && !negative && !ad; }
};

// A set of substrings, searched for all at once: each position of the text is
// compared only with the patterns that start with its byte.
class PatternSet {
 public:
  template <size_t N>
  explicit PatternSet(const std::string_view (&patterns)[N]) {
    for (std::string_view p : patterns) {
      by_first_[static_cast<unsigned char>(p[0])].push_back(p);
      starts_[Bigram(p[0], p.size() > 1 ? p[1] : '\0')] = true;
      short_ |= p.size() < 2;
    }
  }
  bool FoundIn(std::string_view s) const {
    for (size_t i = 0; i < s.size(); ++i) {
      // Most positions start no pattern: one lookup of their first two bytes tells.
      if (!short_ && (i + 1 == s.size() || !starts_[Bigram(s[i], s[i + 1])])) continue;
      for (std::string_view p : by_first_[static_cast<unsigned char>(s[i])]) {
        if (p.size() > s.size() - i) continue;
        size_t j = 1;  // p[0] == s[i] by the bucket; the rest inline (patterns are short)
        while (j < p.size() && s[i + j] == p[j]) ++j;
        if (j == p.size()) return true;
      }
    }
    return false;
  }

 private:
  static size_t Bigram(char a, char b) {
    return static_cast<size_t>(static_cast<unsigned char>(a)) << 8 | static_cast<unsigned char>(b);
  }
  std::array<std::vector<std::string_view>, 256> by_first_;
  std::bitset<65536> starts_;  // first two bytes of a pattern
  bool short_ = false;         // a pattern of one byte (then every position is compared)
};

Cues ClassCues(const Dom& dom, uint32_t i) {
  static const PatternSet negative(kNegative), positive(kPositive);
  Cues cues;
  std::string_view cls = dom.Attribute(i, "class");
  std::string_view id = dom.Attribute(i, "id");
  if (cls.empty() && id.empty()) return cues;
  thread_local std::string s;
  s.clear();
  s.reserve(cls.size() + id.size() + 1);
  for (char c : cls) s.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c);
  s.push_back(' ');
  for (char c : id) s.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c);
  if (s.size() > 400) s.resize(400);
  cues.negative = negative.FoundIn(s);
  cues.paywall = s.find("paywall") != std::string::npos;
  cues.positive = positive.FoundIn(s);
  // "ad" as a whole token or token part: "ad", "ads", "ad-top", "top-ad".
  size_t start = 0;
  for (size_t k = 0; k <= s.size(); ++k) {
    if (k == s.size() || s[k] == ' ' || s[k] == '-' || s[k] == '_') {
      std::string_view tok(s.data() + start, k - start);
      if (tok == "ad" || tok == "ads" || tok == "adv" || tok == "advertisement") cues.ad = true;
      start = k + 1;
    }
  }
  return cues;
}

// Class cues per element, each computed once: the walker's passes and the
// scoring ask about the same elements.
class CueTable {
 public:
  explicit CueTable(const Dom& dom) : dom_(dom), packed_(dom.size(), kUnknown) {}
  Cues Get(uint32_t i) {
    uint8_t& p = packed_[i];
    if (p == kUnknown) {
      Cues c = ClassCues(dom_, i);
      p = static_cast<uint8_t>(c.negative | c.positive << 1 | c.ad << 2 | c.paywall << 3);
    }
    Cues c;
    c.negative = p & 1;
    c.positive = p & 2;
    c.ad = p & 4;
    c.paywall = p & 8;
    return c;
  }

 private:
  static constexpr uint8_t kUnknown = 0xff;
  const Dom& dom_;
  std::vector<uint8_t> packed_;
};

bool IsHidden(const Dom& dom, uint32_t i) {
  const Node& n = dom.node(i);
  if (n.attr_count == 0) return false;
  // React's streamed server rendering parks finished parts of the page in
  // <div hidden id="S:1"> for a script to move into place: shown content.
  if (dom.HasAttribute(i, "hidden") && !dom.Attribute(i, "id").starts_with("S:")) return true;
  if (dom.Attribute(i, "aria-hidden") == "true") return true;
  std::string_view style = dom.Attribute(i, "style");
  if (!style.empty()) {
    std::string s;
    for (char c : style)
      if (c != ' ') s.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c);
    if (s.find("display:none") != std::string::npos || s.find("visibility:hidden") != std::string::npos)
      return true;
    // The "visually hidden" idiom: text for screen readers only (", opens new
    // tab", "Advertisement"), clipped away or shrunk to a pixel in an
    // absolutely placed box.
    if (s.find("position:absolute") != std::string::npos &&
        (s.find("clip:rect(") != std::string::npos || s.find("clip-path:inset(50%)") != std::string::npos ||
         (s.find("width:1px") != std::string::npos && s.find("height:1px") != std::string::npos)))
      return true;
  }
  std::string_view role = dom.Attribute(i, "role");
  if (role == "navigation" || role == "complementary" || role == "contentinfo" || role == "banner" ||
      role == "dialog" || role == "alertdialog" || role == "menu" || role == "menubar" ||
      role == "search")
    return true;
  return false;
}

bool EndsSentence(std::string_view t) {
  while (!t.empty() && (IsSpace(t.back()) || t.back() == '"' || t.back() == '\'' || t.back() == ')'))
    t.remove_suffix(1);
  if (t.empty()) return false;
  char c = t.back();
  if (c == '.' || c == '!' || c == '?' || c == ':' || c == ';') return true;
  // UTF-8 closing quotes and CJK full stops: ” ’ » 。 ！ ？ …
  static constexpr std::string_view kEnds[] = {"\u201d", "\u2019", "\u00bb", "\u3002", "\uff01",
                                               "\uff1f", "\u2026", "\u300d"};
  for (std::string_view e : kEnds)
    if (t.size() >= e.size() && t.substr(t.size() - e.size()) == e) return true;
  return false;
}

// Runs of non-space bytes: counted where one starts (a non-space byte first or
// after a space), so that the loop vectorises.
size_t CountWords(std::string_view t) {
  if (t.empty()) return 0;
  const auto* b = reinterpret_cast<const unsigned char*>(t.data());
  size_t words = !IsSpace(b[0]);
  for (size_t i = 1; i < t.size(); ++i) words += !IsSpace(b[i]) & IsSpace(b[i - 1]);
  return words;
}

size_t CountCommas(std::string_view t) {
  // One branch-free pass (it vectorises) counts ',' and the lead bytes EF and
  // E3 of the CJK commas U+FF0C and U+3001, looked for only when one is there.
  size_t n = 0, leads = 0;
  for (unsigned char c : t) {
    n += c == ',';
    leads += (c == 0xef) | (c == 0xe3);
  }
  if (leads == 0) return n;
  for (size_t i = 0; i < t.size(); ++i)
    if ((t[i] == '\xef' || t[i] == '\xe3') && (t.compare(i, 3, "\uff0c") == 0 || t.compare(i, 3, "\u3001") == 0)) ++n;
  return n;
}

// Text (characters under the element) below which a content-like class name
// earns no bonus.
constexpr uint32_t kPositiveCueMinChars = 300;

// Length in characters, a CJK character counted as the two to three Latin
// letters it carries as much text as, so length thresholds tuned on European
// languages hold for Chinese, Japanese and Korean paragraphs.
double LatinEquivalentChars(std::string_view t) {
  // Counted in half characters, in integers and without branches, so that the
  // loop vectorises (the sum is exact either way).
  size_t halves = 0;
  for (unsigned char c : t) {
    const bool lead = (c & 0xC0) != 0x80;  // not a continuation byte
    // Lead bytes 0xE3..0xED open U+3000..U+DFFF: CJK punctuation, kana, Han, Hangul.
    const bool cjk = c >= 0xE3 && c <= 0xED;
    halves += lead * (cjk ? 5 : 2);
  }
  return static_cast<double>(halves) / 2;
}

// A short line made of a date or time and a few words around it: a byline
// timestamp, "updated N hours ago", a reading time. Six words at most, with a
// clock time, a relative time, a reading time or a CJK date in it.
bool IsTimestampLine(std::string_view t) {
  if (t.size() > 80 || CountWords(t) > 6) return false;
  bool digit = false;
  for (char c : t) digit |= c >= '0' && c <= '9';
  if (!digit) return false;
  std::string lower(t);
  for (char& c : lower) c = AsciiLower(c);
  for (size_t i = 1; i + 1 < lower.size(); ++i)
    if (lower[i] == ':' && std::isdigit(static_cast<unsigned char>(lower[i - 1])) &&
        std::isdigit(static_cast<unsigned char>(lower[i + 1])))
      return true;  // 06:00, 11:48
  static constexpr std::string_view kCues[] = {
      " ago", "min read", "mins read", "minute read", "lesezeit", "vor ",
      "\u6642", "\u5206",                 // 時 分
      "\uc2dc", "\ubd84",                 // 시 분
      "updated", "aktualisiert", "stand:"};
  for (std::string_view cue : kCues)
    if (lower.find(cue) != std::string::npos) return true;
  return false;
}

// "Photo: AFP", "Quelle: dpa", "Bild: Reuters/John Doe": a credit label and a
// name or two, five words at most.
bool IsCreditLine(std::string_view t) {
  if (t.size() > 60 || CountWords(t) > 5) return false;
  std::string lower(t.substr(0, 16));
  for (char& c : lower) c = AsciiLower(c);
  static constexpr std::string_view kLabels[] = {"photo:", "photos:", "foto:", "fotos:", "bild:", "image:",
                                                 "credit:", "quelle:", "source:", "photograph:", "video:"};
  for (std::string_view label : kLabels)
    if (lower.starts_with(label)) return true;
  return false;
}

// "Copyright © 2024 The Daily Example, LLC. Click here for reprint
// permission.", "© Example Media 2024", "All rights reserved.": a copyright
// notice, twenty words at most.
bool IsCopyrightLine(std::string_view t) {
  if (t.size() > 200) return false;
  // Cheap first look (most blocks have none of these), then the careful one.
  if (t.find("\u00a9") == std::string_view::npos && t.find("opyright") == std::string_view::npos &&
      t.find("OPYRIGHT") == std::string_view::npos && t.find("(c) ") == std::string_view::npos &&
      t.find("(C) ") == std::string_view::npos && t.find("ights reserved") == std::string_view::npos &&
      t.find("IGHTS RESERVED") == std::string_view::npos && t.find("ights Reserved") == std::string_view::npos)
    return false;
  if (CountWords(t) > 20) return false;
  std::string lower(t);
  for (char& c : lower) c = AsciiLower(c);
  if (lower.starts_with("\u00a9") || lower.starts_with("(c) ")) return true;
  if (lower.starts_with("copyright") &&
      (lower.find("\u00a9") != std::string::npos || lower.find("(c)") != std::string::npos ||
       lower.find(" 19") != std::string::npos || lower.find(" 20") != std::string::npos))
    return true;
  return lower.find("all rights reserved") != std::string::npos;
}

// A 64-bit hash of AlnumKey(s) (blocks are compared by it to drop repeats);
// `empty` tells whether the key is empty. The key is gathered without
// branches and hashed whole: a byte-serial hash costs a multiply's latency per byte.
uint64_t AlnumKeyHash(std::string_view s, bool* empty) {
  thread_local std::string key;
  if (key.size() < s.size()) key.resize(s.size());
  size_t n = 0;
  for (unsigned char c : s) {
    key[n] = AsciiLower(static_cast<char>(c));
    n += IsAsciiAlnum(c) | ((c & 0x80) != 0);
  }
  *empty = n == 0;
  return XXH3_64bits(key.data(), n);
}

// ---- shingles ---------------------------------------------------------------------

uint64_t HashWord(std::string_view w) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : w) {
    if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c + 32);
    h = (h ^ c) * 1099511628211ull;
  }
  return h;
}

std::vector<uint64_t> WordHashes(std::string_view t) {
  std::vector<uint64_t> out;
  size_t i = 0;
  while (i < t.size()) {
    while (i < t.size() && !(IsAsciiAlnum(static_cast<unsigned char>(t[i])) || (t[i] & 0x80))) ++i;
    size_t s = i;
    while (i < t.size() && (IsAsciiAlnum(static_cast<unsigned char>(t[i])) || (t[i] & 0x80))) ++i;
    if (i > s) out.push_back(HashWord(t.substr(s, i - s)));
  }
  return out;
}

// A set of shingles: open addressing with linear probing in one array (hash
// sets cost an allocation per shingle, sorting a vector n log n compares).
class ShingleSet {
 public:
  ShingleSet() = default;
  explicit ShingleSet(size_t expected) { Rehash(Capacity(expected)); }
  void Insert(uint64_t h) {
    if (h == 0) {
      size_ += !has_zero_;
      has_zero_ = true;
      return;
    }
    if ((size_ + 1) * 2 > slots_.size()) Rehash(Capacity(size_ + 1));
    size_t i = Index(h);
    while (slots_[i] != 0) {
      if (slots_[i] == h) return;
      i = (i + 1) & (slots_.size() - 1);
    }
    slots_[i] = h;
    ++size_;
  }
  bool Contains(uint64_t h) const {
    if (h == 0) return has_zero_;
    if (slots_.empty()) return false;
    for (size_t i = Index(h); slots_[i] != 0; i = (i + 1) & (slots_.size() - 1))
      if (slots_[i] == h) return true;
    return false;
  }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // Shingles in both sets.
  size_t CountCommon(const ShingleSet& other) const {
    size_t n = has_zero_ && other.has_zero_;
    for (uint64_t h : slots_) n += h != 0 && other.Contains(h);
    return n;
  }

 private:
  // A power of two at least twice `n` (at most half the slots are used).
  static size_t Capacity(size_t n) {
    size_t cap = 16;
    while (cap < 2 * n) cap *= 2;
    return cap;
  }
  size_t Index(uint64_t h) const { return static_cast<size_t>((h * 0x9e3779b97f4a7c15ull) >> shift_); }
  void Rehash(size_t cap) {
    if (cap <= slots_.size()) return;
    std::vector<uint64_t> old = std::move(slots_);
    slots_.assign(cap, 0);
    shift_ = 64 - std::countr_zero(cap);
    for (uint64_t h : old)
      if (h != 0) {
        size_t i = Index(h);
        while (slots_[i] != 0) i = (i + 1) & (cap - 1);
        slots_[i] = h;
      }
  }
  std::vector<uint64_t> slots_;  // 0: empty (the shingle 0 is has_zero_)
  int shift_ = 64;
  size_t size_ = 0;
  bool has_zero_ = false;
};

// Appends the 4-word shingles of a text's word hashes (one for fewer than four
// words) to `out`, unsorted.
void AppendShingles(const std::vector<uint64_t>& w, std::vector<uint64_t>* out) {
  if (w.size() < 4) {
    uint64_t h = 7;
    for (uint64_t x : w) h = h * 1000003 ^ x;
    if (!w.empty()) out->push_back(h);
    return;
  }
  for (size_t i = 0; i + 4 <= w.size(); ++i)
    out->push_back(((w[i] * 31 + w[i + 1]) * 31 + w[i + 2]) * 31 + w[i + 3]);
}

// Adds the shingles of a text's word hashes to `set`.
void AddShingles(const std::vector<uint64_t>& w, ShingleSet* set) {
  if (w.size() < 4) {
    uint64_t h = 7;
    for (uint64_t x : w) h = h * 1000003 ^ x;
    if (!w.empty()) set->Insert(h);
    return;
  }
  for (size_t i = 0; i + 4 <= w.size(); ++i) set->Insert(((w[i] * 31 + w[i + 1]) * 31 + w[i + 2]) * 31 + w[i + 3]);
}

ShingleSet Shingles(const std::vector<uint64_t>& words) {
  ShingleSet s(words.size());
  AddShingles(words, &s);
  return s;
}

ShingleSet Shingles(std::string_view t) { return Shingles(WordHashes(t)); }

// Fraction of t's shingles in `set`; -1 when t has none.
double ShingleCoverage(std::string_view t, const ShingleSet& set) {
  const ShingleSet own = Shingles(t);
  if (own.empty()) return -1;
  return static_cast<double>(own.CountCommon(set)) / own.size();
}

// ---- blocks ------------------------------------------------------------------------

struct Walker {
  const Dom& dom;
  CueTable& cue_table;
  bool fragment;
  bool prune_classes;
  const std::vector<uint32_t>& para_chars;  // text chars under <p> per subtree
  uint32_t total_para_chars;
  std::vector<Block> blocks;
  std::vector<std::string> byline_texts;
  std::vector<std::string> byline_dates;

  std::string buf;
  uint32_t buf_links = 0;
  bool pending_space = false;
  std::vector<SourcePiece> buf_sources;

  // Appends text node `node`, white space collapsed, recording where its
  // bytes came from.
  void Append(uint32_t node, bool in_link) {
    std::string_view t = dom.Text(node);
    const Node& n = dom.node(node);
    size_t before = buf.size();
    size_t first_out = std::string::npos;  // where this node's first byte went
    size_t k = 0;
    while (k < t.size()) {
      if (IsSpace(static_cast<unsigned char>(t[k]))) {
        pending_space = true;
        ++k;
        continue;
      }
      size_t run_end = k + 1;
      while (run_end < t.size() && !IsSpace(static_cast<unsigned char>(t[run_end]))) ++run_end;
      if (pending_space && !buf.empty()) buf.push_back(' ');
      pending_space = false;
      if (first_out == std::string::npos) first_out = buf.size();
      if (n.src_exact) {
        // A run of non-space bytes is one piece, or extends the last one when
        // it follows on in both the block and the page.
        uint32_t out = static_cast<uint32_t>(buf.size()), in = n.src_off + static_cast<uint32_t>(k);
        uint32_t len = static_cast<uint32_t>(run_end - k);
        SourcePiece* last = buf_sources.empty() ? nullptr : &buf_sources.back();
        if (last && last->copy && last->out + last->out_len == out && last->in + last->in_len == in) {
          last->out_len += len;
          last->in_len += len;
        } else {
          buf_sources.push_back({out, len, in, len, true});
        }
      }
      buf.append(t.data() + k, run_end - k);
      k = run_end;
    }
    if (!n.src_exact && first_out != std::string::npos)
      buf_sources.push_back({static_cast<uint32_t>(first_out), static_cast<uint32_t>(buf.size() - first_out),
                             n.src_off, n.src_len, false});
    if (in_link) buf_links += static_cast<uint32_t>(Utf8Chars(std::string_view(buf).substr(before)));
  }

  void Flush(uint32_t container, Kind kind) {
    pending_space = false;
    if (buf.empty()) {
      buf_links = 0;
      buf_sources.clear();
      return;
    }
    Block b;
    b.sources = std::move(buf_sources);
    buf_sources.clear();
    b.text = std::move(buf);
    b.container = container;
    b.chars = static_cast<uint32_t>(Utf8Chars(b.text));
    b.link_chars = std::min(buf_links, b.chars);
    b.kind = kind;
    blocks.push_back(std::move(b));
    buf.clear();
    buf_links = 0;
  }

  bool Pruned(uint32_t i) {
    const Node& n = dom.node(i);
    if (IsDroppedTag(n.tag, fragment)) {
      // A <nav>/<aside>/<footer> holding most of the page's paragraphs is a wrapper.
      if ((n.tag == Tag::kNav || n.tag == Tag::kAside || n.tag == Tag::kFooter) &&
          para_chars[i] * 2 > total_para_chars && total_para_chars > 500)
        return false;
      return true;
    }
    if (n.tag == Tag::kBody || n.tag == Tag::kHtml || n.tag == Tag::kDocument) return false;
    if (IsHidden(dom, i)) {
      // The metered rest of an article, hidden until the reader subscribes,
      // is still the article.
      Cues cues = cue_table.Get(i);
      return !(cues.only_paywall() && para_chars[i] >= kPaywallContainerChars);
    }
    if (!fragment && n.tag == Tag::kFigure &&
        para_chars[i] * 3 < total_para_chars)
      return true;
    // A form is for the reader to fill in (newsletter sign-up, search, login):
    // its text is labels and fine print. Pages wrapped whole in one <form>
    // (ASP.NET) keep it: it holds most of the paragraphs or much text.
    if (!fragment && n.tag == Tag::kForm && para_chars[i] * 2 <= total_para_chars &&
        Utf8Chars(dom.TextContent(i)) < kFormMaxChars)
      return true;
    if (!prune_classes) return false;
    if (dom.Attribute(i, "itemprop") == "articleBody") return false;
    Cues cues = cue_table.Get(i);
    // Sites mark the metered part of an article "paywall" as well as the stub
    // that replaces it: paragraphs of real length are the article.
    if (cues.only_paywall())
      return para_chars[i] < (n.tag == Tag::kP ? kPaywallParagraphChars : kPaywallContainerChars);
    if (!cues.negative && !cues.ad) return false;
    if (n.tag == Tag::kArticle || n.tag == Tag::kMain) return false;
    // Wrappers holding most of the paragraph text stay, whatever their name.
    if (para_chars[i] * 2 > total_para_chars && total_para_chars > 1000) return false;
    if (cues.positive && !cues.ad && para_chars[i] > 0 && para_chars[i] * 5 > total_para_chars &&
        total_para_chars > 1000)
      return false;
    return true;
  }

  void CollectBylineInfo(uint32_t i) {
    // Byline-like elements are pruned from the body; their text tells authors and dates.
    if (byline_texts.size() >= 8) return;
    std::string_view cls = dom.Attribute(i, "class");
    std::string lc;
    for (char c : cls) lc.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c);
    std::string_view rel = dom.Attribute(i, "rel");
    bool byline = lc.find("byline") != std::string::npos || lc.find("author") != std::string::npos ||
                  lc.find("date") != std::string::npos || lc.find("time") != std::string::npos ||
                  rel == "author" || dom.Attribute(i, "itemprop") == "author";
    if (byline) {
      std::string t = dom.TextContent(i);
      if (Utf8Chars(t) < 200) byline_texts.push_back(std::move(t));
    }
  }

  void Walk(uint32_t root) {
    struct Open {
      uint32_t node, end;
      Kind kind;
    };
    std::vector<Open> open;
    std::vector<uint32_t> link_ends;  // ends of open <a> subtrees
    open.push_back({root, dom.node(root).end, Kind::kPara});
    auto kind_of = [&](Tag t, Kind outer) {
      if (IsHeading(t)) return Kind::kHeading;
      if (t == Tag::kLi || t == Tag::kDd || t == Tag::kDt) return Kind::kItem;
      if (t == Tag::kBlockquote) return Kind::kQuote;
      if (t == Tag::kPre) return Kind::kPre;
      if (t == Tag::kTr) return outer == Kind::kPara ? Kind::kRow : outer;
      if (t == Tag::kTd || t == Tag::kTh) return outer == Kind::kPara ? Kind::kCell : outer;
      if (t == Tag::kP) return outer == Kind::kQuote ? Kind::kQuote : Kind::kPara;
      return outer;
    };
    uint32_t i = root + 1;
    const uint32_t stop = dom.node(root).end;
    while (i < stop || open.size() > 1) {
      while (open.size() > 1 && i >= open.back().end) {
        Flush(open.back().node, open.back().kind);
        open.pop_back();
      }
      if (i >= stop) break;
      while (!link_ends.empty() && i >= link_ends.back()) link_ends.pop_back();
      const Node& n = dom.node(i);
      if (n.tag == Tag::kText) {
        Append(i, !link_ends.empty());
        ++i;
        continue;
      }
      if (n.tag == Tag::kTime && byline_dates.size() < 8) {
        std::string_view dt = dom.Attribute(i, "datetime");
        if (!dt.empty()) byline_dates.emplace_back(dt);
      }
      if (Pruned(i)) {
        if (n.tag != Tag::kScript && n.tag != Tag::kStyle) CollectBylineInfo(i);
        if (IsBlockNode(dom, i) && !buf.empty()) pending_space = true;
        i = n.end;
        continue;
      }
      if (n.tag == Tag::kBr) {
        // A line break splits a paragraph.
        Flush(open.back().node, open.back().kind);
        ++i;
        continue;
      }
      if (n.tag == Tag::kA) link_ends.push_back(n.end);
      if (n.tag == Tag::kImg) {
        ++i;
        continue;
      }
      // A table row is one line, its cells separated by " | ": a data table
      // reads as rows, not as one paragraph per cell.
      if ((n.tag == Tag::kTd || n.tag == Tag::kTh) && open.back().kind == Kind::kRow) {
        if (!buf.empty()) buf += " |";
        pending_space = !buf.empty();
        ++i;
        continue;
      }
      if (IsBlockNode(dom, i)) {
        Flush(open.back().node, open.back().kind);
        open.push_back({i, n.end, kind_of(n.tag, open.back().kind)});
      }
      ++i;
    }
    while (!open.empty()) {
      Flush(open.back().node, open.back().kind);
      open.pop_back();
    }
  }
};

// Scores elements (Readability's scheme) and returns the chosen region roots.
std::vector<uint32_t> ChooseRegion(const Dom& dom, const std::vector<Block>& blocks, CueTable& cue_table) {
  const size_t n = dom.size();
  std::vector<double> score(n, 0.0);
  std::vector<char> scored(n, 0);
  std::vector<uint32_t> chars(n, 0), links(n, 0);
  for (const Block& b : blocks) {
    chars[b.container] += b.chars;
    links[b.container] += b.link_chars;
  }
  for (size_t i = n; i-- > 1;) {
    uint32_t p = dom.node(i).parent;
    if (p == kNone) continue;
    chars[p] += chars[i];
    links[p] += links[i];
  }
  auto init = [&](uint32_t e) {
    if (scored[e]) return;
    scored[e] = 1;
    double s = 0;
    switch (dom.node(e).tag) {
      case Tag::kDiv: case Tag::kArticle: case Tag::kMain: case Tag::kSection: s = 5; break;
      case Tag::kPre: case Tag::kTd: case Tag::kBlockquote: s = 3; break;
      case Tag::kAddress: case Tag::kOl: case Tag::kUl: case Tag::kDl: case Tag::kDd: case Tag::kDt:
      case Tag::kLi: case Tag::kForm: s = -3; break;
      case Tag::kH1: case Tag::kH2: case Tag::kH3: case Tag::kH4: case Tag::kH5: case Tag::kH6:
      case Tag::kTh: s = -5; break;
      default: break;
    }
    if (dom.node(e).tag == Tag::kArticle) s += 10;
    Cues c = cue_table.Get(e);
    if (c.negative || c.ad) s -= 25;
    // A content-like name counts for an element holding text worth the name
    // (a "main-content" newsletter box is not the article).
    if (c.positive && chars[e] >= kPositiveCueMinChars) s += 25;
    if (dom.Attribute(e, "itemprop") == "articleBody") s += 30;
    score[e] = s;
  };
  for (const Block& b : blocks) {
    if (b.chars < 25 || b.kind == Kind::kHeading) continue;
    if (b.link_chars * 2 > b.chars) continue;
    double content = 1 + CountCommas(b.text) + std::min(std::floor(LatinEquivalentChars(b.text) / 100.0), 3.0);
    // Text held directly by a <div> counts as a paragraph of that div.
    uint32_t e = dom.node(b.container).tag == Tag::kDiv ? b.container : dom.node(b.container).parent;
    for (int level = 0; level < 5 && e != kNone && e != 0 && dom.node(e).tag != Tag::kHtml; ++level) {
      init(e);
      double div = level == 0 ? 1 : level == 1 ? 2 : level * 3;
      score[e] += content / div;
      e = dom.node(e).parent;
    }
  }
  std::vector<uint32_t> cands;
  for (uint32_t i = 0; i < n; ++i) {
    if (!scored[i]) continue;
    double ld = chars[i] ? static_cast<double>(links[i]) / chars[i] : 0;
    score[i] *= (1 - ld);
    Tag t = dom.node(i).tag;
    if (t == Tag::kHtml) continue;
    cands.push_back(i);
  }
  if (cands.empty()) return {};
  std::sort(cands.begin(), cands.end(), [&](uint32_t a, uint32_t b) { return score[a] > score[b]; });
  uint32_t top = cands[0];
  // Rivals of near-equal score under one ancestor: take the ancestor.
  {
    std::vector<uint32_t> rivals;
    for (size_t k = 1; k < std::min<size_t>(cands.size(), 5); ++k)
      if (score[cands[k]] >= 0.75 * score[top]) rivals.push_back(cands[k]);
    if (rivals.size() >= 3) {
      uint32_t p = dom.node(top).parent;
      while (p != kNone && dom.node(p).tag != Tag::kBody && p != 0) {
        int inside = 0;
        for (uint32_t r : rivals) inside += (r > p && r < dom.node(p).end);
        if (inside >= 3) {
          top = p;
          break;
        }
        p = dom.node(p).parent;
      }
    }
  }
  // Raise to a parent that scores better.
  {
    double last = score[top];
    double threshold = last / 3;
    uint32_t p = dom.node(top).parent;
    while (p != kNone && p != 0 && dom.node(p).tag != Tag::kBody) {
      if (!scored[p]) {
        p = dom.node(p).parent;
        continue;
      }
      if (score[p] < threshold) break;
      if (score[p] > last) {
        top = p;
        break;
      }
      last = score[p];
      p = dom.node(p).parent;
    }
  }
  // An only child: its parent is the region.
  while (true) {
    uint32_t p = dom.node(top).parent;
    if (p == kNone || p == 0 || dom.node(p).tag == Tag::kBody) break;
    size_t elems = 0;
    for (uint32_t c = p + 1; c < dom.node(p).end; c = dom.node(c).end)
      if (dom.node(c).tag != Tag::kText) ++elems;
    if (elems != 1) break;
    top = p;
  }
  std::vector<uint32_t> region;
  uint32_t parent = dom.node(top).parent;
  if (parent == kNone || dom.node(top).tag == Tag::kBody) return {top};
  double threshold = std::max(10.0, score[top] * 0.2);
  std::string_view top_class = dom.Attribute(top, "class");
  for (uint32_t c = parent + 1; c < dom.node(parent).end; c = dom.node(c).end) {
    if (c == top) {
      region.push_back(c);
      continue;
    }
    if (dom.node(c).tag == Tag::kText) continue;
    double bonus = (!top_class.empty() && dom.Attribute(c, "class") == top_class) ? score[top] * 0.2 : 0;
    if (scored[c] && score[c] + bonus >= threshold) {
      region.push_back(c);
      continue;
    }
    if (dom.node(c).tag == Tag::kP || dom.node(c).tag == Tag::kBlockquote ||
        dom.node(c).tag == Tag::kUl || dom.node(c).tag == Tag::kOl || IsHeading(dom.node(c).tag)) {
      double ld = chars[c] ? static_cast<double>(links[c]) / chars[c] : 0;
      if ((chars[c] > 80 && ld < 0.25) || (chars[c] > 0 && ld == 0 && IsHeading(dom.node(c).tag)))
        region.push_back(c);
      else if (chars[c] > 0 && chars[c] <= 80 && ld == 0) {
        // A short paragraph that ends like a sentence.
        std::string t = dom.TextContent(c);
        if (EndsSentence(t)) region.push_back(c);
      }
    }
  }
  // A body split into several sibling containers (sections between pull
  // quotes and figures) lies under a higher ancestor: take the highest one
  // (up to six levels) that adds much paragraph text and mostly paragraphs.
  {
    std::vector<uint32_t> good(n, 0), total(n, 0);
    for (const Block& b : blocks) {
      total[b.container] += b.chars;
      if (b.kind != Kind::kHeading && b.chars >= 80 && b.link_chars * 4 < b.chars && EndsSentence(b.text))
        good[b.container] += b.chars;
    }
    for (size_t i = n; i-- > 1;) {
      uint32_t p = dom.node(i).parent;
      if (p == kNone) continue;
      good[p] += good[i];
      total[p] += total[i];
    }
    size_t region_good = 0, region_total = 0;
    for (uint32_t r : region) {
      region_good += good[r];
      region_total += total[r];
    }
    uint32_t best = kNone;
    uint32_t a = dom.node(top).parent;
    for (int level = 0; level < 6 && a != kNone && a != 0 && dom.node(a).tag != Tag::kHtml; ++level) {
      size_t gain = good[a] > region_good ? good[a] - region_good : 0;
      size_t added = total[a] > region_total ? total[a] - region_total : 0;
      if (gain * 4 >= region_good && gain >= 200 && added > 0 && gain * 2 >= added) best = a;
      if (dom.node(a).tag == Tag::kBody) break;
      a = dom.node(a).parent;
    }
    if (best != kNone) region = {best};
  }
  return region;
}

// Pages that load the next story below the first (endless scrolling) hold
// two or more <article> elements, each with its own <h1> and paragraphs of
// article length; a region around them is narrowed to the one whose <h1> is
// the page's title (else the first). (Teaser cards marked up as <article>
// with an <h1> have hardly any paragraph text.)
std::vector<uint32_t> OneArticle(const Dom& dom, const std::vector<uint32_t>& region, std::string_view title,
                                 const std::vector<uint32_t>& para_chars) {
  std::vector<uint32_t> articles;  // outermost such <article>s in the region (roots included)
  for (uint32_t r : region) {
    for (uint32_t i = r; i < dom.node(r).end; ++i) {
      if (dom.node(i).tag != Tag::kArticle || para_chars[i] < kArticleParagraphChars) continue;
      // Its own <h1>: one before any <article> nested in it (else a wrapper: look inside).
      bool own_h1 = false;
      for (uint32_t j = i + 1; j < dom.node(i).end && dom.node(j).tag != Tag::kArticle; ++j)
        if (dom.node(j).tag == Tag::kH1) {
          own_h1 = true;
          break;
        }
      if (!own_h1) continue;
      articles.push_back(i);
      i = dom.node(i).end - 1;
    }
  }
  if (articles.size() < 2) return region;
  std::string key = AlnumKey(title);
  for (uint32_t a : articles)
    for (uint32_t j = a + 1; j < dom.node(a).end; ++j)
      if (dom.node(j).tag == Tag::kH1) {
        if (!key.empty() && AlnumKey(dom.TextContent(j)) == key) return {a};
        break;
      }
  return {articles[0]};
}


// The lead (standfirst, teaser paragraph): the block the page shows its
// description in, above the body and outside the chosen region (it sits in
// the article's header, often under a "header" or "teaser" class). Returns
// the element holding it, or kNone. `before`: the first body block's
// container; the lead must end before it.
uint32_t FindLead(const Dom& dom, std::string_view description, uint32_t before) {
  while (!description.empty() && IsSpace(description.front())) description.remove_prefix(1);
  if (CountWords(description) < 12 || description.size() < 60) return kNone;
  std::string_view probe = description.substr(0, 24);
  if (probe.find('\n') != std::string_view::npos) return kNone;
  uint32_t body = kNone;
  for (uint32_t i = 0; i < before && i < dom.size(); ++i) {
    const Node& nd = dom.node(i);
    if (body == kNone) {
      if (nd.tag == Tag::kBody) body = i;
      continue;
    }
    if (nd.tag == Tag::kScript || nd.tag == Tag::kStyle || nd.tag == Tag::kNoscript ||
        nd.tag == Tag::kTemplate || nd.tag == Tag::kA || nd.tag == Tag::kButton) {
      i = nd.end - 1;  // skipped whole: code, or a link teasing this or another article
      continue;
    }
    if (nd.tag != Tag::kText || nd.name_len < probe.size()) continue;
    if (dom.Text(i).find(probe) == std::string_view::npos) continue;
    uint32_t e = nd.parent;
    while (e != kNone && !IsBlockNode(dom, e)) e = dom.node(e).parent;
    if (e == kNone || e <= body || dom.node(e).end > before) return kNone;
    // Not text the reader never sees there (hidden, or in a nav, aside,
    // figure caption...): look further.
    bool shown = true;
    for (uint32_t a = nd.parent; a != kNone && a > body && shown; a = dom.node(a).parent)
      shown = !IsDroppedTag(dom.node(a).tag, false) && !IsHidden(dom, a);
    if (shown) return e;
  }
  return kNone;
}

}  // namespace

size_t CountCodePoints(std::string_view s) { return Utf8Chars(s); }

std::string_view PageDescription(const Dom& dom) {
  std::string_view best;
  for (uint32_t i = 0; i < dom.size(); ++i) {
    const Node& nd = dom.node(i);
    if (nd.tag == Tag::kBody) break;
    if (nd.tag != Tag::kMeta) continue;
    std::string_view name = dom.Attribute(i, "name"), property = dom.Attribute(i, "property");
    if (name == "description" || property == "og:description" || name == "og:description") {
      std::string_view c = dom.Attribute(i, "content");
      if (c.size() > best.size()) best = c;
    }
  }
  return best;
}

Content ExtractContent(const Dom& dom, const ContentOptions& options) {
  Content content;
  const size_t n = dom.size();
  // Paragraph text per subtree, and page-level link statistics (those of
  // the navigation the pre-scan dropped included).
  std::vector<uint32_t> para_chars(n, 0);
  {
    const NavigationCounts& nav = dom.dropped_navigation();
    content.page_links = nav.links;
    content.page_text_chars = nav.text_chars;
    content.page_link_chars = nav.link_chars;
    content.teaser_headings = nav.linked_headings;
    std::vector<uint32_t> p_end;  // ends of open <p> subtrees
    std::vector<uint32_t> a_end;
    for (uint32_t i = 0; i < n; ++i) {
      while (!p_end.empty() && i >= p_end.back()) p_end.pop_back();
      while (!a_end.empty() && i >= a_end.back()) a_end.pop_back();
      const Node& nd = dom.node(i);
      if (nd.tag == Tag::kScript || nd.tag == Tag::kStyle || nd.tag == Tag::kHead ||
          nd.tag == Tag::kNoscript || nd.tag == Tag::kTemplate) {
        i = nd.end - 1;
        continue;
      }
      if (nd.tag == Tag::kP) p_end.push_back(nd.end);
      if (nd.tag == Tag::kA) {
        a_end.push_back(nd.end);
        if (dom.HasAttribute(i, "href")) ++content.page_links;
      }
      if (IsHeading(nd.tag)) {
        for (uint32_t j = i + 1; j < nd.end; ++j)
          if (dom.node(j).tag == Tag::kA) {
            ++content.teaser_headings;
            break;
          }
      }
      if (nd.tag == Tag::kText) {
        std::string_view t = dom.Text(i);
        size_t c = 0;
        for (unsigned char ch : t) c += StartsVisibleChar(ch);
        content.page_text_chars += c;
        if (!a_end.empty()) content.page_link_chars += c;
        if (!p_end.empty()) para_chars[i] = static_cast<uint32_t>(c);
      }
    }
    for (size_t i = n; i-- > 1;) {
      uint32_t p = dom.node(i).parent;
      if (p != kNone) para_chars[p] += para_chars[i];
    }
  }
  uint32_t root = 0;
  CueTable cue_table(dom);
  std::vector<Block> blocks;
  std::vector<std::string> byline_texts, byline_dates;
  std::vector<uint32_t> region;
  size_t first_chars = 0;
  for (int pass = 0; pass < 2; ++pass) {
    Walker w{dom, cue_table, options.fragment, pass == 0, para_chars, para_chars[root], {}, {}, {}, {}, 0, false, {}};
    w.Walk(root);
    if (pass == 0) {
      byline_texts = std::move(w.byline_texts);
      byline_dates = std::move(w.byline_dates);
    }
    if (options.fragment) {
      blocks = std::move(w.blocks);
      region = {root};
      break;
    }
    std::vector<uint32_t> r = ChooseRegion(dom, w.blocks, cue_table);
    size_t region_chars = 0;
    for (const Block& b : w.blocks)
      for (uint32_t x : r)
        if (b.container >= x && b.container < dom.node(x).end) {
          if (b.link_chars * 2 < b.chars) region_chars += b.chars;
          break;
        }
    // The retry without class-name pruning (a wrapper with an unlucky name)
    // wins only when it finds much more text.
    if (pass == 0 || region_chars >= std::max<size_t>(500, 2 * first_chars)) {
      blocks = std::move(w.blocks);
      region = std::move(r);
    }
    if (pass == 0) first_chars = region_chars;
    if (region_chars >= 250) break;
  }
  if (region.empty()) region = {root};  // no paragraph anywhere: judge every block
  if (!options.fragment) region = OneArticle(dom, region, options.title, para_chars);
  content.byline_texts = std::move(byline_texts);
  content.byline_dates = std::move(byline_dates);

  bool title_empty = true, displayed_empty = true;
  const uint64_t title_key = AlnumKeyHash(options.title, &title_empty);
  const uint64_t displayed_key = AlnumKeyHash(options.displayed_title, &displayed_empty);
  std::unordered_set<uint64_t> seen;
  std::vector<const Block*> chosen;
  // A paragraph of prose with few links: the neighbour a linked paragraph
  // needs to count as prose itself.
  auto plain_prose = [](const Block& b) {
    return b.kind == Kind::kPara && b.link_chars * 4 < b.chars && CountWords(b.text) >= kLinkedProseWords &&
           EndsSentence(b.text);
  };
  for (size_t k = 0; k < blocks.size(); ++k) {
    const Block& b = blocks[k];
    bool in = false;
    for (uint32_t r : region)
      if (b.container >= r && b.container < dom.node(r).end) {
        in = true;
        break;
      }
    if (!in) continue;
    double ld = b.chars ? static_cast<double>(b.link_chars) / b.chars : 0;
    // Link-dense blocks are link lists and teasers, except a paragraph that
    // reads as prose: a long sentence whose words happen to be links (book
    // titles, sources, the summary of a live blog linking to its story). A
    // sentence that is one link whole is prose only between two paragraphs
    // of plain prose (in a river of teasers its neighbours are links too).
    if (ld > 0.5 && !options.fragment) {
      bool prose = b.kind == Kind::kPara && CountWords(b.text) >= kLinkedProseWords && EndsSentence(b.text) &&
                   (b.link_chars * 10 <= b.chars * 9 ||
                    (k > 0 && plain_prose(blocks[k - 1]) && k + 1 < blocks.size() && plain_prose(blocks[k + 1])));
      if (!prose) continue;
    }
    if (b.kind == Kind::kHeading && ld > 0.3) continue;
    bool empty = true;
    const uint64_t key = AlnumKeyHash(b.text, &empty);
    if (empty) continue;
    if ((!title_empty && key == title_key) || (!displayed_empty && key == displayed_key)) continue;
    if (!seen.insert(key).second && b.chars > 1) continue;
    chosen.push_back(&b);
  }
  // (Running the plain-text junk model over short non-sentence blocks was
  // tried: on the Readability test pages it removed more body than junk.)
  // A short line that is mostly a timestamp ("Stand: 22.04.2024, 06:00 Uhr",
  // "21 mins ago11:48 Jon King", "3 Min Lesezeit") or a photo or source
  // credit ("Photo: AFP", "Quelle: dpa") or a copyright notice is page
  // furniture.
  chosen.erase(std::remove_if(chosen.begin(), chosen.end(),
                              [](const Block* b) {
                                return b->kind == Kind::kPara &&
                                       (IsTimestampLine(b->text) || IsCreditLine(b->text) || IsCopyrightLine(b->text));
                              }),
               chosen.end());
  // The body, as the blocks it is made of (each one paragraph).
  std::vector<const Block*> body = std::move(chosen);
  // Trailing headings (a "Related" heading over a pruned list) go.
  while (!body.empty() && body.back()->kind == Kind::kHeading) body.pop_back();

  // JSON-LD articleBody cross-check.
  if (!options.fragment && CountWords(options.article_body) >= 40) {
    const std::vector<uint64_t> ab_words = WordHashes(options.article_body);
    const ShingleSet ab = Shingles(ab_words);
    std::string joined;
    for (const Block* p : body) joined.append(p->text).push_back('\n');
    const std::vector<uint64_t> joined_words = WordHashes(joined);
    const size_t hit = ab.CountCommon(Shingles(joined_words));
    double recall = ab.empty() ? 1 : static_cast<double>(hit) / ab.size();
    if (recall < 0.8) {
      // The page's own blocks that belong to articleBody.
      std::vector<const Block*> alt;
      ShingleSet alt_sh;
      std::unordered_set<uint64_t> alt_seen;
      for (const Block& b : blocks) {
        double cov = ShingleCoverage(b.text, ab);
        bool empty = true;
        if (cov >= 0.6 && alt_seen.insert(AlnumKeyHash(b.text, &empty)).second) {
          alt.push_back(&b);
          AddShingles(WordHashes(b.text), &alt_sh);
        }
      }
      const size_t ahit = ab.CountCommon(alt_sh);
      double alt_recall = ab.empty() ? 0 : static_cast<double>(ahit) / ab.size();
      if (alt_recall > recall + 0.1 && alt_recall >= 0.6) body = std::move(alt);
    } else {
      // The body holds articleBody: where articleBody ends, the article ends.
      // Paragraphs after the one holding its last words, and not themselves
      // in it, are what the page appends (teaser rivers, "Got a story?",
      // source lists). Only an articleBody of article size: many pages put a
      // teaser there.
      const std::vector<uint64_t>& words = ab_words;
      if (words.size() >= 150 && words.size() * 5 >= joined_words.size() * 2) {
        size_t n = words.size();
        uint64_t last = ((words[n - 4] * 31 + words[n - 3]) * 31 + words[n - 2]) * 31 + words[n - 1];
        size_t end = body.size();
        for (size_t k = body.size(); k-- > 0;) {
          std::vector<uint64_t> own;
          AppendShingles(WordHashes(body[k]->text), &own);
          if (std::find(own.begin(), own.end(), last) != own.end()) {
            end = k + 1;
            break;
          }
        }
        if (end < body.size()) {
          std::vector<const Block*> kept(body.begin(), body.begin() + static_cast<std::ptrdiff_t>(end));
          for (size_t k = end; k < body.size(); ++k)
            if (ShingleCoverage(body[k]->text, ab) >= 0.5) kept.push_back(body[k]);
          body = std::move(kept);
        }
      }
    }
  }

  // The lead above the body, when the page shows its description there and
  // the body does not open with it already (sites often describe the page
  // with its first paragraph; only the opening blocks are compared, for speed).
  std::vector<Block> lead_blocks;
  if (!options.fragment && !body.empty()) {
    std::string_view description = PageDescription(dom);
    uint32_t lead = FindLead(dom, description, body.front()->container);
    if (lead != kNone) {
      Walker w{dom, cue_table, false, false, para_chars, para_chars[root], {}, {}, {}, {}, 0, false, {}};
      w.Walk(lead);
      std::string opening;
      for (size_t k = 0; k < body.size() && k < kLeadCompareBlocks; ++k) opening.append(body[k]->text).push_back('\n');
      const ShingleSet body_shingles = Shingles(opening), desc = Shingles(description);
      size_t chars = 0;
      for (const Block& b : w.blocks) chars += b.chars;
      for (Block& b : w.blocks) {
        // Paragraph-like text of the description's, not already in the body
        // (sites often describe the page with its first paragraph).
        if (b.kind == Kind::kHeading || b.link_chars * 4 > b.chars || CountWords(b.text) < 8) continue;
        if (ShingleCoverage(b.text, desc) < 0.5 || ShingleCoverage(b.text, body_shingles) >= 0.5) continue;
        lead_blocks.push_back(std::move(b));
      }
      // Not a box of several teasers: the lead is about one paragraph.
      size_t kept = 0;
      for (const Block& b : lead_blocks) kept += b.chars;
      if (kept * 3 < chars * 2) lead_blocks.clear();
    }
  }
  if (!lead_blocks.empty()) {
    std::vector<const Block*> with_lead;
    for (const Block& b : lead_blocks) with_lead.push_back(&b);
    with_lead.insert(with_lead.end(), body.begin(), body.end());
    body = std::move(with_lead);
  }

  // The labels every page prints the same way ("Advertisement", "Story
  // continues below") stand alone inside bodies as they do in plain text.
  // (Labels are short; cookie notices are the page structure's to drop.)
  {
    std::string folded;
    std::erase_if(body, [&](const Block* b) {
      if (b->text.size() > 64) return false;
      internal::FoldLine(b->text, &folded);
      return internal::IsBoilerplate(folded, internal::ShapeOf(folded));
    });
  }
  // Paragraphs ("- " opens list items), joined by blank lines, and where
  // each byte came from in the page.
  size_t out = 0;
  for (const Block* b : body) {
    if (out > 0) {
      content.body_to_input.AddReplace(out, 2, b->sources.empty() ? 0 : b->sources.front().in, 0);  // "\n\n"
      out += 2;
    }
    std::string p = b->kind == Kind::kItem ? "- " + b->text : b->text;
    size_t text_at = out + (p.size() - b->text.size());
    if (text_at > out) content.body_to_input.AddReplace(out, text_at - out, b->sources.empty() ? 0 : b->sources.front().in, 0);
    for (const SourcePiece& piece : b->sources) {
      if (piece.copy)
        content.body_to_input.AddCopy(text_at + piece.out, piece.in, piece.out_len);
      else
        content.body_to_input.AddReplace(text_at + piece.out, piece.out_len, piece.in, piece.in_len);
    }
    out += p.size();
    const size_t chars = Utf8Chars(p), words = CountWords(p);
    content.body_chars += chars;
    if (words >= 15 && EndsSentence(p)) ++content.body_sentences;
    else if (chars >= 60 && words < 5 && EndsSentence(p)) ++content.body_sentences;  // unspaced scripts
    content.paragraphs.push_back(std::move(p));
  }
  return content;
}

}  // namespace storyline::extract::html
