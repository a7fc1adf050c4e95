#include "facts/timex_lex.h"

#include <array>
#include <cstring>

namespace storyline::facts::lex {
namespace {

bool IsAlpha(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }
char Lower(unsigned char c) { return (c >= 'A' && c <= 'Z') ? char(c | 0x20) : char(c); }

size_t Utf8Len(unsigned char c) {
  if (c < 0xC0) return 1;
  if (c < 0xE0) return 2;
  if (c < 0xF0) return 3;
  return 4;
}

}  // namespace

std::vector<Tok> Tokenize(std::string_view s) {
  std::vector<Tok> out;
  out.reserve(s.size() / 5 + 4);
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') { ++i; continue; }
    Tok t;
    t.b = uint32_t(i);
    if (IsAlpha(c)) {
      size_t j = i;
      bool all_upper = true;
      int letters = 0;
      while (j < n && IsAlpha(s[j])) {
        if (s[j] >= 'a') all_upper = false;
        ++letters;
        ++j;
      }
      // Dotted abbreviations of single letters: "a.m.", "p.m.", "U.S.".
      if (j - i == 1 && j + 2 < n + 1 && j < n && s[j] == '.' && j + 1 < n && IsAlpha(s[j + 1]) &&
          (j + 2 >= n || !IsAlpha(s[j + 2]))) {
        size_t k = j + 2;
        if (k < n && s[k] == '.') ++k;
        t.e = uint32_t(k);
        t.lw.reserve(k - i);
        for (size_t q = i; q < k; ++q) t.lw.push_back(Lower(s[q]));
        t.kind = Kind::kWord;
        t.cap = (c <= 'Z');
        out.push_back(std::move(t));
        i = k;
        continue;
      }
      t.e = uint32_t(j);
      t.lw.resize(j - i);
      for (size_t q = i; q < j; ++q) t.lw[q - i] = Lower(s[q]);
      t.cap = (c <= 'Z');
      t.upper = all_upper && letters > 1;
      t.kind = Kind::kWord;
      out.push_back(std::move(t));
      i = j;
      continue;
    }
    if (IsDigit(c)) {
      size_t j = i;
      double v = 0, frac_scale = 0;
      bool sep = false, bad = false;
      int int_digits_since_comma = -1;
      while (j < n) {
        unsigned char d = s[j];
        if (IsDigit(d)) {
          if (frac_scale > 0) {
            v += (d - '0') / frac_scale;
            frac_scale *= 10;
          } else {
            v = v * 10 + (d - '0');
          }
          if (int_digits_since_comma >= 0) ++int_digits_since_comma;
          ++j;
        } else if ((d == ',' || d == '.' || d == ':') && j + 1 < n && IsDigit(s[j + 1])) {
          sep = true;
          if (d == ',') {
            if (int_digits_since_comma >= 0 && int_digits_since_comma != 3) bad = true;
            int_digits_since_comma = 0;
          } else if (d == '.') {
            if (frac_scale > 0) break;  // "1.2.3": stop at the second dot
            frac_scale = 10;
          } else {
            bad = true;  // "3:42": value meaningless as a number
          }
          ++j;
        } else {
          break;
        }
      }
      t.e = uint32_t(j);
      t.lw.assign(s.data() + i, j - i);
      t.kind = Kind::kNumber;
      t.has_sep = sep;
      t.num = bad ? -1 : v;
      out.push_back(std::move(t));
      i = j;
      continue;
    }
    if (c < 0x80) {
      t.e = uint32_t(i + 1);
      t.kind = Kind::kPunct;
      t.punct = char(c);
      if (c == '`') t.punct = '\'';
      t.lw.assign(1, t.punct);
      out.push_back(std::move(t));
      ++i;
      continue;
    }
    size_t len = Utf8Len(c);
    if (c >= 0xF8 || c < 0xC2) len = 1;  // invalid lead byte or stray continuation
    if (i + len > n) len = n - i;
    for (size_t q = 1; q < len; ++q)
      if ((static_cast<unsigned char>(s[i + q]) & 0xC0) != 0x80) {
        len = q;
        break;
      }
    t.e = uint32_t(i + len);
    std::string_view ch = s.substr(i, len);
    t.kind = Kind::kOther;
    // Dashes, quotes and no-break spaces that matter for the patterns.
    if (ch == "\u2013" || ch == "\u2014" || ch == "\u2212" || ch == "\u2010" || ch == "\u2011") {
      t.kind = Kind::kPunct;
      t.punct = '-';
    } else if (ch == "\u2019" || ch == "\u2018") {
      t.kind = Kind::kPunct;
      t.punct = '\'';
    } else if (ch == "\u201c" || ch == "\u201d") {
      t.kind = Kind::kPunct;
      t.punct = '"';
    } else if (ch == "\u00a0" || ch == "\u202f" || ch == "\u2009") {
      i += len;  // spaces
      continue;
    } else if (ch == "\u20ac") {
      t.kind = Kind::kPunct;
      t.punct = 'E';  // euro sign
    } else if (ch == "\u00a3") {
      t.kind = Kind::kPunct;
      t.punct = 'L';  // pound sign
    } else if (ch == "\u00a5") {
      t.kind = Kind::kPunct;
      t.punct = 'Y';  // yen / yuan sign
    } else if (ch == "\u20b9") {
      t.kind = Kind::kPunct;
      t.punct = 'R';  // rupee sign
    }
    if (t.kind == Kind::kPunct) t.lw.assign(1, t.punct);
    out.push_back(std::move(t));
    i += len;
  }
  return out;
}

