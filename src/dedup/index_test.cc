#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "storyline/dedup.h"

namespace storyline::dedup {
namespace {

std::string RandomText(std::mt19937& rng, size_t words) {
  std::uniform_int_distribution<int> letter('a', 'z'), len(2, 9);
  std::string s;
  for (size_t i = 0; i < words; ++i) {
    int n = len(rng);
    for (int j = 0; j < n; ++j) s += static_cast<char>(letter(rng));
    s += i % 15 == 14 ? ". " : " ";
  }
  return s;
}

struct Doc {
  Fingerprint fp;
  Signature sig;
};

Doc Make(const std::string& text, const Options& o) {
  Doc d{MakeFingerprint(text, o), {}};
  d.sig = MakeSignature(d.fp, o);
  return d;
}

TEST(Index, FindsCopiesAndPartialCopiesNotUnrelated) {
  Options o;
  Index index(o);
  std::mt19937 rng(3);
  std::string original = RandomText(rng, 500);
  std::string unrelated = RandomText(rng, 500);
  // A partial copy: a 40-word passage of the original inside new text.
  std::string passage = original.substr(original.find(' ', 1000) + 1, 300);
  std::string partial = RandomText(rng, 200) + passage + RandomText(rng, 200);
  Doc d0 = Make(original, o), d1 = Make(unrelated, o);
  index.Add("original", d0.fp, d0.sig);
  index.Add("unrelated", d1.fp, d1.sig);

  auto copy = index.Query(Make(original, o).fp, Make(original, o).sig);
  ASSERT_FALSE(copy.empty());
  EXPECT_EQ(copy[0].doc, 0u);
  EXPECT_TRUE(copy[0].exact_duplicate);
  EXPECT_TRUE(copy[0].lsh);
  EXPECT_DOUBLE_EQ(copy[0].estimated, 1.0);

  Doc p = Make(partial, o);
  auto part = index.Query(p.fp, p.sig);
  ASSERT_EQ(part.size(), 1u);
  EXPECT_EQ(part[0].doc, 0u);
  EXPECT_GE(part[0].shared_anchors, 2u);
  EXPECT_FALSE(part[0].exact_duplicate);

  Doc fresh = Make(RandomText(rng, 500), o);
  EXPECT_TRUE(index.Query(fresh.fp, fresh.sig).empty());
}

TEST(Index, SaveAndLoadRoundTrip) {
  Options o;
  o.bands = 16;
  o.rows = 3;
  Index index(o);
  std::mt19937 rng(5);
  std::vector<std::string> texts;
  for (int i = 0; i < 50; ++i) {
    texts.push_back(RandomText(rng, 300));
    Doc d = Make(texts.back(), o);
    index.Add("doc-" + std::to_string(i), d.fp, d.sig);
  }
  auto path = (std::filesystem::temp_directory_path() / ("storyline_index_" + std::to_string(::getpid()))).string();
  ASSERT_TRUE(index.Save(path).ok());
  auto loaded = Index::Load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ(loaded->size(), 50u);
  EXPECT_EQ(loaded->id(17), "doc-17");
  EXPECT_EQ(loaded->options().bands, 16u);
  EXPECT_EQ(loaded->options().rows, 3u);
  for (int i : {0, 17, 49}) {
    Doc d = Make(texts[i], o);
    auto a = index.Query(d.fp, d.sig), b = loaded->Query(d.fp, d.sig);
    ASSERT_EQ(a.size(), b.size());
    ASSERT_FALSE(b.empty());
    EXPECT_EQ(b[0].doc, static_cast<uint32_t>(i));
    EXPECT_TRUE(b[0].exact_duplicate);
  }

  // A truncated or altered file is refused with a clear message.
  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  {
    std::ofstream out(path, std::ios::binary);
    out << bytes.substr(0, bytes.size() / 2);
  }
  auto truncated = Index::Load(path);
  ASSERT_FALSE(truncated.ok());
  EXPECT_NE(truncated.status().message().find("not a dedup index"), std::string::npos);
  {
    std::ofstream out(path, std::ios::binary);
    out << "not an index at all";
  }
  EXPECT_FALSE(Index::Load(path).ok());
  std::filesystem::remove(path);
  EXPECT_EQ(Index::Load(path).status().code(), Status::Code::kNotFound);
}

TEST(Index, MemoryPerArticleAtDefaults) {
  // Stated bound for ~3 KB articles (about 500 words): the figure itself is
  // measured by bench/dedup_bench; this pins the order of magnitude.
  Options o;
  Index index(o);
  std::mt19937 rng(9);
  for (int i = 0; i < 2000; ++i) {
    Doc d = Make(RandomText(rng, 500), o);
    index.Add("article-" + std::to_string(i), d.fp, d.sig);
  }
  double per_article = static_cast<double>(index.MemoryBytes()) / index.size();
  EXPECT_LT(per_article, 2048.0);
  std::printf("index bytes per article: %.0f\n", per_article);
}

}  // namespace
}  // namespace storyline::dedup
