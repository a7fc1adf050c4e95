// CleanPlainText and ExtractArticle.
//
// The text is cut into paragraphs (non-blank lines; a hard-wrapped line is
// joined with its lower-case continuation), each is scored by the learned
// junk model (junk_model.h), and then structure decides:
//
//  * Anchors are the lines that are surely body: sentence-like (terminal
//    punctuation), long, and scored as body (or, next to short lines, with
//    words that read as body). The body runs from the first anchor to the
//    last one, extended by sentence-like lines after it.
//  * The leading block (before the first anchor) holds site widgets,
//    breadcrumbs, the title, bylines: only the title (and authors) are taken
//    and only sentence-like lines scored as body are kept.
//  * The trailing block (after the body) holds link lists, bios, forms,
//    disclaimers, copyright and sources: it is dropped. It starts early at a
//    lone name line, a line opening with a stated author's name ("Jane Doe
//    writes about ...") or a picture credit near the end, and it takes in
//    label lines at the very end ("Disclaimer: ...", "Source: ...", "(c) ...").
//  * Inside the body, a line is dropped only for a strong reason: it is a
//    picture credit or the caption above one, part of a run of short
//    non-sentence lines that the model scores as junk (link lists), a repeat
//    of the title or of an earlier paragraph, or a line whose words alone
//    make it boilerplate.
//
// Everything is linear in the text (one pass per rule, a hash set for
// repeats), without regular expressions; line texts live in one arena.
#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "extract/junk_model.h"
#include "storyline/extract.h"
#include "storyline/text.h"

namespace storyline::extract {
namespace {

using internal::JunkScore;
using internal::LineShape;

// Thresholds, as probabilities of junk from the model.
constexpr double kBodyScore = 0.5;         // at most this: the model reads it as body
constexpr double kStrongBodyScore = 0.25;  // survives inside an early-started trailer
constexpr double kBodyWords = -0.5;        // lexical logit of a line whose words read as body
constexpr double kAnchorMaxScore = 0.75;   // an anchor whose words read as body
constexpr double kTitleMaxScore = 0.9;     // a title candidate may look this junky
// A line inside the body that is not a sentence is dropped when its words
// alone say junk (lexical logit) and the whole score agrees; a sentence needs
// overwhelming evidence.
constexpr double kMiddleLexical = 0.6;
constexpr double kMiddleScore = 0.6;
constexpr double kMiddleSentenceLexical = 1.0;
constexpr double kMiddleSentenceScore = 0.85;
constexpr double kRunScore = 0.5;          // mean score of a dropped run of short lines

constexpr size_t kAnchorWords = 8;       // an anchor has at least this many words...
constexpr size_t kAnchorBytes = 60;      // ...or, for unspaced scripts, this many bytes
constexpr size_t kTitleMaxWords = 30;
constexpr size_t kRunMaxWords = 15;      // lines of a link-list run have at most this many words
constexpr size_t kRunMinLines = 3;
constexpr size_t kPairRunLines = 2;      // a run of two lines needs a higher mean score
constexpr double kPairRunScore = 0.7;
constexpr size_t kCaptionMaxWords = 20;  // a caption above a credit line
constexpr size_t kTrailerMaxLines = 3;   // lines after a bio name / credit near the end

constexpr bool IsUpper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
constexpr bool IsLower(unsigned char c) { return c >= 'a' && c <= 'z'; }
constexpr bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }
constexpr bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

struct Line {
  text::Span span;          // raw bytes, trimmed (several raw lines when hard-wrapped)
  size_t folded_begin = 0;  // folded text in the arena
  size_t folded_end = 0;
  LineShape shape;
  JunkScore score;
  bool sentence = false;    // ends like a sentence (or a quote intro) and starts like one
  bool anchor = false;
  bool keep = true;
  DropReason reason = DropReason::kJunk;
};

// Ends with a full stop (ASCII or CJK), ! or ?, ignoring closing quotes and
// brackets.
bool EndsSentence(std::string_view s, const LineShape& shape) {
  if (shape.end_sentence) return true;
  size_t end = s.size();
  while (end > 0 && (s[end - 1] == '"' || s[end - 1] == '\'' || s[end - 1] == ')')) --end;
  std::string_view t = s.substr(0, end);
  return t.ends_with("\xE3\x80\x82") || t.ends_with("\xEF\xBC\x81") || t.ends_with("\xEF\xBC\x9F");
}

// Lower-cased ASCII copy of a word without surrounding punctuation.
std::string_view BareWord(std::string_view w, std::string* buf) {
  while (!w.empty() && !IsUpper(w.front()) && !IsLower(w.front()) && !IsDigit(w.front()) &&
         static_cast<unsigned char>(w.front()) < 0x80) {
    w.remove_prefix(1);
  }
  while (!w.empty() && !IsUpper(w.back()) && !IsLower(w.back()) && !IsDigit(w.back()) &&
         static_cast<unsigned char>(w.back()) < 0x80) {
    w.remove_suffix(1);
  }
  buf->clear();
  for (char c : w) buf->push_back(IsUpper(c) ? static_cast<char>(c - 'A' + 'a') : c);
  return *buf;
}

template <typename Fn>
void ForEachWord(std::string_view s, Fn fn) {
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] == ' ') {
      ++i;
      continue;
    }
    size_t j = s.find(' ', i);
    if (j == std::string_view::npos) j = s.size();
    if (!fn(s.substr(i, j - i))) return;
    i = j;
  }
}

