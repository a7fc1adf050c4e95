// Line features and the learned junk model. Every function here mirrors one in
// scripts/train_junk_model.py; a change on one side needs the same change on
// the other and a retrain.
#include "extract/junk_model.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include <xxhash.h>

#include "storyline/extract.h"
#include "storyline/text.h"

namespace storyline::extract {
namespace internal {
namespace {

struct FeatureWeight {
  std::string_view name;
  double weight;
};

#include "extract/junk_model.inc"

constexpr bool IsUpper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
constexpr bool IsLower(unsigned char c) { return c >= 'a' && c <= 'z'; }
constexpr bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }
constexpr bool IsTokenByte(unsigned char c) {
  return IsUpper(c) || IsLower(c) || IsDigit(c) || c >= 0x80;
}
constexpr bool IsTrimByte(char c) {
  return c == ' ' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

constexpr size_t kMaxTokenBytes = 30;

// The ASCII replacement of the typographic character starting at `s[i]`, and
// its length in bytes; nullptr when there is none.
const char* FoldAt(std::string_view s, size_t i, size_t* len) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c == '\t') {
    *len = 1;
    return " ";
  }
  if (c == 0xC2 && i + 1 < s.size()) {
    unsigned char d = static_cast<unsigned char>(s[i + 1]);
    *len = 2;
    if (d == 0xA0) return " ";
    if (d == 0xB7) return "*";
    return nullptr;
  }
  if (c != 0xE2 || i + 2 >= s.size()) return nullptr;
  unsigned char d = static_cast<unsigned char>(s[i + 1]);
  unsigned char e = static_cast<unsigned char>(s[i + 2]);
  *len = 3;
  if (d == 0x80) {
    if (e >= 0x90 && e <= 0x95) return "-";
    if (e >= 0x98 && e <= 0x9B) return "'";
    if (e >= 0x9C && e <= 0x9F) return "\"";
    if (e == 0xB2) return "'";
    if (e == 0xB3) return "\"";
    if (e == 0xA6) return "...";
    if (e == 0xA2) return "*";
    return nullptr;
  }
  if (d == 0x88 && e == 0x92) return "-";
  if (d == 0x96 && e == 0xAA) return "*";
  if (d == 0x97 && e == 0x8F) return "*";
  return nullptr;
}

double Sigmoid(double z) {
  if (z >= 0) return 1.0 / (1.0 + std::exp(-z));
  double e = std::exp(z);
  return e / (1.0 + e);
}

// Every token of every line is looked up (twice for the first two), and most
// are in no feature: an open-addressing table of the names' 64-bit hashes,
// small enough to stay in cache, compared by hash before by name.
class WeightTable {
 public:
  WeightTable() {
    while (slots_.size() < 2 * std::size(kJunkWeights)) slots_.resize(slots_.empty() ? 64 : slots_.size() * 2);
    mask_ = slots_.size() - 1;
    for (const FeatureWeight& f : kJunkWeights) {
      uint64_t h = XXH3_64bits(f.name.data(), f.name.size());
      size_t i = h & mask_;
      while (slots_[i].used && slots_[i].name != f.name) i = (i + 1) & mask_;
      if (slots_[i].used) continue;  // the first of a repeated name wins, as emplace did
      slots_[i] = Slot{h, f.name, f.weight, true};
    }
  }
  double Find(std::string_view name) const {
    uint64_t h = XXH3_64bits(name.data(), name.size());
    for (size_t i = h & mask_; slots_[i].used; i = (i + 1) & mask_)
      if (slots_[i].hash == h && slots_[i].name == name) return slots_[i].weight;
    return 0.0;
  }

 private:
  struct Slot {
    uint64_t hash = 0;
    std::string_view name;
    double weight = 0;
    bool used = false;
  };
  std::vector<Slot> slots_;
  size_t mask_ = 0;
};

double WeightOf(std::string_view name) {
  static const WeightTable kByName;
  return kByName.Find(name);
}

// Calls `fn(key)` for every token, `key` being `prefix` then the token:
// maximal runs of ASCII letters and digits and non-ASCII bytes,
// ASCII-lower-cased, "0" for any token with a digit, tokens over
// kMaxTokenBytes skipped. `buf` is scratch.
template <typename Fn>
void ForEachToken(std::string_view s, std::string_view prefix, std::string* buf, Fn fn) {
  size_t i = 0;
  while (i < s.size()) {
    if (!IsTokenByte(static_cast<unsigned char>(s[i]))) {
      ++i;
      continue;
    }
    size_t j = i;
    bool digit = false;
    while (j < s.size() && IsTokenByte(static_cast<unsigned char>(s[j]))) {
      digit |= IsDigit(static_cast<unsigned char>(s[j]));
      ++j;
    }
    if (j - i <= kMaxTokenBytes) {
      buf->assign(prefix);
      if (digit) {
        buf->push_back('0');
      } else {
        size_t at = buf->size();
        buf->resize(at + (j - i));
        char* out = buf->data() + at;
        for (size_t k = i; k < j; ++k) {
          unsigned char c = static_cast<unsigned char>(s[k]);
          *out++ = IsUpper(c) ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
        }
      }
      fn(std::string_view(*buf));
    }
    i = j;
  }
}

}  // namespace

