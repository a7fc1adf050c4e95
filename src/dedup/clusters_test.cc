// Tests of BuildClusters. Texts are fictional, except the
// seeds test, which reads the real articles from the shared directory and
// never copies them into the repository.
#include "dedup/clusters.h"

#include <gtest/gtest.h>

#include "testing/shared_data.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace storyline::dedup {
namespace {

Article Make(std::string id, std::string published, std::string text) {
  Article a;
  a.id = std::move(id);
  a.published = std::move(published);
  a.text = std::move(text);
  return a;
}

// Pairs (with their aligned spans) of every two articles, as FindReuse would
// give for the ones that share something.
std::vector<Pair> AllPairs(const std::vector<Article>& articles, const Options& options = {}) {
  std::vector<Fingerprint> fps;
  for (const Article& a : articles) fps.push_back(MakeFingerprint(a.text, options));
  std::vector<Pair> pairs;
  for (size_t x = 0; x < articles.size(); ++x) {
    for (size_t y = x + 1; y < articles.size(); ++y) {
      Pair p;
      p.a = x;
      p.b = y;
      p.spans = Align(articles[x].text, fps[x], articles[y].text, fps[y], options);
      if (!p.spans.empty()) pairs.push_back(std::move(p));
    }
  }
  return pairs;
}

constexpr std::string_view kWire =
    "The regional council of Varna approved a new flood barrier on Tuesday, after two winters in which the river "
    "Lesk broke its banks and forced hundreds of families from their homes.";
constexpr std::string_view kWireEdited =
    "The regional council of Varna approved a new flood wall on Tuesday, after two winters in which the river "
    "Lesk broke its banks and forced hundreds of families from their homes.";

// Three outlets carry the wire paragraph (one with an edit) amid their own text.
std::vector<Article> WireStory(std::string d0, std::string d1, std::string d2) {
  return {
      Make("gazette", d0,
           "ORLIN (Balkan Wire) \u2014 Work starts in spring.\n\n" + std::string(kWire) +
               "\n\nThe mayor welcomed the vote."),
      Make("northline", d1,
           "Residents of the lower valley gathered outside the council building.\n\n" + std::string(kWireEdited) +
               " The decision was reported by AFP.\n\nFarmers want compensation too."),
      Make("metro", d2,
           "A short note on the council's week.\n\nOther business included the new school.\n\n" +
               std::string(kWire)),
  };
}

std::string_view Cut(const std::string& text, text::Span s) { return std::string_view(text).substr(s.begin, s.size()); }

TEST(ClustersTest, WireParagraphCarriedByThreeOutlets) {
  auto articles = WireStory("2024-05-02T09:30:00+02:00", "2024-05-02T08:00:00Z", "2024-05-03");
  auto clusters = BuildClusters(articles, AllPairs(articles), Options{});
  ASSERT_EQ(clusters.size(), 1u);
  const ReuseCluster& c = clusters[0];
  EXPECT_EQ(c.articles, (std::vector<size_t>{0, 1, 2}));
  ASSERT_EQ(c.spans.size(), 3u);
  for (size_t k = 0; k < 3; ++k) {
    std::string_view got = Cut(articles[k].text, c.spans[k]);
    EXPECT_EQ(got.substr(0, 16), "The regional cou") << k;
    EXPECT_TRUE(got.ends_with("from their homes")) << k << ": " << got;
  }
  // 09:30 at +02:00 is 07:30 UTC, before northline's 08:00 UTC.
  ASSERT_TRUE(c.first.has_value()) << c.first_note;
  EXPECT_EQ(*c.first, 0u);
  EXPECT_EQ(c.first_note, "");
  EXPECT_EQ(c.text, Cut(articles[0].text, c.spans[0]));
  // The gazette's dateline credits its whole article; AFP is credited in the
  // paragraph that northline's copy stands in.
  EXPECT_EQ(c.credits, (std::vector<std::string>{"Balkan Wire", "AFP"}));
}

TEST(ClustersTest, EarliestByUtcInstant) {
  // Northline is earlier once the zones are applied.
  auto articles = WireStory("2024-05-02T10:30:00+02:00", "2024-05-02T08:00:00Z", "2024-05-03");
  auto clusters = BuildClusters(articles, AllPairs(articles), Options{});
  ASSERT_EQ(clusters.size(), 1u);
  ASSERT_TRUE(clusters[0].first.has_value());
  EXPECT_EQ(*clusters[0].first, 1u);
  EXPECT_EQ(clusters[0].text, Cut(articles[1].text, clusters[0].spans[1]));
  EXPECT_NE(clusters[0].text.find("flood wall"), std::string::npos);
}

TEST(ClustersTest, TiesAndMissingDatesLeaveFirstEmpty) {
  struct Case {
    std::string name, d0, d1, d2;
    std::optional<size_t> first;
    std::string note;
  };
  const Case cases[] = {
      {"same instant", "2024-05-02T08:00:00Z", "2024-05-02T10:00:00+02:00", "2024-05-03", std::nullopt,
       "tie: gazette, northline"},
      {"date-only on the same day", "2024-05-02", "2024-05-02", "2024-05-03", std::nullopt,
       "tie: gazette, northline"},
      {"date-only overlaps a time that day", "2024-05-02", "2024-05-02T23:00Z", "2024-05-02T12:00", std::nullopt,
       "tie: gazette, northline, metro"},
      {"date-only day before a time", "2024-05-01", "2024-05-02T00:00:00Z", "2024-05-02", 0u, ""},
      {"missing date", "2024-05-02", "", "2024-05-03", std::nullopt, "no date for: northline"},
      {"unparseable date", "yesterday", "2024-05-02", "", std::nullopt, "no date for: gazette, metro"},
  };
  for (const Case& k : cases) {
    auto articles = WireStory(k.d0, k.d1, k.d2);
    auto clusters = BuildClusters(articles, AllPairs(articles), Options{});
    ASSERT_EQ(clusters.size(), 1u) << k.name;
    EXPECT_EQ(clusters[0].first, k.first) << k.name;
    EXPECT_EQ(clusters[0].first_note, k.note) << k.name;
    // Without a certain first carrier the text comes from the first article.
    if (!k.first) {
      EXPECT_EQ(clusters[0].text, Cut(articles[0].text, clusters[0].spans[0])) << k.name;
    }
  }
}

TEST(ClustersTest, SeparateParagraphsAreSeparateClusters) {
  const std::string p2 =
      "Engineers from the national water agency will inspect every embankment along the lower river before the "
      "spring thaw begins next month.";
  std::vector<Article> articles = {
      Make("a", "2024-05-01", std::string(kWire) + "\n\n" + p2),
      Make("b", "2024-05-02", std::string(kWire) + "\n\nSomething else entirely, said by someone else."),
      Make("c", "2024-05-03", "Different opening words here.\n\n" + p2),
  };
  auto clusters = BuildClusters(articles, AllPairs(articles), Options{});
  ASSERT_EQ(clusters.size(), 2u);
  EXPECT_EQ(clusters[0].articles, (std::vector<size_t>{0, 1}));
  EXPECT_EQ(clusters[1].articles, (std::vector<size_t>{0, 2}));
  EXPECT_EQ(clusters[0].first, 0u);
  EXPECT_TRUE(clusters[0].credits.empty());
}

TEST(ClustersTest, NoPairsNoClusters) {
  auto articles = WireStory("", "", "");
  EXPECT_TRUE(BuildClusters(articles, {}, Options{}).empty());
  EXPECT_TRUE(BuildClusters({}, {}, Options{}).empty());
}

// ---- The real seed articles ------------------------------------------------------

using ::storyline::testing::SeedsDir;

std::vector<Article> ReadSeedArticles() {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(SeedsDir(), ec))
    if (e.path().extension() == ".txt") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<Article> articles;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    articles.push_back(Make(f.stem().string().substr(0, 3), "", ss.str()));
  }
  return articles;
}

