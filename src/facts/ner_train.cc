// Trains the entity tagger (scripts/train_ner.sh runs this): an averaged
// structured perceptron over BIO tags on CoNLL-2003 eng.train, evaluated on
// eng.testa after every epoch. Writes src/facts/ner_model.inc.
//
//   ner_train --train eng.train --dev eng.testa --out src/facts/ner_model.inc
//             [--epochs N] [--min-count N] [--prune X] [--folds N] [--seed N]
//
// Deterministic: fixed sentence order per epoch (seeded shuffle, our own
// generator), features and lexicon entries in a fixed order, so the same data
// and options give the same model file byte for byte.
//
// Gazetteer features are jackknifed: the phrases and entity words a training
// document sees come from the other folds of the training data only, so the
// model learns how far to trust a gazetteer hit on unseen text. At run time
// (and on eng.testa) the lexicon is built from all of eng.train.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "facts/ner_features.h"
#include "facts/ner_tagger.h"

using namespace storyline::facts::ner;

namespace {

struct ConllDoc {
  std::vector<std::string> words;
  std::vector<uint8_t> tags;  // BIO
  std::vector<uint32_t> starts;
  Document View() const {
    Document d;
    d.tokens.assign(words.begin(), words.end());
    d.sentence_starts = starts;
    return d;
  }
};

// Reads CoNLL-2003 (WORD POS CHUNK NER, IOB1) into documents with BIO tags.
std::vector<ConllDoc> ReadConll(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    std::cerr << "cannot read " << path << "\n";
    std::exit(2);
  }
  std::vector<ConllDoc> docs(1);
  std::string line;
  bool in_sentence = false;
  int prev_type = -1;
  while (std::getline(in, line)) {
    if (line.empty()) {
      in_sentence = false;
      prev_type = -1;
      continue;
    }
    std::istringstream ls(line);
    std::string w, pos, chunk, ner;
    ls >> w >> pos >> chunk >> ner;
    if (w == "-DOCSTART-") {
      if (!docs.back().words.empty()) docs.emplace_back();
      in_sentence = false;
      continue;
    }
    ConllDoc& d = docs.back();
    if (!in_sentence) {
      d.starts.push_back(static_cast<uint32_t>(d.words.size()));
      in_sentence = true;
      prev_type = -1;
    }
    int tag = 0;
    if (ner != "O") {
      int type = TypeIndex(ner.substr(2));
      bool begin = ner[0] == 'B' || type != prev_type;
      tag = begin ? TagB(type) : TagI(type);
      prev_type = type;
    } else {
      prev_type = -1;
    }
    d.words.push_back(w);
    d.tags.push_back(static_cast<uint8_t>(tag));
  }
  if (docs.back().words.empty()) docs.pop_back();
  return docs;
}

struct Chunk {
  size_t b, e;
  int type;
  bool operator<(const Chunk& o) const { return std::tie(b, e, type) < std::tie(o.b, o.e, o.type); }
};

std::vector<Chunk> Chunks(const uint8_t* tags, size_t n) {
  std::vector<Chunk> out;
  for (size_t i = 0; i < n;) {
    if (tags[i] == 0) {
      ++i;
      continue;
    }
    int type = TagType(tags[i]);
    size_t j = i + 1;
    while (j < n && TagIsInside(tags[j]) && TagType(tags[j]) == type) ++j;
    out.push_back({i, j, type});
    i = j;
  }
  return out;
}

struct Score {
  size_t tp = 0, pred = 0, gold = 0;
  void Add(const uint8_t* gold_tags, const uint8_t* pred_tags, size_t n) {
    auto g = Chunks(gold_tags, n), p = Chunks(pred_tags, n);
    gold += g.size();
    pred += p.size();
    std::sort(g.begin(), g.end());
    for (const Chunk& c : p)
      if (std::binary_search(g.begin(), g.end(), c)) ++tp;
  }
  double P() const { return pred ? double(tp) / pred : 0; }
  double R() const { return gold ? double(tp) / gold : 0; }
  double F() const { return P() + R() > 0 ? 2 * P() * R() / (P() + R()) : 0; }
};

// Deterministic generator (splitmix64).
struct Rng {
  uint64_t s;
  uint64_t Next() { return Mix(s++, 0x5EED); }
};

uint8_t CaseBucket(uint32_t lower_first, uint32_t mid_cap) {
  if (mid_cap == 0 && lower_first == 0) return 0;
  if (lower_first == 0) return 1;
  if (mid_cap >= lower_first) return 2;
  return 3;
}

struct Args {
  std::string train, dev, out;
  int epochs = 8;
  int min_count = 1;
  double prune = 0.0;
  int folds = 5;
  uint64_t seed = 20030531;
};

}  // namespace

