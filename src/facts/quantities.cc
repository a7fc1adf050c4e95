// Numbers and quantities: a hand-written scanner over tokens
// (facts/timex_lex.h).
//
// What it finds, and how values and units are written:
//  - money: "$190bn" = 190e9 USD, "$4.2 billion", "€1.3bn" (EUR), "£20m"
//    (GBP), "US$5", "HK$3" (HKD), "200 million yuan" (CNY), "Rs 5 crore" =
//    5e7 INR, "10 trillion won"; the unit is the ISO 4217 code;
//  - percentages: "29 percent", "29%", "4.5 per cent" (unit "percent"),
//    "2 percentage points" (unit "percentage point");
//  - counts and measures: "3,400 workers" (unit "workers"), "12 people"
//    ("people"), "a dozen soldiers" (12), "two million barrels" (2e6
//    "barrel"), "300 km" ("km"), "12-point" (12 "point"), "two-day" (2 "day"),
//    "three days" (3 "day"); a number followed by no noun has unit "";
//  - modifiers are part of the span and text ("at least 12", "more than 300
//    people", "nearly $2bn") but not of the value;
//  - ranges ("200-300 people", "between 200 and 300") are one quantity whose
//    value is the first (lower) number;
//  - not numbers here: years ("in 2019"), days of dates ("March 20", "20
//    March", "Mar 20 to 22", "2023-03-17"), clock times ("3:42"), ordinals
//    ("20th"), "one" as a pronoun ("one of them") and "a"/"an" alone.
#include <fmt/format.h>

#include <cmath>
#include <cstring>

#include "facts/timex_lex.h"
#include "storyline/facts.h"

