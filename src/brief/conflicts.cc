// Where a story's sources contradict each other: the same slot (a figure in
// the same statement, the length of the story's main event, the speaker of
// one quote) given incompatible values. See brief/conflicts.h.

#include "brief/conflicts.h"

#include "brief/story_facts.h"
#include "brief/string_map.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>
#include <unordered_map>
#include <utility>

namespace storyline::brief {
namespace {

// Words that sit next to figures in every story and say nothing of the slot.
bool Attributive(const std::string& stem) {
  static const std::set<std::string> kWords = {"said", "say", "offici", "accord", "report", "told", "least",
                                               "more", "than", "about", "around", "nearli", "almost", "some"};
  return kWords.count(stem) > 0;
}

bool DateWord(const std::string& lower);

// The story's content words (not numbers, stop words or words under three
// letters), stemmed, as ids: each distinct token is stemmed once. Sets of
// words are vectors of ids in the stems' alphabetical order (the order a
// std::set<std::string> of the stems would have).
class Words {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  // The id of the token's stem, or kNone when it is no content word.
  uint32_t Content(const text::Token& t) {
    if (t.kind == text::Token::Kind::kNumber || t.lower.size() < 3) return kNone;
    if (const uint32_t* known = by_lower_.Find(t.lower)) return *known;
    uint32_t id = kNone;
    if (!text::IsStopWord(t.lower)) {
      std::string stem = stemmer_.Stem(t.lower);
      auto [s, fresh] = by_stem_.emplace(stem, static_cast<uint32_t>(stems_.size()));
      if (fresh) {
        stems_.push_back(stem);
        attributive_.push_back(Attributive(stem));
        saying_.push_back(stem == "said" || stem == "say" || stem == "told" || stem == "report" || stem == "accord");
        date_word_.push_back(DateWord(stem));
      }
      id = s->second;
    }
    by_lower_.Insert(t.lower, id);
    return id;
  }
  const std::string& Stem(uint32_t id) const { return stems_[id]; }
  bool IsAttributive(uint32_t id) const { return attributive_[id]; }
  bool IsSaying(uint32_t id) const { return saying_[id]; }
  bool IsDateWord(uint32_t id) const { return date_word_[id]; }
  size_t size() const { return stems_.size(); }
  // Unique ids in the alphabetical order of their stems.
  void SortUnique(std::vector<uint32_t>& ids) const {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    std::sort(ids.begin(), ids.end(), [&](uint32_t x, uint32_t y) { return stems_[x] < stems_[y]; });
  }

 private:
  text::Stemmer stemmer_{"en"};
  StringMap<uint32_t> by_lower_;
  std::unordered_map<std::string, uint32_t> by_stem_;
  std::vector<std::string> stems_;
  std::vector<char> attributive_, saying_, date_word_;
};

// Content words of a sentence (its tokens), without numbers: what a
// statement is about once its figures are set aside.
std::vector<uint32_t> ContextWords(const std::vector<text::Token>& tokens, Words& words) {
  std::vector<uint32_t> out;
  for (const auto& t : tokens) {
    uint32_t id = words.Content(t);
    if (id != Words::kNone) out.push_back(id);
  }
  words.SortUnique(out);
  return out;
}

// Local ids for word sets, numbered in order of first use (as the sets are
// passed in): the order candidate pairs are proposed in depends on it.
class LocalIds {
 public:
  explicit LocalIds(size_t words) : local_(words, Words::kNone) {}
  std::vector<uint32_t> Of(const std::vector<uint32_t>& words) {
    std::vector<uint32_t> v;
    v.reserve(words.size());
    for (uint32_t w : words) {
      if (local_[w] == Words::kNone) local_[w] = next_++;
      v.push_back(local_[w]);
    }
    std::sort(v.begin(), v.end());
    return v;
  }
  size_t size() const { return next_; }

 private:
  std::vector<uint32_t> local_;
  uint32_t next_ = 0;
};

struct Sentences {
  std::vector<text::Span> spans;
  // Index of the sentence holding byte `offset`.
  size_t Of(size_t offset) const {
    auto it = std::upper_bound(spans.begin(), spans.end(), offset,
                               [](size_t o, const text::Span& s) { return o < s.begin; });
    return it == spans.begin() ? 0 : static_cast<size_t>(it - spans.begin() - 1);
  }
};

// One value as a source states it (a figure, a date): the words of its
// statement, and the words right around it (what the figure counts:
// "killed", "recalls").
struct FigureMention {
  size_t article;
  std::string text;   // as written
  double value = 0;   // figures
  std::string key;    // dates: the resolved value; figures: ""
  std::string unit;   // figures: the unit; dates: "date"
  std::vector<uint32_t> context;  // Words ids, alphabetical
  std::vector<uint32_t> near;
  // The same words as sorted ids, for fast comparison (filled by SlotConflicts).
  std::vector<uint32_t> context_ids, near_ids;
  size_t sentence = 0;  // the statement's index within its article
  // What the figure measures or counts, in text order: the content word
  // right before it ("magnitude 6.4") and the words of the noun phrase right
  // after it ("410,000 AirCrisp Pro air fryers", "380,000 of the fryers").
  std::vector<uint32_t> label{};
  std::vector<std::string> label_text{};  // parallel to label: lower case, as written
  bool label_before = false;  // label[0] is the word before the figure
  // How the source qualifies the value: an approximation ("about 3
  // million"), a bound ("more than 40", "under 10"), an update ("has risen
  // to 14"), or one end of a range ("between $30m and $45m").
  bool approximate = false, lower_bound = false, upper_bound = false, update = false;
  double range_lo = NAN, range_hi = NAN;
  std::vector<double> sentence_values{};  // every number the statement writes
  // A figure in brackets right after another is that figure in other units
  // ("95 miles (152 kilometers)", "200 million baht (dlrs 5 million)"): the
  // figure it converts, NaN for any other.
  double converts = NAN;
  std::string converts_unit{};
  // Who or where the figure is about: the words (Words ids) of the names of
  // the people, organisations and places mentioned in its clause, close by
  // ("Guatemala, where 21 people died", "Wang, 32,").
  std::vector<uint32_t> anchors{};
  std::vector<uint32_t> own_words{};  // the words of the figure's own span ("customers" of "2.8 million customers")
  std::vector<std::string> sentence_keys{};  // dates: every date the statement writes
  std::string age_of{};  // a bare number in commas after a person's name ("Wang, 32,"): that person
};

// The unit of a figure that is someone's age ("the 72-year-old prime minister").
constexpr std::string_view kYearsOfAge = "year of age";

bool Holds(const std::vector<uint32_t>& set, uint32_t w) { return std::find(set.begin(), set.end(), w) != set.end(); }

// Whether two figures' names around them leave them about one thing: when
// both name someone or somewhere, a name word in common ("Wang" / "Wang
// Youcai"); "270 km west of Kampala" is no distance to Goma.
bool AnchorsAgree(const FigureMention& x, const FigureMention& y) {
  if (x.anchors.empty() || y.anchors.empty()) return true;
  return std::any_of(x.anchors.begin(), x.anchors.end(), [&](uint32_t w) { return Holds(y.anchors, w); });
}

// The words right around two figures agree on what they are about: a word
// both have beside the figure that names who or where both are about
// ("Guatemala reported 100 storm-related deaths" / "Guatemala, where 21
// people died"), or a word of what both count or measure ("magnitude 6.4" /
// "magnitude 6.2", "3.1 million customers"). Any other word in common
// ("moving west at 8 mph" / "drifting west at 2 mph") says too little.
bool NearAgreeOnSubject(const FigureMention& x, const FigureMention& y) {
  // A label word both figures hold as their unit ("22 million people" / "20.6
  // million people") adds nothing to their having one unit.
  for (uint32_t w : x.label)
    if (Holds(y.label, w) && !(Holds(x.own_words, w) && Holds(y.own_words, w))) return true;
  for (uint32_t w : x.near)
    if (Holds(y.near, w) && Holds(x.anchors, w) && Holds(y.anchors, w)) return true;
  return false;
}

double Jaccard(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  if (a.empty() || b.empty()) return 0;
  size_t i = 0, j = 0, inter = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] < b[j]) ++i;
    else if (b[j] < a[i]) ++j;
    else { ++inter; ++i; ++j; }
  }
  return static_cast<double>(inter) / static_cast<double>(a.size() + b.size() - inter);
}

// The first and last of a sentence's tokens (`sentence` is its span in the
// article text) that overlap `span`; first == tokens.size() when none does.
std::pair<size_t, size_t> TokensOf(const std::vector<text::Token>& tokens, text::Span sentence, text::Span span) {
  size_t first = tokens.size(), last = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    size_t b = sentence.begin + tokens[i].span.begin, e = sentence.begin + tokens[i].span.end;
    if (e > span.begin && b < span.end) {
      first = std::min(first, i);
      last = std::max(last, i);
    }
  }
  return {first, last};
}

