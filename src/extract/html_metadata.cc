// Page metadata: meta tags, JSON-LD, <title>, <h1>, <link rel>, <time>.
//
// Title: the JSON-LD headline / og:title / twitter:title / <title>, preferring
// one an <h1> repeats (an <h1> only the <title> repeats gives way to the
// metadata's own wording of the story); the site-name suffix (" | Site",
// " - Site") is cut when the part cut names the site or the <h1> confirms the
// rest. Authors: JSON-LD
// author names, then author meta tags, then rel=author links; cleaned.
// Dates: JSON-LD, then article:* / OpenGraph / common meta names, then <time>,
// then the URL (/2024/05/02/). Everything is normalised to ISO 8601.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>
#include <simdjson.h>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "extract/html_extract.h"

namespace storyline::extract::html {
namespace {

using json = nlohmann::json;

bool IsSpace(unsigned char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f'; }

std::string Collapse(std::string_view s) {
  std::string out;
  bool space = false;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = s[i];
    // U+00A0 no-break space counts as space.
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
      space = true;
      ++i;
      continue;
    }
    if (IsSpace(c)) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(static_cast<char>(c));
  }
  return out;
}

// Whether `s` holds `lower` (lower case), ASCII case-insensitively.
bool ContainsIgnoreCase(std::string_view s, std::string_view lower) {
  if (lower.size() > s.size()) return false;
  for (size_t i = 0; i + lower.size() <= s.size(); ++i) {
    if (AsciiLower(s[i]) != lower[0]) continue;
    size_t k = 1;
    while (k < lower.size() && AsciiLower(s[i + k]) == lower[k]) ++k;
    if (k == lower.size()) return true;
  }
  return false;
}

// Whether `s` holds "byline" or "author", ASCII case-insensitively.
bool MentionsByline(std::string_view s) {
  for (size_t i = 0; i + 6 <= s.size(); ++i) {
    char c = AsciiLower(s[i]);
    if (c != 'b' && c != 'a') continue;
    std::string_view word = c == 'b' ? "byline" : "author";
    size_t k = 1;
    while (k < 6 && AsciiLower(s[i + k]) == word[k]) ++k;
    if (k == 6) return true;
  }
  return false;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = AsciiLower(c);
  return out;
}


// Named references seen escaped twice in meta content and JSON-LD strings: the
// markup ones and the Latin-1 letters and punctuation of HTML 4.
constexpr std::pair<std::string_view, uint32_t> kNamedEntities[] = {
    {"amp", '&'},      {"quot", '"'},     {"apos", '\''},    {"lt", '<'},       {"gt", '>'},
    {"nbsp", 0x20},    {"shy", 0xAD},     {"copy", 0xA9},    {"reg", 0xAE},     {"laquo", 0xAB},
    {"raquo", 0xBB},   {"middot", 0xB7},  {"ndash", 0x2013}, {"mdash", 0x2014}, {"lsquo", 0x2018},
    {"rsquo", 0x2019}, {"sbquo", 0x201A}, {"ldquo", 0x201C}, {"rdquo", 0x201D}, {"bdquo", 0x201E},
    {"hellip", 0x2026}, {"euro", 0x20AC}, {"bull", 0x2022}, {"szlig", 0xDF},   {"Agrave", 0xC0},
    {"Aacute", 0xC1},  {"Acirc", 0xC2},   {"Atilde", 0xC3},  {"Auml", 0xC4},    {"Aring", 0xC5},
    {"AElig", 0xC6},   {"Ccedil", 0xC7},  {"Egrave", 0xC8},  {"Eacute", 0xC9},  {"Ecirc", 0xCA},
    {"Euml", 0xCB},    {"Igrave", 0xCC},  {"Iacute", 0xCD},  {"Icirc", 0xCE},   {"Iuml", 0xCF},
    {"Ntilde", 0xD1},  {"Ograve", 0xD2},  {"Oacute", 0xD3},  {"Ocirc", 0xD4},   {"Otilde", 0xD5},
    {"Ouml", 0xD6},    {"Oslash", 0xD8},  {"Ugrave", 0xD9},  {"Uacute", 0xDA},  {"Ucirc", 0xDB},
    {"Uuml", 0xDC},    {"Yacute", 0xDD},  {"agrave", 0xE0},  {"aacute", 0xE1},  {"acirc", 0xE2},
    {"atilde", 0xE3},  {"auml", 0xE4},    {"aring", 0xE5},   {"aelig", 0xE6},   {"ccedil", 0xE7},
    {"egrave", 0xE8},  {"eacute", 0xE9},  {"ecirc", 0xEA},   {"euml", 0xEB},    {"igrave", 0xEC},
    {"iacute", 0xED},  {"icirc", 0xEE},   {"iuml", 0xEF},    {"ntilde", 0xF1},  {"ograve", 0xF2},
    {"oacute", 0xF3},  {"ocirc", 0xF4},   {"otilde", 0xF5},  {"ouml", 0xF6},    {"oslash", 0xF8},
    {"ugrave", 0xF9},  {"uacute", 0xFA},  {"ucirc", 0xFB},   {"uuml", 0xFC},    {"yacute", 0xFD},
    {"yuml", 0xFF}};

// Decodes character references left in meta content and JSON-LD strings (the
// page escaped them twice): numeric ones, and the named ones above.
std::string DecodeEntities(std::string_view s) {
  if (s.find('&') == std::string_view::npos) return std::string(s);
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out.push_back(s[i]);
      continue;
    }
    size_t semi = s.find(';', i + 1);
    if (semi != std::string_view::npos && semi - i <= 10) {
      std::string_view ref = s.substr(i + 1, semi - i - 1);
      if (ref.size() >= 2 && ref[0] == '#') {
        bool hex = ref[1] == 'x' || ref[1] == 'X';
        std::string_view digits = ref.substr(hex ? 2 : 1);
        uint32_t cp = 0;
        bool ok = !digits.empty();
        for (char c : digits) {
          int d = c >= '0' && c <= '9' ? c - '0'
                  : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                  : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                : -1;
          if (d < 0 || cp > 0x10FFFF) {
            ok = false;
            break;
          }
          cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(d);
        }
        if (ok) {
          AppendCodePoint(cp, &out);
          i = semi;
          continue;
        }
      } else {
        bool found = false;
        for (const auto& [name, cp] : kNamedEntities)
          if (name == ref) {
            AppendCodePoint(cp, &out);
            found = true;
            break;
          }
        if (found) {
          i = semi;
          continue;
        }
      }
    }
    out.push_back('&');
  }
  return out;
}

