#include <gtest/gtest.h>

#include <string>

#include "storyline/text.h"
#include "text/test_data.h"

namespace storyline::text {
namespace {

constexpr std::string_view kOpen = "\u27E6", kClose = "\u27E7";

void AppendUtf8(char32_t c, std::string* out) {
  if (c < 0x80) {
    *out += static_cast<char>(c);
  } else if (c < 0x800) {
    *out += static_cast<char>(0xC0 | (c >> 6));
    *out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    *out += static_cast<char>(0xE0 | (c >> 12));
    *out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (c >> 18));
    *out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// Decodes the escapes of the data format and strips the ⟦ ⟧ markers, returning
// the marked span (if any) in *marked.
std::string Decode(std::string_view s, std::optional<Span>* marked) {
  std::string out;
  std::optional<size_t> open;
  for (size_t i = 0; i < s.size();) {
    if (s.substr(i).starts_with(kOpen)) {
      open = out.size();
      i += kOpen.size();
    } else if (s.substr(i).starts_with(kClose)) {
      *marked = Span{open.value_or(0), out.size()};
      i += kClose.size();
    } else if (s[i] == '\\' && i + 1 < s.size()) {
      char e = s[i + 1];
      i += 2;
      switch (e) {
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 's': out += ' '; break;
        case '\\': out += '\\'; break;
        case 'u': {
          size_t close = s.find('}', i);
          AppendUtf8(static_cast<char32_t>(std::stoul(std::string(s.substr(i + 1, close - i - 1)), nullptr, 16)),
                     &out);
          i = close + 1;
          break;
        }
        default: ADD_FAILURE() << "bad escape \\" << e;
      }
    } else {
      out += s[i++];
    }
  }
  return out;
}

void ApplyOptions(std::string_view spec, NormalizeOptions* o) {
  size_t i = 0;
  while (i < spec.size()) {
    size_t j = spec.find(' ', i);
    if (j == std::string_view::npos) j = spec.size();
    std::string_view opt = spec.substr(i, j - i);
    i = j + 1;
    if (opt.empty()) continue;
    bool on = opt[0] == '+';
    opt.remove_prefix(1);
    if (opt == "nfc") o->nfc = on;
    else if (opt == "fold_quotes") o->fold_quotes = on;
    else if (opt == "fold_dashes") o->fold_dashes = on;
    else if (opt == "fold_spaces") o->fold_spaces = on;
    else if (opt == "drop_invisible") o->drop_invisible = on;
    else if (opt == "fold_ellipsis") o->fold_ellipsis = on;
    else if (opt == "unify_newlines") o->unify_newlines = on;
    else ADD_FAILURE() << "unknown option " << opt;
  }
}

// Every output offset maps inside the input, in order, and the ends match.
void ExpectSaneMap(const Normalized& n, size_t input_size) {
  size_t prev = 0;
  for (size_t i = 0; i <= n.text.size(); ++i) {
    size_t s = n.map.ToSource(i);
    ASSERT_LE(s, input_size) << "offset " << i;
    ASSERT_GE(s, prev) << "offset " << i;
    prev = s;
  }
  EXPECT_EQ(n.map.ToSource(n.text.size()), input_size);
  EXPECT_EQ(n.map.ToSource(Span{0, n.text.size()}).end, input_size);
}

TEST(NormalizeData, AllCases) {
  auto cases = testing::ReadCases("normalize.txt");
  ASSERT_GE(cases.size(), 20u);
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    NormalizeOptions options;
    std::optional<std::string> in_line, out_line;
    for (const std::string& line : c.lines) {
      if (line.starts_with("options: ")) ApplyOptions(line.substr(9), &options);
      else if (line.starts_with("in: ")) in_line = line.substr(std::min<size_t>(line.size(), 5));
      else if (line.starts_with("out: ")) out_line = line.substr(5);
      else if (line == "in:" || line == "in: ") in_line = "";
      else if (line == "out:") out_line = "";
      else ADD_FAILURE() << "unexpected line: " << line;
    }
    ASSERT_TRUE(in_line && out_line);
    std::optional<Span> in_span, out_span;
    std::string input = Decode(*in_line, &in_span);
    std::string expected = Decode(*out_line, &out_span);
    Normalized n = Normalize(input, options);
    EXPECT_EQ(n.text, expected);
    ExpectSaneMap(n, input.size());
    ASSERT_EQ(in_span.has_value(), out_span.has_value()) << "mark both sides or neither";
    if (out_span) {
      Span got = n.map.ToSource(*out_span);
      EXPECT_EQ(got, *in_span) << "got [" << got.begin << "," << got.end << ") = \""
                               << input.substr(got.begin, got.size()) << "\", want [" << in_span->begin
                               << "," << in_span->end << ")";
    }
  }
}

TEST(Normalize, RenormalisingNormalisedTextIsIdentity) {
  std::string input = "\u201CCaf\u0065\u0301\u201D\u00A0\u2014 x\u200By\u2026\r\n";
  Normalized once = Normalize(input);
  Normalized twice = Normalize(once.text);
  EXPECT_EQ(twice.text, once.text);
  // Composed maps: twice -> once -> input.
  OffsetMap both = twice.map.Then(once.map);
  EXPECT_EQ(both.ToSource(twice.text.size()), input.size());
  size_t y = twice.text.find('y');
  EXPECT_EQ(input.substr(both.ToSource(y), 1), "y");
}

TEST(Normalize, LargeInputRunsQuickly) {
  std::string input;
  for (int i = 0; i < 20000; ++i) input += "The \u201Cquick\u201D brown fox\u00A0\u2014 jumps over the lazy dog.\n";
  Normalized n = Normalize(input);
  EXPECT_LT(n.text.size(), input.size());
  EXPECT_EQ(n.map.ToSource(n.text.size()), input.size());
}

TEST(FoldCase, AsciiAndUnicode) {
  EXPECT_EQ(FoldCase("Hello WORLD"), "hello world");
  EXPECT_EQ(FoldCase("Stra\u00DFe"), "strasse");
  EXPECT_EQ(FoldCase("\u00C9COLE"), "\u00E9cole");
  EXPECT_EQ(FoldCase("Don\u2019t"), "don't");
  EXPECT_EQ(FoldCase("\u201CA\u2013B\u201D"), "\"a-b\"");
  EXPECT_EQ(FoldCase("\u039F\u0394\u03A5\u03A3\u03A3\u0395\u03A5\u03A3"), FoldCase("\u03BF\u03B4\u03C5\u03C3\u03C3\u03B5\u03C5\u03C2"));
  EXPECT_EQ(FoldCase("Cafe\u0301"), "caf\u00E9");
  EXPECT_EQ(FoldCase(""), "");
}

}  // namespace
}  // namespace storyline::text
