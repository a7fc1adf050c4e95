#include <gtest/gtest.h>

#include <string>

#include "storyline/text.h"

namespace storyline::text {
namespace {

using namespace std::string_literals;

TEST(FindInvalidUtf8, ValidText) {
  EXPECT_EQ(FindInvalidUtf8(""), std::nullopt);
  EXPECT_EQ(FindInvalidUtf8("plain ASCII text that is long enough for the fast path"), std::nullopt);
  EXPECT_EQ(FindInvalidUtf8("caf\u00E9 \u20AC \U0001F600 \u4E2D\u6587"), std::nullopt);
  EXPECT_EQ(FindInvalidUtf8("\x7F\xC2\x80\xDF\xBF\xE0\xA0\x80\xEF\xBF\xBF\xF0\x90\x80\x80\xF4\x8F\xBF\xBF"),
            std::nullopt);  // boundary code points
  EXPECT_EQ(FindInvalidUtf8("\xED\x9F\xBF\xEE\x80\x80"), std::nullopt);  // around surrogates
  EXPECT_EQ(FindInvalidUtf8("a\0b"s), std::nullopt);                      // NUL is valid UTF-8
}

struct BadCase {
  const char* what;
  std::string bytes;
  size_t offset;
};

TEST(FindInvalidUtf8, EveryClassOfIllFormedSequence) {
  const BadCase cases[] = {
      {"lone continuation byte", "ab\x80", 2},
      {"continuation at start", "\xBF", 0},
      {"C0 overlong lead", "x\xC0\xAF", 1},
      {"C1 overlong lead", "\xC1\xBF", 0},
      {"2-byte truncated at end", "abc\xC3", 3},
      {"2-byte lead then ASCII", "\xC3" "A", 0},
      {"3-byte overlong E0 80", "12345678\xE0\x80\x80", 8},
      {"3-byte overlong E0 9F", "\xE0\x9F\xBF", 0},
      {"surrogate D800", "ok \xED\xA0\x80", 3},
      {"surrogate DFFF", "\xED\xBF\xBF", 0},
      {"3-byte truncated", "\xE2\x82", 0},
      {"3-byte bad third byte", "\xE2\x82" "A", 0},
      {"4-byte overlong F0 80", "\xF0\x80\x80\x80", 0},
      {"4-byte overlong F0 8F", "\xF0\x8F\xBF\xBF", 0},
      {"above U+10FFFF F4 90", "\xF4\x90\x80\x80", 0},
      {"lead F5", "\xF5\x80\x80\x80", 0},
      {"lead FF", "aaaaaaaaaaaa\xFF", 12},
      {"4-byte truncated", "\xF0\x9F\x98", 0},
      {"after valid multibyte", "\u00E9\u20AC\x80", 5},
      {"in the middle of a long ASCII run", std::string(1000, 'a') + "\xC3\x28" + std::string(10, 'b'), 1000},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    EXPECT_EQ(FindInvalidUtf8(c.bytes), std::optional<size_t>(c.offset));
  }
}

// A 50 MB input is checked whole; an error near its end is still found.
TEST(FindInvalidUtf8, FiftyMegabytes) {
  std::string big;
  big.reserve(50u << 20);
  while (big.size() < (50u << 20)) big += "Plain news text with an occasional caf\u00E9 and \u201Cquotes\u201D. ";
  EXPECT_EQ(FindInvalidUtf8(big), std::nullopt);
  big += "tail";
  size_t at = big.size() - 2;
  big[at] = '\xFF';
  EXPECT_EQ(FindInvalidUtf8(big), at);
}

TEST(RepairUtf8, ValidUnchanged) {
  size_t n = 99;
  EXPECT_EQ(RepairUtf8("caf\u00E9", &n), "caf\u00E9");
  EXPECT_EQ(n, 0u);
}

TEST(RepairUtf8, MaximalSubparts) {
  const std::string r = "\uFFFD";
  size_t n = 0;
  // The Unicode standard's example (Table 3-8): 61 F1 80 80 E1 80 C2 62 80 63 80 BF 64.
  EXPECT_EQ(RepairUtf8("\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64", &n),
            "a" + r + r + r + "b" + r + "c" + r + r + "d");
  EXPECT_EQ(n, 6u);
  EXPECT_EQ(RepairUtf8("\xED\xA0\x80", &n), r + r + r);  // surrogate: each byte
  EXPECT_EQ(n, 3u);
  EXPECT_EQ(RepairUtf8("\xC0\xAF", &n), r + r);  // overlong
  EXPECT_EQ(RepairUtf8("\xF4\x90\x80\x80", &n), r + r + r + r);
  EXPECT_EQ(RepairUtf8("\xE2\x82", &n), r);  // truncated: one replacement
  EXPECT_EQ(n, 1u);
  EXPECT_EQ(RepairUtf8("\xF0\x9F\x98" "x", &n), r + "x");
  EXPECT_EQ(FindInvalidUtf8(RepairUtf8("\xFF\xFE\x00\x80\xC3"s)), std::nullopt);
}

TEST(LooksBinary, TextAndBinary) {
  EXPECT_FALSE(LooksBinary(""));
  EXPECT_FALSE(LooksBinary("Plain text.\r\n\tIndented\fpage"));
  EXPECT_FALSE(LooksBinary("caf\u00E9 \u4E2D\u6587"));
  EXPECT_TRUE(LooksBinary("PK\x03\x04\0\0\x08\0"s));
  EXPECT_TRUE(LooksBinary("abc\0def"s));
  std::string controls;
  for (int i = 0; i < 100; ++i) controls += (i % 3 == 0) ? '\x01' : 'a';
  EXPECT_TRUE(LooksBinary(controls));
  std::string one_stray(200, 'a');
  one_stray[50] = '\x1B';
  EXPECT_FALSE(LooksBinary(one_stray));
}

}  // namespace
}  // namespace storyline::text