// ---- dates ------------------------------------------------------------------------

bool Digits(std::string_view s, size_t pos, size_t n, int* v) {
  if (pos + n > s.size()) return false;
  int x = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    x = x * 10 + (c - '0');
  }
  *v = x;
  return true;
}

int MonthByName(std::string_view w) {
  std::string l = Lower(w.substr(0, std::min<size_t>(w.size(), 9)));
  static constexpr std::string_view kMonths[][3] = {
      {"jan", "jän", "janv"}, {"feb", "fév", "febr"}, {"mar", "mär", "mrz"}, {"apr", "avr", "abr"},
      {"may", "mai", "mayo"}, {"jun", "juin", "giu"}, {"jul", "juil", "lug"}, {"aug", "août", "ago"},
      {"sep", "sept", "set"}, {"oct", "okt", "ott"}, {"nov", "nov", "nov"}, {"dec", "dez", "déc"}};
  for (int m = 0; m < 12; ++m)
    for (std::string_view p : kMonths[m])
      if (l.size() >= p.size() && l.compare(0, p.size(), p) == 0 &&
          (l.size() == p.size() || std::isalpha(static_cast<unsigned char>(l[p.size()])) ||
           l[p.size()] == '.' || (l[p.size()] & 0x80)))
        return m + 1;
  return 0;
}

std::string FormatDate(int y, int mo, int d) {
  char b[16];
  std::snprintf(b, sizeof b, "%04d-%02d-%02d", y, mo, d);
  return b;
}

bool ValidDate(int y, int mo, int d) { return y >= 1990 && y <= 2100 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31; }

// Parses a zone at s[pos..]: "Z", "+02:00", "+0200", "+02", " GMT", " UTC".
std::string ParseZone(std::string_view s, size_t pos) {
  while (pos < s.size() && s[pos] == ' ') ++pos;
  if (pos >= s.size()) return "";
  if (s[pos] == 'Z' || s[pos] == 'z') return "Z";
  if (s.compare(pos, 3, "GMT") == 0 || s.compare(pos, 3, "UTC") == 0) {
    pos += 3;
    if (pos >= s.size() || (s[pos] != '+' && s[pos] != '-')) return "Z";
  }
  if (s[pos] == '+' || s[pos] == '-') {
    int hh, mm = 0;
    if (!Digits(s, pos + 1, 2, &hh)) return "";
    size_t p = pos + 3;
    if (p < s.size() && s[p] == ':') ++p;
    Digits(s, p, 2, &mm);
    if (hh > 14) return "";
    char b[32];
    std::snprintf(b, sizeof b, "%c%02d:%02d", s[pos], hh, mm);
    return b;
  }
  return "";
}

// "10:00[:00[.123]]" at s[pos..]: appends "THH:MM:SS" + zone to `out`.
bool ParseTime(std::string_view s, size_t pos, std::string* out) {
  int hh, mi, ss = 0;
  if (!Digits(s, pos, 2, &hh) || pos + 2 >= s.size() || s[pos + 2] != ':' || !Digits(s, pos + 3, 2, &mi))
    return false;
  size_t p = pos + 5;
  if (p < s.size() && s[p] == ':' && Digits(s, p + 1, 2, &ss)) p += 3;
  if (p < s.size() && (s[p] == '.' || s[p] == ',')) {
    ++p;
    while (p < s.size() && std::isdigit(static_cast<unsigned char>(s[p]))) ++p;
  }
  if (hh > 23 || mi > 59 || ss > 60) return false;
  char b[48];
  std::snprintf(b, sizeof b, "T%02d:%02d:%02d", hh, mi, ss);
  out->append(b);
  out->append(ParseZone(s, p));
  return true;
}

std::string FromUnix(long long t) {
  if (t > 100000000000LL) t /= 1000;
  long long days = t / 86400, rem = t % 86400;
  // Civil from days (H. Hinnant).
  long long z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = static_cast<unsigned>(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long long y = static_cast<long long>(yoe) + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
  unsigned d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  char b[80];
  std::snprintf(b, sizeof b, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ", y, m, d, rem / 3600, rem / 60 % 60,
                rem % 60);
  return b;
}

}  // namespace

