#include <gtest/gtest.h>

#include "storyline/text.h"
#include "text/test_data.h"

namespace storyline::text {
namespace {

TEST(OffsetMap, Identity) {
  OffsetMap m = OffsetMap::Identity(10);
  EXPECT_EQ(m.output_size(), 10u);
  EXPECT_EQ(m.input_size(), 10u);
  for (size_t i = 0; i <= 10; ++i) EXPECT_EQ(m.ToSource(i), i);
  EXPECT_EQ(m.ToSource(Span{2, 7}), (Span{2, 7}));
  EXPECT_EQ(m.ToSource(Span{4, 4}), (Span{4, 4}));
}

TEST(OffsetMap, EmptyIdentity) {
  OffsetMap m = OffsetMap::Identity(0);
  EXPECT_EQ(m.ToSource(0), 0u);
  EXPECT_EQ(m.ToSource(Span{0, 0}), (Span{0, 0}));
}

// "ab" + "XYZ"->"x" + "cd":  input "abXYZcd" (7), output "abxcd" (5).
OffsetMap Shrinking() {
  OffsetMap m;
  m.AddCopy(0, 0, 2);
  m.AddReplace(2, 1, 2, 3);
  m.AddCopy(3, 5, 2);
  return m;
}

TEST(OffsetMap, ReplacementShrinks) {
  OffsetMap m = Shrinking();
  EXPECT_EQ(m.output_size(), 5u);
  EXPECT_EQ(m.input_size(), 7u);
  EXPECT_EQ(m.ToSource(1), 1u);
  EXPECT_EQ(m.ToSource(2), 2u);
  EXPECT_EQ(m.ToSource(3), 5u);
  EXPECT_EQ(m.ToSource(5), 7u);
  EXPECT_EQ(m.ToSource(Span{2, 3}), (Span{2, 5}));  // the replaced piece, whole
  EXPECT_EQ(m.ToSource(Span{0, 2}), (Span{0, 2}));
  EXPECT_EQ(m.ToSource(Span{1, 4}), (Span{1, 6}));
  EXPECT_EQ(m.ToSource(Span{3, 5}), (Span{5, 7}));
}

TEST(OffsetMap, ReplacementGrows) {
  // "a", then "X" (1 byte) -> "xyzw" (4 bytes), then "b".
  OffsetMap m;
  m.AddCopy(0, 0, 1);
  m.AddReplace(1, 4, 1, 1);
  m.AddCopy(5, 2, 1);
  for (size_t o = 1; o < 5; ++o) EXPECT_EQ(m.ToSource(o), 1u) << o;
  EXPECT_EQ(m.ToSource(Span{2, 4}), (Span{1, 2}));  // inside the piece: whole piece
  EXPECT_EQ(m.ToSource(Span{5, 6}), (Span{2, 3}));
  EXPECT_EQ(m.ToSourceEnd(3), 2u);
}

TEST(OffsetMap, DeletionIsSkipped) {
  // "a" + deleted 3 bytes + "bc": input "a...bc" (6), output "abc" (3).
  OffsetMap m;
  m.AddCopy(0, 0, 1);
  m.AddReplace(1, 0, 1, 3);
  m.AddCopy(1, 4, 2);
  EXPECT_EQ(m.ToSource(1), 4u);                     // "b" is at 4, past the deletion
  EXPECT_EQ(m.ToSource(Span{0, 1}), (Span{0, 1}));  // "a" does not swallow it
  EXPECT_EQ(m.ToSource(Span{1, 3}), (Span{4, 6}));
  EXPECT_EQ(m.ToSource(Span{0, 3}), (Span{0, 6}));
}

TEST(OffsetMap, DeletionAtStartAndEnd) {
  // 3 deleted bytes, "ab", 2 deleted bytes: input 7, output 2.
  OffsetMap m;
  m.AddReplace(0, 0, 0, 3);
  m.AddCopy(0, 3, 2);
  m.AddReplace(2, 0, 5, 2);
  EXPECT_EQ(m.ToSource(0), 3u);
  EXPECT_EQ(m.ToSource(Span{0, 2}), (Span{3, 5}));
  EXPECT_EQ(m.ToSource(2), 7u);  // the end maps to the end of the input
}

TEST(OffsetMap, ThenComposesCopies) {
  OffsetMap outer = OffsetMap::Identity(5);
  OffsetMap c = outer.Then(Shrinking());
  for (size_t i = 0; i <= 5; ++i) EXPECT_EQ(c.ToSource(i), Shrinking().ToSource(i)) << i;
  EXPECT_EQ(c.ToSource(Span{2, 3}), (Span{2, 5}));
  EXPECT_EQ(c.input_size(), 7u);
}

TEST(OffsetMap, ThenSplitsInnerReplacement) {
  // Inner: A "abXYZcd" -> B "abxcd". Outer: B -> C deletes "b" and doubles "c":
  // C = "a" "x" "cc" "d".
  OffsetMap outer;
  outer.AddCopy(0, 0, 1);       // a
  outer.AddReplace(1, 0, 1, 1); // b deleted
  outer.AddCopy(1, 2, 1);       // x
  outer.AddReplace(2, 2, 3, 1); // c -> cc
  outer.AddCopy(4, 4, 1);       // d
  OffsetMap c = outer.Then(Shrinking());
  EXPECT_EQ(c.output_size(), 5u);
  EXPECT_EQ(c.input_size(), 7u);
  EXPECT_EQ(c.ToSource(0), 0u);
  EXPECT_EQ(c.ToSource(1), 2u);                     // x -> start of "XYZ"
  EXPECT_EQ(c.ToSource(Span{1, 2}), (Span{2, 5}));  // x -> "XYZ"
  EXPECT_EQ(c.ToSource(Span{2, 4}), (Span{5, 6}));  // cc -> "c"
  EXPECT_EQ(c.ToSource(Span{4, 5}), (Span{6, 7}));  // d -> "d"
  EXPECT_EQ(c.ToSource(Span{0, 1}), (Span{0, 1}));
  EXPECT_EQ(c.ToSource(5), 7u);
}

TEST(OffsetMap, ThenKeepsInnerDeletions) {
  // Inner deletes 2 bytes in the middle: A "ab--cd" -> B "abcd". Outer identity.
  OffsetMap inner;
  inner.AddCopy(0, 0, 2);
  inner.AddReplace(2, 0, 2, 2);
  inner.AddCopy(2, 4, 2);
  OffsetMap c = OffsetMap::Identity(4).Then(inner);
  EXPECT_EQ(c.ToSource(2), 4u);
  EXPECT_EQ(c.ToSource(Span{0, 2}), (Span{0, 2}));
  EXPECT_EQ(c.ToSource(Span{2, 4}), (Span{4, 6}));
  EXPECT_EQ(c.ToSource(Span{1, 3}), (Span{1, 5}));
}

TEST(OffsetMap, ThenOfTwoNormalisations) {
  // A -> B removes invisibles and folds quotes; B -> C composes accents (NFC).
  std::string a = "\u201Cx\u200B\u201D caf\u0065\u200B\u0301 ok";
  NormalizeOptions fold_only;
  fold_only.nfc = false;
  Normalized b = Normalize(a, fold_only);
  EXPECT_EQ(b.text, "\"x\" cafe\u0301 ok");
  NormalizeOptions nfc_only{true, false, false, false, false, false, false};
  Normalized c = Normalize(b.text, nfc_only);
  EXPECT_EQ(c.text, "\"x\" caf\u00E9 ok");
  OffsetMap ca = c.map.Then(b.map);
  EXPECT_EQ(ca.output_size(), c.text.size());
  EXPECT_EQ(ca.input_size(), a.size());
  size_t cafe = c.text.find("caf");
  Span word{cafe, cafe + 5};  // "café"
  Span src = ca.ToSource(word);
  EXPECT_EQ(a.substr(src.begin, src.size()), "caf\u0065\u200B\u0301");
  size_t ok = c.text.find("ok");
  EXPECT_EQ(a.substr(ca.ToSource(ok), 2), "ok");
  EXPECT_EQ(ca.ToSource(Span{0, 1}), (Span{0, 3}));  // '"' -> U+201C
  // Same result as normalising in one go.
  Normalized direct = Normalize(a);
  EXPECT_EQ(direct.text, c.text);
  for (size_t i = 0; i <= c.text.size(); ++i) EXPECT_EQ(direct.map.ToSource(i), ca.ToSource(i)) << i;
}

TEST(OffsetMap, ThenIsAssociative) {
  std::string a = "x\u00A0\u00A0y\u2014z\u2026";
  Normalized b = Normalize(a);
  OffsetMap id = OffsetMap::Identity(b.text.size());
  OffsetMap left = id.Then(b.map);
  OffsetMap right = b.map;
  for (size_t i = 0; i <= b.text.size(); ++i) EXPECT_EQ(left.ToSource(i), right.ToSource(i)) << i;
  for (size_t i = 0; i < b.text.size(); ++i)
    for (size_t j = i + 1; j <= b.text.size(); ++j)
      EXPECT_EQ(left.ToSource(Span{i, j}), right.ToSource(Span{i, j}));
}

}  // namespace
}  // namespace storyline::text
