// Throughput of the text layer's hot functions (Google Benchmark).
//   build/text_bench --benchmark_min_time=1
#include <benchmark/benchmark.h>

#include <string>

#include "storyline/text.h"

namespace {

using namespace storyline;

const std::string& Paragraph() {
  static const std::string p =
      "The U.S. Treasury said on Monday that it would issue $3.5bn in new debt. "
      "\u201cWe are ready,\u201d Mr. Smith said. Markets rose 1.2 per cent by 9 a.m. on Tuesday (Mar. 4).";
  return p;
}

const std::string& Article() {
  static const std::string a = [] {
    std::string s;
    while (s.size() < 3000) s += Paragraph() + "\n\n";
    return s;
  }();
  return a;
}

void BM_FindInvalidUtf8(benchmark::State& state) {
  const std::string& text = Article();
  for (auto _ : state) benchmark::DoNotOptimize(text::FindInvalidUtf8(text));
  state.SetBytesProcessed(state.iterations() * text.size());
}
BENCHMARK(BM_FindInvalidUtf8);

void BM_Normalize(benchmark::State& state) {
  const std::string& text = Article();
  for (auto _ : state) benchmark::DoNotOptimize(text::Normalize(text));
  state.SetBytesProcessed(state.iterations() * text.size());
}
BENCHMARK(BM_Normalize);

void BM_SplitSentences(benchmark::State& state) {
  const std::string& text = Article();
  for (auto _ : state) benchmark::DoNotOptimize(text::SplitSentences(text));
  state.SetBytesProcessed(state.iterations() * text.size());
}
BENCHMARK(BM_SplitSentences);

void BM_Tokenize(benchmark::State& state) {
  const std::string& text = Article();
  for (auto _ : state) benchmark::DoNotOptimize(text::Tokenize(text));
  state.SetBytesProcessed(state.iterations() * text.size());
}
BENCHMARK(BM_Tokenize);

}  // namespace

BENCHMARK_MAIN();