// A word of a personal name: "Jane", "O'Neil", "Jean-Luc", "J.", or a
// lower-case particle ("de", "van", "bin").
bool IsNameWord(std::string_view w, bool* particle) {
  *particle = false;
  static constexpr std::string_view kParticles[] = {"al", "bin", "da", "de", "del", "der", "di",
                                                    "du", "el", "la", "le", "van", "von"};
  for (std::string_view p : kParticles) {
    if (w == p) {
      *particle = true;
      return true;
    }
  }
  if (w.empty() || !IsUpper(static_cast<unsigned char>(w[0]))) return false;
  if (w.size() == 2 && w[1] == '.') return true;  // an initial
  for (size_t i = 1; i < w.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(w[i]);
    if (IsLower(c) || c >= 0x80 || c == '\'' || c == '-' || (IsUpper(c) && i > 1)) continue;
    return false;
  }
  return true;
}

// A line that is just a person's name: 2-4 name words, at least two of them
// capitalised words of two letters or more.
bool IsPersonalName(std::string_view s) {
  size_t words = 0, full = 0;
  bool ok = true;
  ForEachWord(s, [&](std::string_view w) {
    bool particle = false;
    if (!IsNameWord(w, &particle)) {
      ok = false;
      return false;
    }
    ++words;
    if (!particle && !(w.size() == 2 && w[1] == '.')) ++full;
    return true;
  });
  return ok && words >= 2 && words <= 4 && full >= 2;
}

// "By Jane Doe", "By Jane Doe and John Roe", "By Jane Doe, Reuters": fills
// `authors` with the personal names.
bool ParseByline(std::string_view s, std::vector<std::string>* authors) {
  if (!(s.starts_with("By ") || s.starts_with("by ") || s.starts_with("BY "))) return false;
  s.remove_prefix(3);
  if (s.empty() || s.size() > 120) return false;
  std::vector<std::string> names;
  // Split on ",", " and ", " & ".
  std::string part;
  auto flush = [&]() {
    size_t b = 0, e = part.size();
    while (b < e && IsSpace(part[b])) ++b;
    while (e > b && IsSpace(part[e - 1])) --e;
    std::string_view p(part.data() + b, e - b);
    if (IsPersonalName(p)) names.emplace_back(p);
    part.clear();
  };
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] == ',' || s[i] == '&' || s[i] == '|') {
      flush();
      ++i;
    } else if (s.substr(i).starts_with(" and ")) {
      flush();
      i += 5;
    } else {
      part.push_back(s[i]);
      ++i;
    }
  }
  flush();
  // "By A and B, Agency": after a list joined by "and", the last comma starts
  // an affiliation, not a name.
  size_t last_comma = s.rfind(',');
  if (last_comma != std::string_view::npos && names.size() > 2 &&
      s.substr(0, last_comma).find(" and ") != std::string_view::npos) {
    names.pop_back();
  }
  if (names.empty()) return false;
  for (auto& n : names) authors->push_back(std::move(n));
  return true;
}

