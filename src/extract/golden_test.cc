// Data-driven tests of CleanPlainText: every tests/data/extract/cases/*.case
// file is one case (format in tests/data/extract/README.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "storyline/extract.h"
#include "testing/text_files.h"

namespace storyline::extract {
namespace {

namespace fs = std::filesystem;

struct Case {
  std::string name;
  bool find_title = true;
  std::string known_title;
  bool check_authors = false;
  std::vector<std::string> authors;
  std::string raw;
  std::string title;                    // expected; "" for none
  std::vector<std::string> paragraphs;  // expected body paragraphs
  std::vector<std::string> junk;        // lines that must not be in the body
};

using ::storyline::testing::Trim;

// Parses a case file; on a format error returns false with `*error` set.
bool ParseCase(const fs::path& path, Case* c, std::string* error) {
  std::ifstream in(path);
  if (!in) {
    *error = "cannot read " + path.string();
    return false;
  }
  c->name = path.stem().string();
  std::string line;
  bool started = false;
  std::vector<std::string> raw_lines;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!started && (line.starts_with("#") || (line.empty() && raw_lines.empty()))) continue;
    if (!started && line.starts_with("@")) {
      if (line.starts_with("@find_title ")) {
        c->find_title = Trim(line.substr(12)) != "no";
      } else if (line.starts_with("@known_title ")) {
        c->known_title = Trim(line.substr(13));
      } else if (line.starts_with("@authors ")) {
        c->check_authors = true;
        std::stringstream names(line.substr(9));
        std::string name;
        while (std::getline(names, name, ';')) c->authors.push_back(Trim(name));
      } else {
        *error = path.string() + ":" + std::to_string(number) + ": unknown option";
        return false;
      }
      continue;
    }
    started = true;
    if (line.empty()) {
      raw_lines.push_back("");
      continue;
    }
    if (line.size() < 2 || line[1] != ' ') {
      *error = path.string() + ":" + std::to_string(number) + ": line without marker";
      return false;
    }
    std::string text = line.substr(2);
    raw_lines.push_back(text);
    switch (line[0]) {
      case 'T':
        c->title = Trim(text);
        break;
      case '-':
        c->junk.push_back(Trim(text));
        break;
      case '+':
        c->paragraphs.push_back(Trim(text));
        break;
      case '&':
        if (c->paragraphs.empty()) {
          *error = path.string() + ":" + std::to_string(number) + ": '&' without a paragraph";
          return false;
        }
        c->paragraphs.back() += " " + Trim(text);
        break;
      default:
        *error = path.string() + ":" + std::to_string(number) + ": unknown marker";
        return false;
    }
  }
  for (size_t i = 0; i < raw_lines.size(); ++i) {
    if (i > 0) c->raw += "\n";
    c->raw += raw_lines[i];
  }
  return true;
}

std::vector<fs::path> CaseFiles() {
  std::vector<fs::path> files;
  fs::path dir = fs::path(STORYLINE_SOURCE_DIR) / "tests/data/extract/cases";
  if (!fs::is_directory(dir)) return files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".case") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(GoldenTest, HasCases) { EXPECT_GE(CaseFiles().size(), 15u); }

class GoldenCaseTest : public ::testing::TestWithParam<fs::path> {};

TEST_P(GoldenCaseTest, CleansAsExpected) {
  Case c;
  std::string error;
  ASSERT_TRUE(ParseCase(GetParam(), &c, &error)) << error;
  CleanedText out = CleanPlainText(c.raw, c.find_title, c.known_title);

  EXPECT_EQ(out.title, c.title);
  std::string expected_body;
  for (size_t i = 0; i < c.paragraphs.size(); ++i) {
    if (i > 0) expected_body += "\n\n";
    expected_body += c.paragraphs[i];
  }
  EXPECT_EQ(out.body, expected_body);
  for (const std::string& j : c.junk) {
    EXPECT_EQ(out.body.find(j), std::string::npos) << "junk kept: " << j;
  }
  if (c.check_authors) {
    EXPECT_EQ(out.authors, c.authors);
  }
  // Every dropped line is listed with a span inside the raw text.
  for (const DroppedLine& d : out.dropped) {
    EXPECT_LE(d.span.end, c.raw.size());
    EXPECT_LT(d.span.begin, d.span.end);
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, GoldenCaseTest, ::testing::ValuesIn(CaseFiles()),
                         [](const ::testing::TestParamInfo<fs::path>& info) {
                           std::string name = info.param.stem().string();
                           for (char& ch : name) {
                             if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace storyline::extract