// Content words within `window` tokens of `span` inside `sentence` (offsets
// into the article text; `tokens` are the sentence's), stemmed, without the
// attributive ones.
std::vector<uint32_t> NearWords(const std::vector<text::Token>& tokens, text::Span sentence, text::Span span,
                                size_t window, Words& words, const std::vector<text::Span>& figures = {}) {
  std::vector<uint32_t> out;
  const auto [first, last] = TokensOf(tokens, sentence, span);
  if (first == tokens.size()) return out;
  size_t lo = first > window ? first - window : 0, hi = std::min(tokens.size(), last + window + 1);
  for (size_t i = lo; i < hi; ++i) {
    if (i >= first && i <= last) continue;
    // Another figure's words ("(152 kilometers)") are no word of this one.
    const size_t b = sentence.begin + tokens[i].span.begin, e = sentence.begin + tokens[i].span.end;
    if (std::any_of(figures.begin(), figures.end(), [&](text::Span f) { return e > f.begin && b < f.end; })) continue;
    uint32_t id = words.Content(tokens[i]);
    if (id != Words::kNone && !words.IsAttributive(id)) out.push_back(id);
  }
  words.SortUnique(out);
  return out;
}

bool SameValue(double a, double b) { return std::fabs(a - b) <= 1e-9 + 0.005 * std::max(std::fabs(a), std::fabs(b)); }

// Figures that can be one slot as far as conversions go: a conversion only
// with a conversion of the same figure (an outlet converting "60 miles" to
// 200 km against others' 100 km). Figures that differ are set against each
// other once, on the figures as the sources wrote them, not again in the
// units of their brackets.
bool ConversionsAgree(const FigureMention& x, const FigureMention& y) {
  if (std::isnan(x.converts) && std::isnan(y.converts)) return true;
  return !std::isnan(x.converts) && !std::isnan(y.converts) && x.converts_unit == y.converts_unit &&
         SameValue(x.converts, y.converts);
}

// Units that count the statement's own furniture ("two sides", "12-point
// plan") rather than a reported figure are still compared: they only
// conflict when the statements match, which is what a contradiction is.
constexpr double kSameStatement = 0.3;
constexpr double kSameYearStatement = 0.5;
constexpr size_t kMaxStatementValues = 64;
// How far (bytes) from a figure a name still says who or where it is about.
constexpr size_t kAnchorReach = 48;

// The same words, whatever case and spacing: two sources writing "21:47 GMT"
// or "Friday" state one thing, even when the day each resolves to differs
// because they were published on different days.
bool SameWording(const std::string& a, const std::string& b) {
  auto key = [](const std::string& s) {
    std::string k;
    for (unsigned char c : s)
      if (std::isalnum(c) || c >= 0x80) k += static_cast<char>(std::tolower(c));
    return k;
  };
  return key(a) == key(b);
}

bool SameMentionValue(const FigureMention& x, const FigureMention& y) {
  if (x.key.empty() && y.key.empty()) return SameValue(x.value, y.value);
  if (SameWording(x.text, y.text)) return true;
  // Dates: the same, or one inside the other ("Sept." = 1998-09 holds
  // "Sept. 2" = 1998-09-02).
  return x.key.starts_with(y.key) || y.key.starts_with(x.key);
}

// The place of a value's last significant digit: 1e5 for 3.1 million, 1e4
// for 410,000, 0.1 for 6.4. An approximate value covers half of it either way.
double Precision(double v) {
  v = std::fabs(v);
  if (v == 0) return 1;
  if (std::fabs(v - std::round(v)) > 1e-9) {
    double p = 1;
    for (int k = 0; k < 6 && std::fabs(v / p - std::round(v / p)) > 1e-6; ++k) p /= 10;
    return p;
  }
  double p = 1;
  while (p * 10 <= v && std::fabs(std::fmod(v, p * 10)) < 1e-6) p *= 10;
  return p;
}

// Two figures of one slot that need not contradict each other: one is an
// update ("has risen to 14"), an approximation an exact figure rounds to
// ("about 3 million" / "3.1 million"), a bound an exact figure keeps ("at
// least 12" / 14), a range holding an exact figure, or the other source's
// statement writes both values. Two approximations or two bounds that differ
// ("more than 40" / "more than 60") are sources reporting different figures.
bool Compatible(const FigureMention& x, const FigureMention& y) {
  if (!x.key.empty() || !y.key.empty()) {
    // Dates: a statement that writes both ("the 1996 Atlanta Games, 2000
    // Sydney Olympics" / "the games of 1996, 1998, 2000 and 2002").
    auto writes = [](const FigureMention& m, const std::string& key) {
      return std::find(m.sentence_keys.begin(), m.sentence_keys.end(), key) != m.sentence_keys.end();
    };
    return writes(x, y.key) || writes(y, x.key);
  }
  // Two conversions of one figure differ by their rounding ("8 mph (12
  // kph)" / "8 mph (13 kph)").
  if (!std::isnan(x.converts) && !std::isnan(y.converts) &&
      std::fabs(x.value - y.value) <= 0.1 * std::max(std::fabs(x.value), std::fabs(y.value)))
    return true;
  auto one_way = [](const FigureMention& m, const FigureMention& n) {
    if (m.update) return true;
    const bool exact = !n.approximate && !n.lower_bound && !n.upper_bound;
    if (m.approximate && exact && Precision(n.value) < Precision(m.value) &&
        std::fabs(m.value - n.value) <= Precision(m.value) / 2 + 1e-9)
      return true;
    if (m.lower_bound && exact && n.value >= m.value) return true;
    if (m.upper_bound && exact && n.value <= m.value) return true;
    if (!std::isnan(m.range_lo) && std::isnan(n.range_lo) && n.value >= m.range_lo - 1e-9 &&
        n.value <= m.range_hi + 1e-9)
      return true;
    return std::any_of(m.sentence_values.begin(), m.sentence_values.end(),
                       [&](double v) { return SameValue(v, n.value); });
  };
  return one_way(x, y) || one_way(y, x);
}

std::string MentionValue(const FigureMention& m) {
  if (!m.key.empty()) return m.key;
  std::string v = fmt::format("{}", m.value);
  return m.unit.empty() ? v : v + " " + m.unit;
}

// Two mentions of different sources fill one slot: same unit (or a bare
// number, "killing 14", against a counted one, "killing 12 people", in a
// closer match), no names around them that tell them apart, and statements
// alike once the values are set aside, or the words right around the values
// agreeing on what they are about in statements on one thing.
bool Linked(const FigureMention& x, const FigureMention& y) {
  if (x.article == y.article) return false;
  bool bare = x.unit.empty() || y.unit.empty();
  if (!bare && x.unit != y.unit) return false;
  // A share is written as one ("30 percent"); a bare number beside it counts
  // something else ("children under 7").
  if (bare && (x.unit == "percent" || y.unit == "percent")) return false;
  if ((x.unit == "date") != (y.unit == "date")) return false;
  if (!AnchorsAgree(x, y)) return false;
  // A year, a season or a quarter against a day is about something else
  // ("arrives in 2029" / "launched on Friday", "named this spring" /
  // "cut rates on Thursday"), however alike the statements.
  auto coarse = [](const std::string& key) {
    return key.size() == 4 || (key.size() >= 6 && key[4] == '-' && std::isalpha(static_cast<unsigned char>(key[5])));
  };
  if (x.unit == "date" && ((coarse(x.key) && y.key.size() >= 10) || (coarse(y.key) && x.key.size() >= 10)))
    return false;
  double need = bare ? 0.45 : kSameStatement;
  // Years name the events of a story's background ("the first time since
  // 1934", "his 1982 novel, published in English in 1988"): two differ as
  // one statement only when the statements are nearly the same.
  const bool years = x.unit == "date" && x.key.size() == 4 && y.key.size() == 4;
  if (years) return Jaccard(x.context_ids, y.context_ids) >= kSameYearStatement;
  double similarity = Jaccard(x.context_ids, y.context_ids);
  return similarity >= need || (similarity >= 0.15 && NearAgreeOnSubject(x, y));
}

