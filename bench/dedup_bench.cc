// Per-article cost of the dedup stage's streaming path (Google Benchmark):
// MakeFingerprint, MakeSignature, and Index::Insert (query + add), on the texts
// of the dedup benchmark corpus (bench/dedup/generate.py).
//
//   STORYLINE_DEDUP_CORPUS=/tmp/storyline-dedup-bench/corpus.jsonl taskset -c 0 build/dedup_bench
//   build/dedup_bench --corpus=/path/corpus.jsonl [--limit=N] [benchmark flags]
//
// Without a corpus it synthesises 2,000 texts of ~3 KB from a fixed vocabulary
// (a deterministic generator), so it always runs; the numbers are then only
// comparable with themselves. items_per_second is articles per second;
// bytes_per_article = Index::MemoryBytes() / Index::size() after the corpus is
// added. Only the public API of storyline/dedup.h is used.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "storyline/dedup.h"

namespace {

using namespace storyline;

struct Corpus {
  std::vector<std::string> ids;
  std::vector<std::string> texts;
  size_t bytes = 0;
  std::string source;
};

std::string g_corpus_path;
size_t g_limit = 0;

Corpus Synthesise() {
  static const char* kWords[] = {
      "the",      "minister", "said",    "on",        "Tuesday",  "that",     "government", "would",
      "announce", "new",      "budget",  "measures",  "after",    "talks",    "with",       "union",
      "leaders",  "in",       "capital", "where",     "protests", "continued", "for",       "third",
      "day",      "police",   "reported", "arrests",  "while",    "markets",  "rose",       "percent",
      "analysts", "expect",   "further", "gains",     "as",       "exports",  "recover",    "from",
      "slump",    "earlier",  "this",    "year",      "company",  "shares",   "fell",       "sharply",
      "court",    "ruled",    "against", "appeal",    "by",       "former",   "president",  "who",
      "denied",   "charges",  "of",      "corruption", "and",     "fraud",    "election",   "campaign"};
  const size_t n_words = sizeof(kWords) / sizeof(kWords[0]);
  Corpus c;
  c.source = "synthetic (2,000 texts of ~3 KB, fixed vocabulary)";
  uint64_t x = 0x9e3779b97f4a7c15ULL;
  auto next = [&x] {  // xorshift64*
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    return x * 0x2545f4914f6cdd1dULL;
  };
  for (int i = 0; i < 2000; ++i) {
    std::string t;
    size_t sentence = 0;
    while (t.size() < 3000) {
      std::string w = kWords[next() % n_words];
      if (sentence == 0) w[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(w[0])));
      t += w;
      if (++sentence >= 8 + next() % 12) {
        t += (next() % 5 == 0) ? ".\n\n" : ". ";
        sentence = 0;
      } else {
        t += ' ';
      }
    }
    c.ids.push_back("s" + std::to_string(i));
    c.bytes += t.size();
    c.texts.push_back(std::move(t));
  }
  return c;
}

const Corpus& GetCorpus() {
  static const Corpus corpus = [] {
    std::string path = g_corpus_path;
    if (path.empty()) {
      if (const char* env = std::getenv("STORYLINE_DEDUP_CORPUS")) path = env;
    }
    if (!path.empty()) {
      std::ifstream in(path);
      if (in) {
        Corpus c;
        c.source = path;
        std::string line;
        while (std::getline(in, line)) {
          if (line.empty()) continue;
          auto j = nlohmann::json::parse(line);
          c.ids.push_back(j.at("id").get<std::string>());
          c.texts.push_back(j.at("text").get<std::string>());
          c.bytes += c.texts.back().size();
          if (g_limit && c.texts.size() >= g_limit) break;
        }
        if (!c.texts.empty()) return c;
      }
      std::cerr << "dedup_bench: cannot read " << path << ", using synthetic texts\n";
    }
    return Synthesise();
  }();
  return corpus;
}

const dedup::Options& Opts() {
  static const dedup::Options o;
  return o;
}

const std::vector<dedup::Fingerprint>& Fingerprints() {
  static const std::vector<dedup::Fingerprint> f = [] {
    std::vector<dedup::Fingerprint> v;
    for (const auto& t : GetCorpus().texts) v.push_back(dedup::MakeFingerprint(t, Opts()));
    return v;
  }();
  return f;
}

