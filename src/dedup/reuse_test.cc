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

// Near copies (a wire story carried by many outlets, each changing a word or
// two) form one near-copy group: each member is listed with the group's first
// and with its closest other earlier member, at most 2n pairs for n copies;
// every two members are near duplicates (so the pairs not listed are); an
// article that is not a member keeps its pair with each of them, and the
// reuse clusters name every carrier.
TEST(FindReuse, NearCopiesListedWithTheFirstAndTheClosest) {
  const std::string story =
      std::string(kWire) +
      "\n\nThe union represents some 3,400 crane operators and checkers at the port, and says its members have "
      "not had a pay rise above inflation for four years.\n\nThe operators said the strike would cost the port "
      "about four million dollars a day and urged the union to return to talks.";
  const size_t kCopies = 60;
  std::vector<Article> articles = {Make("first", "2025-06-05T08:00:00Z", story)};
  for (size_t k = 0; k < kCopies; ++k) {
    // One word added, at a different place after the wire's lead in each
    // copy; every fifth copy also drops the last paragraph.
    std::string text = k % 5 == 4 ? story.substr(0, story.rfind("\n\n")) : story;
    size_t at = text.find(' ', std::string_view(kWire).size() + 10 + (k * 13) % 100);
    text.insert(at + 1, "copy" + std::to_string(k) + " ");
    articles.push_back(Make("copy" + std::to_string(k), "2025-06-05T09:00:00Z", text));
  }
  articles.push_back(Make("other", "2025-06-05T10:00:00Z",
                          "Shipping lines began diverting vessels to other harbours along the coast.\n\n" +
                              std::string(kWire) + "\n\nFarmers who export fruit through the harbour fear delays."));
  articles.push_back(Make("unrelated", "2025-06-05T11:00:00Z",
                          "A heatwave pushed temperatures in the capital above 40 degrees for the first time since "
                          "records began, and officials opened cooling centres in libraries and schools."));
  const Options options;
  Report report = FindReuse(articles, options);

  ASSERT_EQ(report.near_groups.size(), 1u);
  const std::vector<size_t>& members = report.near_groups[0].articles;
  ASSERT_EQ(members.size(), kCopies + 1);
  for (size_t k = 0; k <= kCopies; ++k) EXPECT_EQ(members[k], k);
  // Every two members are near duplicates, listed or not.
  std::vector<Fingerprint> fps;
  for (size_t k = 0; k <= kCopies; ++k) fps.push_back(MakeFingerprint(articles[k].text, options));
  for (size_t x = 0; x <= kCopies; ++x)
    for (size_t y = x + 1; y <= kCopies; ++y) EXPECT_GE(ExactJaccard(fps[x], fps[y]), options.near_threshold);

  std::vector<size_t> with_first(articles.size()), with_others(articles.size()), with_other(articles.size());
  for (const Pair& p : report.pairs) {
    EXPECT_NE(articles[p.b].id, "unrelated");
    if (articles[p.b].id == "other") {
      ++with_other[p.a];  // near for the short copies, reuse for the rest
      continue;
    }
    ASSERT_LE(p.b, kCopies);
    EXPECT_EQ(p.kind, Pair::Kind::kNear);
    EXPECT_FALSE(p.spans.empty());
    if (p.a == 0) ++with_first[p.b];
    else ++with_others[p.b];
  }
  for (size_t k = 1; k <= kCopies; ++k) {
    EXPECT_EQ(with_first[k], 1u) << articles[k].id;
    EXPECT_EQ(with_others[k], k >= 2 ? 1u : 0u) << articles[k].id;  // the closest other earlier member
    EXPECT_EQ(with_other[k], 1u) << articles[k].id;
  }
  EXPECT_EQ(with_other[0], 1u);
  EXPECT_EQ(report.pairs.size(), kCopies + (kCopies - 1) + (kCopies + 1));

  // The wire passage names every carrier, "other" too.
  bool all = false;
  for (const ReuseCluster& c : report.clusters) {
    if (c.articles.size() != kCopies + 2) continue;
    all = true;
    ASSERT_TRUE(c.first.has_value());
    EXPECT_EQ(*c.first, 0u);
  }
  EXPECT_TRUE(all);
}

TEST(FindReuse, EmptyInput) {
  EXPECT_TRUE(FindReuse({}).pairs.empty());
  EXPECT_TRUE(FindReuse({Make("a", "", "")}).pairs.empty());
}

}  // namespace
}  // namespace storyline::dedup