int NumberWord(std::string_view w) {
  static constexpr struct { std::string_view w; int v; } kWords[] = {
      {"zero", 0},       {"one", 1},        {"two", 2},         {"three", 3},      {"four", 4},
      {"five", 5},       {"six", 6},        {"seven", 7},       {"eight", 8},      {"nine", 9},
      {"ten", 10},       {"eleven", 11},    {"twelve", 12},     {"thirteen", 13},  {"fourteen", 14},
      {"fifteen", 15},   {"sixteen", 16},   {"seventeen", 17},  {"eighteen", 18},  {"nineteen", 19},
      {"twenty", 20},    {"thirty", 30},    {"forty", 40},      {"fifty", 50},     {"sixty", 60},
      {"seventy", 70},   {"eighty", 80},    {"ninety", 90},     {"hundred", 100},  {"thousand", 1000},
      {"dozen", 12},     {"a", 1},          {"an", 1},          {"single", 1},
  };
  if (w.size() < 1 || w.size() > 9) return -1;
  // Asked of most tokens: a word whose length and first letter no entry has
  // (most words) is answered from a bit, without the scan.
  static constexpr std::array<uint32_t, 10> kFirstLetters = [] {
    std::array<uint32_t, 10> bits{};
    for (const auto& e : kWords) bits[e.w.size()] |= uint32_t{1} << (e.w[0] - 'a');
    return bits;
  }();
  const unsigned letter = static_cast<unsigned char>(w[0]) - 'a';
  if (letter >= 26 || !((kFirstLetters[w.size()] >> letter) & 1)) return -1;
  for (const auto& e : kWords)
    if (w.size() == e.w.size() && w[0] == e.w[0] && w == e.w) return e.v;  // first byte before memcmp
  return -1;
}

int OrdinalWord(std::string_view w) {
  static constexpr struct { std::string_view w; int v; } kWords[] = {
      {"first", 1},        {"second", 2},      {"third", 3},        {"fourth", 4},        {"fifth", 5},
      {"sixth", 6},        {"seventh", 7},     {"eighth", 8},       {"ninth", 9},         {"tenth", 10},
      {"eleventh", 11},    {"twelfth", 12},    {"thirteenth", 13},  {"fourteenth", 14},   {"fifteenth", 15},
      {"sixteenth", 16},   {"seventeenth", 17}, {"eighteenth", 18}, {"nineteenth", 19},   {"twentieth", 20},
      {"thirtieth", 30},
  };
  if (w.size() >= 3 && w.size() <= 4 && w[0] >= '0' && w[0] <= '9') {
    int v = 0;
    size_t k = 0;
    while (k < w.size() && w[k] >= '0' && w[k] <= '9') v = v * 10 + (w[k++] - '0');
    std::string_view suf = w.substr(k);
    if (suf == "st" || suf == "nd" || suf == "rd" || suf == "th") return v;
    return -1;
  }
  for (const auto& e : kWords)
    if (w.size() == e.w.size() && w[0] == e.w[0] && w == e.w) return e.v;
  return -1;
}

std::span<const Tok> TokenizeKept(std::string_view text) {
  thread_local std::string last;
  thread_local std::vector<Tok> tokens;
  thread_local bool valid = false;
  if (!valid || last != text) {
    valid = false;
    tokens = Tokenize(text);
    last.assign(text);
    valid = true;
  }
  return tokens;
}

double ReadCardinal(std::span<const Tok> t, size_t i, size_t* next, bool allow_article) {
  if (i >= t.size()) return -1;
  const Tok& a = t[i];
  if (a.kind == Kind::kNumber) {
    if (a.num < 0) return -1;
    *next = i + 1;
    return a.num;
  }
  if (a.kind != Kind::kWord) return -1;
  int v = NumberWord(a.lw);
  if (v < 0) return -1;
  if (!allow_article && (a.lw == "a" || a.lw == "an" || a.lw == "single")) return -1;
  size_t j = i + 1;
  if (v >= 20 && v < 100 && v % 10 == 0) {
    // "twenty-four", "twenty four"
    size_t k = j;
    if (k < t.size() && t[k].kind == Kind::kPunct && t[k].punct == '-' && Adjacent(t[k - 1], t[k])) ++k;
    if (k < t.size() && t[k].kind == Kind::kWord) {
      int u = NumberWord(t[k].lw);
      if (u >= 1 && u <= 9 && t[k].lw != "a" && t[k].lw != "an") {
        v += u;
        j = k + 1;
      }
    }
  }
  if ((a.lw == "a" || a.lw == "an") && j < t.size() && t[j].kind == Kind::kWord) {
    int m = NumberWord(t[j].lw);
    if (m == 100 || m == 1000 || m == 12) {  // "a hundred", "a dozen"
      *next = j + 1;
      return m;
    }
  }
  if (j < t.size() && t[j].kind == Kind::kWord && (t[j].lw == "hundred" || t[j].lw == "thousand") &&
      a.lw != "a" && a.lw != "an" && v < 100) {
    v *= (t[j].lw == "hundred" ? 100 : 1000);
    ++j;
  }
  *next = j;
  return v;
}

}  // namespace storyline::facts::lex