// One slot's mentions into a conflict, if its sources give incompatible
// values and no source gives two of them. Only values some mention of
// another value links to directly are sides: a slot is a chain of links, and
// its two ends may be about different things.
template <typename Link>
bool SlotConflict(const std::vector<Article>& articles, const Words& words,
                  const std::vector<FigureMention>& mentions, const std::vector<size_t>& members, Link&& link,
                  const std::unordered_map<double, std::vector<size_t>>& by_value,
                  std::vector<Conflict>& out) {
  std::vector<std::pair<const FigureMention*, std::set<size_t>>> values;
  std::vector<std::vector<size_t>> value_members;
  for (size_t m : members) {
    const auto& mention = mentions[m];
    auto it = std::find_if(values.begin(), values.end(),
                           [&](const auto& v) { return SameMentionValue(*v.first, mention); });
    if (it == values.end()) {
      values.push_back({&mention, {mention.article}});
      value_members.push_back({m});
    } else {
      it->second.insert(mention.article);
      value_members[it - values.begin()].push_back(m);
    }
  }
  if (values.size() < 2) return true;
  std::vector<char> linked(values.size(), 0);
  for (size_t v = 0; v < values.size(); ++v)
    for (size_t w = v + 1; w < values.size(); ++w)
      for (size_t x : value_members[v])
        for (size_t y : value_members[w])
          if (link(x, y)) linked[v] = linked[w] = 1;
  // Keeps the values (and their members) a mask marks.
  auto keep_values = [&](const std::vector<char>& keep) {
    std::vector<std::pair<const FigureMention*, std::set<size_t>>> kept;
    std::vector<std::vector<size_t>> kept_members;
    for (size_t v = 0; v < values.size(); ++v)
      if (keep[v]) {
        kept.push_back(values[v]);
        kept_members.push_back(value_members[v]);
      }
    values = std::move(kept);
    value_members = std::move(kept_members);
  };
  keep_values(linked);
  if (values.size() < 2) return true;
  std::set<size_t> all;
  bool overlap = false;
  for (const auto& v : values)
    for (size_t a : v.second) overlap |= !all.insert(a).second;
  if (overlap) return false;
  // Values some mention of which need not contradict the most stated value,
  // or too far from it, are no side; what remains must still have two sides.
  {
    size_t top = 0;
    for (size_t v = 1; v < values.size(); ++v)
      if (values[v].second.size() > values[top].second.size()) top = v;
    std::vector<char> keep(values.size(), 1);
    for (size_t v = 0; v < values.size(); ++v) {
      if (v == top) continue;
      // Figures more than five times apart are two quantities the wording
      // joined ("800 million" viewers / "$272,500" salary), not one reported
      // differently.
      double a = std::fabs(values[v].first->value), b = std::fabs(values[top].first->value);
      if (values[v].first->key.empty() && a > 0 && b > 0 && std::max(a, b) > 5 * std::min(a, b)) keep[v] = 0;
      for (size_t x : value_members[top])
        for (size_t y : value_members[v])
          if (Compatible(mentions[x], mentions[y])) keep[v] = 0;
    }
    keep_values(keep);
    if (values.size() < 2) return true;
  }
  // Every source stating a side's value of the same thing is on that side,
  // whatever else its statement says ("A magnitude 6.4 earthquake struck
  // ..., killing 12" against "The magnitude 6.2 tremor struck at 3:42"):
  // same value and unit, a label word in common, no value of another side.
  // Figures only (dates carry no label words), looked up by value.
  for (size_t v = 0; v < values.size(); ++v) {
    auto same = by_value.find(values[v].first->value);
    if (!values[v].first->key.empty() || same == by_value.end()) continue;
    for (size_t i : same->second) {
      const FigureMention& m = mentions[i];
      if (!m.key.empty() || m.unit != values[v].first->unit || all.count(m.article)) continue;
      bool labelled = false;
      for (size_t x : value_members[v])
        for (uint32_t w : mentions[x].label)
          labelled |= std::find(m.label.begin(), m.label.end(), w) != m.label.end();
      if (!labelled) continue;
      bool states_other = false;
      for (size_t w = 0; w < values.size(); ++w)
        if (w != v)
          for (double sv : m.sentence_values) states_other |= SameValue(sv, values[w].first->value);
      if (states_other) continue;
      all.insert(m.article);
      values[v].second.insert(m.article);
      value_members[v].push_back(i);
    }
  }
  Conflict c;
  std::string unit;
  for (const auto& v : values)
    if (!v.first->unit.empty()) unit = v.first->unit;
  // About: the label words every side writes at its figure, as written, in
  // the order of the first side's; the unit when they are none or differ.
  // The word before the figures when every side writes it ("magnitude"),
  // else the words after ("customers", "air fryers").
  std::vector<std::string> label;
  for (bool before : {true, false}) {
    const FigureMention& first = mentions[value_members[0][0]];
    for (size_t k = 0; k < first.label.size(); ++k) {
      if (before != (k == 0 && first.label_before)) continue;
      uint32_t w = first.label[k];
      bool everywhere = true;
      for (const auto& vm : value_members) {
        bool side = false;
        for (size_t m : vm) {
          const auto& l = mentions[m].label;
          auto at = std::find(l.begin(), l.end(), w);
          side |= at != l.end() && before == (at == l.begin() && mentions[m].label_before);
        }
        everywhere &= side;
      }
      if (everywhere && std::find(label.begin(), label.end(), first.label_text[k]) == label.end())
        label.push_back(first.label_text[k]);
    }
    if (!label.empty()) break;
  }
  std::string words_about = fmt::format("{}", fmt::join(label, " "));
  // Ends of ranges say which end they are ("USD, low end of a range").
  bool low = true, high = true;
  for (const auto& vm : value_members)
    for (size_t m : vm) {
      const auto& mention = mentions[m];
      low &= !std::isnan(mention.range_lo) && SameValue(mention.value, mention.range_lo);
      high &= !std::isnan(mention.range_lo) && SameValue(mention.value, mention.range_hi);
    }
  if (low != high) unit += low ? ", low end of a range" : ", high end of a range";
  const std::string& age_of = mentions[value_members[0][0]].age_of;
  bool ages = !age_of.empty();
  for (const auto& vm : value_members)
    for (size_t m : vm) ages &= !mentions[m].age_of.empty();
  if (ages) c.about = "age of " + age_of;
  else if (label.empty()) c.about = unit.empty() ? "a figure" : unit;
  else if (unit.empty() || std::find(label.begin(), label.end(), unit) != label.end()) c.about = words_about;
  else c.about = words_about + " (" + unit + ")";
  std::stable_sort(values.begin(), values.end(),
                   [](const auto& x, const auto& y) { return x.second.size() > y.second.size(); });
  for (const auto& [m, arts] : values) {
    ConflictSide side{m->text, MentionValue(*m), {}};
    for (size_t a : arts) side.sources.push_back(articles[a].id);
    c.sides.push_back(std::move(side));
  }
  out.push_back(std::move(c));
  return true;
}

