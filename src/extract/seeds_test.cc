// The seed articles (real scraped texts, kept outside the repository because
// they are copyrighted) cleaned line by line against an editor's labels in
// tests/data/extract/seeds_lines.tsv.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "storyline/extract.h"
#include "testing/text_files.h"

namespace storyline::extract {
namespace {

namespace fs = std::filesystem;

// $STORYLINE_SHARED/seeds (or $STORYLINE_SHARED itself when it holds the
// files), else the shared directory beside the source tree; "" if absent.
fs::path SeedsDir() {
  if (const char* env = std::getenv("STORYLINE_SHARED"); env != nullptr && *env != '\0') {
    fs::path p(env);
    if (fs::is_directory(p / "seeds")) return p / "seeds";
    if (fs::is_directory(p)) return p;
    return {};
  }
  fs::path p = fs::path(STORYLINE_SOURCE_DIR) / ".." / "shared" / "seeds";
  return fs::is_directory(p) ? p : fs::path();
}

struct SeedLabels {
  std::string file;
  size_t title_line = 0;  // 0: none
  std::set<size_t> junk;
};

std::vector<SeedLabels> ReadLabels() {
  std::vector<SeedLabels> out;
  std::ifstream in(fs::path(STORYLINE_SOURCE_DIR) / "tests/data/extract/seeds_lines.tsv");
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (header) {
      header = false;
      continue;
    }
    if (line.empty()) continue;
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string col;
    while (std::getline(ss, col, '\t')) cols.push_back(col);
    SeedLabels s;
    s.file = cols.at(0);
    if (cols.size() > 1 && cols[1] != "-") s.title_line = std::stoul(cols[1]);
    if (cols.size() > 2) {
      std::stringstream nums(cols[2]);
      size_t n;
      while (nums >> n) s.junk.insert(n);
    }
    out.push_back(s);
  }
  return out;
}

using ::storyline::testing::ReadFileOrEmpty;
using ::storyline::testing::Trim;

// 1-based line number of byte offset `at`.
size_t LineOf(const std::string& raw, size_t at) {
  return 1 + static_cast<size_t>(std::count(raw.begin(), raw.begin() + at, '\n'));
}

TEST(SeedsTest, LabelsCoverEverySeed) {
  fs::path dir = SeedsDir();
  if (dir.empty()) GTEST_SKIP() << "seed articles not found (set STORYLINE_SHARED or put them in ../shared/seeds)";
  std::vector<SeedLabels> labels = ReadLabels();
  ASSERT_FALSE(labels.empty()) << "tests/data/extract/seeds_lines.tsv is missing or empty";
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".txt") continue;
    ++files;
    std::string name = entry.path().filename().string();
    EXPECT_TRUE(std::any_of(labels.begin(), labels.end(),
                            [&](const SeedLabels& l) { return l.file == name; }))
        << "no labels for seed " << name;
  }
  EXPECT_EQ(files, labels.size());
}

TEST(SeedsTest, DropsExactlyTheLabelledLines) {
  fs::path dir = SeedsDir();
  if (dir.empty()) GTEST_SKIP() << "seed articles not found (set STORYLINE_SHARED or put them in ../shared/seeds)";
  for (const SeedLabels& label : ReadLabels()) {
    SCOPED_TRACE(label.file);
    fs::path path = dir / label.file;
    ASSERT_TRUE(fs::exists(path)) << path;
    std::string raw = ReadFileOrEmpty(path);
    CleanedText out = CleanPlainText(raw, /*find_title=*/true);

    // Which raw lines were dropped, and why.
    std::set<size_t> dropped;
    size_t title_line = 0;
    for (const DroppedLine& d : out.dropped) {
      dropped.insert(LineOf(raw, d.span.begin));
      if (d.reason == DropReason::kTitle && title_line == 0) title_line = LineOf(raw, d.span.begin);
    }
    std::vector<std::string> lines;
    std::stringstream ss(raw);
    std::string line;
    while (std::getline(ss, line)) lines.push_back(line);
    for (size_t n = 1; n <= lines.size(); ++n) {
      if (Trim(lines[n - 1]).empty()) continue;
      bool junk = label.junk.count(n) > 0 || n == label.title_line;
      EXPECT_EQ(dropped.count(n) > 0, junk)
          << "line " << n << (junk ? " should be dropped: " : " should be kept: ")
          << lines[n - 1].substr(0, 80);
    }
    EXPECT_EQ(title_line, label.title_line);
    if (label.title_line > 0) {
      EXPECT_EQ(out.title, Trim(lines[label.title_line - 1]));
    } else {
      EXPECT_EQ(out.title, "");
    }
  }
}

TEST(SeedsTest, NamedJunkIsGone) {
  fs::path dir = SeedsDir();
  if (dir.empty()) GTEST_SKIP() << "seed articles not found (set STORYLINE_SHARED or put them in ../shared/seeds)";
  std::string all;
  for (const SeedLabels& label : ReadLabels()) {
    all += CleanPlainText(ReadFileOrEmpty(dir / label.file), true).body;
    all += "\n\n";
  }
  for (const char* phrase :
       {"Follow us on Telegram", "If you like what you read", "scorecard", "Popular Right Now",
        "Advertisement", "Leave a Reply", "I write epic fantasy", "Disclaimer:", "Top image via",
        "[File:", "Source: Al Jazeera"}) {
    EXPECT_EQ(all.find(phrase), std::string::npos) << phrase;
  }
}

}  // namespace
}  // namespace storyline::extract