// The Kremlin's "important bilateral documents will be signed" forms one
// cluster with every seed that carries it verbatim: 000, 001, 003 in full,
// 002 as a shorter quotation. 004 paraphrases it and need not join.
TEST(ClustersSeedsTest, BilateralDocumentsQuoteIsOneCluster) {
  auto articles = ReadSeedArticles();
  if (articles.size() < 5) GTEST_SKIP() << "seed articles not found in " << SeedsDir() << " (set STORYLINE_SHARED)";
  auto clusters = BuildClusters(articles, AllPairs(articles), Options{});
  const std::string_view quote = "important bilateral documents will be signed";
  std::vector<const ReuseCluster*> holding;
  for (const ReuseCluster& c : clusters) {
    for (size_t k = 0; k < c.articles.size(); ++k) {
      if (c.articles[k] != 0) continue;
      if (Cut(articles[0].text, c.spans[k]).find(quote) != std::string_view::npos) holding.push_back(&c);
    }
  }
  ASSERT_EQ(holding.size(), 1u);
  const ReuseCluster& c = *holding[0];
  for (size_t want : {0u, 1u, 2u, 3u})
    EXPECT_NE(std::find(c.articles.begin(), c.articles.end(), want), c.articles.end()) << "seed " << want;
  for (size_t k = 0; k < c.articles.size(); ++k) {
    if (c.articles[k] == 4) continue;
    EXPECT_NE(Cut(articles[c.articles[k]].text, c.spans[k]).find(quote), std::string_view::npos) << c.articles[k];
  }
  // No dates in raw files: the earliest carrier is unknowable.
  EXPECT_FALSE(c.first.has_value());
  EXPECT_EQ(c.first_note.rfind("no date for: ", 0), 0u);
  // 001 ends with "Source: Al Jazeera and news agencies", which covers it.
  EXPECT_NE(std::find(c.credits.begin(), c.credits.end(), "news agencies"), c.credits.end());
}

}  // namespace
}  // namespace storyline::dedup
