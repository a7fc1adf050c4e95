// Unit tests of CleanPlainText's mechanics (offsets, reasons, edge inputs)
// and of ExtractArticle. What counts as junk is tested by golden_test.cc and
// seeds_test.cc.
#include <gtest/gtest.h>

#include <string>

#include "storyline/extract.h"

namespace storyline::extract {
namespace {

constexpr char kText[] =
    "Share this\n"
    "Harbour master retires after forty years\n"
    "\n"
    "  The harbour master of Kellport, who has guided ships into the port since 1991, retired on Friday.  \r\n"
    "\n"
    "He said he would spend his time sailing his own small boat along the coast.\n"
    "Advertisement\n"
    "Friends and colleagues gathered on the quay to wish him well at a small ceremony.\n"
    "\n"
    "Leave a Reply\n";

TEST(CleanPlainTextTest, KeepsBodyFindsTitleDropsJunk) {
  CleanedText out = CleanPlainText(kText, true);
  EXPECT_EQ(out.title, "Harbour master retires after forty years");
  EXPECT_EQ(out.body,
            "The harbour master of Kellport, who has guided ships into the port since 1991, "
            "retired on Friday.\n\n"
            "He said he would spend his time sailing his own small boat along the coast.\n\n"
            "Friends and colleagues gathered on the quay to wish him well at a small ceremony.");
}

TEST(CleanPlainTextTest, BodyOffsetsMapToRawText) {
  std::string raw = kText;
  CleanedText out = CleanPlainText(raw, true);
  ASSERT_EQ(out.body_to_raw.output_size(), out.body.size());
  // Every paragraph maps back to the same bytes in the raw text.
  size_t start = 0;
  while (start < out.body.size()) {
    size_t end = out.body.find("\n\n", start);
    if (end == std::string::npos) end = out.body.size();
    text::Span raw_span = out.body_to_raw.ToSource(text::Span{start, end});
    EXPECT_EQ(raw.substr(raw_span.begin, raw_span.size()), out.body.substr(start, end - start));
    for (size_t k = start; k < end; ++k) {
      EXPECT_EQ(raw[out.body_to_raw.ToSource(k)], out.body[k]) << k;
    }
    start = end + 2;
  }
}

TEST(CleanPlainTextTest, DroppedLinesHaveSpansAndReasons) {
  std::string raw = kText;
  CleanedText out = CleanPlainText(raw, true);
  bool title = false, trailer = false, junk = false;
  for (const DroppedLine& d : out.dropped) {
    std::string line = raw.substr(d.span.begin, d.span.size());
    if (line == "Harbour master retires after forty years") title = d.reason == DropReason::kTitle;
    if (line == "Leave a Reply") trailer = d.reason == DropReason::kTrailer;
    if (line == "Advertisement") junk = d.reason == DropReason::kJunk;
    EXPECT_GE(d.score, 0.0);
    EXPECT_LE(d.score, 1.0);
  }
  EXPECT_TRUE(title);
  EXPECT_TRUE(trailer);
  EXPECT_TRUE(junk);
}

TEST(CleanPlainTextTest, HardWrappedLinesAreJoinedAndMapped) {
  std::string raw =
      "The committee met again on Monday to discuss the\n"
      "  budget for next year, but no decision was taken.\n"
      "It will meet again next week.\n";
  CleanedText out = CleanPlainText(raw, false);
  EXPECT_EQ(out.body,
            "The committee met again on Monday to discuss the budget for next year, but no "
            "decision was taken.\n\nIt will meet again next week.");
  size_t b = out.body.find("budget");
  EXPECT_EQ(raw.substr(out.body_to_raw.ToSource(b), 6), "budget");
}

TEST(CleanPlainTextTest, DuplicateParagraphIsDropped) {
  std::string p = "The mayor said the new bridge would open to traffic in the spring of next year.";
  CleanedText out = CleanPlainText(p + "\n\nIt cost less than planned, she said.\n\n" + p + "\n", false);
  EXPECT_EQ(out.body, p + "\n\nIt cost less than planned, she said.");
  ASSERT_EQ(out.dropped.size(), 1u);
  EXPECT_EQ(out.dropped[0].reason, DropReason::kDuplicate);
}

TEST(CleanPlainTextTest, EdgeInputs) {
  EXPECT_EQ(CleanPlainText("", true).body, "");
  EXPECT_EQ(CleanPlainText("\n\n  \r\n\t\n", true).body, "");
  CleanedText one = CleanPlainText("It rained all day in the valley, and the roads were closed.", true);
  EXPECT_EQ(one.title, "");
  EXPECT_EQ(one.body, "It rained all day in the valley, and the roads were closed.");
  // Invalid UTF-8 and NUL bytes do not crash.
  std::string odd("Title here now\n\xff\xfe text \0 more.\n", 30);
  CleanPlainText(odd, true);
}

TEST(CleanPlainTextTest, WithoutFindTitleNoTitleIsTaken) {
  CleanedText out = CleanPlainText(kText, false);
  EXPECT_EQ(out.title, "");
  EXPECT_EQ(out.body.find("Harbour master retires"), std::string::npos);  // leading junk
}

TEST(CleanPlainTextTest, LargeInputIsFast) {
  std::string raw;
  for (int i = 0; i < 20000; ++i) {
    raw += "Paragraph number " + std::to_string(i) +
           " says that the council met again and that nothing was decided.\n\n";
    if (i % 10 == 0) raw += "Advertisement\n\n";
  }
  CleanedText out = CleanPlainText(raw, true);  // ~2 MB; a hang hits ctest's timeout
  EXPECT_EQ(out.body.find("Advertisement"), std::string::npos);
}

TEST(ExtractArticleTest, FindsTitleKeepsStatedOneDetectsLanguage) {
  ingest::Document doc;
  doc.article.text = kText;
  doc.title_from_first_line = true;
  Article a = ExtractArticle(doc);
  EXPECT_EQ(a.title, "Harbour master retires after forty years");
  EXPECT_TRUE(a.text.starts_with("The harbour master of Kellport"));
  EXPECT_EQ(a.language, "en");

  ingest::Document stated;
  stated.article.title = "Kellport's harbour master retires";
  stated.article.language = "xx";
  std::string rest(kText);
  rest = rest.substr(rest.find("\n\n"));
  stated.article.text = "Kellport's harbour master retires" + rest;
  Article b = ExtractArticle(stated);
  EXPECT_EQ(b.title, "Kellport's harbour master retires");
  EXPECT_EQ(b.language, "xx");
  EXPECT_TRUE(b.text.starts_with("The harbour master of Kellport")) << b.text;
}

TEST(ExtractArticleTest, AuthorsFromBylineWhenNotStated) {
  ingest::Document doc;
  doc.title_from_first_line = true;
  doc.article.text =
      "Harbour master retires after forty years\nBy Mara Lind\n"
      "The harbour master of Kellport, who has guided ships into the port since 1991, retired "
      "on Friday.\n";
  Article a = ExtractArticle(doc);
  ASSERT_EQ(a.authors.size(), 1u);
  EXPECT_EQ(a.authors[0], "Mara Lind");
  doc.article.authors = {"Stated Author"};
  EXPECT_EQ(ExtractArticle(doc).authors, std::vector<std::string>{"Stated Author"});
}

}  // namespace
}  // namespace storyline::extract