int main(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    std::string k = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << "missing value for " << k << "\n";
        std::exit(2);
      }
      return argv[++i];
    };
    if (k == "--train") a.train = next();
    else if (k == "--dev") a.dev = next();
    else if (k == "--out") a.out = next();
    else if (k == "--epochs") a.epochs = std::stoi(next());
    else if (k == "--min-count") a.min_count = std::stoi(next());
    else if (k == "--prune") a.prune = std::stod(next());
    else if (k == "--folds") a.folds = std::stoi(next());
    else if (k == "--seed") a.seed = std::stoull(next());
    else {
      std::cerr << "unknown option " << k << "\n";
      return 2;
    }
  }
  if (a.train.empty() || a.dev.empty()) {
    std::cerr << "usage: ner_train --train eng.train --dev eng.testa [--out model.inc] [--epochs N] "
                 "[--min-count N] [--prune X] [--folds N] [--seed N]\n";
    return 2;
  }
  auto t0 = std::chrono::steady_clock::now();
  std::vector<ConllDoc> train = ReadConll(a.train), dev = ReadConll(a.dev);
  size_t train_tokens = 0;
  for (auto& d : train) train_tokens += d.words.size();
  std::fprintf(stderr, "train: %zu docs, %zu tokens; dev: %zu docs\n", train.size(), train_tokens, dev.size());

  // ---- Lexicons ----
  FeatureExtractor fx;
  FeatureBuffer fb;
  Lexicon empty;
  std::map<uint64_t, std::pair<uint32_t, uint32_t>> case_counts;  // lower -> (lower-first, mid-sentence cap)
  // Per document: phrases and member words with their types.
  std::vector<std::vector<std::pair<uint64_t, uint8_t>>> doc_phrases(train.size()), doc_members(train.size());
  for (size_t di = 0; di < train.size(); ++di) {
    const ConllDoc& d = train[di];
    fx.Extract(d.View(), empty, &fb);
    const auto& lh = fx.lower_hashes();
    for (size_t i = 0; i < d.words.size(); ++i) {
      if (fx.LowerFirst(i)) case_counts[lh[i]].first++;
      else if (fx.Capitalized(i) && !fx.SentenceInitial(i) && !fx.AllCapsSentence(i)) case_counts[lh[i]].second++;
    }
    for (const Chunk& c : Chunks(d.tags.data(), d.tags.size())) {
      for (size_t i = c.b; i < c.e; ++i) doc_members[di].push_back({lh[i], uint8_t(1 << c.type)});
      if (c.e - c.b <= kMaxPhrase) doc_phrases[di].push_back({PhraseHash(&lh[c.b], c.e - c.b), uint8_t(1 << c.type)});
    }
  }
  auto build_lexicon = [&](int exclude_fold) {
    Lexicon lex;
    for (const auto& [h, c] : case_counts) {
      uint8_t b = CaseBucket(c.first, c.second);
      if (b) lex.Add(Fold(Lexicon::Key(Lexicon::kCase, h)), b);
    }
    for (size_t di = 0; di < train.size(); ++di) {
      if (exclude_fold >= 0 && static_cast<int>(di % a.folds) == exclude_fold) continue;
      for (auto [h, m] : doc_phrases[di]) lex.Add(Fold(Lexicon::Key(Lexicon::kPhrase, h)), m);
      for (auto [h, m] : doc_members[di]) lex.Add(Fold(Lexicon::Key(Lexicon::kMember, h)), m);
    }
    return lex;
  };
  Lexicon full = build_lexicon(-1);
  std::vector<Lexicon> fold_lex;
  for (int f = 0; f < a.folds; ++f) fold_lex.push_back(build_lexicon(f));
  std::fprintf(stderr, "lexicon: %zu entries\n", full.size());

  // ---- Features ----
  std::vector<std::vector<uint64_t>> train_keys(train.size());
  std::vector<std::vector<uint32_t>> train_offsets(train.size());
  std::vector<uint64_t> all;
  for (size_t di = 0; di < train.size(); ++di) {
    fx.Extract(train[di].View(), fold_lex[di % a.folds], &fb);
    train_keys[di].assign(fb.feats.begin(), fb.feats.end());
    train_offsets[di] = fb.offsets;
    all.insert(all.end(), fb.feats.begin(), fb.feats.end());
  }
  std::sort(all.begin(), all.end());
  std::vector<uint64_t> vocab;
  for (size_t i = 0; i < all.size();) {
    size_t j = i;
    while (j < all.size() && all[j] == all[i]) ++j;
    if (static_cast<int>(j - i) >= a.min_count) vocab.push_back(all[i]);
    i = j;
  }
  all.clear();
  all.shrink_to_fit();
  const size_t F = vocab.size();
  std::fprintf(stderr, "features: %zu\n", F);
  auto id_of = [&](uint64_t k) -> int64_t {
    auto it = std::lower_bound(vocab.begin(), vocab.end(), k);
    return it != vocab.end() && *it == k ? it - vocab.begin() : -1;
  };
  struct Sent {
    size_t doc, b, e;
  };
  std::vector<std::vector<int32_t>> train_ids(train.size());
  std::vector<Sent> sents;
  for (size_t di = 0; di < train.size(); ++di) {
    auto& ids = train_ids[di];
    ids.reserve(train_keys[di].size());
    for (uint64_t k : train_keys[di]) ids.push_back(static_cast<int32_t>(id_of(k)));
    std::vector<uint64_t>().swap(train_keys[di]);
    const auto& st = train[di].starts;
    for (size_t s = 0; s < st.size(); ++s)
      sents.push_back({di, st[s], s + 1 < st.size() ? st[s + 1] : train[di].words.size()});
  }
  std::vector<std::vector<int32_t>> dev_ids(dev.size());
  std::vector<std::vector<uint32_t>> dev_offsets(dev.size());
  for (size_t di = 0; di < dev.size(); ++di) {
    fx.Extract(dev[di].View(), full, &fb);
    for (uint64_t k : fb.feats) dev_ids[di].push_back(static_cast<int32_t>(id_of(k)));
    dev_offsets[di] = fb.offsets;
  }
  std::fprintf(stderr, "features extracted in %.1fs\n",
               std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());

  // ---- Averaged structured perceptron ----
  constexpr int T = kNumTags;
  constexpr int TR = (kNumTags + 1) * kNumTags;
  std::vector<float> w(F * T, 0.f), tw(TR, 0.f);
  std::vector<double> u(F * T, 0.0), tu(TR, 0.0);
  double c = 1;
  std::vector<float> emis, work;
  std::vector<uint8_t> back, pred;
  auto emissions = [&](const std::vector<int32_t>& ids, const std::vector<uint32_t>& off, size_t b, size_t e,
                       bool averaged) {
    emis.assign((e - b) * T, 0.f);
    for (size_t i = b; i < e; ++i) {
      float* out = &emis[(i - b) * T];
      for (uint32_t j = off[i]; j < off[i + 1]; ++j) {
        int32_t f = ids[j];
        if (f < 0) continue;
        const float* row = &w[size_t(f) * T];
        if (averaged) {
          const double* ur = &u[size_t(f) * T];
          for (int t = 0; t < T; ++t) out[t] += row[t] - static_cast<float>(ur[t] / c);
        } else {
          for (int t = 0; t < T; ++t) out[t] += row[t];
        }
      }
    }
  };
  std::vector<float> avg_trans(TR);
  auto evaluate = [&]() {
    for (int i = 0; i < TR; ++i) avg_trans[i] = tw[i] - static_cast<float>(tu[i] / c);
    Score sc;
    for (size_t di = 0; di < dev.size(); ++di) {
      const auto& st = dev[di].starts;
      for (size_t s = 0; s < st.size(); ++s) {
        size_t b = st[s], e = s + 1 < st.size() ? st[s + 1] : dev[di].words.size();
        emissions(dev_ids[di], dev_offsets[di], b, e, true);
        pred.resize(e - b);
        Viterbi<float>(emis.data(), avg_trans.data(), e - b, pred.data(), &work, &back);
        sc.Add(&dev[di].tags[b], pred.data(), e - b);
      }
    }
    return sc;
  };
  std::vector<size_t> order(sents.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  Rng rng{a.seed};
  for (int epoch = 1; epoch <= a.epochs; ++epoch) {
    for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.Next() % i]);
    size_t errors = 0;
    for (size_t oi : order) {
      const Sent& s = sents[oi];
      const auto& ids = train_ids[s.doc];
      const auto& off = train_offsets[s.doc];
      const uint8_t* gold = &train[s.doc].tags[s.b];
      size_t n = s.e - s.b;
      emissions(ids, off, s.b, s.e, false);
      pred.resize(n);
      Viterbi<float>(emis.data(), tw.data(), n, pred.data(), &work, &back);
      bool wrong = false;
      for (size_t i = 0; i < n; ++i) {
        int g = gold[i], p = pred[i];
        int gp = i ? gold[i - 1] : kNumTags, pp = i ? pred[i - 1] : kNumTags;
        if (g != p) {
          wrong = true;
          for (uint32_t j = off[s.b + i]; j < off[s.b + i + 1]; ++j) {
            int32_t f = ids[j];
            if (f < 0) continue;
            w[size_t(f) * T + g] += 1;
            u[size_t(f) * T + g] += c;
            w[size_t(f) * T + p] -= 1;
            u[size_t(f) * T + p] -= c;
          }
        }
        if (g != p || gp != pp) {
          tw[gp * T + g] += 1;
          tu[gp * T + g] += c;
          tw[pp * T + p] -= 1;
          tu[pp * T + p] -= c;
        }
      }
      errors += wrong;
      c += 1;
    }
    Score sc = evaluate();
    std::fprintf(stderr, "epoch %d: %zu wrong sentences; dev P %.4f R %.4f F1 %.4f (%.0fs)\n", epoch, errors, sc.P(),
                 sc.R(), sc.F(), std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }

  // ---- Export: averaged, pruned, quantised ----
  std::vector<float> avg(F * T);
  float max_abs = 0;
  for (size_t i = 0; i < F * T; ++i) {
    avg[i] = w[i] - static_cast<float>(u[i] / c);
    max_abs = std::max(max_abs, std::fabs(avg[i]));
  }
  for (int i = 0; i < TR; ++i) {
    avg_trans[i] = tw[i] - static_cast<float>(tu[i] / c);
    max_abs = std::max(max_abs, std::fabs(avg_trans[i]));
  }
  const float scale = 32000.f / max_abs;
  std::vector<std::pair<uint32_t, size_t>> kept;  // folded key, row
  for (size_t f = 0; f < F; ++f) {
    float m = 0;
    for (int t = 0; t < T; ++t) m = std::max(m, std::fabs(avg[f * T + t]));
    if (m * scale < 0.5f || m < a.prune) continue;
    kept.push_back({Fold(vocab[f]), f});
  }
  std::sort(kept.begin(), kept.end());
  std::vector<uint32_t> keys;
  std::vector<int16_t> weights;
  for (size_t i = 0; i < kept.size();) {
    // Folded keys that collide share one row (their weights add).
    size_t j = i;
    float sum[T] = {0};
    while (j < kept.size() && kept[j].first == kept[i].first) {
      for (int t = 0; t < T; ++t) sum[t] += avg[kept[j].second * T + t];
      ++j;
    }
    keys.push_back(kept[i].first);
    for (int t = 0; t < T; ++t)
      weights.push_back(static_cast<int16_t>(std::clamp(std::lround(sum[t] * scale), -32767l, 32767l)));
    i = j;
  }
  std::vector<int16_t> trans(TR);
  for (int i = 0; i < TR; ++i) trans[i] = static_cast<int16_t>(std::lround(avg_trans[i] * scale));
  std::string blob = Model::Serialize(full, trans, keys, weights);
  Model model;
  if (!model.Load(blob)) {
    std::cerr << "model does not load\n";
    return 1;
  }
  // Score the exported model the way the run-time tagger runs it.
  Score sc;
  std::vector<uint8_t> tags;
  for (const ConllDoc& d : dev) {
    fx.Extract(d.View(), model.lexicon(), &fb);
    model.Tag(fb, d.starts, &tags);
    sc.Add(d.tags.data(), tags.data(), tags.size());
  }
  std::fprintf(stderr, "exported: %zu features, %zu bytes; dev P %.4f R %.4f F1 %.4f\n", keys.size(), blob.size(),
               sc.P(), sc.R(), sc.F());
  if (!a.out.empty()) {
    std::ofstream out(a.out, std::ios::binary);
    out << "// Generated by scripts/train_ner.sh (src/facts/ner_train.cc); do not edit.\n"
        << "// Data: CoNLL-2003 English eng.train (tuned on eng.testa); the model holds hashed\n"
        << "// feature keys, weights and gazetteer hashes, no text.\n"
        << "// Options: --epochs " << a.epochs << " --min-count " << a.min_count << " --prune " << a.prune
        << " --folds " << a.folds << " --seed " << a.seed << "\n";
    char line[256];
    std::snprintf(line, sizeof line,
                  "// %zu features, %zu lexicon entries, %zu bytes; eng.testa entity P %.4f R %.4f F1 %.4f\n",
                  keys.size(), full.size(), blob.size(), sc.P(), sc.R(), sc.F());
    out << line << "static const char kNerModelBase64[] =\n";
    std::string b64 = EncodeBase64(blob);
    for (size_t i = 0; i < b64.size(); i += 120) out << "    \"" << b64.substr(i, 120) << "\"\n";
    out << "    \"\";\n";
  }
  return 0;
}
