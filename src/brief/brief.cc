// BuildBrief: an extractive summary in which every sentence cites every source
// that states it. See storyline/brief.h.
//
// Statements are compared as weighted sets of content terms (stems of words
// that are not stop words, and numbers). A term's weight is its inverse
// sentence frequency within the story, so what every sentence repeats ("Xi",
// "Russia") counts little and the specific content ("no limits", "190bn")
// counts much. Sentence T of another article states sentence S when T covers
// most of S's weight (coverage, not symmetric similarity: a source that says
// the same thing inside a longer sentence states it too), and the numbers S
// gives are not contradicted by T.

#include "storyline/brief.h"

#include <fmt/format.h>
#include <xxhash.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cmath>
#include <map>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

#include "brief/conflicts.h"
#include "brief/story_facts.h"
#include "brief/string_map.h"
#include "storyline/text.h"

namespace storyline::brief {
namespace {

// Summary selection (see BuildBrief): round values, checked on the DUC 2004
// development half (bench/brief) and never set per cluster.
constexpr double kTermShare = 1.0;       // a content word weighs as a word pair
constexpr double kLengthExponent = 1.0;  // gain per word
constexpr double kLeadPrior = 1.0;       // an article's first sentence counts double
constexpr double kSourcePrior = 1.0;     // stated by every source: counts double

using TermId = uint32_t;

struct Term {
  TermId id;
  bool number;
};

struct Sentence {
  size_t article;       // index into the story's articles
  size_t position;      // index among the article's sentences
  text::Span span;      // in the article text
  std::string_view text;
  std::vector<Term> terms;  // unique, sorted by id
  std::vector<uint32_t> bigrams;  // concept ids of adjacent word pairs, unique
  std::vector<TermId> quoted;     // terms inside quotation marks, unique, sorted
  size_t words = 0;
  bool candidate = false;   // fit to stand in a summary
  double total_weight = 0;  // the weight of its terms (Analyzer::TotalWeight)
  std::vector<text::Token> tokens;  // text::Tokenize(text), empty when `same_text` has them
  size_t same_text = SIZE_MAX;      // an earlier sentence with the same text and language
};

// `needle` in `hay` as whole words (no letter or digit right before or
// after it).
bool ContainsPhrase(std::string_view hay, std::string_view needle) {
  if (needle.empty()) return false;
  auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  for (size_t k = hay.find(needle); k != std::string_view::npos; k = hay.find(needle, k + 1)) {
    bool left = k == 0 || !word(hay[k - 1]) || !word(needle.front());
    size_t e = k + needle.size();
    bool right = e == hay.size() || !word(hay[e]) || !word(needle.back());
    if (left && right) return true;
  }
  return false;
}

// consensus: stated by at least half of the story's sources (two or more);
// partial: by two or more, fewer than half; single: by one; contested: it
// carries a value one of the story's conflicts sets against another, in a
// source on that side.
// The conflict sides each source takes.
using SidesBySource = std::unordered_map<std::string, std::vector<const ConflictSide*>>;
SidesBySource IndexSides(const std::vector<Conflict>& conflicts) {
  SidesBySource out;
  for (const Conflict& c : conflicts)
    for (const ConflictSide& side : c.sides)
      for (const std::string& id : side.sources) out[id].push_back(&side);
  return out;
}

bool Contested(std::string_view sentence, const std::vector<std::string>& sources, const SidesBySource& sides) {
  for (const std::string& id : sources) {
    auto it = sides.find(id);
    if (it == sides.end()) continue;
    for (const ConflictSide* side : it->second)
      if (ContainsPhrase(sentence, side->text) || (side->text.size() > 40 && ContainsPhrase(side->text, sentence)))
        return true;
  }
  return false;
}

std::string ClaimStatus(const StoryClaim& claim, std::string_view sentence, const SidesBySource& sides,
                        size_t n_articles) {
  if (Contested(sentence, claim.sources, sides)) return "contested";
  size_t k = claim.sources.size();
  if (k <= 1) return "single";
  return 2 * k >= n_articles ? "consensus" : "partial";
}

// Sentences that cannot stand alone in a summary: they lean on a previous
// sentence ("But", "It", "This") or on what follows (":" endings), ask, or are
// headings and fragments.
size_t CountOf(std::string_view s, std::string_view what) {
  size_t n = 0;
  for (size_t k = s.find(what); k != std::string_view::npos; k = s.find(what, k + what.size())) ++n;
  return n;
}

bool FitForSummary(std::string_view s, size_t words) {
  if (words < 8 || words > 60) return false;
  char last = s.back();
  // Closing quotes may follow the terminator.
  size_t i = s.size();
  while (i > 0 && (s[i - 1] == '"' || s[i - 1] == '\'' || static_cast<unsigned char>(s[i - 1]) >= 0x80)) --i;
  if (i > 0) last = s[i - 1];
  if (last != '.' && last != '!') return false;
  static const char* kLeaning[] = {"But ", "And ", "Or ", "It ", "This ", "That ", "These ", "Those ",
                                   "He ", "She ", "They ", "We ", "I ", "Its ", "His ", "Her ",
                                   "Their ", "So ", "Also ", "However,", "Meanwhile,", "Still,"};
  for (const char* p : kLeaning)
    if (s.starts_with(p)) return false;
  // An unbalanced quotation is a fragment of a longer quote.
  size_t straight = std::count(s.begin(), s.end(), '"');
  size_t open = 0, close = 0;
  for (size_t k = 0; k + 2 < s.size(); ++k) {
    if (static_cast<unsigned char>(s[k]) != 0xE2) continue;  // the first byte of both
    if (s.compare(k, 3, "\u201c") == 0) ++open;
    if (s.compare(k, 3, "\u201d") == 0) ++close;
  }
  if (straight % 2 != 0 || open != close) return false;
  // A bare quotation names no speaker: it cannot stand alone.
  // Newswire text also quotes ``like this''.
  if (CountOf(s, "``") != CountOf(s, "''")) return false;
  bool opens_quoted = s.starts_with("\"") || s.starts_with("\u201c") || s.starts_with("``");
  bool closes_quoted = s.ends_with("\"") || s.ends_with("\u201d") || s.ends_with(".\"") ||
                       s.ends_with(".\u201d") || s.ends_with("''");
  if (opens_quoted && closes_quoted) return false;
  return true;
}

// Spans of `s` inside quotation marks: "...", \u201c...\u201d, ``...''.
std::vector<text::Span> QuotedSpans(std::string_view s) {
  std::vector<text::Span> out;
  size_t open = std::string_view::npos;
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c != '"' && c != 0xE2 && c != '`' && c != '\'') {  // no quotation mark starts here
      ++i;
      continue;
    }
    size_t len = 1;
    int kind = 0;  // 1 open, 2 close, 3 either
    if (s[i] == '"') kind = 3;
    else if (s.compare(i, 3, "\u201c") == 0) { kind = 1; len = 3; }
    else if (s.compare(i, 3, "\u201d") == 0) { kind = 2; len = 3; }
    else if (s.compare(i, 2, "``") == 0) { kind = 1; len = 2; }
    else if (s.compare(i, 2, "''") == 0) { kind = 2; len = 2; }
    if (kind == 1 || (kind == 3 && open == std::string_view::npos)) {
      open = i + len;
    } else if ((kind == 2 || kind == 3) && open != std::string_view::npos) {
      out.push_back({open, i});
      open = std::string_view::npos;
    }
    i += len;
  }
  return out;
}