void AppendCodePoint(uint32_t cp, std::string* out) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string NormalizeDate(std::string_view in) {
  std::string s = Collapse(in);
  std::string_view v = s;
  if (v.empty() || v.size() > 80) return "";
  int y, mo, d;
  // Unix time.
  if (v.size() == 10 || v.size() == 13) {
    bool all = std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (all) {
      long long t = std::stoll(std::string(v));
      if (t > 600000000LL) return FromUnix(t);
    }
  }
  // Find an ISO date anywhere: YYYY-MM-DD or YYYY/MM/DD or YYYYMMDD (alone).
  for (size_t i = 0; i + 8 <= v.size(); ++i) {
    if (i > 0 && std::isdigit(static_cast<unsigned char>(v[i - 1]))) continue;
    if (!Digits(v, i, 4, &y)) continue;
    size_t p = i + 4;
    char sep = p < v.size() ? v[p] : 0;
    if ((sep == '-' || sep == '/' || sep == '.') && Digits(v, p + 1, 2, &mo) && p + 3 < v.size() &&
        v[p + 3] == sep && Digits(v, p + 4, 2, &d) && ValidDate(y, mo, d)) {
      std::string out = FormatDate(y, mo, d);
      size_t q = p + 6;
      if (q < v.size() && (v[q] == 'T' || v[q] == ' ' || v[q] == 't')) {
        size_t t = q + 1;
        while (t < v.size() && v[t] == ' ') ++t;
        ParseTime(v, t, &out);
      }
      return out;
    }
    if (i == 0 && v.size() >= 8 && Digits(v, 4, 2, &mo) && Digits(v, 6, 2, &d) && ValidDate(y, mo, d) &&
        (v.size() == 8 || !std::isdigit(static_cast<unsigned char>(v[8])))) {
      std::string out = FormatDate(y, mo, d);
      if (v.size() > 9 && v[8] == 'T') {
        int hh, mi, ss = 0;
        if (Digits(v, 9, 2, &hh) && Digits(v, 11, 2, &mi)) {
          Digits(v, 13, 2, &ss);
          char b[16];
          std::snprintf(b, sizeof b, "T%02d:%02d:%02d", hh, mi, ss);
          out += b;
          size_t zp = 13 + (ss || (v.size() > 14 && std::isdigit(static_cast<unsigned char>(v[13]))) ? 2 : 0);
          out += ParseZone(v, zp);
        }
      }
      return out;
    }
  }
  // DD.MM.YYYY (Central Europe), DD/MM/YYYY is ambiguous with US order: only when day > 12.
  for (size_t i = 0; i + 10 <= v.size(); ++i) {
    if (i > 0 && std::isdigit(static_cast<unsigned char>(v[i - 1]))) continue;
    int a, b;
    size_t la = (i + 1 < v.size() && std::isdigit(static_cast<unsigned char>(v[i + 1]))) ? 2 : 1;
    if (!Digits(v, i, la, &a)) continue;
    size_t p = i + la;
    if (p >= v.size() || (v[p] != '.' && v[p] != '/')) continue;
    char sep = v[p];
    size_t lb = (p + 2 < v.size() && std::isdigit(static_cast<unsigned char>(v[p + 2]))) ? 2 : 1;
    if (!Digits(v, p + 1, lb, &b)) continue;
    size_t q = p + 1 + lb;
    if (q >= v.size() || v[q] != sep) continue;
    size_t yp = q + 1;
    while (yp < v.size() && v[yp] == ' ') ++yp;
    if (!Digits(v, yp, 4, &y)) continue;
    if (sep == '/' && a <= 12 && b > 12) std::swap(a, b);  // MM/DD/YYYY
    if (!ValidDate(y, b, a)) continue;
    std::string out = FormatDate(y, b, a);
    size_t t = yp + 4;
    while (t < v.size() && (v[t] == ' ' || v[t] == ',' || v[t] == '-' || v[t] == '|')) ++t;
    if (t + 5 <= v.size() && std::isdigit(static_cast<unsigned char>(v[t]))) {
      std::string tmp;
      if (t + 1 < v.size() && v[t + 1] == ':') tmp = "0";
      std::string sub = tmp + std::string(v.substr(t));
      ParseTime(sub, 0, &out);
    }
    return out;
  }
  // Textual: "May 2, 2024", "2 May 2024", "Thu, 02 May 2024 10:00:00 GMT", "2. Mai 2024".
  std::vector<std::string_view> words;
  {
    size_t i = 0;
    while (i < v.size()) {
      while (i < v.size() && (v[i] == ' ' || v[i] == ',' || v[i] == '.' || v[i] == '|')) ++i;
      size_t st = i;
      while (i < v.size() && v[i] != ' ' && v[i] != ',' && v[i] != '|' &&
             !(v[i] == '.' && i > st && std::isdigit(static_cast<unsigned char>(v[i - 1]))))
        ++i;
      if (i > st) words.push_back(v.substr(st, i - st));
      if (i < v.size() && v[i] == '.') ++i;
    }
  }
  for (size_t k = 0; k < words.size(); ++k) {
    int m = std::isalpha(static_cast<unsigned char>(words[k][0])) || (words[k][0] & 0x80) ? MonthByName(words[k]) : 0;
    if (!m || words[k].size() < 3) continue;
    int day = 0, year = 0;
    size_t after = k + 1;
    if (k + 2 < words.size() + 0 && k + 2 <= words.size() - 1 + 1) {
      // Month Day Year
      if (k + 2 < words.size() && Digits(words[k + 1], 0, words[k + 1].size() <= 2 ? words[k + 1].size() : 2, &day) &&
          words[k + 1].size() <= 4 && Digits(words[k + 2], 0, 4, &year) && words[k + 2].size() == 4) {
        after = k + 3;
      } else {
        day = 0;
      }
    }
    if (!day && k >= 1 && k + 1 < words.size()) {
      // Day Month Year
      std::string_view dw = words[k - 1];
      if (dw.size() <= 2 && Digits(dw, 0, dw.size(), &day) && Digits(words[k + 1], 0, 4, &year) &&
          words[k + 1].size() == 4)
        after = k + 2;
      else
        day = 0;
    }
    if (!day || !ValidDate(year, m, day)) continue;
    std::string out = FormatDate(year, m, day);
    // A following time.
    for (size_t t = after; t < std::min(words.size(), after + 3); ++t) {
      std::string_view w = words[t];
      if (w.size() >= 4 && std::isdigit(static_cast<unsigned char>(w[0])) && w.find(':') != std::string_view::npos) {
        std::string tw = (w[1] == ':' ? "0" : "") + std::string(w);
        int hh = 0;
        Digits(tw, 0, 2, &hh);
        std::string suffix = t + 1 < words.size() ? Lower(words[t + 1]) : "";
        if ((suffix == "pm" || suffix == "p.m") && hh < 12) hh += 12;
        if ((suffix == "am" || suffix == "a.m") && hh == 12) hh = 0;
        char hb[3];
        std::snprintf(hb, sizeof hb, "%02d", hh);
        tw.replace(0, 2, hb);
        // Zone after the time, in the original string.
        size_t zpos = v.find(w);
        std::string rest = zpos == std::string_view::npos ? "" : std::string(v.substr(zpos + w.size()));
        std::string tmp;
        if (ParseTime(tw, 0, &tmp)) {
          std::string zone = ParseZone(rest, 0);
          if (tmp.back() != 'Z' && tmp.find('+') == std::string::npos && tmp.find('-') == std::string::npos)
            tmp += zone;
          out += tmp;
        }
        break;
      }
    }
    return out;
  }
  return "";
}

