// Runs FindTimeExpressions / FindQuantities over JSON lines on stdin
// ({"doc","dct","text"}) and writes predictions as JSON lines
// ({"doc","pred":[{"b","e","type","value","start","end"}]}), byte offsets.
// With --time N: runs the whole input N times and prints, on stderr, the
// seconds spent in the finder (parsing excluded).
// Built by bench/facts/timex_bench.sh straight from the sources.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include "storyline/facts.h"

int main(int argc, char** argv) {
  int reps = 0;
  bool quantities = false;
  for (int a = 1; a < argc; ++a) {
    if (!std::strcmp(argv[a], "--time") && a + 1 < argc) reps = std::atoi(argv[++a]);
    if (!std::strcmp(argv[a], "--quantities")) quantities = true;
  }
  std::vector<nlohmann::json> docs;
  std::string line;
  while (std::getline(std::cin, line))
    if (!line.empty()) docs.push_back(nlohmann::json::parse(line));
  if (reps > 0) {
    size_t sink = 0;
    auto t0 = std::chrono::steady_clock::now();
    for (int r = 0; r < reps; ++r)
      for (const auto& d : docs) {
        const std::string& text = d["text"].get_ref<const std::string&>();
        if (quantities)
          sink += storyline::facts::FindQuantities(text).size();
        else
          sink += storyline::facts::FindTimeExpressions(text, d.value("dct", std::string())).size();
      }
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::fprintf(stderr, "%.6f %zu\n", s, sink);
    return 0;
  }
  for (const auto& d : docs) {
    nlohmann::json out;
    out["doc"] = d["doc"];
    out["pred"] = nlohmann::json::array();
    const std::string& text = d["text"].get_ref<const std::string&>();
    if (quantities) {
      for (const auto& q : storyline::facts::FindQuantities(text))
        out["pred"].push_back({{"b", q.span.begin}, {"e", q.span.end}, {"text", q.text}, {"value", q.value}, {"unit", q.unit}});
    } else {
      for (const auto& t : storyline::facts::FindTimeExpressions(text, d.value("dct", std::string())))
        out["pred"].push_back({{"b", t.span.begin}, {"e", t.span.end}, {"text", t.text}, {"type", t.type},
                               {"value", t.value}, {"start", t.start}, {"end", t.end}});
    }
    std::cout << out.dump() << "\n";
  }
}