// Mentions of one slot: same unit, statements alike. Union-find; a slot in
// which some source gives two values (two figures of one statement: "killed
// 6,076 ... down from an earlier estimate of 7,000") is split again by the
// words right around each figure.
void SlotConflicts(const std::vector<Article>& articles, const Words& words, std::vector<FigureMention>& mentions,
                   const std::vector<uint32_t>& articles_with_word, std::vector<Conflict>& out) {
  LocalIds ids(words.size());
  for (auto& m : mentions) {
    m.context_ids = ids.Of(m.context);
    m.near_ids = ids.Of(m.near);
  }
  // Two statements of two sources are aligned when each is the other's best
  // match (by statement words) among the value-bearing statements of its
  // source: a source that carries both "95 miles off the coast" and "20
  // miles inland" aligns each with its own counterpart, and a source that
  // dropped one does not set its other figure against it.
  std::map<std::pair<size_t, size_t>, std::vector<size_t>> by_statement;  // (article, sentence) -> mentions
  std::map<size_t, std::vector<size_t>> statements_of;                    // article -> one mention per statement
  for (size_t i = 0; i < mentions.size(); ++i) {
    auto& list = by_statement[{mentions[i].article, mentions[i].sentence}];
    if (list.empty()) statements_of[mentions[i].article].push_back(i);
    list.push_back(i);
  }
  struct PairHash {
    size_t operator()(const std::pair<size_t, size_t>& p) const { return std::hash<size_t>()(p.first * 0x9E3779B97F4A7C15ull ^ p.second); }
  };
  std::unordered_map<std::pair<size_t, size_t>, double, PairHash> best_cache;  // (mention's statement key index, other article)
  auto best_in = [&](size_t i, size_t article) {
    auto key = std::make_pair(mentions[i].article * 1000003 + mentions[i].sentence, article);
    auto it = best_cache.find(key);
    if (it != best_cache.end()) return it->second;
    double best = 0;
    for (size_t k : statements_of[article]) best = std::max(best, Jaccard(mentions[i].context_ids, mentions[k].context_ids));
    best_cache.emplace(key, best);
    return best;
  };
  // Figures of the same things, however differently the statements read
  // ("recalling about 410,000 AirCrisp Pro air fryers" / "pulling back
  // roughly 380,000 of the fryers"): a word after the figure in common that
  // no other figure of either source carries, one unit, values of at least
  // ten within a factor of two, and statements not unrelated or the word one
  // of the story's own (written by half its sources or more). Small counts ("two
  // new leaders" / "three new members") and shares ("30 percent of the
  // population") name different things too often; the word before a figure
  // ("made $20 million" / "made $33 million") says what happened, not what
  // is counted.
  // Lengths of time ("90 years", "91-year") label ages and spans of all
  // kinds; they are left to the statement words.
  static const std::set<std::string> kTimeUnits = {"year", "month", "week", "day", "hour", "minute", "second"};
  // Label words only one figure of its source and unit carries, per mention
  // (sorted ids): counted once here, looked up by every candidate pair.
  std::vector<std::vector<uint32_t>> unique_labels(mentions.size());
  {
    std::unordered_map<std::string_view, uint64_t> unit_ids;
    std::vector<uint64_t> unit_of(mentions.size());
    for (size_t i = 0; i < mentions.size(); ++i)
      unit_of[i] = unit_ids.emplace(mentions[i].unit, unit_ids.size()).first->second;
    // (article, unit, word) packed: 24 + 8 + 32 bits; a story past those
    // sizes shares a key now and then, which only makes a label less unique.
    auto key = [&](size_t i, uint32_t w) {
      return (static_cast<uint64_t>(mentions[i].article & 0xFFFFFF) << 40) | ((unit_of[i] & 0xFF) << 32) | w;
    };
    // The value each (article, unit, word) labels, NaN once it labels two.
    std::unordered_map<uint64_t, double> label_value;
    for (size_t i = 0; i < mentions.size(); ++i)
      for (uint32_t w : mentions[i].label) {
        auto [it, fresh] = label_value.emplace(key(i, w), mentions[i].value);
        if (!fresh && !SameValue(it->second, mentions[i].value)) it->second = NAN;
      }
    for (size_t i = 0; i < mentions.size(); ++i) {
      const auto& m = mentions[i];
      for (size_t k = m.label_before ? 1 : 0; k < m.label.size(); ++k)
        if (!std::isnan(label_value[key(i, m.label[k])])) unique_labels[i].push_back(m.label[k]);
      std::sort(unique_labels[i].begin(), unique_labels[i].end());
      unique_labels[i].erase(std::unique(unique_labels[i].begin(), unique_labels[i].end()), unique_labels[i].end());
    }
  }
  auto label_link = [&](size_t i, size_t j) {
    const auto& x = mentions[i];
    const auto& y = mentions[j];
    const auto &xs = unique_labels[i], &ys = unique_labels[j];
    if (xs.empty() || ys.empty() || x.article == y.article || x.unit != y.unit || x.value < 10 || y.value < 10 ||
        std::max(x.value, y.value) > 2 * std::min(x.value, y.value))
      return false;
    if (x.unit == "date" || x.unit == "percent" || x.unit == kYearsOfAge || kTimeUnits.count(x.unit)) return false;
    bool shared = false, topical = false;
    for (uint32_t w : xs)
      if (std::binary_search(ys.begin(), ys.end(), w)) {
        shared = true;
        topical |= w < articles_with_word.size() && 2 * static_cast<size_t>(articles_with_word[w]) >= articles.size();
      }
    return shared && (topical || Jaccard(x.context_ids, y.context_ids) >= 0.05);
  };
  // Two ranges of one unit with an end in common ("retailed for $79 to
  // $129" / "sold for between $89 and $129"): their ends are one slot each.
  auto range_link = [&](size_t i, size_t j) {
    const auto& x = mentions[i];
    const auto& y = mentions[j];
    if (x.article == y.article || x.unit.empty() || x.unit != y.unit || std::isnan(x.range_lo) || std::isnan(y.range_lo))
      return false;
    if (!SameValue(x.range_lo, y.range_lo) && !SameValue(x.range_hi, y.range_hi)) return false;
    bool x_low = SameValue(x.value, x.range_lo), y_low = SameValue(y.value, y.range_lo);
    return x_low == y_low && Jaccard(x.context_ids, y.context_ids) >= 0.05;
  };
  auto link = [&](size_t i, size_t j) {
    const auto& x = mentions[i];
    const auto& y = mentions[j];
    if (!ConversionsAgree(x, y)) return false;
    if (label_link(i, j) || range_link(i, j)) return true;
    if (!Linked(x, y)) return false;
    double similarity = Jaccard(x.context_ids, y.context_ids);
    return similarity >= best_in(i, y.article) - 1e-9 && similarity >= best_in(j, x.article) - 1e-9;
  };
  std::vector<size_t> parent(mentions.size());
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  // Candidate pairs share a statement word; words in very many statements
  // ("said", the story's protagonist) do not propose pairs, so the work stays
  // near-linear in the story's size.
  std::vector<std::vector<size_t>> postings(ids.size());
  for (size_t i = 0; i < mentions.size(); ++i)
    for (uint32_t w : mentions[i].context_ids) postings[w].push_back(i);
  const size_t common = std::max<size_t>(64, mentions.size() / 20);
  // Shared rare words are counted first: a pair whose statements cannot be
  // alike enough for any link (Jaccard 0.15) is not compared in full. Pairs
  // are still tried in the order they are first proposed.
  std::vector<uint32_t> shared(mentions.size(), 0);
  std::vector<size_t> touched;
  for (size_t i = 0; i < mentions.size(); ++i) {
    const auto& x = mentions[i].context_ids;
    size_t common_words = 0;
    touched.clear();
    for (uint32_t w : x) {
      if (postings[w].size() > common) {
        ++common_words;
        continue;
      }
      for (size_t j : postings[w])
        if (j > i && shared[j]++ == 0) touched.push_back(j);
    }
    for (size_t j : touched) {
      const auto& y = mentions[j].context_ids;
      size_t most = std::min(shared[j] + common_words, std::min(x.size(), y.size()));
      shared[j] = 0;
      double bound = static_cast<double>(most) / static_cast<double>(x.size() + y.size() - most);
      if (bound < 0.15 - 1e-9) continue;
      if (link(i, j)) parent[find(i)] = find(j);
    }
  }
  // The pairs only a label or a range links, which the statement words do
  // not propose: label words held by one figure of their source, and ranges.
  {
    std::map<uint32_t, std::vector<size_t>> by_label;
    std::map<std::string, std::vector<size_t>> ranges;  // unit -> range ends
    for (size_t i = 0; i < mentions.size(); ++i) {
      for (uint32_t w : unique_labels[i]) by_label[w].push_back(i);
      if (!std::isnan(mentions[i].range_lo) && !mentions[i].unit.empty()) ranges[mentions[i].unit].push_back(i);
    }
    for (const auto& [w, list] : by_label) {
      if (list.size() > 64) continue;  // a word every source writes at every figure says nothing
      for (size_t p = 0; p < list.size(); ++p)
        for (size_t q = p + 1; q < list.size(); ++q)
          if (label_link(list[p], list[q])) parent[find(list[p])] = find(list[q]);
    }
    for (const auto& [unit, list] : ranges) {
      if (list.size() > 64) continue;
      for (size_t p = 0; p < list.size(); ++p)
        for (size_t q = p + 1; q < list.size(); ++q)
          if (range_link(list[p], list[q])) parent[find(list[p])] = find(list[q]);
    }
  }
  std::unordered_map<double, std::vector<size_t>> by_value;  // figures by value, for complete sides
  for (size_t i = 0; i < mentions.size(); ++i)
    if (mentions[i].key.empty()) by_value[mentions[i].value].push_back(i);
  std::map<size_t, std::vector<size_t>> slots;
  for (size_t i = 0; i < mentions.size(); ++i) slots[find(i)].push_back(i);
  for (const auto& [root, members] : slots) {
    if (SlotConflict(articles, words, mentions, members, link, by_value, out)) continue;
    // Split: the source with most mentions in the slot seeds one part per
    // mention; every other mention joins the part whose seed's near words
    // are closest to its own (the same value on ties), one per source.
    std::map<size_t, std::vector<size_t>> per_article;
    for (size_t m : members) per_article[mentions[m].article].push_back(m);
    size_t seed_article = per_article.begin()->first;
    for (const auto& [a, list] : per_article)
      if (list.size() > per_article[seed_article].size()) seed_article = a;
    std::vector<std::vector<size_t>> parts;
    for (size_t m : per_article[seed_article]) parts.push_back({m});
    for (const auto& [a, list] : per_article) {
      if (a == seed_article) continue;
      std::vector<char> taken(parts.size(), 0);
      for (size_t m : list) {
        double best = 0;
        size_t best_part = SIZE_MAX;
        for (size_t p = 0; p < parts.size(); ++p) {
          if (taken[p]) continue;
          const auto& seed = mentions[parts[p][0]];
          // Ends of two ranges pair up by position (low with low).
          const auto& mention = mentions[m];
          bool same_end = !std::isnan(seed.range_lo) && !std::isnan(mention.range_lo) &&
                          SameValue(seed.value, seed.range_lo) == SameValue(mention.value, mention.range_lo);
          double score = Jaccard(seed.near_ids, mention.near_ids) + (SameMentionValue(seed, mention) ? 1e-3 : 0) +
                         (same_end ? 5e-4 : 0);
          if (score > best) {
            best = score;
            best_part = p;
          }
        }
        if (best_part == SIZE_MAX) continue;
        taken[best_part] = 1;
        parts[best_part].push_back(m);
      }
    }
    for (const auto& part : parts) SlotConflict(articles, words, mentions, part, link, by_value, out);
  }
}

// Words of a sentence a date fills; its own words ("Friday", "Nov.") are
// left out so that two statements differing only in the date match.
bool DateWord(const std::string& lower) {
  static const std::set<std::string> kWords = {
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
      "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
      "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "today",
      "yesterday", "tomorrow", "week", "month", "year", "day", "last", "next"};
  return kWords.count(lower) > 0;
}

// One article's sentences, tokenized once for every check that reads words:
// the statement words of each and its negation cues.
struct ArticleWords {
  std::vector<text::Span> spans;                 // the sentences; the whole text when it has none
  std::vector<std::vector<text::Token>> owned;   // tokens read here
  std::vector<const std::vector<text::Token>*> tokens;  // per sentence
  std::vector<std::vector<uint32_t>> context;    // per sentence: ContextWords
  std::vector<size_t> negations;                 // per sentence: NegationCount
};

size_t NegationCount(std::string_view sentence, const std::vector<text::Token>& tokens);