void FoldLine(std::string_view line, std::string* out) {
  out->clear();
  // Only a tab, 0xC2 or 0xE2 can start a fold: the bytes between are copied
  // in runs.
  auto may_fold = [](char ch) { return ch == '\t' || ch == '\xC2' || ch == '\xE2'; };
  for (size_t i = 0; i < line.size();) {
    size_t run = i;
    while (run < line.size() && !may_fold(line[run])) ++run;
    out->append(line.data() + i, run - i);
    i = run;
    if (i == line.size()) break;
    size_t len = 0;
    if (const char* r = FoldAt(line, i, &len)) {
      out->append(r);
      i += len;
    } else {
      out->push_back(line[i]);
      ++i;
    }
  }
  size_t b = 0, e = out->size();
  while (b < e && IsTrimByte((*out)[b])) ++b;
  while (e > b && IsTrimByte((*out)[e - 1])) --e;
  out->erase(e);
  out->erase(0, b);
}

LineShape ShapeOf(std::string_view s) {
  LineShape sh;
  size_t lettered = 0, upper_words = 0, letters = 0, digits = 0;
  bool any_lower = false;
  bool first_word = true;
  for (size_t i = 0; i < s.size();) {
    if (s[i] == ' ') {
      ++i;
      continue;
    }
    size_t j = s.find(' ', i);
    if (j == std::string_view::npos) j = s.size();
    std::string_view w = s.substr(i, j - i);
    ++sh.words;
    unsigned char c0 = static_cast<unsigned char>(w[0]);
    if (IsUpper(c0) || IsLower(c0)) {
      ++lettered;
      if (IsUpper(c0)) ++upper_words;
    }
    if (w.size() > 1 && w[0] == '#') {
      unsigned char c1 = static_cast<unsigned char>(w[1]);
      if (IsUpper(c1) || IsLower(c1) || IsDigit(c1)) sh.hash = true;
    }
    if (w == "|" || w == ">" || w == "\xC2\xBB" || w == "/" || w == "::" || w == ">>") {
      sh.separator = true;
    }
    if (first_word) {
      first_word = false;
      if (w == "*" || w == "-" || w == "+") {
        sh.list = true;
      } else if (w.size() >= 2 && (w.back() == '.' || w.back() == ')') &&
                 std::all_of(w.begin(), w.end() - 1,
                             [](char c) { return IsDigit(static_cast<unsigned char>(c)); })) {
        sh.list = true;
      }
    }
    i = j;
  }
  // Letters, digits, '@' and the URL markers (case-insensitive) in one pass.
  auto lower_at = [&](size_t k) {
    unsigned char c = static_cast<unsigned char>(s[k]);
    return IsUpper(c) ? static_cast<unsigned char>(c - 'A' + 'a') : c;
  };
  auto marker_at = [&](size_t i, std::string_view needle) {
    if (needle.size() > s.size() - i) return false;
    for (size_t k = 1; k < needle.size(); ++k)
      if (lower_at(i + k) != static_cast<unsigned char>(needle[k])) return false;
    return true;
  };
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (IsLower(c)) {
      ++letters;
      any_lower = true;
      if (!sh.url && (c == 'h' || c == 'w'))
        sh.url = c == 'h' ? marker_at(i, "http://") || marker_at(i, "https://") : marker_at(i, "www.");
    } else if (IsUpper(c)) {
      ++letters;
      if (!sh.url && (c == 'H' || c == 'W'))
        sh.url = c == 'H' ? marker_at(i, "http://") || marker_at(i, "https://") : marker_at(i, "www.");
    } else if (IsDigit(c)) {
      ++digits;
    } else if (c == '@') {
      sh.at = true;
    }
  }
  size_t end = s.size();
  while (end > 0) {
    char c = s[end - 1];
    if (c == '"' || c == '\'' || c == ')' || c == ']' || c == '*') {
      --end;
    } else {
      break;
    }
  }
  if (end > 0) {
    char c = s[end - 1];
    sh.end_sentence = c == '.' || c == '!' || c == '?';
    sh.end_colon = c == ':';
  }
  sh.digits = digits > 0 && digits * 3 >= letters + digits;
  sh.titlecase = sh.words >= 2 && lettered >= 2 && upper_words * 4 >= lettered * 3;
  sh.lower_start = !s.empty() && IsLower(static_cast<unsigned char>(s[0]));
  sh.caps = letters >= 3 && !any_lower;
  sh.quote = !s.empty() && (s[0] == '"' || s[0] == '\'');
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (IsUpper(c) || IsDigit(c)) {
      sh.first_upper = true;
      break;
    }
    if (IsLower(c) || c >= 0x80) break;
  }
  return sh;
}

