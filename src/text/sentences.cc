// Paragraph and sentence splitting. ICU's sentence iterator (plain "en" rules,
// no CLDR suppressions) proposes boundaries; the rules below veto those that
// fall after abbreviations, titles, initials and list markers, before a
// lower-case continuation, or inside a quotation that closes in the same
// paragraph. Splitting is per paragraph, so sentences never span paragraphs.
#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <list>
#include <string>
#include <unordered_map>

#include "storyline/text.h"
#include "text/break_iterators.h"
#include "text/unicode_util.h"

namespace storyline::text {
namespace {

using internal::DecodeAt;
using internal::IsSpace;
using internal::PrevStart;

// A quotation longer than this is more likely a stray quote mark than a quote.
constexpr size_t kMaxQuoteBytes = 600;

bool IsAsciiDigit(char32_t c) { return c >= '0' && c <= '9'; }

// ---- Word lists ----------------------------------------------------------------

template <size_t N>
bool In(const std::array<std::string_view, N>& list, std::string_view w) {
  return std::find(list.begin(), list.end(), w) != list.end();
}

// Titles and abbreviations after which a sentence never ends ("Dr. Lee").
constexpr auto kTitles = std::to_array<std::string_view>({
    "Mr",   "Mrs",  "Ms",   "Messrs", "Mmes", "Dr",   "Drs",  "Prof", "Gen",  "Sen",
    "Rep",  "Gov",  "Lt",   "Col",    "Capt", "Cmdr", "Adm",  "Maj",  "Sgt",  "Cpl",
    "Pvt",  "Rev",  "Hon",  "Pres",   "Supt", "Insp", "Det",  "Fr",   "Ste",  "vs",
    "v",    "Rt",   "Gens", "Sens",   "Reps", "Sra",  "Srta", "Dra",  "Hr",   "Hrn",
    "Mme",  "Mlle", "Mgr",  "Sgts",   "Govs", "Atty", "Amb",  "Cdr",  "Brig", "Cmdr"});

// German and Spanish abbreviations that never end a sentence ("5 Mio. Euro").
// Abbreviations that end a sentence only before a word that commonly opens one
// ("Baker St. She" but "St. Louis", "Martin Luther King Jr. Day").
constexpr auto kWeakAbbreviations = std::to_array<std::string_view>({
    "St", "Sr", "Jr", "Ave", "Blvd", "Rd", "Univ", "Dept", "Mt", "Ft", "Bros"});

// Company suffixes: they often end a sentence, but not before an acronym
// ("Apple Inc. CEO Tim Cook").
constexpr auto kCompanySuffixes = std::to_array<std::string_view>({
    "Inc", "Corp", "Ltd", "Co", "Plc", "LLC", "Cos", "Bhd", "Pty"});

constexpr auto kOtherNoBreak = std::to_array<std::string_view>({
    "Mio", "Mrd", "bzw", "vgl", "ca", "Nr",  "Abs", "Jh", "Str",
    "inkl", "ggf", "evtl", "sog", "Tel", "Ud", "Uds", "Av", "Lic"});

// Abbreviations that end no sentence when a number follows ("No. 10", "Mar. 20").
constexpr auto kBeforeNumber = std::to_array<std::string_view>({
    "No",   "Nos", "no",  "nos", "Art", "Fig", "fig", "Vol", "vol", "pp",
    "p",    "Sec", "Ch",  "ch",  "Jan", "Feb", "Mar", "Apr", "Jun", "Jul",
    "Aug",  "Sep", "Sept", "Oct", "Nov", "Dec", "approx", "Nr", "Pt", "para"});

// Words after "a.m."/"p.m." that continue the sentence ("9 a.m. Monday").
constexpr auto kAfterTime = std::to_array<std::string_view>({
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "ET",
    "EST",    "EDT",     "PT",        "PST",      "PDT",    "CT",       "CST",    "CDT",
    "GMT",    "UTC",     "BST",       "CET",      "CEST",   "local",    "January", "February",
    "March",  "April",   "June",      "July",     "August"});

// Capitalised words that commonly open a sentence. After "U.S." they signal a
// new sentence; any other capitalised word ("U.S. Treasury") continues it.
constexpr auto kSentenceStarters = std::to_array<std::string_view>({
    "The",   "A",       "An",      "It",    "He",       "She",     "They",   "We",      "I",
    "You",   "This",    "That",    "These", "Those",    "There",   "Then",   "But",     "And",
    "Or",    "So",      "Yet",     "In",    "On",       "At",      "For",    "As",      "After",
    "Before", "When",   "While",   "If",    "Although", "Though",  "Meanwhile", "However", "His",
    "Her",   "Its",     "Their",   "Our",   "My",       "Your",    "Some",   "Many",    "Most",
    "All",   "No",      "One",     "Two",   "Three",    "Mr",      "Mrs",    "Ms",      "Dr",
    "Both",  "Since",   "Still",   "Now",   "Last",     "Earlier", "Later",  "Officials", "What",
    "Why",   "How",     "Who",     "Where", "Under",    "With",    "By",     "From",    "Despite",
    "According", "Also", "Instead", "Even", "Such",     "Each",    "Other",  "Another", "Asked",
    // German, French, Spanish, Italian, Portuguese, Dutch openers.
    "Der",   "Die",     "Das",     "Er",    "Sie",      "Es",      "Wir",    "Ich",     "Le",
    "La",    "Les",     "Il",      "Elle",  "El",       "Los",     "Las",    "Un",      "Una",
    "Lo",    "Gli",     "Os",      "De",    "Het",      "Een",     "Am"});

constexpr auto kGermanMonths = std::to_array<std::string_view>({
    "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
    "Oktober", "November", "Dezember"});

// ---- Character classes -------------------------------------------------------------

bool IsClosingPunct(char32_t c) {
  return c == '"' || c == '\'' || c == ')' || c == ']' || c == 0x201D || c == 0x2019 ||
         c == 0xBB || c == 0x201C || c == 0x203A || c == 0x300D || c == 0x300F;
}

bool IsOpeningPunct(char32_t c) {
  return c == '"' || c == '\'' || c == '(' || c == '[' || c == 0x201C || c == 0x2018 ||
         c == 0x201E || c == 0xAB || c == 0xBF || c == 0xA1 || c == 0x2039 || c == 0x300C;
}

bool IsTerminal(char32_t c) {
  return c == '.' || c == '!' || c == '?' || c == 0x2026 || c == 0x3002 || c == 0xFF01 ||
         c == 0xFF1F || c == 0xFF0E;
}

// "•", "-", "*", "1.", "2)", "a)" followed by a space at `line` start.
bool StartsWithBulletMarker(std::string_view line) {
  if (line.empty()) return false;
  size_t len;
  char32_t c = DecodeAt(line, 0, &len);
  auto space_at = [&](size_t i) { return i < line.size() && (line[i] == ' ' || line[i] == '\t'); };
  if (c == 0x2022 || c == 0x25E6 || c == 0x25AA || c == 0x2023 || c == 0x25CF || c == 0x2013 ||
      c == 0x2014 || c == 0xB7 || c == '-' || c == '*' || c == '+')
    return space_at(len);
  size_t i = 0;
  while (i < line.size() && i < 3 && IsAsciiDigit(static_cast<unsigned char>(line[i]))) ++i;
  if (i == 0 && line.size() > 1 && c < 0x80 && std::isalpha(static_cast<unsigned char>(c)) &&
      line[1] == ')')
    return space_at(2);
  return i > 0 && i < line.size() && (line[i] == '.' || line[i] == ')') && space_at(i + 1);
}

// Offsets of the first and one-past-last non-space code points of [b, e).
Span Trim(std::string_view s, size_t b, size_t e) {
  while (b < e) {
    size_t len;
    if (!IsSpace(DecodeAt(s, b, &len))) break;
    b += len;
  }
  while (e > b) {
    size_t p = PrevStart(s, e), len;
    if (!IsSpace(DecodeAt(s, p, &len))) break;
    e = p;
  }
  return {b, e};
}

// Whether the line [b, e) ends with sentence-final punctuation (possibly
// followed by closing quotes or brackets).
bool EndsSentence(std::string_view s, size_t b, size_t e) {
  Span t = Trim(s, b, e);
  size_t i = t.end;
  while (i > t.begin) {
    size_t p = PrevStart(s, i), len;
    char32_t c = DecodeAt(s, p, &len);
    if (IsTerminal(c)) return true;
    if (!IsClosingPunct(c)) return false;
    i = p;
  }
  return false;
}

bool StartsLowercase(std::string_view s, size_t b, size_t e) {
  Span t = Trim(s, b, e);
  if (t.begin >= t.end) return false;
  size_t len;
  return u_islower(DecodeAt(s, t.begin, &len));
}

// ---- Quotations ----------------------------------------------------------------------

struct Quote {
  size_t open, close;  // offsets of the opening and closing marks
};

// Quotations that close in `p` within kMaxQuoteBytes, in the order they close. Double: „ closes with
// “ or ”, “ with ”, « with », and a straight quote opens after a space or
// opening bracket and closes after anything else. Single (British style): ‘ or '
// opens before a letter after a space; ’ or ' closes unless a letter follows, so
// apostrophes ("it’s", "don't") neither open nor close.
void FindQuotes(std::string_view p, std::vector<Quote>* quotes) {
  quotes->clear();
  constexpr size_t kNone = std::string_view::npos;
  size_t open = kNone, single_open = kNone;
  char32_t open_mark = 0, single_mark = 0;
  for (size_t i = 0; i < p.size();) {
    size_t len, l2;
    char32_t c = DecodeAt(p, i, &len);
    const bool is_double = c == '"' || c == 0x201C || c == 0x201D || c == 0x201E || c == 0xAB || c == 0xBB;
    const bool is_single = c == '\'' || c == 0x2018 || c == 0x2019;
    if (!is_double && !is_single) {
      i += len;
      continue;
    }
    const char32_t prev = i == 0 ? ' ' : DecodeAt(p, PrevStart(p, i), &l2);
    const char32_t next = i + len < p.size() ? DecodeAt(p, i + len, &l2) : ' ';
    const bool after_space = IsSpace(prev) || IsOpeningPunct(prev) || prev == '-' || prev == 0x2014;
    if (is_double) {
      bool closes = false;
      if (open != kNone) {
        if (open_mark == '"') closes = c == '"' && !IsSpace(prev);
        else if (open_mark == 0x201E) closes = c == 0x201C || c == 0x201D;
        else if (open_mark == 0x201C) closes = c == 0x201D;
        else if (open_mark == 0xAB) closes = c == 0xBB;
      }
      if (closes) {
        if (i - open <= kMaxQuoteBytes) quotes->push_back({open, i});
        open = kNone;
      } else if (c == 0x201C || c == 0x201E || c == 0xAB || (c == '"' && after_space)) {
        open = i;
        open_mark = c;
      }
    } else if (!(u_isalnum(prev) && u_isalpha(next))) {  // not an apostrophe
      bool closes = single_open != kNone && (c == 0x2019 || (c == '\'' && single_mark == '\'')) &&
                    !IsSpace(prev) && !u_isalpha(next);
      if (closes) {
        if (i - single_open <= kMaxQuoteBytes) quotes->push_back({single_open, i});
        single_open = kNone;
      } else if ((c == 0x2018 || c == '\'') && after_space && u_isalpha(next)) {
        single_open = i;  // not before a digit: "the '90s"
        single_mark = c;
      }
    }
    i += len;
  }
}

// ---- Boundary rules --------------------------------------------------------------------

// The word after a candidate boundary at `b`: opening punctuation skipped, a
// final dot dropped.
std::string_view NextWord(std::string_view p, size_t b) {
  size_t i = b, len;
  while (i < p.size()) {
    char32_t c = DecodeAt(p, i, &len);
    if (!IsSpace(c) && !IsOpeningPunct(c)) break;
    i += len;
  }
  size_t j = i;
  while (j < p.size()) {
    char32_t c = DecodeAt(p, j, &len);
    if (IsSpace(c) || (c < 0x80 && c != '.' && c != '\'' && c != '-' && !std::isalnum(static_cast<int>(c))))
      break;
    j += len;
  }
  std::string_view w = p.substr(i, j - i);
  if (!w.empty() && w.back() == '.') w.remove_suffix(1);  // "Mr." -> "Mr", "ET." -> "ET"
  return w;
}

bool HasUpperAfterFirst(std::string_view w) {
  size_t len;
  DecodeAt(w, 0, &len);
  for (size_t i = len; i < w.size(); i += len)
    if (u_isupper(DecodeAt(w, i, &len))) return true;
  return false;
}

bool IsAllCaps(std::string_view w) {
  if (w.size() < 2) return false;
  size_t len;
  for (size_t i = 0; i < w.size(); i += len)
    if (!u_isupper(DecodeAt(w, i, &len))) return false;
  return true;
}

class BoundaryJudge {
 public:
  BoundaryJudge(std::string_view p, std::string_view language, const std::vector<Quote>& quotes)
      : p_(p), german_(language.starts_with("de")), quotes_(quotes) {}

