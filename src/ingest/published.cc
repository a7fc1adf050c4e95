// ParsePublished: ISO 8601 publication times. See storyline/article.h.

#include <cstdint>
#include <optional>
#include <string_view>

#include "storyline/article.h"

namespace storyline {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t k = 0; k < n; ++k) {
    char c = s[pos + k];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

}  // namespace

std::optional<PublishedTime> ParsePublished(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  int y, mo, d;
  if (!Digits(s, 0, 4, &y) || s.size() < 10 || s[4] != '-' || !Digits(s, 5, 2, &mo) || s[7] != '-' ||
      !Digits(s, 8, 2, &d) || mo < 1 || mo > 12 || d < 1 || d > 31)
    return std::nullopt;
  const int64_t day = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400;
  if (s.size() == 10) return PublishedTime{day, day + 86399};
  if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return std::nullopt;
  int h, mi, sec = 0;
  if (!Digits(s, 11, 2, &h) || s.size() < 16 || s[13] != ':' || !Digits(s, 14, 2, &mi) || h > 24 || mi > 59)
    return std::nullopt;
  size_t p = 16;
  if (p < s.size() && s[p] == ':') {
    if (!Digits(s, p + 1, 2, &sec) || sec > 60) return std::nullopt;
    p += 3;
    if (p < s.size() && (s[p] == '.' || s[p] == ',')) {
      ++p;
      while (p < s.size() && s[p] >= '0' && s[p] <= '9') ++p;  // fractions: below our resolution
    }
  }
  int64_t offset = 0;  // seconds east of UTC
  if (p < s.size()) {
    if (s[p] == 'Z' || s[p] == 'z') {
      ++p;
    } else if (s[p] == '+' || s[p] == '-') {
      int oh, om = 0;
      if (!Digits(s, p + 1, 2, &oh)) return std::nullopt;
      size_t q = p + 3;
      if (q < s.size() && s[q] == ':') ++q;
      if (q < s.size()) {
        if (!Digits(s, q, 2, &om)) return std::nullopt;
        q += 2;
      }
      offset = (oh * 3600 + om * 60) * (s[p] == '-' ? -1 : 1);
      p = q;
    }
    if (p != s.size()) return std::nullopt;
  }
  int64_t t = day + h * 3600 + mi * 60 + sec - offset;
  return PublishedTime{t, t};
}

}  // namespace storyline