// Numbers compare by their digits: "1,200" = "1200".
std::string NumberKey(std::string_view lower) {
  std::string key;
  for (char c : lower)
    if (c != ',') key += c;
  return key;
}

// Word pair -> id, by open addressing: a story has hundreds of thousands of
// word pairs, and a node per pair (std::unordered_map) costs an allocation
// and a cache miss each.
class PairIds {
 public:
  // The id of `key`, numbered in order of first insertion.
  uint32_t Insert(uint64_t key) {
    if (2 * (size_ + 1) > keys_.size()) Grow();
    for (size_t i = Slot(key);; i = (i + 1) & mask_) {
      if (ids_[i] == kEmpty) {
        keys_[i] = key;
        ids_[i] = static_cast<uint32_t>(size_++);
        return ids_[i];
      }
      if (keys_[i] == key) return ids_[i];
    }
  }
  size_t size() const { return size_; }

 private:
  static constexpr uint32_t kEmpty = UINT32_MAX;
  size_t Slot(uint64_t key) const { return static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> 20) & mask_; }
  void Grow() {
    std::vector<uint64_t> keys = std::move(keys_);
    std::vector<uint32_t> ids = std::move(ids_);
    size_t cap = std::max<size_t>(1024, 2 * keys.size());
    keys_.assign(cap, 0);
    ids_.assign(cap, kEmpty);
    mask_ = cap - 1;
    for (size_t k = 0; k < keys.size(); ++k) {
      if (ids[k] == kEmpty) continue;
      size_t i = Slot(keys[k]);
      while (ids_[i] != kEmpty) i = (i + 1) & mask_;
      keys_[i] = keys[k];
      ids_[i] = ids[k];
    }
  }
  std::vector<uint64_t> keys_;
  std::vector<uint32_t> ids_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

class Analyzer {
 public:
  explicit Analyzer(const std::vector<Article>& articles) : articles_(articles) {}

  // AddArticle (below) reads the articles in order, each once; Finish then
  // weighs the terms.
  void Finish() {
    ComputeWeights();
    for (size_t i = 0; i < sentences_.size(); ++i)
      if (sentences_[i].same_text != SIZE_MAX) copies_[sentences_[i].same_text].push_back(i);
  }

  const std::vector<Sentence>& sentences() const { return sentences_; }
  // The sentences and tokens read, for FindConflicts.
  StoryTokens Tokens() const {
    StoryTokens out;
    out.spans.resize(articles_.size());
    out.tokens.resize(articles_.size());
    for (const Sentence& s : sentences_) {
      out.spans[s.article].push_back(s.span);
      out.tokens[s.article].push_back(s.same_text == SIZE_MAX ? &s.tokens : &sentences_[s.same_text].tokens);
    }
    return out;
  }
  size_t TermArticles(TermId id) const { return term_articles_[id]; }
  size_t BigramArticles(uint32_t id) const { return bigram_articles_[id]; }
  size_t term_count() const { return term_count_; }
  size_t bigram_count() const { return bigram_ids_.size(); }
  double Weight(const Term& t) const { return weights_[t.id] * (t.number ? 2.0 : 1.0); }

  double TotalWeight(const Sentence& s) const { return s.total_weight; }