  // Whether to keep ICU's boundary at `b`, given the current sentence starts at
  // `start`.
  bool Keep(size_t start, size_t b) const {
    // Inside a quotation: one closing at b or later, at most kMaxQuoteBytes
    // after it (the quotes are in the order they close; looking through all
    // of them at every boundary made a paragraph of many quotes quadratic).
    auto q = std::partition_point(quotes_.begin(), quotes_.end(), [&](const Quote& x) { return x.close < b; });
    for (; q != quotes_.end() && q->close - b <= kMaxQuoteBytes; ++q)
      if (q->open < b) return false;

    size_t len;
    // A dot inside a token ("example.Com", "e.on") is no boundary.
    if (b > 0 && p_[b - 1] == '.' && b < p_.size() && std::isalnum(static_cast<unsigned char>(p_[b])))
      return false;

    std::string_view next = NextWord(p_, b);
    if (next.empty()) return true;
    char32_t first = DecodeAt(next, 0, &len);
    // A lower-case continuation: "Mr. and Mrs.", "“Why?” she asked", "a.m. on".
    if (u_islower(first) && !HasUpperAfterFirst(next)) return false;

    // Look back: spaces, closing marks, then the terminator.
    Span s = Trim(p_, start, b);
    if (s.begin >= s.end) return true;
    size_t i = s.end;
    bool closed = false;
    while (i > s.begin) {
      size_t q = PrevStart(p_, i);
      if (!IsClosingPunct(DecodeAt(p_, q, &len))) break;
      closed = true;
      i = q;
    }
    if (i == s.begin || p_[i - 1] != '.') return true;
    size_t dot = i - 1;
    if (dot > s.begin && p_[dot - 1] == '.') return true;  // ellipsis
    // The word before the dot: letters, digits and inner dots.
    size_t w0 = dot;
    while (w0 > s.begin) {
      size_t q = PrevStart(p_, w0);
      char32_t c = DecodeAt(p_, q, &len);
      if (c != '.' && !u_isalnum(c)) break;
      w0 = q;
    }
    std::string_view word = p_.substr(w0, dot - w0);
    if (word.empty()) return true;

    // A sentence that is only a list marker ("1.", "a.") is no sentence.
    if (w0 == s.begin && dot + 1 == s.end && word.size() <= 3) return false;
    if (closed) return true;

    bool next_upper = u_isupper(first) || u_istitle(first);
    bool next_digit = IsAsciiDigit(first);
    if (In(kTitles, word) || In(kOtherNoBreak, word)) return false;
    if (In(kWeakAbbreviations, word)) return next_upper && In(kSentenceStarters, next);
    if (In(kCompanySuffixes, word) && next_upper && IsAllCaps(next)) return false;
    // German "z. B.", "d. h.", "u. a.": a lone lower-case letter before another.
    if (word.size() == 1 && std::islower(static_cast<unsigned char>(word[0])) && next.size() == 1)
      return false;
    if (next_digit && In(kBeforeNumber, word)) return false;
    size_t wlen;
    char32_t w_first = DecodeAt(word, 0, &wlen);
    // An initial: "J. R. R. Tolkien", "John F. Kennedy".
    if (wlen == word.size() && u_isupper(w_first) && next_upper) return false;
    if (internal::IsDottedAbbreviation(word) && next_digit) return false;  // "U.S. 10-year"
    if (internal::IsDottedAbbreviation(word) && next_upper) {
      if (word == "a.m" || word == "p.m" || word == "A.M" || word == "P.M")
        return !In(kAfterTime, next);
      // "U.S. officials" was handled above; "U.S. Treasury" continues, "U.S. It" ends.
      return In(kSentenceStarters, next);
    }
    if (german_ && next_upper && word.size() <= 2 && IsAsciiDigit(w_first)) {
      // German ordinals: "am 3. Oktober", "der 2. Weltkrieg".
      if (In(kGermanMonths, next) || !In(kSentenceStarters, next)) return false;
    }
    return true;
  }