namespace storyline::facts {
namespace {

using lex::Kind;
using lex::Tok;

double Multiplier(std::string_view w, bool money) {
  if (w == "billion" || w == "bn" || w == "bln" || w == "b") return w == "b" && !money ? 0 : 1e9;
  if (w == "million" || w == "mn" || w == "mln" || w == "m") return w == "m" && !money ? 0 : 1e6;
  if (w == "trillion" || w == "tn" || w == "trn") return 1e12;
  if (w == "thousand" || w == "k") return w == "k" && !money ? 0 : 1e3;
  if (w == "crore" || w == "crores") return 1e7;
  if (w == "lakh" || w == "lakhs") return 1e5;
  if (w == "hundred") return 100;
  if (w == "dozen") return 12;  // "two dozen members" (a dozen alone is read as a number word)
  return 0;
}

const char* CurrencyWord(std::string_view w) {
  static constexpr struct { std::string_view w; const char* code; } kWords[] = {
      {"dollars", "USD"}, {"dollar", "USD"},  {"usd", "USD"},    {"euros", "EUR"},    {"euro", "EUR"},
      {"eur", "EUR"},     {"pounds", "GBP"},  {"gbp", "GBP"},    {"sterling", "GBP"}, {"yuan", "CNY"},
      {"renminbi", "CNY"}, {"rmb", "CNY"},    {"cny", "CNY"},    {"yen", "JPY"},      {"jpy", "JPY"},
      {"rupees", "INR"},  {"rupee", "INR"},   {"inr", "INR"},    {"roubles", "RUB"},  {"rubles", "RUB"},
      {"rouble", "RUB"},  {"ruble", "RUB"},   {"rub", "RUB"},    {"hryvnias", "UAH"}, {"hryvnia", "UAH"},
      {"francs", "CHF"},  {"chf", "CHF"},     {"won", "KRW"},    {"pesos", "MXN"},    {"lira", "TRY"},
  };
  for (const auto& e : kWords)
    if (w == e.w) return e.code;
  return nullptr;
}

// Measure units and time units: normalised short code.
const char* UnitWord(std::string_view w) {
  static constexpr struct { std::string_view w; const char* code; } kWords[] = {
      {"km", "km"},          {"kms", "km"},        {"kilometres", "km"},  {"kilometers", "km"}, {"kilometre", "km"},
      {"kilometer", "km"},   {"miles", "mile"},    {"mile", "mile"},      {"metres", "m"},      {"meters", "m"},
      {"metre", "m"},        {"meter", "m"},       {"m", "m"},            {"cm", "cm"},         {"mm", "mm"},
      {"kg", "kg"},          {"kilograms", "kg"},  {"kilogram", "kg"},    {"kilos", "kg"},      {"tonnes", "t"},
      {"tonne", "t"},        {"tons", "t"},        {"ton", "t"},          {"barrels", "barrel"}, {"barrel", "barrel"},
      {"bpd", "barrel/day"}, {"mw", "MW"},         {"gw", "GW"},          {"kwh", "kWh"},       {"feet", "ft"},
      {"foot", "ft"},        {"ft", "ft"},         {"degrees", "degree"}, {"degree", "degree"}, {"points", "point"},
      {"point", "point"},    {"seconds", "second"}, {"second", "second"}, {"minutes", "minute"}, {"minute", "minute"},
      {"hours", "hour"},     {"hour", "hour"},     {"days", "day"},       {"day", "day"},       {"weeks", "week"},
      {"week", "week"},      {"months", "month"},  {"month", "month"},    {"years", "year"},    {"year", "year"},
      {"decades", "decade"}, {"decade", "decade"}, {"people", "people"},  {"persons", "people"}, {"person", "people"},
      {"gb", "GB"},          {"mb", "MB"},         {"tb", "TB"},          {"hectares", "ha"},   {"acres", "acre"},
      {"litres", "l"},       {"liters", "l"},      {"gallons", "gallon"}, {"mph", "mph"},       {"kph", "km/h"},
  };
  for (const auto& e : kWords)
    if (w == e.w) return e.code;
  return nullptr;
}

}  // namespace

bool UsesDecimalComma(std::string_view language) {
  static constexpr std::string_view kCodes[] = {"de", "fr", "es", "it", "pt", "nl", "ru", "pl", "tr", "sv", "da",
                                                "no", "nb", "nn", "fi", "cs", "sk", "ro", "hu", "id", "uk", "el",
                                                "hr", "sr", "sl", "bg", "lt", "lv", "et", "ca", "is", "az", "vi"};
  std::string_view primary = language.substr(0, language.find_first_of("-_"));
  for (std::string_view code : kCodes)
    if (primary == code) return true;
  return false;
}

namespace {

// A number written with a decimal comma and dots between thousands
// ("1.900", "6,4", "1.234,5"); -1 when it is not one ("1.2.3", "12.34").
double DecimalCommaValue(std::string_view digits) {
  double v = 0, scale = 0;
  int since_dot = -1;
  for (char c : digits) {
    if (c >= '0' && c <= '9') {
      if (scale > 0) {
        v += (c - '0') / scale;
        scale *= 10;
      } else {
        v = v * 10 + (c - '0');
        if (since_dot >= 0) ++since_dot;
      }
    } else if (c == '.') {
      if (scale > 0 || (since_dot >= 0 && since_dot != 3)) return -1;
      since_dot = 0;
    } else if (c == ',') {
      if (scale > 0 || (since_dot >= 0 && since_dot != 3)) return -1;
      scale = 10;
      since_dot = -1;
    } else {
      return -1;  // "3:42"
    }
  }
  if (since_dot >= 0 && since_dot != 3) return -1;
  return v;
}

bool FunctionWord(std::string_view w) {
  static constexpr std::string_view kWords[] = {
      "the",   "of",    "and",  "to",    "in",   "on",    "at",   "for",   "a",     "an",    "or",    "by",
      "with",  "from",  "as",   "is",    "are",  "was",   "were", "that",  "which", "who",   "it",    "its",
      "be",    "been",  "has",  "have",  "had",  "but",   "if",   "than",  "then",  "so",    "not",   "no",
      "this",  "these", "those", "their", "his", "her",   "they", "he",    "she",   "we",    "you",   "i",
      "per",   "more",  "less", "up",    "down", "over",  "under", "about", "into", "out",   "after", "before",
      "times", "will",  "would", "can",  "could", "may",  "might", "said", "says",  "percent", "pct", "o",
      "s",     "st",    "nd",   "rd",    "th",   "all",   "each", "other", "such",  "when",  "while", "since",
      "until", "between", "among", "against", "during", "through", "also", "only", "just", "even", "now",
  };
  for (std::string_view k : kWords)
    if (w == k) return true;
  return false;
}

bool IsMonthName(const Tok& t) {
  static const char* kNames[] = {"january", "february", "march", "april",  "may",  "june", "july", "august",
                                 "september", "october", "november", "december", "jan", "feb", "mar", "apr",
                                 "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"};
  if (t.kind != Kind::kWord || !t.cap) return false;
  for (const char* n : kNames)
    if (t.lw == n) return true;
  return false;
}

class Finder {
 public:
  Finder(std::string_view text, bool decimal_comma)
      : text_(text), t_(lex::TokenizeKept(text)), decimal_comma_(decimal_comma) {}

