// Temporal expressions: a hand-written scanner over tokens (facts/timex_lex.h)
// that finds dates, times, durations and sets and resolves them to TIMEX3
// values against the document date.
//
// Conventions (TimeML / TIMEX3):
//  - DATE values: "2023-03-17", "2023-03", "2023", "2023-W12", "2023-Q1",
//    "2023-SU", "199" (the 1990s), "PRESENT_REF" / "PAST_REF" / "FUTURE_REF";
//    TIME values: "2023-03-17T03:42", "2023-03-17TMO" (morning); DURATION:
//    "P2D", "PT3H", "PXY" (several years); SET: "P1W" ("every week"),
//    "XXXX-WXX-1" ("every Monday").
//  - Modifiers are part of the span ("early September", "the past two
//    months", "more than four hours"); prepositions are not ("on Friday" spans
//    "Friday").
//  - A range of days ("March 20 to 22", "from Mar. 20 to 22", "between March
//    20 and 22", "20-22 March") is ONE expression of type DATE whose span
//    covers both ends (not "from"/"between"), whose value is the first day
//    and whose start/end are the first and last day. Single dates have empty
//    start/end. For TempEval scoring the range matches the gold TIMEX3 of its
//    first day (relaxed overlap) with the first day's value.
//  - A weekday alone ("Friday", "on Monday") is the document date or the most
//    recent such day before it, unless the clause looks ahead ("will",
//    "would", "scheduled", "beginning", "next"...: then the next such day, or
//    the document date itself). A date in parentheses or after a comma
//    ("Friday (Mar 17)", "today (Mar. 17)", "Friday, March 17") is part of
//    the expression and gives its value.
//  - Without a document date, relative expressions keep X's: "XXXX-WXX-5"
//    (Friday), "XXXX-03-20" (March 20), "XXXX-WXX" (next week).
//  - "ago", "last week", "yesterday" count from the document date; "a year
//    earlier", "the next day", "the following year", "that day" count from
//    the time the narrative last mentioned (its last DATE/TIME value), and a
//    clock time or part of day without a day takes the day last named when
//    it is within a week of the document date.
//  - Not marked: ages ("the 6-year-old", "37 years old"), rates after an
//    amount ("$5 a year", "four flights a week"), "at the last minute".
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <unordered_set>

#include "facts/form_set.h"
#include "facts/timex_lex.h"
#include "storyline/facts.h"

