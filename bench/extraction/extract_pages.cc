// bench/extraction helper: runs Storyline's whole extract path on web pages
// and writes one JSON line per page. Built by run.sh against the engine
// library (not part of the CMake build).
//
//   extract_pages LIST.tsv [REPEAT] > out.jsonl    (LIST: "path<TAB>url" lines)
//
// REPEAT (default 1) runs the timed loop that many times over the same pages
// (for profiling and steadier speed figures); the output is the last run's.
//
// Per page, the timed path is: gunzip (.gz, the engine's ingest::Inflate), charset decoding to UTF-8,
// HTML parsing, content extraction, metadata and language detection. Files
// are read into memory before the clock starts. The last line is
// {"timing": {"pages": N, "seconds": S}}.
#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "ingest/article_json.h"
#include "ingest/stream.h"
#include "storyline/extract.h"
#include "storyline/text.h"

#if __has_include("ingest/charset.h")
#include "ingest/charset.h"
#define HAVE_CHARSET 1
#endif


int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: extract_pages LIST.tsv [REPEAT]\n";
    return 2;
  }
  const int repeat = argc > 2 ? std::max(1, std::atoi(argv[2])) : 1;
  std::ifstream list(argv[1]);
  std::vector<std::pair<std::string, std::string>> items;  // path, url
  std::vector<std::string> bytes;
  std::string line;
  while (std::getline(list, line)) {
    size_t tab = line.find('\t');
    std::string path = line.substr(0, tab), url = tab == std::string::npos ? "" : line.substr(tab + 1);
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    items.emplace_back(path, url);
    bytes.push_back(ss.str());
  }
  std::vector<storyline::extract::HtmlExtraction> results;
  results.reserve(items.size());
  // CPU time of the process: what one core spends, whatever else runs on the machine.
  auto cpu_seconds = [] {
    timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + ts.tv_nsec / 1e9;
  };
  double t0 = cpu_seconds();
  for (int run = 0; run < repeat; ++run) {
    results.clear();
    for (size_t i = 0; i < items.size(); ++i) {
      std::string inflated;
      std::string_view raw = bytes[i];
      if (raw.size() > 2 && static_cast<unsigned char>(raw[0]) == 0x1f && static_cast<unsigned char>(raw[1]) == 0x8b) {
        storyline::Status failure;
        inflated = storyline::ingest::Inflate(raw, size_t{1} << 30, /*deflate=*/false, &failure);
        raw = inflated;
      }
      storyline::ingest::Document doc;
#ifdef HAVE_CHARSET
      // The inflated page is handed over (UTF-8 is then moved, not copied);
      // a page stored uncompressed stays for the next repeat.
      doc.article.text = inflated.empty() ? storyline::ingest::DecodeToUtf8(raw, "", true).text
                                          : storyline::ingest::DecodeToUtf8(std::move(inflated), "", true).text;
#else
      doc.article.text = storyline::text::RepairUtf8(raw);
#endif
      doc.article.url = items[i].second;
      doc.format = storyline::ingest::Document::Format::kHtmlPage;
      results.push_back(storyline::extract::ExtractHtml(doc));
    }
  }
  double seconds = cpu_seconds() - t0;
  for (size_t i = 0; i < items.size(); ++i) {
    nlohmann::ordered_json j = storyline::ingest::ArticleJson(results[i].article);
    j["file"] = items[i].first;
    j["reason"] = results[i].not_article_reason;
    std::cout << storyline::ingest::Dump(j) << "\n";
  }
  nlohmann::ordered_json t;
  t["timing"] = {{"pages", items.size() * static_cast<size_t>(repeat)}, {"seconds", seconds}};
  std::cout << t.dump() << "\n";
  return 0;
}