 private:
  std::string_view p_;
  bool german_;
  const std::vector<Quote>& quotes_;
};

// ICU never ends a sentence when the next letter is lower case, even after
// digits ("5%. 2023 was") or in "iPhone"; adds those candidates. Returns whether
// it added any.
bool AddCandidatesIcuMisses(std::string_view p, std::vector<size_t>* candidates) {
  bool added = false;
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    size_t j = i + 1, len;
    bool ellipsis = c == '\xE2' && p.substr(i).starts_with("\u2026");  // the lead byte first: this runs at every byte
    if (ellipsis) j = i + 3;
    else if (c != '.' && c != '!' && c != '?') continue;
    while (j < p.size() && IsClosingPunct(DecodeAt(p, j, &len))) j += len;
    size_t k = j;
    while (k < p.size() && (p[k] == ' ' || p[k] == '\t')) ++k;
    if (k == j || k >= p.size()) continue;
    char32_t next = DecodeAt(p, k, &len);
    std::string_view word = NextWord(p, k);
    // ICU does not treat "…" as a terminator at all.
    if (IsAsciiDigit(next) || (ellipsis && (u_isupper(next) || u_istitle(next))) ||
        (u_islower(next) && !word.empty() && HasUpperAfterFirst(word))) {
      candidates->push_back(k);
      added = true;
    }
  }
  return added;
}

void SplitParagraph(std::string_view text, Span para, std::string_view language,
                    std::vector<Span>* out) {
  std::string_view p = text.substr(para.begin, para.size());
  // ICU ends sentences at line breaks; a paragraph's inner line breaks are
  // hard wrapping, so ICU sees spaces there (same length, same offsets).
  thread_local std::string unwrapped;
  // (A plain scan: find_first_of calls memchr over its set for every byte.)
  if (std::any_of(p.begin(), p.end(), [](char c) { return c == '\n' || c == '\r'; })) {
    unwrapped.assign(p);
    for (char& c : unwrapped)
      if (c == '\n' || c == '\r') c = ' ';
    p = unwrapped;
  }
  thread_local std::vector<Quote> quotes;
  FindQuotes(p, &quotes);
  BoundaryJudge judge(p, language, quotes);

  size_t start = 0;
  auto emit = [&](size_t end) {
    Span t = Trim(p, start, end);
    if (t.end > t.begin) out->push_back({para.begin + t.begin, para.begin + t.end});
    start = end;
  };
  thread_local std::vector<size_t> candidates;
  candidates.clear();
  icu::BreakIterator* bi = internal::ThreadSentenceIterator();
  if (bi != nullptr) {
    internal::UTextHolder holder(bi, p);
    if (holder.ok()) {
      bi->first();
      for (int32_t b = bi->next(); b != icu::BreakIterator::DONE && static_cast<size_t>(b) < p.size();
           b = bi->next())
        candidates.push_back(static_cast<size_t>(b));
    }
  }
  if (AddCandidatesIcuMisses(p, &candidates)) {
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  }
  for (size_t b : candidates)
    if (judge.Keep(start, b)) emit(b);
  emit(p.size());
}

}  // namespace