// `given`: the tokens of each sentence when the caller has them, or null.
ArticleWords ReadWords(std::string_view body, const Sentences& sentences,
                       const std::vector<const std::vector<text::Token>*>* given, Words& words) {
  ArticleWords out;
  out.spans = sentences.spans.empty() ? std::vector<text::Span>{text::Span{0, body.size()}} : sentences.spans;
  if (given && !sentences.spans.empty() && given->size() == out.spans.size()) {
    out.tokens = *given;
  } else {
    out.owned.reserve(out.spans.size());
    for (const text::Span& span : out.spans) {
      out.owned.push_back(text::Tokenize(body.substr(span.begin, span.size())));
      out.tokens.push_back(&out.owned.back());
    }
  }
  for (size_t k = 0; k < out.spans.size(); ++k) {
    std::string_view t = body.substr(out.spans[k].begin, out.spans[k].size());
    out.context.push_back(ContextWords(*out.tokens[k], words));
    out.negations.push_back(NegationCount(t, *out.tokens[k]));
  }
  return out;
}

// A number token's value: digits with "," or "." grouping or decimals as
// `decimal_comma` says, or a small number word; NaN when it is none.
double NumberValue(std::string_view w, bool decimal_comma) {
  static constexpr std::pair<std::string_view, double> kWords[] = {
      {"one", 1}, {"two", 2}, {"three", 3}, {"four", 4}, {"five", 5}, {"six", 6}, {"seven", 7},
      {"eight", 8}, {"nine", 9}, {"ten", 10}, {"eleven", 11}, {"twelve", 12}, {"dozen", 12}, {"twenty", 20}};
  if (w.empty()) return NAN;
  if (!std::isdigit(static_cast<unsigned char>(w[0]))) {  // (every word of a statement is asked)
    if (w.size() >= 3 && w.size() <= 6)
      for (const auto& [word, value] : kWords)
        if (w == word) return value;
    return NAN;
  }
  std::string digits;
  for (char c : w) {
    if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
    else if (c == (decimal_comma ? ',' : '.')) digits += '.';
    else if (c != (decimal_comma ? '.' : ',')) break;
  }
  if (digits.empty() || !std::isdigit(static_cast<unsigned char>(digits[0]))) return NAN;
  return std::strtod(digits.c_str(), nullptr);
}

bool ScaleWord(std::string_view w) {
  // Scale words, and the words that qualify a figure ("roughly", "at least").
  static const std::set<std::string_view> kWords = {
      "hundred", "thousand", "million", "billion", "trillion", "bn", "mn", "millones", "millón", "mil", "millions",
      "billions", "thousands", "hundreds", "percent", "per", "cent", "about", "around", "roughly", "nearly",
      "almost", "some", "approximately", "more", "than", "less", "fewer", "over", "under", "least", "most", "just",
      "only", "estimated", "dozen", "dozens"};
  return kWords.count(w) > 0 || !std::isnan(NumberValue(w, false));
}

// What a figure counts or measures: the content word right before it and
// the noun phrase right after it, past "of the" and numbers, up to four
// words and the first stop word or punctuation.
std::vector<uint32_t> LabelWords(std::string_view body, const std::vector<text::Token>& tokens, text::Span sentence,
                                 text::Span span, Words& words, bool& has_before, std::vector<std::string>& written) {
  has_before = false;
  written.clear();
  // Punctuation between two tokens ends a phrase (tokens hold no punctuation).
  auto apart = [&](size_t i, size_t j) {
    for (size_t p = sentence.begin + tokens[i].span.end; p < sentence.begin + tokens[j].span.begin; ++p)
      if (body[p] != ' ' && body[p] != '-') return true;
    return false;
  };
  std::vector<uint32_t> out;
  const auto [first, last] = TokensOf(tokens, sentence, span);
  if (first == tokens.size()) return out;
  for (size_t i = first; i-- > 0 && i + 2 >= first;) {
    if (apart(i, i + 1)) break;
    uint32_t id = words.Content(tokens[i]);
    if (id != Words::kNone && !words.IsAttributive(id) && !ScaleWord(tokens[i].lower)) {
      out.push_back(id);
      written.push_back(tokens[i].lower);
      has_before = true;
      break;
    }
    if (tokens[i].kind != text::Token::Kind::kWord || text::IsStopWord(tokens[i].lower)) break;
    // Before a verb of saying stands the speaker ("Gray said about 56
    // sailors"), not what is counted.
    if (id != Words::kNone && words.IsSaying(id)) break;
  }
  // Words the figure's own span holds after the number ("2.8 million customers").
  for (size_t i = first; i <= last; ++i) {
    uint32_t id = words.Content(tokens[i]);
    if (id != Words::kNone && !words.IsAttributive(id) && !ScaleWord(tokens[i].lower)) {
      out.push_back(id);
      written.push_back(tokens[i].lower);
    }
  }
  size_t taken = 0;
  bool started = false;
  for (size_t i = last + 1; i < tokens.size() && taken < 4; ++i) {
    const text::Token& t = tokens[i];
    if (apart(i - 1, i)) break;
    if (t.kind == text::Token::Kind::kNumber) continue;
    if (!started && (t.lower == "of" || t.lower == "the" || t.lower == "its" || t.lower == "their" || t.lower == "all"))
      continue;
    uint32_t id = words.Content(t);
    if (id == Words::kNone) {
      if (text::IsStopWord(t.lower)) break;
      continue;  // a short word ("air" is three letters and kept; "Pro" too)
    }
    started = true;
    if (ScaleWord(t.lower)) continue;
    out.push_back(id);
    written.push_back(t.lower);
    ++taken;
  }
  return out;
}

// A figure in brackets right after another is that figure in other units:
// between them a bracket, with a unit word the figures do not hold before
// or inside it ("95 miles (152 kilometers)", "200 million baht (dlrs 5
// million)"), and the bracket closes after the second figure, or after its
// unit word ("(5 million dlrs)"). A word of relation inside the bracket
// makes the second figure a part or another count ("12 people (including 3
// children)", "(of 30 aboard)"), and so does a bracket going on ("12 dead (3
// of them children)"). `gap`: the text between the figures; `after`: the
// text after the second.
bool IsConversion(std::string_view gap, std::string_view after) {
  auto skip_spaces = [](std::string_view& s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  };
  auto skip_word = [](std::string_view& s) {
    const size_t n = std::find_if(s.begin(), s.end(), [](char c) { return !std::isalpha(static_cast<unsigned char>(c)); }) - s.begin();
    std::string_view word = s.substr(0, n);
    s.remove_prefix(n);
    return word;
  };
  // A word that can stand for a unit: no function word, no participle
  // ("including", "excluding").
  auto unit_like = [](std::string_view word) {
    if (word.empty()) return true;
    const std::string lower = text::FoldCase(word);
    return !text::IsStopWord(lower) && !lower.ends_with("ing");
  };
  skip_spaces(gap);
  skip_word(gap);
  skip_spaces(gap);
  if (gap.empty() || gap.front() != '(') return false;
  gap.remove_prefix(1);
  skip_spaces(gap);
  if (!unit_like(skip_word(gap))) return false;
  skip_spaces(gap);
  if (!gap.empty()) return false;
  skip_spaces(after);
  if (!unit_like(skip_word(after))) return false;
  skip_spaces(after);
  return !after.empty() && after.front() == ')';
}

