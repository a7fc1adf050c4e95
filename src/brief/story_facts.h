// Story-level facts from per-article facts. Internal to the brief stage.
#ifndef STORYLINE_BRIEF_STORY_FACTS_H_
#define STORYLINE_BRIEF_STORY_FACTS_H_

#include <string>
#include <string_view>
#include <set>
#include <unordered_map>
#include <algorithm>
#include <vector>

#include "storyline/brief.h"

namespace storyline::brief {

// The text without a leading list marker ("\u2022 ", "- ", "* "): an
// article's bullet point as a summary, claim or quote shows it.
std::string_view WithoutListMarker(std::string_view s);

// Lower-case words of a string, for matching quotes and names.
std::vector<std::string> LowerWords(std::string_view s);

// Share of the shorter word sequence's words that the other one has: a cut
// quote ("important bilateral documents will be signed") is contained in the
// full one ("A number of important bilateral documents will be signed").
double Containment(const std::vector<std::string>& a, const std::vector<std::string>& b);

// Containment of two word sequences given sorted (same words, any order gives
// the same share): for comparing one sequence with many without sorting each.
double SortedContainment(const std::vector<std::string>& a_sorted, const std::vector<std::string>& b_sorted);

// Groups of word sequences (quotes) that one new sequence may join by
// containment: an inverted index over their words gives the candidates.
// Words are numbered as they are first seen, so a look-up hashes each word
// once and counts over integer postings.
struct WordIndex {
  std::unordered_map<std::string, uint32_t> ids;
  std::vector<std::vector<size_t>> postings;  // word id -> groups, in the order added
  std::vector<uint32_t> counts;  // per group, zero between look-ups
  std::vector<size_t> touched;   // Candidates' groups with a count, kept for its capacity
  std::vector<std::vector<uint32_t>> group_ids;  // group -> word ids of its postings (once per posting), sorted
  // Unique ids of `words`, sorted; words never seen are left out unless
  // `add` (which numbers them).
  std::vector<uint32_t> UniqueIds(const std::vector<std::string>& words, bool add, size_t* unique_count) {
    std::vector<uint32_t> out;
    out.reserve(words.size());
    std::vector<const std::string*> unseen;
    for (const auto& w : words) {
      auto it = ids.find(w);
      if (it != ids.end()) {
        out.push_back(it->second);
      } else if (add) {
        auto [nit, fresh] = ids.emplace(w, static_cast<uint32_t>(postings.size()));
        if (fresh) postings.emplace_back();
        out.push_back(nit->second);
      } else {
        unseen.push_back(&w);
      }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    if (unique_count) {
      std::sort(unseen.begin(), unseen.end(), [](const std::string* x, const std::string* y) { return *x < *y; });
      unseen.erase(std::unique(unseen.begin(), unseen.end(), [](const std::string* x, const std::string* y) { return *x == *y; }),
                   unseen.end());
      *unique_count = out.size() + unseen.size();
    }
    return out;
  }
  // Groups sharing at least `share` of the unique words of the shorter one.
  std::vector<size_t> Candidates(const std::vector<std::string>& words, const std::vector<size_t>& group_unique,
                                 double share) {
    size_t unique_size = 0;
    std::vector<uint32_t> unique = UniqueIds(words, false, &unique_size);
    if (counts.size() < group_unique.size()) {
      counts.resize(group_unique.size(), 0);
      touched.reserve(group_unique.size());
    }
    touched.clear();
    for (uint32_t w : unique)
      for (size_t g : postings[w])
        if (counts[g]++ == 0) touched.push_back(g);
    std::vector<size_t> out;
    for (size_t g : touched) {
      double shorter = static_cast<double>(std::min(unique_size, group_unique[g]));
      if (static_cast<double>(counts[g]) >= share * shorter) out.push_back(g);
      counts[g] = 0;
    }
    std::sort(out.begin(), out.end());
    return out;
  }
  // Whether `group` is one of Candidates(words, group_unique, share), for
  // one group: the same count (its postings among the words' ids) and test.
  // `unique` and `unique_size` are UniqueIds(words, false, &unique_size).
  bool IsCandidate(size_t group, const std::vector<uint32_t>& unique, size_t unique_size,
                   const std::vector<size_t>& group_unique, double share) const {
    const std::vector<uint32_t>& ids = group_ids[group];
    uint32_t count = 0;
    for (uint32_t w : unique) {
      auto [from, to] = std::equal_range(ids.begin(), ids.end(), w);
      count += static_cast<uint32_t>(to - from);
    }
    double shorter = static_cast<double>(std::min(unique_size, group_unique[group]));
    return static_cast<double>(count) >= share * shorter;
  }
  void Add(size_t group, const std::vector<std::string>& words) {
    if (group_ids.size() <= group) group_ids.resize(group + 1);
    std::vector<uint32_t>& ids = group_ids[group];
    for (uint32_t w : UniqueIds(words, true, nullptr)) {
      auto& p = postings[w];
      if (p.empty() || p.back() != group) {
        p.push_back(group);
        ids.push_back(w);
      }
    }
    std::sort(ids.begin(), ids.end());
  }
};

// Fills story.entities, quotes, numbers and dates from `per_article` (one
// entry per story.articles element, same order). Entities merge by name and
// alias ("Xi" joins "Xi Jinping"); quotes by word containment (a cut quote
// joins the full one); numbers by normalised value and unit; dates by
// resolved value (unresolved ones are left out).
void AddStoryFacts(Story& story, const std::vector<facts::ArticleFacts>& per_article);

// A sentence of one article and the articles that state it too (reworded,
// cut or translated: the summary's test of "states"), each with its own
// sentence. The vectors belong to the caller.
struct StatedSentence {
  size_t article;                          // index into story.articles
  text::Span sentence;                     // in that article's text
  const std::vector<size_t>* sources;      // articles stating it (may include `article`)
  const std::vector<text::Span>* spans;    // parallel to `sources`: the sentence in each
};

// Adds to each story quote (after AddStoryFacts) the articles that carry it
// in other words: those stating a sentence the quote stands in (as one of
// its sources gives it word for word) and giving the words there to the
// same speaker. Quotes are then ordered again, most widely carried first.
void AddRestatedQuoteSources(Story& story, const std::vector<facts::ArticleFacts>& per_article,
                             const std::vector<StatedSentence>& stated);

// Fills story.timeline from the dates of `per_article` and story.claims
// (so after both): an entry per calendar day and statement, citing the
// sources whose own sentence giving that day states it; then each
// publication.
void AddTimeline(Story& story, const std::vector<facts::ArticleFacts>& per_article);

}  // namespace storyline::brief

#endif  // STORYLINE_BRIEF_STORY_FACTS_H_
