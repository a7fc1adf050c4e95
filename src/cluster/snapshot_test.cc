// Clusterer snapshots: for a stream a[0..n) and a split k, adding a[0..k),
// snapshotting, restoring into a new Clusterer and adding a[k..n) must give
// exactly what one uninterrupted Clusterer gives (assignments, scores, story
// ids, Stories(), StoryOf()); bad snapshots must give errors, never crashes.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <set>

#include "store/synthetic.h"
#include "storyline/cluster.h"
#include "storyline/extract.h"
#include "storyline/ingest.h"
#include "testing/read_articles.h"
#include "testing/shared_data.h"
#include <xxhash.h>

namespace storyline::cluster {
namespace {

namespace fs = std::filesystem;

#if defined(__SANITIZE_ADDRESS__)
constexpr size_t kSyntheticArticles = 400;
#else
constexpr size_t kSyntheticArticles = 2500;
#endif

using ::storyline::testing::ReadArticles;

std::vector<Article> Examples() {
  fs::path root = fs::path(STORYLINE_SOURCE_DIR) / "examples";
  return ReadArticles({(root / "corpus").string(), (root / "corpus.jsonl").string()});
}

std::vector<Article> Synthetic(size_t count) {
  fs::path file = fs::temp_directory_path() / ("storyline_snapshot_" + std::to_string(::getpid()) + ".jsonl");
  {
    std::ofstream out(file, std::ios::binary);
    store::synthetic::Options o;
    o.articles = count;
    store::synthetic::Generate(o, [&](const std::string& line) { out << line << '\n'; });
  }
  std::vector<Article> articles = ReadArticles({file.string()});
  fs::remove(file);
  return articles;
}

void ExpectSameStories(const Clusterer& a, const Clusterer& b, const std::vector<Article>& articles) {
  std::vector<Story> sa = a.Stories(), sb = b.Stories();
  ASSERT_EQ(sa.size(), sb.size());
  for (size_t i = 0; i < sa.size(); ++i) {
    EXPECT_EQ(sa[i].id, sb[i].id);
    EXPECT_EQ(sa[i].title, sb[i].title);
    EXPECT_EQ(sa[i].article_ids, sb[i].article_ids);
    EXPECT_EQ(sa[i].first_published, sb[i].first_published);
    EXPECT_EQ(sa[i].last_published, sb[i].last_published);
    EXPECT_EQ(sa[i].live, sb[i].live);
  }
  for (const Article& x : articles) EXPECT_EQ(a.StoryOf(x.id), b.StoryOf(x.id)) << x.id;
}

// What one uninterrupted run did, and where its merges and retirements were.
struct Reference {
  std::vector<Assignment> assignments;
  std::vector<size_t> after_merge;       // k: a merge happened while adding a[k-1]
  std::vector<size_t> after_retirement;  // k: a story retired while adding a[k-1]
  std::string final_snapshot;
};

Reference RunWhole(const std::vector<Article>& articles, Options options) {
  Reference ref;
  size_t retired = 0;
  options.on_retire = [&](const Story&) { ++retired; };
  Clusterer c(options);
  size_t stories = 0;
  for (size_t i = 0; i < articles.size(); ++i) {
    size_t retired_before = retired;
    ref.assignments.push_back(c.Add(articles[i]));
    stories += ref.assignments.back().new_story;
    // Stories() lists neither merged stories nor (keep_retired off) retired ones.
    size_t listed = options.keep_retired ? c.Stories().size() : stories;
    if (options.keep_retired && listed < stories) {
      ref.after_merge.push_back(i + 1);
      stories = listed;
    }
    if (retired > retired_before) ref.after_retirement.push_back(i + 1);
  }
  ref.final_snapshot = c.Snapshot();
  return ref;
}

// Adds a[0..k), restores from a snapshot, adds the rest; checks it against
// the uninterrupted run.
void CheckSplit(const std::vector<Article>& articles, const Options& options, const Reference& ref, size_t k) {
  SCOPED_TRACE("split at " + std::to_string(k) + " of " + std::to_string(articles.size()));
  Clusterer first(options);
  for (size_t i = 0; i < k; ++i) first.Add(articles[i]);
  std::string snapshot = first.Snapshot();
  auto restored = Clusterer::FromSnapshot(options, snapshot);
  ASSERT_TRUE(restored.ok()) << restored.status().message();
  Clusterer& second = **restored;
  EXPECT_EQ(second.Snapshot(), snapshot) << "a restored clusterer's snapshot differs from the one it came from";
  ExpectSameStories(first, second, articles);
  for (size_t i = k; i < articles.size(); ++i) {
    Assignment got = second.Add(articles[i]);
    Assignment first_got = first.Add(articles[i]);
    const Assignment& want = ref.assignments[i];
    EXPECT_EQ(got.article_id, want.article_id);
    EXPECT_EQ(got.story_id, want.story_id) << articles[i].id;
    EXPECT_EQ(got.new_story, want.new_story) << articles[i].id;
    EXPECT_EQ(got.score, want.score) << articles[i].id;
    EXPECT_EQ(got.explanation.probability, want.explanation.probability) << articles[i].id;
    EXPECT_EQ(got.explanation.shared_passage, want.explanation.shared_passage) << articles[i].id;
    EXPECT_EQ(got.explanation.shared_terms, first_got.explanation.shared_terms) << articles[i].id;
  }
  ExpectSameStories(first, second, articles);
  EXPECT_TRUE(second.Snapshot() == ref.final_snapshot) << "the state at the end differs from the uninterrupted run's";
}

void CheckStream(const std::vector<Article>& articles, const Options& options, bool expect_events) {
  Reference ref = RunWhole(articles, options);
  std::vector<size_t> splits = {0, articles.size() / 3, articles.size() / 2, articles.size()};
  if (!ref.after_merge.empty()) {
    splits.push_back(ref.after_merge.front());
    splits.push_back(ref.after_merge[ref.after_merge.size() / 2]);
  }
  if (!ref.after_retirement.empty()) {
    splits.push_back(ref.after_retirement.front());
    splits.push_back(ref.after_retirement.back());
  }
  if (expect_events) {
    EXPECT_FALSE(ref.after_retirement.empty()) << "the stream should retire stories";
  }
  std::sort(splits.begin(), splits.end());
  splits.erase(std::unique(splits.begin(), splits.end()), splits.end());
  for (size_t k : splits) CheckSplit(articles, options, ref, k);
}

TEST(SnapshotTest, ExamplesContinueExactly) {
  std::vector<Article> articles = Examples();
  ASSERT_GT(articles.size(), 10u);
  CheckStream(articles, {}, false);
  Options small_window;
  small_window.window_articles = 4;  // undated articles retire after 4 arrivals
  small_window.window_hours = 6;
  CheckStream(articles, small_window, false);
}

TEST(SnapshotTest, SeedsContinueExactly) {
  fs::path dir = ::storyline::testing::SeedsDir();
  if (!fs::exists(dir)) GTEST_SKIP() << "../shared/seeds is absent: the seed articles are not in this checkout";
  std::vector<Article> articles = ReadArticles({dir.string()});
  ASSERT_EQ(articles.size(), 5u);
  for (size_t k = 0; k <= articles.size(); ++k) {
    Reference ref = RunWhole(articles, {});
    CheckSplit(articles, {}, ref, k);
  }
}

TEST(SnapshotTest, SyntheticStreamContinuesExactlyAcrossRetirements) {
  std::vector<Article> articles = Synthetic(kSyntheticArticles);
  ASSERT_EQ(articles.size(), kSyntheticArticles);
  Options o;
  o.window_hours = 3;  // stories retire within the stream
  CheckStream(articles, o, true);
  // As the store runs it: retired stories forgotten, no explanations.
  o.keep_retired = false;
  o.explain_terms = false;
  CheckStream(articles, o, true);
}

// Merges: a join model that only believes shared passages (bias -2, the
// passage weight floored at 4), and every seventh article glued from two
// earlier ones, so it shares a passage with both stories and merges them
// (when their centroids are alike enough).
TEST(SnapshotTest, MergingStreamContinuesExactly) {
  std::vector<Article> synthetic = Synthetic(400);
  std::vector<Article> articles;
  for (size_t i = 0; i < synthetic.size(); ++i) {
    articles.push_back(synthetic[i]);
    if (i % 7 == 6) {
      Article glued = synthetic[i];
      glued.id = "glued-" + std::to_string(i);
      glued.text = synthetic[i - 1].text + "\n\n" + synthetic[i - 4].text;
      articles.push_back(glued);
    }
  }
  Options o;
  o.join_weights.assign(FeatureNames().size() + 1, 0.0);
  o.join_weights[0] = -2;
  o.window_hours = 3;
  Reference ref = RunWhole(articles, o);
  EXPECT_GE(ref.after_merge.size(), 3u) << "the glued articles should merge stories";
  CheckStream(articles, o, true);
}

// Second chances: a snapshot taken while a one-article story waits for its
// next chance holds it (when it is due, the article's own vectors), so the
// restored clusterer gives it at the same arrival. The stream: "b" nearly
// joins "a"'s story, "c" joins that story and makes it like "b", and "b"
// joins eight arrivals after it came (the model: join at an all-terms cosine
// of 0.5). Split at every article.
TEST(SnapshotTest, WaitingSecondChancesContinueExactly) {
  auto words = [](uint32_t seed, size_t n) {
    static const char* const kSyllables[] = {"ka", "lo", "mi", "ren", "tu", "sa", "vor", "ne", "qui", "da", "pel", "zo"};
    std::string out;
    uint32_t x = seed * 2654435761u + 1;
    for (size_t i = 0; i < n; ++i) {
      if (i > 0) out += ' ';
      for (int k = 0; k < 3; ++k) {
        x = x * 1103515245u + 12345u;
        out += kSyllables[(x >> 16) % 12];
      }
    }
    return out;
  };
  auto article = [](const std::string& id, const std::string& text) {
    Article x;
    x.id = id;
    x.text = text;
    return x;
  };
  const std::string p = words(1, 30), q = words(2, 30), r = words(3, 30), t = words(4, 30);
  std::vector<Article> articles = {article("a", p + " " + q), article("b", q + " " + r + " " + t),
                                   article("c", p + " " + q + " " + r)};
  for (uint32_t i = 0; i < 12; ++i) articles.push_back(article("other" + std::to_string(i), words(100 + i, 60)));
  Options o;
  o.join_weights.assign(FeatureNames().size() + 1, 0.0);
  o.join_weights[0] = -4;
  o.join_weights[2] = 8;
  o.merge = false;
  Reference ref = RunWhole(articles, o);
  ASSERT_EQ(ref.after_merge, std::vector<size_t>{10}) << "b should join a's story at its first second chance";
  for (size_t k = 0; k <= articles.size(); ++k) CheckSplit(articles, o, ref, k);
}

// A story's id comes from its first article's id, and a second story started
// by the same id takes the next free one: the set of ids in use (rebuilt on
// load, not stored) must be the uninterrupted run's. Every ninth article
// reuses the id of the one four before it.
TEST(SnapshotTest, ReusedArticleIdsGetTheSameStoryIds) {
  std::vector<Article> articles = Synthetic(300);
  for (size_t i = 8; i < articles.size(); i += 9) articles[i].id = articles[i - 4].id;
  Options o;
  o.window_hours = 3;
  Reference ref = RunWhole(articles, o);
  std::set<std::string> ids;
  size_t new_stories = 0, next_free = 0;
  for (const Assignment& a : ref.assignments)
    if (a.new_story) {
      ++new_stories;
      ids.insert(a.story_id);
      next_free += a.story_id != fmt::format("c{:016x}", XXH3_64bits(a.article_id.data(), a.article_id.size()));
    }
  ASSERT_EQ(ids.size(), new_stories) << "story ids must stay unique";
  ASSERT_GT(next_free, 0u) << "no story took the next free id: the stream does not test it";
  CheckStream(articles, o, true);
  o.keep_retired = false;
  o.explain_terms = false;
  CheckStream(articles, o, true);
}

TEST(SnapshotTest, OtherOptionsOrModelAreRefused) {
  std::vector<Article> articles = Examples();
  Clusterer c;
  for (const Article& a : articles) c.Add(a);
  std::string snapshot = c.Snapshot();
  Options other;
  other.join_threshold = 0.6;
  auto r = Clusterer::FromSnapshot(other, snapshot);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(r.status().message().find("fingerprint"), std::string::npos) << r.status().message();
  Options weights;
  weights.join_weights.assign(FeatureNames().size() + 1, 0.5);
  EXPECT_FALSE(Clusterer::FromSnapshot(weights, snapshot).ok());
  EXPECT_NE(Clusterer::ConfigFingerprint(weights), Clusterer::ConfigFingerprint({}));
  // Options that change nothing a later Add decides are not in the fingerprint.
  Options quiet;
  quiet.explain_terms = false;
  quiet.on_retire = [](const Story&) {};
  EXPECT_EQ(Clusterer::ConfigFingerprint(quiet), Clusterer::ConfigFingerprint({}));
  EXPECT_TRUE(Clusterer::FromSnapshot(quiet, snapshot).ok());
  auto fp = Clusterer::SnapshotFingerprint(snapshot);
  ASSERT_TRUE(fp.ok());
  EXPECT_EQ(*fp, Clusterer::ConfigFingerprint({}));
}

TEST(SnapshotTest, TruncatedOrCorruptSnapshotsAreErrors) {
  std::vector<Article> articles = Synthetic(200);
  Options o;
  o.window_hours = 3;
  Clusterer c(o);
  for (const Article& a : articles) c.Add(a);
  const std::string snapshot = c.Snapshot();
  ASSERT_GT(snapshot.size(), 1000u);
  EXPECT_FALSE(Clusterer::FromSnapshot(o, "").ok());
  EXPECT_FALSE(Clusterer::FromSnapshot(o, "SLCLUSTR").ok());
  for (size_t len = 0; len < snapshot.size(); len += 1 + len / 3) {
    auto r = Clusterer::FromSnapshot(o, std::string_view(snapshot).substr(0, len));
    EXPECT_FALSE(r.ok()) << "truncated to " << len;
  }
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 200; ++trial) {
    std::string bad = snapshot;
    size_t at = rng() % bad.size();
    bad[at] = static_cast<char>(bad[at] ^ (1u << (rng() % 8)));
    auto r = Clusterer::FromSnapshot(o, bad);
    EXPECT_FALSE(r.ok()) << "flipped byte " << at;
  }
  // Damage behind a valid checksum (a writer's bug, not a disk's): the
  // bounds-checked reader and the state checks must hold. Loading may
  // succeed (a changed weight is still a state); adding must not crash.
  size_t loaded = 0;
  for (int trial = 0; trial < 300; ++trial) {
    std::string bad = snapshot;
    size_t body = bad.size() - 8 - 20;
    size_t at = 20 + rng() % body;
    bad[at] = static_cast<char>(rng());
    if (trial % 3 == 0) bad.resize(20 + rng() % body + 8);
    uint64_t sum = XXH3_64bits(bad.data(), bad.size() - 8);
    std::memcpy(bad.data() + bad.size() - 8, &sum, 8);
    auto r = Clusterer::FromSnapshot(o, bad);
    if (!r.ok()) {
      EXPECT_NE(r.status().message().find("snapshot"), std::string::npos) << r.status().message();
      continue;
    }
    ++loaded;
    for (size_t i = 0; i < 20; ++i) (*r)->Add(articles[i]);
    (*r)->Stories();
  }
  SUCCEED() << loaded << " damaged snapshots loaded";
}

// A snapshot written field by field as docs/FORMATS.md gives it, holding one
// story (serial 0, not live) whose "merged into" field is `merged_field`:
// values Snapshot() never writes, behind a valid checksum.
std::string OneStorySnapshot(const Options& options, uint64_t merged_field) {
  std::string out = "SLCLUSTR";
  auto raw = [&](auto v) { out.append(reinterpret_cast<const char*>(&v), sizeof v); };
  auto var = [&](uint64_t v) {
    for (; v >= 0x80; v >>= 7) out.push_back(static_cast<char>(v | 0x80));
    out.push_back(static_cast<char>(v));
  };
  auto str = [&](std::string_view s) {
    var(s.size());
    out.append(s);
  };
  const double unknown = std::numeric_limits<double>::quiet_NaN();
  raw(uint32_t{2});                              // format
  raw(Clusterer::ConfigFingerprint(options));    // fingerprint
  raw(uint64_t{1});                              // arrivals
  raw(unknown);                                  // now_hours
  raw(unknown);                                  // last_retire_hours
  raw(uint64_t{1000});                           // document count
  var(0);                                        // no slot above the prior
  var(1);                                        // one story
  raw(uint8_t{1});                               // present
  str("c0000000000000001");                      // id
  str("A title");                                // title
  raw(0.0);                                      // title score
  var(0);                                        // no articles
  str("");                                       // first_published
  str("");                                       // last_published
  raw(unknown);                                  // first_hours
  raw(unknown);                                  // last_hours
  var(0);                                        // last arrival
  for (int c = 0; c < 4; ++c) {                  // four empty centroids
    var(0);
    raw(0.0);
  }
  raw(uint8_t{0});                               // not live
  var(merged_field);                             // merged into + 1
  var(0);                                        // no live stories
  var(0);                                        // no placements
  var(0);                                        // no passage generations
  var(0);                                        // no second chances waiting
  raw(XXH3_64bits(out.data(), out.size()));
  return out;
}

// "Merged into" must name an older story; a field too large for a serial is
// refused before it is converted (2^63 overflowed it: signed overflow, and
// 2^64 - 1 loaded as a story "merged into" serial -2).
TEST(SnapshotTest, MergedIntoBeyondAnySerialIsRefused) {
  const Options o;
  auto plain = Clusterer::FromSnapshot(o, OneStorySnapshot(o, 0));
  ASSERT_TRUE(plain.ok()) << "the hand-written snapshot should be valid: " << plain.status().message();
  EXPECT_EQ((*plain)->Stories().size(), 1u);
  for (uint64_t field : {uint64_t{1}, uint64_t{2}, uint64_t{1} << 32, uint64_t{1} << 63, ~uint64_t{0}}) {
    auto r = Clusterer::FromSnapshot(o, OneStorySnapshot(o, field));
    ASSERT_FALSE(r.ok()) << "merged-into field " << field;
    EXPECT_EQ(r.status().code(), Status::Code::kBadInput) << r.status().message();
  }
}

// A restored store continues from its snapshot only while this build would
// place the articles as the one that saved it did: the clustering version
// in the fingerprint must change whenever assignments do. The reference
// stream (the examples and a synthetic stream with retirements) hashes to a
// digest recorded with the version; a change of either alone fails here.
TEST(SnapshotTest, ReferenceStreamMatchesTheVersion) {
  // {clustering version, digest of the reference stream's assignments}
  constexpr std::pair<uint32_t, uint64_t> kReference = {3, 0x7eba2b746fcee7ecull};
  std::vector<Article> articles = Examples();
  std::vector<Article> synthetic = Synthetic(400);
  articles.insert(articles.end(), synthetic.begin(), synthetic.end());
  Options o;
  o.window_hours = 3;
  Clusterer clusterer(o);
  std::string lines;
  for (const Article& a : articles) {
    Assignment x = clusterer.Add(a);
    lines += fmt::format("{}\t{}\t{}\t{:.6f}\n", x.article_id, x.story_id, x.new_story, x.score);
  }
  for (const Story& s : clusterer.Stories()) lines += s.id + "\t" + s.title + "\n";
  const uint64_t digest = XXH3_64bits(lines.data(), lines.size());
  EXPECT_EQ(Clusterer::ClusteringVersion(), kReference.first)
      << "the version was bumped: record the new one with the digest 0x" << fmt::format("{:016x}", digest);
  EXPECT_EQ(digest, kReference.second) << "the assignments changed: bump kClusteringVersion in cluster.cc and "
                                       << "record {new version, 0x" << fmt::format("{:016x}", digest) << "} here";
}

}  // namespace
}  // namespace storyline::cluster
