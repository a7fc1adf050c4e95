// Where a story's sources contradict each other: the same slot (a figure in
// the same statement, the length of the story's main event, the speaker of
// one quote) given incompatible values. See brief/conflicts.h.

#include "brief/conflicts.h"

#include "brief/story_facts.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>

namespace storyline::brief {
namespace {

// Content words of a sentence, stemmed, without numbers: what a statement is
// about once its figures are set aside.
std::set<std::string> ContextWords(std::string_view sentence, text::Stemmer& stemmer) {
  std::set<std::string> out;
  for (const auto& t : text::Tokenize(sentence)) {
    if (t.kind == text::Token::Kind::kNumber || t.lower.size() < 3 || text::IsStopWord(t.lower)) continue;
    out.insert(stemmer.Stem(t.lower));
  }
  return out;
}

double Jaccard(const std::set<std::string>& a, const std::set<std::string>& b) {
  if (a.empty() || b.empty()) return 0;
  size_t inter = 0;
  for (const auto& w : a) inter += b.count(w);
  return static_cast<double>(inter) / static_cast<double>(a.size() + b.size() - inter);
}

struct Sentences {
  std::vector<text::Span> spans;
  // Index of the sentence holding byte `offset`.
  size_t Of(size_t offset) const {
    auto it = std::upper_bound(spans.begin(), spans.end(), offset,
                               [](size_t o, const text::Span& s) { return o < s.begin; });
    return it == spans.begin() ? 0 : static_cast<size_t>(it - spans.begin() - 1);
  }
};

// One figure as a source states it: the words of its statement, and the
// words right around it (what the figure counts: "killed", "recalls").
struct FigureMention {
  size_t article;
  const facts::Quantity* quantity;
  std::set<std::string> context;
  std::set<std::string> near;
};

// Words that sit next to figures in every story and say nothing of the slot.
bool Attributive(const std::string& stem) {
  static const std::set<std::string> kWords = {"said", "say", "offici", "accord", "report", "told", "least",
                                               "more", "than", "about", "around", "nearli", "almost", "some"};
  return kWords.count(stem) > 0;
}

// Content words within `window` tokens of `span` inside `sentence` (offsets
// into the article text), stemmed.
std::set<std::string> NearWords(std::string_view body, text::Span sentence, text::Span span, size_t window,
                                text::Stemmer& stemmer) {
  std::set<std::string> out;
  std::string_view text = body.substr(sentence.begin, sentence.size());
  auto tokens = text::Tokenize(text);
  size_t first = tokens.size(), last = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    size_t b = sentence.begin + tokens[i].span.begin, e = sentence.begin + tokens[i].span.end;
    if (e > span.begin && b < span.end) {
      first = std::min(first, i);
      last = std::max(last, i);
    }
  }
  if (first == tokens.size()) return out;
  size_t lo = first > window ? first - window : 0, hi = std::min(tokens.size(), last + window + 1);
  for (size_t i = lo; i < hi; ++i) {
    if (i >= first && i <= last) continue;
    const auto& t = tokens[i];
    if (t.kind == text::Token::Kind::kNumber || t.lower.size() < 3 || text::IsStopWord(t.lower)) continue;
    std::string stem = stemmer.Stem(t.lower);
    if (!Attributive(stem)) out.insert(stem);
  }
  return out;
}

bool SameValue(double a, double b) { return std::fabs(a - b) <= 1e-9 + 0.005 * std::max(std::fabs(a), std::fabs(b)); }

std::string FormatValue(const facts::Quantity& q) {
  std::string v = fmt::format("{}", q.value);
  return q.unit.empty() ? v : v + " " + q.unit;
}

// Units that count the statement's own furniture ("two sides", "12-point
// plan") rather than a reported figure are still compared: they only
// conflict when the statements match, which is what a contradiction is.
constexpr double kSameStatement = 0.3;

void FigureConflicts(const std::vector<Article>& articles, const std::vector<facts::ArticleFacts>& facts,
                     const std::vector<Sentences>& sentences, text::Stemmer& stemmer,
                     std::vector<Conflict>& out) {
  std::vector<FigureMention> mentions;
  for (size_t a = 0; a < articles.size(); ++a) {
    std::string_view body = articles[a].text;
    for (const facts::Quantity& q : facts[a].numbers) {
      const text::Span s = sentences[a].spans.empty() ? text::Span{0, body.size()}
                                                      : sentences[a].spans[sentences[a].Of(q.span.begin)];
      mentions.push_back({a, &q, ContextWords(body.substr(s.begin, s.size()), stemmer),
                          NearWords(body, s, q.span, 3, stemmer)});
    }
  }
  // Mentions of one slot: same unit, statements alike. Union-find.
  std::vector<size_t> parent(mentions.size());
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (size_t i = 0; i < mentions.size(); ++i)
    for (size_t j = i + 1; j < mentions.size(); ++j) {
      const auto& x = mentions[i];
      const auto& y = mentions[j];
      if (x.article == y.article) continue;
      // A bare number ("killing 14") may fill the slot of a counted one
      // ("killing 12 people"), but needs a closer match of the statements.
      bool bare = x.quantity->unit.empty() || y.quantity->unit.empty();
      if (!bare && x.quantity->unit != y.quantity->unit) continue;
      double need = bare ? 0.45 : kSameStatement;
      double similarity = Jaccard(x.context, y.context);
      // Or: the words right around the figures agree ("recalls 410,000 air
      // fryers" / "recall of 380,000 fryers") in statements about one thing.
      bool near_agree = std::any_of(x.near.begin(), x.near.end(), [&](const std::string& w) { return y.near.count(w); });
      if (similarity >= need || (near_agree && similarity >= 0.15)) parent[find(i)] = find(j);
    }
  std::map<size_t, std::vector<size_t>> slots;
  for (size_t i = 0; i < mentions.size(); ++i) slots[find(i)].push_back(i);
  for (const auto& [root, members] : slots) {
    // Values and who states them; an article stating both values is no
    // contradiction between sources.
    std::vector<std::pair<const facts::Quantity*, std::set<size_t>>> values;
    for (size_t m : members) {
      const auto& mention = mentions[m];
      auto it = std::find_if(values.begin(), values.end(), [&](const auto& v) {
        return SameValue(v.first->value, mention.quantity->value);
      });
      if (it == values.end()) values.push_back({mention.quantity, {mention.article}});
      else it->second.insert(mention.article);
    }
    if (values.size() < 2) continue;
    std::set<size_t> all;
    bool overlap = false;
    for (const auto& v : values)
      for (size_t a : v.second) overlap |= !all.insert(a).second;
    if (overlap) continue;
    // About: the words every side's statements share.
    std::set<std::string> shared = mentions[members[0]].context;
    for (size_t m : members) {
      std::set<std::string> keep;
      for (const auto& w : shared)
        if (mentions[m].context.count(w)) keep.insert(w);
      shared = std::move(keep);
    }
    Conflict c;
    std::string unit;
    for (const auto& v : values)
      if (!v.first->unit.empty()) unit = v.first->unit;
    c.about = unit.empty() ? "a figure" : unit;
    if (!shared.empty()) {
      std::vector<std::string> words(shared.begin(), shared.end());
      if (words.size() > 4) words.resize(4);
      c.about += fmt::format(" ({})", fmt::join(words, ", "));
    }
    std::stable_sort(values.begin(), values.end(),
                     [](const auto& x, const auto& y) { return x.second.size() > y.second.size(); });
    for (const auto& [q, arts] : values) {
      ConflictSide side{q->text, FormatValue(*q), {}};
      for (size_t a : arts) side.sources.push_back(articles[a].id);
      c.sides.push_back(std::move(side));
    }
    out.push_back(std::move(c));
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
  for (size_t a = 0; a < articles.size(); ++a) {
    if (main->second.count(a)) continue;
    for (const auto& d : facts[a].dates) {
      if (d.type != "DURATION" || d.value.size() < 3 || d.value[0] != 'P' || d.value.back() != 'D') continue;
      int64_t days = std::atoll(d.value.c_str() + 1);
      if (days <= 0 || days == range_days) continue;
      // Anchored: the same sentence names the range's first day.
      size_t sentence = sentences[a].Of(d.span.begin);
      bool anchored = false;
      for (const auto& other : facts[a].dates)
        if (sentences[a].Of(other.span.begin) == sentence && other.type == "DATE" &&
            DayNumber(other.start.empty() ? other.value : other.start) == first)
          anchored = true;
      if (!anchored) continue;
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
    ConflictSide duration{what.first, fmt::format("P{}D ({} days)", days, days), {}};
    for (size_t a : what.second) duration.sources.push_back(articles[a].id);
    c.sides = {std::move(range), std::move(duration)};
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
  };
  std::vector<Group> groups;
  for (size_t a = 0; a < articles.size(); ++a)
    for (const auto& q : facts[a].quotes) {
      if (q.kind == facts::Quote::Kind::kIndirect || q.speaker.empty()) continue;
      auto words = LowerWords(q.text);
      if (words.size() < 5) continue;
      auto it = std::find_if(groups.begin(), groups.end(),
                             [&](const Group& g) { return Containment(g.words, words) >= 0.8; });
      if (it == groups.end()) {
        groups.push_back({words, q.text, {}});
        it = groups.end() - 1;
      }
      auto sp = std::find_if(it->speakers.begin(), it->speakers.end(),
                             [&](const auto& s) { return NamesAgree(s.first, q.speaker); });
      if (sp == it->speakers.end()) it->speakers.push_back({q.speaker, {a}});
      else sp->second.insert(a);
    }
  for (auto& g : groups) {
    if (g.speakers.size() < 2) continue;
    std::set<size_t> all;
    bool overlap = false;
    for (const auto& s : g.speakers)
      for (size_t a : s.second) overlap |= !all.insert(a).second;
    if (overlap) continue;
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
    out.push_back(std::move(c));
  }
}

}  // namespace

std::vector<Conflict> FindConflicts(const std::vector<Article>& articles,
                                    const std::vector<facts::ArticleFacts>& facts) {
  std::vector<Conflict> out;
  if (articles.size() < 2 || facts.size() != articles.size()) return out;
  std::vector<Sentences> sentences;
  for (const Article& a : articles) sentences.push_back({text::SplitSentences(a.text, a.language.empty() ? "en" : a.language)});
  text::Stemmer stemmer("en");
  DurationConflicts(articles, facts, sentences, out);
  FigureConflicts(articles, facts, sentences, stemmer, out);
  SpeakerConflicts(articles, facts, out);
  return out;
}

}  // namespace storyline::brief
