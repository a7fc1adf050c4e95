// Reuse clusters from pairwise shared spans. See dedup/clusters.h.
//
// Nodes are (article, span) ends of the pairs' shared spans. Two nodes join
// when a shared span links them, or when they belong to one article and
// overlap by at least half of the shorter one (the same passage seen from two
// pairs, with slightly different ends). Each connected component is a
// cluster; an article's span in it is the hull of its nodes there.
//
// Earliest carrier: `published` is parsed as ISO 8601 ("2023-03-17",
// "2023-03-17T10:00", "2023-03-17T10:00:00.5+08:00", "...Z", "+0800", a space
// instead of "T"). A date-time without zone is taken as UTC; a date alone
// stands for its whole (UTC) day. The earliest carrier is certain only when
// its time (or day) ends before every other carrier's begins; otherwise
// `first` stays empty and `first_note` says "tie: a, b" (the carriers that
// might be earliest). A carrier without a (parseable) date makes the earliest
// unknowable: `first` stays empty, note "no date for: c".
//
// Credits: FindCredits hits that overlap the carrier's span or lie in a
// paragraph it touches; a dateline credit ("LONDON (Reuters) -") or a source
// line ("Source: AFP") credits the whole article, so it counts wherever it is.

#include <algorithm>
#include <cstdint>
#include <map>
#include <numeric>
#include <optional>
#include <string>

#include "dedup/clusters.h"
#include "storyline/text.h"

namespace storyline::dedup {
namespace {

// Union-find with path halving.
class DisjointSets {
 public:
  explicit DisjointSets(size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), size_t{0}); }
  size_t Find(size_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  void Union(size_t x, size_t y) {
    x = Find(x);
    y = Find(y);
    if (x != y) parent_[std::max(x, y)] = std::min(x, y);
  }

 private:
  std::vector<size_t> parent_;
};

}  // namespace