std::vector<std::string> CleanAuthors(const std::vector<std::string>& raw) {
  std::vector<std::string> out;
  std::vector<std::string> seen;
  auto add = [&](std::string name) {
    name = Collapse(name);
    // Strip leading "By", "Von", "Par", "Por", "Di", "Door", "Av", "Af", "Autor:".
    static constexpr std::string_view kBy[] = {"by ", "von ", "par ", "por ", "di ", "door ", "av ",
                                                "af ", "autor: ", "autorin: ", "author: ", "text: ",
                                                "from ", "de ", "written by ", "words by ", "reporting by "};
    for (int rep = 0; rep < 2; ++rep)
      for (std::string_view b : kBy)
        if (name.size() > b.size() && Lower(name.substr(0, b.size())) == b) {
          name = name.substr(b.size());
          break;
        }
    while (!name.empty() && (name.back() == ',' || name.back() == '.' || name.back() == ' ' ||
                             name.back() == '|' || name.back() == '-' || name.back() == ':'))
      name.pop_back();
    while (!name.empty() && (name.front() == ',' || name.front() == ' ' || name.front() == '|' ||
                             name.front() == '-' || name.front() == ':'))
      name.erase(0, 1);
    // An editor's initials after the name: "Elena Oberholzer (obe)".
    if (name.size() > 4 && name.back() == ')') {
      size_t open = name.rfind(" (");
      if (open != std::string::npos && name.size() - open <= 9 &&
          std::all_of(name.begin() + open + 2, name.end() - 1,
                      [](unsigned char c) { return std::islower(c) || c == '.'; }))
        name.resize(open);
    }
    // A job title after the name where the language writes it so ("신현주 기자").
    for (std::string_view role : {" \uAE30\uC790", " \u8A18\u8005", "\u8A18\u8005"})
      if (name.size() > role.size() && name.compare(name.size() - role.size(), role.size(), role) == 0) {
        name.resize(name.size() - role.size());
        break;
      }
    if (name.empty() || name.size() > 80) return;
    // Photo credits that sit in the byline element: "(Image: Getty Images".
    if (name.front() == '(' || name.find("Image:") != std::string::npos ||
        name.find("Getty Images") != std::string::npos)
      return;
    if (name.find('@') != std::string::npos || name.find("://") != std::string::npos ||
        name.find("www.") != std::string::npos || name.find('/') != std::string::npos)
      return;
    size_t words = 1 + std::count(name.begin(), name.end(), ' ');
    if (words > 6) return;
    bool has_alpha = false;
    for (unsigned char c : name) has_alpha |= std::isalpha(c) || (c & 0x80);
    if (!has_alpha) return;
    std::string key = AlnumKey(name);
    if (key.empty() || std::find(seen.begin(), seen.end(), key) != seen.end()) return;
    seen.push_back(key);
    out.push_back(std::move(name));
  };
  for (const std::string& r0 : raw) {
    std::string r = DecodeEntities(Collapse(r0));
    // A byline often runs on into the date: cut at the first digit.
    size_t digit = r.find_first_of("0123456789");
    if (digit != std::string::npos) r.resize(digit);
    for (std::string_view cut : {"Updated", "Published", "Posted", "Aktualisiert", "Veröffentlicht", " on ",
                                 "Last Updated", "Last updated"}) {
      size_t p = r.find(cut);
      if (p != std::string::npos) r.resize(p);
    }
    // Month names left over from a cut date ("Jane Doe May").
    while (true) {
      size_t sp = r.find_last_not_of(" ,.");
      if (sp == std::string::npos) break;
      r.resize(sp + 1);
      size_t ws = r.rfind(' ');
      if (ws == std::string::npos) break;
      std::string_view last = std::string_view(r).substr(ws + 1);
      static constexpr std::string_view kMonthWords[] = {
          "january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
          "sept", "oct", "nov", "dec", "januar", "februar", "märz", "mai", "juni", "juli", "oktober",
          "dezember"};
      std::string lw = Lower(last);
      if (std::find(std::begin(kMonthWords), std::end(kMonthWords), lw) != std::end(kMonthWords))
        r.resize(ws);
      else
        break;
    }
    // Split on list separators.
    std::vector<std::string> parts;
    std::string cur;
    auto split_word = [&](std::string_view sep, size_t& i) {
      if (r.compare(i, sep.size(), sep) == 0) {
        parts.push_back(cur);
        cur.clear();
        i += sep.size() - 1;
        return true;
      }
      return false;
    };
    for (size_t i = 0; i < r.size(); ++i) {
      char c = r[i];
      if (c == ',' || c == ';' || c == '&' || c == '|' || c == '/' || c == '\n') {
        parts.push_back(cur);
        cur.clear();
        continue;
      }
      if (c == ' ' && (split_word(" and ", i) || split_word(" und ", i) || split_word(" et ", i) ||
                       split_word(" y ", i) || split_word(" e ", i) || split_word(" og ", i) ||
                       split_word(" en ", i) || split_word(" i ", i) || split_word(" och ", i) ||
                       split_word(" AND ", i)))
        continue;
      cur.push_back(c);
    }
    parts.push_back(cur);
    for (std::string& p : parts) {
      // "Jane Doe, Reporter" was split: a role word alone is dropped below by
      // being lower-case or a known role.
      std::string t = Collapse(p);
      std::string l = Lower(t);
      static constexpr std::string_view kRoles[] = {
          "reporter", "staff writer", "correspondent", "editor", "senior editor", "contributor",
          "columnist", "writer", "staff", "updated", "published", "photographer", "associated press writer",
          "ap", "more", "and", "others", "et al", "news desk", "redaktion"};
      bool role = false;
      for (std::string_view x : kRoles) role |= l == x;
      if (role || t.empty()) continue;
      // Names start upper-case (or non-Latin).
      unsigned char f = t[0];
      if (std::islower(f) && Lower(t.substr(0, 3)) != "by ") continue;
      add(t);
    }
  }
  return out;
}

