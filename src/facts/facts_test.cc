#include <gtest/gtest.h>

#include "storyline/facts.h"

namespace storyline::facts {
namespace {

Article Make(std::string text, std::string language) {
  Article a;
  a.id = "a";
  a.text = std::move(text);
  a.language = std::move(language);
  a.published = "2025-03-14";
  return a;
}

// The quote finder reads English: an article in another language gives no
// quotes (its rules would take "El" or "Desde" for a speaker), while its
// numbers and dates are still read.
TEST(ReadFactsTest, QuotesOnlyInEnglishOrUnknownLanguage) {
  const std::string en = "\"We are still going street by street,\" mayor Lucia Arrieta said on March 12.";
  EXPECT_EQ(ReadFacts(Make(en, "en")).quotes.size(), 1u);
  EXPECT_EQ(ReadFacts(Make(en, "")).quotes.size(), 1u);

  const std::string es =
      "Desde entonces se han contado 40 réplicas.\n\n\"Seguimos recorriendo calle por calle\", dijo Arrieta.";
  ArticleFacts f = ReadFacts(Make(es, "es"));
  EXPECT_TRUE(f.quotes.empty());
  ASSERT_FALSE(f.numbers.empty());
  EXPECT_EQ(f.numbers[0].value, 40);
}

// A bare number inside a clock time or a date is part of it, not a figure;
// a number with a unit beside a date stays.
TEST(ReadFactsTest, NumbersInsideDatesAreNotFigures) {
  ArticleFacts f = ReadFacts(
      Make("The walkout is due to begin at 6 a.m. on Monday and to end at 5 p.m. on Friday, June 13, "
           "halting 3,400 workers.",
           "en"));
  ASSERT_EQ(f.numbers.size(), 1u);
  EXPECT_EQ(f.numbers[0].text, "3,400 workers");
}

}  // namespace
}  // namespace storyline::facts
