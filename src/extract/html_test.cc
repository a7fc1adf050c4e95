// Unit tests of HTML extraction: the DOM, bad input, dates, authors, and a
// run over the shared Readability test pages when they are present.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>

#include "extract/html_dom.h"
#include "extract/html_extract.h"
#include "storyline/extract.h"

namespace storyline::extract {
namespace {

using html::Dom;
using html::Tag;

HtmlExtraction RunHtml(std::string html, bool fragment = false) {
  ingest::Document doc;
  doc.article.text = std::move(html);
  doc.format = fragment ? ingest::Document::Format::kHtmlFragment : ingest::Document::Format::kHtmlPage;
  return ExtractHtml(doc);
}

// The page bytes a span of the extracted body came from.
std::string_view SourceOf(const HtmlExtraction& r, std::string_view page, std::string_view body_part) {
  size_t at = r.article.text.find(body_part);
  EXPECT_NE(at, std::string::npos) << body_part;
  if (at == std::string::npos || !r.article.text_to_input) return {};
  text::Span in = r.article.text_to_input->ToSource(text::Span{at, at + body_part.size()});
  return page.substr(in.begin, in.end - in.begin);
}

TEST(HtmlSource, BodySpansMapBackToThePageBytes) {
  const std::string page =
      "<html><head><title>Bridge vote</title><script>var x = '<p>not text</p>';</script></head><body>\n"
      "<nav><a href=/>Home</a></nav>\n<article><h1>Bridge vote</h1>\n"
      "<p>The council of Eastbrook voted on Tuesday to rebuild the old river bridge,\n   ending a dispute "
      "that had divided the town for nearly a decade.</p>\n"
      "<p>Engineers said the <b>stone arches</b> could no longer carry trucks safely, and repairs would cost "
      "almost as much as a new span.</p>\n"
      "<p>Residents &amp; shop owners asked for the old stones to be reused in the new approach walls.</p>\n"
      "<ul><li>Work starts next spring and lasts about eighteen months for the whole town.</li></ul>\n"
      "</article></body></html>";
  HtmlExtraction r = RunHtml(page);
  ASSERT_TRUE(r.article.text_to_input) << r.article.text;
  // Unchanged text maps byte for byte, across the dropped <script> before it.
  EXPECT_EQ(SourceOf(r, page, "voted on Tuesday"), "voted on Tuesday");
  // Collapsed white space: the span runs over the page's own line break.
  EXPECT_EQ(SourceOf(r, page, "bridge, ending"), "bridge,\n   ending");
  // Across an inline element: the tags between are part of the source span.
  EXPECT_EQ(SourceOf(r, page, "the stone arches could"), "the <b>stone arches</b> could");
  // A text node changed by a character reference maps as a whole.
  std::string_view amp = SourceOf(r, page, "shop owners");
  EXPECT_NE(amp.find("Residents &amp; shop owners"), std::string_view::npos) << amp;
  // A list item's "- " is inserted text; its words map to the page.
  EXPECT_EQ(SourceOf(r, page, "lasts about eighteen months"), "lasts about eighteen months");
}

TEST(HtmlSource, FragmentSpansMapToTheFragment) {
  const std::string fragment = "<p>First paragraph of a feed item, with enough words to count.</p><p>Second one.</p>";
  HtmlExtraction r = RunHtml(fragment, /*fragment=*/true);
  ASSERT_TRUE(r.article.text_to_input) << r.article.text;
  EXPECT_EQ(SourceOf(r, fragment, "feed item"), "feed item");
  EXPECT_EQ(SourceOf(r, fragment, "Second one."), "Second one.");
}


// A body read from a string in the scripts' state maps through the string's
// escapes to the page.
TEST(HtmlSource, HydratedBodySpansMapToTheScriptString) {
  const std::string page =
      "<html><head><title>Old mill to become a school of crafts</title></head><body><div id=\"app\"></div>"
      "<script>window.__STATE__ = {\"story\":{\"body\":\""
      "\\u003cp\\u003eThe old mill on the Lane river will be turned into a school of crafts, its owners said on "
      "Monday morning.\\u003c/p\\u003e"
      "\\u003cp\\u003eWork on the roof starts in May and should take most of the summer, weather allowing, the "
      "builders said.\\u003c/p\\u003e"
      "\\u003cp\\u003eThe school will teach joinery, weaving and stone carving to about sixty students a year "
      "from the valley.\\u003c/p\\u003e"
      "\\u003cp\\u003eIts first courses open in the autumn of next year, with places for adults in the "
      "evenings.\\u003c/p\\u003e"
      "\\u003cp\\u003eThe owners \\\"hope\\\" to sell the mill\\u0027s flour again.\\u003c/p\\u003e\"}};"
      "</script></body></html>";
  HtmlExtraction r = RunHtml(page);
  ASSERT_TRUE(r.article.text_to_input) << r.article.text;
  EXPECT_TRUE(r.article.is_article) << r.not_article_reason;
  // Unescaped text maps byte for byte into the JSON string.
  std::string_view roof = SourceOf(r, page, "Work on the roof starts in May");
  EXPECT_EQ(roof, "Work on the roof starts in May");
  EXPECT_EQ(roof.data(), page.data() + page.find("Work on the roof"));
  // An escaped character maps to its escape.
  EXPECT_EQ(SourceOf(r, page, "\"hope\""), "\\\"hope\\\"");
}

TEST(HtmlDom, ParsesElementsAttributesAndText) {
  Dom dom = Dom::Parse("<html lang=en><body><div id=a class='x y'>Hello <b>big</b> world &amp; more</div></body></html>");
  uint32_t div = html::kNone;
  for (uint32_t i = 0; i < dom.size(); ++i)
    if (dom.node(i).tag == Tag::kDiv) div = i;
  ASSERT_NE(div, html::kNone);
  EXPECT_EQ(dom.Attribute(div, "id"), "a");
  EXPECT_EQ(dom.Attribute(div, "class"), "x y");
  EXPECT_EQ(dom.TextContent(div), "Hello big world & more");
  EXPECT_EQ(dom.Name(div), "div");
  EXPECT_FALSE(dom.HasAttribute(div, "style"));
  // Subtree ranges: the <b> lies inside the div.
  uint32_t b = html::kNone;
  for (uint32_t i = 0; i < dom.size(); ++i)
    if (dom.node(i).tag == Tag::kB) b = i;
  EXPECT_GT(b, div);
  EXPECT_LT(b, dom.node(div).end);
  EXPECT_EQ(dom.node(b).parent, div);
}

TEST(HtmlDom, CustomElementsKeepTheirName) {
  Dom dom = Dom::Parse("<body><gu-island>Text</gu-island></body>");
  bool found = false;
  for (uint32_t i = 0; i < dom.size(); ++i)
    if (dom.node(i).tag == Tag::kOther && dom.Name(i) == "gu-island") found = true;
  EXPECT_TRUE(found);
}

TEST(HtmlDom, LimitNestingDropsDeepTagsKeepsText) {
  std::string deep;
  for (int i = 0; i < 1000; ++i) deep += "<div>";
  deep += "core text";
  for (int i = 0; i < 1000; ++i) deep += "</div>";
  std::string out;
  bool limited = false;
  ASSERT_TRUE(html::LimitNesting(deep, 100, &out, false, &limited));
  EXPECT_TRUE(limited);
  EXPECT_NE(out.find("core text"), std::string::npos);
  size_t opens = 0;
  for (size_t p = out.find("<div>"); p != std::string::npos; p = out.find("<div>", p + 1)) ++opens;
  EXPECT_EQ(opens, 100u);
  std::string shallow = "<div><p>a<p>b</div>";
  EXPECT_FALSE(html::LimitNesting(shallow, 100, &out));
}

TEST(HtmlDom, StripsScriptsButKeepsJsonLd) {
  std::string out;
  ASSERT_TRUE(html::LimitNesting(
      "<script>var a='<div>';</script><script type=\"application/ld+json\">{\"a\":1}</script><svg><text>x</text></svg><p>t</p>",
      100, &out, true));
  EXPECT_EQ(out, "<script type=\"application/ld+json\">{\"a\":1}</script><p>t</p>");
}

TEST(HtmlBadInput, EmptyPage) {
  HtmlExtraction r = RunHtml("");
  EXPECT_TRUE(r.article.text.empty());
  EXPECT_FALSE(r.article.is_article);
  EXPECT_FALSE(r.not_article_reason.empty());
}

TEST(HtmlBadInput, BinaryGarbage) {
  std::mt19937 rng(7);
  std::string junk(1 << 16, '\0');
  for (char& c : junk) c = static_cast<char>(rng());
  HtmlExtraction r = RunHtml(junk);
  EXPECT_FALSE(r.article.is_article);
  // Garbage made of valid UTF-8 and angle brackets parses without harm too.
  std::string noise;
  for (int i = 0; i < 200000; ++i) noise.push_back("<>/=\"' abcdiv!-\n&;#"[rng() % 20]);
  HtmlExtraction r2 = RunHtml(noise);
  EXPECT_FALSE(r2.article.is_article);
}

TEST(HtmlBadInput, FiftyMegabytesOfNestedDivs) {
  std::string page = "<html><body>";
  const size_t n = (size_t{50} << 20) / 5;
  page.reserve(n * 5 + 64);
  for (size_t i = 0; i < n; ++i) page += "<div>";
  page += "The bottom of the pit.";
  // Linear, not quadratic (a hang hits ctest's timeout; speed is measured by
  // bench/extraction, not here).
  HtmlExtraction r = RunHtml(std::move(page));
  EXPECT_NE(r.article.text.find("The bottom of the pit."), std::string::npos);
  EXPECT_FALSE(r.article.is_article);
}

TEST(HtmlBadInput, ThousandsOfNestedNavigationBlocks) {
  // Each kept <nav> has its contents scanned for dropping; the scans share
  // one budget of the page's size. And "<a href=/>" is no self-closing tag:
  // taken for one, its </a> took a level off the nesting count, the navs
  // nested without limit and the parser went quadratic (544 s here).
  // (What is 600 levels down loses its tags, as for any nesting that deep,
  // so the menus' links are no body either.)
  std::string page = "<html><body>";
  for (int i = 0; i < 250000; ++i) page += "<nav><a href=/>x</a>";
  page += "<p>The paragraph at the bottom of the menus.</p>";
  HtmlExtraction r = RunHtml(std::move(page));
  EXPECT_LT(r.article.text.size(), 100u);
  EXPECT_FALSE(r.article.is_article);
}

TEST(HtmlBadInput, StrayEndTagsBetweenNestedTags) {
  // "<div></span>" nests divs while each stray end tag closes nothing: the
  // pre-scan's depth limit must still hold (this took minutes when stray end
  // tags counted as closing).
  std::string page = "<html><body>";
  for (int i = 0; i < 500000; ++i) page += "<div></span>";
  page += "The bottom of the pit.";
  HtmlExtraction r = RunHtml(std::move(page));
  EXPECT_NE(r.article.text.find("The bottom of the pit."), std::string::npos);
}

TEST(HtmlBadInput, DeepNestingOfManyKinds) {
  std::string page;
  const char* tags[] = {"<b>", "<span>", "<table><tr><td>", "<ul><li>", "<blockquote>", "<i>", "<font>"};
  for (int i = 0; i < 20000; ++i) page += tags[i % 7];
  page += "text";
  HtmlExtraction r = RunHtml(page);
  EXPECT_NE(r.article.text.find("text"), std::string::npos);
}

TEST(HtmlBadInput, TruncatedPage) {
  HtmlExtraction r = RunHtml("<html><head><title>Cut off</title></head><body><article><p>The story was cut off in the mid");
  EXPECT_EQ(r.article.title, "Cut off");
  EXPECT_NE(r.article.text.find("The story was cut off"), std::string::npos);
}

// A script that is nothing but the string (its first byte a quote) is read
// like any other: the string opens at the script's first byte.
TEST(HtmlExtract, HydratedStringOpeningTheScript) {
  std::string body;
  for (const char* p : {"The harbour board approved a new breakwater for the small fishing fleet of the town on "
                        "Friday evening.",
                        "Work on the breakwater starts in March and should be finished well before the first "
                        "autumn storms arrive.",
                        "The fleet has asked for the old slipway to stay open for repairs while the builders are "
                        "at work.",
                        "The board will pay for the work from the harbour dues it has saved over the last ten "
                        "years."})
    body += std::string("<p>") + p + "</p>";
  const std::string page = "<html><head><title>Harbour board approves a new breakwater</title></head><body>"
                           "<div id=\"app\"></div><script type=\"application/json\">\"" + body +
                           "\"</script></body></html>";
  HtmlExtraction r = RunHtml(page);
  EXPECT_TRUE(r.article.is_article) << r.not_article_reason;
  EXPECT_NE(r.article.text.find("Work on the breakwater starts in March"), std::string::npos) << r.article.text;
}

// Script strings a page breaks: bad and cut escapes, lone surrogates, strings
// that never close, JSON inside a string cut off, a string at the end of the
// page, and long runs of strings that all hold the title's words. The body
// that comes out of them is valid UTF-8 and maps inside the page.
TEST(HtmlBadInput, BrokenScriptStrings) {
  const std::string words = "Broken strings in the state of the river town council ";
  std::string filler;
  while (filler.size() < 400) filler += words;
  std::string page = "<html><head><title>Broken strings of the river town council</title></head><body><div></div>";
  const std::string pieces[] = {
      "\\u12", "\\ud800", "\\udc00\\ud800x", "\\x4", "\\u{1F600}", "\\", "\\\n", "\\0", "\\ud83d\\ude00",
      "\\u003cp\\u003e", "\\u003c/p", "<p>", "</p><p class=\\\"x\\\">", "$$AD", "{{x}}", "%%%%", "\xff\xfe"};
  for (int k = 0; k < 60; ++k) {
    page += "<script>var s" + std::to_string(k) + " = \"" + filler;
    for (int j = 0; j <= k % 17; ++j) page += pieces[(k + j) % 17] + filler.substr(0, 40 + k);
    page += k % 7 == 3 ? "" : "\"";
    page += k % 5 == 0 ? ";self.__next_f.push([1,\"3:{\\\"t\\\":\\\"" + filler : "";
    page += k % 11 == 0 ? "</scr" : "</script>";
  }
  page += "<script>x=\"" + filler + "\\";  // the page ends inside a string
  page = text::RepairUtf8(page);
  HtmlExtraction r = RunHtml(page);
  EXPECT_FALSE(text::FindInvalidUtf8(r.article.text).has_value());
  ASSERT_FALSE(r.article.text.empty());  // the filler holds the title's words
  ASSERT_TRUE(r.article.text_to_input);
  text::Span in = r.article.text_to_input->ToSource(text::Span{0, r.article.text.size()});
  EXPECT_LE(in.end, page.size());
  EXPECT_LE(in.begin, in.end);
}

// Escaped quotes outside any string (`\"\"\"...`: a hostile page, or a scan
// out of step after a quote in a regular expression) are each a stray quote:
// the search for where they close runs once over them, not once per quote.
TEST(HtmlBadInput, RunsOfEscapedQuotesInAScript) {
  std::string page = "<html><head><title>Escaped quotes fill the state of the river town council</title></head>"
                     "<body><div id=\"app\"></div><script>x=";
  for (int k = 0; k < 256 * 1024; ++k) page += "\\\"";
  page += ";y=";
  for (int k = 0; k < 256 * 1024; ++k) page += "\\'";
  page += "</script></body></html>";
  const auto start = std::chrono::steady_clock::now();
  HtmlExtraction r = RunHtml(page);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_FALSE(r.article.is_article);
  // A hang guard, not a speed figure: the scan is linear (milliseconds, under
  // sanitizers too); searched once per quote this page takes minutes.
  EXPECT_LT(seconds, 60.0);
}

TEST(HtmlDates, Normalize) {
  EXPECT_EQ(html::NormalizeDate("2024-05-02T10:00:00+02:00"), "2024-05-02T10:00:00+02:00");
  EXPECT_EQ(html::NormalizeDate("2024-05-02T10:00:00.000Z"), "2024-05-02T10:00:00Z");
  EXPECT_EQ(html::NormalizeDate("2024-05-02 10:00"), "2024-05-02T10:00:00");
  EXPECT_EQ(html::NormalizeDate("2024-05-02T10:00:00+0200"), "2024-05-02T10:00:00+02:00");
  EXPECT_EQ(html::NormalizeDate("2024/05/02"), "2024-05-02");
  EXPECT_EQ(html::NormalizeDate("20240502"), "2024-05-02");
  EXPECT_EQ(html::NormalizeDate("Thu, 02 May 2024 10:00:00 GMT"), "2024-05-02T10:00:00Z");
  EXPECT_EQ(html::NormalizeDate("May 2, 2024"), "2024-05-02");
  EXPECT_EQ(html::NormalizeDate("Updated May 3, 2024 4:05 pm EDT"), "2024-05-03T16:05:00");
  EXPECT_EQ(html::NormalizeDate("02.05.2024, 10:15 Uhr"), "2024-05-02T10:15:00");
  EXPECT_EQ(html::NormalizeDate("2. Mai 2024"), "2024-05-02");
  EXPECT_EQ(html::NormalizeDate("1714644000"), "2024-05-02T10:00:00Z");
  EXPECT_EQ(html::NormalizeDate("yesterday"), "");
  EXPECT_EQ(html::NormalizeDate(""), "");
}

TEST(HtmlAuthors, Clean) {
  using V = std::vector<std::string>;
  EXPECT_EQ(html::CleanAuthors({"By Jane Doe and John Smith"}), (V{"Jane Doe", "John Smith"}));
  EXPECT_EQ(html::CleanAuthors({"Jane Doe, Reporter"}), (V{"Jane Doe"}));
  EXPECT_EQ(html::CleanAuthors({"jane@example.com", "https://x.org/jane", "Jane Doe"}), (V{"Jane Doe"}));
  EXPECT_EQ(html::CleanAuthors({"A. Lee; B. Kim & C. Park"}), (V{"A. Lee", "B. Kim", "C. Park"}));
  EXPECT_EQ(html::CleanAuthors({"Von Anna Schmidt und Paul Meier"}), (V{"Anna Schmidt", "Paul Meier"}));
  EXPECT_EQ(html::CleanAuthors({"Jane Doe", "JANE DOE"}), (V{"Jane Doe"}));
}

TEST(HtmlExtract, StatedMetadataWins) {
  ingest::Document doc;
  doc.article.text = "<html><head><title>Page title</title><meta name=author content='Page Author'></head>"
                     "<body><p>Some text here.</p></body></html>";
  doc.article.title = "Feed title";
  doc.article.authors = {"Feed Author"};
  doc.format = ingest::Document::Format::kHtmlPage;
  Article a = ExtractArticle(doc);
  EXPECT_EQ(a.title, "Feed title");
  EXPECT_EQ(a.authors, std::vector<std::string>{"Feed Author"});
}

TEST(HtmlExtract, FragmentKeepsAllParagraphs) {
  HtmlExtraction r = RunHtml("<p>First paragraph.</p><ul><li>one</li><li>two</li></ul><blockquote>Quoted.</blockquote>", true);
  EXPECT_EQ(r.article.text, "First paragraph.\n\n- one\n\n- two\n\nQuoted.");
  EXPECT_TRUE(r.article.is_article);
}

// The Readability.js test pages (shared data, read at run time): every page
// is handled, and most titles come out as Readability's expected metadata says.
TEST(HtmlSharedData, ReadabilityTestPages) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(STORYLINE_SOURCE_DIR) / "../shared/data/extraction/readability-testpages/test/test-pages";
  if (!fs::exists(dir)) GTEST_SKIP() << "shared data absent: " << dir;
  size_t pages = 0, titles = 0, with_title = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    fs::path src = e.path() / "source.html", meta = e.path() / "expected-metadata.json";
    if (!fs::exists(src) || !fs::exists(meta)) continue;
    std::ifstream f(src, std::ios::binary), m(meta);
    std::stringstream ss, ms;
    ss << f.rdbuf();
    ms << m.rdbuf();
    HtmlExtraction r = RunHtml(ss.str());
    ++pages;
    auto j = nlohmann::json::parse(ms.str(), nullptr, false);
    if (j.is_object() && j.contains("title") && j["title"].is_string()) {
      ++with_title;
      titles += r.article.title == j["title"].get<std::string>();
    }
  }
  ASSERT_GT(pages, 100u);
  EXPECT_GT(static_cast<double>(titles) / with_title, 0.6) << titles << "/" << with_title;
}

}  // namespace
}  // namespace storyline::extract
