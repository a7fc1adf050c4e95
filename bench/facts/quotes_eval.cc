// Runs FindQuotes over PolNeAR-style JSON lines on stdin ({"filename","text",...})
// and writes predictions as JSON lines
// ({"filename","pred":[{"b","e","sb","se","cb","ce","speaker","cue","kind"}]}) with code
// point offsets (PolNeAR's unit). No entities are passed (the finder must not
// depend on the tagger). With --time N: runs FindQuotes over the whole input N
// times and prints "<seconds> <tokens>" on stderr (JSON parsing excluded;
// tokens = whitespace-separated words, counted once per run). With --model
// FILE: uses the cue model in FILE (a quote_model.inc the trainer wrote)
// instead of the compiled-in one (to score a held-out slice of train); with
// --filter FILE, the cue filter in FILE (a quote_filter.inc). With --log-cues
// FLOOR: no quotes; for each article, the cues the finder asks the cue filter
// about (model scores from FLOOR on, every one kept) as
// {"filename","cues":[{"cb","ce","sb","se","f":[features]}]} (what
// scripts/train_quote_filter.py trains on).
// Built by bench/facts/quotes.sh straight from the sources.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "facts/quote_model.h"
#include "storyline/facts.h"

namespace {
// Code points before each byte offset.
std::vector<size_t> CodePoints(const std::string& s) {
  std::vector<size_t> cp(s.size() + 1);
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    cp[i] = n;
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++n;
  }
  cp[s.size()] = n;
  return cp;
}
const char* KindName(storyline::facts::Quote::Kind k) {
  switch (k) {
    case storyline::facts::Quote::Kind::kDirect: return "direct";
    case storyline::facts::Quote::Kind::kPartial: return "partial";
    case storyline::facts::Quote::Kind::kIndirect: return "indirect";
  }
  return "?";
}
}  // namespace

int main(int argc, char** argv) {
  int reps = 0;
  static storyline::facts::quote_model::Model model;
  static storyline::facts::quote_model::CueFilter filter;
  bool log_cues = false;
  for (int a = 1; a < argc; ++a) {
    if (!std::strcmp(argv[a], "--time") && a + 1 < argc) reps = std::atoi(argv[++a]);
    if (!std::strcmp(argv[a], "--model") && a + 1 < argc) {
      std::ifstream f(argv[++a]);
      std::stringstream ss;
      ss << f.rdbuf();
      if (!model.Parse(ss.str())) {
        std::fprintf(stderr, "no model in %s\n", argv[a]);
        return 2;
      }
      storyline::facts::quote_model::OverrideModel(&model);
    }
    if (!std::strcmp(argv[a], "--filter") && a + 1 < argc) {
      std::ifstream f(argv[++a]);
      std::stringstream ss;
      ss << f.rdbuf();
      if (!filter.Parse(ss.str())) {
        std::fprintf(stderr, "no filter in %s\n", argv[a]);
        return 2;
      }
      storyline::facts::quote_model::OverrideFilter(&filter);
    }
    if (!std::strcmp(argv[a], "--log-cues") && a + 1 < argc) {
      filter = {};
      filter.SetFloor(static_cast<float>(std::atof(argv[++a])));
      storyline::facts::quote_model::OverrideFilter(&filter);
      log_cues = true;
    }
  }
  std::vector<std::pair<std::string, std::string>> docs;
  std::string line;
  while (std::getline(std::cin, line)) {
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line);
    docs.emplace_back(j.value("filename", ""), j.at("text").get<std::string>());
  }
  const std::vector<storyline::facts::Entity> no_entities;
  if (reps > 0) {
    size_t tokens = 0;
    for (auto& d : docs) {
      bool in = false;
      for (char c : d.second) {
        bool sp = c == ' ' || c == '\n' || c == '\t';
        if (!sp && !in) ++tokens;
        in = !sp;
      }
    }
    size_t found = 0;
    auto t0 = std::chrono::steady_clock::now();
    for (int r = 0; r < reps; ++r)
      for (auto& d : docs) found += storyline::facts::FindQuotes(d.second, no_entities).size();
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::fprintf(stderr, "%.6f %zu %zu\n", s, tokens * reps, found);
    return 0;
  }
  if (log_cues) {
    std::vector<storyline::facts::quote_model::CueRecord> log;
    storyline::facts::quote_model::SetCueLog(&log);
    for (auto& d : docs) {
      auto cp = CodePoints(d.second);
      log.clear();
      storyline::facts::FindQuotes(d.second, no_entities);
      nlohmann::json out{{"filename", d.first}, {"cues", nlohmann::json::array()}};
      for (const auto& r : log)
        out["cues"].push_back({{"cb", cp[r.cue_b]}, {"ce", cp[r.cue_e]}, {"sb", cp[r.speaker_b]},
                               {"se", cp[r.speaker_e]}, {"f", r.features}});
      std::cout << out.dump() << "\n";
    }
    storyline::facts::quote_model::SetCueLog(nullptr);
    return 0;
  }
  for (auto& d : docs) {
    auto cp = CodePoints(d.second);
    nlohmann::json out{{"filename", d.first}, {"pred", nlohmann::json::array()}};
    for (const auto& q : storyline::facts::FindQuotes(d.second, no_entities)) {
      out["pred"].push_back({{"b", cp[q.span.begin]}, {"e", cp[q.span.end]},
                             {"sb", cp[q.speaker_span.begin]}, {"se", cp[q.speaker_span.end]},
                             {"cb", cp[q.cue_span.begin]}, {"ce", cp[q.cue_span.end]},
                             {"speaker", q.speaker}, {"cue", q.cue}, {"kind", KindName(q.kind)},
                             {"text", q.text}});
    }
    std::cout << out.dump() << "\n";
  }
}