// An article's figures and resolved dates, each with its statement's words.
void AddMentions(size_t a, const Article& article, const facts::ArticleFacts& facts, const Sentences& sentences,
                 const ArticleWords& aw, Words& words, std::vector<FigureMention>& figures,
                 std::vector<FigureMention>& dates) {
  auto sentence_index = [&](size_t offset) { return sentences.spans.empty() ? 0 : sentences.Of(offset); };
  const bool decimal_comma = facts::UsesDecimalComma(article.language);
  std::string_view body = article.text;
  const size_t first_figure = figures.size();
  size_t values_sentence = SIZE_MAX;
  std::vector<std::pair<size_t, double>> values_read;  // (offset, value) of that statement's numbers
  // Every name mention of the article in text order, with its name's words.
  std::vector<std::vector<uint32_t>> name_words;
  for (const facts::Entity& e : facts.entities) {
    std::vector<uint32_t> ids;
    for (const auto& t : text::Tokenize(e.name))
      if (uint32_t id = words.Content(t); id != Words::kNone) ids.push_back(id);
    name_words.push_back(std::move(ids));
  }
  std::vector<std::pair<text::Span, size_t>> named;  // (mention, entity)
  for (size_t e = 0; e < facts.entities.size(); ++e)
    for (const text::Span& sp : facts.entities[e].mentions) named.push_back({sp, e});
  std::sort(named.begin(), named.end(), [](const auto& x, const auto& y) { return x.first.begin < y.first.begin; });
  size_t first_named = 0;   // the first name mention that can reach the current figure
  size_t first_number = 0;  // the first figure of the current figure's statement
  const facts::Quantity* previous = nullptr;
  for (const facts::Quantity& q : facts.numbers) {
    const facts::Quantity* last = std::exchange(previous, &q);  // the figure before, which this one may convert
    const size_t k = sentence_index(q.span.begin);
    const text::Span statement = aw.spans[k];
    // The statement's other figures (figures come in text order).
    while (first_number < facts.numbers.size() && facts.numbers[first_number].span.end <= statement.begin) ++first_number;
    std::vector<text::Span> others;
    for (size_t o = first_number; o < facts.numbers.size() && facts.numbers[o].span.begin < statement.end; ++o)
      if (&facts.numbers[o] != &q) others.push_back(facts.numbers[o].span);
    FigureMention m{a, q.text, q.value, "", q.unit, aw.context[k],
                    NearWords(*aw.tokens[k], statement, q.span, 3, words, others), {}, {}, k};
    for (const auto& t : *aw.tokens[k])
      if (statement.begin + t.span.begin >= q.span.begin && statement.begin + t.span.end <= q.span.end)
        if (uint32_t id = words.Content(t); id != Words::kNone) m.own_words.push_back(id);
    // "the 72-year-old prime minister": an age, never set against a span of
    // years ("his 17-year rule").
    if (q.unit == "year" && (body.substr(q.span.end, 4) == "-old" || body.substr(q.span.end, 4) == " old"))
      m.unit = kYearsOfAge;
    // A bare number in commas right after a person's name is the person's
    // age ("Wang Youcai, 33, is to go on trial").
    const bool in_commas = q.unit.empty() && q.span.begin >= 2 && body.substr(q.span.begin - 2, 2) == ", " &&
                           body.substr(q.span.end, 1) == ",";
    // The nearest names within reach in the figure's clause.
    size_t nearest = kAnchorReach + 1;
    while (first_named < named.size() && named[first_named].first.end + kAnchorReach < q.span.begin) ++first_named;
    for (size_t n = first_named; n < named.size(); ++n) {
      const auto& [mention, e] = named[n];
      if (mention.begin > q.span.end + kAnchorReach) break;
      if (in_commas && m.age_of.empty() && mention.end + 2 == q.span.begin &&
          facts.entities[e].type == facts::EntityType::kPerson)
        m.age_of = facts.entities[e].name;
      if (mention.end + kAnchorReach < q.span.begin || mention.begin < statement.begin || mention.end > statement.end)
        continue;
      std::string_view between = mention.end <= q.span.begin ? body.substr(mention.end, q.span.begin - mention.end)
                                 : mention.begin >= q.span.end ? body.substr(q.span.end, mention.begin - q.span.end)
                                                               : std::string_view();
      if (between.find_first_of(";:()") != std::string_view::npos || between.size() > nearest) continue;
      if (between.size() < nearest) m.anchors.clear();
      nearest = between.size();
      for (uint32_t w : name_words[e])
        if (!Holds(m.anchors, w)) m.anchors.push_back(w);
    }
    if (last && last->span.end <= q.span.begin &&
        IsConversion(body.substr(last->span.end, q.span.begin - last->span.end), body.substr(q.span.end, 64))) {
      m.converts = last->value;
      m.converts_unit = last->unit;
    }
    if (k != values_sentence) {
      // The statement's numbers, read once per statement.
      values_sentence = k;
      values_read.clear();
      for (const auto& t : *aw.tokens[k])
        if (t.kind == text::Token::Kind::kNumber || t.kind == text::Token::Kind::kWord) {
          double v = NumberValue(t.lower, decimal_comma);
          if (!std::isnan(v)) values_read.push_back({aw.spans[k].begin + t.span.begin, v});
        }
    }
    // Every number of the statement but the figure itself; a statement of
    // more than kMaxStatementValues numbers is a table, whose figures keep
    // none (each would copy all the others: quadratic in a long table).
    if (values_read.size() <= kMaxStatementValues)
      for (const auto& [at, v] : values_read)
        if (at < q.span.begin || at >= q.span.end) m.sentence_values.push_back(v);
    m.label = LabelWords(body, *aw.tokens[k], aw.spans[k], q.span, words, m.label_before, m.label_text);
    // The qualifier: the figure's own words and the few before it.
    size_t from = std::max(aw.spans[k].begin, q.span.begin >= 24 ? q.span.begin - 24 : 0);
    // The cues are ASCII: lower-casing ASCII letters is enough.
    auto ascii_lower = [](std::string_view t) {
      std::string out(t);
      for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      return out;
    };
    std::string before = ascii_lower(body.substr(from, q.span.begin - from));
    std::string own = ascii_lower(q.text);
    // A cue ends the words before the figure (up to two characters, "$ ",
    // after it) or starts the figure's own words.
    auto cue = [&](std::initializer_list<std::string_view> cues, bool own_too) {
      std::string_view b = before;
      for (std::string_view c : cues) {
        if (own_too && own.starts_with(c)) return true;
        for (size_t trail = 0; trail <= 2 && trail + c.size() <= b.size(); ++trail)
          if (b.substr(0, b.size() - trail).ends_with(c)) return true;
      }
      return false;
    };
    m.approximate = cue({"about", "around", "roughly", "nearly", "almost", "some", "approximately", "close to",
                         "an estimated", "estimated"}, true);
    m.lower_bound = cue({"more than", "over", "at least", "above", "upwards of", "in excess of", "exceeding"}, true);
    m.upper_bound = cue({"less than", "fewer than", "under", "at most", "up to", "below", "no more than"}, true);
    m.update = cue({"risen to", "rose to", "climbed to", "increased to", "jumped to", "grown to", "revised to",
                    "raised to"}, false);
    figures.push_back(std::move(m));
  }
  // Ranges: two figures of one statement joined by "to", "and" or a dash
  // ("between $89 and $129", "$79 to $129", "30-45").
  for (size_t i = first_figure; i + 1 < figures.size(); ++i) {
    const facts::Quantity& x = facts.numbers[i - first_figure];
    const facts::Quantity& y = facts.numbers[i + 1 - first_figure];
    if (figures[i].sentence != figures[i + 1].sentence || y.span.begin < x.span.end) continue;
    std::string between = text::FoldCase(body.substr(x.span.end, y.span.begin - x.span.end));
    std::erase_if(between, [](char c) { return c == ' '; });
    if (between != "to" && between != "and" && between != "-" && between != "\u2013" && between != "andupto") continue;
    double lo = std::min(figures[i].value, figures[i + 1].value), hi = std::max(figures[i].value, figures[i + 1].value);
    figures[i].range_lo = figures[i + 1].range_lo = lo;
    figures[i].range_hi = figures[i + 1].range_hi = hi;
  }
  // Dates resolved to a day ("on Friday" = 1998-10-30), in the same
  // statement: "met on Friday" vs "met on Tuesday".
  const size_t first_date = dates.size();
  for (const facts::TimeExpression& d : facts.dates) {
    // A day, a month or a year, resolved; a part of a day counts as its day.
    if (d.type != "DATE" && d.type != "TIME") continue;
    std::string value = d.start.empty() ? d.value : d.start + "/" + d.end;
    if (d.type == "TIME") value = value.substr(0, 10);
    if (value.size() < 4 || value.find('X') != std::string::npos || !std::isdigit(static_cast<unsigned char>(value[0])) ||
        value.find('W') != std::string::npos)
      continue;
    const size_t k = sentence_index(d.span.begin);
    std::vector<uint32_t> context;
    for (uint32_t w : aw.context[k])
      if (!words.IsDateWord(w)) context.push_back(w);
    std::vector<uint32_t> near;
    for (uint32_t w : NearWords(*aw.tokens[k], aw.spans[k], d.span, 3, words))
      if (!words.IsDateWord(w)) near.push_back(w);
    dates.push_back({a, d.text, 0, value, "date", std::move(context), std::move(near), {}, {}, k});
  }
  // Dates come in text order: a statement's dates are one run.
  for (size_t run = first_date, end; run < dates.size(); run = end) {
    for (end = run + 1; end < dates.size() && dates[end].sentence == dates[run].sentence;) ++end;
    // (a statement of more dates than 16 is a table; its dates stay apart)
    for (size_t i = run; i < end && end - run <= 16; ++i)
      for (size_t j = run; j < end; ++j)
        if (j != i) dates[i].sentence_keys.push_back(dates[j].key);
  }

}

int64_t DayNumber(std::string_view iso) {
  auto t = ParsePublished(iso);
  return t ? t->lo / 86400 : INT64_MIN;
}