// A photo credit: the line ends with a bracketed group opened by one
// capitalised word and a colon ("[File: A. Name, Agency]", "(Photo: Agency)"),
// or one of its first words is a picture word followed by "via", "by",
// "credit" or a colon ("Top image via ...", "Photo: ...", "Image credit: ...").
enum class Credit { kNone, kInline, kWholeLine };
Credit CreditOf(std::string_view s, const LineShape& shape) {
  if (!s.empty() && (s.back() == ']' || s.back() == ')')) {
    char open = s.back() == ']' ? '[' : '(';
    size_t o = s.rfind(open);
    if (o != std::string_view::npos) {
      std::string_view g = s.substr(o + 1, s.size() - o - 2);
      size_t colon = g.find(':');
      if (colon != std::string_view::npos && colon >= 2 && colon <= 20 &&
          IsUpper(static_cast<unsigned char>(g[0])) &&
          g.substr(0, colon).find(' ') == std::string_view::npos && g.size() > colon + 2) {
        return o == 0 ? Credit::kWholeLine : Credit::kInline;
      }
    }
  }
  if (shape.words > 20 || (shape.end_sentence && shape.words > 12)) return Credit::kNone;
  static constexpr std::string_view kPictureWords[] = {
      "credit",  "credits",    "illustration", "image",    "images",
      "photo",   "photograph", "photographs",  "photos",   "picture", "pictures"};
  static constexpr std::string_view kFollowers[] = {"via", "by", "credit", "credits", "courtesy"};
  std::string buf;
  size_t index = 0;
  bool picture = false, found = false;
  ForEachWord(s, [&](std::string_view w) {
    if (index >= 4) return false;
    bool colon = w.back() == ':';
    std::string_view b = BareWord(w, &buf);
    if (picture && std::find(std::begin(kFollowers), std::end(kFollowers), b) != std::end(kFollowers)) {
      found = true;
      return false;
    }
    if (std::find(std::begin(kPictureWords), std::end(kPictureWords), b) != std::end(kPictureWords)) {
      picture = true;
      if (colon) {
        found = true;
        return false;
      }
    }
    ++index;
    return true;
  });
  return found ? Credit::kWholeLine : Credit::kNone;
}

bool IsCredit(std::string_view s, const LineShape& shape) {
  return CreditOf(s, shape) != Credit::kNone;
}

// Starts with a label and a colon ("Disclaimer: ...", "Read more: ...",
// "Tags: ..."): one or two words, the first capitalised, or a copyright sign.
bool StartsWithLabel(std::string_view s) {
  if (s.starts_with("\xC2\xA9") || s.starts_with("(c) ") || s.starts_with("(C) ")) return true;
  if (s.empty() || !IsUpper(static_cast<unsigned char>(s[0]))) return false;
  size_t colon = s.find(':');
  if (colon == std::string_view::npos || colon > 24 || colon + 2 >= s.size() || s[colon + 1] != ' ') {
    return false;
  }
  std::string_view label = s.substr(0, colon);
  size_t spaces = static_cast<size_t>(std::count(label.begin(), label.end(), ' '));
  for (char c : label) {
    if (!(IsUpper(c) || IsLower(c) || c == ' ' || c == '\'' || c == '-')) return false;
  }
  return spaces <= 1;
}

