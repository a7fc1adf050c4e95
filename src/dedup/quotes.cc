// Quotations in a text, as word ranges. See dedup/quotes.h.

#include "dedup/quotes.h"

namespace storyline::dedup {
namespace {

// Kinds of double quote mark at text[pos], with its length in bytes.
enum class Mark { kNone, kOpen, kClose, kEither };
Mark QuoteMark(std::string_view t, size_t pos, size_t* len) {
  auto starts = [&](std::string_view s) { return t.compare(pos, s.size(), s) == 0; };
  if (t[pos] == '"') {
    *len = 1;
    return Mark::kEither;
  }
  if (starts("\u201C") || starts("\u201E") || starts("\u00AB")) {  // “ „ «
    *len = starts("\u00AB") ? 2 : 3;
    return Mark::kOpen;
  }
  if (starts("``")) {  // old newswire (TeX-style) opening quotes
    *len = 2;
    return Mark::kOpen;
  }
  if (starts("''")) {  // ... and their closing pair
    *len = 2;
    return Mark::kClose;
  }
  if (starts("\u201D") || starts("\u00BB")) {  // ” »
    *len = starts("\u00BB") ? 2 : 3;
    return Mark::kEither;  // ” also opens in some styles ("”Yes”")
  }
  *len = 1;
  return Mark::kNone;
}

}  // namespace

std::vector<Quote> FindQuotes(std::string_view t, const std::vector<text::Span>& words) {
  std::vector<Quote> quotes;
  size_t open_end = std::string_view::npos;  // byte after the open mark
  size_t w = 0;                              // first word at or after the scan position
  auto word_at_or_after = [&](size_t byte) {
    while (w < words.size() && words[w].begin < byte) ++w;
    return w;
  };
  size_t pos = 0;
  while (pos < t.size()) {
    unsigned char c = static_cast<unsigned char>(t[pos]);
    if (c == '\n') {
      open_end = std::string_view::npos;  // quotations close within a paragraph line
      ++pos;
      continue;
    }
    if (c != '"' && c != 0xE2 && c != 0xC2 && c != '`' && c != '\'') {
      ++pos;
      continue;
    }
    size_t len;
    Mark m = QuoteMark(t, pos, &len);
    if (m == Mark::kNone) {
      ++pos;
      continue;
    }
    bool before_space = pos == 0 || t[pos - 1] == ' ' || t[pos - 1] == '\n' || t[pos - 1] == '(' ||
                        t[pos - 1] == '[' || t[pos - 1] == '\t';
    bool opens = m == Mark::kOpen || (m == Mark::kEither && open_end == std::string_view::npos && before_space);
    if (opens) {
      open_end = pos + len;
    } else if (open_end != std::string_view::npos) {
      size_t first = word_at_or_after(open_end);
      size_t last = first;
      while (last < words.size() && words[last].end <= pos) ++last;
      if (last > first) quotes.push_back({first, last});
      open_end = std::string_view::npos;
    }
    pos += len;
  }
  return quotes;
}

}  // namespace storyline::dedup
