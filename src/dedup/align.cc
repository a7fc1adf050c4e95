// Passage alignment: the spans two texts share. See storyline/dedup.h.
//
// Method (seed and extend, as BLAST and passim do, at the word level):
//
//  1. Seeds. Every run of kSeedWords words of `a` whose hash also starts a
//     run in `b` is a seed (i, j). Runs that occur more than kMaxSeedRepeats
//     times in either text (boilerplate, a repeated sentence) are not seeds:
//     they would make the work quadratic. They can still be part of a passage,
//     because extension (below) walks through them.
//  2. Extension. From a seed, the alignment is extended forwards and backwards
//     word by word. On a mismatch it skips at most kMaxGap words in either text
//     to the nearest place where kResyncWords words match again (a swapped
//     word, an inserted or cut clause, a changed number). Seeds already on an
//     alignment are not extended again, so the work is near-linear in the
//     length of the texts; a global budget caps it for pathological input.
//  3. Overlaps. Alignments are taken longest first; a word of `a` or of `b`
//     belongs to at most one of them (the shorter loses its overlapping words
//     and what remains is split where words were removed).
//  4. Paragraphs. An alignment is cut where either text starts a new paragraph
//     (text::SplitParagraphs), so reordered or separately reused paragraphs
//     are separate passages and reuse clusters stay paragraph-sized. A piece
//     is kept when it has min_span_words matched words, or min_quote_words if
//     the whole alignment it came from had min_span_words.
//  5. Quotations. A quotation (words between matching double quote marks, of
//     any style) of min_quote_words to min_span_words - 1 words is reported
//     with quotation = true when all its words occur, in order and without
//     gaps, inside a quotation of the other text, unless a passage already
//     covers it.
//
// Spans start at the first matched word and end at the last one: punctuation
// and quote marks around them are not included, so a verbatim-shared
// paragraph gives exactly its first word to its last word on both sides.

#include <algorithm>
#include <cstdint>
#include <unordered_set>
#include <utility>

#include "dedup/align.h"
#include "dedup/hash.h"
#include "dedup/quotes.h"
#include "storyline/dedup.h"
#include "storyline/text.h"

namespace storyline::dedup {
namespace {

constexpr size_t kSeedWords = 4;       // words per seed
constexpr size_t kMaxSeedRepeats = 8;  // a seed run repeated more often in either text is ignored
constexpr size_t kMaxGap = 8;          // words skipped in either text at one edit
constexpr size_t kResyncWords = 3;     // words that must match after an edit
constexpr size_t kWorkPerWord = 256;   // extension steps allowed per word of input


// Hashes of every run of kSeedWords words, paired with the run's start and
// sorted by hash, so equal runs are adjacent.
std::vector<std::pair<uint64_t, uint32_t>> SeedTable(const std::vector<uint64_t>& words) {
  std::vector<std::pair<uint64_t, uint32_t>> table;
  if (words.size() < kSeedWords) return table;
  table.reserve(words.size() - kSeedWords + 1);
  for (size_t i = 0; i + kSeedWords <= words.size(); ++i) {
    uint64_t h = 0x243f6a8885a308d3ULL;
    for (size_t k = 0; k < kSeedWords; ++k) h = Mix(h ^ words[i + k]) + k;
    table.push_back({h, static_cast<uint32_t>(i)});
  }
  std::sort(table.begin(), table.end());
  return table;
}

using Match = std::pair<uint32_t, uint32_t>;  // (word in a, word in b)

class Aligner {
 public:
  Aligner(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b)
      : a_(a), b_(b), budget_(kWorkPerWord * (a.size() + b.size()) + 100000) {}

  bool Exhausted() const { return budget_ == 0; }

  // The alignment through the seed (i, j): matched word pairs in order.
  std::vector<Match> Extend(size_t i, size_t j) {
    std::vector<Match> back, fwd;
    Walk(i, j, /*forward=*/false, &back);
    Walk(i, j, /*forward=*/true, &fwd);
    std::reverse(back.begin(), back.end());
    // `back` ends with the seed's first word and `fwd` starts with it.
    if (!back.empty()) back.pop_back();
    back.insert(back.end(), fwd.begin(), fwd.end());
    return back;
  }

