// Tests of the line features and model: C++ must score lines exactly as
// scripts/train_junk_model.py does (the probabilities below were printed by
// `python3 scripts/train_junk_model.py --score FILE`).
#include "extract/junk_model.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "storyline/extract.h"

namespace storyline::extract {
namespace {

TEST(JunkModelTest, FoldLineFoldsTypographyAndTrims) {
  std::string out;
  internal::FoldLine("\t \xE2\x80\x9CHi\xE2\x80\x9D \xE2\x80\x94 it\xE2\x80\x99s\xC2\xA0ok\xE2\x80\xA6  ", &out);
  EXPECT_EQ(out, "\"Hi\" - it's ok...");
}

TEST(JunkModelTest, ShapeFeatures) {
  internal::LineShape s = internal::ShapeOf("1. Home");
  EXPECT_TRUE(s.list);
  EXPECT_EQ(s.words, 2u);
  s = internal::ShapeOf("Follow us at https://example.com/x @someone #News");
  EXPECT_TRUE(s.url);
  EXPECT_TRUE(s.at);
  EXPECT_TRUE(s.hash);
  s = internal::ShapeOf("\"He said so,\" she added.\"");
  EXPECT_TRUE(s.end_sentence);
  EXPECT_TRUE(s.quote);
  s = internal::ShapeOf("Home > World > Europe");
  EXPECT_TRUE(s.separator);
  EXPECT_TRUE(s.titlecase);
  s = internal::ShapeOf("COOKIE SETTINGS");
  EXPECT_TRUE(s.caps);
  s = internal::ShapeOf("March 17, 2023");
  EXPECT_TRUE(s.digits);
}

// Probabilities printed by `python3 scripts/train_junk_model.py --score` for
// these six lines as one text: C++ features and scoring match the trainer's.
TEST(JunkModelTest, MatchesTheTrainingScript) {
  const std::vector<std::pair<std::string, double>> lines = {
      {"Follow us on Telegram for updates: https://t.me/example", 0.8524},
      {"  1. Home", 0.1886},
      {"The council voted on Tuesday to close the old \xe2\x80\x9c" "ferry\xe2\x80\x9d terminal by "
       "the end of 2031.", 0.4683},
      {"Advertisement", 0.7814},
      {"\xe2\x80\xa2 Ministers will meet again next week, officials said.", 0.2815},
      {"Share this article", 0.9411},
  };
  std::vector<std::string> folded(lines.size());
  std::vector<internal::LineShape> shapes(lines.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    internal::FoldLine(lines[i].first, &folded[i]);
    shapes[i] = internal::ShapeOf(folded[i]);
  }
  for (size_t i = 0; i < lines.size(); ++i) {
    size_t prev = i > 0 ? shapes[i - 1].words : internal::kNoLine;
    size_t next = i + 1 < lines.size() ? shapes[i + 1].words : internal::kNoLine;
    EXPECT_NEAR(internal::ScoreLine(folded[i], shapes[i], prev, next).probability, lines[i].second,
                6e-5)
        << lines[i].first;
  }
}

TEST(JunkModelTest, ProbabilitiesAreOrdered) {
  LineContext isolated{.index = 5, .count = 10, .prev_short = false, .next_short = false};
  LineContext in_list{.index = 5, .count = 10, .prev_short = true, .next_short = true};
  double body = JunkProbability(
      "The minister said on Tuesday that the new rules would take effect next year.", isolated);
  double junk = JunkProbability("Share this article", in_list);
  EXPECT_LT(body, 0.5);
  EXPECT_GT(junk, 0.5);
  EXPECT_GE(body, 0.0);
  EXPECT_LE(junk, 1.0);
}

}  // namespace
}  // namespace storyline::extract