// The story's main event span: the date range most sources give. A source
// that gives the event a length in days, anchored on the range's first day
// ("the two-day trip beginning on Monday" with Monday = March 20), must agree
// with the range's length.
void DurationConflicts(const std::vector<Article>& articles, const std::vector<facts::ArticleFacts>& facts,
                       const std::vector<Sentences>& sentences, std::vector<Conflict>& out) {
  std::map<std::pair<std::string, std::string>, std::set<size_t>> ranges;
  std::map<std::pair<std::string, std::string>, std::string> range_text;
  for (size_t a = 0; a < articles.size(); ++a)
    for (const auto& d : facts[a].dates)
      if (!d.start.empty() && !d.end.empty() && d.start != d.end && d.start.find('X') == std::string::npos) {
        ranges[{d.start, d.end}].insert(a);
        range_text.emplace(std::make_pair(d.start, d.end), d.text);
      }
  if (ranges.empty()) return;
  auto main = std::max_element(ranges.begin(), ranges.end(),
                               [](const auto& x, const auto& y) { return x.second.size() < y.second.size(); });
  int64_t first = DayNumber(main->first.first), last = DayNumber(main->first.second);
  if (first == INT64_MIN || last == INT64_MIN || last < first) return;
  int64_t range_days = last - first + 1;

  std::map<int64_t, std::pair<std::string, std::set<size_t>>> stated;  // days -> (text, articles)
  std::set<size_t> agreeing;  // sources giving the range's own length ("for five days" from its first day)
  for (size_t a = 0; a < articles.size(); ++a) {
    if (main->second.count(a)) continue;
    for (const auto& d : facts[a].dates) {
      if (d.type != "DURATION" || d.value.size() < 3 || d.value[0] != 'P') continue;
      // Days, or hours that make whole days ("72 hours from Monday").
      int64_t days = 0;
      if (d.value.back() == 'D' && d.value[1] != 'T') {
        days = std::atoll(d.value.c_str() + 1);
      } else if (d.value.back() == 'H' && d.value.size() > 3 && d.value[1] == 'T') {
        int64_t hours = std::atoll(d.value.c_str() + 2);
        if (hours < 24 || hours % 24 != 0) continue;
        days = hours / 24;
      } else {
        continue;
      }
      if (days <= 0) continue;
      // Anchored: the same sentence names the range's first day.
      size_t sentence = sentences[a].Of(d.span.begin);
      bool anchored = false;
      for (const auto& other : facts[a].dates)
        if (sentences[a].Of(other.span.begin) == sentence && other.type == "DATE" &&
            DayNumber(other.start.empty() ? other.value : other.start) == first)
          anchored = true;
      if (!anchored) continue;
      if (days == range_days) {
        agreeing.insert(a);
        continue;
      }
      auto& entry = stated[days];
      if (entry.first.empty()) entry.first = d.text;
      entry.second.insert(a);
    }
  }
  for (const auto& [days, what] : stated) {
    Conflict c;
    c.about = "length of the event starting " + main->first.first;
    ConflictSide range{range_text[main->first], fmt::format("{}/{} ({} days)", main->first.first, main->first.second,
                                                            range_days), {}};
    for (size_t a : main->second) range.sources.push_back(articles[a].id);
    for (size_t a : agreeing)
      if (!what.second.count(a)) range.sources.push_back(articles[a].id);
    ConflictSide duration{what.first, fmt::format("P{}D ({} days)", days, days), {}};
    for (size_t a : what.second) duration.sources.push_back(articles[a].id);
    c.sides = {std::move(range), std::move(duration)};
    out.push_back(std::move(c));
  }
}

// Negation cues of a sentence: "not", "never", "no", and "-n't" forms.
size_t NegationCount(std::string_view sentence, const std::vector<text::Token>& tokens) {
  size_t n = 0;
  for (const auto& t : tokens) {
    std::string_view w = t.lower;
    if (w == "not" || w == "never" || w == "no" || w == "cannot" || w.ends_with("n't") || w.ends_with("n\u2019t"))
      ++n;
  }
  // A tokenizer may split "didn't" into "didn" "t".
  for (size_t k = sentence.find("n't"); k != std::string_view::npos; k = sentence.find("n't", k + 3)) ++n;
  return n;
}

// One statement, negated by some sources and not by others: sentences of two
// sources with nearly the same words (the negation aside) whose counts of
// negation cues differ ("the euro would likely be worth..." vs "would not").
void NegationConflicts(const std::vector<Article>& articles, const std::vector<Sentences>& sentences,
                       const std::vector<ArticleWords>& article_words, const Words& words,
                       std::vector<Conflict>& out) {
  struct Statement {
    size_t article;
    std::string_view text;
    std::vector<uint32_t> words;  // sorted ids of content words (no negation words)
    size_t negations;
  };
  LocalIds ids(words.size());
  std::vector<Statement> statements;
  for (size_t a = 0; a < articles.size(); ++a) {
    std::string_view body = articles[a].text;
    for (size_t k = 0; k < sentences[a].spans.size(); ++k) {
      const text::Span& span = sentences[a].spans[k];
      std::string_view t = body.substr(span.begin, span.size());
      Statement st{a, t, ids.Of(article_words[a].context[k]), article_words[a].negations[k]};
      if (st.words.size() >= 5) statements.push_back(std::move(st));
    }
  }
  std::vector<std::vector<size_t>> postings(ids.size());
  for (size_t i = 0; i < statements.size(); ++i)
    for (uint32_t w : statements[i].words) postings[w].push_back(i);
  const size_t common = std::max<size_t>(64, statements.size() / 20);
  std::set<std::vector<std::string>> reported;
  std::vector<size_t> shared(statements.size(), 0);
  for (size_t i = 0; i < statements.size(); ++i) {
    const Statement& x = statements[i];
    if (x.negations == 0) continue;
    // Sources stating the statement with as many negations, and with fewer.
    std::map<size_t, size_t> same, other;  // article -> statement
    same[x.article] = i;
    // Shared rare words counted first; only statements that can reach the
    // similarity asked for are compared in full.
    std::vector<size_t> touched;
    size_t common_words = 0;
    for (uint32_t w : x.words) {
      if (postings[w].size() > common) {
        ++common_words;
        continue;
      }
      for (size_t j : postings[w])
        if (statements[j].article != x.article && shared[j]++ == 0) touched.push_back(j);
    }
    for (size_t j : touched) {
      size_t most = shared[j] + common_words;
      shared[j] = 0;
      const Statement& y = statements[j];
      if (static_cast<double>(most) < 0.7 * static_cast<double>(std::max(x.words.size(), y.words.size()))) continue;
      {
        // Nearly the same words: at most one content word told apart (a
        // statement with a sentence more is not its negation).
        double jaccard = Jaccard(x.words, y.words);
        if (jaccard < 0.7) continue;
        size_t inter = static_cast<size_t>(std::lround(jaccard * static_cast<double>(x.words.size() + y.words.size()) / (1.0 + jaccard)));
        if (x.words.size() + y.words.size() - 2 * inter > 1) continue;
        if (y.negations == x.negations) same.emplace(y.article, j);
        else if (y.negations < x.negations) other.emplace(y.article, j);
      }
    }
    if (other.empty()) continue;
    std::vector<std::string> negated_ids, plain_ids;
    for (const auto& [a, j] : same)
      if (!other.count(a)) negated_ids.push_back(articles[a].id);
    for (const auto& [a, j] : other)
      if (!same.count(a)) plain_ids.push_back(articles[a].id);
    if (negated_ids.empty() || plain_ids.empty()) continue;
    std::vector<std::string> key = negated_ids;
    key.push_back("|");
    key.insert(key.end(), plain_ids.begin(), plain_ids.end());
    if (!reported.insert(key).second) continue;
    const Statement& plain = statements[other.begin()->second];
    Conflict c;
    std::string_view head = plain.text.substr(0, std::min<size_t>(plain.text.size(), 60));
    c.about = "whether \u201c" + std::string(head) + (plain.text.size() > 60 ? "...\u201d" : "\u201d");
    ConflictSide yes{std::string(plain.text), "affirmed", std::move(plain_ids)};
    ConflictSide no{std::string(x.text), "negated", std::move(negated_ids)};
    if (no.sources.size() > yes.sources.size()) c.sides = {std::move(no), std::move(yes)};
    else c.sides = {std::move(yes), std::move(no)};
    out.push_back(std::move(c));
  }
}

// "the Kremlin" and "Kremlin statement", "Varga" and "Tomas Varga" name the
// same speaker: the content words of one are all in the other.
bool NamesAgree(const std::string& x, const std::string& y) {
  if (x == y) return true;
  auto content = [](std::vector<std::string> w) {
    w.erase(std::remove_if(w.begin(), w.end(), [](const std::string& s) { return text::IsStopWord(s); }), w.end());
    return w;
  };
  return Containment(content(LowerWords(x)), content(LowerWords(y))) == 1.0;
}