 private:
  // True when a[i + d * k] == b[j + d * k] for k < n (d = +1 or -1), all in range.
  bool Equal(ptrdiff_t i, ptrdiff_t j, size_t n, int d) const {
    for (size_t k = 0; k < n; ++k) {
      ptrdiff_t x = i + d * static_cast<ptrdiff_t>(k), y = j + d * static_cast<ptrdiff_t>(k);
      if (x < 0 || y < 0 || x >= static_cast<ptrdiff_t>(a_.size()) || y >= static_cast<ptrdiff_t>(b_.size()))
        return false;
      if (a_[x] != b_[y]) return false;
    }
    return true;
  }

  // Greedy extension from (i, j) inclusive in one direction, appending the
  // matched pairs in walking order.
  void Walk(size_t i0, size_t j0, bool forward, std::vector<Match>* out) {
    const int d = forward ? 1 : -1;
    ptrdiff_t i = static_cast<ptrdiff_t>(i0), j = static_cast<ptrdiff_t>(j0);
    while (budget_ > 0) {
      --budget_;
      if (Equal(i, j, 1, d)) {
        out->push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(j)});
        i += d;
        j += d;
        continue;
      }
      // An edit: the nearest (fewest skipped words, then most balanced) place
      // where kResyncWords words match again.
      size_t best_di = 0, best_dj = 0;
      bool found = false;
      for (size_t total = 1; total <= 2 * kMaxGap && !found; ++total) {
        // Balanced skips (a substituted word) before one-sided ones (an
        // inserted or cut clause): off = |di - dj| grows.
        for (size_t off = total % 2; off <= total && !found; off += 2) {
          for (int side = 0; side < (off == 0 ? 1 : 2) && !found; ++side) {
            size_t di = side == 0 ? (total + off) / 2 : (total - off) / 2;
            size_t dj = total - di;
            if (di > kMaxGap || dj > kMaxGap) continue;
            budget_ = budget_ > kResyncWords ? budget_ - kResyncWords : 0;
            if (Equal(i + d * static_cast<ptrdiff_t>(di), j + d * static_cast<ptrdiff_t>(dj), kResyncWords, d)) {
              best_di = di;
              best_dj = dj;
              found = true;
            }
          }
        }
      }
      if (!found) return;
      i += d * static_cast<ptrdiff_t>(best_di);
      j += d * static_cast<ptrdiff_t>(best_dj);
    }
  }

  const std::vector<uint64_t>& a_;
  const std::vector<uint64_t>& b_;
  size_t budget_;
};

// Paragraph number of each word.
std::vector<uint32_t> ParagraphOfWords(std::string_view text, const std::vector<text::Span>& words) {
  std::vector<text::Span> paras = text::SplitParagraphs(text);
  std::vector<uint32_t> out(words.size(), 0);
  size_t p = 0;
  for (size_t w = 0; w < words.size(); ++w) {
    while (p + 1 < paras.size() && paras[p].end <= words[w].begin) ++p;
    out[w] = static_cast<uint32_t>(p);
  }
  return out;
}

// Where each quoted word of a text stands: (word hash, word, end of its
// quotation), sorted, to find a quotation of the other text in this one's
// quotations without scanning them all.
using QuotedWord = AlignText::QuotedWord;
std::vector<QuotedWord> QuotedWords(const std::vector<uint64_t>& words, const std::vector<Quote>& quotes) {
  std::vector<QuotedWord> out;
  for (const Quote& q : quotes)
    for (size_t w = q.first; w < q.last; ++w)
      out.push_back({words[w], static_cast<uint32_t>(w), static_cast<uint32_t>(q.last)});
  std::sort(out.begin(), out.end());
  return out;
}

constexpr size_t kMaxQuoteCandidates = 64;  // places tried for one quotation

// First place where a[qa.first, qa.last) occurs inside a quotation of b, as
// its start word in b, or npos.
size_t FindQuoteIn(const std::vector<uint64_t>& a, const Quote& qa, const std::vector<uint64_t>& b,
                   const std::vector<QuotedWord>& quoted_b) {
  const size_t n = qa.last - qa.first;
  auto it = std::lower_bound(quoted_b.begin(), quoted_b.end(), QuotedWord{a[qa.first], 0, 0});
  for (size_t tried = 0; it != quoted_b.end() && it->hash == a[qa.first] && tried < kMaxQuoteCandidates;
       ++it, ++tried) {
    if (it->word + n > it->quote_last) continue;
    if (std::equal(a.begin() + qa.first, a.begin() + qa.last, b.begin() + it->word)) return it->word;
  }
  return std::string_view::npos;
}

}  // namespace

