// Writes the synthetic news stream of bench/store (src/store/synthetic.h) as
// JSONL on stdout: store_corpus [ARTICLES] [SEED].
#include <cstdio>
#include <cstdlib>
#include <string>

#include "store/synthetic.h"

int main(int argc, char** argv) {
  storyline::store::synthetic::Options o;
  o.articles = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
  if (argc > 2) o.seed = std::strtoull(argv[2], nullptr, 10);
  std::string buf;
  storyline::store::synthetic::Generate(o, [&](const std::string& line) {
    buf += line;
    buf += '\n';
    if (buf.size() > (1 << 20)) {
      std::fwrite(buf.data(), 1, buf.size(), stdout);
      buf.clear();
    }
  });
  std::fwrite(buf.data(), 1, buf.size(), stdout);
  return std::fflush(stdout) == 0 ? 0 : 1;
}
