// FindHydratedBody: the article text a page ships only as data for its
// scripts. A page rendered in the browser by a JavaScript framework (Next.js
// `__NEXT_DATA__` and its flight data `self.__next_f.push([1,"..."])`,
// `window.__INITIAL_STATE__`, Nuxt, Apollo, React Query's dehydrated state...)
// may hold its article only as a string in the JSON or JavaScript of a
// <script>: before the scripts run, its DOM has no body. The string is found
// by what it says, not by where a framework puts it: a long string whose
// words are the page's title and description words.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "extract/html_extract.h"
#include "storyline/text.h"

namespace storyline::extract::html {
namespace {

// A string literal shorter than this (bytes between the quotes) is a name, a
// URL or a title, never an article body.
constexpr size_t kMinLiteralBytes = 256;
// JSON inside a string inside a script (flight data rows, state serialised
// twice) is looked into this deep.
constexpr int kMaxStringDepth = 2;
// The share of the title's and description's words a string must hold to be
// this page's article and not another's (a teaser, the next story).
constexpr double kMinKeyWordShare = 0.5;
// Fewer words than this in the title and description say too little to tell.
constexpr size_t kMinKeyWords = 3;
constexpr size_t kMaxKeyWords = 64;
// Bytes of strings searched for key words per page at most: a framework's
// state is a few hundred KB; a hostile page of endless strings stops here.
constexpr size_t kMaxSearchedBytes = size_t{16} << 20;

bool StartsWithIgnoreCase(std::string_view s, size_t at, std::string_view lower) {
  if (at > s.size() || s.size() - at < lower.size()) return false;
  for (size_t i = 0; i < lower.size(); ++i)
    if (AsciiLower(s[at + i]) != lower[i]) return false;
  return true;
}

// Position of `lower` (ASCII lower case) in `s` from `from`, ignoring ASCII
// case; npos when absent.
size_t FindIgnoreCase(std::string_view s, std::string_view lower, size_t from) {
  while (from < s.size()) {
    const bool letter = lower[0] >= 'a' && lower[0] <= 'z';
    const void* p = std::memchr(s.data() + from, lower[0], s.size() - from);
    const void* q = letter ? std::memchr(s.data() + from, lower[0] - 32, s.size() - from) : nullptr;
    if (!p && !q) return std::string_view::npos;
    size_t at = static_cast<size_t>(
        (p && q ? std::min(static_cast<const char*>(p), static_cast<const char*>(q))
                : static_cast<const char*>(p ? p : q)) -
        s.data());
    if (StartsWithIgnoreCase(s, at, lower)) return at;
    from = at + 1;
  }
  return std::string_view::npos;
}

// Code point of the UTF-8 sequence at `s[i]`, its length in `len`.
uint32_t DecodeUtf8(std::string_view s, size_t i, size_t* len) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
  if (i + n > s.size()) n = 1;
  uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
  for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  *len = n;
  return cp;
}

// Punctuation and spaces between words, beyond ASCII: Latin-1 signs
// (« » · ¿), general punctuation (… – ‘ ’ “ ”), CJK and full-width punctuation.
bool SeparatesWords(uint32_t cp) {
  if (cp < 0x80) return !IsAsciiAlnum(static_cast<unsigned char>(cp));
  return (cp >= 0xA0 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x206F) ||
         (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF01 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20);
}

// Scripts written without spaces between words (or with particles joined to
// them): Han, kana, Hangul. Their words are matched as character pairs.
bool IsCjk(uint32_t cp) { return cp >= 0x2E80 && !(cp >= 0xA000 && cp < 0xAC00) && cp < 0xFB00; }

// A word a string of this page's article must hold: a word of the title or
// the description (ASCII lower-cased), or in CJK text a pair of characters
// (found anywhere, not only at the start of a word).
struct KeyWord {
  std::string text;
  bool cjk = false;
};

// The key words of the title and the description, without function words
// and words under three letters; at most kMaxKeyWords, distinct.
std::vector<KeyWord> KeyWords(std::string_view title, std::string_view description) {
  static constexpr std::string_view kLanguages[] = {"en", "de", "fr", "es", "it", "pt", "nl"};
  std::vector<KeyWord> keys;
  auto add = [&](std::string key, bool cjk) {
    if (keys.size() >= kMaxKeyWords) return;
    for (const KeyWord& k : keys)
      if (k.text == key) return;
    keys.push_back({std::move(key), cjk});
  };
  for (std::string_view s : {title, description}) {
    size_t i = 0;
    while (i < s.size() && keys.size() < kMaxKeyWords) {
      size_t len = 0;
      if (SeparatesWords(DecodeUtf8(s, i, &len))) {
        i += len;
        continue;
      }
      // A word: code points up to the next separator.
      std::vector<std::pair<size_t, size_t>> chars;  // offset, length
      bool cjk = false;
      while (i < s.size()) {
        const uint32_t cp = DecodeUtf8(s, i, &len);
        if (SeparatesWords(cp)) break;
        cjk |= IsCjk(cp);
        chars.emplace_back(i, len);
        i += len;
      }
      const size_t begin = chars.front().first, end = chars.back().first + chars.back().second;
      if (cjk) {
        if (chars.size() == 1) add(std::string(s.substr(begin, end - begin)), true);
        for (size_t k = 0; k + 1 < chars.size(); ++k)
          add(std::string(s.substr(chars[k].first, chars[k + 1].first + chars[k + 1].second - chars[k].first)),
              true);
        continue;
      }
      std::string word(s.substr(begin, end - begin));
      for (char& c : word) c = AsciiLower(c);
      const bool number = std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
      if (word.size() < 3 && !number) continue;
      bool function_word = false;
      for (std::string_view language : kLanguages) function_word |= text::IsStopWord(word, language);
      if (!function_word) add(std::move(word), false);
    }
  }
  return keys;
}

// Whether a word starts at `s[pos]`: the code point before it, if any,
// separates words.
bool StartsWord(std::string_view s, size_t pos) {
  if (pos == 0) return true;
  size_t lead = pos - 1;
  while (lead > 0 && pos - lead < 4 && (static_cast<unsigned char>(s[lead]) & 0xC0) == 0x80) --lead;
  size_t len = 0;
  return SeparatesWords(DecodeUtf8(s, lead, &len));
}

// Share of `keys` found in `s` (ASCII case ignored; words where a word
// starts: "aim" is not in "claim"), or 0 when it is below kMinKeyWordShare
// (the search stops as soon as that is sure).
double KeyWordShare(std::string_view s, const std::vector<KeyWord>& keys) {
  std::string lower(s);
  for (char& c : lower) c = AsciiLower(c);
  const size_t may_miss = keys.size() - static_cast<size_t>(std::ceil(kMinKeyWordShare * keys.size()));
  size_t missed = 0;
  for (const KeyWord& key : keys) {
    size_t at = lower.find(key.text);
    while (at != std::string::npos && !key.cjk && !StartsWord(lower, at)) at = lower.find(key.text, at + 1);
    if (at == std::string::npos && ++missed > may_miss) return 0;
  }
  return keys.empty() ? 0 : static_cast<double>(keys.size() - missed) / keys.size();
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') return (c | 0x20) - 'a' + 10;
  return -1;
}

// The value of `n` hex digits at `s[i]`, or -1.
int32_t Hex(std::string_view s, size_t i, size_t n) {
  if (i + n > s.size()) return -1;
  int32_t v = 0;
  for (size_t k = 0; k < n; ++k) {
    const int d = HexValue(s[i + k]);
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

// Appends to `text` the text of a JSON or JavaScript string literal (`lit`:
// the bytes between its quotes), escapes decoded. `map`, when given, maps
// the appended text to the offsets of `lit` plus `at`: unescaped runs byte
// for byte, each escape as a whole.
void AppendLiteral(std::string_view lit, size_t at, text::OffsetMap* map, std::string* text) {
  std::string& out = *text;
  out.reserve(out.size() + lit.size());
  size_t i = 0;
  while (i < lit.size()) {
    const void* bs = std::memchr(lit.data() + i, '\\', lit.size() - i);
    const size_t run_end = bs ? static_cast<size_t>(static_cast<const char*>(bs) - lit.data()) : lit.size();
    if (run_end > i) {
      if (map) map->AddCopy(out.size(), at + i, run_end - i);
      out.append(lit.substr(i, run_end - i));
      i = run_end;
      continue;
    }
    // An escape at i.
    const size_t out_at = out.size();
    size_t len = 2;
    const char c = i + 1 < lit.size() ? lit[i + 1] : '\\';
    switch (c) {
      case 'n': case 'r': out.push_back('\n'); break;
      case 't': case 'b': case 'f': case 'v': out.push_back(' '); break;
      case '0': break;  // NUL: nothing to read
      case '\n': break;  // a line continuation
      case 'x': {
        const int32_t v = Hex(lit, i + 2, 2);
        if (v >= 0) {
          AppendCodePoint(static_cast<uint32_t>(v), &out);
          len = 4;
        } else {
          out.push_back('x');
        }
        break;
      }
      case 'u': {
        int32_t v = Hex(lit, i + 2, 4);
        if (v < 0) {
          out.push_back('u');
          break;
        }
        len = 6;
        if (v >= 0xD800 && v < 0xDC00 && i + 11 < lit.size() && lit[i + 6] == '\\' && lit[i + 7] == 'u') {
          const int32_t low = Hex(lit, i + 8, 4);
          if (low >= 0xDC00 && low < 0xE000) {
            v = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00);
            len = 12;
          }
        }
        AppendCodePoint(static_cast<uint32_t>(v), &out);  // a lone surrogate gives U+FFFD
        break;
      }
      default: out.push_back(c); break;  // \" \\ \/ \' and the letters JavaScript keeps as they are
    }
    len = std::min(len, lit.size() - i);
    if (map) map->AddReplace(out_at, out.size() - out_at, at + i, len);
    i += len;
  }
}

std::string DecodeLiteral(std::string_view lit, size_t at, text::OffsetMap* map) {
  std::string text;
  AppendLiteral(lit, at, map, &text);
  return text;
}

// Data, not text: JSON (an object or array, possibly after a row label as
// in React's flight data: "5:[...]", "1a:{...}"), or code holding JSON
// (`var state = {"a": ...}`, a script kept as a string to run later): its
// strings are looked into, it is never the body itself. Text and HTML hardly
// ever have a quote followed by a colon; JSON has one per key.
bool LooksLikeData(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t')) ++i;
  size_t label = i;
  while (label < s.size() && label < i + 8 && (HexValue(s[label]) >= 0 || s[label] == '_')) ++label;
  if (label > i && label < s.size() && s[label] == ':') i = label + 1;
  if (i < s.size() && (s[i] == '{' || s[i] == '[')) {
    // What a JSON value or key opens with (not "[AD] text").
    size_t v = i + 1;
    while (v < s.size() && (s[v] == ' ' || s[v] == '\n' || s[v] == '\t')) ++v;
    const std::string_view value = s.substr(v);
    if (value.empty() || std::string_view("\"{[]}-0123456789").find(value[0]) != std::string_view::npos ||
        value.starts_with("true") || value.starts_with("false") || value.starts_with("null"))
      return true;
  }
  constexpr int kJsonKeys = 3;
  int keys = 0;
  for (size_t k = s.find("\":"); k != std::string_view::npos; k = s.find("\":", k + 2))
    if (++keys >= kJsonKeys) return true;
  return false;
}

// Markup, not plain text: a start or end tag.
bool HasMarkup(std::string_view s) {
  for (size_t i = s.find('<'); i != std::string_view::npos && i + 1 < s.size(); i = s.find('<', i + 1)) {
    const char c = s[i + 1];
    if (c == '/' || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) return true;
  }
  return false;
}

// The bytes that may open a string or a comment, looked up in one table
// (scripts are most of a page's bytes).
constexpr std::array<bool, 256> MakeOpensCode() {
  std::array<bool, 256> t{};
  t['"'] = t['\''] = t['`'] = t['/'] = true;
  return t;
}
constexpr std::array<bool, 256> kOpensCode = MakeOpensCode();

// The first quote of the kind at `code[open]` after it that no odd run of
// backslashes escapes, npos when none. memchr finds the quotes (string
// bodies are most of a state's bytes).
size_t UnescapedQuote(std::string_view code, size_t open) {
  const char quote = code[open];
  const size_t n = code.size();
  size_t j = open + 1;
  while (j < n) {
    const void* found = std::memchr(code.data() + j, quote, n - j);
    if (!found) return std::string_view::npos;
    const size_t q = static_cast<size_t>(static_cast<const char*>(found) - code.data());
    size_t backslashes = 0;
    while (q - backslashes > open + 1 && code[q - backslashes - 1] == '\\') ++backslashes;
    if (backslashes % 2 == 0) return q;
    j = q + 1;
  }
  return std::string_view::npos;
}

// Where strings close, for one script: the quote of each kind after a
// position. A quote of that kind between an opening quote and the close
// found for it is escaped, so it closes there too: a run of escaped quotes
// outside any string (`x=\"\"\"...`, a hostile page, or a scan out of step
// after a quote in a regular expression) is searched once, not once per quote.
class StringEnds {
 public:
  explicit StringEnds(std::string_view code) : code_(code) {}
  // Where the string opened by the quote at `code[open]` closes (the closing
  // quote's offset), or npos when it does not: no closing quote, or a line
  // break first (outside template strings: `line_break`, the first one after
  // `open`), a stray quote.
  size_t End(size_t open, size_t line_break) {
    const char quote = code_[open];
    Known& known = quote == '"' ? double_ : quote == '\'' ? single_ : template_;
    if (!(known.searched && known.from < open && open < known.close)) known = {true, open, UnescapedQuote(code_, open)};
    const size_t q = known.close;
    if (q == std::string_view::npos) return q;
    return quote != '`' && line_break < q ? std::string_view::npos : q;
  }

 private:
  struct Known {
    bool searched = false;
    size_t from = 0;   // the opening quote searched from
    size_t close = 0;  // what UnescapedQuote found from there (npos: none to the end)
  };
  std::string_view code_;
  Known double_, single_, template_;
};

// Calls visit(begin, end) for each double-quoted string literal of at least
// kMinLiteralBytes in the JavaScript or JSON `code` (offsets of the bytes
// between the quotes). Single-quoted and template strings and comments are
// stepped over, so that a quote inside them is not taken for a string's.
template <class Visit>
void ForEachLongLiteral(std::string_view code, Visit visit) {
  size_t i = 0;
  const size_t n = code.size();
  // The first line break at or after i, looked for again once i passes it.
  const void* first_nl = std::memchr(code.data(), '\n', n);
  size_t line_break = first_nl ? static_cast<size_t>(static_cast<const char*>(first_nl) - code.data()) : n;
  StringEnds ends(code);
  while (i < n) {
    while (i < n && !kOpensCode[static_cast<unsigned char>(code[i])]) ++i;
    if (i >= n) break;
    if (line_break < i) {
      const void* nl = std::memchr(code.data() + i, '\n', n - i);
      line_break = nl ? static_cast<size_t>(static_cast<const char*>(nl) - code.data()) : n;
    }
    const char c = code[i];
    if (c == '/') {
      if (i + 1 < n && (code[i + 1] == '/' || code[i + 1] == '*')) {
        const size_t e = code[i + 1] == '/' ? code.find('\n', i + 2) : code.find("*/", i + 2);
        i = e == std::string_view::npos ? n : e + (code[i + 1] == '/' ? 1 : 2);
      } else {
        ++i;
      }
      continue;
    }
    const size_t j = ends.End(i, line_break);
    if (j == std::string_view::npos) {
      ++i;  // not a string after all (a regular expression, a stray quote)
      continue;
    }
    if (c == '"' && j - i - 1 >= kMinLiteralBytes) visit(i + 1, j);
    i = j + 1;
  }
}

// Calls visit(begin, end) with the offsets in `page` of the content of each
// <script> that holds JavaScript or JSON (no type, or a JavaScript, JSON or
// module type; not templates or other data).
template <class Visit>
void ForEachScript(std::string_view page, Visit visit) {
  size_t pos = 0;
  while (true) {
    const size_t lt = FindIgnoreCase(page, "<script", pos);
    if (lt == std::string_view::npos) return;
    size_t i = lt + 7;
    if (i < page.size() && page[i] != '>' && page[i] != ' ' && page[i] != '\t' && page[i] != '\n' &&
        page[i] != '\r' && page[i] != '/') {
      pos = i;
      continue;
    }
    // The end of the start tag: '>' outside quoted attribute values.
    char quote = 0;
    while (i < page.size() && (quote || page[i] != '>')) {
      if (quote ? page[i] == quote : (page[i] == '"' || page[i] == '\'')) quote = quote ? 0 : page[i];
      ++i;
    }
    if (i >= page.size()) return;
    const std::string_view tag = page.substr(lt, i - lt);
    const size_t begin = i + 1;
    const size_t end = std::min(FindIgnoreCase(page, "</script", begin), page.size());
    pos = end;
    const size_t type_at = FindIgnoreCase(tag, "type=", 0);
    if (type_at != std::string_view::npos) {
      size_t v = type_at + 5;
      const char q = v < tag.size() ? tag[v] : 0;
      if (q == '"' || q == '\'') ++v;
      size_t ve = v;
      while (ve < tag.size() && tag[ve] != q && tag[ve] != ' ' && tag[ve] != '>') ++ve;
      const std::string_view type = tag.substr(v, ve - v);
      if (FindIgnoreCase(type, "json", 0) == std::string_view::npos &&
          FindIgnoreCase(type, "javascript", 0) == std::string_view::npos &&
          FindIgnoreCase(type, "ecmascript", 0) == std::string_view::npos &&
          FindIgnoreCase(type, "module", 0) == std::string_view::npos)
        continue;
    }
    if (end > begin) visit(begin, end);
  }
}

// The string a script adds to React's flight data (server components;
// Next.js's `self.__next_f.push([1,"..."])`): the page streams the data as
// such chunks, cut anywhere, even inside a row. Its range in `code`.
bool FlightChunk(std::string_view code, size_t* begin, size_t* end) {
  constexpr std::string_view kPush = ".push([1,\"";
  const size_t push = code.find(kPush);
  if (push == std::string_view::npos || push > 64) return false;
  size_t j = push + kPush.size();
  *begin = j;
  while (j < code.size() && code[j] != '"') j += code[j] == '\\' ? 2 : 1;
  if (j >= code.size() || code.substr(j, 3) != "\"])") return false;
  *end = j;
  return true;
}

// Calls visit(begin, end, is_text) for each row of flight data `s` (the
// chunks joined): a row is "label:" and JSON up to a line break, or a text
// row "label:T<hex length>," and that many bytes of text (an article's HTML
// or text goes as one), which the next row follows directly.
template <class Visit>
void ForEachFlightRow(std::string_view s, Visit visit) {
  size_t pos = 0;
  while (pos < s.size()) {
    size_t label = pos;
    while (label < s.size() && label - pos < 8 && HexValue(s[label]) >= 0) ++label;
    if (label > pos && label + 1 < s.size() && s[label] == ':' && s[label + 1] == 'T') {
      size_t comma = label + 2, length = 0;
      while (comma < s.size() && comma < label + 12 && HexValue(s[comma]) >= 0)
        length = length * 16 + static_cast<size_t>(HexValue(s[comma++]));
      if (comma > label + 2 && comma < s.size() && s[comma] == ',') {
        const size_t begin = comma + 1;
        size_t end = begin + std::min(length, s.size() - begin);
        while (end > begin && end < s.size() && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
        visit(begin, end, true);
        pos = std::max(end, begin);
        continue;
      }
    }
    const size_t line_end = std::min(s.find('\n', pos), s.size());
    visit(pos, line_end, false);
    pos = line_end + 1;
  }
}

// A string found to hold this page's article: a literal in the page (or the
// page's flight data, its chunks joined); when it sits in JSON inside that
// string, its place in the string's text; when it is a flight text row, the
// row's place.
struct Found {
  bool flight = false;
  size_t outer_begin = 0, outer_end = 0;
  bool nested = false;
  size_t inner_begin = 0, inner_end = 0;
  bool row = false;
  size_t row_begin = 0, row_end = 0;
  double share = 0;
  size_t bytes = 0;
};

// Plain text's line breaks as <br>, so that its lines stay paragraphs when
// the text is read as HTML; `map` gets the text's offsets in `plain`.
std::string BreakLines(std::string_view plain, text::OffsetMap* map) {
  std::string out;
  out.reserve(plain.size() + plain.size() / 16);
  size_t i = 0;
  while (i < plain.size()) {
    const size_t nl = std::min(plain.find('\n', i), plain.size());
    if (nl > i) {
      map->AddCopy(out.size(), i, nl - i);
      out.append(plain.substr(i, nl - i));
    }
    if (nl < plain.size()) {
      map->AddReplace(out.size(), 4, nl, 1);
      out.append("<br>");
    }
    i = nl + 1;
  }
  return out;
}

// A template placeholder the page's scripts replace when they render the
// text (an ad slot "$$ARTICLEAD$$", "{{related}}", "%%PAYWALL%%"): an
// identifier between two "$$", "{{" / "}}" or "%%". Its length at `s[i]`, or 0.
size_t PlaceholderLength(std::string_view s, size_t i) {
  static constexpr std::string_view kMarks[][2] = {{"$$", "$$"}, {"{{", "}}"}, {"%%", "%%"}};
  constexpr size_t kMaxName = 64;
  for (const auto& [open, close] : kMarks) {
    if (s.substr(i, 2) != open) continue;
    size_t j = i + 2;
    while (j < s.size() && j - i - 2 < kMaxName &&
           (((s[j] | 0x20) >= 'a' && (s[j] | 0x20) <= 'z') || (s[j] >= '0' && s[j] <= '9') || s[j] == '_' ||
            s[j] == '-' || s[j] == '.' || s[j] == ' '))
      ++j;
    if (j > i + 2 && s.substr(j, 2) == close) return j + 2 - i;
  }
  return 0;
}

// `s` without its template placeholders; `map` gets the result's offsets in `s`.
std::string DropPlaceholders(std::string_view s, text::OffsetMap* map) {
  std::string out;
  out.reserve(s.size());
  size_t copied = 0;
  for (size_t i = s.find_first_of("${%"); i != std::string_view::npos; i = s.find_first_of("${%", i)) {
    const size_t len = PlaceholderLength(s, i);
    if (len == 0) {
      ++i;
      continue;
    }
    map->AddCopy(out.size(), copied, i - copied);
    out.append(s.substr(copied, i - copied));
    map->AddReplace(out.size(), 0, i, len);
    copied = i += len;
  }
  map->AddCopy(out.size(), copied, s.size() - copied);
  out.append(s.substr(copied));
  return out;
}

}  // namespace

std::optional<HydratedBody> FindHydratedBody(std::string_view page, std::string_view title,
                                             std::string_view description) {
  const std::vector<KeyWord> keys = KeyWords(title, description);
  if (keys.size() < kMinKeyWords) return std::nullopt;
  Found best;
  size_t searched = 0;
  auto consider = [&](const Found& f, std::string_view text) {
    searched += text.size();
    if (searched > kMaxSearchedBytes) return;
    const double share = KeyWordShare(text, keys);
    if (share < kMinKeyWordShare) return;
    if (share > best.share || (share == best.share && text.size() > best.bytes)) {
      best = f;
      best.share = share;
      best.bytes = text.size();
    }
  };
  // The strings inside JSON text `text` (a string's, or a flight row's).
  static_assert(kMaxStringDepth == 2, "one level of JSON inside strings is looked into");
  auto consider_inner = [&](const Found& f, std::string_view text, size_t offset) {
    ForEachLongLiteral(text, [&](size_t b, size_t e) {
      const std::string inner = DecodeLiteral(text.substr(b, e - b), 0, nullptr);
      if (LooksLikeData(inner)) return;
      Found g = f;
      g.nested = true;
      g.inner_begin = offset + b;
      g.inner_end = offset + e;
      consider(g, inner);
    });
  };
  std::vector<text::Span> chunks;  // flight data, in page order
  ForEachScript(page, [&](size_t script_begin, size_t script_end) {
    const std::string_view code = page.substr(script_begin, script_end - script_begin);
    size_t chunk_begin = 0, chunk_end = 0;
    if (FlightChunk(code, &chunk_begin, &chunk_end)) {
      chunks.push_back({script_begin + chunk_begin, script_begin + chunk_end});
      return;
    }
    ForEachLongLiteral(code, [&](size_t b, size_t e) {
      Found f;
      f.outer_begin = script_begin + b;
      f.outer_end = script_begin + e;
      const std::string text = DecodeLiteral(code.substr(b, e - b), 0, nullptr);
      if (LooksLikeData(text)) consider_inner(f, text, 0);
      else consider(f, text);
    });
  });
  auto join_chunks = [&](text::OffsetMap* map) {
    std::string flight;
    for (const text::Span& c : chunks) AppendLiteral(page.substr(c.begin, c.end - c.begin), c.begin, map, &flight);
    return flight;
  };
  if (!chunks.empty()) {
    const std::string flight = join_chunks(nullptr);
    Found f;
    f.flight = true;
    ForEachFlightRow(flight, [&](size_t b, size_t e, bool is_text) {
      const std::string_view row = std::string_view(flight).substr(b, e - b);
      if (!is_text || LooksLikeData(row)) {  // a JSON row, or JSON sent as text (JSON-LD)
        consider_inner(f, row, b);
      } else if (row.size() >= kMinLiteralBytes) {
        Found g = f;
        g.row = true;
        g.row_begin = b;
        g.row_end = e;
        consider(g, row);
      }
    });
  }
  if (best.bytes == 0) return std::nullopt;

  // The string found, decoded again with where its bytes are in the page.
  HydratedBody body;
  text::OffsetMap outer_map;
  std::string text = best.flight ? join_chunks(&outer_map)
                                 : DecodeLiteral(page.substr(best.outer_begin, best.outer_end - best.outer_begin),
                                                 best.outer_begin, &outer_map);
  if (best.nested) {
    text::OffsetMap inner_map;
    text = DecodeLiteral(std::string_view(text).substr(best.inner_begin, best.inner_end - best.inner_begin),
                         best.inner_begin, &inner_map);
    outer_map = inner_map.Then(outer_map);
  }
  if (best.row) {
    text::OffsetMap row_map;
    row_map.AddCopy(0, best.row_begin, best.row_end - best.row_begin);
    text = text.substr(best.row_begin, best.row_end - best.row_begin);
    outer_map = row_map.Then(outer_map);
  }
  text::OffsetMap kept_map;
  text = DropPlaceholders(text, &kept_map);
  if (HasMarkup(text)) {
    body.html = std::move(text);
    body.to_page = kept_map.Then(outer_map);
  } else {
    text::OffsetMap lines_map;
    body.html = BreakLines(text, &lines_map);
    body.to_page = lines_map.Then(kept_map).Then(outer_map);
  }
  return body;
}

}  // namespace storyline::extract::html