AlignText PrepareAlign(std::string_view text, const Fingerprint& fp, const Options& options) {
  AlignText out;
  out.text = text;
  out.fp = &fp;
  if (fp.word_hashes.empty()) return out;
  out.seeds = SeedTable(fp.word_hashes);
  out.paragraph = ParagraphOfWords(text, fp.words);
  out.quotes = FindQuotes(text, fp.words);
  out.in_quote.assign(fp.word_hashes.size(), 0);
  for (const Quote& q : out.quotes)
    for (size_t w = q.first; w < q.last && w < out.in_quote.size(); ++w) out.in_quote[w] = 1;
  if (options.min_quote_words < options.min_span_words) out.quoted = QuotedWords(fp.word_hashes, out.quotes);
  return out;
}

std::vector<SharedSpan> Align(std::string_view text_a, const Fingerprint& a, std::string_view text_b,
                              const Fingerprint& b, const Options& options) {
  if (a.word_hashes.empty() || b.word_hashes.empty()) return {};
  return Align(PrepareAlign(text_a, a, options), PrepareAlign(text_b, b, options), options);
}

std::vector<SharedSpan> Align(const AlignText& side_a, const AlignText& side_b, const Options& options) {
  std::vector<SharedSpan> result;
  const Fingerprint& a = *side_a.fp;
  const Fingerprint& b = *side_b.fp;
  const auto& wa = a.word_hashes;
  const auto& wb = b.word_hashes;
  if (wa.empty() || wb.empty()) return result;

  // 1-2. Seeds and their extensions.
  std::vector<std::vector<Match>> chains;
  {
    const auto& table_a = side_a.seeds;
    const auto& table_b = side_b.seeds;
    // Seeds in order of position in a: (i, range of b's table).
    std::vector<std::pair<uint32_t, std::pair<uint32_t, uint32_t>>> seeds;
    size_t x = 0, y = 0;
    while (x < table_a.size() && y < table_b.size()) {
      if (table_a[x].first < table_b[y].first) {
        ++x;
      } else if (table_b[y].first < table_a[x].first) {
        ++y;
      } else {
        uint64_t h = table_a[x].first;
        size_t x_end = x, y_end = y;
        while (x_end < table_a.size() && table_a[x_end].first == h) ++x_end;
        while (y_end < table_b.size() && table_b[y_end].first == h) ++y_end;
        if (x_end - x <= kMaxSeedRepeats && y_end - y <= kMaxSeedRepeats) {
          for (size_t k = x; k < x_end; ++k)
            seeds.push_back({table_a[k].second, {static_cast<uint32_t>(y), static_cast<uint32_t>(y_end)}});
        }
        x = x_end;
        y = y_end;
      }
    }
    std::sort(seeds.begin(), seeds.end());
    Aligner aligner(wa, wb);
    std::unordered_set<uint64_t> matched;  // (i << 32 | j) already on an alignment
    for (const auto& [i, range] : seeds) {
      for (uint32_t k = range.first; k < range.second && !aligner.Exhausted(); ++k) {
        uint32_t j = table_b[k].second;
        if (matched.count((static_cast<uint64_t>(i) << 32) | j)) continue;
        if (!std::equal(wa.begin() + i, wa.begin() + i + kSeedWords, wb.begin() + j)) continue;  // hash collision
        std::vector<Match> chain = aligner.Extend(i, j);
        for (const Match& m : chain) matched.insert((static_cast<uint64_t>(m.first) << 32) | m.second);
        if (chain.size() >= options.min_span_words) chains.push_back(std::move(chain));
      }
      if (aligner.Exhausted()) break;
    }
  }

  // 3. Overlaps: longest first, each word of a and of b used once.
  std::stable_sort(chains.begin(), chains.end(), [](const auto& x, const auto& y) {
    if (x.size() != y.size()) return x.size() > y.size();
    return x.front() < y.front();
  });
  std::vector<char> used_a(wa.size(), 0), used_b(wb.size(), 0);
  std::vector<std::vector<Match>> kept;
  for (const auto& chain : chains) {
    std::vector<Match> run;
    auto flush = [&] {
      // A run whose matches are spread thin over its span (edits every few
      // words) is two texts saying similar things, not one passage.
      size_t extent = run.empty() ? 0
                                  : std::max<size_t>(run.back().first - run.front().first,
                                                     run.back().second - run.front().second) + 1;
      if (run.size() >= options.min_span_words && run.size() * 4 >= extent * 3) {
        for (const Match& m : run) used_a[m.first] = used_b[m.second] = 1;
        kept.push_back(std::move(run));
      }
      run.clear();
    };
    for (const Match& m : chain) {
      if (used_a[m.first] || used_b[m.second]) {
        flush();
      } else {
        run.push_back(m);
      }
    }
    flush();
  }

  // 4. Paragraph pieces. A piece that lies mostly within quotation marks in
  // both texts is the same quotation carried twice (two outlets quoting one
  // speaker), not copied prose: it is marked as a quotation.
  const std::vector<uint32_t>& para_a = side_a.paragraph;
  const std::vector<uint32_t>& para_b = side_b.paragraph;
  const std::vector<Quote>& quotes_a = side_a.quotes;
  const std::vector<Quote>& quotes_b = side_b.quotes;
  const std::vector<char>& in_quote_a = side_a.in_quote;
  const std::vector<char>& in_quote_b = side_b.in_quote;
  for (const auto& chain : kept) {
    size_t start = 0;
    for (size_t k = 1; k <= chain.size(); ++k) {
      bool cut = k == chain.size() || para_a[chain[k].first] != para_a[chain[k - 1].first] ||
                 para_b[chain[k].second] != para_b[chain[k - 1].second];
      if (!cut) continue;
      // Every kept alignment has min_span_words, so a piece needs min_quote_words.
      size_t n = k - start;
      if (n >= std::min(options.min_span_words, options.min_quote_words)) {
        const Match& f = chain[start];
        const Match& l = chain[k - 1];
        size_t quoted_a = 0, quoted_b = 0;
        for (size_t m = start; m < k; ++m) {
          quoted_a += in_quote_a[chain[m].first];
          quoted_b += in_quote_b[chain[m].second];
        }
        // Mostly quoted on both sides: partial quotes interleave quoted words
        // with the reporter's own ("``an important man'' to X, seemed to
        // have ``fallen''"), so more than half, not all.
        bool quotation = quoted_a * 2 > n && quoted_b * 2 > n;
        result.push_back({{a.words[f.first].begin, a.words[l.first].end},
                          {b.words[f.second].begin, b.words[l.second].end},
                          n,
                          quotation});
      }
      start = k;
    }
  }

  // 5. Short shared quotations not already covered.
  if (options.min_quote_words < options.min_span_words) {
    const auto& quoted_a = side_a.quoted;
    const auto& quoted_b = side_b.quoted;
    auto free_range = [](const std::vector<char>& used, size_t first, size_t last) {
      return std::none_of(used.begin() + first, used.begin() + last, [](char c) { return c != 0; });
    };
    auto add = [&](size_t fa, size_t fb, size_t n) {
      for (size_t k = 0; k < n; ++k) used_a[fa + k] = used_b[fb + k] = 1;
      result.push_back({{a.words[fa].begin, a.words[fa + n - 1].end},
                        {b.words[fb].begin, b.words[fb + n - 1].end},
                        n,
                        true});
    };
    for (const Quote& q : quotes_a) {
      size_t n = q.last - q.first;
      if (n < options.min_quote_words || n >= options.min_span_words) continue;
      if (!free_range(used_a, q.first, q.last)) continue;
      size_t j = FindQuoteIn(wa, q, wb, quoted_b);
      if (j != std::string_view::npos && free_range(used_b, j, j + n)) add(q.first, j, n);
    }
    for (const Quote& q : quotes_b) {
      size_t n = q.last - q.first;
      if (n < options.min_quote_words || n >= options.min_span_words) continue;
      if (!free_range(used_b, q.first, q.last)) continue;
      size_t i = FindQuoteIn(wb, q, wa, quoted_a);
      if (i != std::string_view::npos && free_range(used_a, i, i + n)) add(i, q.first, n);
    }
  }

  std::sort(result.begin(), result.end(), [](const SharedSpan& x, const SharedSpan& y) {
    if (x.a.begin != y.a.begin) return x.a.begin < y.a.begin;
    return x.b.begin < y.b.begin;
  });
  return result;
}

}  // namespace storyline::dedup