  std::vector<Quantity> Run() {
    std::vector<Quantity> out;
    size_t i = 0;
    while (i < t_.size()) {
      size_t end = 0;
      Quantity q;
      if (Try(i, &q, &end)) {
        q.text = std::string(text_.substr(q.span.begin, q.span.size()));
        out.push_back(std::move(q));
        i = end;
      } else {
        ++i;
      }
    }
    return out;
  }

 private:
  bool W(size_t i, std::string_view w) const { return i < t_.size() && t_[i].kind == Kind::kWord && t_[i].lw == w; }
  bool P(size_t i, char c) const { return i < t_.size() && t_[i].kind == Kind::kPunct && t_[i].punct == c; }
  bool Adj(size_t a, size_t b) const { return b < t_.size() && t_[a].e == t_[b].b; }
  // Token k opens a sentence, paragraph or quotation.
  bool SentenceStart(size_t k) const {
    if (k == 0) return true;
    const Tok& before = t_[k - 1];
    if (before.kind == Kind::kPunct && std::strchr(".!?:;\"'(", before.punct) != nullptr) return true;
    return text_.substr(before.e, t_[k].b - before.e).find('\n') != std::string_view::npos;
  }

  // Currency before a number: "$", "€", "£", "¥", "₹", "US$", "HK$", "Rs", "Rs.", "USD".
  const char* CurrencyPrefix(size_t i, size_t* next) const {
    const Tok& a = t_[i];
    if (a.kind == Kind::kPunct) {
      const char* c = a.punct == '$' ? "USD" : a.punct == 'E' ? "EUR" : a.punct == 'L' ? "GBP"
                    : a.punct == 'Y' ? "CNY" : a.punct == 'R' ? "INR" : nullptr;
      if (c) *next = i + 1;
      return c;
    }
    if (a.kind != Kind::kWord) return nullptr;
    if (P(i + 1, '$') && Adj(i, i + 1)) {
      const char* c = a.lw == "us" ? "USD" : a.lw == "hk" ? "HKD" : a.lw == "s" ? "SGD" : a.lw == "a" ? "AUD"
                    : a.lw == "c" ? "CAD" : a.lw == "nz" ? "NZD" : a.lw == "r" ? "BRL" : nullptr;
      if (c && a.cap) *next = i + 2;
      return a.cap ? c : nullptr;
    }
    if (a.lw == "rs" && a.cap) {
      *next = (P(i + 1, '.') && Adj(i, i + 1)) ? i + 2 : i + 1;
      return "INR";
    }
    if (a.upper && (a.lw == "usd" || a.lw == "eur" || a.lw == "gbp" || a.lw == "cny" || a.lw == "rmb" || a.lw == "jpy")) {
      *next = i + 1;
      return CurrencyWord(a.lw);
    }
    return nullptr;
  }

  // Is the number at i part of a date (or a year)?
  bool DatePart(size_t i) const {
    const Tok& a = t_[i];
    if (i > 0 && IsMonthName(t_[i - 1])) return true;
    if (i > 1 && P(i - 1, '.') && IsMonthName(t_[i - 2])) return true;
    if (i + 1 < t_.size() && IsMonthName(t_[i + 1])) return true;
    if (W(i + 1, "of") && i + 2 < t_.size() && IsMonthName(t_[i + 2])) return true;
    // "Mar 20 to 22", "March 20 and 22", "20-22 March"
    if (i > 2 && (W(i - 1, "to") || W(i - 1, "and") || P(i - 1, '-')) && t_[i - 2].kind == Kind::kNumber &&
        (IsMonthName(t_[i - 3]) || (i > 3 && P(i - 3, '.') && IsMonthName(t_[i - 4]))))
      return true;
    if ((P(i + 1, '-') || W(i + 1, "to")) && i + 3 < t_.size() && t_[i + 2].kind == Kind::kNumber &&
        IsMonthName(t_[i + 3]))
      return true;
    // ISO dates and slashed dates
    if ((P(i + 1, '-') || P(i + 1, '/')) && Adj(i, i + 1) && i + 2 < t_.size() && t_[i + 2].kind == Kind::kNumber &&
        Adj(i + 1, i + 2) && (a.e - a.b == 4 || t_[i + 2].e - t_[i + 2].b == 2) && !(P(i + 3, '%')) &&
        (a.e - a.b == 4 || P(i + 3, '/')))
      return true;
    if (i > 1 && (P(i - 1, '-') || P(i - 1, '/')) && Adj(i - 1, i) && t_[i - 2].kind == Kind::kNumber &&
        (t_[i - 2].e - t_[i - 2].b == 4 || (i > 3 && P(i - 3, '/'))) && a.e - a.b == 2)
      return true;
    if (i > 3 && P(i - 1, '-') && P(i - 3, '-') && Adj(i - 1, i) && t_[i - 4].kind == Kind::kNumber &&
        t_[i - 4].e - t_[i - 4].b == 4 && t_[i - 2].kind == Kind::kNumber)
      return true;
    return false;
  }