// Starts with one of `names` followed by a lower-case word ("Jane Doe writes
// about ...", "Jane Doe is a reporter ...").
bool StartsWithName(std::string_view s, const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    if (name.size() < 4 || !s.starts_with(name) || s.size() < name.size() + 3) continue;
    if (s[name.size()] == ' ' && IsLower(static_cast<unsigned char>(s[name.size() + 1]))) return true;
  }
  return false;
}

// A caption line naming who is pictured: short, not a sentence, mostly
// capitalised words. Only checked right before a credit line.
bool IsCaptionNames(std::string_view s, const LineShape& shape, bool sentence) {
  if (sentence || shape.words < 2 || shape.words > 15 || shape.url) return false;
  size_t lettered = 0, upper = 0;
  ForEachWord(s, [&](std::string_view w) {
    unsigned char c = static_cast<unsigned char>(w[0]);
    if (IsUpper(c) || IsLower(c)) {
      ++lettered;
      if (IsUpper(c)) ++upper;
    }
    return true;
  });
  return upper * 2 >= lettered;
}

// Reads like a headline: a few words, not a sentence, no URL or handle, not a
// list item, not a personal name.
bool IsHeadline(std::string_view s, const Line& line) {
  const LineShape& sh = line.shape;
  bool long_enough = sh.words >= 3 || (sh.words >= 1 && s.size() >= 12 && !sh.lower_start &&
                                       static_cast<unsigned char>(s[0]) >= 0x80);
  if (!long_enough || sh.words > kTitleMaxWords) return false;
  if (sh.url || sh.at || sh.hash || sh.list || sh.lower_start || sh.digits) return false;
  if (!sh.first_upper && !sh.quote && static_cast<unsigned char>(s[0]) < 0x80) return false;
  size_t end = s.size();
  while (end > 0 && (s[end - 1] == '"' || s[end - 1] == '\'')) --end;
  if (end == 0) return false;
  char last = s[end - 1];
  if (last == '.' || last == ':' || last == ',' || last == ';') return false;
  if (IsPersonalName(s)) return false;
  return line.score.probability <= kTitleMaxScore;
}

// Case-insensitive equality of folded lines.
bool SameText(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    unsigned char x = static_cast<unsigned char>(a[i]), y = static_cast<unsigned char>(b[i]);
    if (IsUpper(x)) x = static_cast<unsigned char>(x - 'A' + 'a');
    if (IsUpper(y)) y = static_cast<unsigned char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// Splits `raw` into trimmed non-blank lines, joining a hard-wrapped line with
// the next one when it does not end a sentence and the next starts in lower
// case.
std::vector<Line> SplitLines(std::string_view raw, std::string* arena) {
  std::vector<Line> lines;
  std::string folded;
  size_t pos = 0;
  bool prev_joinable = false;  // the previous raw line may continue on this one
  // Per line: folded again below, as raw lines were joined into it or it
  // holds a carriage return (which the joined text's folding turns into a space).
  std::vector<char> refold;
  auto store = [&](Line& line, const LineShape& shape) {
    line.folded_begin = arena->size();
    arena->append(folded);
    line.folded_end = arena->size();
    line.shape = shape;
  };
  while (pos <= raw.size()) {
    size_t nl = raw.find('\n', pos);
    if (nl == std::string_view::npos) nl = raw.size();
    size_t b = pos, e = nl;
    while (b < e && IsSpace(raw[b])) ++b;
    while (e > b && IsSpace(raw[e - 1])) --e;
    if (b == e) {
      prev_joinable = false;
    } else {
      internal::FoldLine(raw.substr(b, e - b), &folded);
      LineShape shape = internal::ShapeOf(folded);
      if (prev_joinable && shape.lower_start) {
        lines.back().span.end = e;
        refold.resize(lines.size(), 0);
        refold.back() = 1;
      } else {
        // Folded and shaped as it stands, unless refolded below.
        Line line;
        line.span = {b, e};
        store(line, shape);
        lines.push_back(line);
        if (folded.find('\r') != std::string::npos) {
          refold.resize(lines.size(), 0);
          refold.back() = 1;
        }
      }
      prev_joinable = shape.words >= 6 && !shape.end_sentence && !shape.end_colon &&
                      !shape.list && !shape.url;
    }
    if (nl == raw.size()) break;
    pos = nl + 1;
  }
  refold.resize(lines.size(), 0);
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!refold[i]) continue;
    Line& line = lines[i];
    internal::FoldLine(raw.substr(line.span.begin, line.span.size()), &folded);
    // A joined line folds its inner newline(s) into spaces.
    for (char& c : folded) {
      if (c == '\n' || c == '\r') c = ' ';
    }
    store(line, internal::ShapeOf(folded));
  }
  return lines;
}

}  // namespace

