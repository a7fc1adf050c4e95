// Wire-agency credits. See storyline/dedup.h (FindCredits).
//
// A credit is a named agency, or a generic "news agencies" / "wire services",
// in a phrase that attributes the text to it. Recognised phrases:
//
//   cue before:  "according to Reuters", "cited by Reuters", "citing AFP",
//                "via AP", "told Reuters", "reported by dpa", "quoted by TASS",
//                "(with Reuters)", "additional reporting by AFP"
//   cue after:   "Reuters reported", "the Associated Press said", "AFP news
//                agency reported", "Xinhua reports", "a Reuters witness"
//   dateline:    "(AFP) -", "LONDON (Reuters) —", "SAN ISMAEL, Chile (Meridian
//                Press) —": any capitalised name in parentheses followed by a
//                dash, when only a dateline (capitalised words, numbers and
//                commas) precedes it on its line
//   source line: "Source: Al Jazeera and news agencies" (a line starting with
//                "Source:"/"Sources:"; each item that is a known agency or a
//                generic agency term is a credit, others such as the outlet
//                itself are not)
//   generic:     "news agencies", "wire services", "wire agencies", "news
//                wires", "wire reports" anywhere
//
// Agencies in a list share the cue: "Reuters and AFP reported" gives two.
// A bare agency name is not a credit: "Reuters Building was sold", "Thomson
// Reuters shares fell" and "Michael Bloomberg said" give nothing (an agency
// name right after another capitalised word is taken as part of a longer
// name). "PA" is only credited after a before-cue or as "PA Media" / "PA news
// agency", since "the PA said" is usually the Palestinian Authority. An agency
// speaking about itself ("Reuters said it would cut jobs") is a false credit
// we accept.
//
// Names are matched case-sensitively as written ("AP", "dpa"); cue words
// ignore ASCII case. `agency` is the name as written; `span` covers the whole
// credit phrase (cue included; the whole line for a source line), and
// agencies of one phrase share its span.

#include <algorithm>
#include <iterator>
#include <cctype>
#include <string>

#include "storyline/dedup.h"

