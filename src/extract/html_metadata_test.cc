// JSON-LD as ExtractMetadata reads it: through simdjson, through nlohmann
// where simdjson refuses, raw line breaks in strings, a key given twice.
#include <gtest/gtest.h>

#include <string>

#include "extract/html_dom.h"
#include "extract/html_extract.h"

namespace storyline::extract::html {
namespace {

Metadata FromJsonLd(const std::string& json) {
  return ExtractMetadata(Dom::Parse("<html><head><script type=\"application/ld+json\">" + json +
                                    "</script></head><body></body></html>"),
                         "");
}

TEST(HtmlJsonLd, ReadsArticleFields) {
  Metadata md = FromJsonLd(
      R"({"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Site"},)"
      R"({"@type":["NewsArticle"],"headline":"A headline","datePublished":"2024-05-02T10:00:00+02:00",)"
      R"("author":[{"@type":"Person","name":"Jane Doe"},{"givenName":"John","familyName":"Smith"}],)"
      R"("isAccessibleForFree":"False","articleBody":"Body text."}]})");
  EXPECT_EQ(md.title, "A headline");
  EXPECT_EQ(md.published, "2024-05-02T10:00:00+02:00");
  EXPECT_EQ(md.authors, (std::vector<std::string>{"Jane Doe", "John Smith"}));
  EXPECT_EQ(md.article_body, "Body text.");
  EXPECT_TRUE(md.typed_article);
  EXPECT_TRUE(md.paywall_marked);
}

TEST(HtmlJsonLd, RawLineBreaksInStringsReadAsSpaces) {
  Metadata md = FromJsonLd("{\"@type\":\"NewsArticle\",\"headline\":\"Two\nlines\",\"articleBody\":\"a\tb\"}");
  EXPECT_EQ(md.title, "Two lines");
  EXPECT_EQ(md.article_body, "a b");
}

TEST(HtmlJsonLd, IntegersBeyond64BitsStillRead) {
  // simdjson refuses the number; the page is read all the same.
  Metadata md = FromJsonLd(R"({"@type":"NewsArticle","id":123456789012345678901234567890,"headline":"Big id"})");
  EXPECT_EQ(md.title, "Big id");
}

TEST(HtmlJsonLd, ALaterDuplicateKeyWins) {
  Metadata md = FromJsonLd(R"({"@type":"NewsArticle","headline":"First","headline":"Second"})");
  EXPECT_EQ(md.title, "Second");
}

}  // namespace
}  // namespace storyline::extract::html
