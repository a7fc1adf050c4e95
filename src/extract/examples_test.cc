// The sample corpus in examples/ (labels in examples/labels/junk.tsv:
// `article_id<TAB>junk line`): every labelled junk line is dropped and at
// least 97% of the other lines are kept.
//
// Known misses are listed in tests/data/extract/examples_known_misses.tsv (same
// format): they are reported, not failed, and the test fails when one of them
// is fixed, so that the list only shrinks.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "storyline/extract.h"
#include "storyline/ingest.h"
#include "testing/text_files.h"

namespace storyline::extract {
namespace {

namespace fs = std::filesystem;

using ::storyline::testing::Trim;

TEST(ExamplesTest, LabelledJunkDroppedBodyKept) {
  fs::path dir = fs::path(STORYLINE_SOURCE_DIR) / "examples";
  fs::path labels_path = dir / "labels" / "junk.tsv";
  if (!fs::exists(labels_path)) GTEST_SKIP() << "no examples/labels/junk.tsv yet";

  std::map<std::string, std::set<std::string>> junk;  // article id -> junk lines
  std::ifstream in(labels_path);
  std::string line;
  while (std::getline(in, line)) {
    size_t tab = line.find('\t');
    if (line.empty() || line[0] == '#' || tab == std::string::npos) continue;
    junk[line.substr(0, tab)].insert(Trim(line.substr(tab + 1)));
  }

  std::set<std::pair<std::string, std::string>> known_misses;
  std::ifstream misses(fs::path(STORYLINE_SOURCE_DIR) / "tests/data/extract/examples_known_misses.tsv");
  while (std::getline(misses, line)) {
    size_t tab = line.find('\t');
    if (line.empty() || line[0] == '#' || tab == std::string::npos) continue;
    known_misses.insert({line.substr(0, tab), Trim(line.substr(tab + 1))});
  }

  std::vector<ingest::Document> docs;
  ingest::ReadInputs({dir.string()}, ingest::Options{},
                     [&](ingest::Document d) { docs.push_back(std::move(d)); },
                     [](ingest::InputError) {});
  ASSERT_FALSE(docs.empty());

  size_t body_lines = 0, body_kept = 0, junk_seen = 0;
  for (const ingest::Document& doc : docs) {
    const std::string& raw = doc.article.text;
    CleanedText out = CleanPlainText(raw, doc.title_from_first_line && doc.article.title.empty(),
                                     doc.article.title, doc.article.authors);
    std::set<std::string> dropped, titles;
    for (const DroppedLine& d : out.dropped) {
      std::string text = Trim(raw.substr(d.span.begin, d.span.size()));
      (d.reason == DropReason::kTitle ? titles : dropped).insert(text);
    }
    const std::set<std::string>& doc_junk = junk[doc.article.id];
    std::stringstream ss(raw);
    while (std::getline(ss, line)) {
      std::string t = Trim(line);
      if (t.empty()) continue;
      if (doc_junk.count(t)) {
        ++junk_seen;
        bool gone = dropped.count(t) || titles.count(t);
        if (known_misses.count({doc.article.id, t})) {
          EXPECT_FALSE(gone) << doc.article.id << ": fixed, remove from known misses: " << t;
          if (!gone) std::cout << "[ info ] known miss: " << doc.article.id << ": " << t << "\n";
        } else {
          EXPECT_TRUE(gone) << doc.article.id << ": junk kept: " << t;
        }
      } else {
        ++body_lines;
        if (!dropped.count(t)) {
          ++body_kept;
        } else {
          std::cout << "[ info ] " << doc.article.id << ": body line dropped: " << t << "\n";
        }
      }
    }
  }
  EXPECT_GT(junk_seen, 0u);
  ASSERT_GT(body_lines, 0u);
  EXPECT_GE(static_cast<double>(body_kept) / static_cast<double>(body_lines), 0.97)
      << body_kept << " of " << body_lines << " body lines kept";
}

}  // namespace
}  // namespace storyline::extract
