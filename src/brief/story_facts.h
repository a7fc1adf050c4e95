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

// Lower-case words of a string, for matching quotes and names.
std::vector<std::string> LowerWords(std::string_view s);

// Share of the shorter word sequence's words that the other one has: a cut
// quote ("important bilateral documents will be signed") is contained in the
// full one ("A number of important bilateral documents will be signed").
double Containment(const std::vector<std::string>& a, const std::vector<std::string>& b);

// Groups of word sequences (quotes) that one new sequence may join by
// containment: an inverted index over their words gives the candidates.
struct WordIndex {
  std::unordered_map<std::string, std::vector<size_t>> postings;
  std::vector<size_t> counts;
  // Groups sharing at least `share` of the unique words of the shorter one.
  std::vector<size_t> Candidates(const std::vector<std::string>& words, const std::vector<size_t>& group_unique,
                                 double share) {
    std::set<std::string> unique(words.begin(), words.end());
    if (counts.size() < group_unique.size()) counts.resize(group_unique.size(), 0);
    std::vector<size_t> touched;
    for (const auto& w : unique) {
      auto it = postings.find(w);
      if (it == postings.end()) continue;
      for (size_t g : it->second)
        if (counts[g]++ == 0) touched.push_back(g);
    }
    std::vector<size_t> out;
    for (size_t g : touched) {
      double shorter = static_cast<double>(std::min(unique.size(), group_unique[g]));
      if (static_cast<double>(counts[g]) >= share * shorter) out.push_back(g);
      counts[g] = 0;
    }
    std::sort(out.begin(), out.end());
    return out;
  }
  void Add(size_t group, const std::vector<std::string>& words) {
    for (const auto& w : std::set<std::string>(words.begin(), words.end())) {
      auto& p = postings[w];
      if (p.empty() || p.back() != group) p.push_back(group);
    }
  }
};

// Fills story.entities, quotes, numbers and dates from `per_article` (one
// entry per story.articles element, same order). Entities merge by name and
// alias ("Xi" joins "Xi Jinping"); quotes by word containment (a cut quote
// joins the full one); numbers by normalised value and unit; dates by
// resolved value (unresolved ones are left out).
void AddStoryFacts(Story& story, const std::vector<facts::ArticleFacts>& per_article);

}  // namespace storyline::brief

#endif  // STORYLINE_BRIEF_STORY_FACTS_H_
