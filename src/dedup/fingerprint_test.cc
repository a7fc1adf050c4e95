#include <gtest/gtest.h>

#include <random>

#include "storyline/dedup.h"

namespace storyline::dedup {
namespace {

std::string Words(std::string_view text, const Fingerprint& fp) {
  std::string out;
  for (auto w : fp.words) out += std::string(text.substr(w.begin, w.size())) + "|";
  return out;
}

TEST(Fingerprint, WordsAndTypographicVariants) {
  Options o;
  std::string a = "Xi’s “no limits” two–day trip, the Kremlin said.";
  std::string b = "xi's \"No Limits\" two-day trip the kremlin said";
  Fingerprint fa = MakeFingerprint(a, o), fb = MakeFingerprint(b, o);
  EXPECT_EQ(Words(a, fa), "Xi|s|no|limits|two|day|trip|the|Kremlin|said|");
  EXPECT_EQ(fa.word_hashes, fb.word_hashes);
  EXPECT_EQ(fa.shingles, fb.shingles);
  EXPECT_EQ(fa.content_hash, fb.content_hash);
  EXPECT_EQ(fa.shingles.size(), fa.words.size() - o.shingle_words + 1);
}

TEST(Fingerprint, NonAsciiLettersAreWordsAndCaseFolds) {
  Options o;
  std::string a = "Überraschung in Zürich: ÉCOLE";
  Fingerprint fa = MakeFingerprint(a, o);
  EXPECT_EQ(Words(a, fa), "Überraschung|in|Zürich|ÉCOLE|");
  EXPECT_EQ(MakeFingerprint("überraschung IN zürich école", o).word_hashes, fa.word_hashes);
}

TEST(Fingerprint, EmptyAndShortTexts) {
  Options o;
  Fingerprint empty = MakeFingerprint("  ... — “” ", o);
  EXPECT_TRUE(empty.words.empty());
  EXPECT_TRUE(empty.shingles.empty());
  EXPECT_EQ(empty.content_hash, 0u);
  Fingerprint two = MakeFingerprint("two words", o);
  EXPECT_EQ(two.shingles.size(), 1u);
  Signature sig = MakeSignature(empty, o);
  EXPECT_EQ(sig.size(), o.num_hashes());
}

std::string RandomText(std::mt19937& rng, size_t words) {
  static const char* vocab[] = {"port", "strike", "union", "pay", "talks", "minister", "said", "on", "the",
                                "of", "workers", "ship", "cargo", "deal", "vote", "city", "rain", "flood",
                                "river", "bank", "rate", "price", "oil", "gas", "court", "judge", "law",
                                "police", "fire", "storm", "wind", "school", "team", "match", "goal"};
  std::uniform_int_distribution<size_t> pick(0, std::size(vocab) - 1);
  std::string s;
  for (size_t i = 0; i < words; ++i) s += std::string(vocab[pick(rng)]) + (i % 13 == 12 ? ". " : " ");
  return s;
}

TEST(Signature, EstimateTracksExactJaccard) {
  Options o;
  o.bands = 64;
  o.rows = 4;  // 256 values: estimate within ~0.06
  std::mt19937 rng(7);
  for (double keep : {1.0, 0.8, 0.5, 0.2}) {
    std::string base = RandomText(rng, 600);
    // Keep a prefix share of the text, replace the rest.
    size_t cut = static_cast<size_t>(base.size() * keep);
    std::string other = base.substr(0, cut) + RandomText(rng, static_cast<size_t>(600 * (1 - keep)));
    Fingerprint fa = MakeFingerprint(base, o), fb = MakeFingerprint(other, o);
    double exact = ExactJaccard(fa, fb);
    double est = EstimateJaccard(MakeSignature(fa, o), MakeSignature(fb, o));
    EXPECT_NEAR(est, exact, 0.08) << "keep " << keep;
  }
}

TEST(Signature, IdenticalTextsIdenticalSignatures) {
  Options o;
  std::mt19937 rng(1);
  std::string t = RandomText(rng, 50);
  EXPECT_EQ(MakeSignature(MakeFingerprint(t, o), o), MakeSignature(MakeFingerprint(t, o), o));
  EXPECT_DOUBLE_EQ(ExactJaccard(MakeFingerprint(t, o), MakeFingerprint(t, o)), 1.0);
}

TEST(Options, Check) {
  Options o;
  EXPECT_TRUE(o.Check().ok());
  o.bands = 0;
  EXPECT_FALSE(o.Check().ok());
  o = Options{};
  o.shingle_words = 0;
  EXPECT_FALSE(o.Check().ok());
  o = Options{};
  o.near_threshold = 1.5;
  EXPECT_FALSE(o.Check().ok());
}

}  // namespace
}  // namespace storyline::dedup

namespace storyline::dedup {
namespace {

// Unrelated texts agree on a 16-bit signature value about once in 65,536,
// however many shingles share a bin: with 4 values for texts of 1,500 words,
// a bin's minimum sits near 0, and its top bits alone would collide often.
TEST(Fingerprint, SignatureValuesOfUnrelatedTextsRarelyCollide) {
  Options o;
  o.bands = 1;
  o.rows = 4;
  uint64_t state = 12345;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 33;
  };
  std::vector<Signature> sigs;
  for (int d = 0; d < 200; ++d) {
    std::string text;
    for (int w = 0; w < 1500; ++w) text += "w" + std::to_string(next() % 100000) + " ";
    sigs.push_back(MakeSignature(MakeFingerprint(text, o), o));
  }
  int collisions = 0;
  for (size_t a = 0; a < sigs.size(); ++a)
    for (size_t b = a + 1; b < sigs.size(); ++b)
      for (size_t j = 0; j < sigs[a].size(); ++j) collisions += sigs[a][j] == sigs[b][j];
  // 19,900 pairs x 4 values / 65,536 = about 1.2 expected.
  EXPECT_LE(collisions, 12);
}

}  // namespace
}  // namespace storyline::dedup