std::vector<Span> SplitParagraphs(std::string_view text) {
  std::vector<Span> paras;
  size_t para_begin = std::string_view::npos;  // start of the open paragraph
  size_t last_line_begin = 0, last_line_end = 0;
  auto close = [&] {
    if (para_begin == std::string_view::npos) return;
    Span t = Trim(text, para_begin, last_line_end);
    if (t.end > t.begin) paras.push_back(t);
    para_begin = std::string_view::npos;
  };
  size_t i = 0;
  while (i <= text.size()) {
    size_t nl = text.find('\n', i);
    size_t e = nl == std::string_view::npos ? text.size() : nl;
    Span line = Trim(text, i, e);
    if (line.begin == line.end) {
      close();  // a blank line
    } else if (para_begin == std::string_view::npos) {
      para_begin = line.begin;
    } else {
      // Hard wrapping: the previous line runs on into a lower-case line.
      bool joins = !EndsSentence(text, last_line_begin, last_line_end) &&
                   StartsLowercase(text, line.begin, line.end) &&
                   !StartsWithBulletMarker(text.substr(line.begin, line.size()));
      if (!joins) {
        close();
        para_begin = line.begin;
      }
    }
    if (line.begin != line.end) {
      last_line_begin = line.begin;
      last_line_end = line.end;
    }
    if (nl == std::string_view::npos) break;
    i = nl + 1;
  }
  close();
  return paras;
}

