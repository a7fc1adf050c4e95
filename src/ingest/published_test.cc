#include <gtest/gtest.h>

#include "storyline/article.h"

namespace storyline {
namespace {

TEST(ParsePublished, IsoDatesAndTimes) {
  auto t = [](std::string_view s) { return ParsePublished(s); };
  ASSERT_TRUE(t("1970-01-01T00:00:00Z"));
  EXPECT_EQ(t("1970-01-01T00:00:00Z")->lo, 0);
  EXPECT_EQ(t("1970-01-02")->lo, 86400);
  EXPECT_EQ(t("1970-01-02")->hi, 2 * 86400 - 1);
  EXPECT_EQ(t("2024-05-02T09:30:00+02:00")->lo, t("2024-05-02T07:30:00Z")->lo);
  EXPECT_EQ(t("2024-05-02T09:30+0200")->lo, t("2024-05-02 07:30:00")->lo);
  EXPECT_EQ(t("2024-05-02T01:00:00.250-05:00")->lo, t("2024-05-02T06:00:00Z")->lo);
  EXPECT_EQ(t("2000-03-01")->lo - t("2000-02-28")->lo, 2 * 86400);  // leap year
  EXPECT_FALSE(t(""));
  EXPECT_FALSE(t("May 2, 2024"));
  EXPECT_FALSE(t("2024-13-01"));
  EXPECT_FALSE(t("2024-05-02T25"));
  EXPECT_FALSE(t("2024-05-02T10:00 and more"));
}

}  // namespace
}  // namespace storyline
