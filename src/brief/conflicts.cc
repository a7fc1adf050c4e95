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
#include <unordered_map>

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

// One value as a source states it (a figure, a date): the words of its
// statement, and the words right around it (what the figure counts:
// "killed", "recalls").
struct FigureMention {
  size_t article;
  std::string text;   // as written
  double value = 0;   // figures
  std::string key;    // dates: the resolved value; figures: ""
  std::string unit;   // figures: the unit; dates: "date"
  std::set<std::string> context;
  std::set<std::string> near;
  // The same words as sorted ids, for fast comparison (filled by SlotConflicts).
  std::vector<uint32_t> context_ids, near_ids;
};

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

// Units that count the statement's own furniture ("two sides", "12-point
// plan") rather than a reported figure are still compared: they only
// conflict when the statements match, which is what a contradiction is.
constexpr double kSameStatement = 0.3;

bool SameMentionValue(const FigureMention& x, const FigureMention& y) {
  return x.key.empty() && y.key.empty() ? SameValue(x.value, y.value) : x.key == y.key;
}

std::string MentionValue(const FigureMention& m) {
  if (!m.key.empty()) return m.key;
  std::string v = fmt::format("{}", m.value);
  return m.unit.empty() ? v : v + " " + m.unit;
}

bool NearAgree(const FigureMention& x, const FigureMention& y) {
  return Jaccard(x.near_ids, y.near_ids) > 0;
}

// Two mentions of different sources fill one slot: same unit (or a bare
// number, "killing 14", against a counted one, "killing 12 people", in a
// closer match), statements alike once the values are set aside, or the
// words right around the values agree ("recalls 410,000 air fryers" /
// "recall of 380,000 fryers") in statements about one thing.
bool Linked(const FigureMention& x, const FigureMention& y) {
  if (x.article == y.article) return false;
  bool bare = x.unit.empty() || y.unit.empty();
  if (!bare && x.unit != y.unit) return false;
  if ((x.unit == "date") != (y.unit == "date")) return false;
  double need = bare ? 0.45 : kSameStatement;
  double similarity = Jaccard(x.context_ids, y.context_ids);
  return similarity >= need || (NearAgree(x, y) && similarity >= 0.15);
}

