// The pre-scan (LimitNesting with strip) and the DOM it feeds: what is
// dropped before parsing, what must survive, and that the bytes kept map back.
#include "extract/html_dom.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "extract/html_extract.h"
#include "ingest/stream.h"
#include "testing/shared_data.h"

namespace storyline::extract::html {
namespace {

std::string Strip(std::string_view html) {
  std::string out;
  if (!LimitNesting(html, kMaxParseDepth, &out, /*strip=*/true)) return std::string(html);
  return out;
}

TEST(HtmlPrescan, KeepsOnlyReadAttributes) {
  EXPECT_EQ(Strip("<div class=\"a b\" data-x=\"1\" id=k onclick=\"f()\" style=\"display:none\">t</div>"),
            "<div class=\"a b\" id=k style=\"display:none\">t</div>");
  EXPECT_EQ(Strip("<meta property=\"og:title\" content=\"T\"><html lang=en>"),
            "<meta property=\"og:title\" content=\"T\"><html lang=en>");
  EXPECT_EQ(Strip("<img src=\"a.jpg\" alt=\"x\" width=3 /><p>t</p>"), "<img /><p>t</p>");
}

TEST(HtmlPrescan, LinksKeepHrefButNotItsValue) {
  EXPECT_EQ(Strip("<a href=\"https://example.com/x\" rel=author>Jane</a>"), "<a href rel=author>Jane</a>");
  EXPECT_EQ(Strip("<a href=/x>y</a>"), "<a href>y</a>");
  // The canonical <link> keeps its URL; other <link>s go.
  EXPECT_EQ(Strip("<link rel=stylesheet href=a.css><link rel=canonical href=\"https://e.com/a\">"),
            "<link rel=canonical href=\"https://e.com/a\">");
}

TEST(HtmlPrescan, AttributesWithoutSpaceBetweenStayApart) {
  // `title="x"href=...`: dropping the title must not glue href to the tag name.
  EXPECT_EQ(Strip("<a title=\"Feed\"href=/f class=c>t</a>"), "<a href class=c>t</a>");
  EXPECT_EQ(Strip("<a class=c href=\"/f\"id=i>t</a>"), "<a class=c href=\"\"id=i>t</a>");
  Dom dom = Dom::Parse("<body><div data-v='{\"a\": \"b\"}'class=\"x\">text</div></body>");
  bool found = false;
  for (uint32_t i = 0; i < dom.size(); ++i)
    if (dom.node(i).tag == Tag::kDiv) found = dom.Attribute(i, "class") == "x";
  EXPECT_TRUE(found);
}

TEST(HtmlPrescan, EmptiesScriptsButJsonLd) {
  EXPECT_EQ(Strip("<script id=__NEXT_DATA__ type=\"application/json\">{\"a\":1}</script>"
                  "<script type=\"Application/LD+JSON\">{\"b\":2}</script>"),
            "<script type=\"Application/LD+JSON\">{\"b\":2}</script>");
  // Between two runs of text a script stays, emptied, so that they stay two
  // text nodes; next to a tag it goes whole.
  EXPECT_EQ(Strip("<p>a <script>x()</script> b</p>"), "<p>a <script></script> b</p>");
  EXPECT_EQ(Strip("<p>a <script>x()</script><b>b</b></p>"), "<p>a <b>b</b></p>");
  EXPECT_EQ(Strip("<div>\n<style>p{}</style>\n<p>t</p></div>"), "<div><p>t</p></div>");
  EXPECT_EQ(Strip("<picture>\n<source srcset=a.webp>\n<img src=a.jpg></picture>"), "<picture>\n\n<img></picture>");
  // A '>' in a quoted value does not end the tag.
  EXPECT_EQ(Strip("<p title=\"a>b\" class=c>t</p>"), "<p class=c>t</p>");
}

TEST(HtmlPrescan, DropsWhiteSpaceNextToTagsThatBreakText) {
  // Next to block-level tags, custom elements and <br>, and between head tags.
  EXPECT_EQ(Strip("<head>\n <title>T</title>\n <meta name=a content=b>\n</head>"),
            "<head><title>T</title><meta name=a content=b></head>");
  EXPECT_EQ(Strip("<ul>\n  <li><a href>x</a></li>\n  <li>y</li>\n</ul>\n<x-card>\n<br>\n</x-card>"),
            "<ul><li><a href>x</a></li><li>y</li></ul><x-card><br></x-card>");
  // Between inline tags the space is the space between two words.
  EXPECT_EQ(Strip("<p><b>one</b> <i>two</i>\n<span>three</span></p>"), "<p><b>one</b> <i>two</i>\n<span>three</span></p>");
  // A stray end tag is ignored by the tree builder: the space around it stays.
  EXPECT_EQ(Strip("<p><b>one</b> </div> <i>two</i></p>"), "<p><b>one</b> </div> <i>two</i></p>");
  EXPECT_EQ(Strip("<div><b>one</b> </div> <i>two</i>"), "<div><b>one</b></div><i>two</i>");
  // Text itself is never touched.
  EXPECT_EQ(Strip("<div> one </div>"), "<div> one </div>");
}

TEST(HtmlDom, TextContentSpacesTextAcrossBlocks) {
  // "<h1><div>Kicker</div><div>Headline</div></h1>" reads as two lines in a
  // browser; with the white space between them dropped or absent, the text
  // still keeps the words apart. Inline elements add nothing.
  Dom dom = Dom::Parse("<body><h1><div>Kicker</div>\n<div>Head<b>line</b></div>Tail<br>End</h1></body>");
  for (uint32_t i = 0; i < dom.size(); ++i)
    if (dom.node(i).tag == Tag::kH1) {
      EXPECT_EQ(dom.TextContent(i), "Kicker Headline Tail End");
    }
}

TEST(HtmlDom, JsonLdIsHandedOverNotParsed) {
  Dom dom = Dom::Parse("<head><script type=\"application/ld+json\">{\"@type\": \"NewsArticle\"}</script></head>"
                       "<body><p>a <script type=application/ld+json>[1]</script> b</p></body>");
  ASSERT_EQ(dom.json_ld_count(), 2u);
  EXPECT_EQ(dom.JsonLd(0), "{\"@type\": \"NewsArticle\"}");
  EXPECT_EQ(dom.JsonLd(1), "[1]");
  for (uint32_t i = 0; i < dom.size(); ++i)
    if (dom.node(i).tag == Tag::kText) {
      EXPECT_EQ(dom.Text(i).find('['), std::string_view::npos);
    }
}

TEST(HtmlPrescan, DropsCommentsNextToTags) {
  EXPECT_EQ(Strip("<p>a</p><!-- x --><p>b<!-- y -->c</p>"), "<p>a</p><p>b<!-- y -->c</p>");
}

TEST(HtmlPrescan, TextMapsBackThroughDrops) {
  std::string page = "<html><head><link rel=icon href=x.png><script>var x = 1;</script></head>"
                     "<body><p data-a=\"1\" class=c>First words</p><!-- c --><p>Second &amp; third</p></body></html>";
  Dom dom = Dom::Parse(page);
  size_t texts = 0;
  for (uint32_t i = 0; i < dom.size(); ++i) {
    const Node& n = dom.node(i);
    if (n.tag != Tag::kText) continue;
    std::string_view src = std::string_view(page).substr(n.src_off, n.src_len);
    if (dom.Text(i) == "First words") {
      ++texts;
      EXPECT_TRUE(n.src_exact);
      EXPECT_EQ(src, "First words");
    }
    if (dom.Text(i) == "Second & third") {
      ++texts;
      EXPECT_FALSE(n.src_exact);
      EXPECT_EQ(src, "Second &amp; third");
    }
  }
  EXPECT_EQ(texts, 2u);
}

TEST(HtmlPrescan, DeepTagsWithLongAttributesAreDroppedWhole) {
  // Tags beyond the depth cap go whole, attributes and all (the attribute
  // drops must not run ahead of the tag drop).
  std::string deep;
  for (int i = 0; i < 50; ++i) deep += "<div data-long-attribute-nobody-reads=\"0123456789abcdef\" class=c>";
  deep += "core";
  for (int i = 0; i < 50; ++i) deep += "</div>";
  std::string out;
  bool limited = false;
  ASSERT_TRUE(LimitNesting(deep, 10, &out, /*strip=*/true, &limited));
  EXPECT_TRUE(limited);
  std::string expected;
  for (int i = 0; i < 10; ++i) expected += "<div class=c>";
  expected += "core";
  for (int i = 0; i < 10; ++i) expected += "</div>";
  EXPECT_EQ(out, expected);
}

TEST(HtmlPrescan, OnlyASlashOutsideValuesClosesATag) {
  // "<a href=/>" keeps its element open (the '/' is the value's), so its
  // </a> closes it and the sections around it count as nesting.
  std::string page;
  for (int i = 0; i < 10; ++i) page += "<section><a href=/>x</a>";
  std::string out;
  bool limited = false;
  LimitNesting(page, 5, &out, /*strip=*/false, &limited);
  EXPECT_TRUE(limited);
  // "<br/>" and "<img src=a.jpg />" close themselves: no nesting to limit.
  page.clear();
  for (int i = 0; i < 10; ++i) page += "<section><img src=a.jpg /><br/></section>";
  limited = false;
  LimitNesting(page, 5, &out, /*strip=*/false, &limited);
  EXPECT_FALSE(limited);
}

TEST(HtmlPrescan, StrayEndTagsCloseNothing) {
  // The parser ignores "</span>" with no <span> open; so must the count.
  std::string page;
  for (int i = 0; i < 10; ++i) page += "<div></span>";
  std::string out;
  bool limited = false;
  LimitNesting(page, 5, &out, /*strip=*/false, &limited);
  EXPECT_TRUE(limited);
  // An end tag closes what is open above its element too ("<b><i></b>").
  page.clear();
  for (int i = 0; i < 10; ++i) page += "<div><b><i></b></div>";
  limited = false;
  LimitNesting(page, 5, &out, /*strip=*/false, &limited);
  EXPECT_FALSE(limited);
}

TEST(HtmlPrescan, ATagWithAMillionAttributes) {
  // Bounded memory and time; the text after the tag survives.
  std::string page = "<body><div";
  for (int i = 0; i < 1000000; ++i) page += " data-a=1";
  page += ">after</div></body>";
  std::string out;
  ASSERT_TRUE(LimitNesting(page, kMaxParseDepth, &out, /*strip=*/true));
  EXPECT_LT(out.size(), page.size());
  EXPECT_NE(out.find(">after</div>"), std::string::npos);
}

std::string StripNavigation(std::string_view html, NavigationCounts* counts) {
  std::string out;
  if (!LimitNesting(html, kMaxParseDepth, &out, /*strip=*/true, nullptr, nullptr, nullptr, counts))
    return std::string(html);
  return out;
}

TEST(HtmlPrescan, DropsTheContentsOfNavigationWithoutParagraphs) {
  NavigationCounts counts;
  EXPECT_EQ(StripNavigation("<nav class=m><ul><li><a href=/>Home</a></li><li><a href=/w>World &amp; more</a></li>"
                            "<li><h2><a href=/s>Sport</a></h2> (3)</li></ul></nav><p>Text</p>",
                            &counts),
            "<nav class=m></nav><p>Text</p>");
  EXPECT_EQ(counts.links, 3u);
  EXPECT_EQ(counts.text_chars, 4u + 10u + 5u + 3u);  // "&amp;" is one
  EXPECT_EQ(counts.link_chars, 4u + 10u + 5u);
  EXPECT_EQ(counts.linked_headings, 1u);
  // Nested navs end at their own end tag; scripts in them are not text.
  EXPECT_EQ(StripNavigation("<nav><nav><a>x</a></nav><script>var s='</nav>'</script>y</nav>z", &counts),
            "<nav></nav>z");
  EXPECT_EQ(counts.text_chars, 2u);
  EXPECT_EQ(counts.links, 0u);  // no href
  // ExtractContent does not count what is in a <template>.
  EXPECT_EQ(StripNavigation("<template><nav><a href=/>x</a></nav></template><nav><template><a href=/>y</a>"
                            "</template></nav>",
                            &counts),
            "<template><nav></nav></template><nav></nav>");
  EXPECT_EQ(counts.links, 0u);
  EXPECT_EQ(counts.text_chars, 0u);
}

TEST(HtmlPrescan, KeepsNavigationThatMayHoldWhatExtractionReads) {
  NavigationCounts counts;
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"<nav><p>A wrapper of the article.</p></nav>", "A wrapper"},
      {"<nav><main><div>t</div></main></nav>", "<main>"},
      {"<nav><script type=\"application/ld+json\">{\"headline\":\"h\"}</script></nav>", "headline"},
      {"<nav><a href=/>never closed</a>", "never closed"},
  };
  for (const auto& [page, kept] : cases) {
    EXPECT_NE(StripNavigation(page, &counts).find(kept), std::string::npos) << page;
    EXPECT_EQ(counts.links, 0u) << page;
  }
  // A feed item's HTML (a fragment) keeps its navs: there they may be the text.
  Dom dom = Dom::Parse("<nav><a href=/a>Item link</a></nav>", /*fragment=*/true);
  EXPECT_NE(dom.TextContent(0).find("Item link"), std::string::npos);
}

