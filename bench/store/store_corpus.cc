// Writes the synthetic news stream of bench/store (src/store/synthetic.h):
//   store_corpus ARTICLES [SEED] [OUTDIR]
// as JSONL on stdout, or with OUTDIR as OUTDIR/part-NNNNN.jsonl files of
// 10,000 articles each (ingest reads a JSONL file whole, up to 64 MiB, and
// walks a directory in name order).
#include <cstdio>
#include <cstdlib>
#include <string>

#include "store/synthetic.h"

int main(int argc, char** argv) {
  storyline::store::synthetic::Options o;
  o.articles = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
  if (argc > 2) o.seed = std::strtoull(argv[2], nullptr, 10);
  std::string dir = argc > 3 ? argv[3] : "";
  FILE* out = dir.empty() ? stdout : nullptr;
  size_t n = 0, part = 0;
  std::string buf;
  bool ok = true;
  auto flush = [&] {
    if (out && !buf.empty()) ok &= std::fwrite(buf.data(), 1, buf.size(), out) == buf.size();
    buf.clear();
  };
  storyline::store::synthetic::Generate(o, [&](const std::string& line) {
    if (!dir.empty() && n % 10000 == 0) {
      flush();
      if (out) ok &= std::fclose(out) == 0;
      char name[32];
      std::snprintf(name, sizeof name, "/part-%05zu.jsonl", part++);
      out = std::fopen((dir + name).c_str(), "wb");
      if (!out) {
        std::perror((dir + name).c_str());
        std::exit(1);
      }
    }
    ++n;
    buf += line;
    buf += '\n';
    if (buf.size() > (1 << 20)) flush();
  });
  flush();
  if (out) ok &= (out == stdout ? std::fflush(out) : std::fclose(out)) == 0;
  return ok ? 0 : 1;
}