// One slot's mentions into a conflict, if its sources give incompatible
// values and no source gives two of them. Only values some mention of
// another value links to directly are sides: a slot is a chain of links, and
// its two ends may be about different things.
bool SlotConflict(const std::vector<Article>& articles, const std::vector<FigureMention>& mentions,
                  const std::vector<size_t>& members, std::vector<Conflict>& out) {
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
          if (Linked(mentions[x], mentions[y])) linked[v] = linked[w] = 1;
  {
    std::vector<std::pair<const FigureMention*, std::set<size_t>>> kept;
    std::vector<std::vector<size_t>> kept_members;
    for (size_t v = 0; v < values.size(); ++v)
      if (linked[v]) {
        kept.push_back(values[v]);
        kept_members.push_back(value_members[v]);
      }
    values = std::move(kept);
    value_members = std::move(kept_members);
  }
  if (values.size() < 2) return true;
  std::set<size_t> all;
  bool overlap = false;
  for (const auto& v : values)
    for (size_t a : v.second) overlap |= !all.insert(a).second;
  if (overlap) return false;
  // About: the words every side's statements share.
  std::set<std::string> shared = values[0].first->context;
  for (const auto& vm : value_members)
    for (size_t m : vm) {
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
void SlotConflicts(const std::vector<Article>& articles, std::vector<FigureMention>& mentions,
                   std::vector<Conflict>& out) {
  std::unordered_map<std::string, uint32_t> ids;
  auto to_ids = [&](const std::set<std::string>& words) {
    std::vector<uint32_t> v;
    for (const auto& w : words) v.push_back(ids.emplace(w, static_cast<uint32_t>(ids.size())).first->second);
    std::sort(v.begin(), v.end());
    return v;
  };
  for (auto& m : mentions) {
    m.context_ids = to_ids(m.context);
    m.near_ids = to_ids(m.near);
  }
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
  std::vector<size_t> seen(mentions.size(), SIZE_MAX);
  for (size_t i = 0; i < mentions.size(); ++i)
    for (uint32_t w : mentions[i].context_ids) {
      if (postings[w].size() > common) continue;
      for (size_t j : postings[w]) {
        if (j <= i || seen[j] == i) continue;
        seen[j] = i;
        if (Linked(mentions[i], mentions[j])) parent[find(i)] = find(j);
      }
    }
  std::map<size_t, std::vector<size_t>> slots;
  for (size_t i = 0; i < mentions.size(); ++i) slots[find(i)].push_back(i);
  for (const auto& [root, members] : slots) {
    if (SlotConflict(articles, mentions, members, out)) continue;
    // Split: mentions whose near words agree, never two of one source.
    std::vector<std::vector<size_t>> parts;
    for (size_t m : members) {
      auto it = std::find_if(parts.begin(), parts.end(), [&](const std::vector<size_t>& part) {
        return std::none_of(part.begin(), part.end(), [&](size_t k) { return mentions[k].article == mentions[m].article; }) &&
               std::all_of(part.begin(), part.end(), [&](size_t k) { return NearAgree(mentions[k], mentions[m]); });
      });
      if (it == parts.end()) parts.push_back({m});
      else it->push_back(m);
    }
    for (const auto& part : parts) SlotConflict(articles, mentions, part, out);
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

void FigureConflicts(const std::vector<Article>& articles, const std::vector<facts::ArticleFacts>& facts,
                     const std::vector<Sentences>& sentences, text::Stemmer& stemmer,
                     std::vector<Conflict>& out) {
  std::vector<FigureMention> figures, dates;
  for (size_t a = 0; a < articles.size(); ++a) {
    std::string_view body = articles[a].text;
    auto sentence_of = [&](size_t offset) {
      return sentences[a].spans.empty() ? text::Span{0, body.size()} : sentences[a].spans[sentences[a].Of(offset)];
    };
    // Statement words, once per sentence.
    std::map<size_t, std::set<std::string>> context_of;
    auto context = [&](text::Span s) -> const std::set<std::string>& {
      auto it = context_of.find(s.begin);
      if (it == context_of.end()) it = context_of.emplace(s.begin, ContextWords(body.substr(s.begin, s.size()), stemmer)).first;
      return it->second;
    };
    for (const facts::Quantity& q : facts[a].numbers) {
      const text::Span s = sentence_of(q.span.begin);
      figures.push_back({a, q.text, q.value, "", q.unit, context(s), NearWords(body, s, q.span, 3, stemmer)});
    }
    // Dates resolved to a day ("on Friday" = 1998-10-30), in the same
    // statement: "met on Friday" vs "met on Tuesday".
    for (const facts::TimeExpression& d : facts[a].dates) {
      if (d.type != "DATE" || d.value.size() != 10 || d.value.find('X') != std::string::npos) continue;
      const text::Span s = sentence_of(d.span.begin);
      std::set<std::string> words;
      for (const auto& w : context(s))
        if (!DateWord(w)) words.insert(w);
      std::set<std::string> near;
      for (const auto& w : NearWords(body, s, d.span, 3, stemmer))
        if (!DateWord(w)) near.insert(w);
      dates.push_back({a, d.text, 0, d.value, "date", std::move(words), std::move(near)});
    }
  }
  SlotConflicts(articles, figures, out);
  SlotConflicts(articles, dates, out);
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
  std::vector<size_t> unique;
  WordIndex index;
  for (size_t a = 0; a < articles.size(); ++a)
    for (const auto& q : facts[a].quotes) {
      if (q.kind == facts::Quote::Kind::kIndirect || q.speaker.empty()) continue;
      // Only a speaker the source names at the quote counts: one resolved
      // from "he" or from an earlier paragraph depends on what the source
      // kept around the quote, not on what it says.
      if (q.speaker_span.size() == 0 || q.speaker_span.end > articles[a].text.size()) continue;
      {
        auto named = LowerWords(std::string_view(articles[a].text).substr(q.speaker_span.begin, q.speaker_span.size()));
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
        groups.push_back({words, q.text, {}});
        unique.push_back(std::set<std::string>(words.begin(), words.end()).size());
        index.Add(groups.size() - 1, words);
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