const std::vector<dedup::Signature>& Signatures() {
  static const std::vector<dedup::Signature> s = [] {
    std::vector<dedup::Signature> v;
    for (const auto& f : Fingerprints()) v.push_back(dedup::MakeSignature(f, Opts()));
    return v;
  }();
  return s;
}

void SetCorpusLabel(benchmark::State& state) {
  state.counters["articles"] = static_cast<double>(GetCorpus().texts.size());
}

// One article per iteration, cycling through the corpus.
void BM_MakeFingerprint(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  size_t i = 0, bytes = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(dedup::MakeFingerprint(c.texts[i], Opts()));
    bytes += c.texts[i].size();
    if (++i == c.texts.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  SetCorpusLabel(state);
}
BENCHMARK(BM_MakeFingerprint);

void BM_MakeSignature(benchmark::State& state) {
  const auto& fps = Fingerprints();
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(dedup::MakeSignature(fps[i], Opts()));
    if (++i == fps.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  SetCorpusLabel(state);
}
BENCHMARK(BM_MakeSignature);

// Streaming the whole corpus into a fresh index: Insert (query, then add) for
// every article (fingerprints and signatures precomputed). One iteration = the
// corpus. Arg 1: with the passage anchors (defaults); arg 0: LSH only.
void BM_IndexInsert(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  const auto& fps = Fingerprints();
  const auto& sigs = Signatures();
  dedup::Options options = Opts();
  if (state.range(0) == 0) options.anchor_window = 0;
  double bytes_per_article = 0, candidates = 0;
  for (auto _ : state) {
    dedup::Index index(options);
    size_t cands = 0;
    for (size_t i = 0; i < fps.size(); ++i) {
      auto q = index.Insert(c.ids[i], fps[i], sigs[i]);
      cands += q.size();
      benchmark::DoNotOptimize(q);
    }
    state.PauseTiming();
    bytes_per_article = static_cast<double>(index.MemoryBytes()) / static_cast<double>(index.size());
    candidates = static_cast<double>(cands) / static_cast<double>(fps.size());
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(fps.size()));
  state.counters["bytes_per_article"] = bytes_per_article;
  state.counters["candidates_per_article"] = candidates;
  SetCorpusLabel(state);
}
BENCHMARK(BM_IndexInsert)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond);

// The whole per-article streaming path: fingerprint, signature, query, add.
// Arg 1: with the passage anchors (defaults); arg 0: signatures + LSH only.
void BM_StreamArticle(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  dedup::Options options = Opts();
  if (state.range(0) == 0) options.anchor_window = 0;
  double bytes_per_article = 0;
  for (auto _ : state) {
    dedup::Index index(options);
    for (size_t i = 0; i < c.texts.size(); ++i) {
      auto fp = dedup::MakeFingerprint(c.texts[i], options);
      auto sig = dedup::MakeSignature(fp, options);
      benchmark::DoNotOptimize(index.Insert(c.ids[i], fp, sig));
    }
    state.PauseTiming();
    bytes_per_article = static_cast<double>(index.MemoryBytes()) / static_cast<double>(index.size());
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(c.texts.size()));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(c.bytes));
  state.counters["bytes_per_article"] = bytes_per_article;
  SetCorpusLabel(state);
}
BENCHMARK(BM_StreamArticle)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  // Own flags first (--corpus=PATH, --limit=N); the rest go to Google Benchmark.
  std::vector<char*> rest;
  for (int i = 0; i < argc; ++i) {
    if (std::strncmp(argv[i], "--corpus=", 9) == 0) {
      g_corpus_path = argv[i] + 9;
    } else if (std::strncmp(argv[i], "--limit=", 8) == 0) {
      g_limit = std::strtoul(argv[i] + 8, nullptr, 10);
    } else {
      rest.push_back(argv[i]);
    }
  }
  int n = static_cast<int>(rest.size());
  benchmark::Initialize(&n, rest.data());
  if (benchmark::ReportUnrecognizedArguments(n, rest.data())) return 1;
  const Corpus& c = GetCorpus();
  benchmark::AddCustomContext("dedup_corpus", c.source);
  benchmark::AddCustomContext("dedup_corpus_articles", std::to_string(c.texts.size()));
  benchmark::AddCustomContext("dedup_corpus_bytes", std::to_string(c.bytes));
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
