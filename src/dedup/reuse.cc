// FindReuse: pairs and reuse clusters over a batch of articles, through the
// streaming index. See storyline/dedup.h.

#include <algorithm>
#include <chrono>
#include <map>
#include <unordered_map>

#include "dedup/clusters.h"
#include "storyline/dedup.h"

namespace storyline::dedup {
namespace {

// Hashes of the word n-grams (n = min_quote_words) inside quotations: two
// articles that share a short quote share one of them, though the quote is too
// short for the passage anchors.
std::vector<uint64_t> QuoteGrams(std::string_view text, const Fingerprint& fp, size_t n) {
  std::vector<uint64_t> out;
  if (n == 0 || fp.words.size() < n) return out;
  // Quotation byte ranges: between an opening and a closing mark in one
  // paragraph. Straight quotes pair up in order; curly ones by direction.
  std::vector<text::Span> quotes;
  size_t open = std::string_view::npos;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') {
      open = std::string_view::npos;
    } else if (c == '"') {
      if (open == std::string_view::npos) open = i + 1;
      else { quotes.push_back({open, i}); open = std::string_view::npos; }
    } else if (text.compare(i, 3, "\u201c") == 0) {
      open = i + 3;
      i += 2;
    } else if (text.compare(i, 3, "\u201d") == 0) {
      if (open != std::string_view::npos) quotes.push_back({open, i});
      open = std::string_view::npos;
      i += 2;
    }
  }
  size_t w = 0;
  for (const text::Span& q : quotes) {
    while (w < fp.words.size() && fp.words[w].begin < q.begin) ++w;
    size_t end = w;
    while (end < fp.words.size() && fp.words[end].end <= q.end) ++end;
    for (size_t i = w; i + n <= end; ++i) {
      uint64_t h = 0xcbf29ce484222325ULL;
      for (size_t j = i; j < i + n; ++j) h = (h ^ fp.word_hashes[j]) * 0x100000001b3ULL;
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
  fps.reserve(articles.size());
  sigs.reserve(articles.size());
  Index index(options);
  std::unordered_map<uint64_t, std::vector<size_t>> quote_carriers;
  std::vector<Pair> quote_links;

  for (size_t i = 0; i < articles.size(); ++i) {
    fps.push_back(MakeFingerprint(articles[i].text, options));
    sigs.push_back(MakeSignature(fps[i], options));
    const Fingerprint& fp = fps[i];

    // Candidates: the index (LSH bands and passage anchors), then articles
    // sharing a quotation.
    std::map<size_t, double> candidates;  // earlier article -> estimated Jaccard
    for (const Index::Candidate& c : index.Insert(articles[i].id, fp, sigs[i])) candidates[c.doc] = c.estimated;
    for (uint64_t gram : QuoteGrams(articles[i].text, fp, options.min_quote_words)) {
      auto& carriers = quote_carriers[gram];
      for (size_t j : carriers)
        if (!candidates.count(j)) candidates[j] = EstimateJaccard(sigs[i], sigs[j]);
      carriers.push_back(i);
    }

    for (const auto& [j, estimated] : candidates) {
      Pair pair;
      pair.a = j;
      pair.b = i;
      pair.estimated = estimated;
      pair.exact = ExactJaccard(fps[j], fp);
      bool same = fps[j].content_hash == fp.content_hash && fp.content_hash != 0;
      pair.spans = Align(articles[j].text, fps[j], articles[i].text, fp, options);
      if (same) {
        pair.kind = Pair::Kind::kExact;
      } else if (pair.exact >= options.near_threshold) {
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
