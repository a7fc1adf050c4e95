// Speed of the whole facts pass (what `storyline facts` does per article:
// facts::ReadFacts = entities tagged and grouped, quotes, numbers, dates) on
// real news text, and of each part alone on the same text.
//
//   facts_speed [--reps N] FILE.jsonl...
//
// Each input line is one article {"text": ...} (PolNeAR) or a cluster
// {"docs": [{"text": ...}, ...]} (DUC 2004). Articles get a fixed
// publication date so that relative dates resolve. Tokens are white-space
// separated words, counted once per pass. Each figure is the best of N passes
// (default 5) over all articles; JSON parsing is outside the clock. Run it
// pinned to one core (bench/facts/facts_speed.sh does: taskset -c 0).
// Two clocks: the process's CPU time (tokens per CPU second: the per-core
// figure, which other processes sharing the core do not dilute) and wall
// time (which they do, on a loaded machine). Prints a Markdown table.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "facts/ner_tagger.h"
#include "storyline/article.h"
#include "storyline/facts.h"

using namespace storyline;

namespace {

size_t Words(const std::string& s) {
  size_t n = 0;
  bool in = false;
  for (char c : s) {
    bool sp = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (!sp && !in) ++n;
    in = !sp;
  }
  return n;
}

double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

struct Time {
  double cpu = 1e30, wall = 1e30;
};

// Best of `reps` passes of `fn` over every article, in seconds; `sink` keeps the work alive.
Time Best(int reps, const std::vector<Article>& docs, const std::function<size_t(const Article&)>& fn,
          size_t* sink) {
  Time best;
  for (int r = 0; r < reps; ++r) {
    // Every pass tags the text afresh: the tagger keeps the sentences it has
    // seen, and a repeated pass would time that cache.
    storyline::facts::ner::ForgetTaggedSentences();
    auto t0 = std::chrono::steady_clock::now();
    double c0 = CpuSeconds();
    for (const Article& a : docs) *sink += fn(a);
    best.cpu = std::min(best.cpu, CpuSeconds() - c0);
    best.wall = std::min(best.wall, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  int reps = 5;
  std::vector<Article> docs;
  size_t bytes = 0, tokens = 0;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--reps") && i + 1 < argc) {
      reps = std::atoi(argv[++i]);
      continue;
    }
    std::ifstream in(argv[i]);
    if (!in) {
      std::fprintf(stderr, "facts_speed: cannot read %s\n", argv[i]);
      return 3;
    }
    std::string line;
    auto add = [&](const nlohmann::json& j) {
      Article a;
      a.id = std::to_string(docs.size());
      a.text = j.at("text").get<std::string>();
      a.published = "2016-09-12";
      bytes += a.text.size();
      tokens += Words(a.text);
      docs.push_back(std::move(a));
    };
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      auto j = nlohmann::json::parse(line);
      if (j.contains("docs")) {
        for (const auto& d : j["docs"]) add(d);
      } else {
        add(j);
      }
    }
  }
  if (docs.empty()) {
    std::fprintf(stderr, "usage: facts_speed [--reps N] FILE.jsonl...\n");
    return 2;
  }
  size_t sink = 0;
  struct Row {
    const char* name;
    Time secs;
  };
  std::vector<Row> rows;
  rows.push_back({"whole facts pass (ReadFacts: entities + quotes + numbers + dates)",
                  Best(reps, docs, [](const Article& a) {
                    facts::ArticleFacts f = facts::ReadFacts(a);
                    return f.entities.size() + f.quotes.size() + f.numbers.size() + f.dates.size();
                  }, &sink)});
  rows.push_back({"entities (TagEntities + GroupEntities)", Best(reps, docs, [](const Article& a) {
                    return facts::GroupEntities(a.text, facts::TagEntities(a.text)).size();
                  }, &sink)});
  rows.push_back({"quotes (FindQuotes, no entities)", Best(reps, docs, [](const Article& a) {
                    return facts::FindQuotes(a.text, {}).size();
                  }, &sink)});
  rows.push_back({"numbers (FindQuantities)", Best(reps, docs, [](const Article& a) {
                    return facts::FindQuantities(a.text).size();
                  }, &sink)});
  rows.push_back({"dates (FindTimeExpressions)", Best(reps, docs, [](const Article& a) {
                    return facts::FindTimeExpressions(a.text, a.published).size();
                  }, &sink)});
  std::printf("%zu articles, %zu tokens (white-space words), %zu bytes; best of %d passes\n\n", docs.size(),
              tokens, bytes, reps);
  std::printf("| part | tokens/s/core (CPU time) | articles/s/core | tokens/s (wall) |\n|---|---|---|---|\n");
  for (const Row& r : rows)
    std::printf("| %s | %.0f | %.0f | %.0f |\n", r.name, tokens / r.secs.cpu, docs.size() / r.secs.cpu,
                tokens / r.secs.wall);
  std::fprintf(stderr, "(%zu facts)\n", sink);
  return 0;
}
