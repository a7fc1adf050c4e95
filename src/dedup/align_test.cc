// Tests of Align (passages two texts share). Texts are fictional, except the
// seeds test, which reads the real articles from the shared directory and
// never copies them into the repository.
#include <gtest/gtest.h>

#include "testing/shared_data.h"

#include <iostream>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "dedup/clusters.h"
#include "storyline/dedup.h"

namespace storyline::dedup {
namespace {

std::vector<SharedSpan> AlignTexts(std::string_view a, std::string_view b, const Options& options = {}) {
  return Align(a, MakeFingerprint(a, options), b, MakeFingerprint(b, options), options);
}

std::string_view Cut(std::string_view text, text::Span s) { return text.substr(s.begin, s.size()); }

// The span of `first_words` .. `last_words` (inclusive) in `text`.
text::Span Between(std::string_view text, std::string_view first_words, std::string_view last_words) {
  size_t b = text.find(first_words);
  size_t e = text.find(last_words, b == std::string_view::npos ? 0 : b);
  if (b == std::string_view::npos || e == std::string_view::npos) return {0, 0};
  return {b, e + last_words.size()};
}

constexpr std::string_view kWire =
    "The regional council of Varna approved a new flood barrier on Tuesday, after two winters in which the "
    "river Lesk broke its banks and forced hundreds of families from their homes.";

TEST(AlignTest, VerbatimParagraphAmidDifferentTextHasExactSpans) {
  std::string a = "Local news from the valley.\n\n" + std::string(kWire) +
                  "\n\nThe mayor of Orlin welcomed the decision and thanked the engineers.";
  std::string b = "Opposition members walked out of the session in protest.\n\n" + std::string(kWire) +
                  "\n\nCritics say the barrier will cost twice the estimate.";
  auto spans = AlignTexts(a, b);
  ASSERT_EQ(spans.size(), 1u);
  // From the first word to the last word: the final period is not part of it.
  text::Span want_a = Between(a, "The regional", "their homes");
  text::Span want_b = Between(b, "The regional", "their homes");
  EXPECT_EQ(spans[0].a, want_a) << Cut(a, spans[0].a);
  EXPECT_EQ(spans[0].b, want_b) << Cut(b, spans[0].b);
  EXPECT_EQ(spans[0].words, 31u);  // every word of the paragraph
  EXPECT_FALSE(spans[0].quotation);
}

TEST(AlignTest, EditsInsideThePassageKeepOneSpan) {
  struct Case {
    std::string name, b;
  };
  const std::string tail = "\n\nUnrelated closing words about the weather on Sunday.";
  std::vector<Case> cases = {
      {"swapped word",
       "The regional council of Varna approved a new flood wall on Tuesday, after two winters in which the "
       "river Lesk broke its banks and forced hundreds of families from their homes."},
      {"inserted clause",
       "The regional council of Varna, meeting in an extraordinary session, approved a new flood barrier on "
       "Tuesday, after two winters in which the river Lesk broke its banks and forced hundreds of families "
       "from their homes."},
      {"cut clause",
       "The regional council of Varna approved a new flood barrier on Tuesday, after two winters in which the "
       "river Lesk forced hundreds of families from their homes."},
      {"changed punctuation",
       "The regional council of Varna approved a new flood-barrier on Tuesday -- after two winters in which "
       "the river Lesk broke its banks, and forced hundreds of families from their homes!"},
  };
  for (const Case& c : cases) {
    std::string a = "Intro line that differs entirely.\n\n" + std::string(kWire) + tail;
    std::string b = "Another opening that differs.\n\n" + c.b + "\n\nAnd a different ending.";
    auto spans = AlignTexts(a, b);
    ASSERT_EQ(spans.size(), 1u) << c.name;
    EXPECT_EQ(spans[0].a, Between(a, "The regional", "their homes")) << c.name << ": " << Cut(a, spans[0].a);
    EXPECT_EQ(spans[0].b, Between(b, "The regional", "their homes")) << c.name << ": " << Cut(b, spans[0].b);
    EXPECT_GE(spans[0].words, 24u) << c.name;
  }
}

TEST(AlignTest, ReorderedParagraphsAreFoundSeparately) {
  const std::string p1 =
      "Engineers from the national water agency will inspect every embankment along the lower river before the "
      "spring thaw begins next month.";
  const std::string p2 =
      "Farmers in the lower valley have asked for compensation for the harvest they lost when their fields were "
      "flooded last autumn.";
  std::string a = p1 + "\n\n" + p2;
  std::string b = "A first line of other text.\n\n" + p2 + "\n\n" + p1;
  auto spans = AlignTexts(a, b);
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[0].a, Between(a, "Engineers", "begins next month"));
  EXPECT_EQ(spans[0].b, Between(b, "Engineers", "begins next month"));
  EXPECT_EQ(spans[1].a, Between(a, "Farmers", "last autumn"));
  EXPECT_EQ(spans[1].b, Between(b, "Farmers", "last autumn"));
}

TEST(AlignTest, ConsecutiveSharedParagraphsAreSeparateSpans) {
  const std::string p1 =
      "Engineers from the national water agency will inspect every embankment along the lower river before the "
      "spring thaw begins next month.";
  const std::string p2 = "No date has been set for the work.";  // short, but inside a longer passage
  std::string a = p1 + "\n\n" + p2;
  std::string b = p1 + "\n" + p2 + "\nSomething else entirely is said here by somebody else.";
  auto spans = AlignTexts(a, b);
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(Cut(a, spans[1].a), "No date has been set for the work");
  EXPECT_EQ(spans[1].words, 8u);
  EXPECT_FALSE(spans[1].quotation);
}

TEST(AlignTest, QuoteStylesAndDashesDoNotMatter) {
  std::string a =
      "He said: \u201CThe barrier \u2014 the largest in the region \u2014 will protect forty thousand people "
      "from the Lesk,\u201D and left.";
  std::string b =
      "He said: \"The barrier - the largest in the region - will protect forty thousand people from the Lesk,\" "
      "and left.";
  auto spans = AlignTexts(a, b);
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(spans[0].a, Between(a, "He said", "and left"));
  EXPECT_EQ(spans[0].b, Between(b, "He said", "and left"));
}

TEST(AlignTest, ShortSharedQuotationIsFlagged) {
  std::string a = "The minister was brief. \u201CWe will rebuild every bridge,\u201D she told reporters in Orlin.";
  std::string b =
      "Speaking in the capital, the minister promised that \"we will rebuild every bridge\" before winter, "
      "according to her office.";
  auto spans = AlignTexts(a, b);
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_TRUE(spans[0].quotation);
  EXPECT_EQ(Cut(a, spans[0].a), "We will rebuild every bridge");
  EXPECT_EQ(Cut(b, spans[0].b), "we will rebuild every bridge");
  EXPECT_EQ(spans[0].words, 5u);

  // Too short a quotation, or the words outside quotes on one side: nothing.
  EXPECT_TRUE(AlignTexts("He said \u201Cwe will rebuild\u201D today.", "She said \"we will rebuild\" then.").empty());
  EXPECT_TRUE(AlignTexts(a, "The minister said we will rebuild every bridge in the region.").empty());
}

TEST(AlignTest, UnrelatedTextsOnTheSameTopicShareNothing) {
  std::string a =
      "Heavy rain flooded the Varna valley on Sunday, forcing about 4,000 residents to leave their homes, "
      "regional officials said. The river Lesk rose two metres overnight and broke through an earth embankment "
      "near the town of Orlin. Emergency crews used boats to reach villages cut off by the water.";
  std::string b =
      "About 4,000 people were forced to leave their homes in the Varna valley after heavy rain on Sunday, "
      "officials in the region said. Boats were used by emergency crews to reach cut-off villages, according "
      "to the regional governor. Farmers said the harvest in the lower valley was lost.";
  EXPECT_TRUE(AlignTexts(a, b).empty());
}

TEST(AlignTest, EmptyTexts) {
  EXPECT_TRUE(AlignTexts("", "").empty());
  EXPECT_TRUE(AlignTexts("", kWire).empty());
  EXPECT_TRUE(AlignTexts(kWire, "").empty());
  EXPECT_TRUE(AlignTexts("!!! ... \u201C\u201D", "\"\"").empty());
}

// Repetitive 50k-word texts must not make alignment quadratic (a hang would
// hit the test timeout; speed itself is measured by bench/, not here).
TEST(AlignTest, RepetitiveFiftyThousandWordTexts) {
  const std::string sentence = "The council met again today and nothing was decided. ";  // 9 words
  std::string a, b;
  for (int k = 0; k < 5600; ++k) a += sentence;
  b = a;
  auto spans = AlignTexts(a, b);
  // With a unique passage inside the repetition, it is found.
  std::string a2 = a + std::string(kWire) + " " + a;
  std::string b2 = sentence + std::string(kWire) + " " + a;
  auto spans2 = AlignTexts(a2, b2);
  ASSERT_FALSE(spans2.empty());
  bool wire_found = false;
  for (const auto& s : spans2) {
    if (Cut(a2, s.a).find("flood barrier") != std::string_view::npos) wire_found = true;
  }
  EXPECT_TRUE(wire_found);
}

// ---- The real seed articles ------------------------------------------------------

using ::storyline::testing::SeedsDir;

// The seed texts in file-name order, or empty when the directory is absent.
std::vector<std::string> ReadSeeds() {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(SeedsDir(), ec))
    if (e.path().extension() == ".txt") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<std::string> texts;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    texts.push_back(ss.str());
  }
  return texts;
}