  // The fraction at token k after a whole number ("1/2", "1-2" one space
  // after it, "-1/2" glued to it; "½", "¼", "¾" glued), or 0; where it ends goes
  // to fraction_end_. A dash between two digits is a fraction only with the
  // space before it, a small numerator under a denominator of 2, 3, 4 or 8:
  // "5 1-2 hours" in wire copy, while "1-2" alone stays a range.
  double Fraction(size_t k, bool glued) {
    if (k >= t_.size()) return 0;
    if (glued && t_[k].kind == Kind::kOther) {
      const std::string_view sign = text_.substr(t_[k].b, t_[k].e - t_[k].b);
      static constexpr std::pair<std::string_view, double> kSigns[] = {{"\u00bd", 0.5}, {"\u00bc", 0.25}, {"\u00be", 0.75}};
      for (const auto& [written, value] : kSigns)
        if (sign == written) {
          fraction_end_ = k + 1;
          return value;
        }
      return 0;
    }
    size_t a = k;
    if (glued) {
      if (!(P(k, '-') && k + 1 < t_.size() && Adj(k, k + 1))) return 0;  // "4-1/2"
      a = k + 1;
    }
    if (a + 2 >= t_.size() || t_[a].kind != Kind::kNumber || t_[a + 2].kind != Kind::kNumber) return 0;
    if (!Adj(a, a + 1) || !Adj(a + 1, a + 2)) return 0;
    const bool slash = P(a + 1, '/'), dash = P(a + 1, '-');
    if (!slash && !(dash && !glued)) return 0;
    const double num = t_[a].num, den = t_[a + 2].num;
    if (t_[a].has_sep || t_[a + 2].has_sep || num < 1 || num >= den || (den != 2 && den != 3 && den != 4 && den != 8))
      return 0;
    // "2 1/2 years" but not "on 3 1/2" of a date ("11/2" is glued, a date part).
    if (a + 3 < t_.size() && Adj(a + 2, a + 3) && (P(a + 3, '/') || P(a + 3, '-'))) return 0;
    fraction_end_ = a + 3;
    return num / den;
  }

  bool IsYear(size_t i) const {
    const Tok& a = t_[i];
    if (a.kind != Kind::kNumber || a.has_sep || a.e - a.b != 4) return false;
    return a.num >= 1800 && a.num <= 2100;
  }

  bool Try(size_t i, Quantity* q, size_t* end) {
    const Tok& a = t_[i];
    size_t start = i;
    size_t j = i;
    // Modifiers: "at least", "more than", "nearly", "about", "up to", "over", "almost", "some".
    if (a.kind == Kind::kWord) {
      // Compared as a view: the lengths first, where a string compares every literal's bytes.
      const std::string_view w = a.lw;
      if ((w == "at" && (W(i + 1, "least") || W(i + 1, "most"))) || (w == "up" && W(i + 1, "to")) ||
          ((w == "more" || w == "less" || w == "fewer") && W(i + 1, "than")))
        j = i + 2;
      else if (w == "nearly" || w == "almost" || w == "about" || w == "around" || w == "roughly" ||
               w == "approximately" || w == "over" || w == "some" || w == "under" || w == "just")
        j = i + 1;
      if (j != i) {
        size_t e2 = 0;
        Quantity q2;
        if (!Core(j, &q2, &e2)) return false;
        q2.span.begin = t_[start].b;
        *q = q2;
        *end = e2;
        return true;
      }
    }
    return Core(i, q, end);
  }

