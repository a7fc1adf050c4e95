// A synthetic news stream for the store's tests and bench/store: stories of
// pseudo-English articles (topic words, names and places per story, common
// words drawn by Zipf's law) from several outlets, in publication order,
// as JSONL lines in the `storyline extract --json` input shape. The same seed
// and count give the same bytes. Internal: not part of the engine library.
#ifndef STORYLINE_STORE_SYNTHETIC_H_
#define STORYLINE_STORE_SYNTHETIC_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace storyline::store::synthetic {

struct Options {
  size_t articles = 10000;
  uint64_t seed = 20261128;
  // Mean body size in bytes (news articles run 2-5 KB).
  size_t mean_body_bytes = 3000;
};

// Calls `line` with each JSONL record (no trailing newline), in order.
void Generate(const Options& options, const std::function<void(const std::string& line)>& line);

}  // namespace storyline::store::synthetic

#endif  // STORYLINE_STORE_SYNTHETIC_H_
