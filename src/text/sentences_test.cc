#include <gtest/gtest.h>

#include <string>
#include <thread>

#include "storyline/text.h"
#include "text/test_data.h"

namespace storyline::text {
namespace {

std::vector<std::string> Texts(std::string_view text, const std::vector<Span>& spans) {
  std::vector<std::string> out;
  for (const Span& s : spans) out.emplace_back(text.substr(s.begin, s.size()));
  return out;
}

std::string Unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == 'n') {
      out += '\n';
      ++i;
    } else {
      out += s[i];
    }
  }
  return out;
}

TEST(SentencesData, AllCases) {
  auto cases = testing::ReadCases("sentences.txt");
  ASSERT_GE(cases.size(), 40u);
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    std::string language = "en";
    size_t i = 0;
    if (!c.lines.empty() && c.lines[0].rfind("lang: ", 0) == 0) {
      language = c.lines[0].substr(6);
      i = 1;
    }
    std::string input;
    for (; i < c.lines.size() && c.lines[i] != "===="; ++i) {
      if (!input.empty() || i > (language == "en" ? 0u : 1u)) input += '\n';
      input += c.lines[i];
    }
    ASSERT_LT(i, c.lines.size()) << "missing ====";
    std::vector<std::string> expected;
    for (++i; i < c.lines.size(); ++i) expected.push_back(Unescape(c.lines[i]));
    EXPECT_EQ(Texts(input, SplitSentences(input, language)), expected) << "input: " << input;
  }
}

TEST(Sentences, SpansExcludeWhitespaceAndIncreasing) {
  std::string text = "  One here.   Two there!  \n\n\n  Three  ";
  auto spans = SplitSentences(text);
  ASSERT_EQ(Texts(text, spans), (std::vector<std::string>{"One here.", "Two there!", "Three"}));
  for (size_t i = 1; i < spans.size(); ++i) EXPECT_LE(spans[i - 1].end, spans[i].begin);
}

TEST(Sentences, EmptyAndWhitespace) {
  EXPECT_TRUE(SplitSentences("").empty());
  EXPECT_TRUE(SplitSentences(" \n\n \t ").empty());
  EXPECT_TRUE(SplitParagraphs("").empty());
}

TEST(Paragraphs, BlankLinesAndHardWrap) {
  std::string text = "First line of a para\ncontinues here.\nNew para.\n\n\nThird para.";
  EXPECT_EQ(Texts(text, SplitParagraphs(text)),
            (std::vector<std::string>{"First line of a para\ncontinues here.", "New para.",
                                      "Third para."}));
}

TEST(Paragraphs, CrLf) {
  std::string text = "One.\r\n\r\nTwo.\r\n";
  EXPECT_EQ(Texts(text, SplitParagraphs(text)), (std::vector<std::string>{"One.", "Two."}));
}

TEST(Sentences, ManyThreads) {
  std::string text = "Dr. Lee met U.S. officials. They talked. “Why?” she asked.";
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i)
        if (SplitSentences(text).size() != 3) ++failures;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
}

}  // namespace
}  // namespace storyline::text

namespace storyline::text {
namespace {

TEST(DatelineTest, PlaceAgencyAndSeparator) {
  auto rest = [](std::string_view s) { return s.substr(DatelineLength(s)); };
  EXPECT_EQ(rest("BEIJING: Chinese President Xi Jinping will visit."), "Chinese President Xi Jinping will visit.");
  EXPECT_EQ(rest("WESTMERE (Meridian Press) \u2014 Dockworkers will strike."), "Dockworkers will strike.");
  EXPECT_EQ(rest("NAIROBI, Kenya (AP) _ Rescuers pulled three people out."), "Rescuers pulled three people out.");
  EXPECT_EQ(rest("KOUROU, French Guiana -- The probe lifted off."), "The probe lifted off.");
  EXPECT_EQ(rest("NEW YORK (Reuters) - Stocks fell."), "Stocks fell.");
  EXPECT_EQ(rest("LONDON \u2013 Shares slid."), "Shares slid.");
  // Not datelines.
  for (std::string_view s : {"The Kremlin said on Friday.", "US officials said: no.", "UK riots LIVE: stand-off.",
                             "A: yes.", "NATO-led forces moved in.", "BEIJING, which hosts the talks, said no.",
                             "WHO said the virus spread.", "", "ABC", "LONDON - and then it rained."})
    EXPECT_EQ(DatelineLength(s), 0u) << s;
}

// An untitled text's headline: its lead sentence (past the dateline) up to a
// clause break, whole when short, else cut after whole words.
TEST(HeadlineTest, LeadSentenceToAClause) {
  EXPECT_EQ(HeadlineOf("ORLIN (AP) _ Gale-force winds and high seas battered yachts in the Orlin race on Monday, "
                       "killing at least two crew members and leaving three yachts missing. Rescuers searched."),
            "Gale-force winds and high seas battered yachts in the Orlin race on Monday");
  EXPECT_EQ(HeadlineOf("The port will reopen on Monday. Talks resumed."), "The port will reopen on Monday");
  EXPECT_EQ(HeadlineOf("Mr. Vell said the talks would resume at the port on Monday. Nobody else spoke."),
            "Mr. Vell said the talks would resume at the port on Monday");
  // "1,000" and "3:42" are no clause breaks.
  EXPECT_EQ(HeadlineOf("Vice President Vell said on Sunday night that between 1,000 and 1,500 people had died in the "
                       "floods around the lake at 3:42 a.m. on Saturday"),
            "Vice President Vell said on Sunday night that between 1,000 and 1,500 people\u2026");
  EXPECT_EQ(HeadlineOf(""), "");
}

}  // namespace
}  // namespace storyline::text