namespace {

// The texts this thread split last with their sentences, up to kKeptBytes of
// text (the oldest dropped first): a brief splits each article in the facts
// stage (entity tagging), right after in its own analysis, and once more for
// its timeline after all its articles. Found by the whole text, then language.
// 2 MiB holds a 500-article story's texts; a server builds briefs on up to
// 64 threads, so the bound is what all of them may keep (128 MiB at most).
class KeptSplits {
 public:
  const std::vector<Span>* Find(std::string_view text, std::string_view language) const {
    auto it = by_text_.find(text);
    if (it == by_text_.end() || it->second->language != language) return nullptr;
    return &it->second->sentences;
  }
  void Add(std::string_view text, std::string_view language, const std::vector<Span>& sentences) {
    if (text.size() > kKeptBytes) return;
    if (auto it = by_text_.find(text); it != by_text_.end()) Erase(it->second);
    while (bytes_ + text.size() > kKeptBytes) Erase(entries_.begin());
    entries_.push_back({std::string(text), std::string(language), sentences});
    auto entry = std::prev(entries_.end());
    by_text_.emplace(entry->text, entry);
    bytes_ += text.size();
  }

 private:
  static constexpr size_t kKeptBytes = size_t{2} << 20;
  struct Entry {
    std::string text, language;
    std::vector<Span> sentences;
  };
  void Erase(std::list<Entry>::iterator entry) {
    by_text_.erase(entry->text);
    bytes_ -= entry->text.size();
    entries_.erase(entry);
  }
  std::list<Entry> entries_;  // oldest first; by_text_ views their texts
  std::unordered_map<std::string_view, std::list<Entry>::iterator> by_text_;
  size_t bytes_ = 0;
};

}  // namespace

std::vector<Span> SplitSentences(std::string_view text, std::string_view language) {
  thread_local KeptSplits kept;
  if (const std::vector<Span>* sentences = kept.Find(text, language)) return *sentences;
  std::vector<Span> out;
  for (const Span& para : SplitParagraphs(text)) SplitParagraph(text, para, language, &out);
  kept.Add(text, language, out);
  return out;
}

}  // namespace storyline::text
