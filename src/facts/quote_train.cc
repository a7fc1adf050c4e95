// Trains the quote finder's cue model (quote_model.h) on PolNeAR train and
// writes src/facts/quote_model.inc:
//
//   quote_train --train ../shared/data/quotes/train.jsonl --out src/facts/quote_model.inc
//               [--holdout N] [--epochs N] [--min-count N] [--stem-count N] [--min-ratio X]
//               [--min-weight X] [--threshold X]
//
// Labels: a word is positive when it heads an annotated cue (the first word of
// the cue that is no auxiliary, adverb, time word or preposition of "in a
// statement"; "according to" is headed by "according"), as
// scripts/train_quotes.py defines heads. Candidates: the word forms that head
// >= min-count cues with a cue/occurrence ratio >= min-ratio in the training
// articles, and the forms whose quote_model::Stem is shared by >= stem-count
// heads at that ratio ("testifies" when "testified", "testifying" head cues);
// of the forms, those whose cues have no source in >= 60% of >= 5
// cues are listed as such ("expected", "seemed"). An averaged binary perceptron over quote_model::Features of every
// candidate occurrence, epochs over a fixed seeded order; averaged weights
// below min-weight in magnitude are dropped (the model is compiled in).
//
// --holdout N trains on all but the last N articles and prints cue P/R/F1 on
// them (for choosing options and the threshold without touching dev); the
// finder's own figures on the held-out articles come from quotes_eval --model.
//
// Deterministic: the same data and options give the same file byte for byte.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "facts/quote_model.h"

using namespace storyline::facts::quote_model;

namespace {

struct Instance {
  std::vector<uint32_t> feats;
  bool label;
};

// A word token of an article: its paragraph (index into Article::lines) and its index there.
struct WordRef {
  uint32_t line, index;
};

struct Article {
  std::string text, lower;
  std::vector<std::vector<Token>> lines;  // the tokens of each paragraph (quote_model::Tokenize)
  std::vector<WordRef> words;             // the word tokens
  std::unordered_set<uint32_t> heads;  // byte offsets of cue heads
  std::unordered_set<uint32_t> sourceless;  // heads of cues with no source
};

const std::unordered_set<std::string> kSkip = {
    "has", "have", "had", "also", "is", "was", "were", "are", "be", "been", "being", "will", "would", "not",
    "n't", "later", "then", "previously", "earlier", "recently", "just", "did", "does", "do", "repeatedly",
    "again", "publicly", "once", "often", "still", "even", "never", "long", "widely", "now", "first",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday", "today", "in",
    "a", "an", "the", "statement", "on", "to", "interview", "with", "it", "s"};

Article Load(const nlohmann::json& j) {
  Article a;
  a.text = j.at("text").get<std::string>();
  a.lower = a.text;
  for (char& c : a.lower)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  // Code point -> byte offsets.
  std::vector<size_t> byte_of;
  for (size_t i = 0; i < a.text.size(); ++i)
    if ((static_cast<unsigned char>(a.text[i]) & 0xC0) != 0x80) byte_of.push_back(i);
  byte_of.push_back(a.text.size());
  auto bo = [&](size_t cp) { return byte_of[std::min(cp, byte_of.size() - 1)]; };
  for (size_t pos = 0; pos < a.text.size();) {
    size_t nl = a.text.find('\n', pos);
    if (nl == std::string::npos) nl = a.text.size();
    a.lines.emplace_back();
    Tokenize(a.text, a.lower, pos, nl, &a.lines.back());
    for (size_t i = 0; i < a.lines.back().size(); ++i)
      if (a.lines.back()[i].IsWord()) a.words.push_back(WordRef{static_cast<uint32_t>(a.lines.size() - 1), static_cast<uint32_t>(i)});
    pos = nl + 1;
  }
  for (const auto& at : j.at("attributions")) {
    if (!at.contains("cue")) continue;
    std::vector<std::pair<size_t, size_t>> spans;
    for (const auto& c : at["cue"])
      for (const auto& s : c["spans"]) spans.emplace_back(bo(s[0].get<size_t>()), bo(s[1].get<size_t>()));
    std::sort(spans.begin(), spans.end());
    std::vector<Token> ws;
    for (auto [b, e] : spans) {
      std::vector<Token> t;
      Tokenize(a.text, a.lower, b, e, &t);
      for (const Token& x : t)
        if (x.IsWord()) ws.push_back(x);
    }
    if (ws.empty()) continue;
    const Token* head = nullptr;
    for (const Token& x : ws) {
      std::string w = a.lower.substr(x.b, x.e - x.b);
      if (kSkip.count(w) || (w.size() > 4 && w.ends_with("ly"))) continue;
      head = &x;
      break;
    }
    if (!head) head = &ws[0];
    a.heads.insert(head->b);
    if (!at.contains("source") || at["source"].empty()) a.sourceless.insert(head->b);
  }
  return a;
}

uint64_t g_rng = 88172645463325252ull;
uint64_t Next() {
  g_rng ^= g_rng << 13;
  g_rng ^= g_rng >> 7;
  g_rng ^= g_rng << 17;
  return g_rng;
}

}  // namespace

