// Time expressions: data-driven cases (tests/data/facts/timex/cases.txt) and
// the seed articles (../shared/seeds), whose true date is 2023-03-17.
#include <gtest/gtest.h>

#include "testing/shared_data.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "storyline/facts.h"

namespace storyline::facts {
namespace {

namespace fs = std::filesystem;

using ::storyline::testing::ReadFileOrEmpty;
using ::storyline::testing::SeedText;
using ::storyline::testing::SplitFields;
using ::storyline::testing::Trim;

std::string Describe(const std::vector<TimeExpression>& found) {
  std::string s;
  for (const auto& t : found) s += "  [" + t.text + "] " + t.type + " " + t.value + " " + t.start + " " + t.end + "\n";
  return s;
}

TEST(TimexCases, DataFile) {
  std::ifstream in(std::string(STORYLINE_SOURCE_DIR) + "/tests/data/facts/timex/cases.txt");
  ASSERT_TRUE(in) << "tests/data/facts/timex/cases.txt missing";
  std::string line, date, text;
  std::vector<TimeExpression> found;
  size_t next = 0, cases = 0;
  int lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.empty() || line[0] == '#') continue;
    std::string rest = Trim(line.substr(1));
    if (line[0] == '@') {
      date = rest == "-" ? "" : rest;
    } else if (line[0] == '>') {
      text = rest;
      found = FindTimeExpressions(text, date);
      next = 0;
      ++cases;
    } else if (line[0] == '=') {
      auto f = SplitFields(rest);
      ASSERT_GE(f.size(), 3u) << "line " << lineno;
      bool ok = false;
      for (size_t k = next; k < found.size(); ++k) {
        if (found[k].text != f[0]) continue;
        EXPECT_EQ(found[k].type, f[1]) << "line " << lineno << ": " << text;
        EXPECT_EQ(found[k].value, f[2]) << "line " << lineno << ": " << text;
        if (f.size() >= 5) {
          EXPECT_EQ(found[k].start, f[3]) << "line " << lineno;
          EXPECT_EQ(found[k].end, f[4]) << "line " << lineno;
        }
        EXPECT_EQ(text.substr(found[k].span.begin, found[k].span.size()), found[k].text);
        next = k + 1;
        ok = true;
        break;
      }
      EXPECT_TRUE(ok) << "line " << lineno << ": no expression [" << f[0] << "] in: " << text << "\nfound:\n"
                      << Describe(found);
    } else if (line[0] == '!') {
      size_t at = text.find(rest);
      ASSERT_NE(at, std::string::npos) << "line " << lineno;
      for (const auto& t : found)
        EXPECT_FALSE(t.span.begin < at + rest.size() && at < t.span.end)
            << "line " << lineno << ": [" << rest << "] is inside [" << t.text << "]";
    }
  }
  EXPECT_GT(cases, 20u);
}

TEST(Timex, EmptyAndOddInput) {
  EXPECT_TRUE(FindTimeExpressions("", "2023-03-17").empty());
  EXPECT_TRUE(FindTimeExpressions("   ", "").empty());
  EXPECT_TRUE(FindTimeExpressions("\xff\xfe March", "2023-03-17").size() <= 1);
  // A bad document date is treated as none.
  auto r = FindTimeExpressions("on Friday", "not a date");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].value, "XXXX-WXX-5");
  // Compact dates (TimeML DCT style) are accepted.
  r = FindTimeExpressions("yesterday", "19980108");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].value, "1998-01-07");
}

TEST(Timex, IsoWeeksAcrossYears) {
  auto r = FindTimeExpressions("next week", "2020-12-29");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].value, "2021-W01");
  r = FindTimeExpressions("last week", "2021-01-04");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].value, "2020-W53");
  r = FindTimeExpressions("Dec. 30", "2023-01-03");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].value, "2022-12-30");
}

// ---- Seeds ---------------------------------------------------------------

using ::storyline::testing::SeedsDir;

const TimeExpression* FindText(const std::vector<TimeExpression>& v, std::string_view text, size_t nth = 0) {
  for (const auto& t : v)
    if (t.text == text && nth-- == 0) return &t;
  return nullptr;
}

class TimexSeeds : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::is_directory(SeedsDir())) GTEST_SKIP() << "seed articles not found at " << SeedsDir();
  }
};

void ExpectVisit(const std::vector<TimeExpression>& v, std::string_view text) {
  const TimeExpression* t = FindText(v, text);
  ASSERT_NE(t, nullptr) << "no [" << text << "] in:\n" << Describe(v);
  EXPECT_EQ(t->start, "2023-03-20") << text;
  EXPECT_EQ(t->end, "2023-03-22") << text;
  EXPECT_EQ(t->value, "2023-03-20") << text;
  EXPECT_EQ(t->type, "DATE");
}

