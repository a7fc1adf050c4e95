// FindReuse: pairs and reuse clusters over a batch of articles, through the
// streaming index. See storyline/dedup.h.

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "dedup/align.h"
#include "dedup/clusters.h"
#include "dedup/hash.h"
#include "dedup/quotes.h"
#include "dedup/shingle_set.h"
#include "storyline/dedup.h"

namespace storyline::dedup {
namespace {

// Hashes of the word n-grams (n = min_quote_words) inside quotations: two
// articles that share a short quote share one of them, though the quote is too
// short for the passage anchors.
// `quotes`: FindQuotes(text, fp.words).
std::vector<uint64_t> QuoteGrams(const std::vector<Quote>& quotes, const Fingerprint& fp, size_t n) {
  std::vector<uint64_t> out;
  if (n == 0) return out;
  for (const Quote& q : quotes) {
    for (size_t i = q.first; i + n <= q.last; ++i) {
      uint64_t h = 0;
      for (size_t j = i; j < i + n; ++j) h = Mix(h ^ fp.word_hashes[j]);
      out.push_back(h);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// A pair of articles shares a passage, not just a quotation or a stray piece.
bool SharesPassage(const std::vector<SharedSpan>& spans, const Options& options) {
  return std::any_of(spans.begin(), spans.end(), [&](const SharedSpan& s) {
    return !s.quotation && s.words >= options.min_span_words;
  });
}

}  // namespace

Report FindReuse(const std::vector<Article>& articles, const Options& options) {
  auto started = std::chrono::steady_clock::now();
  Report report;
  std::vector<Fingerprint> fps;
  std::vector<Signature> sigs;
  std::vector<std::vector<uint64_t>> shingle_sets;  // per article, for the exact Jaccard of each candidate pair
  // Each article's side of an alignment, prepared once (fps is reserved, so
  // the fingerprints they refer to do not move).
  std::vector<AlignText> sides;
  fps.reserve(articles.size());
  sigs.reserve(articles.size());
  sides.reserve(articles.size());
  Index index(options);
  std::unordered_map<uint64_t, std::vector<size_t>> quote_carriers;
  std::vector<Pair> quote_links;
  std::unordered_map<uint64_t, size_t> first_with_words;  // content hash -> first article with those words
  std::vector<size_t> article_of_doc;                       // the index's document numbers (copies are not added)
  // Near-copy groups (docs/FORMATS.md "near_groups"): each indexed article's
  // group, named by its first member; an article no earlier one is a near copy
  // of is the first of its own. A member has Jaccard >= group_jaccard with the
  // first, so with any other member at least 2 * group_jaccard - 1 =
  // near_threshold (Jaccard distance is a metric): every two members are near
  // duplicates, and only each member's pairs with the first and with its
  // closest other earlier member are listed.
  const double group_jaccard = (1 + options.near_threshold) / 2;
  std::vector<size_t> group_of(articles.size(), SIZE_MAX);

  for (size_t i = 0; i < articles.size(); ++i) {
    fps.push_back(MakeFingerprint(articles[i].text, options));
    sigs.push_back(MakeSignature(fps[i], options));
    shingle_sets.push_back(ShingleSet(fps[i]));
    const Fingerprint& fp = fps[i];
    sides.push_back(PrepareAlign(articles[i].text, fp, options));

    // Article i against an earlier one: the exact Jaccard and the shared passages.
    auto compare = [&](size_t j, double estimated) {
      Pair pair;
      pair.a = j;
      pair.b = i;
      pair.estimated = estimated;
      pair.exact = SetJaccard(shingle_sets[j], shingle_sets[i]);
      pair.spans = Align(sides[j], sides[i], options);
      return pair;
    };

    // An exact copy of an earlier article (the same words in the same order)
    // has one pair, with the first article of those words, and shares that
    // article's every other pair and passage: it is neither indexed nor
    // compared again. A story syndicated to 1,000 outlets is 999 pairs, not
    // 500,000 (which took 75 s and 12 GB). So no candidate below has i's words.
    if (fp.content_hash != 0) {
      auto [first, fresh] = first_with_words.emplace(fp.content_hash, i);
      if (!fresh) {
        Pair pair = compare(first->second, EstimateJaccard(sigs[first->second], sigs[i]));
        pair.kind = Pair::Kind::kExact;
        report.pairs.push_back(std::move(pair));
        continue;
      }
    }

    // Candidates: the index (LSH bands and passage anchors), then articles
    // sharing a quotation.
    std::map<size_t, double> candidates;  // earlier article -> estimated Jaccard
    for (const Index::Candidate& c : index.Insert(articles[i].id, fp, sigs[i]))
      candidates[article_of_doc[c.doc]] = c.estimated;
    article_of_doc.push_back(i);

    // The group i joins: of the groups its candidates belong to, the one whose
    // first member i is most similar to, if that reaches group_jaccard (a
    // candidate's group is checked through its first member, which need not be
    // a candidate itself: the index walks at most 512 entries of a bucket).
    // Of its other members only the one closest to i (by estimate; ties: the
    // earliest) is compared and listed: so a group of three lists all its
    // pairs, and a flood of n copies at most 2n.
    group_of[i] = i;
    {
      double best = 0;
      std::set<size_t> tried;  // first members
      for (const auto& [j, estimated] : candidates) {
        const size_t first = group_of[j];
        if (!tried.insert(first).second) continue;
        const double jaccard = SetJaccard(shingle_sets[first], shingle_sets[i]);
        if (jaccard >= group_jaccard && jaccard > best) {
          best = jaccard;
          group_of[i] = first;
        }
      }
    }
    const size_t group = group_of[i];
    if (group != i) {
      std::optional<size_t> closest;
      double closest_estimate = -1;
      for (const auto& [j, estimated] : candidates) {
        if (j != group && group_of[j] == group && estimated > closest_estimate) {
          closest = j;
          closest_estimate = estimated;
        }
      }
      std::erase_if(candidates, [&](const auto& c) { return group_of[c.first] == group && c.first != closest; });
      candidates.try_emplace(group, EstimateJaccard(sigs[group], sigs[i]));
    }

    // Articles sharing a quotation, but for i's own group (the pairs skipped
    // above). Every copy stays a carrier: one may have a quotation its first
    // lacks (the quote marks of one differ), so later articles check them
    // all, as they do the copies the index finds.
    const std::vector<Quote> quotes =
        fp.word_hashes.empty() ? FindQuotes(articles[i].text, fp.words) : std::vector<Quote>{};
    for (uint64_t gram : QuoteGrams(fp.word_hashes.empty() ? quotes : sides[i].quotes, fp, options.min_quote_words)) {
      auto& carriers = quote_carriers[gram];
      for (size_t j : carriers)
        if (group_of[j] != group && !candidates.count(j)) candidates[j] = EstimateJaccard(sigs[i], sigs[j]);
      carriers.push_back(i);
    }

    for (const auto& [j, estimated] : candidates) {
      Pair pair = compare(j, estimated);
      if (pair.exact >= options.near_threshold) {
        pair.kind = Pair::Kind::kNear;
      } else if (SharesPassage(pair.spans, options)) {
        pair.kind = Pair::Kind::kReuse;
      } else {
        // Shared quotations (or passage pieces) alone do not make two articles
        // copies of each other, but their carriers still form reuse clusters.
        if (!pair.spans.empty()) quote_links.push_back(std::move(pair));
        continue;
      }
      report.pairs.push_back(std::move(pair));
    }
  }
  std::map<size_t, NearGroup> groups;  // by first member
  for (size_t i = 0; i < articles.size(); ++i)
    if (group_of[i] != SIZE_MAX && group_of[i] != i) groups[group_of[i]].articles.push_back(i);
  for (auto& [first, group] : groups) {
    group.articles.insert(group.articles.begin(), first);
    report.near_groups.push_back(std::move(group));
  }
  std::sort(report.pairs.begin(), report.pairs.end(),
            [](const Pair& x, const Pair& y) { return x.a != y.a ? x.a < y.a : x.b < y.b; });
  std::vector<Pair> links = report.pairs;
  links.insert(links.end(), quote_links.begin(), quote_links.end());
  report.clusters = BuildClusters(articles, links, options);
  report.index_bytes = index.MemoryBytes();
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

}  // namespace storyline::dedup
