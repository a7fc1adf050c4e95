// Dom: myhtml's tree copied, in one iterative pre-order walk, into a flat
// array (see html_dom.h). One myhtml parser and tree per thread are reused.
#include "extract/html_dom.h"

#include <myhtml/api.h>

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
  }
  // `n` is lower case.
  uint8_t Flags(std::string_view n) const {
    if (n.empty() || n.size() > kMaxLen || n[0] < 'a' || n[0] > 'z') return 0;
    for (const auto& [name, flags] : slots_[Slot(n)])
      if (name == n) return flags;
    return 0;
  }

 private:
  static constexpr size_t kMaxLen = 8;
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
AttrUse AttributeUse(std::string_view n, std::string_view tag) {
  if (n.size() < 2 || n.size() > 11) return AttrUse::kDrop;
  if (EqualsIgnoreCase(n, "href")) return tag == "link" ? AttrUse::kKeep : AttrUse::kNameOnly;
  for (std::string_view k : kReadAttributes)
    if (EqualsIgnoreCase(n, k)) return AttrUse::kKeep;
  return AttrUse::kDrop;
}

bool IsRawText(std::string_view n) { return TagFlags(n) & kRawTextTag; }

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

}  // namespace

bool LimitNesting(std::string_view s, int max_depth, std::string* out, bool strip,
                  bool* depth_limited_out, text::OffsetMap* out_to_in) {
  out->clear();
  int depth = 0;
  int over = 0;       // open tags dropped (beyond max_depth)
  bool depth_limited = false;
  bool rewrite = false;
  size_t copied = 0;  // s[0, copied) is in `out` (when rewriting); drops come in increasing order
  size_t pos = 0;
  char name[16];
  struct AttrSpan {
    size_t attr_start, name_start, name_end, value_start, end;  // [attr_start, end) with leading space
  };
  constexpr size_t kMaxAttrs = 1024;
  thread_local std::vector<AttrSpan> attrs;
  auto drop = [&](size_t from, size_t to) {
    if (!rewrite) {
      rewrite = true;
      out->reserve(s.size());
    } else if (from == copied) {  // right after the previous drop: extend it
      copied = to;
      return;
    }
    if (out_to_in) out_to_in->AddCopy(out->size(), copied, from - copied);
    out->append(s.substr(copied, from - copied));
    copied = to;
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
      continue;
    }
    if (lt + 1 < s.size() && (s[lt + 1] == '!' || s[lt + 1] == '?')) {
      size_t e = s.find('>', lt + 1);
      pos = e == std::string_view::npos ? s.size() : e + 1;
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
    size_t j = i;
    while (j < s.size()) {
      const size_t attr_start = j;
      while (j < s.size() && (IsSpace(s[j]) || s[j] == '/')) ++j;
      if (j >= s.size() || s[j] == '>') break;
      const size_t name_start = j;
      ++j;  // a name's first character may be anything, '=' included
      while (j < s.size() && !Is(s[j], kAttrNameEnd)) ++j;
      const size_t name_end = j;
      size_t v = j;
      while (v < s.size() && IsSpace(s[v])) ++v;
      size_t value_start = name_end;
      if (v < s.size() && s[v] == '=') {
        ++v;
        while (v < s.size() && IsSpace(s[v])) ++v;
        value_start = v;
        if (v < s.size() && (s[v] == '"' || s[v] == '\'')) {
          const void* close = memchr(s.data() + v + 1, s[v], s.size() - v - 1);
          v = close ? static_cast<size_t>(static_cast<const char*>(close) - s.data()) + 1 : s.size();
        } else {
          while (v < s.size() && !Is(s[v], kUnquotedEnd)) ++v;
        }
        j = v;
      }
      // Past kMaxAttrs (hostile input) the rest are scanned, not recorded:
      // they stay in the page, and memory stays bounded.
      if (attrs.size() < kMaxAttrs) attrs.push_back({attr_start, name_start, name_end, value_start, j});
    }
    size_t tag_end = j < s.size() ? j + 1 : s.size();
    bool self_closing = j > 0 && j < s.size() && s[j - 1] == '/';
    const uint8_t flags = TagFlags(tag);
    if (closing) {
      if (!(flags & (kVoidTag | kAutoClosedTag))) {
        if (over > 0) {
          drop(lt, tag_end);
          --over;
        } else if (depth > 0) {
          --depth;
        }
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
      pos = tag_end;
      continue;
    }
    if (strip && tag == "link" && j < s.size() && !ContainsIgnoreCase(s.substr(i, j - i), "canonical")) {
      // Only the canonical <link> is read; the others (style sheets,
      // preloads, alternates, icons) are a few KB of every <head>.
      drop(lt, tag_end);
      pos = tag_end;
      continue;
    }
    if (strip && tag == "svg" && !self_closing) {
      size_t e = FindEndTag(s, tag_end, "svg");
      size_t gt = e == std::string_view::npos ? std::string_view::npos : s.find('>', e);
      if (gt != std::string_view::npos) {
        drop(lt, gt + 1);
        pos = gt + 1;
        continue;
      }
    }
    if (tag == "plaintext") break;
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
    if (raw_text) {
      size_t e = FindEndTag(s, tag_end, tag);
      size_t content_end = e == std::string_view::npos ? s.size() : e;
      // Scripts other than JSON-LD, style sheets and <noscript> fallbacks are
      // emptied: nothing reads them.
      if (strip && content_end > tag_end && (tag == "style" || tag == "noscript" || (tag == "script" && !json_ld)))
        drop(tag_end, content_end);
      if (e == std::string_view::npos) {
        pos = s.size();
      } else {
        size_t gt = s.find('>', e);
        pos = gt == std::string_view::npos ? s.size() : gt + 1;
      }
      continue;
    }
    if (nests) ++depth;
    pos = tag_end;
  }
  if (rewrite) {
    if (out_to_in) {
      out_to_in->AddCopy(out->size(), copied, s.size() - copied);
      // The end of `out` is the end of `s`, even when `s` ends with a drop.
      if (copied == s.size()) out_to_in->AddReplace(out->size(), 0, s.size(), 0);
    }
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
    name_off.fill(kNone);
    struct Key {
      uint32_t off, len;
    };
    std::vector<Key> keys;
    dom.nodes_.reserve(input_size / 40 + 16);
    dom.attrs_.reserve(input_size / 80 + 16);
    Node doc;
    doc.tag = Tag::kDocument;
    dom.nodes_.push_back(doc);
    // Stack of our open nodes, parallel to myhtml ancestors (capped depth).
    std::vector<uint32_t> open;  // our node ids, by depth
    open.push_back(0);
    myhtml_tree_node_t* node = start ? myhtml_node_child(start) : nullptr;
    int depth = 1;  // depth of `node` in myhtml's tree, below the document
    while (node) {
      myhtml_tag_id_t id = myhtml_node_tag_id(node);
      bool descend = false;
      if (id == MyHTML_TAG__TEXT) {
        size_t len = 0;
        const char* t = myhtml_node_text(node, &len);
        if (t && len) {
          Node n;
          n.tag = Tag::kText;
          n.name_off = Add(dom, std::string_view(t, len));
          n.name_len = static_cast<uint32_t>(len);
          myhtml_position_t pos = myhtml_node_raw_position(node);  // in the parsed buffer; mapped back in Parse
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
          if (known) {
            name_off[id] = n.name_off;
            tag_name_len[id] = static_cast<uint32_t>(name.size());
          }
        }
        n.attr_begin = static_cast<uint32_t>(dom.attrs_.size());
        for (myhtml_tree_attr_t* a = myhtml_node_attribute_first(node); a; a = myhtml_attribute_next(a)) {
          size_t kl = 0, vl = 0;
          const char* k = myhtml_attribute_key(a, &kl);
          const char* v = myhtml_attribute_value(a, &vl);
          Attr at;
          at.key_off = kNone;
          std::string_view key(k ? k : "", k ? kl : 0);
          for (const Key& known_key : keys) {
            if (known_key.len != key.size()) continue;
            size_t i = 0;
            while (i < key.size() && dom.arena_[known_key.off + i] == Lower(key[i])) ++i;
            if (i == key.size()) {
              at.key_off = known_key.off;
              break;
            }
          }
          if (at.key_off == kNone) {
            at.key_off = AddLower(dom, key);
            if (keys.size() < 64) keys.push_back({at.key_off, static_cast<uint32_t>(key.size())});
          }
          at.key_len = static_cast<uint32_t>(key.size());
          at.value_off = Add(dom, std::string_view(v ? v : "", v ? vl : 0));
          at.value_len = static_cast<uint32_t>(v ? vl : 0);
          dom.attrs_.push_back(at);
        }
        n.attr_count = static_cast<uint32_t>(dom.attrs_.size()) - n.attr_begin;
        size_t parent_level = std::min<size_t>(depth - 1, open.size() - 1);
        n.parent = open[parent_level];
        n.depth = static_cast<uint16_t>(std::min<size_t>(parent_level + 1, kMaxDepth));
        uint32_t self = static_cast<uint32_t>(dom.nodes_.size());
        dom.nodes_.push_back(n);
        if (myhtml_node_child(node)) {
          descend = true;
          if (static_cast<int>(open.size()) < kMaxDepth) {
            open.resize(parent_level + 1);
            open.push_back(self);
          }
        }
      }
      if (descend) {
        node = myhtml_node_child(node);
        ++depth;
        continue;
      }
      // Next in pre-order: a sibling, else climb.
      while (node) {
        myhtml_tree_node_t* next = myhtml_node_next(node);
        if (next) {
          node = next;
          break;
        }
        node = myhtml_node_parent(node);
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

Dom Dom::Parse(std::string_view html, bool fragment) {
  Dom dom;
  const std::string_view original = html;
  // The rewritten page, a buffer kept per thread (a large page's is let go below).
  thread_local std::string limited;
  text::OffsetMap limited_to_original;
  bool rewritten = LimitNesting(html, kMaxParseDepth, &limited, /*strip=*/true, &dom.depth_limited_,
                                &limited_to_original);
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
  // Text node sources: positions in the parsed buffer, back to `original`.
  for (Node& n : dom.nodes_) {
    if (n.tag != Tag::kText) continue;
    size_t b = n.src_off >= prefix ? n.src_off - prefix : 0;
    size_t e = n.src_off + n.src_len >= prefix ? n.src_off + n.src_len - prefix : 0;
    if (rewritten) {
      text::Span in = limited_to_original.ToSource(text::Span{b, e});
      b = in.begin;
      e = in.end;
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
  for (uint32_t j = i; j < nodes_[i].end; ++j)
    if (nodes_[j].tag == Tag::kText) out.append(Text(j));
  return out;
}

}  // namespace storyline::extract::html