  // Weight of S's terms that T also has, and whether T gives a number S lacks
  // while S gives one T lacks (a likely disagreement about a figure).
  double SharedWeight(const Sentence& s, const Sentence& t, bool* numbers_clash) const {
    double w = 0;
    bool s_only_number = false, t_only_number = false;
    size_t i = 0, j = 0;
    while (i < s.terms.size() || j < t.terms.size()) {
      if (j == t.terms.size() || (i < s.terms.size() && s.terms[i].id < t.terms[j].id)) {
        s_only_number |= s.terms[i].number;
        ++i;
      } else if (i == s.terms.size() || t.terms[j].id < s.terms[i].id) {
        t_only_number |= t.terms[j].number;
        ++j;
      } else {
        w += Weight(s.terms[i]);
        ++i;
        ++j;
      }
    }
    if (numbers_clash) *numbers_clash = s_only_number && t_only_number;
    return w;
  }

  // How much of S's content T states (0..1). A quotation in S must be in T
  // too: a source that names the speaker without the quote does not state
  // what the speaker said.
  double Coverage(const Sentence& s, const Sentence& t) const {
    double total = TotalWeight(s);
    if (total <= 0) return 0;
    bool clash = false;
    double shared = SharedWeight(s, t, &clash);
    double c = shared / total;
    if (!s.quoted.empty()) {
      double quoted = 0, quoted_shared = 0;
      for (TermId id : s.quoted) {
        double w = weights_[id];
        quoted += w;
        if (std::binary_search(t.terms.begin(), t.terms.end(), Term{id, false},
                               [](const Term& x, const Term& y) { return x.id < y.id; }))
          quoted_shared += w;
      }
      if (quoted > 0) c = std::min(c, quoted_shared / quoted);
    }
    return clash ? c * 0.5 : c;
  }

  // Symmetric similarity (weighted Jaccard), for redundancy.
  double Similarity(const Sentence& s, const Sentence& t) const {
    double shared = SharedWeight(s, t, nullptr);
    double uni = TotalWeight(s) + TotalWeight(t) - shared;
    return uni > 0 ? shared / uni : 0;
  }