void ExpectValue(const std::vector<TimeExpression>& v, std::string_view text, std::string_view value, size_t nth = 0) {
  const TimeExpression* t = FindText(v, text, nth);
  ASSERT_NE(t, nullptr) << "no [" << text << "] in:\n" << Describe(v);
  EXPECT_EQ(t->value, value) << text;
}

TEST_F(TimexSeeds, VisitAndAnnouncementResolve) {
  const std::string kDate = "2023-03-17";
  auto s000 = FindTimeExpressions(SeedText("000"), kDate);
  ExpectVisit(s000, "Mar 20 to 22");
  ExpectValue(s000, "Friday (Mar 17)", "2023-03-17");
  ExpectValue(s000, "Friday", "2023-03-17");  // "China's foreign ministry said on Friday"
  ExpectValue(s000, "February 2022", "2022-02");
  ExpectValue(s000, "2019", "2019");
  ExpectValue(s000, "last year", "2022");

  auto s001 = FindTimeExpressions(SeedText("001"), kDate);
  ExpectValue(s001, "next week", "2023-W12");
  ExpectValue(s001, "Monday", "2023-03-20");  // "beginning on Monday"
  ExpectValue(s001, "two-day", "P2D");
  ExpectValue(s001, "Friday", "2023-03-17");  // "the Kremlin said on Friday"
  ExpectValue(s001, "February 24", "2023-02-24");

  auto s002 = FindTimeExpressions(SeedText("002"), kDate);
  ExpectVisit(s002, "Mar. 20 to 22");
  ExpectVisit(s002, "March 20 to 22");
  ExpectValue(s002, "today (Mar. 17)", "2023-03-17");
  ExpectValue(s002, "March 17, 2023", "2023-03-17");
  ExpectValue(s002, "September 2022", "2022-09");
  ExpectValue(s002, "Feb. 24, 2023", "2023-02-24");

  auto s003 = FindTimeExpressions(SeedText("003"), kDate);
  ExpectVisit(s003, "March 20 to 22");

  auto s004 = FindTimeExpressions(SeedText("004"), kDate);
  ExpectVisit(s004, "March 20 and 22");
}

TEST(Timex, InferDocumentDate) {
  EXPECT_EQ(InferDocumentDate("The Kremlin said on Friday (Mar 17) that Xi, who came in February 2022, will visit."),
            "2023-03-17");
  EXPECT_EQ(InferDocumentDate("Hua announced it today (Mar. 17). It was signed on Feb. 24, 2023."), "2023-03-17");
  EXPECT_EQ(InferDocumentDate("It was signed on Feb. 24, 2023, and amended on 2023-03-01."), "2023-03-01");
  // Years the article looks ahead to are no publication year: the weekday
  // and date fit 1998, next to the 1999 launch, better than 2009 or 2015.
  EXPECT_EQ(InferDocumentDate("The crew will land on Saturday, Dec. 12. The next module is due in 1999, and "
                              "the station will run through the year 2012."),
            "1998-12-12");
  // A full date older than a year the text names is history, not the day
  // of writing.
  EXPECT_EQ(InferDocumentDate("In 1995 he wrote that on May 5, 1978, the first test had failed; it won a prize in 1998."),
            "");
  EXPECT_EQ(InferDocumentDate("The deal, signed on March 1, 2023, runs until 2030."), "2023-03-01");
  EXPECT_EQ(InferDocumentDate("He said on Friday that he would go."), "");
  EXPECT_EQ(InferDocumentDate(""), "");
}

TEST_F(TimexSeeds, InferredDatesOfSeeds) {
  EXPECT_EQ(InferDocumentDate(SeedText("000")), "2023-03-17");
  EXPECT_EQ(InferDocumentDate(SeedText("002")), "2023-03-17");
}

TEST_F(TimexSeeds, EveryDatedSeedGivesTheVisit) {
  for (const auto& e : fs::directory_iterator(SeedsDir())) {
    std::string text = ReadFileOrEmpty(e.path());
    if (text.find(" 20 ") == std::string::npos && text.find(" 20 to") == std::string::npos) continue;
    bool visit = false;
    for (const auto& t : FindTimeExpressions(text, "2023-03-17"))
      visit |= t.start == "2023-03-20" && t.end == "2023-03-22";
    EXPECT_TRUE(visit) << e.path();
  }
}

}  // namespace
}  // namespace storyline::facts
