#include <gtest/gtest.h>

#include "storyline/dedup.h"

namespace storyline::dedup {
namespace {

Article Make(std::string id, std::string published, std::string text) {
  Article a;
  a.id = std::move(id);
  a.published = std::move(published);
  a.text = std::move(text);
  return a;
}

const char* kWire =
    "Dockworkers at the Port of Calder will walk off the job on Monday after contract talks with terminal "
    "operators collapsed late on Wednesday, the dock workers' union said on Thursday in a statement.";

TEST(FindReuse, KindsOfPairs) {
  std::vector<Article> articles = {
      Make("first", "2025-06-05T08:00:00Z",
           std::string(kWire) + "\n\nThe union represents some 3,400 crane operators and checkers at the port."),
      Make("exact", "2025-06-05T09:00:00Z",
           std::string(kWire) + "\n\nThe union represents some 3,400 crane operators and checkers at the port."),
      Make("other", "2025-06-05T10:00:00Z",
           "Shipping lines began diverting vessels to other harbours along the coast.\n\n" + std::string(kWire) +
               "\n\nFarmers who export fruit through the harbour fear their produce will rot on the quay before "
               "the dispute is settled, and exporters asked the government to step in."),
      Make("unrelated", "2025-06-05T11:00:00Z",
           "A heatwave pushed temperatures in the capital above 40 degrees for the first time since records "
           "began, and officials opened cooling centres in libraries and schools."),
  };
  Report report = FindReuse(articles);
  bool exact_found = false;
  for (const Pair& p : report.pairs) {
    EXPECT_NE(articles[p.a].id, "unrelated");
    EXPECT_NE(articles[p.b].id, "unrelated");
    EXPECT_LT(p.a, p.b);
    if (articles[p.a].id == "first" && articles[p.b].id == "exact") {
      exact_found = true;
      EXPECT_EQ(p.kind, Pair::Kind::kExact);
      EXPECT_DOUBLE_EQ(p.exact, 1.0);
    }
  }
  EXPECT_TRUE(exact_found);
}

// Exact copies (a story syndicated word for word) are listed once each,
// paired with the first article of their words; they share its other pairs
// and its passages. A thousand copies are 999 pairs, found in linear time.
TEST(FindReuse, ExactCopiesPairWithTheFirstOnly) {
  const std::string story =
      std::string(kWire) + "\n\nThe union represents some 3,400 crane operators and checkers at the port.";
  std::vector<Article> articles = {Make("first", "2025-06-05T08:00:00Z", story)};
  for (int i = 0; i < 1000; ++i) articles.push_back(Make("copy" + std::to_string(i), "2025-06-05T09:00:00Z", story));
  articles.push_back(Make("other", "2025-06-05T10:00:00Z",
                          "Shipping lines began diverting vessels to other harbours along the coast.\n\n" +
                              std::string(kWire) + "\n\nFarmers who export fruit through the harbour fear delays."));
  Report report = FindReuse(articles);
  size_t exact = 0, with_other = 0;
  for (const Pair& p : report.pairs) {
    if (p.kind == Pair::Kind::kExact) {
      ++exact;
      EXPECT_EQ(articles[p.a].id, "first");
      ASSERT_FALSE(p.spans.empty());
    }
    if (articles[p.b].id == "other") {
      ++with_other;
      EXPECT_EQ(articles[p.a].id, "first");
    }
  }
  EXPECT_EQ(exact, 1000u);
  EXPECT_EQ(with_other, 1u);
  // The passage the copies carry with "other" names every carrier.
  bool all = false;
  for (const ReuseCluster& c : report.clusters) all |= c.articles.size() == articles.size();
  EXPECT_TRUE(all);
}

TEST(FindReuse, EmptyInput) {
  EXPECT_TRUE(FindReuse({}).pairs.empty());
  EXPECT_TRUE(FindReuse({Make("a", "", "")}).pairs.empty());
}

}  // namespace
}  // namespace storyline::dedup