namespace storyline::text {
namespace {

// Arbitrary bytes (valid or not) must never crash the text layer, and spans
// must stay ordered and inside the text.
TEST(Robustness, ArbitraryBytes) {
  uint32_t seed = 12345;
  auto rnd = [&] { return seed = seed * 1664525u + 1013904223u; };
  const std::string pieces[] = {"a", "Z", " ", "\n", "\n\n", ".", "?", "\"", "\u201C", "\u201D", "'",
                                "\u2019", "Mr.", "U.S.", "3.5", "\u2026", "\u00A0", "\u200B", "e\u0301",
                                "\xC3", "\xED\xA0\x80", "\xFF", "$", "1.", "- ", "\u3002", "\r"};
  for (int round = 0; round < 300; ++round) {
    std::string s;
    int n = rnd() % 60;
    for (int i = 0; i < n; ++i) s += pieces[rnd() % std::size(pieces)];
    for (const std::string& text : {s, RepairUtf8(s)}) {
      size_t prev = 0;
      for (const Span& sp : SplitSentences(text)) {
        ASSERT_LE(prev, sp.begin);
        ASSERT_LT(sp.begin, sp.end);
        ASSERT_LE(sp.end, text.size());
        prev = sp.end;
      }
      prev = 0;
      for (const Token& t : Tokenize(text)) {
        ASSERT_LE(prev, t.span.begin);
        ASSERT_LE(t.span.end, text.size());
        prev = t.span.end;
      }
      Normalized norm = Normalize(text);
      for (size_t i = 0; i <= norm.text.size(); ++i) ASSERT_LE(norm.map.ToSource(i), text.size());
      (void)FoldCase(text);
      (void)DetectLanguage(text);
      (void)LooksBinary(text);
    }
  }
}

}  // namespace
}  // namespace storyline::text

namespace storyline::text {
namespace {

TEST(CodePointIndex, ConvertsByteOffsets) {
  std::string s = "a\u00e9b\u201cc\U0001F600d";  // 1,2,1,3,1,4,1 bytes
  CodePointIndex index(s);
  EXPECT_EQ(index.ToCodePoints(0), 0u);
  EXPECT_EQ(index.ToCodePoints(1), 1u);
  EXPECT_EQ(index.ToCodePoints(3), 2u);
  EXPECT_EQ(index.ToCodePoints(7), 4u);
  EXPECT_EQ(index.ToCodePoints(s.size()), 7u);
  EXPECT_EQ(index.ToCodePoints(s.size() + 10), 7u);
  std::string long_text;
  for (int i = 0; i < 100; ++i) long_text += "\u00e9x";
  CodePointIndex li(long_text);
  EXPECT_EQ(li.ToCodePoints(long_text.size()), 200u);
  EXPECT_EQ(li.ToCodePoints(150), 100u);
  EXPECT_EQ(CodePointIndex("").ToCodePoints(5), 0u);
}

}  // namespace
}  // namespace storyline::text