  // Candidate sentences of other articles sharing rare terms with `s`, found
  // through the inverted index rather than by scanning every sentence; with
  // `own_article`, of its own article too (whether another sentence is a
  // candidate does not depend on which article is left out).
  std::vector<size_t> Neighbours(size_t s_index, bool own_article = false) const {
    const Sentence& s = sentences_[s_index];
    if (acc_.size() != sentences_.size()) acc_.assign(sentences_.size(), 0.0);
    std::vector<size_t> touched;
    double total = TotalWeight(s);
    for (const Term& t : s.terms) {
      const auto& postings = postings_[t.id];
      if (postings.size() > common_limit_) continue;  // too common to discriminate
      double w = Weight(t);
      for (size_t other : postings)
        if (own_article || article_of_[other] != s.article) {
          if (acc_[other] == 0.0) touched.push_back(other);
          acc_[other] += w;
        }
    }
    // Word-for-word copies are candidates whatever the cap: a wire sentence
    // carried by hundreds of articles has every term in too many sentences
    // to propose any.
    if (total > 0) {
      const size_t first = s.same_text == SIZE_MAX ? s_index : s.same_text;
      auto copy = [&](size_t other) {
        if (other == s_index || (!own_article && article_of_[other] == s.article)) return;
        if (acc_[other] == 0.0) touched.push_back(other);
        acc_[other] = std::max(acc_[other], total);
      };
      copy(first);
      if (auto it = copies_.find(first); it != copies_.end())
        for (size_t other : it->second) copy(other);
    }
    std::vector<size_t> out;
    for (size_t other : touched) {
      if (acc_[other] >= 0.25 * total) out.push_back(other);
      acc_[other] = 0.0;
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  void AddArticle(size_t a) {
    const Article& article = articles_[a];
    std::string lang = article.language.empty() ? "en" : article.language;
    Lexicon& lexicon = LexiconFor(lang);
    std::string_view body = article.text;
    size_t position = 0;
    for (text::Span span : text::SplitSentences(body, lang)) {
      Sentence s;
      s.article = a;
      s.position = position++;
      // The article's opening dateline ("BEIJING: ") is where it was filed,
      // not part of what its first sentence states.
      if (s.position == 0) span.begin += text::DatelineLength(body.substr(span.begin, span.size()));
      s.span = span;
      s.text = body.substr(span.begin, span.size());
      // A sentence the story repeats (wire copy) reads as it did the first
      // time: the same terms, word pairs and quotations.
      auto [first, fresh] = lexicon.sentences.emplace(s.text, sentences_.size());
      if (!fresh) {
        const Sentence& same = sentences_[first->second];
        s.terms = same.terms;
        s.bigrams = same.bigrams;
        s.quoted = same.quoted;
        s.words = same.words;
        s.candidate = same.candidate;
        s.same_text = first->second;
        sentences_.push_back(std::move(s));
        continue;
      }
      uint32_t prev = kNoKey;  // the previous token's key; none at the start
      bool prev_stop = true;
      std::vector<text::Span> quotes = QuotedSpans(s.text);
      s.tokens = text::Tokenize(s.text);
      for (const text::Token& tok : s.tokens) {
        ++s.words;
        const bool number = tok.kind == text::Token::Kind::kNumber;
        const Word word = lexicon.Lookup(tok.lower, number, *this);
        const bool stop = word.stop;
        // Concepts for coverage (Gillick & Favre): adjacent pairs of words,
        // unless both are stop words.
        if (prev != kNoKey && !(stop && prev_stop)) {
          uint64_t pair = (static_cast<uint64_t>(prev) << 32) | word.key;
          s.bigrams.push_back(bigram_ids_.Insert(pair));
        }
        prev = word.empty_key ? kNoKey : word.key;
        prev_stop = stop;
        if (stop) continue;
        TermId& id = key_terms_[word.key];
        if (id == kNoTerm) id = static_cast<TermId>(term_count_++);
        s.terms.push_back({id, number});
        for (const text::Span& q : quotes)
          if (tok.span.begin >= q.begin && tok.span.end <= q.end) s.quoted.push_back(id);
      }
      std::sort(s.quoted.begin(), s.quoted.end());
      s.quoted.erase(std::unique(s.quoted.begin(), s.quoted.end()), s.quoted.end());
      // A quoted word or two ("no limits") is a term, not a quotation.
      size_t quoted_words = 0;
      for (const text::Span& q : quotes) quoted_words += text::CountWords(s.text.substr(q.begin, q.size()));
      if (quoted_words < 3) s.quoted.clear();
      std::sort(s.bigrams.begin(), s.bigrams.end());
      s.bigrams.erase(std::unique(s.bigrams.begin(), s.bigrams.end()), s.bigrams.end());
      std::sort(s.terms.begin(), s.terms.end(), [](const Term& x, const Term& y) { return x.id < y.id; });
      s.terms.erase(std::unique(s.terms.begin(), s.terms.end(),
                                [](const Term& x, const Term& y) { return x.id == y.id; }),
                    s.terms.end());
      s.candidate = FitForSummary(s.text, s.words);
      sentences_.push_back(std::move(s));
    }
  }

 private:
  void ComputeWeights() {
    postings_.assign(term_count_, {});
    article_of_.clear();
    for (const Sentence& s : sentences_) article_of_.push_back(s.article);
    for (size_t i = 0; i < sentences_.size(); ++i)
      for (const Term& t : sentences_[i].terms) postings_[t.id].push_back(i);
    weights_.resize(term_count_);
    double n = static_cast<double>(sentences_.size());
    for (size_t id = 0; id < postings_.size(); ++id)
      weights_[id] = std::log(1.0 + n / static_cast<double>(postings_[id].size()));
    for (Sentence& s : sentences_) {
      double w = 0;
      for (const Term& t : s.terms) w += Weight(t);
      s.total_weight = w;
    }
    // Terms in more sentences than this do not propose candidates (capped so
    // that a story of hundreds of articles stays fast).
    common_limit_ = std::min<size_t>(std::max<size_t>(50, sentences_.size() / 8), 400);
    // How many articles carry each term and each word pair.
    term_articles_.assign(term_count_, 0);
    bigram_articles_.assign(bigram_ids_.size(), 0);
    std::vector<size_t> term_last(term_count_, SIZE_MAX), bigram_last(bigram_ids_.size(), SIZE_MAX);
    for (const Sentence& s : sentences_) {
      for (const Term& t : s.terms)
        if (term_last[t.id] != s.article) {
          term_last[t.id] = s.article;
          ++term_articles_[t.id];
        }
      for (uint32_t b : s.bigrams)
        if (bigram_last[b] != s.article) {
          bigram_last[b] = s.article;
          ++bigram_articles_[b];
        }
    }
  }

  // A token's key (its stem, the word itself for a stop word, "#digits"
  // for a number) as an id shared by all languages: two tokens with the
  // same key are one term and form the same word pairs. Keys are looked up
  // once per distinct token, not stemmed again at every occurrence.
  static constexpr uint32_t kNoKey = UINT32_MAX;
  static constexpr TermId kNoTerm = UINT32_MAX;
  struct Word {
    uint32_t key;
    bool stop;
    bool empty_key;  // an empty key starts no word pair
  };
  uint32_t KeyId(const std::string& key) {
    auto [it, inserted] = key_ids_.emplace(key, static_cast<uint32_t>(key_ids_.size()));
    if (inserted) key_terms_.push_back(kNoTerm);
    return it->second;
  }
  // Tokens of one language: lower-case form -> key.
  class Lexicon {
   public:
    explicit Lexicon(const std::string& lang) : lang_(lang), stemmer_(lang) {}
    Word Lookup(const std::string& lower, bool number, Analyzer& analyzer) {
      auto& cache = number ? numbers_ : words_;
      if (const Word* w = cache.Find(lower)) return *w;
      std::string key;
      bool stop = false;
      if (number) {
        key = "#" + NumberKey(lower);
      } else {
        stop = text::IsStopWord(lower, lang_) || lower.size() < 2;
        key = stop ? lower : stemmer_.Stem(lower);
      }
      Word w{analyzer.KeyId(key), stop, key.empty()};
      cache.Insert(lower, w);
      return w;
    }

    // Sentence text -> the first sentence with that text.
    std::unordered_map<std::string_view, size_t> sentences;

   private:
    std::string lang_;
    text::Stemmer stemmer_;
    StringMap<Word> words_, numbers_;
  };

  Lexicon& LexiconFor(const std::string& lang) {
    auto it = lexicons_.find(lang);
    if (it == lexicons_.end()) it = lexicons_.emplace(lang, std::make_unique<Lexicon>(lang)).first;
    return *it->second;
  }

  const std::vector<Article>& articles_;
  std::vector<Sentence> sentences_;
  std::unordered_map<std::string, uint32_t> key_ids_;
  std::vector<TermId> key_terms_;  // key id -> term id, kNoTerm until used as a term
  size_t term_count_ = 0;
  PairIds bigram_ids_;  // (key, key) -> word pair id
  std::vector<uint32_t> term_articles_, bigram_articles_;
  std::vector<std::vector<size_t>> postings_;
  std::vector<size_t> article_of_;  // sentence -> its article (Neighbours reads it for every posting)
  std::vector<double> weights_;
  size_t common_limit_ = 50;
  mutable std::vector<double> acc_;  // Neighbours' accumulator, zero between calls
  std::unordered_map<size_t, std::vector<size_t>> copies_;  // first sentence with a text -> its later copies
  std::unordered_map<std::string, std::unique_ptr<Lexicon>> lexicons_;
};

// A summary candidate: a sentence and the articles that state it.
// A statement a claim can be made of: a sentence with content, not a
// heading or fragment.
bool Claimable(const Sentence& s) {
  if (s.words < 6 || s.words > 90 || s.terms.size() < 3) return false;
  char last = s.text.back();
  return last == '.' || last == '"' || last == '!' || static_cast<unsigned char>(last) >= 0x80 || last == '\'';
}

struct Statement {
  size_t sentence;
  std::vector<size_t> sources;  // article indexes, sorted, including the sentence's own
  std::vector<text::Span> spans;  // parallel to `sources`: the sentence stating it in each
  double score = 0;
  std::vector<size_t> neighbours;  // Analyzer::Neighbours of the sentence
};

std::string StoryId(const std::vector<Article>& articles) {
  std::vector<std::string> ids;
  for (const auto& a : articles) ids.push_back(a.id);
  std::sort(ids.begin(), ids.end());
  std::string joined;
  for (const auto& id : ids) joined += id + '\n';
  return fmt::format("s{:016x}", XXH3_64bits(joined.data(), joined.size()));
}

// The sentence as a summary shows it: without a leading list marker ("•",
// "-", "1.") or dateline ("BEIJING:", "LONDON (Reuters) -").
std::string_view SummaryText(std::string_view s) {
  s = WithoutListMarker(s);
  s.remove_prefix(text::DatelineLength(s));
  return s;
}

// An ISO day `days` later ("2025-09-16" + 7 = "2025-09-23"); "" if not a day.
std::string ShiftDays(const std::string& iso_day, int days) {
  int y = 0;
  unsigned m = 0, d = 0;
  if (iso_day.size() < 10 || std::sscanf(iso_day.c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3) return "";
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
  if (!ymd.ok()) return "";
  const std::chrono::year_month_day later{std::chrono::sys_days{ymd} + std::chrono::days{days}};
  return fmt::format("{:04d}-{:02d}-{:02d}", static_cast<int>(later.year()), static_cast<unsigned>(later.month()),
                     static_cast<unsigned>(later.day()));
}

}  // namespace

Story BuildBrief(std::vector<Article> articles, const Options& options) {
  Story story;
  story.id = StoryId(articles);
  story.articles = std::move(articles);
  const auto& arts = story.articles;
  if (arts.empty()) return story;

  story.reuse = dedup::FindReuse(arts, options.dedup).clusters;
  std::vector<facts::ArticleFacts> per_article;
  std::map<std::string, size_t> known_dates;
  Analyzer analyzer(arts);
  for (size_t a = 0; a < arts.size(); ++a) {
    per_article.push_back(facts::ReadFacts(arts[a]));
    if (!per_article.back().document_date.empty()) ++known_dates[per_article.back().document_date];
    // Right after the facts: the sentences their entity tagger split are
    // still the thread's last split (text::SplitSentences keeps it).
    analyzer.AddArticle(a);
  }
  analyzer.Finish();
  // An article with no date of its own, stated or inferred, is read against
  // the date most of its story has: coverage of one event clusters in time.
  if (!known_dates.empty()) {
    std::string story_date =
        std::max_element(known_dates.begin(), known_dates.end(),
                         [](const auto& x, const auto& y) { return x.second < y.second; })->first;
    // Days the articles that date themselves give.
    std::unordered_set<std::string> stated_days;
    for (size_t i = 0; i < arts.size(); ++i)
      if (!per_article[i].document_date.empty())
        for (const facts::TimeExpression& d : per_article[i].dates)
          for (const std::string* v : {&d.value, &d.start, &d.end})
            if (v->size() >= 10 && v->find('X') == std::string::npos) stated_days.insert(v->substr(0, 10));
    const std::string week_later = ShiftDays(story_date, 7);
    for (size_t i = 0; i < arts.size(); ++i)
      if (per_article[i].document_date.empty()) {
        // Only the dates depend on the document date: resolve them again.
        per_article[i].document_date = story_date;
        per_article[i].document_date_inferred = true;
        std::vector<facts::TimeExpression> dates = facts::FindTimeExpressions(arts[i].text, story_date);
        // The borrowed date is the story's, not the article's: a follow-up a
        // day or three later reads "on Wednesday" as another Wednesday. What
        // resolves the same a week later does not depend on it ("June 9",
        // "Friday (Mar 17)"); the rest stands only where a source that dates
        // itself gives the same day, else it stays unresolved.
        std::vector<facts::TimeExpression> later = facts::FindTimeExpressions(arts[i].text, week_later);
        std::vector<facts::TimeExpression> unresolved = facts::FindTimeExpressions(arts[i].text, "");
        if (later.size() == dates.size() && unresolved.size() == dates.size())
          for (size_t k = 0; k < dates.size(); ++k) {
            facts::TimeExpression& d = dates[k];
            if (d.value == later[k].value && d.start == later[k].start) continue;
            const std::string day = (d.start.empty() ? d.value : d.start).substr(0, 10);
            if (stated_days.count(day)) continue;
            d = std::move(unresolved[k]);
          }
        per_article[i].dates = std::move(dates);
      }
  }
  AddStoryFacts(story, per_article);
  {
    const StoryTokens tokens = analyzer.Tokens();
    story.conflicts = FindConflicts(arts, per_article, &tokens);
  }
  const auto& sentences = analyzer.sentences();

  // Who states each candidate sentence.
  std::unordered_map<std::string, std::vector<std::pair<const Conflict*, const ConflictSide*>>> sides_of;
  for (const Conflict& c : story.conflicts)
    for (const ConflictSide& side : c.sides)
      for (const std::string& id : side.sources) sides_of[id].push_back({&c, &side});
  std::vector<Statement> statements;
  std::vector<size_t> sentence_count(arts.size(), 0);
  for (const auto& s : sentences) ++sentence_count[s.article];
  std::vector<double> best(arts.size(), 0.0);
  std::vector<size_t> best_sentence(arts.size(), 0);
  // A sentence several articles carry word for word has the same candidates
  // and covers each as much wherever it stands: they are found once for its
  // text (with its own article's sentences, which each occurrence leaves out).
  std::vector<char> repeated(sentences.size(), 0);
  for (const Sentence& s : sentences)
    if (s.same_text != SIZE_MAX) repeated[s.same_text] = 1;
  struct TextNeighbours {
    std::vector<size_t> sentences;  // Analyzer::Neighbours(first, true)
    std::vector<double> coverage;   // parallel: how much of the text each covers
  };
  std::unordered_map<size_t, TextNeighbours> text_neighbours;  // first sentence with the text -> its neighbours
  for (size_t i = 0; i < sentences.size(); ++i) {
    const Sentence& s = sentences[i];
    // Summary candidates, and every other statement a claim can be made of.
    if (!s.candidate && !Claimable(s)) continue;
    Statement st{i, {s.article}, {}, 0, {}};
    std::vector<size_t> touched;
    auto consider = [&](size_t j, double coverage) {
      const Sentence& t = sentences[j];
      if (best[t.article] == 0.0) touched.push_back(t.article);
      if (coverage > best[t.article]) {
        best[t.article] = coverage;
        best_sentence[t.article] = j;
      }
    };
    const size_t first = s.same_text == SIZE_MAX ? i : s.same_text;
    if (repeated[first]) {
      auto [it, fresh] = text_neighbours.try_emplace(first);
      TextNeighbours& known = it->second;
      if (fresh) {
        known.sentences = analyzer.Neighbours(first, true);
        for (size_t j : known.sentences) known.coverage.push_back(analyzer.Coverage(s, sentences[j]));
      }
      for (size_t k = 0; k < known.sentences.size(); ++k) {
        size_t j = known.sentences[k];
        if (sentences[j].article == s.article) continue;
        st.neighbours.push_back(j);
        consider(j, known.coverage[k]);
      }
    } else {
      st.neighbours = analyzer.Neighbours(i);
      for (size_t j : st.neighbours) consider(j, analyzer.Coverage(s, sentences[j]));
    }
    // The conflict sides this sentence takes: a value of a side its own
    // article is on, written in it ("Anjali Dorrington" said the quote).
    std::vector<const Conflict*> taken;
    if (auto own = sides_of.find(arts[s.article].id); own != sides_of.end())
      for (const auto& [conflict, side] : own->second)
        if (ContainsPhrase(s.text, side->text)) taken.push_back(conflict);
    // A source whose sentence writes another side's value of such a
    // conflict, and does not take this sentence's side, does not state it:
    // breach-coastalledger gives the quote the others give to Anjali
    // Dorrington to Marcus Feld.
    auto takes_other_side = [&](size_t a) {
      const std::string& id = arts[a].id;
      const std::string_view t = sentences[best_sentence[a]].text;
      for (const Conflict* c : taken) {
        bool same = false, other = false;
        for (const ConflictSide& side : c->sides) {
          const bool on = std::find(side.sources.begin(), side.sources.end(), id) != side.sources.end();
          const bool mine = std::find(side.sources.begin(), side.sources.end(), arts[s.article].id) != side.sources.end();
          if (on && mine) same = true;
          else if (on && ContainsPhrase(t, side.text)) other = true;
        }
        if (other && !same) return true;
      }
      return false;
    };
    for (size_t a : touched) {
      if (a != s.article && best[a] >= options.same_statement && !takes_other_side(a)) st.sources.push_back(a);
      best[a] = 0.0;
    }
    std::sort(st.sources.begin(), st.sources.end());
    for (size_t a : st.sources) st.spans.push_back(a == s.article ? s.span : sentences[best_sentence[a]].span);
    // Widely stated first; then the lead of an article over its later
    // paragraphs; then informative over thin.
    double lead = 1.0 - static_cast<double>(s.position) / static_cast<double>(sentence_count[s.article]);
    double sources = static_cast<double>(st.sources.size());
    st.score = sources + 0.6 * lead + 0.02 * std::min<double>(analyzer.TotalWeight(s), 40.0) / 4.0;
    statements.push_back(std::move(st));
  }
  {
    // A quote is carried by every source that states its sentence with the
    // words given to the same speaker, however reworded.
    std::vector<StatedSentence> stated;
    for (const Statement& st : statements)
      if (st.sources.size() > 1) {
        const Sentence& s = sentences[st.sentence];
        stated.push_back({s.article, s.span, &st.sources, &st.spans});
      }
    AddRestatedQuoteSources(story, per_article, stated);
  }
  std::sort(statements.begin(), statements.end(), [](const Statement& x, const Statement& y) {
    return x.score != y.score ? x.score > y.score : x.sentence < y.sentence;
  });

  // Greedy selection for coverage (after Gillick & Favre's concept model,
  // greedily): a sentence is worth the concepts (word pairs, and content
  // words at a lower weight) it adds that the summary lacks, each weighted by
  // how many articles carry it, per word it costs; times a lead prior and
  // the share of sources stating it. Near-repeats are never taken. Without a
  // word budget, sentences one source alone gives fill the summary only up
  // to the minimum; with one, the budget is filled.
  const size_t n_articles = arts.size();
  const double min_df = n_articles >= 3 ? 2.0 : 1.0;
  auto concept_weight = [&](size_t df) { return df >= min_df ? static_cast<double>(df) : 0.0; };
  std::vector<char> bigram_covered(analyzer.bigram_count(), 0), term_covered(analyzer.term_count(), 0);
  auto gain = [&](const Sentence& s) {
    double g = 0;
    for (uint32_t b : s.bigrams)
      if (!bigram_covered[b]) g += concept_weight(analyzer.BigramArticles(b));
    for (const Term& t : s.terms)
      if (!term_covered[t.id]) g += kTermShare * concept_weight(analyzer.TermArticles(t.id));
    return g;
  };
  std::vector<const Statement*> chosen;
  // Chosen sentences a statement was found no near-repeat of (a prefix of
  // `chosen`, which only grows): each pair is compared once.
  std::vector<size_t> checked(statements.size(), 0);
  size_t budget_words = 0;
  const bool budget = options.summary_words > 0;
  auto value_of = [&](const Statement& st) {
    const Sentence& s = sentences[st.sentence];
    double lead = 1.0 - static_cast<double>(s.position) / static_cast<double>(sentence_count[s.article]);
    double share = n_articles > 1 ? static_cast<double>(st.sources.size() - 1) / static_cast<double>(n_articles - 1) : 0;
    return (gain(s) + 1e-3) / std::pow(static_cast<double>(s.words), kLengthExponent) *
           (1.0 + kLeadPrior * lead) * (1.0 + kSourcePrior * share);
  };
  // Lazily: a statement's value only falls as the summary covers concepts
  // (its gain sums the weights of those not yet covered, all >= 0), so the
  // value it had in an earlier round bounds its value now. Statements wait
  // in a heap by their last value; the top one is valued again and taken
  // when it still comes first, which is the statement a full scan of every
  // value would take (the highest value, the earliest statement on ties).
  using Bound = std::pair<double, size_t>;  // (value when last computed, statement)
  auto later = [](const Bound& x, const Bound& y) { return x.first != y.first ? x.first < y.first : x.second > y.second; };
  std::vector<Bound> heap;
  for (size_t k = 0; k < statements.size(); ++k)
    if (sentences[statements[k].sentence].candidate) heap.push_back({value_of(statements[k]), k});
  std::make_heap(heap.begin(), heap.end(), later);
  while (chosen.size() < options.max_sentences && !(budget && budget_words >= options.summary_words)) {
    size_t best = SIZE_MAX;
    while (!heap.empty()) {
      std::pop_heap(heap.begin(), heap.end(), later);
      const size_t k = heap.back().second;
      heap.pop_back();
      const Statement& st = statements[k];
      // Once the summary has its minimum, a sentence one source alone gives
      // (without a word budget) is never taken: `chosen` only grows.
      if (!budget && st.sources.size() < 2 && chosen.size() >= options.min_sentences && n_articles > 1) continue;
      const Sentence& s = sentences[st.sentence];
      bool redundant = false;
      for (; checked[k] < chosen.size(); ++checked[k]) {
        const Sentence& t = sentences[chosen[checked[k]]->sentence];
        if (analyzer.Similarity(s, t) >= 0.35 || analyzer.Coverage(s, t) >= 0.6 ||
            analyzer.Coverage(t, s) >= 0.6) {
          redundant = true;
          break;
        }
      }
      if (redundant) continue;  // never taken: near-repeats stay near-repeats
      const Bound now{value_of(st), k};
      if (!heap.empty() && later(now, heap.front())) {
        heap.push_back(now);
        std::push_heap(heap.begin(), heap.end(), later);
        continue;
      }
      if (now.first > 0) best = k;
      break;
    }
    if (best == SIZE_MAX) break;
    const Sentence& s = sentences[statements[best].sentence];
    for (uint32_t b : s.bigrams) bigram_covered[b] = 1;
    for (const Term& t : s.terms) term_covered[t.id] = 1;
    budget_words += text::CountWords(SummaryText(s.text));
    chosen.push_back(&statements[best]);
  }

  // Lead with the news: order by where the sentence stands in its article,
  // relative to the article's length.
  auto relative_position = [&](const Statement* st) {
    const Sentence& s = sentences[st->sentence];
    return static_cast<double>(s.position) / static_cast<double>(sentence_count[s.article]);
  };
  std::stable_sort(chosen.begin(), chosen.end(), [&](const Statement* x, const Statement* y) {
    return relative_position(x) < relative_position(y);
  });

  size_t words = 0;
  for (const Statement* st : chosen) {
    const Sentence& s = sentences[st->sentence];
    SummarySentence out;
    out.text = std::string(SummaryText(s.text));
    if (options.summary_words) {
      if (words >= options.summary_words) break;
      size_t n = text::CountWords(out.text);
      if (words + n > options.summary_words) out.text = text::CutWords(out.text, options.summary_words - words);
      words += std::min(n, options.summary_words - words);
    }
    out.taken_from = arts[s.article].id;
    for (size_t a : st->sources) out.sources.push_back(arts[a].id);
    out.spans = st->spans;
    story.summary.push_back(std::move(out));
  }

  // Claims: every statement of the story once, with every source stating
  // it. The most widely stated go first and take in the same statement as
  // other sources word it (when those sources are among its own: a source
  // is never folded into a claim that does not cite it).
  {
    std::vector<size_t> order(statements.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
      if (statements[x].sources.size() != statements[y].sources.size())
        return statements[x].sources.size() > statements[y].sources.size();
      return statements[x].sentence < statements[y].sentence;
    });
    std::vector<char> covered(sentences.size(), 0);
    std::vector<std::pair<size_t, StoryClaim>> claims;  // (first sentence, claim)
    const SidesBySource sides = IndexSides(story.conflicts);
    for (size_t k : order) {
      const Statement& st = statements[k];
      if (covered[st.sentence]) continue;
      covered[st.sentence] = 1;
      const Sentence& s = sentences[st.sentence];
      std::vector<std::string> rep_sources;
      for (size_t a : st.sources) rep_sources.push_back(arts[a].id);
      const bool rep_contested = Contested(s.text, rep_sources, sides);
      for (size_t j : st.neighbours) {
        const Sentence& t = sentences[j];
        if (covered[j] || !std::binary_search(st.sources.begin(), st.sources.end(), t.article)) continue;
        // Folded only when the claim states all it says (a longer sentence
        // that says more is a claim of its own) and it carries no value a
        // conflict sets apart ("the two-day trip ... comes as Beijing offers
        // to broker peace" stays apart from "the visit comes as China
        // offers to broker peace": it is contested).
        if (analyzer.Coverage(t, s) >= options.same_statement &&
            (rep_contested || !Contested(t.text, {arts[t.article].id}, sides)))
          covered[j] = 1;
      }
      StoryClaim claim;
      claim.text = std::string(SummaryText(s.text));
      for (size_t a : st.sources) claim.sources.push_back(arts[a].id);
      claim.spans = st.spans;
      claim.status = ClaimStatus(claim, s.text, sides, arts.size());
      claims.push_back({st.sentence, std::move(claim)});
    }
    // Consensus, contested, partial, single; widely stated first; then in
    // story order.
    auto rank = [](const std::string& status) {
      return status == "consensus" ? 0 : status == "contested" ? 1 : status == "partial" ? 2 : 3;
    };
    std::stable_sort(claims.begin(), claims.end(), [&](const auto& x, const auto& y) {
      if (rank(x.second.status) != rank(y.second.status)) return rank(x.second.status) < rank(y.second.status);
      if (x.second.sources.size() != y.second.sources.size()) return x.second.sources.size() > y.second.sources.size();
      return x.first < y.first;
    });
    for (auto& [first, claim] : claims) story.claims.push_back(std::move(claim));
  }
  AddTimeline(story, per_article);

  // Headline: the title of the article the summary leans on most (the one
  // its sentences cite most often), then the title that shares most words
  // with the summary; failing titles, the lead summary sentence.
  double best_title = -1;
  for (const auto& a : arts) {
    if (a.title.empty()) continue;
    double cited = 0;
    for (const auto& sum : story.summary) cited += std::count(sum.sources.begin(), sum.sources.end(), a.id);
    std::unordered_set<std::string> title_words;
    for (const auto& tok : text::Tokenize(a.title))
      if (!text::IsStopWord(tok.lower)) title_words.insert(tok.lower);
    std::unordered_set<std::string> shared;
    for (const auto& sum : story.summary)
      for (const auto& tok : text::Tokenize(sum.text))
        if (title_words.count(tok.lower)) shared.insert(tok.lower);
    double overlap = title_words.empty() ? 0 : static_cast<double>(shared.size()) / title_words.size();
    double score = cited + overlap;
    if (score > best_title) {
      best_title = score;
      story.headline = a.title;
    }
  }
  if (story.headline.empty() && !story.summary.empty()) story.headline = text::HeadlineOf(story.summary[0].text);
  return story;
}

}  // namespace storyline::brief