namespace {

bool IsArticleType(std::string_view t) {
  return t.find("Article") != std::string_view::npos || t == "BlogPosting" || t == "LiveBlogPosting" ||
         t == "SocialMediaPosting" || t == "Report" || t == "ReportageNews" || t == "AnalysisNewsArticle" ||
         t == "OpinionNewsArticle" || t == "Review";
}

bool IsNonArticleType(std::string_view t) {
  return t == "CollectionPage" || t == "SearchResultsPage" || t == "ItemList" || t == "ProfilePage" ||
         t == "ImageGallery" || t == "MediaGallery" || t == "VideoGallery";
}

// JSON-LD is read through simdjson (most pages; several KB of JSON each) and,
// for what simdjson refuses that nlohmann accepts (integers beyond 64 bits),
// through nlohmann. The reading logic below is written once over a value
// handle: `const json*` or `simdjson::dom::element`. A key given twice counts
// with its last value, as nlohmann keeps it.
using SjElement = simdjson::dom::element;

bool IsString(const json* j) { return j->is_string(); }
bool IsArray(const json* j) { return j->is_array(); }
bool IsObject(const json* j) { return j->is_object(); }
bool IsBool(const json* j) { return j->is_boolean(); }
std::string_view StringOf(const json* j) { return j->get_ref<const std::string&>(); }
bool BoolOf(const json* j) { return j->get<bool>(); }
std::optional<const json*> Find(const json* o, std::string_view key) {
  auto it = o->find(key);
  if (it == o->end()) return std::nullopt;
  return &*it;
}
template <class F>
void ForEach(const json* a, F&& f) {
  for (const json& x : *a) f(&x);
}
std::optional<const json*> First(const json* a) {
  if (a->empty()) return std::nullopt;
  return &(*a)[0];
}

bool IsString(const SjElement& j) { return j.type() == simdjson::dom::element_type::STRING; }
bool IsArray(const SjElement& j) { return j.type() == simdjson::dom::element_type::ARRAY; }
bool IsObject(const SjElement& j) { return j.type() == simdjson::dom::element_type::OBJECT; }
bool IsBool(const SjElement& j) { return j.type() == simdjson::dom::element_type::BOOL; }
std::string_view StringOf(const SjElement& j) { return j.get_string().value_unsafe(); }
bool BoolOf(const SjElement& j) { return j.get_bool().value_unsafe(); }
std::optional<SjElement> Find(const SjElement& o, std::string_view key) {
  std::optional<SjElement> found;
  // (value_unsafe() returns into the temporary result: copy before iterating.)
  const simdjson::dom::object object = o.get_object().value_unsafe();
  for (auto field : object)
    if (field.key == key) found = field.value;
  return found;
}
template <class F>
void ForEach(const SjElement& a, F&& f) {
  const simdjson::dom::array array = a.get_array().value_unsafe();
  for (SjElement x : array) f(x);
}
std::optional<SjElement> First(const SjElement& a) {
  const simdjson::dom::array array = a.get_array().value_unsafe();
  for (SjElement x : array) return x;
  return std::nullopt;
}

template <class J>
std::vector<std::string> Types(const J& o) {
  std::vector<std::string> out;
  auto it = Find(o, "@type");
  if (!it) return out;
  if (IsString(*it)) out.emplace_back(StringOf(*it));
  else if (IsArray(*it))
    ForEach(*it, [&](const J& t) {
      if (IsString(t)) out.emplace_back(StringOf(t));
    });
  return out;
}

template <class J>
std::string Str(const J& o, std::string_view key) {
  auto it = Find(o, key);
  if (!it) return "";
  if (IsString(*it)) return std::string(StringOf(*it));
  if (IsArray(*it)) {
    auto first = First(*it);
    if (first && IsString(*first)) return std::string(StringOf(*first));
  }
  if (IsObject(*it)) {
    auto n = Find(*it, "name");
    if (n && IsString(*n)) return std::string(StringOf(*n));
    auto id = Find(*it, "@id");
    if (id && IsString(*id)) return std::string(StringOf(*id));
  }
  return "";
}

template <class J>
void AuthorNames(const J& a, std::vector<std::string>* out) {
  if (IsString(a)) {
    out->emplace_back(StringOf(a));
  } else if (IsArray(a)) {
    ForEach(a, [&](const J& x) { AuthorNames(x, out); });
  } else if (IsObject(a)) {
    auto n = Find(a, "name");
    if (n) {
      if (IsString(*n)) out->emplace_back(StringOf(*n));
      else if (IsArray(*n)) AuthorNames(*n, out);
    } else {
      std::string gn = Str(a, "givenName"), fn = Str(a, "familyName");
      if (!gn.empty() || !fn.empty()) out->push_back(Collapse(gn + " " + fn));
    }
  }
}

struct JsonLd {
  std::string headline, published, modified, publisher, body, url;
  std::vector<std::string> authors;
  bool article = false, non_article = false, paywalled = false;
  int depth_found = 99;
};

template <class J>
void Visit(const J& j, JsonLd* ld, int depth) {
  if (depth > 8) return;
  if (IsArray(j)) {
    ForEach(j, [&](const J& x) { Visit(x, ld, depth + 1); });
    return;
  }
  if (!IsObject(j)) return;
  bool art = false;
  const std::vector<std::string> types = Types(j);
  for (const std::string& t : types) {
    if (IsArticleType(t)) art = true;
    if (IsNonArticleType(t)) ld->non_article = true;
  }
  if (art && !ld->article) {
    ld->article = true;
    ld->headline = Str(j, "headline");
    if (ld->headline.empty()) ld->headline = Str(j, "name");
    ld->published = Str(j, "datePublished");
    if (ld->published.empty()) ld->published = Str(j, "dateCreated");
    ld->modified = Str(j, "dateModified");
    if (auto a = Find(j, "author")) AuthorNames(*a, &ld->authors);
    if (ld->authors.empty())
      if (auto c = Find(j, "creator")) AuthorNames(*c, &ld->authors);
    ld->publisher = Str(j, "publisher");
    ld->body = Str(j, "articleBody");
    ld->url = Str(j, "url");
    auto fr = Find(j, "isAccessibleForFree");
    if (fr && ((IsBool(*fr) && !BoolOf(*fr)) || (IsString(*fr) && Lower(StringOf(*fr)) == "false")))
      ld->paywalled = true;
  } else if (!art) {
    // Publisher / WebSite names as a fallback outlet.
    for (const std::string& t : types)
      if ((t == "WebSite" || t == "NewsMediaOrganization" || t == "Organization") && ld->publisher.empty() &&
          !ld->article)
        ld->publisher = Str(j, "name");
  }
  if (auto g = Find(j, "@graph")) Visit(*g, ld, depth + 1);
  auto me = Find(j, "mainEntity");
  if (me && IsObject(*me)) Visit(*me, ld, depth + 1);
}

// Reads one JSON-LD script's text into `ld`.
void ReadJsonLd(std::string_view script, JsonLd* ld) {
  // Some pages wrap it in <![CDATA[ ... ]]> or comments: keep the JSON.
  size_t first = script.find_first_of("{["), last = script.find_last_of("}]");
  if (first == std::string_view::npos || last == std::string_view::npos || last < first) return;
  std::string text(script.substr(first, last - first + 1));
  thread_local simdjson::dom::parser parser;
  SjElement root;
  auto error = parser.parse(text).get(root);
  if (error == simdjson::UNESCAPED_CHARS) {
    // Raw line breaks and tabs inside strings: read as spaces.
    for (char& c : text)
      if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    error = parser.parse(text).get(root);
  }
  if (!error) {
    Visit(root, ld, 0);
    return;
  }
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) {
    for (char& c : text)
      if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    j = json::parse(text, nullptr, false);
  }
  if (!j.is_discarded()) Visit(static_cast<const json*>(&j), ld, 0);
}

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// The words of `s`: runs of ASCII letters and digits and non-ASCII bytes,
// ASCII lower-cased.
std::vector<std::string> Words(std::string_view s) {
  std::vector<std::string> out;
  std::string w;
  for (unsigned char c : s) {
    if (IsAsciiAlnum(c) || (c & 0x80)) {
      w.push_back(AsciiLower(static_cast<char>(c)));
    } else if (!w.empty()) {
      out.push_back(std::move(w));
      w.clear();
    }
  }
  if (!w.empty()) out.push_back(std::move(w));
  return out;
}