namespace storyline::dedup {
namespace {

// Known agencies, longer names first so "Agence France-Presse" wins over a
// shorter prefix.
constexpr std::string_view kAgencies[] = {
    "Agence France-Presse", "Agence France Presse", "United Press International", "Press Trust of India",
    "Asian News International", "Deutsche Presse-Agentur", "Xinhua News Agency", "Yonhap News Agency",
    "Anadolu Agency", "Associated Press", "Press Association", "RIA Novosti", "Kyodo News", "PA Media",
    "Thomson Reuters",  // listed so it is one name, then rejected as a company
    "Reuters", "AFP", "AP", "dpa", "DPA", "ANSA", "EFE", "Efe", "Xinhua", "TASS", "Tass", "ITAR-TASS", "Kyodo",
    "Yonhap", "PA", "Bloomberg", "UPI", "ANI", "PTI", "Anadolu", "Interfax", "Bernama", "Antara", "CNA", "RIA",
    "Sputnik", "IANS", "WAM", "SPA", "KUNA", "IRNA", "APA"};

// ASCII classes, as the "C" locale's isalnum and tolower give them, without a
// library call per byte (every byte of every article is tested).
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsAlnum(char c) { return IsUpper(c) || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
char Lower(char c) { return IsUpper(c) ? static_cast<char>(c - 'A' + 'a') : c; }

// text[pos, ...) starts with `word` ignoring ASCII case, ending at a word boundary.
bool StartsWithWordCI(std::string_view t, size_t pos, std::string_view word) {
  if (pos + word.size() > t.size()) return false;
  for (size_t k = 0; k < word.size(); ++k)
    if (Lower(t[pos + k]) != Lower(word[k])) return false;
  size_t e = pos + word.size();
  return e == t.size() || !IsAlnum(t[e]) || !IsAlnum(word.back());
}

// text[..., end) ends with `word` ignoring ASCII case, starting at a word boundary.
bool EndsWithWordCI(std::string_view t, size_t end, std::string_view word) {
  if (end < word.size()) return false;
  size_t b = end - word.size();
  if (b > 0 && IsAlnum(t[b - 1]) && IsAlnum(word.front())) return false;
  for (size_t k = 0; k < word.size(); ++k)
    if (Lower(t[b + k]) != Lower(word[k])) return false;
  return true;
}

size_t SkipSpaces(std::string_view t, size_t pos) {
  while (pos < t.size() && (t[pos] == ' ' || t[pos] == '\t')) ++pos;
  return pos;
}
size_t SkipSpacesBack(std::string_view t, size_t end) {
  while (end > 0 && (t[end - 1] == ' ' || t[end - 1] == '\t')) --end;
  return end;
}

// A dash after a dateline: -, --, – (U+2013), — (U+2014); returns its length.
size_t DashAt(std::string_view t, size_t pos) {
  if (pos < t.size() && t[pos] == '-') return pos + 1 < t.size() && t[pos + 1] == '-' ? 2 : 1;
  if (t.compare(pos, 3, "\u2013") == 0 || t.compare(pos, 3, "\u2014") == 0) return 3;
  return 0;
}

// The known agency starting at `pos` (case-sensitive, word-bounded), or "".
std::string_view AgencyAt(std::string_view t, size_t pos) {
  if (pos > 0 && IsAlnum(t[pos - 1])) return {};
  for (std::string_view name : kAgencies) {
    if (name[0] != t[pos] || t.compare(pos, name.size(), name) != 0) continue;  // the first byte tells most apart
    size_t e = pos + name.size();
    if (e < t.size() && (IsAlnum(t[e]) || t[e] == '-')) continue;
    return name;
  }
  return {};
}

struct Mention {
  size_t begin, end;
};

// Cue phrases before an agency (list), matched against the text right before it.
constexpr std::string_view kCuesBefore[] = {
    "according to", "cited by",  "citing",       "via",           "told",      "reported by",
    "quoted by",    "reporting by", "reporting from", "said to",  "with",      "reports from",
    "report by",    "report from",  "courtesy of",    "sources:"};

// Words after an agency (list) that make it a credit.
constexpr std::string_view kCuesAfter[] = {
    "reported",    "reports", "reporting", "said",     "says",         "quoted",     "cited",
    "wrote",       "writes",  "learned",   "has learned", "witness",  "witnesses",  "reporter",
    "reporters",   "correspondent", "photographer", "tally",   "calculations", "understands"};

// Nouns that may sit between an agency and its verb: "AFP news agency reported".
constexpr std::string_view kAgencyNouns[] = {"news agency", "newswire", "wire service", "agency",
                                                          "news service"};

constexpr std::string_view kGeneric[] = {"news agencies", "wire services", "wire agencies",
                                                      "news wires",    "newswires",     "wire reports"};

// Capitalised words that may precede an agency name without being part of it.
bool IsFunctionCapital(std::string_view w) {
  static constexpr std::string_view kWords[] = {
      "The",    "A",       "An",       "On",      "In",       "At",      "But",      "And",
      "As",     "When",    "While",    "Meanwhile", "However", "Also",   "Earlier",  "Later",
      "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",  "Saturday", "Sunday", "Yesterday",
      "Today",  "Separately", "Last",  "Now",      "Then",     "So"};
  return std::find(std::begin(kWords), std::end(kWords), w) != std::end(kWords);
}

// True when the mention is glued to a preceding capitalised word ("Thomson
// Reuters", "Michael Bloomberg"), so it is part of another name.
bool PartOfLongerName(std::string_view t, size_t begin) {
  if (begin < 2 || t[begin - 1] != ' ') return false;
  size_t e = begin - 1;
  size_t b = e;
  while (b > 0 && (IsAlnum(t[b - 1]) || t[b - 1] == '-')) --b;
  if (b == e || !IsUpper(t[b])) return false;
  return !IsFunctionCapital(t.substr(b, e - b));
}

// Start of the line holding `pos` when it is at most `limit` bytes before
// `pos`, else npos (a dateline prefix is short, so we never look further).
size_t LineBegin(std::string_view t, size_t pos, size_t limit) {
  for (size_t k = pos, n = 0; n <= limit; --k, ++n) {
    if (k == 0) return 0;
    if (t[k - 1] == '\n') return k;
  }
  return std::string_view::npos;
}

// True when t[begin, end) looks like a dateline: at most 80 bytes of words
// that start with a capital or a digit, commas, periods and spaces.
bool LooksLikeDateline(std::string_view t, size_t begin, size_t end) {
  if (end - begin > 80) return false;
  bool word_start = true;
  for (size_t k = begin; k < end; ++k) {
    unsigned char c = static_cast<unsigned char>(t[k]);
    if (c == ' ' || c == ',' || c == '.' || c == '\t') {
      word_start = true;
      continue;
    }
    if (word_start && c < 0x80 && !IsUpper(static_cast<char>(c)) && !std::isdigit(c)) return false;
    word_start = false;
  }
  return true;
}

class Finder {
 public:
  explicit Finder(std::string_view t) : t_(t) {}

  std::vector<Credit> Run() {
    FindMentionCredits();
    FindDatelines();
    FindSourceLines();
    FindGeneric();
    return Finish();
  }

 private:
  void Add(std::string_view agency, size_t begin, size_t end) {
    out_.push_back({std::string(agency), {begin, end}});
  }

  // Known agencies with a cue before or after (lists share the cue).
  void FindMentionCredits() {
    // All mentions in order.
    std::vector<Mention> mentions;
    for (size_t pos = 0; pos < t_.size();) {
      if (!IsUpper(t_[pos]) && t_[pos] != 'd') {
        ++pos;
        continue;
      }
      std::string_view name = AgencyAt(t_, pos);
      if (name.empty()) {
        ++pos;
        continue;
      }
      mentions.push_back({pos, pos + name.size()});
      pos += name.size();
    }
    // Group into lists: "Reuters, AFP and the Associated Press".
    for (size_t m = 0; m < mentions.size();) {
      size_t last = m;
      while (last + 1 < mentions.size()) {
        std::string_view gap = t_.substr(mentions[last].end, mentions[last + 1].begin - mentions[last].end);
        static constexpr std::string_view kSeparators[] = {
            ", ", " and ", ", and ", " & ", "/", " and the ", ", the ", " or "};
        if (std::find(std::begin(kSeparators), std::end(kSeparators), gap) == std::end(kSeparators)) break;
        ++last;
      }
      CheckList(mentions, m, last);
      m = last + 1;
    }
  }

  void CheckList(const std::vector<Mention>& ms, size_t first, size_t last) {
    size_t begin = ms[first].begin, end = ms[last].end;
    // Companies and people: "Thomson Reuters", "Michael Bloomberg".
    if (PartOfLongerName(t_, begin)) return;
    auto name = [&](size_t k) { return t_.substr(ms[k].begin, ms[k].end - ms[k].begin); };
    if (name(first) == "Thomson Reuters") return;
    size_t phrase_begin = begin;
    if (EndsWithWordCI(t_, SkipSpacesBack(t_, begin), "the")) phrase_begin = SkipSpacesBack(t_, begin) - 3;
    // Cue before.
    size_t before_end = SkipSpacesBack(t_, phrase_begin);
    for (std::string_view cue : kCuesBefore) {
      if (!EndsWithWordCI(t_, before_end, cue)) continue;
      for (size_t k = first; k <= last; ++k) Add(name(k), before_end - cue.size(), end);
      return;
    }
    // Cue after, possibly behind "news agency".
    size_t p = SkipSpaces(t_, end);
    bool agency_noun = false;
    for (std::string_view noun : kAgencyNouns) {
      if (StartsWithWordCI(t_, p, noun)) {
        p = SkipSpaces(t_, p + noun.size());
        agency_noun = true;
        break;
      }
    }
    for (std::string_view cue : kCuesAfter) {
      if (!StartsWithWordCI(t_, p, cue)) continue;
      for (size_t k = first; k <= last; ++k) {
        // "the PA said" is usually the Palestinian Authority.
        if (name(k) == "PA" && !agency_noun) continue;
        Add(name(k), phrase_begin, p + cue.size());
      }
      return;
    }
    if (agency_noun && name(first) == "PA") {
      // "PA news agency" names the agency outright.
      Add(name(first), begin, p);
    }
  }

  // "(AFP) -", "LONDON (Reuters) —", "SAN ISMAEL, Chile (Meridian Press) —".
  void FindDatelines() {
    for (size_t pos = t_.find('('); pos != std::string_view::npos; pos = t_.find('(', pos + 1)) {
      size_t close = t_.find(')', pos);
      if (close == std::string_view::npos || close - pos > 48 || close == pos + 1) continue;
      std::string_view inside = t_.substr(pos + 1, close - pos - 1);
      if (inside.find('\n') != std::string_view::npos) continue;
      // Capitalised words (agency names such as "dpa" are allowed lower case).
      bool ok = IsUpper(inside.front()) || !AgencyAt(inside, 0).empty();
      for (size_t k = 1; ok && k < inside.size(); ++k) {
        char c = inside[k];
        if (inside[k - 1] == ' ' && !IsUpper(c) && !std::isdigit(static_cast<unsigned char>(c)) &&
            AgencyAt(inside, k).empty())
          ok = false;
        if (!(IsAlnum(c) || c == ' ' || c == '-' || c == '&' || c == '.' || c == '\'' ||
              static_cast<unsigned char>(c) >= 0x80))
          ok = false;
      }
      if (!ok) continue;
      size_t after = SkipSpaces(t_, close + 1);
      size_t dash = DashAt(t_, after);
      if (dash == 0) continue;
      size_t line_begin = LineBegin(t_, pos, 80);
      if (line_begin == std::string_view::npos) continue;
      size_t prefix_begin = SkipSpaces(t_, line_begin);
      if (!LooksLikeDateline(t_, prefix_begin, pos)) continue;
      Add(inside, pos, after + dash);
    }
  }

  // "Source: Al Jazeera and news agencies".
  void FindSourceLines() {
    size_t line_begin = 0;
    while (line_begin <= t_.size()) {
      size_t line_end = t_.find('\n', line_begin);
      if (line_end == std::string_view::npos) line_end = t_.size();
      size_t p = SkipSpaces(t_, line_begin);
      size_t after = std::string_view::npos;
      for (std::string_view cue : {std::string_view("sources"), std::string_view("source")}) {
        if (StartsWithWordCI(t_, p, cue)) {
          size_t q = SkipSpaces(t_, p + cue.size());
          if (q < line_end && (t_[q] == ':' || DashAt(t_, q) > 0)) after = q + (t_[q] == ':' ? 1 : DashAt(t_, q));
          break;
        }
      }
      if (after != std::string_view::npos) ParseSourceList(after, line_end, p);
      if (line_end == t_.size()) break;
      line_begin = line_end + 1;
    }
  }

  void ParseSourceList(size_t begin, size_t end, size_t phrase_begin) {
    size_t phrase_end = end;
    while (phrase_end > begin && (std::isspace(static_cast<unsigned char>(t_[phrase_end - 1])) ||
                                  t_[phrase_end - 1] == '.'))
      --phrase_end;
    // Items separated by ",", ";", "/", "&" and " and ".
    size_t item = begin;
    auto take = [&](size_t item_begin, size_t item_end) {
      item_begin = SkipSpaces(t_, item_begin);
      item_end = std::min(SkipSpacesBack(t_, item_end), phrase_end);
      if (item_end <= item_begin) return;
      if (StartsWithWordCI(t_, item_begin, "the")) item_begin = SkipSpaces(t_, item_begin + 3);
      std::string_view s = t_.substr(item_begin, item_end - item_begin);
      std::string_view name = AgencyAt(s, 0);
      std::string lower;
      for (char c : s) lower.push_back(Lower(c));
      if ((!name.empty() && name.size() == s.size()) || lower.find("agenc") != std::string::npos ||
          lower.find("wire") != std::string::npos)
        Add(s, phrase_begin, phrase_end);
    };
    for (size_t k = begin; k < phrase_end; ++k) {
      char c = t_[k];
      if (c == ',' || c == ';' || c == '/' || c == '&') {
        take(item, k);
        item = k + 1;
      } else if (c == ' ' && StartsWithWordCI(t_, k + 1, "and") && k + 4 < t_.size() && t_[k + 4] == ' ') {
        take(item, k);
        item = k + 5;
        k += 4;
      }
    }
    take(item, phrase_end);
  }

  void FindGeneric() {
    for (size_t pos = 0; pos < t_.size(); ++pos) {
      if (pos > 0 && IsAlnum(t_[pos - 1])) continue;
      char c = Lower(t_[pos]);
      if (c != 'n' && c != 'w') continue;
      for (std::string_view g : kGeneric) {
        if (StartsWithWordCI(t_, pos, g)) {
          Add(t_.substr(pos, g.size()), pos, pos + g.size());
          break;
        }
      }
    }
    // "(with agencies)", "— Agencies" on its own line.
    for (size_t pos = 0; pos < t_.size(); ++pos) {
      if (Lower(t_[pos]) != 'a' || !StartsWithWordCI(t_, pos, "agencies") || (pos > 0 && IsAlnum(t_[pos - 1])))
        continue;
      size_t before = SkipSpacesBack(t_, pos);
      bool credited = EndsWithWordCI(t_, before, "with") || (before > 0 && t_[before - 1] == '(') ||
                      (before >= 1 && DashAt(t_, before - 1) == 1) ||
                      (before >= 3 && DashAt(t_, before - 3) == 3);
      if (credited) Add(t_.substr(pos, 8), pos, pos + 8);
    }
  }

  // Sorted by position; a credit inside another credit of the same agency
  // (ignoring case) is dropped.
  std::vector<Credit> Finish() {
    std::stable_sort(out_.begin(), out_.end(), [](const Credit& x, const Credit& y) {
      if (x.span.begin != y.span.begin) return x.span.begin < y.span.begin;
      return x.span.end > y.span.end;
    });
    auto same = [](const std::string& x, const std::string& y) {
      return x.size() == y.size() &&
             std::equal(x.begin(), x.end(), y.begin(), [](char p, char q) { return Lower(p) == Lower(q); });
    };
    std::vector<Credit> kept;
    for (Credit& c : out_) {
      // Containers start at or before c: only the last few kept credits can
      // be (phrases are short, and a list shares one span).
      bool inside = false;
      for (size_t k = kept.size(), n = 0; k > 0 && n < 16 && !inside; --k, ++n) {
        const Credit& o = kept[k - 1];
        inside = same(o.agency, c.agency) && o.span.begin <= c.span.begin && c.span.end <= o.span.end;
      }
      if (!inside) kept.push_back(std::move(c));
    }
    return kept;
  }

  std::string_view t_;
  std::vector<Credit> out_;
};

}  // namespace

std::vector<Credit> FindCredits(std::string_view text) { return Finder(text).Run(); }

}  // namespace storyline::dedup