// True when some span maps exactly `want_a` in a to `want_b` in b.
bool HasSpan(const std::vector<SharedSpan>& spans, text::Span want_a, text::Span want_b) {
  for (const auto& s : spans)
    if (s.a == want_a && s.b == want_b) return true;
  return false;
}

// The paragraphs seeds 000 and 001 share verbatim are found with exact ends
// on both sides. The ends are located with short markers from the texts.
TEST(AlignSeedsTest, VerbatimParagraphsOfTheFirstTwoSeeds) {
  auto seeds = ReadSeeds();
  if (seeds.size() < 5) GTEST_SKIP() << "seed articles not found in " << SeedsDir() << " (set STORYLINE_SHARED)";
  const std::string& a = seeds[0];
  const std::string& b = seeds[1];
  auto spans = AlignTexts(a, b);
  struct Want {
    std::string_view first, last;  // first words and last words of the expected span
  };
  // Quotes end at "said"/"added": the attribution after them is shared too
  // (a span covers words, so the closing quote mark inside is kept).
  const Want wants[] = {
      {"During the talks", "the Kremlin said"},
      {"A number of important", "it added"},
      {"China and Russia struck", "Russia invaded Ukraine"},
      {"The two sides have since", "revenue for Moscow"},
  };
  for (const Want& w : wants) {
    text::Span in_a = Between(a, w.first, w.last), in_b = Between(b, w.first, w.last);
    ASSERT_GT(in_a.size(), 0u) << w.first;
    ASSERT_GT(in_b.size(), 0u) << w.first;
    EXPECT_TRUE(HasSpan(spans, in_a, in_b)) << "not found: " << Cut(a, in_a);
  }
  // The two Kremlin quotes are quotations in both texts (all but the
  // attribution is inside quote marks); the prose paragraphs are not.
  for (const auto& s : spans) {
    std::string_view text = Cut(a, s.a);
    bool kremlin_quote = text.starts_with("During the talks") || text.starts_with("A number of important");
    EXPECT_EQ(s.quotation, kremlin_quote) << text;
  }
}

