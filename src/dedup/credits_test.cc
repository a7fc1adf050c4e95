// Tests of FindCredits: the cases are in tests/data/dedup/credits.txt (format:
// tests/data/dedup/README.md).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "storyline/dedup.h"

namespace storyline::dedup {
namespace {

struct Case {
  std::string name;
  std::string input;
  std::vector<std::string> expected;  // "agency | phrase"
};

// Resolves \n, \\ and \u{XXXX}.
std::string Unescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 >= s.size()) {
      out.push_back(s[i]);
      continue;
    }
    char c = s[++i];
    if (c == 'n') {
      out.push_back('\n');
    } else if (c == '\\') {
      out.push_back('\\');
    } else if (c == 'u' && i + 1 < s.size() && s[i + 1] == '{') {
      size_t close = s.find('}', i);
      uint32_t cp = static_cast<uint32_t>(std::stoul(std::string(s.substr(i + 2, close - i - 2)), nullptr, 16));
      if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
      } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
      } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
      } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
      }
      i = close;
    } else {
      out.push_back('\\');
      out.push_back(c);
    }
  }
  return out;
}

std::vector<Case> LoadCases() {
  std::ifstream in(std::string(STORYLINE_SOURCE_DIR) + "/tests/data/dedup/credits.txt");
  std::vector<Case> cases;
  std::string line;
  Case current;
  enum { kPreamble, kInput, kExpected } state = kPreamble;
  std::vector<std::string> input_lines;
  while (std::getline(in, line)) {
    if (state == kPreamble || (state == kExpected && line == "----")) {
      if (state == kExpected) {
        cases.push_back(current);
        state = kPreamble;
        continue;
      }
      if (line.rfind("# ", 0) == 0) {
        current = Case{line.substr(2), "", {}};
        input_lines.clear();
        state = kInput;
      }
      continue;
    }
    if (state == kInput) {
      if (line == "====") {
        for (size_t k = 0; k < input_lines.size(); ++k) current.input += (k ? "\n" : "") + input_lines[k];
        current.input = Unescape(current.input);
        state = kExpected;
      } else {
        input_lines.push_back(line);
      }
      continue;
    }
    if (!line.empty()) current.expected.push_back(Unescape(line));
  }
  return cases;
}

TEST(CreditsTest, DataDrivenCases) {
  auto cases = LoadCases();
  ASSERT_GE(cases.size(), 20u) << "credits.txt not found or malformed";
  for (const Case& c : cases) {
    std::vector<std::string> got;
    for (const Credit& credit : FindCredits(c.input)) {
      ASSERT_LE(credit.span.end, c.input.size()) << c.name;
      got.push_back(credit.agency + " | " + c.input.substr(credit.span.begin, credit.span.size()));
    }
    EXPECT_EQ(got, c.expected) << "case: " << c.name << "\ninput: " << c.input;
  }
}

TEST(CreditsTest, EmptyAndOddInput) {
  EXPECT_TRUE(FindCredits("").empty());
  EXPECT_TRUE(FindCredits("(").empty());
  EXPECT_TRUE(FindCredits("()-").empty());
  EXPECT_TRUE(FindCredits("Source:").empty());
  EXPECT_TRUE(FindCredits("according to").empty());
  // Arbitrary bytes never crash nor leave the text.
  std::string junk;
  for (int k = 0; k < 4096; ++k) junk.push_back(static_cast<char>((k * 131 + 7) % 256));
  for (const Credit& c : FindCredits(junk)) EXPECT_LE(c.span.end, junk.size());
}

TEST(CreditsTest, LongText) {
  std::string text;
  for (int k = 0; k < 5000; ++k) text += "The minister (Energy) said on Friday that prices rose, AP reported. ";
  auto credits = FindCredits(text);
  EXPECT_EQ(credits.size(), 5000u);
}

}  // namespace
}  // namespace storyline::dedup