std::vector<ReuseCluster> BuildClusters(const std::vector<Article>& articles, const std::vector<Pair>& pairs,
                                        const Options& options) {
  (void)options;
  struct Node {
    size_t article;
    text::Span span;
  };
  std::vector<Node> nodes;
  std::vector<std::pair<size_t, size_t>> links;
  for (const Pair& p : pairs) {
    if (p.a >= articles.size() || p.b >= articles.size() || p.a == p.b) continue;
    for (const SharedSpan& s : p.spans) {
      if (s.a.size() == 0 || s.b.size() == 0) continue;
      nodes.push_back({p.a, s.a});
      nodes.push_back({p.b, s.b});
      links.push_back({nodes.size() - 2, nodes.size() - 1});
    }
  }
  DisjointSets sets(nodes.size());
  for (auto [x, y] : links) sets.Union(x, y);

  // Overlaps within an article: sweep the article's nodes by start.
  std::vector<size_t> order(nodes.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    if (nodes[x].article != nodes[y].article) return nodes[x].article < nodes[y].article;
    if (nodes[x].span.begin != nodes[y].span.begin) return nodes[x].span.begin < nodes[y].span.begin;
    return nodes[x].span.end < nodes[y].span.end;
  });
  std::vector<size_t> open;  // nodes of the current article that may still overlap
  for (size_t k = 0; k < order.size(); ++k) {
    const Node& n = nodes[order[k]];
    if (k > 0 && nodes[order[k - 1]].article != n.article) open.clear();
    std::erase_if(open, [&](size_t o) { return nodes[o].span.end <= n.span.begin; });
    // A span the article already has open (the same passage from another
    // pair: one article paired with many copies) joins that node and leaves
    // the sweep, which stays as long as the article's distinct spans.
    if (!open.empty() && nodes[open.back()].span == n.span) {
      sets.Union(open.back(), order[k]);
      continue;
    }
    for (size_t o : open) {
      const text::Span& m = nodes[o].span;
      size_t overlap = std::min(m.end, n.span.end) - std::max(m.begin, n.span.begin);
      size_t shorter = std::min(m.size(), n.span.size());
      if (2 * overlap >= shorter) sets.Union(o, order[k]);
    }
    open.push_back(order[k]);
  }

  // Components: article → hull of its spans.
  std::map<size_t, std::map<size_t, text::Span>> components;
  for (size_t k = 0; k < nodes.size(); ++k) {
    auto& spans = components[sets.Find(k)];
    auto [it, inserted] = spans.try_emplace(nodes[k].article, nodes[k].span);
    if (!inserted) {
      it->second.begin = std::min(it->second.begin, nodes[k].span.begin);
      it->second.end = std::max(it->second.end, nodes[k].span.end);
    }
  }

  // Per-article facts, computed once.
  std::map<size_t, std::vector<Credit>> credits_of;
  std::map<size_t, std::vector<text::Span>> paragraphs_of;
  auto credits = [&](size_t a) -> const std::vector<Credit>& {
    auto it = credits_of.find(a);
    if (it == credits_of.end()) it = credits_of.emplace(a, FindCredits(articles[a].text)).first;
    return it->second;
  };
  auto paragraphs = [&](size_t a) -> const std::vector<text::Span>& {
    auto it = paragraphs_of.find(a);
    if (it == paragraphs_of.end()) it = paragraphs_of.emplace(a, text::SplitParagraphs(articles[a].text)).first;
    return it->second;
  };
  auto name = [&](size_t a) { return articles[a].id.empty() ? "#" + std::to_string(a) : articles[a].id; };

  std::vector<ReuseCluster> clusters;
  for (const auto& [root, spans] : components) {
    if (spans.size() < 2) continue;
    ReuseCluster c;
    for (const auto& [article, span] : spans) {
      c.articles.push_back(article);
      c.spans.push_back(span);
    }

    // Earliest carrier.
    std::vector<std::optional<PublishedTime>> when;
    std::vector<std::string> undated;
    for (size_t a : c.articles) {
      when.push_back(ParsePublished(articles[a].published));
      if (!when.back()) undated.push_back(name(a));
    }
    if (!undated.empty()) {
      c.first_note = "no date for: ";
      for (size_t k = 0; k < undated.size(); ++k) c.first_note += (k ? ", " : "") + undated[k];
    } else {
      size_t best = 0;
      for (size_t k = 1; k < when.size(); ++k)
        if (when[k]->lo < when[best]->lo) best = k;
      std::vector<size_t> tied;
      for (size_t k = 0; k < when.size(); ++k)
        if (k != best && when[k]->lo <= when[best]->hi) tied.push_back(k);
      if (tied.empty()) {
        c.first = c.articles[best];
      } else {
        tied.insert(std::lower_bound(tied.begin(), tied.end(), best), best);
        c.first_note = "tie: ";
        for (size_t k = 0; k < tied.size(); ++k) c.first_note += (k ? ", " : "") + name(c.articles[tied[k]]);
      }
    }
    size_t source = c.first ? *c.first : c.articles.front();
    const text::Span& s = spans.at(source);
    c.text = articles[source].text.substr(s.begin, s.size());

    // Credits that cover the passage in any carrier.
    for (size_t k = 0; k < c.articles.size(); ++k) {
      const size_t a = c.articles[k];
      const std::string& t = articles[a].text;
      text::Span reach = c.spans[k];  // the span widened to the paragraphs it touches
      for (const text::Span& p : paragraphs(a)) {
        if (p.end >= c.spans[k].begin && p.begin <= c.spans[k].end) {
          reach.begin = std::min(reach.begin, p.begin);
          reach.end = std::max(reach.end, p.end);
        }
      }
      for (const Credit& cr : credits(a)) {
        bool near = cr.span.begin < reach.end && cr.span.end > reach.begin;
        bool whole_article = (cr.span.begin < t.size() && t[cr.span.begin] == '(') ||
                             t.compare(cr.span.begin, 6, "Source") == 0 || t.compare(cr.span.begin, 6, "source") == 0 ||
                             t.compare(cr.span.begin, 6, "SOURCE") == 0;
        if ((near || whole_article) &&
            std::find(c.credits.begin(), c.credits.end(), cr.agency) == c.credits.end())
          c.credits.push_back(cr.agency);
      }
    }
    clusters.push_back(std::move(c));
  }

  std::sort(clusters.begin(), clusters.end(), [](const ReuseCluster& x, const ReuseCluster& y) {
    if (x.articles.front() != y.articles.front()) return x.articles.front() < y.articles.front();
    return x.spans.front().begin < y.spans.front().begin;
  });
  return clusters;
}

}  // namespace storyline::dedup