// Every pair of seeds aligns quickly; seeds that quote the Kremlin's
// documents sentence share it (002 only quotes part of it: a quotation span).
TEST(AlignSeedsTest, BilateralDocumentsQuote) {
  auto seeds = ReadSeeds();
  if (seeds.size() < 5) GTEST_SKIP() << "seed articles not found in " << SeedsDir() << " (set STORYLINE_SHARED)";
  const std::string_view quote = "important bilateral documents will be signed";
  for (size_t x : {0, 1, 3}) {
    auto spans = AlignTexts(seeds[x], seeds[2]);
    text::Span in_a = {seeds[x].find(quote), seeds[x].find(quote) + quote.size()};
    text::Span in_b = {seeds[2].find(quote), seeds[2].find(quote) + quote.size()};
    ASSERT_NE(in_a.begin, std::string::npos);
    ASSERT_NE(in_b.begin, std::string::npos);
    bool found = false;
    for (const auto& s : spans) found |= s.a == in_a && s.b == in_b && s.quotation && s.words == 6;
    EXPECT_TRUE(found) << "seed " << x << " and seed 2";
  }
}

}  // namespace
}  // namespace storyline::dedup

namespace storyline::dedup {
namespace {

// Old newswire marks quotes TeX-style (``...''): a long quotation two reports
// carry in those marks is a shared quotation, not copied prose.
TEST(AlignQuotesTest, TexStyleQuotationIsAQuotation) {
  std::string a = "The minister was worried that ``an important man with close links to the group seemed to "
                  "have fallen into the enemy's hands and could not be reached by anyone at all,'' he said.";
  std::string b = "Officials were blunt. ``An important man with close links to the group seemed to have fallen "
                  "into the enemy's hands and could not be reached by anyone at all,'' one of them said on Monday.";
  Options o;
  auto spans = Align(a, MakeFingerprint(a, o), b, MakeFingerprint(b, o), o);
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_TRUE(spans[0].quotation);
  EXPECT_GE(spans[0].words, 20u);
}

}  // namespace
}  // namespace storyline::dedup
