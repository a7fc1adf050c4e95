#include "storyline/cluster.h"

#include <gtest/gtest.h>

#include "testing/read_articles.h"
#include "testing/shared_data.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "storyline/extract.h"
#include "storyline/ingest.h"

namespace storyline::cluster {
namespace {

namespace fs = std::filesystem;

using ::storyline::testing::ReadArticles;

using ::storyline::testing::SeedsDir;

// The bundled fictional corpus (texts, then the JSONL records) in a fixed,
// interleaved order so stories are built concurrently, as in a real stream.
std::vector<Article> SampleCorpus() {
  fs::path root = fs::path(STORYLINE_SOURCE_DIR) / "examples";
  std::vector<Article> articles = ReadArticles({(root / "corpus").string(), (root / "corpus.jsonl").string()});
  // Interleave: sort by a hash-free deterministic key (id reversed) so events mix.
  std::stable_sort(articles.begin(), articles.end(), [](const Article& a, const Article& b) {
    return std::string(a.id.rbegin(), a.id.rend()) < std::string(b.id.rbegin(), b.id.rend());
  });
  return articles;
}

std::map<std::string, std::string> Gold() {
  std::ifstream in(fs::path(STORYLINE_SOURCE_DIR) / "examples/labels/stories.tsv");
  std::map<std::string, std::string> gold;
  std::string id, slug;
  while (in >> id >> slug) gold[id] = slug;
  return gold;
}

TEST(ClusterTest, SeedsFormOneStory) {
  fs::path dir = SeedsDir();
  if (!fs::exists(dir)) GTEST_SKIP() << "../shared/seeds is absent: the seed articles are not in this checkout";
  std::vector<Article> articles = ReadArticles({dir.string()});
  ASSERT_EQ(articles.size(), 5u);
  Result r = ClusterArticles(articles);
  ASSERT_EQ(r.stories.size(), 1u) << "the five seeds are one event";
  EXPECT_EQ(r.stories[0].article_ids.size(), 5u);
  for (const auto& a : r.assignments) EXPECT_EQ(a.story_id, r.stories[0].id);
}

TEST(ClusterTest, SampleCorpusEventsAndDistractors) {
  std::vector<Article> articles = SampleCorpus();
  ASSERT_EQ(articles.size(), 25u);
  auto gold = Gold();
  Result r = ClusterArticles(articles);
  std::map<std::string, std::string> story_of;
  for (const auto& a : r.assignments) story_of[a.article_id] = a.story_id;
  // Same event <=> same story, for every pair.
  for (const auto& [a, ga] : gold) {
    for (const auto& [b, gb] : gold) {
      if (a >= b) continue;
      ASSERT_TRUE(story_of.count(a) && story_of.count(b));
      EXPECT_EQ(ga == gb, story_of[a] == story_of[b]) << a << " (" << ga << ") vs " << b << " (" << gb << ")";
    }
  }
  EXPECT_EQ(r.stories.size(), 7u);
  // The distractors start their own stories.
  EXPECT_NE(story_of["quake-marrowpoint-coastalledger"], story_of["quake-metrowire"]);
  EXPECT_NE(story_of["recall-pinewood-northline"], story_of["recall-metrowire"]);
}

// Options::join_weights replaces the trained model: a model that never joins
// leaves every article alone, one that always joins makes one story; weights
// of the wrong size are ignored (the trained model's seven stories).
TEST(ClusterTest, JoinWeightsReplaceTheModel) {
  std::vector<Article> articles = SampleCorpus();
  Options never, always, wrong;
  never.join_weights.assign(FeatureNames().size() + 1, 0.0);
  never.join_weights[0] = -50;
  always.join_weights.assign(FeatureNames().size() + 1, 0.0);
  always.join_weights[0] = 50;
  always.merge = false;
  wrong.join_weights = {50};
  EXPECT_EQ(ClusterArticles(articles, never).stories.size(), articles.size());
  EXPECT_EQ(ClusterArticles(articles, always).stories.size(), 1u);
  EXPECT_EQ(ClusterArticles(articles, wrong).stories.size(), 7u);
}

TEST(ClusterTest, SameInputSameIds) {
  std::vector<Article> articles = SampleCorpus();
  Result a = ClusterArticles(articles);
  Result b = ClusterArticles(articles);
  ASSERT_EQ(a.assignments.size(), b.assignments.size());
  for (size_t i = 0; i < a.assignments.size(); ++i) {
    EXPECT_EQ(a.assignments[i].story_id, b.assignments[i].story_id);
    EXPECT_EQ(a.assignments[i].score, b.assignments[i].score);
  }
  ASSERT_EQ(a.stories.size(), b.stories.size());
  for (size_t i = 0; i < a.stories.size(); ++i) {
    EXPECT_EQ(a.stories[i].id, b.stories[i].id);
    EXPECT_EQ(a.stories[i].article_ids, b.stories[i].article_ids);
    // "c" + 16 hex digits.
    ASSERT_EQ(a.stories[i].id.size(), 17u);
    EXPECT_EQ(a.stories[i].id[0], 'c');
  }
}

TEST(ClusterTest, ExplanationsAreFilled) {
  Result r = ClusterArticles(SampleCorpus());
  size_t joined = 0;
  for (const auto& a : r.assignments) {
    EXPECT_FALSE(a.story_id.empty());
    if (a.new_story) {
      EXPECT_EQ(a.score, 1.0);
      continue;
    }
    ++joined;
    EXPECT_FALSE(a.explanation.shared_terms.empty()) << a.article_id;
    // Each word once, though it counts in title, body and stem terms.
    const std::set<std::string> distinct(a.explanation.shared_terms.begin(), a.explanation.shared_terms.end());
    EXPECT_EQ(distinct.size(), a.explanation.shared_terms.size()) << a.article_id;
    EXPECT_GE(a.explanation.probability, 0.5) << a.article_id;
    EXPECT_EQ(a.score, a.explanation.probability);
  }
  EXPECT_GE(joined, 15u);
}

// Made-up words (no real text): `n` of them from a deterministic generator.
std::string MadeUpText(uint32_t seed, size_t n) {
  static const char* const kSyllables[] = {"ka", "lo", "mi", "ren", "tu", "sa", "vor", "ne", "qui", "da", "pel", "zo"};
  std::string out;
  uint32_t x = seed * 2654435761u + 1;
  for (size_t i = 0; i < n; ++i) {
    std::string w;
    for (int k = 0; k < 3; ++k) {
      x = x * 1103515245u + 12345u;
      w += kSyllables[(x >> 16) % 12];
    }
    out += (i > 0 ? (i % 14 == 0 ? ". " : " ") : "") + w;
  }
  return out + ".";
}

// A wire passage two articles carry (with different leads around it) is
// shared-passage evidence: the second joins the first's story and says so.
TEST(ClusterTest, SharedPassageJoinsAndIsExplained) {
  std::string wire = MadeUpText(7, 120);
  Article a, b, c;
  a.id = "a";
  a.title = "Kalomi rentusa in Vorneda";
  a.text = MadeUpText(1, 80) + "\n\n" + wire;
  b.id = "b";
  b.title = "Quidapel zokalo announced";
  b.text = MadeUpText(2, 60) + "\n\n" + wire + "\n\n" + MadeUpText(3, 40);
  c.id = "c";
  c.title = "Pelzo nequi";
  c.text = MadeUpText(4, 200);
  Clusterer cl;
  Assignment ra = cl.Add(a), rc = cl.Add(c), rb = cl.Add(b);
  EXPECT_TRUE(ra.new_story);
  EXPECT_TRUE(rc.new_story);
  EXPECT_FALSE(rb.new_story);
  EXPECT_EQ(rb.story_id, ra.story_id);
  EXPECT_TRUE(rb.explanation.shared_passage);
  EXPECT_FALSE(rc.explanation.shared_passage);
}

// A story of untitled articles (plain text) is named by its first article's
// lead, until an article with a title of its own joins.
TEST(ClusterTest, UntitledStoryIsNamedByItsLead) {
  std::string wire = MadeUpText(7, 120);
  Article a, b;
  a.id = "a";
  a.text = "Kalomi rentusa vorneda quidapel, zokalo pelzo nequi.\n\n" + MadeUpText(1, 80) + "\n\n" + wire;
  b.id = "b";
  b.title = "Quidapel zokalo announced";
  b.text = MadeUpText(2, 60) + "\n\n" + wire;
  Clusterer cl;
  Assignment ra = cl.Add(a);
  ASSERT_EQ(cl.Stories().size(), 1u);
  EXPECT_EQ(cl.Stories()[0].title, "Kalomi rentusa vorneda quidapel, zokalo pelzo nequi");
  Assignment rb = cl.Add(b);
  ASSERT_EQ(rb.story_id, ra.story_id);
  EXPECT_EQ(cl.Stories()[0].title, "Quidapel zokalo announced");
}

// A second chance: article b nearly joins a's story on arrival (the model
// below joins at an all-terms cosine of 0.5; b's is 0.41, a near miss), so
// it starts a story of its own. c then joins a's story and carries it toward
// b (cosine 0.56), and eight arrivals after b, b is placed again and joins.
// Without c, b stays alone.
TEST(ClusterTest, NearMissJoinsLaterWhenItsStoryGrewTowardIt) {
  const std::string p = MadeUpText(1, 30), q = MadeUpText(2, 30), r = MadeUpText(3, 30), t = MadeUpText(4, 30);
  auto article = [](const std::string& id, const std::string& text) {
    Article x;
    x.id = id;
    x.text = text;
    return x;
  };
  Options o;
  o.join_weights.assign(FeatureNames().size() + 1, 0.0);
  o.join_weights[0] = -4;  // bias
  o.join_weights[2] = 8;   // all_cos
  o.merge = false;
  auto run = [&](bool with_c) {
    Clusterer cl(o);
    std::vector<Assignment> out;
    out.push_back(cl.Add(article("a", p + " " + q)));
    out.push_back(cl.Add(article("b", q + " " + r + " " + t)));
    if (with_c) out.push_back(cl.Add(article("c", p + " " + q + " " + r)));
    for (uint32_t i = 0; i < 10; ++i) out.push_back(cl.Add(article("filler" + std::to_string(i), MadeUpText(100 + i, 60))));
    return std::make_pair(out, cl.StoryOf("b"));
  };
  auto [grown, b_story] = run(true);
  EXPECT_TRUE(grown[1].new_story);
  EXPECT_GE(grown[1].explanation.probability, 0.25);
  EXPECT_LT(grown[1].explanation.probability, 0.5);
  EXPECT_FALSE(grown[2].new_story);
  EXPECT_EQ(grown[2].story_id, grown[0].story_id);
  // b joins a's story once c made it alike; the older story survives, so
  // its id (a's) stays.
  EXPECT_EQ(b_story, grown[0].story_id);
  for (size_t i = 3; i < grown.size(); ++i) EXPECT_TRUE(grown[i].new_story) << grown[i].article_id;
  auto [alone, b_alone] = run(false);
  EXPECT_TRUE(alone[1].new_story);
  EXPECT_EQ(b_alone, alone[1].story_id) << "without c, nothing brought b's story closer";
}

// Articles about distinct synthetic events, one a day: with a one-day window,
// only the stories of the last day or so stay live.
TEST(ClusterTest, RetirementBoundsLiveStories) {
  Options o;
  o.window_hours = 24;
  size_t retired = 0;
  o.on_retire = [&](const Story& s) {
    EXPECT_FALSE(s.live);
    ++retired;
  };
  o.keep_retired = false;
  Clusterer c(o);
  size_t max_memory = 0;
  for (int day = 0; day < 400; ++day) {
    Article a;
    a.id = "a" + std::to_string(day);
    std::string w = "Event" + std::to_string(day * 7919 % 100003);
    a.title = w + " happened in Town" + std::to_string(day);
    a.text = "Officials said " + w + " affected Town" + std::to_string(day) + " on the " + std::to_string(day) +
             "th day.";
    char buf[32];
    std::snprintf(buf, sizeof(buf), "2024-%02d-%02dT12:00:00Z", 1 + (day / 28) % 12, 1 + day % 28);
    // Strictly increasing time: one day per article.
    int year = 2024 + day / 336;
    std::snprintf(buf, sizeof(buf), "%d-%02d-%02dT12:00:00Z", year, 1 + (day % 336) / 28, 1 + day % 28);
    a.published = buf;
    Assignment as = c.Add(a);
    EXPECT_TRUE(as.new_story) << a.id;
    // Flat after the first window, up to the story table's 12 bytes per
    // story ever made (an id slot and a retrieval accumulator).
    if (day >= 50 && day <= 100) max_memory = std::max(max_memory, c.MemoryBytes());
    if (day > 100) {
      EXPECT_LE(c.MemoryBytes(), max_memory + 16 * 1024) << "day " << day;
    }
  }
  EXPECT_GE(retired, 390u);
  // Forgotten stories are not listed; at most the last window's are.
  EXPECT_LE(c.Stories().size(), 3u);
}

TEST(ClusterTest, KeptRetiredStoriesAreListedAsNotLive) {
  Options o;
  o.window_articles = 3;  // no publication times: retire by arrivals
  Clusterer c(o);
  for (int i = 0; i < 200; ++i) {
    Article a;
    a.id = "x" + std::to_string(i);
    a.title = "Topic" + std::to_string(i) + " Place" + std::to_string(i * 31);
    c.Add(a);
  }
  auto stories = c.Stories();
  ASSERT_EQ(stories.size(), 200u);
  size_t live = 0;
  for (const auto& s : stories) live += s.live;
  EXPECT_LE(live, 64u + 4);
  EXPECT_FALSE(c.StoryOf("x0").empty());
}

TEST(ClusterTest, DumpTrainingPairsWritesLabelledRows) {
  std::vector<Article> articles = SampleCorpus();
  auto gold = Gold();
  std::vector<std::string> labels;
  for (const auto& a : articles) labels.push_back(gold[a.id]);
  std::ostringstream out;
  size_t missed = DumpTrainingPairs(articles, labels, "sample", out);
  EXPECT_EQ(missed, 0u);
  std::istringstream in(out.str());
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line.rfind("group\tlabel\t", 0), 0u);
  size_t pos = 0, rows = 0;
  while (std::getline(in, line)) {
    ++rows;
    pos += line.find("\t1\t") != std::string::npos;
  }
  EXPECT_GE(pos, 18u);  // 25 articles, 7 stories: 18 joins
  EXPECT_GE(rows, pos);  // plus a row per wrong candidate that was retrieved
}

}  // namespace
}  // namespace storyline::cluster
