// Tests of the quote finder's learned cue model (quote_model.h) and of the
// quotes it lets FindQuotes find beyond the cue lexicon.
#include "facts/quote_model.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "storyline/facts.h"

namespace storyline::facts {
namespace {

std::string Lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return s;
}

// Score of the first occurrence of `word` in `text`, relative to the threshold.
float Margin(const std::string& text, const std::string& word) {
  const auto& m = quote_model::Model::Default();
  std::string low = Lower(text);
  size_t b = text.find(word);
  EXPECT_NE(b, std::string::npos);
  return m.Score(text, low, b, b + word.size()) - m.threshold();
}

TEST(QuoteModelTest, Tokenize) {
  std::string t = "“It’s over,” said U.S. Sen. Ann Lee -- really.";
  std::vector<quote_model::Token> toks;
  quote_model::Tokenize(t, Lower(t), 0, t.size(), &toks);
  std::vector<std::string> got;
  for (const auto& k : toks)
    got.push_back(k.IsWord() ? t.substr(k.b, k.e - k.b)
                  : k.IsQuoteMark() ? std::string("\"")
                                    : std::string(1, k.punct));
  std::vector<std::string> want = {"\"", "It’s", "over", ",", "\"", "said", "U.S.", "Sen.", "Ann", "Lee", "-",
                                   "really", "."};
  EXPECT_EQ(got, want);
  EXPECT_EQ(toks[0].type, quote_model::TokenType::kOpen);
  EXPECT_EQ(toks[4].type, quote_model::TokenType::kClose);
  EXPECT_TRUE(toks[6].cap);
  EXPECT_FALSE(toks[5].cap);
}

TEST(QuoteModelTest, FeaturesStayOnTheLine) {
  // The same word with the same line around it has the same features, whatever
  // the other lines hold.
  std::string a = "Polls show Clinton ahead.";
  std::string b = "Something else entirely here, \"quoted\".\n" + a;
  std::vector<quote_model::Token> ta, tb;
  quote_model::Tokenize(a, Lower(a), 0, a.size(), &ta);
  quote_model::Tokenize(b, Lower(b), b.size() - a.size(), b.size(), &tb);
  std::vector<uint32_t> fa, fb;
  quote_model::Features(a, Lower(a), ta, 1, &fa);
  quote_model::Features(b, Lower(b), tb, 1, &fb);
  EXPECT_EQ(fa, fb);
  EXPECT_FALSE(fa.empty());
  const auto& m = quote_model::Model::Default();
  EXPECT_FLOAT_EQ(m.Score(a, Lower(a), 6, 10), m.Score(b, Lower(b), b.size() - a.size() + 6, b.size() - a.size() + 10));
}

TEST(QuoteModelTest, Stem) {
  EXPECT_EQ(quote_model::Stem("testified"), quote_model::Stem("testifies"));
  EXPECT_EQ(quote_model::Stem("insisting"), quote_model::Stem("insists"));
  EXPECT_EQ(quote_model::Stem("said"), "said");
}

TEST(QuoteModelTest, DefaultModel) {
  const auto& m = quote_model::Model::Default();
  ASSERT_FALSE(m.empty());
  EXPECT_TRUE(m.IsCandidate("said"));
  EXPECT_TRUE(m.IsCandidate("believe"));
  EXPECT_FALSE(m.IsCandidate("banana"));
  EXPECT_GT(Margin("The senator said the bill would pass.", "said"), 0);
  EXPECT_GT(Margin("Republicans think Trump can win the state.", "think"), 0);
  // Context decides: polls show, a television show does not.
  EXPECT_GT(Margin("New polls show the race tightening in Ohio.", "show"), 0);
  EXPECT_LT(Margin("He appeared on the show on Tuesday night.", "show"), 0);
  EXPECT_TRUE(m.NoSource("expected"));
  EXPECT_FALSE(m.NoSource("said"));
}

TEST(QuoteModelTest, ParseAndOverride) {
  quote_model::Model m;
  EXPECT_FALSE(m.Parse("nothing here\n"));
  ASSERT_TRUE(m.Parse("// comment\nT 0.5\nC ponder\nW " + [] {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%08x", quote_model::Hash("ponder", quote_model::Hash("w=")));
    return std::string(buf);
  }() + " 2\n"));
  EXPECT_TRUE(m.IsCandidate("ponder"));
  EXPECT_FALSE(m.IsCandidate("said"));
  EXPECT_FLOAT_EQ(m.threshold(), 0.5f);
  std::string t = "Experts ponder whether the plan can work.";
  EXPECT_FLOAT_EQ(m.Score(t, Lower(t), 8, 14), 2.0f);
  quote_model::OverrideModel(&m);
  EXPECT_EQ(&quote_model::Active(), &m);
  quote_model::OverrideModel(nullptr);
  EXPECT_EQ(&quote_model::Active(), &quote_model::Model::Default());
}

// Attributions beyond the verbs of saying: beliefs and polls, with the clause
// after the cue as what is attributed and the subject as the source.
TEST(QuoteModelTest, FindQuotesBeyondTheLexicon) {
  struct Want {
    std::string text, content, cue, mention;
  };
  const Want wants[] = {
      {"Republicans think Trump can win the state.", "Trump can win the state", "think", "Republicans"},
      {"New polls show the race tightening in Ohio.", "the race tightening in Ohio", "show", "New polls"},
      // (In its own paragraph: the model weighs quotation marks within six tokens before a word,
      // and "he said." right before made this one a non-cue for the retrained model.)
      {"\"It will pass,\" he said.\nMany Democrats believe that the bill will fail.", "the bill will fail",
       "believe", "Many Democrats"},
      // PolNeAR marks "expected" with no source: no speaker.
      {"Trump is expected to win the primary.", "to win the primary", "expected", ""},
  };
  for (const Want& w : wants) {
    bool found = false;
    for (const auto& q : FindQuotes(w.text, {}))
      if (q.text == w.content) {
        found = true;
        EXPECT_EQ(q.cue, w.cue) << w.text;
        EXPECT_EQ(w.text.substr(q.speaker_span.begin, q.speaker_span.size()), w.mention) << w.text;
      }
    EXPECT_TRUE(found) << w.text;
  }
}

TEST(QuoteModelTest, CueFilterParsesItsFile) {
  quote_model::CueFilter f;
  ASSERT_TRUE(f.Parse("L -3\nB 1\nF 2 k=name\nF -0.5 w=said\n"));
  EXPECT_FLOAT_EQ(f.floor(), -3);
  EXPECT_FLOAT_EQ(f.Score({"k=name", "w=said", "unknown"}), 0.5f);  // 2 - 0.5 - threshold 1
  EXPECT_FALSE(quote_model::CueFilter().Parse("L -3\n"));
  // The compiled-in filter asks about words under the cue model's threshold.
  const auto& def = quote_model::CueFilter::Default();
  ASSERT_FALSE(def.empty());
  EXPECT_LT(def.floor(), quote_model::Model::Default().threshold());
}

TEST(QuoteModelTest, CueFilterSeesTheSpeaker) {
  const std::string text = "Kremlin spokesman Dmitry Peskov said on Friday that the talks would continue next week.";
  // What the filter's trainer records: the cue, the speaker mention and the features.
  std::vector<quote_model::CueRecord> log;
  quote_model::CueFilter keep_all;
  keep_all.SetFloor(quote_model::CueFilter::Default().floor());
  quote_model::OverrideFilter(&keep_all);
  quote_model::SetCueLog(&log);
  FindQuotes(text, {});
  quote_model::SetCueLog(nullptr);
  quote_model::OverrideFilter(nullptr);
  auto said = std::find_if(log.begin(), log.end(),
                           [&](const auto& r) { return text.substr(r.cue_b, r.cue_e - r.cue_b) == "said"; });
  ASSERT_NE(said, log.end());
  EXPECT_EQ(text.substr(said->speaker_b, said->speaker_e - said->speaker_b), "Kremlin spokesman Dmitry Peskov");
  const auto& f = said->features;
  EXPECT_NE(std::find(f.begin(), f.end(), "k=name"), f.end());
  EXPECT_NE(std::find(f.begin(), f.end(), "side=adj"), f.end());
  // The compiled-in filter keeps it.
  EXPECT_GE(quote_model::CueFilter::Default().Score(f), 0);
  auto quotes = FindQuotes(text, {});
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_EQ(quotes[0].speaker, "Dmitry Peskov");
}

}  // namespace
}  // namespace storyline::facts