// Whether at least half of the words of `a` (two or more) are words of `b`:
// two wordings of one headline.
bool SharesHalfTheWords(std::string_view a, std::string_view b) {
  const std::vector<std::string> wa = Words(a), wb = Words(b);
  if (wa.size() < 2) return false;
  // (A set: a hostile page's <h1> and headline can be 100,000 words each.)
  const std::unordered_set<std::string_view> in_b(wb.begin(), wb.end());
  size_t shared = 0;
  for (const std::string& w : wa) shared += in_b.count(w);
  return 2 * shared >= wa.size();
}

// Cuts a site-name suffix or prefix from a title.
std::string StripSiteName(const std::string& title, const std::string& site, const std::vector<std::string>& h1s) {
  static constexpr std::string_view kSeps[] = {" | ", " - ", " \u2013 ", " \u2014 ", " :: ", " \u00b7 ",
                                               " \u00bb ", " // ", " \u2022 ", " : "};
  std::string site_n = AlnumKey(site);
  for (std::string_view sep : kSeps) {
    size_t p = title.rfind(sep);
    if (p == std::string::npos || p == 0) continue;
    std::string head = title.substr(0, p), tail = title.substr(p + sep.size());
    std::string tail_n = AlnumKey(tail);
    bool h1_confirms = false;
    for (const std::string& h : h1s) h1_confirms |= AlnumKey(h) == AlnumKey(head);
    bool names_site = !site_n.empty() && !tail_n.empty() &&
                      (site_n.find(tail_n) != std::string::npos || tail_n.find(site_n) != std::string::npos);
    size_t tail_words = 1 + std::count(tail.begin(), tail.end(), ' ');
    bool looks_site = tail_words <= 4 && (tail.find(".com") != std::string::npos ||
                                          tail.find(".de") != std::string::npos || sep == " | ");
    if (names_site || h1_confirms || looks_site) return StripSiteName(head, site, h1s);
    // Site name first: "Site | Title". The first part names the site when it
    // is part of the site's name or the name with little else ("DER SPIEGEL"
    // for "Spiegel"); a headline that mentions the site ("Trip @ Blog :: Host",
    // site "Blog") is no site name.
    std::size_t q = title.find(sep);
    std::string first = title.substr(0, q);
    std::string first_n = AlnumKey(first);
    if (!site_n.empty() && !first_n.empty() &&
        (site_n.find(first_n) != std::string::npos ||
         (first_n.find(site_n) != std::string::npos && first_n.size() < 2 * site_n.size())))
      return title.substr(q + sep.size());
  }
  // Unspaced: "...커졌다-정치ㅣ한국일보", "...refit-Local|Harbour Times": after
  // the headline, short one-word sections and last the site name, glued
  // with "-", "|" or "ㅣ". One pass from the end: the last separator's tail
  // must name the site; then one-word sections (no space, at most 24 bytes)
  // back to where the headline ends.
  if (!site_n.empty() && title.size() > 2) {
    static constexpr std::string_view kTight[] = {"-", "|", "\u3163", "\uff5c"};
    const std::string_view t(title);
    // The separator that ends at `end` (exclusive), or 0.
    auto tight_before = [&](size_t end) -> size_t {
      for (std::string_view sep : kTight)
        if (end >= sep.size() && t.substr(end - sep.size(), sep.size()) == sep) return sep.size();
      return 0;
    };
    const size_t floor = t.size() > 128 ? t.size() - 128 : 1;
    size_t site_from = t.size();  // the site name runs from here to the end
    while (site_from > floor && !tight_before(site_from)) --site_from;
    const size_t site_sep = tight_before(site_from);
    if (site_sep && t.size() - site_from <= 40 && site_from - site_sep > 0 &&
        AlnumKey(std::string(t.substr(site_from))).find(site_n) != std::string::npos) {
      size_t cut = site_from - site_sep;  // the headline ends here so far
      // Sections before the site: "-정치" in "...커졌다-정치ㅣ한국일보".
      for (size_t end = cut; end > floor;) {
        size_t from = end;
        while (from > floor && !tight_before(from) && t[from - 1] != ' ' && end - from < 24) --from;
        const size_t sep = tight_before(from);
        if (!sep || from == end || from - sep == 0) break;
        cut = from - sep;
        end = cut;
      }
      return std::string(TrimView(t.substr(0, cut)));
    }
  }
  return title;
}

std::string ResolveUrl(std::string_view href, std::string_view base) {
  href = TrimView(href);
  if (href.empty()) return "";
  if (href.substr(0, 7) == "http://" || href.substr(0, 8) == "https://") return std::string(href);
  if (href.substr(0, 2) == "//") {
    size_t c = base.find("://");
    return std::string(c == std::string_view::npos ? "https:" : base.substr(0, c + 1)) + std::string(href);
  }
  size_t c = base.find("://");
  if (c == std::string_view::npos) return "";
  size_t host_end = base.find('/', c + 3);
  std::string origin(base.substr(0, host_end));
  if (href[0] == '/') return origin + std::string(href);
  return "";
}

}  // namespace

