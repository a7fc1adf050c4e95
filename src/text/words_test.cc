// Tests for words as a reader counts them: CountWords, CutWords, WordsAround.
#include <gtest/gtest.h>

#include <string>

#include "storyline/text.h"

namespace storyline::text {
namespace {

TEST(Words, CountAndCut) {
  EXPECT_EQ(CountWords("  The  visit,\tnext week. "), 4u);
  EXPECT_EQ(CountWords(""), 0u);
  EXPECT_EQ(CutWords("a b c", 2), "a b ");
  EXPECT_EQ(CutWords("a b", 5), "a b");
}

TEST(Words, AroundASpanKeepsShortTextWhole) {
  const std::string s = "The talks resume on Monday, March 20, in Geneva.";
  const size_t at = s.find("Monday");
  EXPECT_EQ(WordsAround(s, at, at + 6, 60), s);
}

TEST(Words, AroundASpanCutsLongTextOnBothSides) {
  // A table of dates in one sentence: each date is told with the words near it.
  std::string s;
  for (int i = 1; i <= 100; ++i) s += "w" + std::to_string(i) + " ";
  s += "on Friday, March 17, the Kremlin said";
  for (int i = 101; i <= 200; ++i) s += " w" + std::to_string(i);
  const size_t at = s.find("Friday");
  const std::string out = WordsAround(s, at, at + std::string("Friday, March 17").size(), 20);
  EXPECT_EQ(CountWords(out), 20u + 2);  // and the two ellipses
  EXPECT_TRUE(out.starts_with("\u2026 w")) << out;
  EXPECT_TRUE(out.ends_with(" \u2026")) << out;
  EXPECT_NE(out.find("on Friday, March 17, the Kremlin said"), std::string::npos) << out;
  // Words one side lacks go to the other.
  const std::string head = "On Friday, March 17, " + s;
  const std::string from_start = WordsAround(head, 3, 19, 20);
  EXPECT_TRUE(from_start.starts_with("On Friday, March 17,")) << from_start;
  EXPECT_EQ(CountWords(from_start), 20u + 1);
  // A span cut mid-word widens to whole words; a span longer than the budget stays whole.
  EXPECT_NE(WordsAround(s, at + 2, at + 4, 5).find("Friday,"), std::string::npos);
  EXPECT_EQ(WordsAround(s, 0, s.size(), 5), s);
}

}  // namespace
}  // namespace storyline::text

namespace storyline::text {
namespace {

// Place names come from ICU's locale data: countries and time-zone cities,
// in their current English spellings.
TEST(PlaceNamesTest, CountriesAndZoneCities) {
  EXPECT_TRUE(IsPlaceName("kyiv"));
  EXPECT_TRUE(IsPlaceName("ukraine"));
  EXPECT_TRUE(IsPlaceName("new zealand"));
  EXPECT_TRUE(IsPlaceName(FoldCase("Sao Paulo")));  // as CLDR spells it
  EXPECT_FALSE(IsPlaceName("Kyiv"));  // folded names only
  EXPECT_FALSE(IsPlaceName("putin"));
  EXPECT_FALSE(IsPlaceName(""));
}

}  // namespace
}  // namespace storyline::text
