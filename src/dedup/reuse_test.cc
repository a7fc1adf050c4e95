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

TEST(FindReuse, EmptyInput) {
  EXPECT_TRUE(FindReuse({}).pairs.empty());
  EXPECT_TRUE(FindReuse({Make("a", "", "")}).pairs.empty());
}

}  // namespace
}  // namespace storyline::dedup
