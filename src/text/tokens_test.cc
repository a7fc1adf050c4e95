// Tests for tokens, stemming, stop words and language detection.
#include <gtest/gtest.h>

#include <string>

#include "storyline/text.h"
#include "text/test_data.h"

namespace storyline::text {
namespace {

std::vector<std::string> Texts(std::string_view text, const std::vector<Token>& tokens) {
  std::vector<std::string> out;
  for (const Token& t : tokens) out.emplace_back(text.substr(t.span.begin, t.span.size()));
  return out;
}

std::vector<std::string> Lowers(const std::vector<Token>& tokens) {
  std::vector<std::string> out;
  for (const Token& t : tokens) out.push_back(t.lower);
  return out;
}

using V = std::vector<std::string>;

TEST(Tokenize, WordsAndPunctuation) {
  std::string t = "Hello, world! It's   fine.";
  EXPECT_EQ(Texts(t, Tokenize(t)), (V{"Hello", "world", "It's", "fine"}));
  EXPECT_EQ(Lowers(Tokenize(t)), (V{"hello", "world", "it's", "fine"}));
}

TEST(Tokenize, DottedAbbreviations) {
  std::string t = "U.S. officials met U.N. staff at 9 a.m. today, e.g. Smith.";
  EXPECT_EQ(Texts(t, Tokenize(t)),
            (V{"U.S.", "officials", "met", "U.N.", "staff", "at", "9", "a.m.", "today", "e.g.", "Smith"}));
  EXPECT_EQ(Tokenize(t)[0].lower, "u.s.");
}

TEST(Tokenize, NumbersAndCurrency) {
  std::string t = "It paid $190bn, or \u20AC1,200.5 and 29% of \u00A33.5m in 2023.";
  auto tokens = Tokenize(t);
  EXPECT_EQ(Texts(t, tokens),
            (V{"It", "paid", "$190bn", "or", "\u20AC1,200.5", "and", "29", "of", "\u00A33.5m", "in", "2023"}));
  EXPECT_EQ(tokens[0].kind, Token::Kind::kWord);
  EXPECT_EQ(tokens[2].kind, Token::Kind::kNumber);
  EXPECT_EQ(tokens[4].kind, Token::Kind::kNumber);
  EXPECT_EQ(tokens[6].kind, Token::Kind::kNumber);
}

TEST(Tokenize, ApostrophesAndHyphens) {
  std::string t = "Don\u2019t say Biden's well-known plan";
  EXPECT_EQ(Texts(t, Tokenize(t)), (V{"Don\u2019t", "say", "Biden's", "well", "known", "plan"}));
  EXPECT_EQ(Tokenize(t)[0].lower, "don't");  // FoldCase folds the apostrophe
}

TEST(Tokenize, UnicodeText) {
  std::string t = "Die Stra\u00DFe f\u00FChrt nach M\u00FCnchen. \u00BFQu\u00E9 pasa?";
  EXPECT_EQ(Lowers(Tokenize(t)), (V{"die", "strasse", "f\u00FChrt", "nach", "m\u00FCnchen", "qu\u00E9", "pasa"}));
}

TEST(Tokenize, SpansPointIntoText) {
  std::string t = "  \u201CPrices rose,\u201D she said.";
  for (const Token& tok : Tokenize(t)) {
    ASSERT_LE(tok.span.end, t.size());
    EXPECT_EQ(FoldCase(t.substr(tok.span.begin, tok.span.size())), tok.lower);
  }
  EXPECT_TRUE(Tokenize("").empty());
  EXPECT_TRUE(Tokenize(" ,.;!? ").empty());
}

TEST(Stemmer, English) {
  Stemmer s("en");
  EXPECT_EQ(s.Stem("running"), "run");
  EXPECT_EQ(s.Stem("visiting"), "visit");
  EXPECT_EQ(s.Stem("visited"), "visit");
  EXPECT_EQ(s.Stem("elections"), "elect");
  EXPECT_EQ(s.Stem(""), "");
}

TEST(Stemmer, SnowballNameAndGerman) {
  Stemmer by_name("english");
  EXPECT_EQ(by_name.Stem("running"), "run");
  Stemmer de("de");
  EXPECT_EQ(de.Stem("katzen"), "katz");
  EXPECT_EQ(de.Stem("regierungen"), de.Stem("regierung"));
  Stemmer es("es");
  EXPECT_EQ(es.Stem("elecciones"), es.Stem("elección"));
}

TEST(Stemmer, UnknownLanguageIsIdentity) {
  Stemmer s("xx");
  EXPECT_EQ(s.Stem("running"), "running");
  Stemmer empty("");
  EXPECT_EQ(empty.Stem("running"), "running");
}

TEST(StopWords, Lists) {
  EXPECT_TRUE(IsStopWord("the"));
  EXPECT_TRUE(IsStopWord("of", "en"));
  EXPECT_TRUE(IsStopWord("don't", "en"));
  EXPECT_TRUE(IsStopWord("don\u2019t", "en"));
  EXPECT_FALSE(IsStopWord("said", "en"));  // standard lists leave reporting verbs in
  EXPECT_FALSE(IsStopWord("election", "en"));
  EXPECT_FALSE(IsStopWord("The", "en"));  // callers pass lower case
  EXPECT_TRUE(IsStopWord("und", "de"));
  EXPECT_TRUE(IsStopWord("f\u00FCr", "de"));
  EXPECT_TRUE(IsStopWord("dass", "de"));
  EXPECT_TRUE(IsStopWord("avec", "fr"));
  EXPECT_TRUE(IsStopWord("para", "es"));
  EXPECT_TRUE(IsStopWord("della", "it"));
  EXPECT_TRUE(IsStopWord("n\u00E3o", "pt"));
  EXPECT_TRUE(IsStopWord("niet", "nl"));
  EXPECT_TRUE(IsStopWord("the", "en-GB"));
  EXPECT_FALSE(IsStopWord("the", "ru"));
  EXPECT_FALSE(IsStopWord("the", ""));
}

TEST(DetectLanguage, Paragraphs) {
  EXPECT_EQ(DetectLanguage("The government announced on Tuesday that it would raise taxes on "
                           "large companies, a move that critics said would hurt investment."),
            "en");
  EXPECT_EQ(DetectLanguage("Die Bundesregierung hat am Dienstag angek\u00FCndigt, die Steuern f\u00FCr "
                           "gro\u00DFe Unternehmen zu erh\u00F6hen, was Kritiker f\u00FCr sch\u00E4dlich halten."),
            "de");
  EXPECT_EQ(DetectLanguage("El gobierno anunci\u00F3 el martes que subir\u00E1 los impuestos a las grandes "
                           "empresas, una medida que seg\u00FAn los cr\u00EDticos perjudicar\u00E1 la inversi\u00F3n."),
            "es");
  EXPECT_EQ(DetectLanguage("O governo anunciou na ter\u00E7a-feira que vai aumentar os impostos sobre as "
                           "grandes empresas, uma medida que os cr\u00EDticos dizem que prejudicar\u00E1 o investimento."),
            "pt");
}

TEST(DetectLanguage, TooShortOrEmpty) {
  EXPECT_EQ(DetectLanguage(""), "");
  EXPECT_EQ(DetectLanguage("Hello there"), "");
  EXPECT_EQ(DetectLanguage("12345 67890 !!! ... 2023-01-01"), "");
  EXPECT_EQ(DetectLanguage("\xFF\xFE invalid bytes then some English words for the detector to see here"),
            "en");
}

}  // namespace
}  // namespace storyline::text