JunkScore ScoreLine(std::string_view s, const LineShape& sh, size_t prev_words, size_t next_words) {
  JunkScore score;
  double z = kJunkBias;
  auto add = [&](std::string_view name) { z += WeightOf(name); };
  size_t n = sh.words;
  if (n <= 3) {
    add(n == 0 ? "s:n0" : n == 1 ? "s:n1" : n == 2 ? "s:n2" : "s:n3");
  } else if (n <= 6) {
    add("s:n4");
  } else if (n <= 12) {
    add("s:n7");
  } else if (n <= 25) {
    add("s:n13");
  } else {
    add("s:n26");
  }
  if (sh.end_sentence) add("s:endsent");
  if (sh.end_colon) add("s:endcolon");
  if (sh.url) add("s:url");
  if (sh.at) add("s:at");
  if (sh.hash) add("s:hash");
  if (sh.digits) add("s:digits");
  if (sh.list) add("s:list");
  if (sh.titlecase) add("s:titlecase");
  if (sh.lower_start) add("s:lowerstart");
  if (sh.caps) add("s:caps");
  if (sh.separator) add("s:sep");
  if (sh.quote) add("s:quote");
  bool prev_short = prev_words != kNoLine && prev_words <= kShortWords;
  bool next_short = next_words != kNoLine && next_words <= kShortWords;
  if (prev_short) add("c:prevshort");
  if (next_short) add("c:nextshort");
  if (n <= kShortWords && prev_words != kNoLine && next_words != kNoLine && !prev_short &&
      !next_short) {
    add("c:isolated");
  }
  score.shape_logit = z;

  // Lexical features: every token weighted 1/sqrt(#tokens), the first token,
  // and the first two tokens.
  thread_local std::string token, key, first;
  size_t count = 0;
  double sum = 0;
  double first_two = 0;
  first.clear();
  ForEachToken(s, "w:", &token, [&](std::string_view word_key) {
    ++count;
    sum += WeightOf(word_key);
    std::string_view t = word_key.substr(2);
    if (count == 1) {
      first.assign(t);
      key.assign("f1:").append(t);
      first_two += WeightOf(key);
    } else if (count == 2) {
      key.assign("f2:").append(first).append(" ").append(t);
      first_two += WeightOf(key);
    }
  });
  if (count > 0) score.lexical_logit = sum / std::sqrt(static_cast<double>(count)) + first_two;
  score.probability = Sigmoid(score.shape_logit + score.lexical_logit);
  return score;
}

bool IsBoilerplate(std::string_view s, const LineShape& shape) {  // `s`: a folded line
  if (shape.words > 40) return false;
  std::string bare;  // lower case, letters and digits, single spaces
  for (char c : s) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (IsUpper(u)) bare.push_back(static_cast<char>(c - 'A' + 'a'));
    else if (IsLower(u) || IsDigit(u) || u >= 0x80) bare.push_back(c);
    else if (!bare.empty() && bare.back() != ' ') bare.push_back(' ');
  }
  while (!bare.empty() && bare.back() == ' ') bare.pop_back();
  static constexpr std::string_view kLabels[] = {
      "advertisement", "advertising", "ad", "sponsored", "sponsored content", "paid content", "anzeige",
      "werbung", "publicidad", "publicit\u00e9", "pubblicit\u00e0", "reclame", "advertentie", "annons",
      "annonse", "mainos", "reklama", "reklame", "publicidade"};
  // (Folded in full when short, so a label in capitals with an accent,
  // "PUBLICIT\u00c9", is one too.)
  const std::string label_key = bare.size() <= 32 ? text::FoldCase(bare) : std::string();
  for (std::string_view label : kLabels)
    if (label_key == label) return true;
  if (shape.words <= 8 && (bare.starts_with("story continues") || bare.starts_with("article continues") ||
                           bare.starts_with("continue reading below")))
    return true;
  // A notice speaks to the reader ("we use cookies", "you accept") or is a
  // button's few words ("Cookie settings"); a news sentence about cookies
  // and consent does neither.
  auto to_reader = [&] {
    if (shape.words <= 4) return true;
    const std::string padded = " " + bare + " ";
    for (std::string_view w : {" we ", " our ", " us ", " you ", " your "})
      if (padded.find(w) != std::string::npos) return true;
    return false;
  };
  if (bare.find("cookie") != std::string::npos && to_reader()) {
    static constexpr std::string_view kNotice[] = {"we use cookies", "uses cookies", "use of cookies",
                                                   "cookie policy", "cookie settings", "accept all",
                                                   "by continuing", "manage your preferences", "consent"};
    for (std::string_view p : kNotice)
      if (bare.find(p) != std::string::npos) return true;
  }
  return false;
}


}  // namespace internal

double JunkProbability(std::string_view line, const LineContext& context) {
  std::string folded;
  internal::FoldLine(line, &folded);
  internal::LineShape shape = internal::ShapeOf(folded);
  // LineContext only says whether the neighbours are short: stand-in counts.
  size_t prev = context.index == 0 ? internal::kNoLine : context.prev_short ? 1 : 100;
  size_t next = context.index + 1 >= context.count ? internal::kNoLine : context.next_short ? 1 : 100;
  return internal::ScoreLine(folded, shape, prev, next).probability;
}

}  // namespace storyline::extract