// One quotation, two speakers: "We deeply regret..." given to the chief
// executive by some sources and to the security chief by another.
void SpeakerConflicts(const std::vector<Article>& articles, const std::vector<facts::ArticleFacts>& facts,
                      std::vector<Conflict>& out) {
  struct Group {
    std::vector<std::string> words;
    std::string text;
    std::vector<std::pair<std::string, std::set<size_t>>> speakers;
    std::vector<std::vector<std::string>> surfaces;  // parallel to speakers: names as written
    std::map<size_t, text::Span> windows;             // article -> the text around its quote
    std::map<size_t, std::string> attributions;       // article -> its surface (the words right at the quote)
  };
  std::vector<Group> groups;
  std::vector<size_t> unique;
  WordIndex index;
  for (size_t a = 0; a < articles.size(); ++a)
    for (const auto& q : facts[a].quotes) {
      if (q.kind == facts::Quote::Kind::kIndirect || q.speaker.empty()) continue;
      // Only a speaker the source names at the quote counts: one resolved
      // from "he" or from an earlier paragraph depends on what the source
      // kept around the quote, not on what it says.
      if (q.speaker_span.size() == 0 || q.speaker_span.end > articles[a].text.size()) continue;
      // The name as written, without the appositive or relative clause the
      // mention carries ("Yuri Levada, who heads the center,"): where the
      // name stands is what the checks below read.
      text::Span name_span = q.speaker_span;
      {
        std::string_view mention = std::string_view(articles[a].text).substr(name_span.begin, name_span.size());
        if (size_t comma = mention.find(", "); comma != std::string_view::npos && comma > 0)
          name_span.end = name_span.begin + comma;
      }
      size_t gap = name_span.begin >= q.span.end ? name_span.begin - q.span.end
                   : q.span.begin >= name_span.end ? q.span.begin - name_span.end : 0;
      if (gap > 40) continue;  // named at the quote: "...," said X / X said: "..."
      {
        auto named = LowerWords(std::string_view(articles[a].text).substr(name_span.begin, name_span.size()));
        auto speaker = LowerWords(q.speaker);
        bool shares = std::any_of(named.begin(), named.end(), [&](const std::string& w) {
          return !text::IsStopWord(w) && std::find(speaker.begin(), speaker.end(), w) != speaker.end();
        });
        if (!shares) continue;
      }
      auto words = LowerWords(q.text);
      if (words.size() < 5) continue;
      auto it = groups.end();
      for (size_t g : index.Candidates(words, unique, 0.6))
        if (Containment(groups[g].words, words) >= 0.8) {
          it = groups.begin() + static_cast<std::ptrdiff_t>(g);
          break;
        }
      if (it == groups.end()) {
        groups.push_back({words, q.text, {}, {}, {}, {}});
        unique.push_back(std::set<std::string>(words.begin(), words.end()).size());
        index.Add(groups.size() - 1, words);
        it = groups.end() - 1;
      }
      // Two sources agree on the speaker when the resolved names or the
      // names as written at the quote agree (name resolution depends on
      // the rest of each article).
      // The attribution as written: the words just outside the quote, where
      // the name stands. Two sources whose attributions read the same agree,
      // whatever names the rest of each article resolves them to.
      std::string_view body = articles[a].text;
      size_t lo = std::min(q.span.begin, name_span.begin), hi = std::max(q.span.end, name_span.end);
      size_t before = lo > 50 ? lo - 50 : 0;
      std::string surface = std::string(body.substr(before, lo - before)) + " | " +
                            std::string(body.substr(hi, std::min<size_t>(50, body.size() - hi)));
      it->attributions.emplace(a, surface);
      it->windows.emplace(a, text::Span{q.span.begin > 200 ? q.span.begin - 200 : 0,
                                        std::min(body.size(), q.span.end + 200)});
      auto sp = std::find_if(it->speakers.begin(), it->speakers.end(), [&](const auto& s) {
        const auto& seen = it->surfaces[static_cast<size_t>(&s - it->speakers.data())];
        return NamesAgree(s.first, q.speaker) || std::find(seen.begin(), seen.end(), surface) != seen.end();
      });
      if (sp == it->speakers.end()) {
        it->speakers.push_back({q.speaker, {a}});
        it->surfaces.push_back({surface});
      } else {
        sp->second.insert(a);
        it->surfaces[sp - it->speakers.begin()].push_back(surface);
      }
    }
  const size_t first_reported = out.size();
  for (auto& g : groups) {
    if (g.speakers.size() < 2) continue;
    std::set<size_t> all;
    bool overlap = false;
    for (const auto& s : g.speakers)
      for (size_t a : s.second) overlap |= !all.insert(a).second;
    if (overlap) continue;
    // Each source's window is read as lower-case words (" w1 w2 ... ") only
    // here: few groups get this far, and a window is text no other look-up
    // shares.
    std::map<size_t, std::string> window_words;
    auto window_of = [&](size_t a) -> const std::string& {
      auto [w, fresh] = window_words.try_emplace(a);
      if (fresh) {
        auto span = g.windows.find(a);
        if (span == g.windows.end()) return w->second;
        const text::Span& s = span->second;
        for (const auto& word : LowerWords(std::string_view(articles[a].text).substr(s.begin, s.size())))
          w->second += " " + word;
        w->second += " ";
      }
      return w->second;
    };
    // A source whose words right at the quote (the 50 bytes either side,
    // its speaker's name aside) write another side's speaker's full name
    // credits that speaker: its own was misread further off.
    {
      std::vector<std::pair<size_t, size_t>> moves;  // (article, to speaker)
      for (size_t s = 0; s < g.speakers.size(); ++s) {
        auto name = LowerWords(g.speakers[s].first);
        if (name.size() < 2) continue;
        const std::string written = fmt::format(" {} ", fmt::join(name, " "));
        for (size_t o = 0; o < g.speakers.size(); ++o) {
          if (o == s) continue;
          auto own = LowerWords(g.speakers[o].first);
          for (size_t a : g.speakers[o].second) {
            const std::string attribution = fmt::format(" {} ", fmt::join(LowerWords(g.attributions[a]), " "));
            bool own_written = !own.empty() && attribution.find(fmt::format(" {} ", own.back())) != std::string::npos;
            if (!own_written && attribution.find(written) != std::string::npos) moves.push_back({a, s});
          }
        }
      }
      for (const auto& [a, to] : moves) {
        for (auto& sp : g.speakers) sp.second.erase(a);
        g.speakers[to].second.insert(a);
      }
      std::erase_if(g.speakers, [](const auto& sp) { return sp.second.empty(); });
    }
    // A source that names a side's speaker right around the quote too does
    // not contradict that side: it may credit the quote to one and name the
    // other nearby, and extraction picked differently.
    bool named_nearby = false;
    for (const auto& [speaker, arts] : g.speakers) {
      auto words = LowerWords(speaker);
      if (words.empty()) continue;
      std::string last = " " + words.back() + " ";
      for (const auto& [other, other_arts] : g.speakers)
        if (&other != &speaker)
          for (size_t a : other_arts) named_nearby |= window_of(a).find(last) != std::string::npos;
    }
    if (named_nearby) continue;
    if (g.speakers.size() < 2) continue;
    std::stable_sort(g.speakers.begin(), g.speakers.end(),
                     [](const auto& x, const auto& y) { return x.second.size() > y.second.size(); });
    Conflict c;
    c.about = "who said \u201c" + g.text.substr(0, std::min<size_t>(g.text.size(), 60)) +
              (g.text.size() > 60 ? "...\u201d" : "\u201d");
    for (const auto& [speaker, arts] : g.speakers) {
      ConflictSide side{speaker, speaker, {}};
      for (size_t a : arts) side.sources.push_back(articles[a].id);
      c.sides.push_back(std::move(side));
    }
    // Pieces of one passage ("...," said X. "...") credited the same way are
    // one disagreement, reported at its first piece.
    bool reported = std::any_of(out.begin() + static_cast<std::ptrdiff_t>(first_reported), out.end(), [&](const Conflict& o) {
      if (o.sides.size() != c.sides.size()) return false;
      for (size_t k = 0; k < c.sides.size(); ++k)
        if (o.sides[k].value != c.sides[k].value || o.sides[k].sources != c.sides[k].sources) return false;
      return true;
    });
    if (!reported) out.push_back(std::move(c));
  }
}

}  // namespace

std::vector<Conflict> FindConflicts(const std::vector<Article>& articles,
                                    const std::vector<facts::ArticleFacts>& facts, const StoryTokens* tokens) {
  std::vector<Conflict> out;
  if (articles.size() < 2 || facts.size() != articles.size()) return out;
  if (tokens && (tokens->spans.size() != articles.size() || tokens->tokens.size() != articles.size())) tokens = nullptr;
  std::vector<Sentences> sentences;
  for (size_t a = 0; a < articles.size(); ++a)
    sentences.push_back({tokens ? tokens->spans[a]
                                : text::SplitSentences(articles[a].text,
                                                       articles[a].language.empty() ? "en" : articles[a].language)});
  // Every sentence is read once, for the figures, dates and negations.
  Words words;
  std::vector<ArticleWords> article_words;
  std::vector<FigureMention> figures, dates;
  for (size_t a = 0; a < articles.size(); ++a) {
    article_words.push_back(ReadWords(articles[a].text, sentences[a], tokens ? &tokens->tokens[a] : nullptr, words));
    AddMentions(a, articles[a], facts[a], sentences[a], article_words.back(), words, figures, dates);
    article_words.back().tokens = {};
    article_words.back().owned = {};
  }
  DurationConflicts(articles, facts, sentences, out);
  // How many sources write each word: what the story itself is about.
  std::vector<uint32_t> articles_with_word(words.size(), 0);
  for (const auto& aw : article_words) {
    std::vector<uint32_t> seen;
    for (const auto& sentence : aw.context) seen.insert(seen.end(), sentence.begin(), sentence.end());
    std::sort(seen.begin(), seen.end());
    seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
    for (uint32_t w : seen) ++articles_with_word[w];
  }
  const size_t before_slots = out.size();
  SlotConflicts(articles, words, figures, articles_with_word, out);
  SlotConflicts(articles, words, dates, {}, out);
  // A slot the sources fill with four values or more is taken for a word the
  // figures of several things share ("percent", "states", "points" across a
  // campaign's polls; dates of several events), not one figure they disagree
  // on: all ten such slots of 1,174 DUC and PolNeAR articles were, and of 30
  // conflicts a reader judged on DUC 2004 none had more than three sides.
  // (Four sources giving four values of one figure, as a toll updated hour
  // by hour, go unreported; the timeline shows them.)
  out.erase(std::remove_if(out.begin() + static_cast<std::ptrdiff_t>(before_slots), out.end(),
                           [](const Conflict& c) { return c.sides.size() >= 4; }),
            out.end());
  SpeakerConflicts(articles, facts, out);
  NegationConflicts(articles, sentences, article_words, words, out);
  return out;
}

}  // namespace storyline::brief