int main(int argc, char** argv) {
  std::string train_path, out_path;
  int holdout = 0, epochs = 6, min_count = 3, stem_count = 0;
  double min_ratio = 0.02, threshold = 0, min_weight = 1e-3;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i];
    if (k == "--train") train_path = argv[i + 1];
    else if (k == "--out") out_path = argv[i + 1];
    else if (k == "--holdout") holdout = std::atoi(argv[i + 1]);
    else if (k == "--epochs") epochs = std::atoi(argv[i + 1]);
    else if (k == "--min-count") min_count = std::atoi(argv[i + 1]);
    else if (k == "--min-weight") min_weight = std::atof(argv[i + 1]);
    else if (k == "--stem-count") stem_count = std::atoi(argv[i + 1]);
    else if (k == "--min-ratio") min_ratio = std::atof(argv[i + 1]);
    else if (k == "--threshold") threshold = std::atof(argv[i + 1]);
    else {
      std::fprintf(stderr, "unknown option %s\n", argv[i]);
      return 2;
    }
  }
  if (train_path.empty() || out_path.empty()) {
    std::fprintf(stderr, "usage: quote_train --train train.jsonl --out quote_model.inc [options]\n");
    return 2;
  }
  std::ifstream in(train_path);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", train_path.c_str());
    return 2;
  }
  std::vector<Article> arts;
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) arts.push_back(Load(nlohmann::json::parse(line)));
  const size_t n_train = arts.size() - std::min<size_t>(holdout, arts.size());

  // Candidate forms.
  std::map<std::string, std::pair<int, int>> counts;  // form -> (heads, occurrences)
  std::map<std::string, std::pair<int, int>> stem_counts;  // stem -> (heads, occurrences)
  for (size_t d = 0; d < n_train; ++d)
    for (const WordRef& r : arts[d].words) {
      const Token& t = arts[d].lines[r.line][r.index];
      const std::string_view form = std::string_view(arts[d].lower).substr(t.b, t.e - t.b);
      auto& c = counts[std::string(form)];
      auto& sc = stem_counts[std::string(Stem(form))];
      ++c.second;
      ++sc.second;
      c.first += arts[d].heads.count(t.b);
      sc.first += arts[d].heads.count(t.b);
    }
  std::vector<std::string> candidates;
  for (const auto& [w, c] : counts)
    if (c.first >= min_count && c.first >= min_ratio * c.second) candidates.push_back(w);
  // Stems of >= stem-count heads at the same ratio: their rare inflections are candidates too.
  std::vector<std::string> stems;
  if (stem_count > 0)
    for (const auto& [w, c] : stem_counts)
      if (c.first >= stem_count && c.first >= min_ratio * c.second && w.size() >= 3) stems.push_back(w);
  // Forms whose cues mostly have no source (>= 5 cues, >= 60% of them).
  std::map<std::string, std::pair<int, int>> sourceless;  // form -> (sourceless cues, cues)
  for (size_t d = 0; d < n_train; ++d)
    for (const WordRef& r : arts[d].words)
      if (const Token& t = arts[d].lines[r.line][r.index]; arts[d].heads.count(t.b)) {
        auto& c = sourceless[arts[d].lower.substr(t.b, t.e - t.b)];
        ++c.second;
        c.first += arts[d].sourceless.count(t.b);
      }
  std::vector<std::string> no_source;
  for (const auto& [w, c] : sourceless)
    if (c.second >= 5 && c.first * 10 >= c.second * 6) no_source.push_back(w);
  Model candidacy;
  candidacy.Set({}, candidates, 0, {}, stems);

  auto instances = [&](size_t from, size_t to, int* missed_heads) {
    std::vector<Instance> xs;
    int missed = 0;
    for (size_t d = from; d < to; ++d) {
      const Article& a = arts[d];
      std::unordered_set<uint32_t> seen;
      for (const WordRef& r : a.words) {
        const Token& t = a.lines[r.line][r.index];
        if (!candidacy.IsCandidate(std::string_view(a.lower).substr(t.b, t.e - t.b))) continue;
        Instance x;
        Features(a.text, a.lower, a.lines[r.line], r.index, &x.feats);
        x.label = a.heads.count(t.b) > 0;
        if (x.label) seen.insert(t.b);
        xs.push_back(std::move(x));
      }
      missed += static_cast<int>(a.heads.size() - seen.size());
    }
    if (missed_heads) *missed_heads = missed;
    return xs;
  };
  int missed_train = 0;
  std::vector<Instance> train = instances(0, n_train, &missed_train);
  std::fprintf(stderr,
               "%zu articles for training, %zu candidate forms, %zu candidate stems, %zu instances, %d heads not "
               "candidates\n",
               n_train, candidates.size(), stems.size(), train.size(), missed_train);

  // Averaged perceptron.
  std::unordered_map<uint32_t, float> w, u;  // weights, and the sum of updates times their step
  long step = 1;
  std::vector<size_t> order(train.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  for (int ep = 0; ep < epochs; ++ep) {
    for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[Next() % i]);
    int errors = 0;
    for (size_t i : order) {
      const Instance& x = train[i];
      float s = 0;
      for (uint32_t h : x.feats) {
        auto it = w.find(h);
        if (it != w.end()) s += it->second;
      }
      const bool pred = s >= 0;
      if (pred != x.label) {
        ++errors;
        const float y = x.label ? 1.f : -1.f;
        for (uint32_t h : x.feats) {
          w[h] += y;
          u[h] += y * static_cast<float>(step);
        }
      }
      ++step;
    }
    std::fprintf(stderr, "epoch %d: %d errors\n", ep + 1, errors);
  }
  std::map<uint32_t, float> avg;  // sorted for a stable file
  for (const auto& [h, x] : w) {
    float a = x - u[h] / static_cast<float>(step);
    if (std::fabs(a) >= static_cast<float>(min_weight)) avg[h] = std::round(a * 1e4f) / 1e4f;
  }

  Model model;
  model.Set(std::unordered_map<uint32_t, float>(avg.begin(), avg.end()), candidates, static_cast<float>(threshold),
            no_source, stems);
  if (holdout > 0) {
    int missed = 0;
    std::vector<Instance> dev = instances(n_train, arts.size(), &missed);
    for (double th : {-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0}) {
      int tp = 0, fp = 0, fn = missed;
      for (const Instance& x : dev) {
        float s = 0;
        for (uint32_t h : x.feats) {
          auto it = avg.find(h);
          if (it != avg.end()) s += it->second;
        }
        bool p = s >= th;
        tp += p && x.label;
        fp += p && !x.label;
        fn += !p && x.label;
      }
      double P = tp / std::max(1.0, double(tp + fp)), R = tp / std::max(1.0, double(tp + fn));
      std::fprintf(stderr, "held-out cue heads (threshold %.1f): P %.3f R %.3f F1 %.3f (%d not candidates)\n", th, P,
                   R, P + R > 0 ? 2 * P * R / (P + R) : 0, missed);
    }
  }

  std::FILE* out = std::fopen(out_path.c_str(), "w");
  if (!out) {
    std::fprintf(stderr, "cannot write %s\n", out_path.c_str());
    return 2;
  }
  std::fprintf(out,
               "// Generated by quote_train (src/facts/quote_train.cc) from PolNeAR train.jsonl; do not edit.\n"
               "// Reproduce: scripts/train_quote_model.sh (builds quote_train, then runs it with the options below).\n"
               "// Options: --epochs %d --min-count %d --stem-count %d --min-ratio %g --min-weight %g --threshold %g\n"
               "// --holdout %d\n"
               "// %zu training articles, %zu candidate forms, %zu candidate stems, %zu weights. Lines: T\n"
               "// threshold, C candidate word form (a cue head in train), S candidate stem (quote_model::Stem\n"
               "// of cue heads), N cue form mostly without a source, W hashed feature key and weight; no\n"
               "// article text.\n"
               "static const char kQuoteModelText[] = R\"QM(\n",
               epochs, min_count, stem_count, min_ratio, min_weight, threshold, holdout, n_train, candidates.size(), stems.size(),
               avg.size());
  std::fprintf(out, "T %g\n", threshold);
  for (const std::string& c : candidates) std::fprintf(out, "C %s\n", c.c_str());
  for (const std::string& c : stems) std::fprintf(out, "S %s\n", c.c_str());
  for (const std::string& c : no_source) std::fprintf(out, "N %s\n", c.c_str());
  for (const auto& [h, x] : avg) std::fprintf(out, "W %08x %g\n", h, x);
  std::fprintf(out, ")QM\";\n");
  std::fclose(out);
  return 0;
}