namespace storyline::facts {
namespace {

using lex::Kind;
using lex::Tok;

FormSet Forms(std::initializer_list<std::string_view> words) {
  FormSet set;
  set.Assign(std::vector<std::string>(words.begin(), words.end()));
  return set;
}

// ---- Calendar ----------------------------------------------------------------------

int64_t DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = unsigned(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + int64_t(doe) - 719468;
}

struct Ymd {
  int y = 0, m = 0, d = 0;
};

Ymd CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = unsigned(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = int64_t(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {int(y + (m <= 2)), int(m), int(d)};
}

int IsoWeekday(int64_t days) { return int(((days % 7) + 7 + 3) % 7) + 1; }  // 1 = Monday

int DaysInMonth(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2) return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
  return kDays[(m - 1) % 12];
}

std::string FmtDays(int64_t days) {
  Ymd c = CivilFromDays(days);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c.y, c.m, c.d);
  return buf;
}

std::string FmtIsoWeek(int64_t days) {
  int64_t thursday = days - (IsoWeekday(days) - 1) + 3;
  int y = CivilFromDays(thursday).y;
  int week = int((thursday - DaysFromCivil(y, 1, 1)) / 7) + 1;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-W%02d", y, week);
  return buf;
}

std::string FmtYm(int y, int m) {
  char buf[32];
  if (y < 0)
    std::snprintf(buf, sizeof buf, "XXXX-%02d", m);
  else
    std::snprintf(buf, sizeof buf, "%04d-%02d", y, m);
  return buf;
}

std::string FmtYmd(int y, int m, int d) {
  char buf[40];
  if (y < 0)
    std::snprintf(buf, sizeof buf, "XXXX-%02d-%02d", m, d);
  else
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

std::string FmtYear(int y) {
  if (y < 0) return "XXXX";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d", y);
  return buf;
}

std::string FmtNum(double v) {
  char buf[32];
  if (v == std::floor(v))
    std::snprintf(buf, sizeof buf, "%lld", (long long)v);
  else
    std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// ---- Lexicon ----------------------------------------------------------------------

int MonthFull(std::string_view w) {
  static const char* kNames[] = {"january", "february", "march",     "april",   "may",      "june",
                                 "july",    "august",   "september", "october", "november", "december"};
  for (int k = 0; k < 12; ++k)
    if (w == kNames[k]) return k + 1;
  return 0;
}

int MonthAbbr(std::string_view w) {
  static const char* kNames[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  for (int k = 0; k < 12; ++k)
    if (w == kNames[k]) return k + 1;
  if (w == "sept") return 9;
  return 0;
}

int WeekdayOf(std::string_view w, bool* plural) {
  static const char* kNames[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  *plural = false;
  for (int k = 0; k < 7; ++k) {
    std::string_view n = kNames[k];
    if (w == n) return k + 1;
    if (w.size() == n.size() + 1 && w.back() == 's' && w.substr(0, n.size()) == n) {
      *plural = true;
      return k + 1;
    }
  }
  return 0;
}

int WeekdayAbbr(std::string_view w) {
  static const struct { const char* w; int d; } kAbbr[] = {
      {"mon", 1}, {"tue", 2}, {"tues", 2}, {"wed", 3}, {"thu", 4}, {"thur", 4}, {"thurs", 4}, {"fri", 5}, {"sat", 6}, {"sun", 7}};
  for (const auto& a : kAbbr)
    if (w == a.w) return a.d;
  return 0;
}

// Calendar units: 'S' second, 'N' minute, 'H' hour, 'D' day, 'W' week,
// 'M' month, 'Y' year, 'E' decade, 'C' century, 'Q' quarter, 'K' weekend, 0.
char UnitOf(std::string_view w, bool* plural) {
  static const struct { const char* w; char u; } kUnits[] = {
      {"second", 'S'}, {"minute", 'N'}, {"hour", 'H'},   {"day", 'D'},     {"week", 'W'},    {"month", 'M'},
      {"year", 'Y'},   {"decade", 'E'}, {"century", 'C'}, {"centurie", 'C'}, {"quarter", 'Q'}, {"weekend", 'K'},
      {"fortnight", 'F'}, {"night", 'T'}};
  *plural = false;
  for (const auto& u : kUnits) {
    std::string_view n = u.w;
    if (w == n) return u.u;
    if (w.size() == n.size() + 1 && w.back() == 's' && w.substr(0, n.size()) == n) {
      *plural = true;
      return u.u;
    }
  }
  if (w == "yr" || w == "yrs") return 'Y';
  if (w == "hrs" || w == "hr") return 'H';
  if (w == "mins") return 'N';
  return 0;
}

int SeasonOf(std::string_view w, const char** code) {
  if (w == "spring") { *code = "SP"; return 1; }
  if (w == "summer") { *code = "SU"; return 1; }
  if (w == "fall" || w == "autumn") { *code = "FA"; return 1; }
  if (w == "winter") { *code = "WI"; return 1; }
  return 0;
}

const char* PartOfDay(std::string_view w) {
  if (w == "morning") return "MO";
  if (w == "afternoon") return "AF";
  if (w == "evening") return "EV";
  if (w == "night" || w == "overnight") return "NI";
  return nullptr;
}

// Duration value "P2D", "PT3H", "PXY" for n units (n < 0: unknown count).
std::string DurationValue(double n, char unit) {
  // A fraction goes to the next smaller unit, as TIMEX3 values are written: "2 1/2
  // years" P2Y6M, "a minute and a half" PT1M30S, "a day and a half" P1DT12H.
  if (n > 0 && n != static_cast<double>(static_cast<int64_t>(n))) {
    const int64_t whole = static_cast<int64_t>(n);
    const double frac = n - static_cast<double>(whole);
    const char* small = nullptr;
    double per = 0;
    switch (unit) {
      case 'Y': small = "M"; per = 12; break;
      case 'D': small = "TH"; per = 24; break;
      case 'H': small = "M"; per = 60; break;
      case 'N': small = "S"; per = 60; break;
      default: break;
    }
    const double sub = frac * per;
    if (small && sub == static_cast<double>(static_cast<int64_t>(sub))) {
      std::string v = "P";
      bool time = unit == 'H' || unit == 'N';
      if (time) v += 'T';
      if (whole > 0) v += std::to_string(whole) + (unit == 'N' ? 'M' : unit);
      if (small[0] == 'T') v += 'T';
      v += std::to_string(static_cast<int64_t>(sub));
      v += small[0] == 'T' ? "H" : small;
      return v;
    }
  }
  std::string v = "P";
  bool time = unit == 'S' || unit == 'N' || unit == 'H';
  if (time) v += 'T';
  std::string num;
  char code = unit;
  if (unit == 'E') {  // decades in years
    num = n < 0 ? "X" : FmtNum(n * 10);
    code = 'Y';
    if (n < 0) { num = "X"; code = 'E'; }
  } else if (unit == 'C') {
    num = n < 0 ? "X" : FmtNum(n * 100);
    code = 'Y';
    if (n < 0) { num = "X"; code = 'E'; }  // "centuries": PXE as TimeBank writes it
  } else if (unit == 'F') {
    num = n < 0 ? "X" : FmtNum(n * 2);
    code = 'W';
  } else if (unit == 'K') {
    num = n < 0 ? "X" : FmtNum(n);
    code = 'W';  // weekends: approximate
    v = "P";
    num += "WE";
    return v + num;
  } else if (unit == 'T') {
    num = n < 0 ? "X" : FmtNum(n);
    code = 'D';
  } else if (unit == 'N') {
    code = 'M';
    num = n < 0 ? "X" : FmtNum(n);
  } else {
    num = n < 0 ? "X" : FmtNum(n);
  }
  return v + num + code;
}

// ---- Scanner ------------------------------------------------------------------------

struct Match {
  size_t i0 = 0, i1 = 0;  // tokens [i0, i1)
  const char* type = "DATE";
  std::string value, start, end;
  bool keeps_reference = false;  // told from the reference; does not move it ("the day before")
};

class Scanner {
 public:
  Scanner(std::string_view text, std::string_view dct) : text_(text), t_(lex::TokenizeKept(text)) {
    if (dct.size() >= 10 && dct[4] == '-' && dct[7] == '-') {
      int y = 0, m = 0, d = 0;
      bool ok = true;
      for (int k : {0, 1, 2, 3}) ok &= dct[k] >= '0' && dct[k] <= '9';
      for (int k : {5, 6, 8, 9}) ok &= dct[k] >= '0' && dct[k] <= '9';
      if (ok) {
        y = (dct[0] - '0') * 1000 + (dct[1] - '0') * 100 + (dct[2] - '0') * 10 + (dct[3] - '0');
        m = (dct[5] - '0') * 10 + (dct[6] - '0');
        d = (dct[8] - '0') * 10 + (dct[9] - '0');
        if (m >= 1 && m <= 12 && d >= 1 && d <= DaysInMonth(y, m)) {
          has_dct_ = true;
          dy_ = y;
          dm_ = m;
          dd_ = d;
          ddays_ = DaysFromCivil(y, m, d);
        }
      }
    } else if (dct.size() == 8) {  // 19980108
      bool ok = true;
      for (char c : dct) ok &= c >= '0' && c <= '9';
      if (ok) {
        std::string iso = std::string(dct.substr(0, 4)) + "-" + std::string(dct.substr(4, 2)) + "-" + std::string(dct.substr(6, 2));
        *this = Scanner(text, iso);
      }
    }
  }

  std::vector<TimeExpression> Run() {
    std::vector<TimeExpression> out;
    size_t i = 0;
    const size_t n = t_.size();
    while (i < n) {
      const Tok& a = t_[i];
      if (a.kind == Kind::kPunct || a.kind == Kind::kOther || !MaybeStart(a) || !ContextAllowsStart(i)) {
        ++i;
        continue;
      }
      Match best;
      bool found = false;
      Match m;
      if (TryAt(i, &m)) {
        best = m;
        found = true;
      }
      if (!found) {
        ++i;
        continue;
      }
      // "at about 10:35 a.m. (0735 GMT) Friday": the same time on another
      // clock, in parentheses right after it, is no expression of its own
      // (aquaint-dev 1 of 1; TimeBank has none).
      if (best.type == std::string_view("TIME") && !out.empty() && out.back().type == "TIME" && best.i0 > 0 &&
          P(best.i0 - 1, '(') && t_[best.i0 - 1].b == out.back().span.end + 1 && P(best.i1, ')')) {
        i = best.i1;
        continue;
      }
      TimeExpression te;
      te.span = {t_[best.i0].b, t_[best.i1 - 1].e};
      te.text = std::string(text_.substr(te.span.begin, te.span.size()));
      te.type = best.type;
      te.value = std::move(best.value);
      te.start = std::move(best.start);
      te.end = std::move(best.end);
      if (!best.keeps_reference) NoteReference(te);
      const bool day = te.type == "DATE" && te.value.size() == 10 && te.start.empty() && te.value[4] == '-' &&
                       te.value[5] != 'W' && t_[best.i1 - 1].kind == Kind::kNumber &&
                       Int(best.i1 - 1) == std::atoi(te.value.c_str() + 8);
      out.push_back(std::move(te));
      i = best.i1;
      // "on April 24 and 25", "March 3 or 4": the second day is a date of
      // its own in the first one's month (aquaint-dev 1 of 1; "between March
      // 20 and 22" is a range, read by RangeEnd).
      if (day && (W(i, "and") || W(i, "or")) && Num(i + 1) && Digits(i + 1) <= 2 &&
          Int(i + 1) > Int(i - 1) && !(i + 2 < n && (t_[i + 2].kind == Kind::kNumber || P(i + 2, ':') ||
                                                      P(i + 2, '%') || P(i + 2, '-')))) {
        const std::string& first = out.back().value;  // "YYYY-MM-DD" or "XXXX-MM-DD"
        const int y = first[0] == 'X' ? 2000 : std::atoi(first.c_str()), mo = std::atoi(first.c_str() + 5);
        // ("March 3 and 4 people", "June 2 and 5 percent": counts)
        bool pl = false;
        // (Both arms string_views: a std::string arm would make the view dangle.)
        const std::string_view after =
            i + 2 < n && t_[i + 2].kind == Kind::kWord ? std::string_view(t_[i + 2].lw) : std::string_view();
        const bool counted = UnitOf(after, &pl) || after == "percent" || after == "people" ||
                             (after.size() > 3 && after.back() == 's' && after != "this" && after != "was" &&
                              after != "has" && after != "its" && after != "as");
        if (Int(i + 1) >= 1 && Int(i + 1) <= DaysInMonth(y, mo) && !counted) {
          char dd[4];
          std::snprintf(dd, sizeof dd, "%02d", Int(i + 1));
          TimeExpression second;
          second.span = {t_[i + 1].b, t_[i + 1].e};
          second.text = std::string(text_.substr(second.span.begin, second.span.size()));
          second.type = "DATE";
          second.value = first.substr(0, 8) + dd;
          out.push_back(std::move(second));
          i += 2;
        }
      }
    }
    return out;
  }

 private:
  // ---- token helpers
  bool W(size_t i, std::string_view w) const { return i < t_.size() && t_[i].kind == Kind::kWord && t_[i].lw == w; }
  bool P(size_t i, char c) const { return i < t_.size() && t_[i].kind == Kind::kPunct && t_[i].punct == c; }
  bool Num(size_t i) const { return i < t_.size() && t_[i].kind == Kind::kNumber && !t_[i].has_sep && t_[i].num >= 0; }
  int Int(size_t i) const { return int(t_[i].num); }
  size_t Digits(size_t i) const { return t_[i].e - t_[i].b; }

  // First-token filter: can an expression start here? (Every word a rule
  // can start with; keeps the scan cheap on the other ~90% of tokens.)
  // Second filter for frequent start words that need a neighbour: "that"
  // only before a unit ("that day"), a bare plural unit only after the
  // prepositions Quantity takes ("for years").
  bool ContextAllowsStart(size_t i) const {
    const std::string_view w = t_[i].lw;
    bool pl = false;
    // "the" and "a" are most of the start words' tokens: only before a word a
    // rule can continue with.
    if (w == "the" || w == "a" || w == "an") {
      if (i + 1 >= t_.size()) return false;
      const Tok& b = t_[i + 1];
      if (b.kind == Kind::kNumber) return w == "the";
      if (b.kind == Kind::kPunct) return (w == "the" && b.punct == '\'') || b.punct == '-';
      if (b.kind != Kind::kWord) return false;
      if (UnitOf(b.lw, &pl)) return true;
      static const FormSet kAfterArticle = Forms({
          "few", "couple", "half", "dozen", "hundred", "thousand", "additional", "full", "more", "trading",
          "business", "working", "calendar", "consecutive", "straight", "successive", "fiscal", "extra",
          "end", "beginning", "start", "middle", "close", "same", "future", "near", "short", "weekend",
          "twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"});
      if (kAfterArticle.Contains(b.lw)) return true;
      return w == "the" && MaybeStart(b);
    }
    if (w == "new") return W(i + 1, "year") && t_[i].cap;
    if (w == "that") {
      const size_t q = W(i + 1, "same") ? i + 2 : i + 1;  // "that same day"
      return q < t_.size() &&
             (UnitOf(t_[q].lw, &pl) != 0 || PartOfDay(t_[q].lw) || (t_[q].cap && MonthFull(t_[q].lw)));
    }
    if (t_[i].kind == Kind::kWord && w.size() > 4 && w.back() == 's' && UnitOf(w, &pl) && pl)
      return i > 0 && (W(i - 1, "for") || W(i - 1, "within") || W(i - 1, "in") || W(i - 1, "after") || W(i - 1, "over"));
    return true;
  }

  static bool MaybeStart(const Tok& a) {
    if (a.kind == Kind::kNumber) return true;
    // Asked of every word of every article: an open-addressing set whose stored
    // hashes answer most words (in no set) from one cache line.
    static const FormSet kStarts = Forms({
               "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
               "dec", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mondays",
               "tuesdays", "wednesdays", "thursdays", "fridays", "saturdays", "sundays", "mon", "tue", "tues", "wed",
               "thu", "thur", "thurs", "fri", "sat", "sun", "the", "fiscal", "last", "past", "previous", "prior",
               "next", "coming", "following", "this", "current", "present", "today", "yesterday", "tomorrow",
               "tonight", "late", "early", "earlier", "later", "mid", "year", "every", "each", "per", "a", "an",
               "now", "currently", "nowadays", "recently", "lately", "soon", "recent", "spring", "summer", "fall",
               "autumn", "winter", "first", "latest", "final", "remaining", "several", "few", "many", "some", "noon",
               "midnight", "midday", "around", "about", "more", "less", "fewer", "nearly", "almost", "roughly",
               "approximately", "over", "at", "up", "no", "one", "two", "three", "four", "five", "six", "seven",
               "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
               "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
               "hundred", "thousand", "dozen", "single", "second", "third", "fourth", "these", "half", "fifth", "sixth",
               "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
               "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth", "years", "months", "weeks",
               "days", "hours", "minutes", "decades", "centuries", "additional", "that", "christmas", "thanksgiving",
               "halloween", "new", "independence", "valentine", "labor", "memorial", "election"});
    return kStarts.Contains(a.lw);
  }

  // Month at token i (capitalised name or abbreviation, optional "."); sets *next.
  int MonthAt(size_t i, size_t* next) const {
    if (i >= t_.size() || t_[i].kind != Kind::kWord || !t_[i].cap) return 0;
    int m = MonthFull(t_[i].lw);
    if (m) {
      *next = i + 1;
      if (P(i + 1, '.') && Adjacent(t_[i], t_[i + 1]) && m == 9 && false) *next = i + 2;
      return m;
    }
    m = MonthAbbr(t_[i].lw);
    if (m) {
      if (P(i + 1, '.') && lex::Adjacent(t_[i], t_[i + 1])) {
        *next = i + 2;
        return m;
      }
      // "Mar 20": abbreviation without a dot only before a day number.
      if (Num(i + 1) && Int(i + 1) >= 1 && Int(i + 1) <= 31 && t_[i].lw != "may") {
        *next = i + 1;
        return m;
      }
      if (t_[i].lw == "may") { *next = i + 1; return 5; }
      return 0;
    }
    return 0;
  }
  static bool Adjacent(const Tok& a, const Tok& b) { return lex::Adjacent(a, b); }

  // Day of month at token i: "20", "20th", "twentieth" is not handled.
  int DayAt(size_t i, size_t* next) const {
    if (i >= t_.size()) return 0;
    if (Num(i) && Digits(i) <= 2 && Int(i) >= 1 && Int(i) <= 31) {
      size_t j = i + 1;
      if (j < t_.size() && t_[j].kind == Kind::kWord && Adjacent(t_[i], t_[j]) &&
          (t_[j].lw == "st" || t_[j].lw == "nd" || t_[j].lw == "rd" || t_[j].lw == "th"))
        ++j;
      *next = j;
      return Int(i);
    }
    return 0;
  }

  // Four-digit year at token i (1000-2199), or "'98"-style two digits are not taken.
  int YearAt(size_t i) const {
    if (!Num(i) || Digits(i) != 4) return 0;
    int y = Int(i);
    if (y < 1000 || y > 2199) return 0;
    return y;
  }

  // Year for a month (and day) given without one: the one nearest the
  // document date; with a tense cue, the past or future one.
  int YearFor(int m, int d, int tense) const {
    if (!has_dct_) return -1;
    const int64_t slack = d <= 0 ? 31 : 75;  // how far the tense may be overruled
    if (d <= 0) d = 15;
    int64_t best = -1;
    int besty = dy_;
    for (int y = dy_ - 1; y <= dy_ + 1; ++y) {
      int dd = std::min(d, DaysInMonth(y, m));
      int64_t diff = DaysFromCivil(y, m, dd) - ddays_;
      if (tense < 0 && diff > slack) continue;
      if (tense > 0 && diff < -slack) continue;
      int64_t ad = diff < 0 ? -diff : diff;
      if (best < 0 || ad < best) {
        best = ad;
        besty = y;
      }
    }
    return besty;
  }

  // Looks left in the clause for a tense cue: +1 future, -1 past, 0 none.
  int Tense(size_t i) const {
    // "since December", "since early March": a time already past
    if (i > 0 && W(i - 1, "since")) return -1;
    // A scheduling verb in the present just before it: "Arafat meets Monday
    // with Albright", "the trial opens on Tuesday" -- a plan, ahead.
    {
      size_t k = i;
      if (k > 0 && W(k - 1, "on")) --k;
      if (k > 1 && t_[k - 1].kind == Kind::kWord && t_[k - 1].lw.size() > 4 &&
          t_[k - 1].lw.compare(t_[k - 1].lw.size() - 2, 2, "ly") == 0)
        --k;  // "meet separately Monday"
      if (k > 0 && t_[k - 1].kind == Kind::kWord && IsScheduleVerb(t_[k - 1].lw) &&
          !(k > 1 && (W(k - 2, "to") || W(k - 2, "did") || W(k - 2, "didn"))))
        return +1;
    }
    size_t steps = 0;
    for (size_t k = i; k-- > 0 && steps < 14; ++steps) {
      const Tok& a = t_[k];
      if (a.kind == Kind::kPunct) {
        if (a.punct == '.' || a.punct == '!' || a.punct == '?' || a.punct == ';' || a.punct == ':') break;
        continue;
      }
      if (a.kind != Kind::kWord) continue;
      const std::string_view w = a.lw;
      if (w == "to" && k > 0 && (t_[k - 1].lw == "is" || t_[k - 1].lw == "are" || t_[k - 1].lw == "was")) return +1;
      // "urged both sides to get back in a room before Monday", "asked the
      // court to rule by Friday": what one is urged to do comes later (not
      // after "had"; nor an anchor before it: "called us to offer help
      // after Sept. 11")
      if (w == "to" && DirectedBefore(k) && InfinitiveAt(P(k + 1, '"') ? k + 2 : k + 1, i) && !W(i - 1, "after") &&
          !W(i - 1, "since"))
        return +1;
      // "may face trial in November", "could decide in March": ahead, unless
      // "may have", "could not"
      if ((w == "may" || w == "might" || w == "could" || w == "can") && t_[k].kind == Kind::kWord && !t_[k].cap &&
          !W(k + 1, "have") && !W(k + 1, "not") && !W(k + 1, "n") && !P(k + 1, '\'') && !W(k + 1, "be"))
        return +1;
      // "until May": ahead, unless the clause's verb before it is past
      // ("remained in the race until June", "had been paying until May")
      if (w == "until" || w == "till") {
        // "postponed until Friday", "has been put off until Wednesday": a
        // new date, ahead (unless "had been postponed until")
        {
          size_t q = k;
          if (q > 0 && (W(q - 1, "off") || W(q - 1, "back"))) --q;
          // ("The vote, which was postponed until February, took place last
          // month": a past verb after the date tells of it afterwards)
          if (q > 0 && IsPostponement(t_[q - 1].lw) && !(q > 1 && W(q - 2, "had")) &&
              !(q > 2 && W(q - 3, "had")) && !PastVerbAfter(i))
            return +1;
        }
        // ("Until Friday, the department had declined to comment": a
        // clause-opening "until" takes the clause's verb after it)
        const bool opens_clause = k == 0 || t_[k - 1].kind == Kind::kPunct;
        return PastVerbBefore(k) || (opens_clause && k + 1 == i && TenseAfter(i) < 0) ? -1 : +1;
      }
      // "a run starting in 2016", "It will air beginning Friday": ahead --
      // unless the clause's verb before it is past ("began increasing the
      // rent starting with the May 31 payment", "spent millions on ads
      // beginning in April").
      if ((w == "starting" || w == "beginning") && !W(k - 1, "the") && !W(k + 1, "of"))
        return PastVerbBefore(k) ? -1 : +1;
      // "if he loses Saturday": a condition in the present looks ahead. Not
      // a condition: "asked if", "unclear if", "as if", "if anything"; nor
      // when a past form follows the date ("if the meeting on Monday had
      // gone well"); and a weekday that modifies a noun ("his Tuesday wins",
      // "Thursday night's debate") takes no time from it. Else the scan
      // goes on to the clause's own cues.
      if (w == "if" && k + 1 < i && !ModifiesNoun(i) && !W(k + 1, "anything") &&
          !(k > 0 && t_[k - 1].kind == Kind::kWord && IsIfQuestionWord(t_[k - 1].lw)) && TenseAfter(i) >= 0)
        return +1;
      // "expects a stronger second half": ahead, unless the date is not what
      // is expected ("expecting a rebound after Monday's sell-off were
      // disappointed")
      if (w == "expects" || w == "expect") {
        bool between = false;
        for (size_t q = k + 1; q < i; ++q) between |= W(q, "after") || W(q, "before") || W(q, "since");
        if (!between && TenseAfter(i) >= 0) return +1;
        continue;
      }
      // "they want to run against her in November", "vows to appeal in
      // March": a present wish or pledge names a later event. Not "did not
      // want to", a noun ("his promise to spend Sunday"), a date that
      // modifies a noun ("want to understand Thursday's debate"), or one
      // past punctuation.
      if (W(k + 1, "to") && IsPresentIntention(w) && InfinitiveAt(k + 2, i) && !AfterDeterminer(k) &&
          !ModifiesNoun(i) && !PunctBetween(k, i) && !W(k - 1, "did") && !(k > 1 && W(k - 2, "did")) &&
          !(k > 2 && W(k - 3, "didn")))
        return +1;
      // "would not say", "wouldn't comment": a past refusal
      if (w == "would" && (W(k + 1, "not") || W(k + 1, "n"))) return -1;
      // "ahead of the vote on Sunday" looks ahead; "Just ahead of the trip,
      // the department on Sunday issued" does not: the phrase closed at the
      // comma, and the clause's own verb decides.
      if (w == "ahead" && W(k + 1, "of") && CommaBetween(k, i)) continue;
      if (w == "will" || w == "ll" || w == "shall" || w == "would" || w == "scheduled" || w == "expected" ||
          w == "due" || ((w == "plans" || w == "plan") && W(k + 1, "to")) || w == "upcoming" || w == "beginning" ||
          w == "starting" || w == "begins" || w == "starts" || w == "until" || w == "till" || w == "going" ||
          (w == "next" && !W(k + 1, "to")) ||  // not "next to the embassy"
          (w == "won" && P(k + 1, '\'')) || w == "wo" ||
          (w == "set" && (W(k + 1, "to") || W(k + 1, "for"))) || w == "tomorrow" || w == "coming" ||
          w == "should" || w == "intends" || (w == "ahead" && W(k + 1, "of")) || w == "slated" || w == "aims" || w == "hopes") {
        // "had been scheduled to", "was due to": a past plan -- unless a
        // verb of saying before it moved the report's present into the past
        // ("He said Talbott, who was scheduled to return on Tuesday, ...").
        for (size_t q = k; q-- > 0 && k - q <= 3;) {
          if (t_[q].lw == "had" || t_[q].lw == "been") return -1;
          if (t_[q].lw == "was" || t_[q].lw == "were") return ReportedBefore(q) ? +1 : -1;
        }
        return +1;
      }
      if (w == "ago" || w == "last" || w == "yesterday" || w == "earlier" || w == "since") return -1;
      if (IsPastForm(w)) {
        // "will be held", "is set": a participle after a form of "be"; the auxiliary before it decides
        if (k > 0 && (W(k - 1, "be") || W(k - 1, "is") || W(k - 1, "are") || W(k - 1, "am") || W(k - 1, "being")))
          continue;
        return -1;
      }
      // ("United States", "Mohammed": a capitalised "-ed" word is a name;
      // "a contested convention": after a determiner, an adjective)
      if (!a.cap && IsEdForm(w) && !AfterDeterminer(k)) {
        // "decided to admit them in early March", "planned to leave on
        // Thursday": the infinitive names an event after the decision, ahead;
        // a plan that "had" been made often fell through, so it stays past.
        // Not "agreed to a phone call on Wednesday" (a noun after "to"), nor
        // a chain of infinitives ("agreed to allow Trump to use the file in
        // late November"), whose date may be the agreement's.
        if (W(k + 1, "to") && IsIntentionVerb(w) && InfinitiveAt(k + 2, i))
          return W(k - 1, "had") || W(k - 2, "had") ? -1 : +1;
        const bool be = k > 0 && (W(k - 1, "be") || W(k - 1, "is") || W(k - 1, "are") || W(k - 1, "am") ||
                                  W(k - 1, "being") || W(k - 1, "been"));
        // "are supposed to", "is planned to": a plan, ahead
        if (be && W(k + 1, "to") && !W(k - 1, "been")) return +1;
        // "officials said the accession was planned for early March": a plan
        // told in the report's backshifted past, ahead
        if ((W(k - 1, "was") || W(k - 1, "were")) && (W(k + 1, "for") || W(k + 1, "to")) && IsIntentionVerb(w) &&
            ReportedBefore(k - 1))
          return +1;
        // "will be named": a passive participle; the auxiliary before it decides
        if (be) continue;
        return -1;
      }
    }
    return TenseAfter(i);
  }

  // A month at i naming a futures contract in a market report: a contract
  // noun right after it ("October crude", "the September Bund future",
  // "December T-bonds"), no preposition or possessive before it ("in
  // December gold rose", "OPEC's October crude output"), and a price move
  // in the words after it ("rose 44 cents", "were off 27/32 at 106-25/32").
  bool IsContractMonth(size_t i, size_t j) const {
    static const FormSet kNouns = Forms({"future", "futures", "contract", "contracts", "crude", "heating",
                                         "gasoline", "unleaded", "wheat", "corn", "soybeans", "soymeal", "soyoil",
                                         "cattle", "hogs", "copper", "gold", "silver", "coffee", "cocoa", "sugar",
                                         "cotton", "brent", "wti", "ipe", "nymex", "notional", "bund", "bunds",
                                         "euromark", "euromarks", "eurodollar", "eurodollars", "euroyen", "bond",
                                         "bonds", "gilt", "gilts", "platinum", "palladium", "nickel", "aluminium",
                                         "aluminum", "zinc", "rubber"});
    static const FormSet kNotContracts = Forms({"output", "production", "exports", "imports", "shipments", "sales",
                                                "auction", "auctions", "issue", "deliveries", "demand", "supply"});
    static const FormSet kPriceWords = Forms({"cent", "cents", "point", "points", "bps", "basis", "barrel",
                                              "bushel", "ounce", "tonne", "gallon", "higher", "lower", "off",
                                              "unchanged", "settled", "closed", "traded", "trading", "stood",
                                              "ended", "finished", "at", "rose", "fell", "gained", "lost", "eased",
                                              "firmed", "narrowed", "widened", "slipped", "climbed", "dropped",
                                              "jumped", "rallied"});
    size_t k = j;
    if (k + 2 < t_.size() && t_[k].lw == "t" && P(k + 1, '-') && (W(k + 2, "bonds") || W(k + 2, "notes"))) {
      k += 2;  // "December T-bonds": the letter before the hyphen
    } else if (!(k < t_.size() && t_[k].kind == Kind::kWord && kNouns.Contains(t_[k].lw))) {
      return false;
    }
    if (k + 1 < t_.size() && t_[k + 1].kind == Kind::kWord && kNotContracts.Contains(t_[k + 1].lw)) return false;
    if (i > 0 && t_[i - 1].kind == Kind::kWord) {
      const std::string_view p = t_[i - 1].lw;
      if (p == "in" || p == "since" || p == "by" || p == "during" || p == "until" || p == "from" || p == "through" ||
          p == "of" || p == "last" || p == "next" || p == "this" || p == "early" || p == "late" || p == "mid" ||
          p == "before" || p == "after" || p == "s" || p == "her" || p == "his" || p == "their" || p == "its")
        return false;
    }
    bool number = false, price = false;
    for (size_t q = k + 1; q < t_.size() && q - k <= 14; ++q) {
      if (t_[q].kind == Kind::kPunct && (t_[q].punct == '.' || t_[q].punct == '!' || t_[q].punct == '?' ||
                                          t_[q].punct == ';'))
        break;
      number |= t_[q].kind == Kind::kNumber;
      price |= t_[q].kind == Kind::kWord && kPriceWords.Contains(t_[q].lw);
    }
    return number && price;
  }

  // Words before "if" that make it a question or a comparison, not a
  // condition: "asked if", "unclear if", "as if".
  static bool IsIfQuestionWord(std::string_view w) {
    return w == "ask" || w == "asks" || w == "asked" || w == "asking" || w == "as" || w == "unclear" ||
           w == "clear" || w == "sure" || w == "know" || w == "knew" || w == "wonder" || w == "wondered" ||
           w == "see" || w == "saw" || w == "say" || w == "says" || w == "said" || w == "decide" ||
           w == "decided" || w == "whether" || w == "even";
  }

  // The expression at i is a modifier of a noun: "his Tuesday wins", "the
  // meaning of Thursday night's debate", "Sunday's remarks".
  bool ModifiesNoun(size_t i) const {
    if (W(i - 1, "of") || W(i - 1, "his") || W(i - 1, "her") || W(i - 1, "their") || W(i - 1, "its") ||
        W(i - 1, "our") || W(i - 1, "my") || W(i - 1, "your") || W(i - 1, "the"))
      return true;
    size_t e = i + 1;
    if (W(e, "night") || W(e, "morning") || W(e, "afternoon") || W(e, "evening")) ++e;
    return P(e, '\'') && W(e + 1, "s");
  }

  // A verb of saying before token k in its sentence ("officials said the
  // vote was scheduled for ..."): the past tense after it may be the
  // report's backshift, not the event's.
  bool ReportedBefore(size_t k) const {
    for (size_t q = k; q-- > 0 && k - q <= 20;) {
      if (t_[q].kind == Kind::kPunct && (t_[q].punct == '.' || t_[q].punct == '!' || t_[q].punct == '?' ||
                                         t_[q].punct == ';' || t_[q].punct == ':'))
        return false;
      if (W(q, "said") || W(q, "says") || W(q, "told") || W(q, "announced") || W(q, "reported")) return true;
    }
    return false;
  }

  // A past verb in the clause before token k, up to 12 tokens back and not
  // past a modal or "to" ("remained in the race until June"). Capitalised
  // "-ed" words are names or line openers ("United States", "Revised draw").
  bool PastVerbBefore(size_t k) const {
    for (size_t q = k; q-- > 0 && k - q <= 12;) {
      if (t_[q].kind == Kind::kPunct && (t_[q].punct == '.' || t_[q].punct == '!' || t_[q].punct == '?' ||
                                         t_[q].punct == ';' || t_[q].punct == ':'))
        break;
      const std::string_view v = t_[q].lw;
      if (v == "will" || v == "ll" || v == "would" || v == "to" || v == "can" || v == "may" || v == "wo" ||
          (v == "won" && P(q + 1, '\'')))
        break;
      const bool participle = q > 0 && (W(q - 1, "be") || W(q - 1, "being") || W(q - 1, "is") || W(q - 1, "are"));
      if (IsPastForm(v) || v == "been" ||
          (!participle && !t_[q].cap && !AfterDeterminer(q) && v.size() >= 5 && v.compare(v.size() - 2, 2, "ed") == 0))
        return true;
    }
    return false;
  }

  // Token k follows a determiner ("a contested convention", "the proposed
  // merger"): an "-ed" word there is an adjective, not a verb.
  bool AfterDeterminer(size_t k) const {
    static const FormSet kDeterminers = Forms({"a", "an", "the", "his", "her", "their", "its", "our", "my", "your"});
    return k > 0 && t_[k - 1].kind == Kind::kWord && kDeterminers.Contains(t_[k - 1].lw);
  }

  // Punctuation between tokens k and i (k < i).
  bool PunctBetween(size_t k, size_t i) const {
    for (size_t q = k + 1; q < i; ++q)
      if (t_[q].kind == Kind::kPunct) return true;
    return false;
  }

  // A comma between tokens k and i (k < i).
  bool CommaBetween(size_t k, size_t i) const {
    for (size_t q = k + 1; q < i; ++q)
      if (P(q, ',')) return true;
    return false;
  }

  // A past verb after token i in its sentence, other than a verb of saying
  // ("..., the court said").
  bool PastVerbAfter(size_t i) const {
    for (size_t k = i + 1; k < t_.size() && k - i <= 25; ++k) {
      const Tok& a = t_[k];
      if (a.kind == Kind::kPunct && (a.punct == '.' || a.punct == '!' || a.punct == '?' || a.punct == ';')) break;
      if (a.kind != Kind::kWord) continue;
      const std::string_view w = a.lw;
      if (w == "said" || w == "told" || w == "reported" || w == "announced" || w == "added" || w == "stated" ||
          w == "noted" || w == "confirmed" || w == "wrote")
        continue;
      if (IsPastForm(w) && w != "set" && w != "left") return true;
      if (!a.cap && IsEdForm(w) && !AfterDeterminer(k) && !W(k - 1, "be") && !W(k - 1, "is") && !W(k - 1, "are") &&
          !W(k - 1, "been"))
        return true;
    }
    return false;
  }

  // Participles that move an event to a later date ("postponed until").
  static bool IsPostponement(std::string_view w) {
    return w == "postponed" || w == "delayed" || w == "adjourned" || w == "deferred" || w == "put" ||
           w == "pushed" || w == "suspended" || w == "extended" || w == "recessed" || w == "moved";
  }

  // A verb at k opening an infinitive that runs to token i: a lowercase
  // word that is no determiner, and no second "to" before i.
  bool InfinitiveAt(size_t k, size_t i) const {
    static const FormSet kDeterminers =
        Forms({"a", "an", "the", "his", "her", "their", "its", "our", "this", "that", "these", "those", "some"});
    if (k >= i || t_[k].kind != Kind::kWord || t_[k].cap || kDeterminers.Contains(t_[k].lw)) return false;
    for (size_t q = k + 1; q < i; ++q)
      if (W(q, "to")) return false;
    return true;
  }

  // A verb of urging or asking and its object just before the "to" at k
  // ("urged both sides to", "asked the court to"), not after "had".
  bool DirectedBefore(size_t k) const {
    static const FormSet kVerbs = Forms({"urged", "asked", "called", "invited", "ordered", "pressed", "told",
                                         "encouraged", "instructed", "directed", "requested", "challenged"});
    for (size_t q = k; q-- > 0 && k - q <= 4;) {
      if (t_[q].kind != Kind::kWord) return false;
      if (kVerbs.Contains(t_[q].lw)) return q + 1 < k && !W(q - 1, "had") && !W(q - 1, "been");
    }
    return false;
  }

  // Past forms of verbs of deciding or promising whose "to" infinitive is
  // a later event ("agreed to meet", "vowed to appeal"). Not "threatened":
  // a threat is often carried out by the time it is reported, its date the
  // deed's ("threatened to run away from the field Thursday night").
  static bool IsIntentionVerb(std::string_view w) {
    return w == "planned" || w == "decided" || w == "agreed" || w == "promised" || w == "vowed" ||
           w == "pledged" || w == "proposed" || w == "offered" || w == "voted" ||
           w == "intended" || w == "arranged";
  }

  // Present forms of verbs of wishing, deciding or promising whose "to"
  // infinitive is a later event.
  static bool IsPresentIntention(std::string_view w) {
    static const std::unordered_set<std::string_view> kVerbs = {
        "want", "wants", "seek", "seeks", "promise", "promises", "vow", "vows", "pledge", "pledges",
        "agree", "agrees", "decide", "decides", "propose", "proposes", "offer", "offers", "hope", "intend",
        "aim", "plans", "plan"};
    return kVerbs.count(w) != 0;
  }

  // Verbs of scheduled events in the present tense ("meets", "opens"), in
  // forms that are rarely nouns.
  static bool IsScheduleVerb(std::string_view w) {
    static const std::unordered_set<std::string_view> kVerbs = {
        "meet", "meets", "opens", "resume", "resumes", "arrives", "leaves", "travels", "convene", "convenes",
        "reopen", "reopens", "testify", "testifies", "hosts", "closes", "ends", "launches", "faces", "holds",
        "heads", "flies", "begin"};
    return kVerbs.count(w) != 0;
  }

  // A regular past form or participle ("voted", "planned"): a word in "-ed"
  // other than "need", "indeed", "speed" and the verbs in "-ceed".
  static bool IsEdForm(std::string_view w) {
    return w.size() >= 5 && w.compare(w.size() - 2, 2, "ed") == 0 && w != "need" && w != "indeed" &&
           w != "speed" && w != "proceed" && w != "exceed" && w != "succeed";
  }

  // Past forms that mark a clause as past ("said", "held", "rose"); irregular
  // ones the "-ed" test misses.
  static bool IsPastForm(std::string_view w) {
    return w == "said" || w == "told" || w == "was" || w == "were" || w == "had" || w == "did" || w == "wrote" ||
           w == "met" || w == "took" || w == "made" || w == "came" || w == "went" || w == "began" || w == "gave" ||
           w == "spoke" || w == "held" || w == "won" || w == "fell" || w == "rose" || w == "sold" || w == "left" ||
           w == "became" || w == "saw" || w == "set" || w == "shot" || w == "lost" || w == "led" ||
           w == "thought" || w == "brought" || w == "bought" || w == "struck" || w == "sent" || w == "spent" ||
           w == "built" || w == "fought" || w == "caught" || w == "chose" || w == "drew" || w == "drove" ||
           w == "flew" || w == "grew" || w == "knew" || w == "ran" || w == "stood" || w == "taught" ||
           w == "threw" || w == "broke" || w == "fled" || w == "felt" || w == "kept" || w == "heard" ||
           w == "sought" || w == "got" || w == "died" || w == "found" || w == "paid" || w == "upheld" ||
           w == "withdrew" || w == "underwent" || w == "sank" || w == "stole" || w == "swore" || w == "shook" ||
           w == "wore" || w == "hung" || w == "laid" || w == "meant" || w == "understood" || w == "forgot" ||
           w == "hid" || w == "tore" || w == "arose" || w == "sat" || w == "rode" || w == "ate" || w == "woke" ||
           w == "overcame" || w == "overtook" || w == "froze" || w == "sang" || w == "rang" || w == "swam" ||
           w == "slept" || w == "swept" || w == "dealt" || w == "lent" || w == "spun" ||
           w == "swung" || w == "dug" || w == "slid";
  }

  // Tense cue after token i in its clause, for an expression that opens it
  // ("On Monday, the court will rule"): +1 future, -1 past, 0 none. Only
  // auxiliaries and common past forms count.
  int TenseAfter(size_t i) const {
    size_t skipped = 0;  // tokens of a condition set off by commas
    for (size_t k = i + 1; k < t_.size() && k - i - skipped <= 10; ++k) {
      const Tok& a = t_[k];
      // "From Monday morning, if the union has its way, they will stand
      // still": a condition between commas is not the clause's verb
      if (P(k, ',') && (W(k + 1, "if") || W(k + 1, "unless"))) {
        size_t q = k + 1;
        while (q < t_.size() && q - k <= 12 && !P(q, ',') && !P(q, '.')) ++q;
        if (P(q, ',')) {
          skipped += q - k;
          k = q;
          continue;
        }
      }
      if (a.kind == Kind::kPunct) {
        // a quotation's end: the verb after it ("...in November," they wrote) is the report's, not its tense
        if (a.punct == '.' || a.punct == '!' || a.punct == '?' || a.punct == ';' || a.punct == ':' || a.punct == '"')
          break;
        continue;
      }
      if (a.kind != Kind::kWord) continue;
      const std::string_view w = a.lw;
      if (w == "will" || w == "ll" || w == "shall" || w == "scheduled" || w == "expected" || (w == "plans" && W(k + 1, "to")))
        return W(k - 1, "was") || W(k - 1, "were") || W(k - 1, "had") ? -1 : +1;
      // "it is assumed", "are held": a participle after a present "be"
      if (W(k - 1, "is") || W(k - 1, "are") || W(k - 1, "am") || W(k - 1, "be") || W(k - 1, "being")) continue;
      if (IsPastForm(w) && w != "set" && w != "left") return -1;
      if (!a.cap && IsEdForm(w) && !AfterDeterminer(k)) return -1;
    }
    return 0;
  }

  // Words of a match report in the sentence of token i (a "half" is then the
  // match's): words rarely met in business news.
  bool MatchContext(size_t i) const {
    static const FormSet kWords = Forms({"striker", "halftime", "equaliser", "equalizer", "touchdown",
                                         "touchdowns", "stretchered", "midfielder", "goalkeeper", "kickoff",
                                         "innings", "wicket", "substitutions"});
    auto sentence_end = [&](size_t k) {
      return t_[k].kind == Kind::kPunct && (t_[k].punct == '.' || t_[k].punct == '!' || t_[k].punct == '?');
    };
    auto match_word = [&](size_t k) {
      if (t_[k].kind != Kind::kWord) return false;
      // "half-time", "free-kick"
      if (P(k + 1, '-') && ((t_[k].lw == "half" && W(k + 2, "time")) || (t_[k].lw == "free" && W(k + 2, "kick"))))
        return true;
      return kWords.Contains(t_[k].lw);
    };
    for (size_t k = i; k < t_.size() && !sentence_end(k); ++k)
      if (match_word(k)) return true;
    for (size_t k = i; k-- > 0 && !sentence_end(k);)
      if (match_word(k)) return true;
    return false;
  }

  // "quarter" in the same sentence: "a year ago" then means that quarter a year ago.
  bool QuarterContext(size_t i) const {
    for (size_t k = i; k-- > 0 && i - k < 80;) {
      if (W(k, "quarter") || W(k, "quarterly")) return true;
    }
    for (size_t k = i + 1; k < t_.size() && k - i < 25; ++k) {
      if (P(k, '.')) break;
      if (W(k, "quarter") || W(k, "quarterly")) return true;
    }
    return false;
  }

  // Parenthesised or comma-attached date that confirms a weekday or "today":
  // "(Mar 17)", "(March 17, 2023)", ", March 17". Returns the token after it.
  bool ConfirmingDate(size_t j, size_t* next, int* y, int* m, int* d) const {
    bool paren = P(j, '(');
    bool comma = P(j, ',');
    size_t k = j + 1, k2 = 0;
    if (!paren && !comma) {
      size_t q = 0;
      if (!MonthAt(j, &q) || !DayAt(q, &q)) return false;
      k = j;
    }
    int mm = MonthAt(k, &k2);
    int dd = 0;
    size_t k3 = 0;
    if (mm) {
      dd = DayAt(k2, &k3);
      if (!dd) return false;
    } else {
      dd = DayAt(k, &k2);
      if (!dd) return false;
      mm = MonthAt(k2, &k3);
      if (!mm) return false;
    }
    int yy = 0;
    size_t k4 = k3;
    if (P(k4, ',') && YearAt(k4 + 1)) {
      yy = YearAt(k4 + 1);
      k4 += 2;
    } else if (YearAt(k4)) {
      yy = YearAt(k4);
      k4 += 1;
    }
    if (paren) {
      if (!P(k4, ')')) return false;
      ++k4;
    }
    *y = yy ? yy : YearFor(mm, dd, 0);
    *m = mm;
    *d = dd;
    *next = k4;
    return true;
  }

  // "last year", "this year", "next year", "of last year" after a month
  // ("June last year", "January of next year"): the year it names, and the
  // token after it in *next; 0 when none (-1 without a document date).
  int YearAfterMonth(size_t k, size_t* next) const {
    if (W(k, "of")) ++k;
    int dir = W(k, "last") ? -1 : W(k, "this") ? 0 : W(k, "next") ? 1 : 2;
    if (dir == 2 || !W(k + 1, "year")) return 0;
    if (P(k + 2, '\'') || P(k + 2, '-')) return 0;  // "next year's budget", "last year-end"
    *next = k + 2;
    return has_dct_ ? dy_ + dir : -1;
  }

  // ---- reference time
  //
  // TimeML anchors "a year earlier", "the following day", "that year" on the
  // time the narrative last mentioned, not on the document date ("Sept. 30
  // ... a year earlier" is 1988-09-30; "the third quarter ... a year
  // earlier" 1988-Q3). The reference is the value of the last DATE or TIME
  // expression with a calendar value; without one they use the document date.

  void NoteReference(const TimeExpression& te) {
    if (te.type != "DATE" && te.type != "TIME") return;
    const std::string& v = te.value;
    if (v.size() < 4) return;
    for (int k = 0; k < 4; ++k)
      if (v[k] < '0' || v[k] > '9') return;
    if (v.size() > 4 && v[4] != '-') return;
    // A comparison point ("from $4 a year earlier", "year-ago sales") does not
    // move the narrative's time.
    auto has = [&](std::string_view w) {
      return std::search(te.text.begin(), te.text.end(), w.begin(), w.end(),
                         [](char a, char b) { return (a | 0x20) == b; }) != te.text.end();
    };
    if (has("earlier") || has("ago")) return;
    const size_t t = v.find('T');
    ref_ = t == std::string::npos ? v : v.substr(0, t);
  }

  // The reference shifted by n units, at the reference's granularity when it
  // has the unit ("1989-09-30" - 1 year = "1988-09-30", "1989-Q3" - 1 year =
  // "1988-Q3"); "" when the reference cannot carry the unit (a year is no day).
  std::string ShiftReference(char u, int n) const {
    const std::string& r = ref_;
    if (r.size() < 4) return "";
    const int y = std::atoi(r.substr(0, 4).c_str());
    auto digits = [&](size_t at, size_t len) {
      if (r.size() < at + len) return -1;
      for (size_t k = at; k < at + len; ++k)
        if (r[k] < '0' || r[k] > '9') return -1;
      return std::atoi(r.substr(at, len).c_str());
    };
    const bool ymd = r.size() == 10 && digits(5, 2) > 0 && digits(8, 2) > 0;
    const bool ym = r.size() == 7 && digits(5, 2) > 0;
    const bool q = r.size() == 7 && r[5] == 'Q';
    if (u == 'Y') {
      if (r.size() > 5 && r[5] == 'W') return "";
      std::string v = FmtYear(y + n) + r.substr(4);
      if (ymd && digits(5, 2) == 2 && digits(8, 2) == 29 && DaysInMonth(y + n, 2) == 28) v = FmtYmd(y + n, 2, 28);
      return v;
    }
    if (u == 'Q' && q) {
      int qi = y * 4 + (r[6] - '1') + n;
      return FmtYear(qi / 4) + "-Q" + std::to_string(qi % 4 + 1);
    }
    if (u == 'M' && (ym || ymd)) {
      int mi = y * 12 + digits(5, 2) - 1 + n;
      if (ym) return FmtYm(mi / 12, mi % 12 + 1);
      const int d = std::min(digits(8, 2), DaysInMonth(mi / 12, mi % 12 + 1));
      return FmtYmd(mi / 12, mi % 12 + 1, d);
    }
    if ((u == 'D' || u == 'W') && ymd) {
      const int64_t days = DaysFromCivil(y, digits(5, 2), digits(8, 2)) + int64_t(n) * (u == 'W' ? 7 : 1);
      return u == 'W' ? FmtIsoWeek(days) : FmtDays(days);
    }
    return "";
  }

  // The day of a clock time or part of day given without one: the day the
  // narrative last named ("The blast hit Nairobi on Friday ... at 10:30
  // a.m."), when that day is within a week of the document date; else the
  // document date.
  std::string ClockDay() const {
    if (!has_dct_) return "XXXX-XX-XX";
    if (ref_.size() == 10 && ref_[4] == '-' && ref_[7] == '-' && ref_[5] != 'W') {
      const int64_t rd = DaysFromCivil(std::atoi(ref_.c_str()), std::atoi(ref_.c_str() + 5), std::atoi(ref_.c_str() + 8));
      if (rd >= ddays_ - 7 && rd <= ddays_ + 7) return ref_;
    }
    return FmtDays(ddays_);
  }

  // A four-digit 24-hour clock time: "0730 GMT", "1400 UTC", "at 1400
  // hours", "0600 hours" (a count of hours needs neither "at" nor a leading 0).
  bool MilitaryTime(size_t i) const {
    if (!Num(i) || Digits(i) != 4) return false;
    if (W(i + 1, "gmt") || W(i + 1, "utc")) return true;
    return (W(i + 1, "hours") || W(i + 1, "hrs")) && (t_[i].lw[0] == '0' || (i > 0 && W(i - 1, "at")));
  }

  // ---- rules

  bool TryAt(size_t i, Match* out) {
    Match m;
    if (!Prefixed(i, &m) && !Core(i, &m)) return false;
    *out = std::move(m);
    return true;
  }

  bool Prefixed(size_t i, Match* out) {
    const Tok& a = t_[i];
    if (a.kind != Kind::kWord) return false;
    const std::string_view w = a.lw;
    size_t j = 0;
    bool date_mod = false, dur_mod = false;
    // ("about" stays outside: "at about 10:35 a.m.", "about two weeks";
    // TimeBank and aquaint-dev leave the approximator "about" out 4 times,
    // take it in twice)
    if (w == "early" || w == "late" || w == "earlier" || w == "later" || w == "mid" || w == "around") {
      j = i + 1;
      if (w == "mid" && P(j, '-')) ++j;
      date_mod = true;
      if (w == "around") dur_mod = true;
    } else if ((w == "the" || w == "at" || w == "by") && (W(i + 1, "end") || W(i + 1, "beginning") || W(i + 1, "start") ||
                                                          W(i + 1, "middle") || W(i + 1, "close")) &&
               W(i + 2, "of")) {
      if (w != "the") return false;
      j = i + 3;
      date_mod = true;
    } else if ((w == "more" || w == "less" || w == "fewer") && W(i + 1, "than")) {
      j = i + 2;
      dur_mod = true;
    } else if (w == "nearly" || w == "almost" || w == "roughly" || w == "approximately" || w == "some") {
      j = i + 1;
      dur_mod = true;
    } else if ((w == "at" && (W(i + 1, "least") || W(i + 1, "most"))) || (w == "up" && W(i + 1, "to"))) {
      j = i + 2;
      dur_mod = true;
    } else if (w == "no" && W(i + 1, "more") && W(i + 2, "than")) {
      j = i + 3;
      dur_mod = true;
    } else {
      return false;
    }
    if (j >= t_.size()) return false;
    Match m;
    // "the end of the month", "the beginning of the week": the document's unit.
    if (w == "the" && W(j, "the") && j + 1 < t_.size()) {
      bool pl = false;
      const char u = UnitOf(t_[j + 1].lw, &pl);
      if (!pl && (u == 'W' || u == 'M' || u == 'Q' || u == 'E' || u == 'C') && !P(j + 2, '\'') && !P(j + 2, '-')) {
        out->i0 = i; out->i1 = j + 2; out->type = "DATE"; out->value = RelativeUnit(u, 0);
        return !out->value.empty();
      }
    }
    if (!Core(j, &m)) return false;
    std::string_view type = m.type;
    // "about this year's choice": "about" the preposition; "around 1990",
    // "about 3 p.m.", "around midnight" are approximate times.
    size_t month_end = 0;
    if ((w == "about" || w == "around") && (type == "DATE" || type == "TIME") && t_[j].kind != Kind::kNumber &&
        !W(j, "noon") && !W(j, "midnight") && !W(j, "midday") && !MonthAt(j, &month_end) && !W(j, "mid"))
      date_mod = false;
    if (date_mod && (type == "DATE" || type == "TIME")) {
      if (w == "early" || w == "late" || w == "mid" || w == "the" || w == "earlier" || w == "later" ||
          w == "around" || w == "about") {
        // "earlier"/"later" only before "this/today/..." (not "two years later")
        m.i0 = i;
        *out = m;
        return true;
      }
    }
    if (dur_mod && (type == "DURATION" || (type == "TIME" && (w == "around" || w == "about")))) {
      m.i0 = i;
      *out = m;
      return true;
    }
    size_t count_end = 0;
    if (dur_mod && type == "DATE" && m.value.find('-') == std::string::npos &&
        (w == "almost" || w == "nearly" || w == "about" || w == "more" || w == "some") &&
        lex::ReadCardinal(t_, j, &count_end, true) > 0) {
      // "almost two years ago": keep the modifier
      m.i0 = i;
      *out = m;
      return true;
    }
    return false;
  }

  bool Core(size_t i, Match* out) {
    // The longest match any rule makes at `i` (the first of equal length).
    Match best;
    bool found = false;
    auto offer = [&](bool (Scanner::*rule)(size_t, Match*)) {
      Match m;
      if ((this->*rule)(i, &m) && (!found || m.i1 > best.i1)) {
        best = std::move(m);
        found = true;
      }
    };
    offer(&Scanner::Absolute);
    if (t_[i].kind == Kind::kWord) {
      offer(&Scanner::Weekday);
      offer(&Scanner::Relative);
      offer(&Scanner::Quarter);
      offer(&Scanner::Set);
      offer(&Scanner::Refs);
      offer(&Scanner::Season);
      offer(&Scanner::Holiday);
    }
    if (t_[i].kind == Kind::kNumber) offer(&Scanner::Relative);  // "10 days ago"
    offer(&Scanner::Quantity);
    offer(&Scanner::Clock);
    if (found) *out = std::move(best);
    return found;
  }

  // Range continuation after a day: "to 22", "- 22", "and 22" (after
  // "between"), "to April 2", with an optional year. Fills end.
  bool RangeEnd(size_t j, int m1, int d1, size_t i0, size_t* next, int* m2, int* d2, int* y2) const {
    bool between = i0 > 0 && W(i0 - 1, "between");
    bool ok = W(j, "to") || W(j, "through") || W(j, "thru") || W(j, "until") || W(j, "till") || P(j, '-') ||
              (between && W(j, "and"));
    if (!ok) return false;
    size_t k = j + 1, k2 = 0;
    int mm = MonthAt(k, &k2);
    if (!mm) {
      mm = m1;
      k2 = k;
    }
    size_t k3 = 0;
    int dd = DayAt(k2, &k3);
    if (!dd) return false;
    if (mm == m1 && dd <= d1) return false;
    // a following unit ("to 22 people") means it is not a day
    if (k3 < t_.size() && t_[k3].kind == Kind::kWord) {
      bool pl;
      if (UnitOf(t_[k3].lw, &pl) || t_[k3].lw == "percent" || t_[k3].lw == "people") return false;
    }
    int yy = 0;
    if (P(k3, ',') && YearAt(k3 + 1)) {
      yy = YearAt(k3 + 1);
      k3 += 2;
    } else if (YearAt(k3)) {
      yy = YearAt(k3);
      k3 += 1;
    }
    *m2 = mm;
    *d2 = dd;
    *y2 = yy;
    *next = k3;
    return true;
  }

  // Dates written out: "March 20, 2023", "Mar. 20", "20 March", "March 20 to
  // 22", "February 2022", "September", "2019", "the 1990s", "2023-03-17",
  // "3/17/2023".
  bool Absolute(size_t i, Match* out) {
    size_t j = 0;
    int tense_cache = 2;
    auto tense = [&]() {
      if (tense_cache == 2) tense_cache = Tense(i);
      return tense_cache;
    };
    // Month first.
    int m = MonthAt(i, &j);
    if (m) {
      size_t k = 0;
      int d = DayAt(j, &k);
      if (d) {
        // "March 20, 2023" / "March 20 2023"
        int y = 0;
        size_t e = k;
        if (P(k, ',') && YearAt(k + 1)) {
          y = YearAt(k + 1);
          e = k + 2;
        } else if (YearAt(k)) {
          y = YearAt(k);
          e = k + 1;
        } else if (int ry = YearAfterMonth(k, &e)) {
          y = ry;
        } else if (P(k, ',') && (ry = YearAfterMonth(k + 1, &e))) {
          y = ry;
        }
        // Range "March 20 to 22"
        size_t rn = 0;
        int m2 = 0, d2 = 0, y2 = 0;
        if (!y && RangeEnd(k, m, d, i, &rn, &m2, &d2, &y2)) {
          int yy = y2 ? y2 : YearFor(m, d, tense());
          int yy2 = y2 ? y2 : (yy < 0 ? -1 : (m2 < m ? yy + 1 : yy));
          out->i0 = i;
          out->i1 = rn;
          out->type = "DATE";
          out->start = FmtYmd(yy, m, d);
          out->end = FmtYmd(yy2, m2, d2);
          out->value = out->start;
          return true;
        }
        if (d > DaysInMonth(y ? y : 2000, m)) return false;
        if (!y) y = YearFor(m, d, tense());
        out->i0 = i;
        out->i1 = e;
        out->type = "DATE";
        out->value = FmtYmd(y, m, d);
        return true;
      }
      // "February 2022", "February of 2022", "Feb., 2022"
      size_t k2 = j;
      if (W(k2, "of") || P(k2, ',')) ++k2;
      if (int y = YearAt(k2)) {
        out->i0 = i;
        out->i1 = k2 + 1;
        out->type = "DATE";
        out->value = FmtYm(y, m);
        return true;
      }
      size_t ye = 0;
      if (int y = YearAfterMonth(j, &ye)) {
        out->i0 = i;
        out->i1 = ye;
        out->type = "DATE";
        out->value = FmtYm(y, m);
        return true;
      }
      // Bare month: needs context for "May" and "March" (verbs, names).
      std::string_view prev = i > 0 && t_[i - 1].kind == Kind::kWord ? std::string_view(t_[i - 1].lw) : "";
      bool prep = prev == "in" || prev == "since" || prev == "until" || prev == "by" || prev == "of" ||
                  prev == "during" || prev == "from" || prev == "through" || prev == "early" || prev == "late" ||
                  prev == "mid" || prev == "last" || prev == "next" || prev == "this" || prev == "before" ||
                  prev == "after" || prev == "till" || prev == "between" || prev == "and" || prev == "to" ||
                  (i > 0 && P(i - 1, '-') && i > 1 && W(i - 2, "mid"));
      const bool contract = IsContractMonth(i, j);
      if ((m == 5 || m == 3) && !prep && !contract) return false;
      if (t_[i].lw.size() <= 4 && !prep && !(j > i + 1)) return false;  // "Jan" the name
      // "last/next/this September" are handled in Relative().
      // A contract month ("October crude rose", "December bonds were off")
      // is this month or a later one within the year, whatever the report's
      // tense.
      int y = contract && has_dct_ ? (m >= dm_ ? dy_ : dy_ + 1) : YearFor(m, 0, tense());
      out->i0 = i;
      out->i1 = j;
      out->type = "DATE";
      out->value = FmtYm(y, m);
      return true;
    }
    // Day first: "20 March 2023", "20th of March", "20-22 March".
    if (int d = DayAt(i, &j)) {
      size_t k = j;
      if (W(k, "of")) ++k;
      size_t k2 = 0;
      int mm = MonthAt(k, &k2);
      int d2 = 0;
      size_t range_after = 0;
      if (!mm && (P(j, '-') || W(j, "to") || (W(j, "and") && i > 0 && W(i - 1, "between")))) {
        size_t r = 0;
        int dd2 = DayAt(j + 1, &r);
        if (dd2 > d) {
          mm = MonthAt(r, &k2);
          if (mm) {
            d2 = dd2;
            range_after = 1;
          }
        }
      }
      if (mm && t_[k2 - 1].lw != "may" && !(t_[k2 - 1].lw == "march" && !Num(k2))) {
        int y = 0;
        size_t e = k2;
        if (P(e, ',') && YearAt(e + 1)) {
          y = YearAt(e + 1);
          e += 2;
        } else if (YearAt(e)) {
          y = YearAt(e);
          e += 1;
        } else if (int ry = YearAfterMonth(e, &e)) {
          y = ry;
        }
        if (!y) y = YearFor(mm, d, tense());
        out->i0 = i;
        out->i1 = e;
        out->type = "DATE";
        out->value = FmtYmd(y, mm, d);
        if (range_after) {
          out->start = out->value;
          out->end = FmtYmd(y, mm, d2);
        }
        return true;
      }
      if (mm) {
        int y = 0;
        size_t e = k2;
        if (P(e, ',') && YearAt(e + 1)) { y = YearAt(e + 1); e += 2; }
        else if (YearAt(e)) { y = YearAt(e); e += 1; }
        if (!y) y = YearFor(mm, d, tense());
        out->i0 = i; out->i1 = e; out->type = "DATE"; out->value = FmtYmd(y, mm, d);
        if (range_after) { out->start = out->value; out->end = FmtYmd(y, mm, d2); }
        return true;
      }
    }
    if (W(i, "the") && i + 2 < t_.size()) {
      int o = lex::OrdinalWord(t_[i + 1].lw);
      size_t c = i + 2;
      if (o < 0 && Num(i + 1) && Adjacent(t_[i + 1], t_[i + 2]) && lex::OrdinalWord(t_[i + 1].lw + t_[i + 2].lw) > 0) {
        o = lex::OrdinalWord(t_[i + 1].lw + t_[i + 2].lw);
        c = i + 3;
      }
      if (P(c, '-')) ++c;
      if (o >= 1 && o <= 30 && W(c, "century")) {
        out->i0 = i; out->i1 = c + 1; out->type = "DATE";
        char buf[16];
        std::snprintf(buf, sizeof buf, "%02d", o - 1);
        out->value = buf;
        return true;
      }
    }
    // "20th century" without "the" (the ordinal starts the expression).
    if (i + 1 < t_.size() && (lex::OrdinalWord(t_[i].lw) > 0 ||
                              (Num(i) && Adjacent(t_[i], t_[i + 1]) && lex::OrdinalWord(t_[i].lw + t_[i + 1].lw) > 0))) {
      int o = lex::OrdinalWord(t_[i].lw);
      size_t c = i + 1;
      if (o < 0) { o = lex::OrdinalWord(t_[i].lw + t_[i + 1].lw); c = i + 2; }
      if (P(c, '-')) ++c;
      if (o >= 1 && o <= 30 && W(c, "century") && !(i > 0 && W(i - 1, "the"))) {
        out->i0 = i; out->i1 = c + 1; out->type = "DATE";
        char buf[16];
        std::snprintf(buf, sizeof buf, "%02d", o - 1);
        out->value = buf;
        return true;
      }
    }
    // Decades by two digits or in words: "the '80s", "the 80s", "the nineties",
    // "mid-'90s" (the century is the latest one not after the document).
    {
      size_t k = i;
      const bool the = W(k, "the");
      if (the) ++k;
      if (P(k, '\'')) ++k;
      int decade = -1;
      size_t e = 0;
      if (Num(k) && Digits(k) == 2 && Int(k) % 10 == 0 && W(k + 1, "s") && Adjacent(t_[k], t_[k + 1]) &&
          (the || k > i)) {
        decade = Int(k) / 10;
        e = k + 2;
      } else if (k < t_.size() && t_[k].kind == Kind::kWord && (the || k > i)) {
        static const char* kDecades[] = {"twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"};
        for (int q = 0; q < 8; ++q)
          if (t_[k].lw == kDecades[q]) { decade = q + 2; e = k + 1; }
      }
      if (decade >= 0) {
        int century = has_dct_ ? dy_ / 100 : 19;
        if (has_dct_ && century * 100 + decade * 10 > dy_) --century;
        out->i0 = i; out->i1 = e; out->type = "DATE";
        out->value = std::to_string(century * 10 + decade);
        return true;
      }
    }
    if (t_[i].kind != Kind::kNumber) {
      // "the 1990s"
      if (W(i, "the") && Num(i + 1) && Digits(i + 1) == 4 && W(i + 2, "s") && Adjacent(t_[i + 1], t_[i + 2])) {
        int y = Int(i + 1);
        if (y % 10 == 0 && y >= 1000 && y < 2200) {
          out->i0 = i; out->i1 = i + 3; out->type = "DATE"; out->value = std::to_string(y / 10);
          return true;
        }
      }
      // "fiscal 1989", "fiscal year 1998"
      if (W(i, "fiscal") && YearAt(i + 1)) {
        out->i0 = i; out->i1 = i + 2; out->type = "DATE"; out->value = FmtYear(YearAt(i + 1));
        return true;
      }
      if (W(i, "fiscal") && W(i + 1, "year") && YearAt(i + 2)) {
        out->i0 = i; out->i1 = i + 3; out->type = "DATE"; out->value = FmtYear(YearAt(i + 2));
        return true;
      }
      // "the year 2000", "the year two thousand"
      if (W(i, "the") && W(i + 1, "year")) {
        if (YearAt(i + 2)) {
          out->i0 = i; out->i1 = i + 3; out->type = "DATE"; out->value = FmtYear(YearAt(i + 2));
          return true;
        }
        size_t k = 0;
        const double v = lex::ReadCardinal(t_, i + 2, &k, false);
        if (v >= 1000 && v <= 2199 && v == std::floor(v) && t_[i + 2].kind == Kind::kWord) {
          out->i0 = i; out->i1 = k; out->type = "DATE"; out->value = FmtYear(int(v));
          return true;
        }
      }
      return false;
    }
    // ISO "2023-03-17" and "2023-03"
    if (Num(i) && Digits(i) == 4 && P(i + 1, '-') && Num(i + 2) && Digits(i + 2) == 2 && Adjacent(t_[i], t_[i + 1]) &&
        Adjacent(t_[i + 1], t_[i + 2])) {
      int y = Int(i), mm = Int(i + 2);
      if (mm >= 1 && mm <= 12) {
        if (P(i + 3, '-') && Num(i + 4) && Digits(i + 4) == 2 && Adjacent(t_[i + 2], t_[i + 3]) &&
            Adjacent(t_[i + 3], t_[i + 4])) {
          int d = Int(i + 4);
          if (d >= 1 && d <= DaysInMonth(y, mm)) {
            out->i0 = i; out->i1 = i + 5; out->type = "DATE"; out->value = FmtYmd(y, mm, d);
            // "2023-03-17T10:00" is left as the date.
            return true;
          }
        } else if (y >= 1900) {
          out->i0 = i; out->i1 = i + 3; out->type = "DATE"; out->value = FmtYm(y, mm);
          return true;
        }
      }
    }
    // US "3/17/2023", "3/17/23"
    if (Num(i) && Digits(i) <= 2 && P(i + 1, '/') && Num(i + 2) && Digits(i + 2) <= 2 && P(i + 3, '/') && Num(i + 4) &&
        Adjacent(t_[i], t_[i + 1]) && Adjacent(t_[i + 1], t_[i + 2]) && Adjacent(t_[i + 2], t_[i + 3]) &&
        Adjacent(t_[i + 3], t_[i + 4])) {
      int mm = Int(i), d = Int(i + 2), y = Int(i + 4);
      if (Digits(i + 4) == 2) y += y < 50 ? 2000 : 1900;
      if (mm >= 1 && mm <= 12 && d >= 1 && d <= DaysInMonth(y, mm) && (Digits(i + 4) == 2 || Digits(i + 4) == 4)) {
        out->i0 = i; out->i1 = i + 5; out->type = "DATE"; out->value = FmtYmd(y, mm, d);
        return true;
      }
    }
    // Year alone (and decades "1990s").
    if (int y = YearAt(i)) {
      if (i > 0 && (P(i - 1, '$') || P(i - 1, 'E') || P(i - 1, 'L') || W(i - 1, "no") || W(i - 1, "number") ||
                    W(i - 1, "flight") || W(i - 1, "route") || W(i - 1, "resolution") || W(i - 1, "room") ||
                    W(i - 1, "article") || W(i - 1, "model") || P(i - 1, '#')))
        return false;
      if (P(i + 1, '%') || W(i + 1, "gmt") || W(i + 1, "utc") || W(i + 1, "hours") || W(i + 1, "hrs")) return false;
      if (i + 1 < t_.size() && t_[i + 1].kind == Kind::kWord && !Adjacent(t_[i], t_[i + 1])) {
        const std::string_view nw = t_[i + 1].lw;
        bool pl;
        if (nw == "percent" || nw == "people" || nw == "points" || nw == "troops" || nw == "soldiers" ||
            nw == "workers" || nw == "men" || nw == "women" || nw == "feet" || nw == "meters" || nw == "miles" ||
            nw == "tons" || nw == "shares" || nw == "votes" || UnitOf(nw, &pl))
          return false;
      }
      // Letters glued to the number ("1815EDT", "2000m") make it no year.
      if (i + 1 < t_.size() && t_[i + 1].kind == Kind::kWord && Adjacent(t_[i], t_[i + 1]) && !W(i + 1, "s"))
        return false;
      if (W(i + 1, "s") && Adjacent(t_[i], t_[i + 1])) {
        if (y % 10 != 0) return false;
        out->i0 = i; out->i1 = i + 2; out->type = "DATE"; out->value = std::to_string(y / 10);
        return true;
      }
      if (y < 1500) return false;
      out->i0 = i; out->i1 = i + 1; out->type = "DATE"; out->value = FmtYear(y);
      return true;
    }
    return false;
  }

  // "Friday", "on Monday", "last Tuesday", "next Monday", "this Friday",
  // "Friday (Mar 17)", "Friday, March 17", "Friday morning", "Mondays".
  bool Weekday(size_t i, Match* out) {
    size_t j = i;
    int dir = 0;  // -1 last, +1 next, 2 this
    bool has_mod = false;
    if (W(i, "last") || W(i, "past") || W(i, "previous")) { dir = -1; ++j; has_mod = true; }
    else if (W(i, "next") || W(i, "coming")) { dir = +1; ++j; has_mod = true; }
    else if (W(i, "this")) { dir = 2; ++j; has_mod = true; }
    else if (W(i, "this") && W(i + 1, "coming")) { dir = +1; j += 2; has_mod = true; }
    if (j >= t_.size() || t_[j].kind != Kind::kWord || !t_[j].cap) return false;
    bool plural = false;
    int wd = WeekdayOf(t_[j].lw, &plural);
    size_t e = j + 1;
    if (!wd) {
      wd = WeekdayAbbr(t_[j].lw);
      if (!wd || !P(j + 1, '.') || !Adjacent(t_[j], t_[j + 1])) return false;
      // "Sun.", "Wed." end sentences as names too: an abbreviated weekday
      // needs a date or comma after it, or "on" before it.
      size_t q = 0;
      if (!(P(j + 2, ',') || Num(j + 2) || MonthAt(j + 2, &q) || (j > 0 && W(j - 1, "on")))) return false;
      e = j + 2;
    }
    if (plural) {
      if (has_mod) return false;
      // "Mondays" as a set
      out->i0 = i; out->i1 = e; out->type = "SET";
      out->value = "XXXX-WXX-" + std::to_string(wd);
      return true;
    }
    // Part of day
    const char* pod = nullptr;
    if (e < t_.size() && t_[e].kind == Kind::kWord) {
      pod = PartOfDay(t_[e].lw);
      if (pod) ++e;
    }
    // "Monday next week", "Friday this week": that day of the week named
    // after it
    int week = 2;  // -1 last, 0 this, +1 next week; 2: none
    if (!has_mod && W(e + 1, "week") && !P(e + 2, '\'') && !P(e + 2, '-')) {
      week = W(e, "next") ? 1 : W(e, "last") ? -1 : W(e, "this") ? 0 : 2;
      if (week != 2) e += 2;
    }
    // Confirming date
    int cy = 0, cm = 0, cd = 0;
    size_t ce = 0;
    bool confirmed = !pod && week == 2 && ConfirmingDate(e, &ce, &cy, &cm, &cd);
    std::string date;
    if (confirmed) {
      e = ce;
      date = FmtYmd(cy, cm, cd);
    } else if (!has_dct_) {
      date = "XXXX-WXX-" + std::to_string(wd);
    } else if (week != 2) {
      date = FmtDays(ddays_ + 7 * week - (IsoWeekday(ddays_) - 1) + (wd - 1));
    } else {
      int dwd = IsoWeekday(ddays_);
      int64_t days;
      if (dir == -1) {
        int back = (dwd - wd + 7) % 7;
        if (back == 0) back = 7;
        days = ddays_ - back;
      } else if (dir == 1) {
        int fwd = (wd - dwd + 7) % 7;
        if (fwd == 0) fwd = 7;
        days = ddays_ + fwd;
      } else if (dir == 2) {
        days = ddays_ + (wd - dwd);
      } else {
        int ts = Tense(i);
        if (ts > 0)
          days = ddays_ + (wd - dwd + 7) % 7;
        else
          days = ddays_ - (dwd - wd + 7) % 7;
      }
      date = FmtDays(days);
    }
    out->i0 = i;
    out->i1 = e;
    if (pod) {
      out->type = "TIME";
      out->value = date + "T" + pod;
    } else {
      out->type = "DATE";
      out->value = date;
    }
    return true;
  }

  // today, tonight, yesterday, tomorrow; this/last/next week|month|year|
  // weekend|quarter|<month>|<season>; N units ago / earlier / later.
  bool Relative(size_t i, Match* out) {
    const std::string_view w = t_[i].lw;
    // "this past week|month|year|weekend": the one before the document's, a date;
    // "this past spring": the season, with "this" in the span.
    if (w == "this" && W(i + 1, "past") && i + 2 < t_.size() && t_[i + 2].kind == Kind::kWord) {
      bool pl = false;
      char u = UnitOf(t_[i + 2].lw, &pl);
      if (u && !pl && (u == 'W' || u == 'M' || u == 'Y' || u == 'K')) {
        out->i0 = i; out->i1 = i + 3; out->type = "DATE";
        out->value = RelativeUnit(u, -1);
        return !out->value.empty();
      }
      // (TimeBank reads "last spring" as last year's, "this past spring" as the most
      // recent one: this year's once it is over.)
      const char* sc = nullptr;
      if (SeasonOf(t_[i + 2].lw, &sc) && sc[0] != 'W') {
        const int last_month = sc[0] == 'S' && sc[1] == 'P' ? 5 : sc[0] == 'S' ? 8 : 11;
        int y = !has_dct_ ? -1 : last_month < dm_ ? dy_ : dy_ - 1;
        out->i0 = i; out->i1 = i + 3; out->type = "DATE";
        out->value = FmtYear(y) + "-" + sc;
        return true;
      }
    }
    int64_t off = 0;
    bool dayword = true;
    if (w == "today") off = 0;
    else if (w == "yesterday") off = -1;
    else if (w == "tomorrow") off = 1;
    else if (w == "tonight") off = 0;
    else dayword = false;
    // "USA Today", "NBC's Today show": a title, not the day
    if (dayword && t_[i].cap &&
        (W(i - 1, "usa") || W(i + 1, "show") || (i > 1 && P(i - 1, '\'') && W(i - 2, "nbc")) ||
         (P(i - 1, '"') && P(i + 1, '"') && (W(i + 2, "show") || W(i + 2, "anchor") || W(i + 2, "program")))))
      return false;
    if (dayword) {
      size_t e = i + 1;
      const char* pod = w == "tonight" ? "NI" : nullptr;
      if (!pod && e < t_.size() && t_[e].kind == Kind::kWord && (pod = PartOfDay(t_[e].lw))) ++e;
      int cy = 0, cm = 0, cd = 0;
      size_t ce = 0;
      std::string date;
      if (!pod && ConfirmingDate(e, &ce, &cy, &cm, &cd)) {
        e = ce;
        date = FmtYmd(cy, cm, cd);
      } else {
        date = has_dct_ ? FmtDays(ddays_ + off) : "XXXX-XX-XX";
      }
      out->i0 = i; out->i1 = e;
      if (pod) {
        out->type = "TIME";
        out->value = date + "T" + pod;
      } else {
        out->type = "DATE";
        out->value = date;
      }
      return true;
    }
    if (w == "last" && W(i + 1, "night")) {
      out->i0 = i; out->i1 = i + 2; out->type = "TIME";
      out->value = (has_dct_ ? FmtDays(ddays_ - 1) : "XXXX-XX-XX") + "TNI";
      return true;
    }
    // "this morning", "this afternoon"
    if (w == "this" && i + 1 < t_.size() && PartOfDay(t_[i + 1].lw) && t_[i + 1].lw != "overnight") {
      out->i0 = i; out->i1 = i + 2; out->type = "TIME";
      out->value = (has_dct_ ? FmtDays(ddays_) : "XXXX-XX-XX") + "T" + PartOfDay(t_[i + 1].lw);
      return true;
    }
    // "mid-afternoon", "late morning", "early evening yesterday": the part of
    // the day named after it, else of the day last named (as a clock time).
    if ((w == "mid" || w == "late" || w == "early") && !W(i + 1, "night")) {
      size_t k = i + 1;
      if (w == "mid" && P(k, '-') && Adjacent(t_[i], t_[k])) ++k;
      const char* pod = k < t_.size() ? PartOfDay(t_[k].lw) : nullptr;
      if (pod && t_[k].lw != "overnight") {
        size_t e = k + 1;
        std::string day = ClockDay();
        if (W(e, "yesterday") || W(e, "today") || W(e, "tomorrow")) {
          if (has_dct_) day = FmtDays(ddays_ + (W(e, "yesterday") ? -1 : W(e, "tomorrow") ? 1 : 0));
          ++e;
        } else if (e < t_.size() && t_[e].cap) {
          bool pl = false;
          Match wm;
          if (WeekdayOf(t_[e].lw, &pl) && !pl && Weekday(e, &wm) && wm.type == std::string_view("DATE")) {
            day = wm.value;
            e = wm.i1;
          }
        }
        out->i0 = i; out->i1 = e; out->type = "TIME"; out->value = day + "T" + pod;
        return true;
      }
    }
    // "down from $450 million the year before", "endorsed the day before by
    // a rival": the unit before (after) the time last mentioned, when
    // nothing follows that would be its own anchor ("the day before the
    // vote", "the day after he died").
    if (w == "the" && (W(i + 2, "before") || W(i + 2, "after")) && !ref_.empty()) {
      bool pl = false;
      const char u = i + 1 < t_.size() ? UnitOf(t_[i + 1].lw, &pl) : 0;
      const size_t a = i + 3;
      const bool anchorless =
          a >= t_.size() || t_[a].kind == Kind::kPunct ||
          (t_[a].kind == Kind::kWord && (W(a, "at") || W(a, "in") || W(a, "on") || W(a, "by") || W(a, "from") ||
                                         W(a, "with") || W(a, "during") || W(a, "and") || W(a, "but")));
      if (!pl && (u == 'D' || u == 'W' || u == 'M' || u == 'Y') && anchorless) {
        std::string v = ShiftReference(u, W(i + 2, "before") ? -1 : 1);
        if (u == 'Y' && v.size() > 4) v.resize(4);
        if (u == 'M' && v.size() == 10) v.resize(7);
        if (!v.empty()) {
          out->i0 = i; out->i1 = i + 3; out->type = "DATE"; out->value = v;
          // ("the euro rose from $1.10 the day before, the pound from $1.31
          // the day before": the same day)
          out->keeps_reference = true;
          return true;
        }
      }
    }
    int dir = 99;
    size_t j = i + 1;
    if (w == "this" || w == "current" || w == "present") dir = 0;
    else if (w == "last" || w == "past" || w == "previous" || w == "prior") dir = -1;
    else if (w == "next" || w == "coming" || w == "following") dir = 1;
    else if (w == "the" && (W(i + 1, "past") || W(i + 1, "last") || W(i + 1, "previous"))) { dir = -1; j = i + 2; }
    else if (w == "the" && (W(i + 1, "coming") || W(i + 1, "next") || W(i + 1, "following"))) { dir = 1; j = i + 2; }
    if (dir != 99 && j < t_.size() && t_[j].kind == Kind::kWord) {
      bool pl = false;
      char u = UnitOf(t_[j].lw, &pl);
      bool the = w == "the";
      if (u && !pl) {
        // "the previous year", "the next day", "the following week": the unit before or
        // after, a date (anchored, lacking the narrative's time, on the document date).
        if (the && (W(i + 1, "previous") || W(i + 1, "next") || W(i + 1, "following")) &&
            (u == 'D' || u == 'W' || u == 'M' || u == 'Y')) {
          const int step = W(i + 1, "previous") ? -1 : 1;
          out->i0 = i; out->i1 = j + 1; out->type = "DATE";
          // In narrative the unit after (before) the time last mentioned:
          // "On Jan. 20 ... the next day" is Jan. 21.
          out->value = ShiftReference(u, step);
          // ... named at the unit's own granularity: "the following year" is a year.
          if (u == 'Y' && out->value.size() > 4) out->value.resize(4);
          if (u == 'M' && out->value.size() == 10) out->value.resize(7);
          if (u == 'W' && out->value.size() == 10)
            out->value = FmtIsoWeek(DaysFromCivil(std::atoi(out->value.c_str()), std::atoi(out->value.c_str() + 5),
                                                  std::atoi(out->value.c_str() + 8)));
          if (out->value.empty()) out->value = RelativeUnit(u, step);
          return !out->value.empty();
        }
        // "at the last minute": an idiom, not a period.
        if (the && u == 'N' && W(i + 1, "last") && i > 0 && (W(i - 1, "at") || W(i - 1, "until") || W(i - 1, "till")))
          return false;
        // "in the next century", "into the next century": the calendar century
        // after (or before) the document's ("over the next century" and "the
        // last decade" stay periods).
        if (the && u == 'C' && (W(i + 1, "last") || W(i + 1, "next")) && i > 0 &&
            (W(i - 1, "in") || W(i - 1, "into") || W(i - 1, "of") || W(i - 1, "until") || W(i - 1, "by"))) {
          out->i0 = i; out->i1 = j + 1; out->type = "DATE"; out->value = RelativeUnit(u, dir);
          return !out->value.empty();
        }
        // "the past week" / "the last year": a duration.
        if (the || ((w == "past" || w == "coming") && u != 'K')) {
          if (u == 'Q') return false;
          out->i0 = i; out->i1 = j + 1; out->type = "DURATION"; out->value = DurationValue(1, u);
          return true;
        }
        if (w == "following" || w == "prior") return false;
        out->i0 = i; out->i1 = j + 1; out->type = "DATE";
        out->value = RelativeUnit(u, dir);
        if (out->value.empty()) return false;
        return true;
      }
      // "this September", "last September", "next March"
      size_t k = 0;
      int m = MonthAt(j, &k);
      if (m && !the && w != "current" && w != "present" && w != "following" && w != "prior") {
        int y = -1;
        if (has_dct_) {
          if (dir < 0) y = m < dm_ ? dy_ : dy_ - 1;
          else if (dir > 0) y = m > dm_ ? dy_ : dy_ + 1;
          else y = dy_;
        }
        out->i0 = i; out->i1 = k; out->type = "DATE"; out->value = FmtYm(y, m);
        return true;
      }
      const char* sc = nullptr;
      if (!the && SeasonOf(t_[j].lw, &sc) && w != "current" && w != "following" && w != "prior") {
        int y = -1;
        if (has_dct_) y = dy_ + (dir > 0 ? 1 : dir < 0 ? -1 : 0);
        out->i0 = i; out->i1 = j + 1; out->type = "DATE";
        out->value = FmtYear(y) + "-" + sc;
        return true;
      }
    }
    // N units ago / earlier / later / from now
    size_t k = 0;
    double n = lex::ReadCardinal(t_, i, &k, true);
    if (n > 0 && k < t_.size() && t_[k].kind == Kind::kWord) {
      bool pl = false;
      char u = UnitOf(t_[k].lw, &pl);
      size_t a = k + 1;
      int sign = 0;
      if (W(a, "ago") || W(a, "earlier") || W(a, "before")) sign = -1;
      else if (W(a, "later") || W(a, "hence") || (W(a, "from") && W(a + 1, "now"))) sign = 1;
      if (u && sign) {
        if (W(a, "before") || W(a, "later")) return false;  // relative to an event: a duration
        std::string v = ShiftUnit(u, sign * n);
        if (W(a, "earlier") && n == std::floor(n)) {
          std::string anchored = ShiftReference(u, -int(n));
          if (!anchored.empty()) {
            out->i0 = i; out->i1 = a + 1; out->type = "DATE"; out->value = anchored;
            return true;
          }
        }
        if (u == 'Y' && n == 1 && sign < 0 && has_dct_ && QuarterContext(i)) {
          int qi = dy_ * 4 + (dm_ - 1) / 3 - 1 - 4;
          v = FmtYear(qi / 4) + "-Q" + std::to_string(qi % 4 + 1);
        }
        if (v.empty()) return false;
        out->i0 = i; out->i1 = (W(a, "from") ? a + 2 : a + 1); out->type = "DATE"; out->value = v;
        return true;
      }
    }
    // "that day", "the same year", "that quarter": the unit of the time last
    // mentioned.
    if ((w == "that" || (w == "the" && W(i + 1, "same"))) && !ref_.empty()) {
      // ("that same day": "same" adds nothing)
      const size_t q = w == "that" && !W(i + 1, "same") ? i + 1 : i + 2;
      // "that November": the month in the year last mentioned
      // (not the conjunction: "said that March was hard")
      const bool conjunction =
          w == "that" && i > 0 &&
          (IsPastForm(t_[i - 1].lw) || W(i - 1, "says") || W(i - 1, "say") || W(i - 1, "think") ||
           W(i - 1, "thinks") || W(i - 1, "believe") || W(i - 1, "believes") || W(i - 1, "know") ||
           W(i - 1, "knows") || W(i - 1, "hope") || W(i - 1, "hopes") || W(i - 1, "shows") || W(i - 1, "so") ||
           (t_[i - 1].lw.size() >= 5 && t_[i - 1].lw.compare(t_[i - 1].lw.size() - 2, 2, "ed") == 0));
      if (q < t_.size() && t_[q].cap && MonthFull(t_[q].lw) && !conjunction && !P(q + 1, '\'') && !Num(q + 1) &&
          !(q + 1 < t_.size() && t_[q + 1].cap)) {
        char mm[4];
        std::snprintf(mm, sizeof mm, "-%02d", MonthFull(t_[q].lw));
        out->i0 = i; out->i1 = q + 1; out->type = "DATE"; out->value = ref_.substr(0, 4) + mm;
        return true;
      }
      // "that night", "the same morning": that part of the day last named
      const char* pod = q < t_.size() ? PartOfDay(t_[q].lw) : nullptr;
      if (pod && t_[q].lw != "overnight" && ref_.size() == 10 && ref_[5] != 'W') {
        out->i0 = i; out->i1 = q + 1; out->type = "TIME"; out->value = ref_ + "T" + pod;
        return true;
      }
      bool pl = false;
      const char u = q < t_.size() ? UnitOf(t_[q].lw, &pl) : 0;
      if (u && !pl && !P(q + 1, '\'') && !P(q + 1, '-')) {
        std::string v;
        const bool ymd = ref_.size() == 10 && ref_[5] != 'W';
        if (u == 'Y') v = ref_.substr(0, 4);
        else if (u == 'D' && ymd) v = ref_;
        else if (u == 'M' && (ymd || (ref_.size() == 7 && ref_[5] != 'Q' && ref_[5] != 'W'))) v = ref_.substr(0, 7);
        else if (u == 'Q' && ref_.size() == 7 && ref_[5] == 'Q') v = ref_;
        else if (u == 'W' && ymd) v = FmtIsoWeek(DaysFromCivil(std::atoi(ref_.c_str()), std::atoi(ref_.c_str() + 5), std::atoi(ref_.c_str() + 8)));
        if (!v.empty()) {
          out->i0 = i; out->i1 = q + 1; out->type = "DATE"; out->value = v;
          return true;
        }
      }
    }
    // "the weekend"
    if (w == "the" && W(i + 1, "weekend")) {
      // The weekend just past (looking back) or the coming one (looking
      // ahead): on a Saturday or Sunday that is the document's own week.
      out->i0 = i; out->i1 = i + 2; out->type = "DATE";
      if (!has_dct_) {
        out->value = "XXXX-WXX-WE";
        return true;
      }
      const bool future = Tense(i) > 0;
      const bool in_weekend = IsoWeekday(ddays_) >= 6;
      int64_t base = ddays_;
      if (!future && !in_weekend) base -= 7;
      if (future && in_weekend) base += 7;
      out->value = FmtIsoWeek(base) + "-WE";
      return true;
    }
    return false;
  }

  // Value of this (0) / last (-1) / next (+1) unit.
  std::string RelativeUnit(char u, int dir) const {
    if (!has_dct_) {
      switch (u) {
        case 'D': return "XXXX-XX-XX";
        case 'W': return "XXXX-WXX";
        case 'M': return "XXXX-XX";
        case 'Y': return "XXXX";
        case 'Q': return "XXXX-QX";
        case 'K': return "XXXX-WXX-WE";
        case 'E': return "XXX";
        default: return "";
      }
    }
    switch (u) {
      case 'D': return FmtDays(ddays_ + dir);
      case 'W': return FmtIsoWeek(ddays_ + 7 * dir);
      case 'K': {
        int64_t base = ddays_;
        if (dir == -1) base -= 7;
        if (dir == 1) base += 7;
        if (dir == 0 && IsoWeekday(ddays_) <= 2 && false) base -= 7;
        return FmtIsoWeek(base) + "-WE";
      }
      case 'M': {
        int mi = dy_ * 12 + (dm_ - 1) + dir;
        return FmtYm(mi / 12, mi % 12 + 1);
      }
      case 'Y': return FmtYear(dy_ + dir);
      case 'Q': {
        int qi = dy_ * 4 + (dm_ - 1) / 3 + dir;
        return FmtYear(qi / 4) + "-Q" + std::to_string(qi % 4 + 1);
      }
      case 'E': {
        return std::to_string(dy_ / 10 + dir);
      }
      case 'C': return std::to_string(dy_ / 100 + dir);
      default: return "";
    }
  }

  // The date n units from the document date, at the unit's granularity.
  std::string ShiftUnit(char u, double n) const {
    int k = int(std::lround(n));
    if (!has_dct_) {
      switch (u) {
        case 'D': return "XXXX-XX-XX";
        case 'W': return "XXXX-WXX";
        case 'M': return "XXXX-XX";
        case 'Y': return "XXXX";
        default: return "";
      }
    }
    switch (u) {
      case 'D': return FmtDays(ddays_ + k);
      case 'W': return FmtIsoWeek(ddays_ + 7 * k);
      case 'M': {
        int mi = dy_ * 12 + (dm_ - 1) + k;
        return FmtYm(mi / 12, mi % 12 + 1);
      }
      case 'Y': return FmtYear(dy_ + k);
      case 'E': return std::to_string((dy_ + 10 * k) / 10);
      case 'C': return std::to_string((dy_ + 100 * k) / 100);
      case 'Q': {
        int qi = dy_ * 4 + (dm_ - 1) / 3 + k;
        return FmtYear(qi / 4) + "-Q" + std::to_string(qi % 4 + 1);
      }
      case 'H': case 'N': return FmtDays(ddays_);  // approximate: same day
      default: return "";
    }
  }

  // Quarters and halves: "the third quarter", "third-quarter", "the first
  // half", "the quarter", "the year-earlier quarter", "fiscal 1990".
  bool Quarter(size_t i, Match* out) {
    size_t j = i;
    bool the = W(j, "the");
    if (the) ++j;
    bool year_earlier = false;
    if ((W(j, "year") && P(j + 1, '-') && (W(j + 2, "earlier") || W(j + 2, "ago"))) ) {
      year_earlier = true;
      j += 3;
    }
    bool fiscal = W(j, "fiscal");
    if (fiscal) ++j;
    int q = 0;
    int pre_year = 0;
    if (the && YearAt(j)) {
      pre_year = YearAt(j);
      ++j;
    } else if ((W(j, "this") || W(j, "last") || W(j, "next")) && W(j + 1, "year") && P(j + 2, '\'') && W(j + 3, "s")) {
      pre_year = has_dct_ ? dy_ + (W(j, "last") ? -1 : W(j, "next") ? 1 : 0) : -1;
      j += 4;
    }
    char kind = 'Q';
    if (j < t_.size()) {
      int o = lex::OrdinalWord(t_[j].lw);
      if (o >= 1 && o <= 4) {
        size_t k = j + 1;
        if (P(k, '-') && Adjacent(t_[j], t_[k])) ++k;
        if (W(k, "quarter")) { q = o; j = k + 1; }
        else if (W(k, "half") && o <= 2) { q = o; kind = 'H'; j = k + 1; }
      }
    }
    if (pre_year && !q) return false;
    // "the second half of September": part of that month, not of the year
    // (the month is matched on its own)
    size_t month_end = 0;
    if (kind == 'H' && W(j, "of") && MonthAt(j + 1, &month_end)) return false;
    // "stretchered off in the second half": a match's half, not a date
    if (kind == 'H' && !pre_year && !YearAt(j) && !(W(j, "of") && YearAt(j + 1)) && MatchContext(i)) return false;
    if (!q) {
      // "the quarter", "the latest quarter", "the year-earlier quarter"
      if (!the) {
        if (year_earlier && !W(j, "quarter") && !W(j, "period")) {
          // bare "year-earlier"
          out->i0 = i; out->i1 = j; out->type = "DATE";
          out->value = has_dct_ ? FmtYear(dy_ - 1) : "XXXX";
          if (has_dct_ && QuarterContext(i)) {
            int qi = dy_ * 4 + (dm_ - 1) / 3 - 1 - 4;
            out->value = FmtYear(qi / 4) + "-Q" + std::to_string(qi % 4 + 1);
          }
          return true;
        }
        return false;
      }
      if (W(j, "latest") || W(j, "recent") || W(j, "same") || W(j, "current")) ++j;
      if (!W(j, "quarter") && !(year_earlier && W(j, "period")) && !(W(j, "period") && W(j - 1, "latest"))) return false;
      int qi = has_dct_ ? dy_ * 4 + (dm_ - 1) / 3 - 1 : -1;  // last completed quarter
      if (year_earlier && qi >= 0) qi -= 4;
      out->i0 = i; out->i1 = j + 1; out->type = "DATE";
      out->value = qi >= 0 ? FmtYear(qi / 4) + "-Q" + std::to_string(qi % 4 + 1) : "XXXX-QX";
      return true;
    }
    // optional "of 1989" / "1989" / "of this year" / "of next year"
    int y = 0;
    size_t e = j;
    if (W(e, "of") && YearAt(e + 1)) { y = YearAt(e + 1); e += 2; }
    else if (YearAt(e)) { y = YearAt(e); e += 1; }
    else if (W(e, "of") && (W(e + 1, "this") || W(e + 1, "last") || W(e + 1, "next") || W(e + 1, "the")) && W(e + 2, "year")) {
      if (has_dct_) y = dy_ + (W(e + 1, "last") ? -1 : W(e + 1, "next") ? 1 : 0);
      e += 3;
    }
    if (!y && has_dct_) {
      int cur = kind == 'Q' ? (dm_ - 1) / 3 + 1 : (dm_ - 1) / 6 + 1;
      y = q > cur && Tense(i) <= 0 ? dy_ - 1 : dy_;
      if (q > cur && Tense(i) > 0) y = dy_;
      if (q == cur && (dm_ - 1) % 3 == 0 && dd_ < 20 && kind == 'Q' && Tense(i) < 0) y = dy_;
    }
    if (year_earlier && y > 0) --y;
    if (pre_year) y = pre_year;
    out->i0 = i; out->i1 = e; out->type = "DATE";
    out->value = (y > 0 ? FmtYear(y) : std::string("XXXX")) + "-" + kind + std::to_string(q);
    return true;
  }

  // "every week", "each year", "daily", "weekly", "annually", "a year" after
  // an amount, "per day", "every Monday".
  bool Set(size_t i, Match* out) {
    const std::string_view w = t_[i].lw;
    if (false) {  // "daily", "weekly"...: TimeBank rarely marks them
      // "daily" as an adjective before a noun is still a set in TimeML
      char u = w == "daily" || w == "nightly" ? 'D' : w == "weekly" ? 'W' : w == "monthly" ? 'M' : w == "hourly" ? 'H' : w == "quarterly" ? 'Q' : 'Y';
      out->i0 = i; out->i1 = i + 1; out->type = "SET";
      out->value = u == 'Q' ? "P3M" : DurationValue(1, u);
      return true;
    }
    if (w == "every" || w == "each") {
      size_t j = i + 1;
      double n = 1;
      size_t k = 0;
      if (w == "every") {
        double c = lex::ReadCardinal(t_, j, &k, false);
        if (c > 1) { n = c; j = k; }
        else if (W(j, "other")) { n = 2; ++j; }
      }
      if (j >= t_.size() || t_[j].kind != Kind::kWord) return false;
      bool pl = false;
      char u = UnitOf(t_[j].lw, &pl);
      if (u && u != 'K' && u != 'Q') {
        out->i0 = i; out->i1 = j + 1; out->type = "SET"; out->value = DurationValue(n, u);
        return true;
      }
      int wd = t_[j].cap ? WeekdayOf(t_[j].lw, &pl) : 0;
      if (wd && w != "per") {
        out->i0 = i; out->i1 = j + 1; out->type = "SET"; out->value = "XXXX-WXX-" + std::to_string(wd);
        return true;
      }
      const char* pod = PartOfDay(t_[j].lw);
      if (pod && w != "per") {
        out->i0 = i; out->i1 = j + 1; out->type = "SET"; out->value = std::string("XXXX-XX-XXT") + pod;
        return true;
      }
      size_t k2 = 0;
      int m = MonthAt(j, &k2);
      if (m && w != "per") {
        out->i0 = i; out->i1 = k2; out->type = "SET"; out->value = FmtYm(-1, m);
        return true;
      }
      return false;
    }
    // "$5 a year", "twice a week"
    if ((w == "a" || w == "an") && i > 0) {
      bool pl = false;
      if (i + 1 >= t_.size() || t_[i + 1].kind != Kind::kWord) return false;
      char u = UnitOf(t_[i + 1].lw, &pl);
      if (!u || pl || u == 'K' || u == 'Q') return false;
      // A frequency ("twice a week", "three times a day") is a set; a rate
      // after an amount ("$1.76 a year", "358,000 a month") is not marked.
      const Tok& p = t_[i - 1];
      if (p.lw != "twice" && p.lw != "once" && p.lw != "times" && p.lw != "thrice") return false;
      out->i0 = i; out->i1 = i + 2; out->type = "SET"; out->value = DurationValue(1, u);
      return true;
    }
    return false;
  }

  // now, currently, recently, soon, the future, the past, formerly...
  bool Refs(size_t i, Match* out) {
    const std::string_view w = t_[i].lw;
    const char* v = nullptr;
    size_t e = i + 1;
    if (w == "now" || w == "currently" || w == "nowadays") {
      // ("now that he is in a confrontation": the present too; TimeBank
      // tags it, 2 of 2)
      v = "PRESENT_REF";
    } else if (w == "recently" || w == "lately") {
      v = "PAST_REF";
    } else if (w == "soon") {
      if (W(i + 1, "as") || W(i + 1, "after")) return false;
      if (i > 0 && W(i - 1, "as")) return false;
      v = "FUTURE_REF";
    } else if (w == "the" && W(i + 1, "future") && !W(i + 2, "of")) {
      v = "FUTURE_REF";
      e = i + 2;
    } else if (w == "the" && ((W(i + 1, "near") && (W(i + 2, "future") || W(i + 2, "term"))) ||
                              (W(i + 1, "short") && W(i + 2, "term")))) {
      v = "FUTURE_REF";  // "in the near future", "in the short term"
      e = i + 3;
    } else if ((w == "coming" || (w == "the" && W(i + 1, "coming"))) &&
               (W(i + (w == "the" ? 2 : 1), "weeks") || W(i + (w == "the" ? 2 : 1), "months") ||
                W(i + (w == "the" ? 2 : 1), "years") || W(i + (w == "the" ? 2 : 1), "days") ||
                W(i + (w == "the" ? 2 : 1), "quarters"))) {
      v = "FUTURE_REF";  // "in coming months", "in the coming weeks"
      e = i + (w == "the" ? 3 : 2);
    } else if (w == "the" && W(i + 1, "full") && W(i + 2, "year") && !P(i + 3, '\'') && !P(i + 3, '-')) {
      out->i0 = i; out->i1 = i + 3; out->type = "DATE"; out->value = has_dct_ ? FmtYear(dy_) : "XXXX";
      return true;
    } else if (w == "these" && W(i + 1, "days")) {
      v = "PRESENT_REF";
      e = i + 2;
    } else if ((w == "several" || w == "many" || w == "some") && W(i + 1, "years") && W(i + 2, "ago")) {
      v = "PAST_REF";
      e = i + 3;
    } else if (w == "the" && W(i + 1, "past") && i + 2 < t_.size() &&
               (t_[i + 2].kind == Kind::kPunct || W(i + 2, "and") || W(i + 2, "but") ||
                (i > 0 && (W(i - 1, "in") || W(i - 1, "of") || W(i - 1, "from") || W(i - 1, "than"))))) {
      // "in the past", "lessons of the past" (a unit after it makes a longer match)
      v = "PAST_REF";
      e = i + 2;
    } else if (w == "recent" && W(i + 1, "years")) {
      v = "PAST_REF";
      e = i + 2;
    } else if (w == "recent" && (W(i + 1, "months") || W(i + 1, "weeks") || W(i + 1, "days"))) {
      out->i0 = i; out->i1 = i + 2; out->type = "DURATION";
      out->value = std::string("PX") + (t_[i + 1].lw[0] == 'm' ? 'M' : t_[i + 1].lw[0] == 'w' ? 'W' : 'D');
      return true;
    } else if (w == "recent" && !W(i + 1, "weeks") && !W(i + 1, "months") && !W(i + 1, "days")) {
      v = "PAST_REF";  // "the recent decline"
    } else if (w == "current" && !(i > 0 && W(i - 1, "the") && (W(i + 1, "account") || W(i + 1, "accounts")))) {
      v = "PRESENT_REF";  // "current levels"
    } else if (w == "the" && W(i + 1, "year") && !P(i + 2, '-') && !(P(i + 2, '\'') && W(i + 3, "s"))) {
      // "for the year": a duration; else the document's year
      if (i > 0 && (W(i - 1, "for") || W(i - 1, "over") || W(i - 1, "during") || W(i - 1, "throughout"))) {
        out->i0 = i; out->i1 = i + 2; out->type = "DURATION"; out->value = "P1Y";
        return true;
      }
      out->i0 = i; out->i1 = i + 2; out->type = "DATE"; out->value = has_dct_ ? FmtYear(dy_) : "XXXX";
      return true;
    } else {
      return false;
    }
    out->i0 = i; out->i1 = e; out->type = "DATE"; out->value = v;
    return true;
  }

  // Holidays with a fixed or computed day (TIMEX3 values them as dates):
  // "Christmas", "Christmas Eve", "New Year's Day", "Thanksgiving",
  // "Independence Day", "Halloween", "Valentine's Day", "Labor Day",
  // "Memorial Day"; the year as for a month and day ("last Christmas" the one
  // before the document date, "Christmas 1998" that year's).
  bool Holiday(size_t i, Match* out) {
    if (!t_[i].cap) return false;
    const std::string_view w = t_[i].lw;
    int m = 0, d = 0;
    size_t e = i + 1;
    int nth_monday = 0;  // 1: first Monday, -1: last Monday of the month
    int nth_thursday = 0;
    int after_monday = 0;  // days after that Monday
    bool named = false;  // a name that needs no context ("New Year's Day")
    auto possessive_day = [&](size_t k) {  // "'s Day" / "'s Eve" after k
      if (P(k, '\'') && W(k + 1, "s") && (W(k + 2, "day") || W(k + 2, "eve"))) return k + 3;
      return size_t(0);
    };
    if (w == "christmas") {
      m = 12; d = 25;
      if (W(e, "eve")) { d = 24; ++e; named = true; }
      else if (W(e, "day")) { ++e; named = true; }
    } else if (w == "new" && W(i + 1, "year")) {
      const size_t k = possessive_day(i + 2);
      if (!k) return false;
      m = W(k - 1, "eve") ? 12 : 1;
      d = m == 12 ? 31 : 1;
      e = k;
      named = true;
    } else if (w == "thanksgiving") {
      m = 11; nth_thursday = 4;
      if (W(e, "day")) { ++e; named = true; }
    } else if (w == "halloween") {
      m = 10; d = 31;
    } else if (w == "independence" && W(i + 1, "day") && t_[i + 1].cap) {
      m = 7; d = 4; e = i + 2; named = true;
    } else if (w == "valentine" && possessive_day(i + 1)) {
      m = 2; d = 14; e = possessive_day(i + 1); named = true;
    } else if ((w == "labor" || w == "memorial") && W(i + 1, "day") && t_[i + 1].cap) {
      m = w == "labor" ? 9 : 5; nth_monday = w == "labor" ? 1 : -1; e = i + 2; named = true;
    } else if (w == "election" && W(i + 1, "day") && t_[i + 1].cap) {
      // the US general election: the Tuesday after the first Monday of November
      m = 11; nth_monday = 1; after_monday = 1; e = i + 2; named = true;
    } else {
      return false;
    }
    // A bare "Christmas" / "Thanksgiving" / "Halloween" is the day only after
    // a preposition or "last/this/next" ("on Christmas", not "Christmas trees").
    std::string_view prev = i > 0 && t_[i - 1].kind == Kind::kWord ? std::string_view(t_[i - 1].lw) : "";
    int dir = prev == "last" ? -1 : prev == "next" ? 1 : prev == "this" ? 2 : 0;
    if (!named && !dir && prev != "on" && prev != "at" && prev != "by" && prev != "before" && prev != "after" &&
        prev != "until" && prev != "since" && prev != "over" && prev != "during" && prev != "for" && prev != "till" &&
        prev != "through" && prev != "around")
      return false;
    if (!named && e < t_.size() && t_[e].kind == Kind::kWord && !W(e, "and") && !W(e, "or") &&
        t_[e].lw != "when" && !YearAt(e))
      if (!t_[e].cap) return false;  // "Christmas shopping", "Halloween costumes"
    int y = 0;
    if (YearAt(e)) { y = YearAt(e); ++e; }
    else if (P(e, ',') && YearAt(e + 1)) { y = YearAt(e + 1); e += 2; }
    auto day_in = [&](int yy) {
      if (nth_thursday) {
        const int first = IsoWeekday(DaysFromCivil(yy, m, 1));
        return 1 + (4 - first + 7) % 7 + 7 * (nth_thursday - 1);
      }
      if (nth_monday > 0) return 1 + (1 - IsoWeekday(DaysFromCivil(yy, m, 1)) + 7) % 7 + after_monday;
      if (nth_monday < 0) {
        const int last = DaysInMonth(yy, m);
        return last - (IsoWeekday(DaysFromCivil(yy, m, last)) - 1);
      }
      return d;
    };
    size_t i0 = i;
    if (!y) {
      if (!has_dct_) {
        y = -1;
      } else if (dir == -1 || dir == 1) {
        y = dy_;
        const int64_t here = DaysFromCivil(dy_, m, day_in(dy_));
        if (dir == -1 && here >= ddays_) --y;
        if (dir == 1 && here <= ddays_) ++y;
      } else if (dir == 2) {
        y = dy_;
      } else {
        // Election Day with no tense cue is the coming one: campaign copy
        // counts toward the vote ("as Election Day nears", "by Election Day").
        const int tense = Tense(i);
        y = YearFor(m, day_in(dy_), after_monday && tense == 0 ? +1 : tense);
      }
      if (dir) i0 = i - 1;
    }
    out->i0 = i0; out->i1 = e; out->type = "DATE";
    out->value = y < 0 ? FmtYmd(-1, m, nth_thursday || nth_monday ? 0 : d) : FmtYmd(y, m, day_in(y));
    if (y < 0 && (nth_thursday || nth_monday)) out->value = FmtYm(-1, m);
    return true;
  }

  // "spring", "this summer", "summer 2022", "the summer of 2022".
  bool Season(size_t i, Match* out) {
    size_t j = i;
    if (W(j, "the")) ++j;
    const char* sc = nullptr;
    if (j >= t_.size() || !SeasonOf(t_[j].lw, &sc)) return false;
    if (t_[j].lw == "fall" && !t_[j].cap && !(j > 0 && (W(j - 1, "the") || W(j - 1, "in") || W(j - 1, "this") || W(j - 1, "last") || W(j - 1, "next") || W(j - 1, "early") || W(j - 1, "late")))) return false;
    if (t_[j].lw == "fall" && j > i) {}  // "the fall" ok
    size_t e = j + 1;
    int y = 0;
    if (W(e, "of") && YearAt(e + 1)) { y = YearAt(e + 1); e += 2; }
    else if (YearAt(e)) { y = YearAt(e); ++e; }
    if (!y) {
      if (j > i) return false;  // "the summer" alone: too vague
      if (!(i > 0 && (W(i - 1, "in") || W(i - 1, "by") || W(i - 1, "until") || W(i - 1, "since") || W(i - 1, "early") || W(i - 1, "late") || W(i - 1, "this") || W(i - 1, "during"))))
        return false;
      if (has_dct_) {
        int ts = Tense(i);
        y = ts > 0 ? dy_ : dy_;
      } else {
        y = -1;
      }
    }
    out->i0 = i; out->i1 = e; out->type = "DATE"; out->value = FmtYear(y) + "-" + sc;
    return true;
  }

  // Durations: "three days", "two-day", "a year", "10-year", "several
  // years", "the past two months", "the first nine months", "a minute and
  // a half", "2 1/2 years".
  bool Quantity(size_t i, Match* out) {
    size_t j = i;
    bool the = false;
    if (W(j, "the")) { the = true; ++j; }
    if (W(j, "past") || W(j, "last") || W(j, "next") || W(j, "first") || W(j, "coming") || W(j, "previous") ||
        W(j, "following") || W(j, "latest") || W(j, "final") || W(j, "remaining")) {
      ++j;
    } else if (the) {
      // "the nine months": the + number + unit
    }
    if (j > i + 1 && !the && !W(i, "next") && !W(i, "past") && !W(i, "last") && !W(i, "first")) return false;
    // "at the last minute", "until the last moment": an idiom, not a period.
    if (the && W(i + 1, "last") && W(i + 2, "minute") && i > 0 && (W(i - 1, "at") || W(i - 1, "until") || W(i - 1, "till")))
      return false;
    // "last" the verb: "expected to last two weeks", "could last months".
    if (W(i, "last") && i > 0 &&
        (W(i - 1, "to") || W(i - 1, "will") || W(i - 1, "would") || W(i - 1, "could") || W(i - 1, "can") ||
         W(i - 1, "may") || W(i - 1, "might") || W(i - 1, "should") || W(i - 1, "must") || W(i - 1, "not") ||
         W(i - 1, "did") || W(i - 1, "does") || W(i - 1, "ll")))
      return false;
    double n = -1;
    size_t k = j;
    bool vague = false;
    // A bare plural unit after "for", "within", "in", "after", "over": "for
    // years", "within weeks", "the first time in decades" (an unknown count).
    if (j == i && i > 0 && t_[i].kind == Kind::kWord &&
        (W(i - 1, "for") || W(i - 1, "within") || W(i - 1, "in") || W(i - 1, "after") || W(i - 1, "over"))) {
      bool pl = false;
      const char u = UnitOf(t_[i].lw, &pl);
      if (pl && u && u != 'Q' && u != 'K' && u != 'T' && t_[i].lw.size() > 3 && !W(i + 1, "of") && !W(i + 1, "ago") &&
          !P(i + 1, '\'') && !P(i + 1, '-') && !W(i + 1, "past")) {
        out->i0 = i; out->i1 = i + 1; out->type = "DURATION"; out->value = DurationValue(-1, u);
        return true;
      }
    }
    if (j < t_.size() && t_[j].kind == Kind::kWord &&
        (t_[j].lw == "several" || t_[j].lw == "few" || t_[j].lw == "many" || t_[j].lw == "some")) {
      vague = true;
      k = j + 1;
    } else if (W(j, "a") && W(j + 1, "few")) {
      vague = true;
      k = j + 2;
    } else if (W(j, "a") && W(j + 1, "couple") && W(j + 2, "of")) {
      n = 2;
      k = j + 3;
    } else if (j == i && W(j, "half") && (W(j + 1, "a") || W(j + 1, "an"))) {
      n = 0.5;  // "half a year" P6M, "half an hour" PT30M
      k = j + 2;
    } else {
      n = lex::ReadCardinal(t_, j, &k, !the || j > i + 1);
      if (n < 0 || MilitaryTime(j)) return false;
      if (t_[j].kind == Kind::kNumber) {
        if (i > 0 && (P(i - 1, '$') || P(i - 1, 'E') || P(i - 1, 'L'))) return false;
        // "2 1/2"
        if (Num(k) && P(k + 1, '/') && Num(k + 2) && Adjacent(t_[k], t_[k + 1]) && Int(k + 2) > 0) {
          n += double(Int(k)) / Int(k + 2);
          k += 3;
        }
      }
    }
    // "eight trading days", "two more years", "three straight years"
    if (!vague && k < t_.size() && k > j &&
        (W(k, "trading") || W(k, "business") || W(k, "working") || W(k, "calendar") || W(k, "consecutive") ||
         W(k, "straight") || W(k, "more") || W(k, "additional") || W(k, "successive") || W(k, "full"))) {
      bool pl = false;
      if (k + 1 < t_.size() && UnitOf(t_[k + 1].lw, &pl)) ++k;
    }
    bool hyphen = false;
    if (P(k, '-') && k > 0 && Adjacent(t_[k - 1], t_[k])) {
      hyphen = true;
      ++k;
    }
    if (k >= t_.size() || t_[k].kind != Kind::kWord) return false;
    if (hyphen && the && j == i + 1) return false;  // "the two-day trip": the adjective alone
    bool pl = false;
    char u = UnitOf(t_[k].lw, &pl);
    if (!u || u == 'Q' || u == 'K') return false;
    if (u == 'T' && !pl && !hyphen) return false;
    size_t e = k + 1;
    // "a minute and a half", "a year and a half"
    if (W(e, "and") && W(e + 1, "a") && W(e + 2, "half") && n > 0) {
      n += 0.5;
      e += 3;
    }
    // An age ("the 6-year-old boy", "37 years old") is not marked: TimeBank
    // leaves four ages in five untagged.
    if (hyphen && P(e, '-') && W(e + 1, "old") && Adjacent(t_[e - 1], t_[e])) return false;
    // Not a duration when followed by ago/later (Relative handles it).
    if (W(e, "ago") || W(e, "earlier") || W(e, "hence")) return false;
    // "24 hours a day", "seven days a week": a rate, not a period
    // (aquaint-dev 1 of 1; TimeBank has none).
    if (pl && (W(e, "a") || W(e, "per")) && e + 1 < t_.size()) {
      bool pl2 = false;
      const char u2 = UnitOf(t_[e + 1].lw, &pl2);
      if (u2 && !pl2) return false;
    }
    if (vague && !pl) return false;
    if (n == 1 && pl && !vague && t_[j].kind == Kind::kWord) return false;
    // "37 years old" (an age, not a period) and "a calendar year" (a kind of
    // year) are not marked.
    if (!hyphen && W(e, "old") && pl) return false;
    if ((t_[j].lw == "a" || t_[j].lw == "an") && k > j + 1 && (W(j + 1, "calendar") || W(j + 1, "fiscal"))) return false;
    // "A second group", "a second time": the ordinal, not a duration.
    if (u == 'S' && !pl && n == 1 && t_[j].kind == Kind::kWord && e < t_.size() && t_[e].kind == Kind::kWord &&
        !W(e, "later") && !W(e, "earlier") && !W(e, "ago") && !W(e, "or") && !W(e, "and") && !W(e, "after") &&
        !W(e, "before"))
      return false;
    // "a second-place finish", "a second-straight victory"
    if (u == 'S' && !pl && n == 1 && t_[j].kind == Kind::kWord && P(e, '-') && Adjacent(t_[e - 1], t_[e])) return false;
    if (t_[j].lw == "a" || t_[j].lw == "an") {
      // A rate after a counted noun: "four flights a week", "700 seats a week".
      if (i > 1 && t_[i - 1].kind == Kind::kWord && t_[i - 1].lw.size() > 2 && t_[i - 1].lw.back() == 's' &&
          (t_[i - 2].kind == Kind::kNumber || lex::NumberWord(t_[i - 2].lw) > 1 || t_[i - 2].lw == "million" ||
           t_[i - 2].lw == "billion"))
        return false;
      // "a $15-an-hour wage", "a two-a-day habit": a rate inside a compound
      if (i > 0 && P(i - 1, '-') && Adjacent(t_[i - 1], t_[i])) return false;
      // "on a day when", "in a year in which": a time the clause describes, not a period
      if (W(e, "when") || ((W(e, "in") || W(e, "on")) && W(e + 1, "which")) || (i > 0 && W(i - 1, "on")))
        return false;
      // ... or after a counted noun with a vague count: "multiple rallies a
      // day", "33,000 people a year", "35-plus hours a week"
      if (i > 1 && t_[i - 1].kind == Kind::kWord && !t_[i - 1].cap &&
          ((t_[i - 1].lw.size() > 3 && t_[i - 1].lw.back() == 's' && t_[i - 1].lw != "years" &&
            t_[i - 1].lw != "months" && t_[i - 1].lw != "weeks" && t_[i - 1].lw != "days" && t_[i - 1].lw != "was" &&
            t_[i - 1].lw != "is" && t_[i - 1].lw != "has" && t_[i - 1].lw != "this") ||
           t_[i - 1].lw == "people") &&
          (t_[i - 2].kind == Kind::kNumber || W(i - 2, "multiple") || W(i - 2, "several") || W(i - 2, "many") ||
           W(i - 2, "plus") || W(i - 2, "dozens") || W(i - 2, "hundreds") || W(i - 2, "thousands") ||
           W(i - 2, "millions")))
        return false;
      if (i > 0 && t_[i - 1].kind == Kind::kNumber) return false;  // "$5 a year" is a set
      // "a year" after an amount word is a set (Set handles it)
      if (i > 0 && (t_[i - 1].lw == "million" || t_[i - 1].lw == "billion" || t_[i - 1].lw == "twice" ||
                    t_[i - 1].lw == "once" || t_[i - 1].lw == "times" || t_[i - 1].lw == "percent"))
        return false;
    }
    // Years that look like counts: "2019 years" is odd but keep it.
    out->i0 = i; out->i1 = e; out->type = "DURATION";
    out->value = DurationValue(vague ? -1 : n, u);
    return true;
  }

  // The day of a weekday or written date that follows a clock time within a
  // few tokens of the same clause, across a bracketed time zone, "local
  // time" and "on"; "" when none.
  std::string DayAhead(size_t e) {
    for (size_t k = e; k < t_.size() && k < e + 7; ++k) {
      const Tok& a = t_[k];
      if (a.kind == Kind::kPunct) {
        if (a.punct == '(' || a.punct == ')' || a.punct == ',') continue;
        return "";
      }
      if (a.kind == Kind::kNumber) {
        if (!P(k - 1, '(')) return "";
        continue;
      }
      if (a.kind != Kind::kWord) return "";
      const std::string_view w = a.lw;
      if (w == "on" || w == "local" || w == "time" || w == "gmt" || w == "utc" || (a.upper && w.size() == 3)) continue;
      if (!a.cap) return "";
      Match m;
      bool pl = false;
      if (WeekdayOf(w, &pl) && !pl && Weekday(k, &m) && m.type == std::string_view("DATE") && m.value.size() == 10)
        return m.value;
      if (MonthAt(k, &m.i1) && Absolute(k, &m) && m.value.size() == 10 && m.start.empty()) return m.value;
      return "";
    }
    return "";
  }

  // Clock times: "3:42 a.m.", "3 p.m.", "10:30", "noon", "midnight",
  // "3 p.m. Friday" keeps the document date.
  bool Clock(size_t i, Match* out) {
    if (!(t_[i].kind == Kind::kNumber || W(i, "noon") || W(i, "midnight") || W(i, "midday"))) return false;
    std::string day = ClockDay();
    if (W(i, "noon") || W(i, "midnight") || W(i, "midday")) {
      if (i > 0 && (W(i - 1, "high") || W(i - 1, "the"))) {}
      size_t e = i + 1;
      bool pl = false;
      if (e < t_.size() && t_[e].cap && WeekdayOf(t_[e].lw, &pl) && !pl) {
        Match wm;
        if (Weekday(e, &wm) && wm.type == std::string_view("DATE")) {
          day = wm.value;
          e = wm.i1;
        }
      }
      if (e == i + 1) {
        std::string later = DayAhead(e);
        if (!later.empty()) day = later;
      }
      out->i0 = i; out->i1 = e; out->type = "TIME";
      out->value = day + (t_[i].lw == "midnight" ? "T24:00" : "T12:00");
      return true;
    }
    if (i >= t_.size() || t_[i].kind != Kind::kNumber) return false;
    const std::string& s = t_[i].lw;
    int h = -1, mi = 0;
    bool military = false;
    size_t colon = s.find(':');
    if (colon != std::string::npos) {
      if (colon == 0 || colon > 2 || s.size() != colon + 3) return false;
      h = std::atoi(s.substr(0, colon).c_str());
      mi = std::atoi(s.substr(colon + 1).c_str());
      if (mi > 59) return false;
    } else if (!t_[i].has_sep && s.size() <= 2) {
      h = std::atoi(s.c_str());
    } else if (MilitaryTime(i)) {
      // 24-hour clock: "0730 GMT", "at 1400 hours"
      h = std::atoi(s.substr(0, 2).c_str());
      mi = std::atoi(s.substr(2).c_str());
      if (h > 23 || mi > 59) return false;
      colon = 2;
      military = true;
    } else {
      return false;
    }
    if (h > 24) return false;
    size_t e = i + 1;
    bool ampm = false;
    if (e < t_.size() && t_[e].kind == Kind::kWord) {
      const std::string_view w = t_[e].lw;
      if (w == "a.m." || w == "am" || w == "a.m") {
        if (w == "am" && !Adjacent(t_[i], t_[e]) && !t_[e].upper && colon == std::string::npos) return false;
        ampm = true;
        if (h == 12) h = 0;
        ++e;
      } else if (w == "p.m." || w == "pm" || w == "p.m") {
        ampm = true;
        if (h < 12) h += 12;
        ++e;
      } else if (w == "o" && P(e + 1, '\'') && W(e + 2, "clock")) {
        ampm = true;
        e += 3;
      }
    }
    if (!ampm && colon == std::string::npos) return false;
    if (!ampm && !military) {
      // "10:30" alone: needs a time zone or "at" before it
      if (!(i > 0 && W(i - 1, "at"))) return false;
    }
    // time zone
    if (e < t_.size() && t_[e].kind == Kind::kWord && t_[e].upper && t_[e].lw.size() == 3 &&
        (t_[e].lw.back() == 't' || t_[e].lw == "gmt" || t_[e].lw == "utc"))
      ++e;
    else if (s.size() == 4 && (W(e, "hours") || W(e, "hrs")))
      ++e;
    // Day after the time: "3 p.m. Friday", "noon Thursday"
    std::string date = day;
    if (e < t_.size() && t_[e].kind == Kind::kWord && t_[e].cap) {
      bool pl = false;
      if (WeekdayOf(t_[e].lw, &pl) && !pl) {
        Match wm;
        if (Weekday(e, &wm) && wm.type == std::string_view("DATE")) {
          date = wm.value;
          e = wm.i1;
        }
      }
    }
    // A written day after the time: "5 p.m. EST Nov. 9", "midnight, Oct. 31".
    if (date == day && e < t_.size()) {
      size_t at = P(e, ',') ? e + 1 : e;
      Match dm;
      if (at < t_.size() && t_[at].kind == Kind::kWord && t_[at].cap && Absolute(at, &dm) &&
          dm.value.size() == 10 && dm.start.empty()) {
        date = dm.value;
        e = dm.i1;
      }
    }
    // A day named a little later in the clause: "at 10:40 a.m. (0740 GMT)
    // Friday", "at 3 p.m. local time on Saturday".
    if (date == day) {
      std::string later = DayAhead(e);
      if (!later.empty()) date = later;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "T%02d:%02d", h, mi);
    out->i0 = i; out->i1 = e; out->type = "TIME"; out->value = date + buf;
    return true;
  }

  std::string_view text_;
  std::span<const Tok> t_;  // lex::TokenizeKept
  std::string ref_;  // reference time (see NoteReference)
  bool has_dct_ = false;
  int dy_ = 0, dm_ = 0, dd_ = 0;
  int64_t ddays_ = 0;
};

}  // namespace

std::vector<TimeExpression> FindTimeExpressions(std::string_view text, std::string_view document_date) {
  Scanner s(text, document_date);
  return s.Run();
}

std::string InferDocumentDate(std::string_view text) {
  auto digits = [](std::string_view v, size_t at, size_t n) {
    int x = 0;
    for (size_t k = at; k < at + n; ++k) {
      if (k >= v.size() || v[k] < '0' || v[k] > '9') return -1;
      x = x * 10 + (v[k] - '0');
    }
    return x;
  };
  auto full = [&](std::string_view v) { return v.size() == 10 && digits(v, 0, 4) >= 0 && v[4] == '-' && digits(v, 5, 2) > 0 && v[7] == '-' && digits(v, 8, 2) > 0; };
  auto partial = [&](std::string_view v) { return v.size() == 10 && v.substr(0, 5) == "XXXX-" && digits(v, 5, 2) > 0 && digits(v, 8, 2) > 0; };
  std::vector<TimeExpression> found = FindTimeExpressions(text, "");
  int max_year = 0, min_year = 9999;
  std::vector<int> years;  // every year the text writes, with repeats
  std::string latest_full;
  for (const auto& t : found) {
    for (const std::string* v : {&t.value, &t.end}) {
      int y = digits(*v, 0, 4);
      if (y >= 1900 && y <= 2199) {
        max_year = std::max(max_year, y);
        min_year = std::min(min_year, y);
        years.push_back(y);
      }
      if (full(*v) && *v > latest_full) latest_full = *v;
    }
  }
  if (!max_year) return latest_full;
  // The year of a weekday with its date ("Saturday, Dec. 12"): among the
  // years that put that date on that weekday, the one most of the text's
  // years are next to, a year either way (an article looks back and ahead:
  // "arrival in 1999", "operations through the year 2012" in a 1998
  // report); on a tie, the first from the latest year the text writes.
  auto weekday_year = [&](int m, int d, int wd) {
    auto fits = [&](int y) { return d <= DaysInMonth(y, m) && IsoWeekday(DaysFromCivil(y, m, d)) == wd; };
    auto near = [&](int y) {
      return static_cast<int>(std::count_if(years.begin(), years.end(), [&](int v) { return std::abs(v - y) <= 1; }));
    };
    int best = 0, best_near = -1;
    for (int y = max_year; y <= max_year + 6; ++y)
      if (fits(y)) {
        best = y;
        best_near = near(y);
        break;
      }
    for (int y = min_year - 1; y < max_year; ++y) {
      if (!fits(y)) continue;
      if (const int n = near(y); n > best_near) {
        best = y;
        best_near = n;
      }
    }
    return best;
  };
  std::string today;
  for (const auto& t : found) {
    if (!partial(t.value)) continue;
    int m = digits(t.value, 5, 2), d = digits(t.value, 8, 2);
    std::string lead;
    for (char c : t.text) {
      if (!((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) break;
      lead.push_back(char(c | 0x20));
    }
    bool plural = false;
    int wd = WeekdayOf(lead, &plural);
    if (wd && !plural) {
      if (int y = weekday_year(m, d, wd)) return FmtYmd(y, m, d);
    } else if ((lead == "today" || lead == "tonight") && today.empty() && d <= DaysInMonth(max_year, m)) {
      today = FmtYmd(max_year, m, d);
    }
  }
  if (!today.empty()) return today;
  // The latest full date the text writes, unless the text writes two later
  // years: then that date is history ("on May 5, 1978" in a piece on 1980,
  // 1995 and 1998), and a wrong date is worse than none. One later year is
  // often a plan ("signed on March 1, 2023, it runs until 2030").
  if (!latest_full.empty()) {
    const int full_year = digits(latest_full, 0, 4);
    std::vector<int> later;
    for (int y : years)
      if (y > full_year && std::find(later.begin(), later.end(), y) == later.end()) later.push_back(y);
    if (later.size() >= 2) return "";
  }
  return latest_full;
}

}  // namespace storyline::facts