// Dropping the navigation before parsing changes none of the page counts the
// is-this-an-article decision reads, on real pages of many publishers.
TEST(HtmlPrescan, DroppedNavigationKeepsThePageCounts) {
  const auto dir = testing::SharedDir() / "data/extraction/fundus-publisher-tests/tests/resources/parser/test_data";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "no " << dir << " (../shared absent)";
  size_t pages = 0, with_navigation = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (e.path().extension() != ".gz") continue;
    Status failure;
    std::string html = ingest::Inflate(testing::ReadFileOrEmpty(e.path()), size_t{1} << 28, false, &failure);
    if (html.empty()) continue;
    ++pages;
    Dom dropped = Dom::Parse(html), kept = Dom::Parse(html, false, /*keep_navigation=*/true);
    with_navigation += dropped.dropped_navigation().links > 0;
    Content a = ExtractContent(dropped, {}), b = ExtractContent(kept, {});
    EXPECT_EQ(a.page_links, b.page_links) << e.path();
    EXPECT_EQ(a.page_text_chars, b.page_text_chars) << e.path();
    EXPECT_EQ(a.page_link_chars, b.page_link_chars) << e.path();
    EXPECT_EQ(a.teaser_headings, b.teaser_headings) << e.path();
    EXPECT_EQ(a.paragraphs, b.paragraphs) << e.path();
  }
  EXPECT_GT(pages, 200u);
  EXPECT_GT(with_navigation, pages / 2);
}

}  // namespace
}  // namespace storyline::extract::html