  bool Core(size_t i, Quantity* q, size_t* end) {
    if (i >= t_.size()) return false;
    size_t j = i;
    const char* currency = CurrencyPrefix(i, &j);
    if (!currency) j = i;
    if (j >= t_.size()) return false;
    const Tok& n = t_[j];
    double v = -1;
    size_t k = j;
    bool spelled = false;
    if (n.kind == Kind::kNumber) {
      if (n.num < 0) return false;                  // "3:42"
      // Digits glued to a name are part of an identifier, not a figure:
      // "AF550", "MAX8", "COVID-19", "F-35".
      if (!currency && j > 0 && Adj(j - 1, j) &&
          (t_[j - 1].kind == Kind::kWord || (P(j - 1, '-') && j > 1 && Adj(j - 2, j - 1) && t_[j - 2].kind == Kind::kWord)))
        return false;
      if (!currency && i > 0 && (P(i - 1, '$') || P(i - 1, 'E') || P(i - 1, 'L'))) return false;
      // Ordinals "20th"
      if (k + 1 < t_.size() && Adj(k, k + 1) && t_[k + 1].kind == Kind::kWord &&
          (t_[k + 1].lw == "th" || t_[k + 1].lw == "st" || t_[k + 1].lw == "nd" || t_[k + 1].lw == "rd"))
        return false;
      if (!currency && DatePart(j)) return false;
      v = decimal_comma_ && n.has_sep ? DecimalCommaValue(n.lw) : n.num;
      if (v < 0) return false;
      k = j + 1;
      // A whole number and a fraction: "5 1/2", wire style "5 1-2" and
      // "4-1/2" (5.5, 4.5); "½" and its kind after the digits.
      if (!n.has_sep && v == std::floor(v)) {
        if (double f = Fraction(k, Adj(j, k)); f > 0) {
          v += f;
          k = fraction_end_;
        }
      }
    } else if (n.kind == Kind::kWord && !currency) {
      v = lex::ReadCardinal(t_, j, &k, true);
      if (v < 0) return false;
      if ((n.lw == "a" || n.lw == "an" || n.lw == "single") && k == j + 1) return false;  // "a" alone
      if (n.lw == "zero" && k == j + 1) return false;
      spelled = true;
    } else {
      return false;
    }
    // "3 and one-half years", "two and a half days", "four-and-a-half years".
    if (v == std::floor(v)) {
      auto past_hyphen = [&](size_t i) { return P(i, '-') ? i + 1 : i; };
      const size_t a = past_hyphen(k), b = past_hyphen(a + 1), h = past_hyphen(b + 1);
      if (W(a, "and") && (W(b, "a") || W(b, "one")) && (W(h, "half") || W(h, "quarter"))) {
        v += W(h, "half") ? 0.5 : 0.25;
        k = h + 1;
      }
    }
    // Multiplier: "bn", "billion", "m" (money only), "crore".
    double mult = 1;
    if (k < t_.size() && t_[k].kind == Kind::kWord) {
      double m = Multiplier(t_[k].lw, currency != nullptr);
      if (m > 0 && !(spelled && m == 100 && false)) {
        if (t_[k].lw.size() <= 3 && !Adj(k - 1, k) && !currency && t_[k].lw != "bn" && t_[k].lw != "mn" && t_[k].lw != "tn") m = 0;
        if (m > 0) {
          mult = m;
          ++k;
        }
      }
    }
    // Range "200-300", "200 to 300" (value: the first)
    if (!spelled && mult == 1 && P(k, '-') && Adj(k - 1, k) && k + 1 < t_.size() && t_[k + 1].kind == Kind::kNumber &&
        Adj(k, k + 1) && t_[k + 1].num > v) {
      k += 2;
      if (k < t_.size() && t_[k].kind == Kind::kWord) {
        double m = Multiplier(t_[k].lw, currency != nullptr);
        if (m > 0) { mult = m; ++k; }
      }
    }
    // A ratio ("outnumber Serbs 9-to-1") is no quantity of anything.
    if (!spelled && mult == 1 && P(k, '-') && Adj(k - 1, k) && W(k + 1, "to") && P(k + 2, '-') &&
        k + 3 < t_.size() && t_[k + 3].kind == Kind::kNumber)
      return false;
    std::string unit;
    if (currency) {
      unit = currency;
      if (k < t_.size() && t_[k].kind == Kind::kWord) {
        // "$5 billion dollars" rarely; "US$" handled; "$5 Hong Kong" ignored
      }
    } else {
      // Percent
      if (P(k, '%')) {
        unit = "percent";
        ++k;
      } else if (W(k, "percent") || W(k, "pct")) {
        unit = "percent";
        ++k;
      } else if (W(k, "per") && W(k + 1, "cent")) {
        unit = "percent";
        k += 2;
      } else if (W(k, "percentage") && (W(k + 1, "points") || W(k + 1, "point"))) {
        unit = "percentage point";
        k += 2;
      } else if (k < t_.size() && t_[k].kind == Kind::kWord && CurrencyWord(t_[k].lw) &&
                 !(t_[k].lw == "won" && mult == 1) && !(t_[k].lw == "pound" || (t_[k].lw == "pounds" && false))) {
        unit = CurrencyWord(t_[k].lw);
        ++k;
      } else {
        // Hyphenated adjective: "12-point", "two-day", "30-year-old"
        bool hyphen = P(k, '-') && Adj(k - 1, k) && k + 1 < t_.size() && t_[k + 1].kind == Kind::kWord && Adj(k, k + 1);
        size_t u = hyphen ? k + 1 : k;
        if (u < t_.size() && t_[u].kind == Kind::kWord) {
          const Tok& w = t_[u];
          if (const char* code = UnitWord(w.lw)) {
            if (!(w.lw == "m" && !Adj(u - 1, u)) || true) {
              unit = code;
              k = u + 1;
            }
          } else if (hyphen && !w.cap && !FunctionWord(w.lw)) {
            unit = w.lw;  // "12-point", "five-member"
            k = u + 1;
          } else if (!hyphen && !w.cap && !FunctionWord(w.lw) && w.lw.size() > 1 && w.lw.back() == 's' &&
                     (mult > 1 || v != 1)) {
            unit = w.lw;  // "3,400 workers": a plural noun
            k = u + 1;
          } else if (!hyphen && !w.cap && !FunctionWord(w.lw) && v == 1 && !spelled) {
            // "1 soldier": singular after 1
          }
        }
        // Years are dates, not quantities ("in 2019", "the 2022 elections").
        if (IsYear(j) && mult == 1 && (unit.empty() || !UnitWord(t_[k - 1].lw))) return false;
        // "one" as a pronoun, spelled numbers without a noun or unit
        if (spelled && unit.empty() && mult == 1) {
          if (n.lw == "one" || n.lw == "a" || n.lw == "an" || n.lw == "single") return false;
          if (W(k, "of") && !(i > 0 && (W(i - 1, "least") || W(i - 1, "than")))) return false;  // "two of them"
        }
        if (spelled && n.lw == "one" && (W(k, "of") || unit.empty())) return false;
      }
    }
    // "a year" (spelled "a" + time unit) is a duration, not a number
    if (spelled && (n.lw == "a" || n.lw == "an") && mult == 1 && v == 1) return false;
    // A label, not a figure: "Berth 7", "Terminal 3", "Apollo 11" (a bare
    // number one space after a capitalised name word; a sentence's first
    // word is capitalised anyway: "Nearly 300 died").
    if (!spelled && !currency && unit.empty() && mult == 1 && i == j && j > 0 && t_[j - 1].kind == Kind::kWord &&
        t_[j - 1].cap && !FunctionWord(t_[j - 1].lw) && !IsMonthName(t_[j - 1]) && t_[j].b == t_[j - 1].e + 1 &&
        !SentenceStart(j - 1))
      return false;
    // "4.1 million" is 4100000, not the 4099999.9999999995 that 4.1 x 1e6
    // gives in binary: a written number has at most 15 significant digits.
    double value = v * mult;
    if (mult != 1) value = std::stod(fmt::format("{:.15g}", value));
    q->span = {t_[i].b, t_[k - 1].e};
    q->value = value;
    q->unit = unit;
    *end = k;
    return true;
  }

  std::string_view text_;
  std::span<const Tok> t_;  // lex::TokenizeKept
  bool decimal_comma_;      // "6,4" is 6.4 and "1.900" is 1900 (see UsesDecimalComma)
  size_t fraction_end_ = 0;  // set by Fraction
};

}  // namespace

std::vector<Quantity> FindQuantities(std::string_view text, std::string_view language) {
  Finder f(text, UsesDecimalComma(language));
  return f.Run();
}

}  // namespace storyline::facts