CleanedText CleanPlainText(std::string_view raw, bool find_title, std::string_view known_title,
                           const std::vector<std::string>& known_authors) {
  CleanedText out;
  std::string arena;
  std::vector<Line> lines = SplitLines(raw, &arena);
  const size_t n = lines.size();
  auto folded = [&](size_t i) {
    return std::string_view(arena).substr(lines[i].folded_begin,
                                          lines[i].folded_end - lines[i].folded_begin);
  };
  auto drop = [&](size_t i, DropReason reason) {
    lines[i].keep = false;
    lines[i].reason = reason;
  };

  // Score every line in its context, and find the anchors.
  size_t first_anchor = n, last_anchor = n;
  for (size_t i = 0; i < n; ++i) {
    Line& l = lines[i];
    std::string_view s = folded(i);
    size_t prev = i > 0 ? lines[i - 1].shape.words : internal::kNoLine;
    size_t next = i + 1 < n ? lines[i + 1].shape.words : internal::kNoLine;
    l.score = internal::ScoreLine(s, l.shape, prev, next);
    bool starts_well = l.shape.first_upper || l.shape.quote || l.shape.list ||
                       static_cast<unsigned char>(s[0]) >= 0x80;
    l.sentence = (EndsSentence(s, l.shape) || l.shape.end_colon) && starts_well && !l.shape.url;
    // Short neighbours (context features) can push a long sentence over the
    // line; its words still read as body.
    bool body = l.score.probability <= kBodyScore ||
                (l.score.probability <= kAnchorMaxScore && l.score.lexical_logit <= kBodyWords);
    if (internal::IsBoilerplate(s, l.shape)) {
      drop(i, DropReason::kJunk);
      continue;
    }
    l.anchor = l.sentence && body &&
               (l.shape.words >= kAnchorWords || s.size() >= kAnchorBytes) && !IsCredit(s, l.shape);
    if (l.anchor) {
      if (first_anchor == n) first_anchor = i;
      last_anchor = i;
    }
  }

  // The trailing block: it starts after the last anchor and the sentence-like
  // lines that continue the body; it may start earlier at an author name or a
  // picture credit near the end, when only a few lines follow it and none of
  // them is strongly body (a bio, a closing prompt).
  size_t trailer = n;
  if (last_anchor < n) {
    size_t j = last_anchor + 1;
    while (j < n && lines[j].sentence && lines[j].score.probability <= kBodyScore &&
           lines[j].shape.words >= 2 && !IsPersonalName(folded(j)) &&
           !IsCredit(folded(j), lines[j].shape)) {
      ++j;
    }
    trailer = j;
    for (size_t k = first_anchor + 1; k < trailer; ++k) {
      if (n - 1 - k > kTrailerMaxLines) continue;
      std::string_view s = folded(k);
      bool name = IsPersonalName(s) || StartsWithName(s, known_authors);
      if (!name && !IsCredit(s, lines[k].shape)) continue;
      // After a name: a bio unless a line is strongly body. After a credit:
      // only a single closing line whose words are not clearly body (a
      // "follow us" prompt), or lines that are not body at all.
      bool body_after = false;
      for (size_t m = k + 1; m < n; ++m) {
        body_after |= name ? lines[m].anchor && lines[m].score.probability < kStrongBodyScore
                           : lines[m].anchor && (m + 1 < n || k + 2 < n ||
                                                 lines[m].score.lexical_logit < kBodyWords);
      }
      if (!body_after) {
        trailer = k;
        break;
      }
    }
  }
  // Label lines ("Disclaimer: ...", "Source: ...", "© ...") at the very end
  // belong to the trailer even when they read as sentences.
  while (trailer > 0 && trailer > first_anchor + 1 && StartsWithLabel(folded(trailer - 1)) &&
         !lines[trailer - 1].shape.quote) {
    --trailer;
  }
  for (size_t i = trailer; i < n; ++i) drop(i, DropReason::kTrailer);

  // The leading block: title, bylines, widgets, breadcrumbs.
  size_t lead_end = std::min(first_anchor, trailer);
  if (first_anchor == n) lead_end = std::min<size_t>(n, 3);  // no body found: look at the top only
  std::string title_folded;
  std::string known_folded;
  if (!known_title.empty()) internal::FoldLine(known_title, &known_folded);
  for (size_t i = 0; i < lead_end; ++i) {
    std::string_view s = folded(i);
    const Line& l = lines[i];
    if (find_title && title_folded.empty() && out.title.empty() && IsHeadline(s, l)) {
      out.title.assign(raw.substr(l.span.begin, l.span.size()));
      title_folded.assign(s);
      drop(i, DropReason::kTitle);
      continue;
    }
    if ((!known_folded.empty() && SameText(s, known_folded)) ||
        (!title_folded.empty() && SameText(s, title_folded))) {
      drop(i, DropReason::kTitle);
      continue;
    }
    if (ParseByline(s, &out.authors)) {
      drop(i, DropReason::kJunk);
      continue;
    }
    if (IsPersonalName(s)) {
      out.authors.emplace_back(s);
      drop(i, DropReason::kJunk);
      continue;
    }
    bool keep = l.sentence && l.score.probability <= kBodyScore && l.shape.words >= 3;
    if (first_anchor == n) keep = l.score.probability <= kBodyScore;
    if (!keep) drop(i, DropReason::kJunk);
  }

  // Inside the body.
  size_t body_end = trailer;
  for (size_t i = lead_end; i < body_end; ++i) {
    std::string_view s = folded(i);
    Line& l = lines[i];
    if ((!title_folded.empty() && SameText(s, title_folded)) ||
        (!known_folded.empty() && SameText(s, known_folded))) {
      drop(i, DropReason::kTitle);
      continue;
    }
    if (Credit credit = CreditOf(s, l.shape); credit != Credit::kNone) {
      drop(i, DropReason::kJunk);
      // The line before a credit is its caption when it names who is
      // pictured, or, for a credit on a line of its own, when it is short and
      // not the lead paragraph.
      if (i > lead_end && lines[i - 1].keep) {
        const Line& prev = lines[i - 1];
        bool caption = IsCaptionNames(folded(i - 1), prev.shape, prev.sentence) ||
                       (credit == Credit::kWholeLine && i - 1 != first_anchor &&
                        prev.shape.words <= kCaptionMaxWords &&
                        !prev.shape.quote && !prev.shape.end_colon && !prev.shape.list);
        if (caption) drop(i - 1, DropReason::kJunk);
      }
      continue;
    }
    if (ParseByline(s, &out.authors)) {
      drop(i, DropReason::kJunk);
      continue;
    }
    bool junk_words = l.sentence ? l.score.lexical_logit >= kMiddleSentenceLexical &&
                                       l.score.probability >= kMiddleSentenceScore
                                 : l.score.lexical_logit >= kMiddleLexical &&
                                       l.score.probability >= kMiddleScore;
    if (!l.anchor && junk_words) drop(i, DropReason::kJunk);
  }
  // Runs of short non-sentence lines (link lists) that score as junk.
  for (size_t i = lead_end; i < body_end;) {
    auto in_run = [&](size_t k) {
      return !lines[k].sentence && !lines[k].shape.list && lines[k].shape.words <= kRunMaxWords;
    };
    if (!in_run(i)) {
      ++i;
      continue;
    }
    size_t j = i;
    double sum = 0;
    while (j < body_end && in_run(j)) sum += lines[j++].score.probability;
    double mean = sum / static_cast<double>(j - i);
    if ((j - i >= kRunMinLines && mean >= kRunScore) ||
        (j - i == kPairRunLines && mean >= kPairRunScore)) {
      for (size_t k = i; k < j; ++k) drop(k, DropReason::kJunk);
    }
    i = j;
  }
  // Repeats of an earlier kept paragraph (compared case-insensitively).
  {
    std::string lowered = arena;
    for (char& c : lowered) {
      if (IsUpper(static_cast<unsigned char>(c))) c = static_cast<char>(c - 'A' + 'a');
    }
    std::unordered_set<std::string_view> seen;
    seen.reserve(n);
    for (size_t i = 0; i < n; ++i) {
      if (!lines[i].keep) continue;
      std::string_view key = std::string_view(lowered).substr(
          lines[i].folded_begin, lines[i].folded_end - lines[i].folded_begin);
      if (!seen.insert(key).second) drop(i, DropReason::kDuplicate);
    }
  }

  // Assemble the body and the offset map; list the dropped lines.
  size_t prev_end = 0;
  bool first = true;
  for (const Line& l : lines) {
    if (!l.keep) {
      out.dropped.push_back({l.span, l.reason, l.score.probability});
      continue;
    }
    if (!first) {
      out.body_to_raw.AddReplace(out.body.size(), 2, prev_end, l.span.begin - prev_end);
      out.body.append("\n\n");
    }
    first = false;
    // Copy the line; inner newlines of a joined hard-wrapped line become spaces.
    size_t piece = l.span.begin;
    for (size_t k = l.span.begin; k < l.span.end; ++k) {
      if (raw[k] != '\n' && raw[k] != '\r') continue;
      size_t ws_b = k, ws_e = k;
      while (ws_b > piece && IsSpace(raw[ws_b - 1])) --ws_b;
      while (ws_e < l.span.end && IsSpace(raw[ws_e])) ++ws_e;
      out.body_to_raw.AddCopy(out.body.size(), piece, ws_b - piece);
      out.body.append(raw.substr(piece, ws_b - piece));
      out.body_to_raw.AddReplace(out.body.size(), 1, ws_b, ws_e - ws_b);
      out.body.push_back(' ');
      piece = ws_e;
      k = ws_e - 1;
    }
    out.body_to_raw.AddCopy(out.body.size(), piece, l.span.end - piece);
    out.body.append(raw.substr(piece, l.span.end - piece));
    prev_end = l.span.end;
  }
  return out;
}

Article ExtractArticle(ingest::Document document) {
  if (document.format != ingest::Document::Format::kText)
    return std::move(ExtractHtml(document).article);
  Article article = std::move(document.article);
  CleanedText cleaned =
      CleanPlainText(article.text, document.title_from_first_line && article.title.empty(),
                     article.title, article.authors);
  if (article.title.empty()) article.title = std::move(cleaned.title);
  if (article.authors.empty()) article.authors = std::move(cleaned.authors);
  article.text = std::move(cleaned.body);
  article.text_to_input = std::make_shared<const text::OffsetMap>(cleaned.body_to_raw.Then(document.text_to_input));
  if (article.language.empty()) article.language = text::DetectLanguage(article.text);
  return article;
}

}  // namespace storyline::extract