Metadata ExtractMetadata(const Dom& dom, std::string_view url) {
  Metadata md;
  std::vector<std::pair<std::string, std::string>> metas;  // lower-case key -> content
  std::string title_tag;
  std::vector<std::string> h1s;
  std::vector<std::string> rel_authors;
  std::string canonical;
  JsonLd ld;
  std::vector<std::string> time_dates;
  std::vector<std::string> byline_elems;  // texts of itemprop=author / byline-classed elements
  const size_t n = dom.size();
  // Inside a <nav> (menus, breadcrumbs ending in the page's own name) is no
  // headline, byline or date of the article; the pre-scan drops most navs'
  // contents anyway (NavigationCounts).
  uint32_t nav_end = 0;
  for (uint32_t i = 0; i < n; ++i) {
    const Node& nd = dom.node(i);
    if (nd.tag == Tag::kNav && i >= nav_end) nav_end = nd.end;
    if (i < nav_end) continue;
    switch (nd.tag) {
      case Tag::kHtml:
        if (md.html_lang.empty()) {
          std::string l = Lower(TrimView(dom.Attribute(i, "lang")));
          md.html_lang = l.substr(0, l.find_first_of("-_"));
        }
        break;
      case Tag::kMeta: {
        std::string_view content = dom.Attribute(i, "content");
        if (content.empty()) break;
        for (const char* k : {"property", "name", "itemprop", "http-equiv"}) {
          std::string_view key = dom.Attribute(i, k);
          if (!key.empty()) metas.emplace_back(Lower(TrimView(key)), DecodeEntities(content));
        }
        break;
      }
      case Tag::kTitle:
        if (title_tag.empty()) title_tag = Collapse(dom.TextContent(i));
        break;
      case Tag::kH1:
        if (h1s.size() < 5) {
          std::string t = Collapse(dom.TextContent(i));
          if (!t.empty()) h1s.push_back(std::move(t));
        }
        break;
      case Tag::kLink: {
        std::string rel = Lower(dom.Attribute(i, "rel"));
        if (rel == "canonical" && canonical.empty()) canonical = std::string(dom.Attribute(i, "href"));
        break;
      }
      case Tag::kA: {
        std::string rel = Lower(dom.Attribute(i, "rel"));
        if (rel.find("author") != std::string::npos && rel_authors.size() < 6)
          rel_authors.push_back(Collapse(dom.TextContent(i)));
        break;
      }
      case Tag::kDiv: case Tag::kSpan: case Tag::kP: case Tag::kAddress:
      case Tag::kOther: case Tag::kLi: case Tag::kStrong: case Tag::kB: case Tag::kSection: {
        if (byline_elems.size() >= 6 || nd.attr_count == 0) break;
        std::string_view itemprop = dom.Attribute(i, "itemprop");
        // Class and id, case-insensitively (no pattern holds a space, so
        // looking in each is looking in "class id").
        std::string_view cls = dom.Attribute(i, "class"), id = dom.Attribute(i, "id");
        auto has = [&](std::string_view pattern) {
          return ContainsIgnoreCase(cls, pattern) || ContainsIgnoreCase(id, pattern);
        };
        // Most elements name neither: one pass each tells (the checks below take nine).
        if (itemprop != "author" && itemprop != "creator" && !MentionsByline(cls) && !MentionsByline(id)) break;
        bool by = itemprop == "author" || itemprop == "creator" ||
                  ((has("byline") || has("author")) && !has("bio") && !has("avatar") && !has("image") &&
                   !has("img") && !has("photo"));
        if (!by) break;
        std::string t = Collapse(dom.TextContent(i));
        if (!t.empty() && t.size() < 120) byline_elems.push_back(std::move(t));
        break;
      }
      case Tag::kTime: {
        std::string_view dt = dom.Attribute(i, "datetime");
        if (!dt.empty() && time_dates.size() < 4) time_dates.emplace_back(dt);
        break;
      }
      default:
        break;
    }
  }
  for (size_t k = 0; k < dom.json_ld_count(); ++k) ReadJsonLd(dom.JsonLd(k), &ld);
  auto meta = [&](std::initializer_list<std::string_view> keys) -> std::string {
    for (std::string_view k : keys)
      for (const auto& [key, value] : metas)
        if (key == k) {
          std::string v = Collapse(value);
          if (!v.empty()) return v;
        }
    return "";
  };

  md.outlet = meta({"og:site_name", "application-name", "al:android:app_name", "al:ios:app_name"});
  if (md.outlet.empty()) md.outlet = DecodeEntities(Collapse(ld.publisher));
  if (md.outlet.empty() && !ld.article) md.outlet = DecodeEntities(Collapse(ld.publisher));

  // Title.
  std::vector<std::string> cands;
  if (!ld.headline.empty()) cands.push_back(DecodeEntities(Collapse(ld.headline)));
  for (std::string_view k : {"og:title", "twitter:title", "title", "dc.title", "headline"}) {
    std::string v = meta({k});
    if (!v.empty()) cands.push_back(v);
  }
  if (!title_tag.empty()) cands.push_back(title_tag);
  std::vector<std::string> cand_keys;
  cand_keys.reserve(cands.size());
  for (const std::string& c : cands) cand_keys.push_back(AlnumKey(c));
  // Whether `rest` is all of another candidate: a title made of an <h1> and
  // another candidate ("Blog Name: Post Title" beside og:title "Post Title")
  // has the <h1> as a site or section name before the headline.
  auto is_candidate = [&](std::string_view rest) {
    return std::find(cand_keys.begin(), cand_keys.end(), rest) != cand_keys.end();
  };
  // The first candidate (its site name cut) other than `chosen` whose words
  // are `key`, else `chosen`: the same title as its publisher punctuates it.
  auto punctuated_as_candidate = [&](const std::string& chosen, const std::string& key) -> std::string {
    for (const std::string& c : cands) {
      std::string stripped = StripSiteName(c, md.outlet, h1s);
      if (stripped != chosen && AlnumKey(stripped) == key) return stripped;
    }
    return chosen;
  };
  // The article's own metadata (JSON-LD headline, og:title, twitter:title, ...)
  // comes before the <title> tag, which is last when present.
  const size_t article_cands = cands.size() - (title_tag.empty() ? 0 : 1);
  std::string title;
  for (const std::string& h : h1s) {
    std::string hn = AlnumKey(h);
    if (hn.empty()) continue;
    bool by_title_tag = false;
    for (size_t k = 0; k < cand_keys.size(); ++k) {
      const std::string& cn = cand_keys[k];
      // Equal, or one a prefix of the other: a meta title with a suffix, or
      // a JSON-LD headline cut short.
      if (cn == hn ||
          (cn.size() > hn.size() && cn.compare(0, hn.size(), hn) == 0 && hn.size() >= 10 &&
           !is_candidate(std::string_view(cn).substr(hn.size()))) ||
          (hn.size() > cn.size() && hn.compare(0, cn.size(), cn) == 0 && cn.size() >= 20)) {
        if (k >= article_cands) {
          by_title_tag = true;
          continue;
        }
        title = h;
        break;
      }
    }
    if (title.empty() && by_title_tag) {
      // Only the <title> tag repeats the <h1>, and the article's metadata
      // gives the same story another headline (half of its words in the
      // <h1>): the publisher's headline is the metadata's, the <h1> and the
      // <title> the page's longer wording of it. Without such a headline the
      // <title> confirms the <h1>.
      for (size_t k = 0; k < article_cands && title.empty(); ++k)
        if (SharesHalfTheWords(cands[k], h)) title = StripSiteName(cands[k], md.outlet, h1s);
      if (!title.empty()) {
        md.displayed_title = h;
        break;
      }
      title = h;  // and, as below, the <title>'s punctuation if its words are the <h1>'s
    }
    // The same words as a meta title but other punctuation: the <h1> is often
    // a kicker and a headline in two elements run together ("Flut Zwei"), or
    // typographic quotes over the publisher's own plain ones; the meta title,
    // with its site name cut, says what the publisher calls the article.
    if (!title.empty()) title = punctuated_as_candidate(title, hn);
    if (!title.empty()) break;
  }
  if (title.empty() && !cands.empty()) {
    // As for an <h1>: a meta title with the same words and other punctuation
    // is what the publisher calls the article (a JSON-LD headline is often a
    // copy with "-" for ":" or plain quotes).
    title = StripSiteName(cands[0], md.outlet, h1s);
    title = punctuated_as_candidate(title, AlnumKey(title));
  }
  if (title.empty() && !h1s.empty()) title = h1s[0];
  md.title = title;

  // Authors: the first source that names a person. The outlet named beside a
  // person is the publisher, not a second author; the outlet alone is kept
  // only when no source names anyone else.
  std::string outlet_n = AlnumKey(md.outlet);
  auto is_outlet = [&](const std::string& a) {
    std::string an = AlnumKey(a);
    return !outlet_n.empty() &&
           (an == outlet_n || (a.find('.') != std::string::npos && an.compare(0, outlet_n.size(), outlet_n) == 0));
  };
  std::vector<std::string> authors;
  // Takes the names one source gives; true when one of them is a person.
  auto take = [&](std::vector<std::string> found) {
    std::vector<std::string> people;
    for (const std::string& a : found)
      if (!is_outlet(a)) people.push_back(a);
    if (!people.empty()) {
      authors = std::move(people);
      return true;
    }
    if (authors.empty()) authors = std::move(found);
    return false;
  };
  bool person = take(CleanAuthors(ld.authors));
  if (!person) {
    std::vector<std::string> raw;
    for (std::string_view k : {"author", "article:author", "parsely-author", "sailthru.author", "dc.creator",
                               "dcterms.creator", "byl", "cxenseparse:author", "twitter:creator:name"})
      for (const auto& [key, value] : metas)
        if (key == k && value.find("://") == std::string::npos) raw.push_back(value);
    person = take(CleanAuthors(raw));
  }
  if (!person) person = take(CleanAuthors(rel_authors));
  // Byline-classed elements are a guess: they don't overrule the outlet.
  for (size_t k = 0; !person && authors.empty() && k < byline_elems.size(); ++k)
    person = take(CleanAuthors({byline_elems[k]}));
  md.authors = std::move(authors);

  // Dates.
  std::string pub = NormalizeDate(ld.published);
  if (pub.empty())
    pub = NormalizeDate(meta({"article:published_time", "og:article:published_time", "datepublished",
                              "published_time", "pubdate", "publishdate", "publish-date", "date",
                              "parsely-pub-date", "sailthru.date", "dc.date", "dc.date.issued",
                              "dcterms.created", "dcterms.date", "article.published", "og:published_time",
                              "date.available", "cxenseparse:recs:publishtime", "release_date", "last-modified"}));
  for (size_t k = 0; pub.empty() && k < time_dates.size(); ++k) pub = NormalizeDate(time_dates[k]);
  if (pub.empty() && !url.empty()) {
    // /2024/05/02/ in the URL.
    std::string u(url);
    for (size_t i = 0; i + 11 <= u.size() && pub.empty(); ++i) {
      int y, m, d;
      if (u[i] == '/' && Digits(u, i + 1, 4, &y) && u[i + 5] == '/' && Digits(u, i + 6, 2, &m) &&
          i + 11 < u.size() && u[i + 8] == '/' && Digits(u, i + 9, 2, &d) && ValidDate(y, m, d))
        pub = FormatDate(y, m, d);
    }
  }
  md.published = pub;
  md.modified = NormalizeDate(ld.modified);
  if (md.modified.empty())
    md.modified = NormalizeDate(meta({"article:modified_time", "og:updated_time", "datemodified", "dc.date.modified",
                                      "dcterms.modified", "modified_time"}));

  // Canonical URL.
  md.canonical_url = ResolveUrl(canonical, url);
  if (md.canonical_url.empty()) md.canonical_url = ResolveUrl(meta({"og:url"}), url);
  if (md.canonical_url.empty() && !ld.url.empty()) md.canonical_url = ResolveUrl(ld.url, url);

  md.article_body = ld.body;
  std::string og_type = Lower(meta({"og:type"}));
  md.typed_article = ld.article || og_type == "article" || og_type.find("article") != std::string::npos;
  md.typed_non_article = ld.non_article && !ld.article;
  md.paywall_marked = ld.paywalled;
  return md;
}

}  // namespace storyline::extract::html
