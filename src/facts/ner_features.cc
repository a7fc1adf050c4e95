// Tokenisation, lexicon and features of the entity tagger (ner_features.h).
#include "facts/ner_features.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>

namespace storyline::facts::ner {

std::string TagName(int tag) {
  if (tag == 0) return "O";
  return std::string(TagIsInside(tag) ? "I-" : "B-") + kTypeNames[TagType(tag)];
}

int TypeIndex(std::string_view name) {
  for (int t = 0; t < kNumTypes; ++t)
    if (name == kTypeNames[t]) return t;
  return -1;
}

uint64_t HashBytes(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ull;
  return Mix(h, s.size());
}

// ---- Tokens ------------------------------------------------------------------------

namespace {

bool IsAsciiSpace(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Code point at s[i] and its length (U+FFFD for ill-formed input).
UChar32 CodePointAt(std::string_view s, size_t i, size_t* len) {
  unsigned char c = s[i];
  if (c < 0x80) {
    *len = 1;
    return c;
  }
  int32_t j = static_cast<int32_t>(i);
  UChar32 cp;
  U8_NEXT(s.data(), j, static_cast<int32_t>(s.size()), cp);
  *len = static_cast<size_t>(j) - i;
  return cp < 0 ? 0xFFFD : cp;
}

// Start of the code point ending at s[end-1].
size_t PrevStart(std::string_view s, size_t begin, size_t end) {
  size_t i = end - 1;
  while (i > begin && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
  return i;
}

bool IsSpaceCp(UChar32 c) { return c < 0x80 ? IsAsciiSpace(static_cast<unsigned char>(c)) : (u_isUWhiteSpace(c) || c == 0xA0 || c == 0x200B || c == 0xFEFF); }

bool IsOpening(UChar32 c) {
  switch (c) {
    case '"': case '(': case '[': case '{': case '`': case '\'':
    case 0x201C: case 0x2018: case 0x201E: case 0x201A: case 0x00AB: case 0x2039: case 0x201B: case 0x201F:
      return true;
  }
  return false;
}

bool IsClosing(UChar32 c) {
  switch (c) {
    case '"': case ')': case ']': case '}': case ',': case ';': case ':': case '!': case '?': case '\'':
    case 0x201D: case 0x2019: case 0x00BB: case 0x203A: case 0x2026:
      return true;
  }
  return false;
}

bool IsDash(UChar32 c) { return c == 0x2013 || c == 0x2014 || c == 0x2015 || c == 0x2012 || c == 0x2212; }
bool IsApostrophe(UChar32 c) { return c == '\'' || c == 0x2019 || c == 0x2018; }

// Words whose period belongs to them ("Mr.", "Jan.", "Inc.").
constexpr auto kAbbreviations = std::to_array<std::string_view>({
    "Mr",  "Mrs",  "Ms",   "Dr",   "Prof", "Gen",  "Sen",  "Rep",  "Gov",  "Lt",   "Col",  "Capt", "Sgt",
    "Maj", "Adm",  "Rev",  "Hon",  "St",   "Jr",   "Sr",   "Co",   "Corp", "Inc",  "Ltd",  "Bros", "vs",
    "Jan", "Feb",  "Mar",  "Apr",  "Jun",  "Jul",  "Aug",  "Sep",  "Sept", "Oct",  "Nov",  "Dec",  "No",
    "Mt",  "Ft",   "Ave",  "Gov",  "Pres", "Cmdr", "Messrs", "Mme", "Dept", "est", "approx", "Calif", "Fla",
    "Mass", "Wash", "Ill", "Penn", "Conn", "Ariz", "Colo", "Tenn", "Ky", "La", "Md", "Mich", "Minn", "Okla",
    "Ore", "Va", "Wis", "Ala", "Ark", "Ga", "Kan", "Neb", "Nev"});

bool KeepsPeriod(std::string_view word) {  // word without its final '.'
  if (word.empty()) return false;
  if (word.find('.') != std::string_view::npos) return true;  // "U.S", "a.m"
  if (word.size() == 1 && ((word[0] >= 'A' && word[0] <= 'Z') || (word[0] >= 'a' && word[0] <= 'z'))) return true;
  return std::find(kAbbreviations.begin(), kAbbreviations.end(), word) != kAbbreviations.end();
}

// Splits one whitespace-free chunk [b, e) of `s`.
void SplitChunk(std::string_view s, size_t b, size_t e, std::vector<text::Span>* out) {
  // Leading punctuation.
  std::array<text::Span, 8> tail;
  size_t ntail = 0;
  while (b < e) {
    size_t len;
    UChar32 c = CodePointAt(s, b, &len);
    if (IsDash(c) || (IsOpening(c) && b + len < e)) {
      // "--" and "---" runs stay one token.
      size_t j = b + len;
      if (c == '-' || IsDash(c)) {
        size_t l2;
        while (j < e && (IsDash(CodePointAt(s, j, &l2)) || s[j] == '-')) j += l2 ? l2 : 1;
      }
      // A leading apostrophe of "'90s" stays with its number.
      if (IsApostrophe(c) && j < e && s[j] >= '0' && s[j] <= '9') break;
      out->push_back({b, j});
      b = j;
      continue;
    }
    break;
  }
  // Trailing punctuation.
  while (b < e && ntail < tail.size() - 1) {
    size_t p = PrevStart(s, b, e);
    size_t len;
    UChar32 c = CodePointAt(s, p, &len);
    if (c == '.') {
      // "..." stays one token.
      if (e - b >= 3 && s.substr(e - 3, 3) == "...") {
        size_t q = e - 3;
        while (q > b && s[q - 1] == '.') --q;
        if (q == b) break;
        tail[ntail++] = {q, e};
        e = q;
        continue;
      }
      if (p == b) break;
      if (KeepsPeriod(s.substr(b, p - b))) break;
      tail[ntail++] = {p, e};
      e = p;
      continue;
    }
    if (IsDash(c)) {
      if (p == b) break;
      tail[ntail++] = {p, e};
      e = p;
      continue;
    }
    if (IsClosing(c)) {
      if (p == b) break;
      // Possessive "s'" ("the ministers'"): split the apostrophe.
      tail[ntail++] = {p, e};
      e = p;
      continue;
    }
    break;
  }
  // Inside: em/en dashes split words ("Moscow—and"); "'s" and "n't" split off.
  size_t start = b;
  size_t i = b;
  while (i < e) {
    size_t len;
    UChar32 c = CodePointAt(s, i, &len);
    if (IsDash(c) && i > start) {
      out->push_back({start, i});
      size_t j = i + len;
      out->push_back({i, j});
      start = i = j;
      continue;
    }
    i += len;
  }
  if (start < e) {
    // "'s" / "’s" / "n't" at the end of the word.
    std::string_view w = s.substr(start, e - start);
    size_t cut = std::string_view::npos;
    auto ends_with_apos = [&](std::string_view suffix_after) -> size_t {
      // position of the apostrophe if w ends with apostrophe + suffix_after
      if (w.size() <= suffix_after.size()) return std::string_view::npos;
      std::string_view end = w.substr(w.size() - suffix_after.size());
      if (!std::equal(end.begin(), end.end(), suffix_after.begin(), [](char a, char b2) {
            return std::tolower(static_cast<unsigned char>(a)) == b2;
          }))
        return std::string_view::npos;
      size_t before = w.size() - suffix_after.size();
      if (before >= 1 && w[before - 1] == '\'') return before - 1;
      if (before >= 3 && w.substr(before - 3, 3) == "\xE2\x80\x99") return before - 3;
      return std::string_view::npos;
    };
    size_t a = ends_with_apos("s");
    if (a != std::string_view::npos && a > 0) cut = a;
    if (cut == std::string_view::npos) {
      a = ends_with_apos("t");
      if (a != std::string_view::npos && a >= 2 && (w[a - 1] == 'n' || w[a - 1] == 'N')) cut = a - 1;
    }
    if (cut == std::string_view::npos) {
      for (std::string_view suf : {"re", "ve", "ll", "d", "m"}) {
        a = ends_with_apos(suf);
        if (a != std::string_view::npos && a > 0) {
          cut = a;
          break;
        }
      }
    }
    if (cut != std::string_view::npos && cut > 0) {
      out->push_back({start, start + cut});
      out->push_back({start + cut, e});
    } else {
      out->push_back({start, e});
    }
  }
  while (ntail > 0) out->push_back(tail[--ntail]);
}

}  // namespace

void TokenizeConll(std::string_view text, text::Span span, std::vector<text::Span>* out) {
  size_t i = span.begin, end = std::min(span.end, text.size());
  while (i < end) {
    size_t len;
    UChar32 c = CodePointAt(text, i, &len);
    if (IsSpaceCp(c)) {
      i += len;
      continue;
    }
    size_t j = i;
    while (j < end) {
      UChar32 d = CodePointAt(text, j, &len);
      if (IsSpaceCp(d)) break;
      j += len;
    }
    SplitChunk(text, i, j, out);
    i = j;
  }
}

// ---- Lexicon -----------------------------------------------------------------------

void Lexicon::Clear() {
  keys_.clear();
  vals_.clear();
  filter_.Clear();
  mask_ = 0;
  count_ = 0;
}

void Lexicon::Grow() {
  std::vector<uint32_t> old_keys = std::move(keys_);
  std::vector<uint8_t> old_vals = std::move(vals_);
  size_t cap = old_keys.empty() ? 1024 : old_keys.size() * 2;
  keys_.assign(cap, 0);
  vals_.assign(cap, 0);
  mask_ = cap - 1;
  for (size_t i = 0; i < old_keys.size(); ++i) {
    if (!old_keys[i]) continue;
    size_t s = Slot(old_keys[i]);
    while (keys_[s]) s = (s + 1) & mask_;
    keys_[s] = old_keys[i];
    vals_[s] = old_vals[i];
  }
}

void Lexicon::Add(uint32_t k, uint8_t value) {
  if (k == 0) k = 1;
  if ((count_ + 1) * 2 > keys_.size()) Grow();
  filter_.Add(k);
  size_t s = Slot(k);
  while (keys_[s] && keys_[s] != k) s = (s + 1) & mask_;
  if (!keys_[s]) {
    keys_[s] = k;
    ++count_;
  }
  vals_[s] |= value;
}

// ---- Features ------------------------------------------------------------------------

namespace {

enum Template : uint64_t {
  kBias = 1, kWord, kLower, kLowerM1, kLowerP1, kLowerM2, kLowerP2, kWordM1, kWordP1,
  kShape, kShapeM1, kShapeP1, kShapeM1S, kShapeSP1, kShapeM1SP1, kShortShape,
  kPre1, kPre2, kPre3, kPre4, kSuf1, kSuf2, kSuf3, kSuf4,
  kBigramL, kBigramR, kInitShape, kInitLower, kCapsLower, kCapsShape,
  kGaz, kGazCap, kMember, kGazM1, kGazP1, kCase, kDoc, kLowerM1Shape, kShapeLowerP1,
  kMemberM1, kMemberP1, kLength, kSufShape,
};

enum Flag : uint8_t {
  kCap = 1, kLowerFirst = 2, kAllUpper = 4, kHasDigit = 8, kPunct = 16, kHasLower = 32, kSentInit = 64, kCapsSent = 128,
};

struct Tok {
  uint64_t word, lower, shape, short_shape;
  uint64_t pre[4], suf[4];
  uint8_t flags, gaz_b, gaz_i, member, casestat, doc, len;
};

const uint64_t kBos = HashBytes("<S>"), kEos = HashBytes("</S>"), kBos2 = HashBytes("<S2>"), kEos2 = HashBytes("</S2>");

void AppendUtf8(std::string& s, UChar32 c) {
  char buf[4];
  int32_t n = 0;
  UBool err = false;
  U8_APPEND(buf, n, 4, c, err);
  if (!err) s.append(buf, n);
}

}  // namespace

struct FeatureScratch {
  std::vector<Tok> toks;
  std::vector<uint64_t> lower_hashes;
  std::string norm, lower, shape, short_shape;
  std::vector<uint64_t> doc_keys;
  std::vector<uint8_t> doc_vals;
};

FeatureExtractor::FeatureExtractor() : s_(new FeatureScratch) {}
FeatureExtractor::~FeatureExtractor() { delete s_; }
const std::vector<uint64_t>& FeatureExtractor::lower_hashes() const { return s_->lower_hashes; }
bool FeatureExtractor::Capitalized(size_t i) const { return s_->toks[i].flags & kCap; }
bool FeatureExtractor::LowerFirst(size_t i) const { return s_->toks[i].flags & kLowerFirst; }
bool FeatureExtractor::SentenceInitial(size_t i) const { return s_->toks[i].flags & kSentInit; }
bool FeatureExtractor::AllCapsSentence(size_t i) const { return s_->toks[i].flags & kCapsSent; }

namespace {

// Fills the word-level fields of `t` from the token text.
void AnalyzeToken(std::string_view w, FeatureScratch& s, Tok& t) {
  s.norm.clear();
  s.lower.clear();
  s.shape.clear();
  s.short_shape.clear();
  uint8_t flags = 0;
  bool first = true;
  bool any_letter = false;
  bool only_dashes = true;
  size_t cps = 0;
  for (size_t i = 0; i < w.size();) {
    unsigned char b = w[i];
    UChar32 c;
    size_t len;
    if (b < 0x80) {
      c = b;
      len = 1;
    } else {
      c = CodePointAt(w, i, &len);
    }
    i += len;
    ++cps;
    // Fold typographic punctuation to the ASCII of the training data.
    switch (c) {
      case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: c = '\''; break;
      case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x00AB: case 0x00BB: case 0x2033: c = '"'; break;
      case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212: c = '-'; break;
      default: break;
    }
    if (c != '-') only_dashes = false;
    char cls;
    UChar32 lc = c;
    if (c < 0x80) {
      if (c >= 'A' && c <= 'Z') {
        cls = 'X';
        lc = c + 32;
      } else if (c >= 'a' && c <= 'z') {
        cls = 'x';
      } else if (c >= '0' && c <= '9') {
        cls = 'd';
        lc = '0';
      } else {
        cls = static_cast<char>(c);
      }
      s.norm.push_back(static_cast<char>(c));
      s.lower.push_back(static_cast<char>(lc));
    } else if (c == 0x2026) {
      cls = '.';
      s.norm += "...";
      s.lower += "...";
    } else {
      if (u_isupper(c) || u_istitle(c)) {
        cls = 'X';
        lc = u_tolower(c);
      } else if (u_islower(c)) {
        cls = 'x';
      } else if (u_isalpha(c)) {
        cls = 'x';
      } else if (u_isdigit(c)) {
        cls = 'd';
      } else {
        cls = '*';
      }
      AppendUtf8(s.norm, c);
      AppendUtf8(s.lower, lc);
    }
    if (first) {
      if (cls == 'X') flags |= kCap;
      if (cls == 'x') flags |= kLowerFirst;
      first = false;
    }
    if (cls == 'X' || cls == 'x') any_letter = true;
    if (cls == 'x') flags |= kHasLower;
    if (cls == 'd') flags |= kHasDigit;
    size_t n = s.shape.size();
    if (!(n >= 2 && s.shape[n - 1] == cls && s.shape[n - 2] == cls)) s.shape.push_back(cls);
    if (s.short_shape.empty() || s.short_shape.back() != cls) s.short_shape.push_back(cls);
  }
  if (only_dashes && w.size() > 1 && s.norm.size() == 1) {
    // A lone em dash is "--" in the training data.
    s.norm = "--";
    s.lower = "--";
  }
  if (any_letter && !(flags & kHasLower)) flags |= kAllUpper;
  if (!any_letter && !(flags & kHasDigit)) flags |= kPunct;
  t.flags = flags;
  t.word = HashBytes(s.norm);
  t.lower = HashBytes(s.lower);
  t.shape = HashBytes(s.shape);
  t.short_shape = HashBytes(s.short_shape);
  t.len = static_cast<uint8_t>(std::min<size_t>(cps, 12));
  // Affixes by code points of the lower-case form.
  std::string_view l = s.lower;
  size_t n = l.size();
  for (int k = 0; k < 4; ++k) {
    // prefix of k+1 code points
    size_t p = 0, cnt = 0;
    while (p < n && cnt < static_cast<size_t>(k + 1)) {
      ++p;
      while (p < n && (static_cast<unsigned char>(l[p]) & 0xC0) == 0x80) ++p;
      ++cnt;
    }
    t.pre[k] = cnt == static_cast<size_t>(k + 1) ? HashBytes(l.substr(0, p)) : 0;
    size_t q = n;
    cnt = 0;
    while (q > 0 && cnt < static_cast<size_t>(k + 1)) {
      --q;
      while (q > 0 && (static_cast<unsigned char>(l[q]) & 0xC0) == 0x80) --q;
      ++cnt;
    }
    t.suf[k] = cnt == static_cast<size_t>(k + 1) ? HashBytes(l.substr(q)) : 0;
  }
}

}  // namespace

void FeatureExtractor::Extract(const Document& doc, const Lexicon& lex, FeatureBuffer* out) {
  Analyze(doc);
  Emit(doc, lex, nullptr, out);
}

uint8_t FeatureExtractor::DocumentContext(size_t i) const { return s_->toks[i].doc; }

void FeatureExtractor::Analyze(const Document& doc) {
  FeatureScratch& s = *s_;
  const size_t n = doc.tokens.size();
  s.toks.resize(n);
  s.lower_hashes.resize(n);
  for (size_t i = 0; i < n; ++i) {
    Tok& t = s.toks[i];
    AnalyzeToken(doc.tokens[i], s, t);
    t.gaz_b = t.gaz_i = t.member = t.casestat = t.doc = 0;
    s.lower_hashes[i] = t.lower;
  }
  // Sentence flags.
  std::vector<uint32_t> const& starts = doc.sentence_starts;
  auto sentence_end = [&](size_t si) { return si + 1 < starts.size() ? starts[si + 1] : static_cast<uint32_t>(n); };
  for (size_t si = 0; si < starts.size(); ++si) {
    size_t b = starts[si], e = sentence_end(si);
    bool has_lower = false, has_letter = false;
    for (size_t i = b; i < e; ++i) {
      has_lower |= (s.toks[i].flags & kHasLower) != 0;
      has_letter |= (s.toks[i].flags & (kCap | kLowerFirst | kAllUpper)) != 0;
    }
    bool caps = has_letter && !has_lower && (e - b) > 2;
    // Sentence-initial: the first token with a letter or digit (after quotes, brackets).
    for (size_t i = b; i < e; ++i) {
      if (caps) s.toks[i].flags |= kCapsSent;
    }
    for (size_t i = b; i < e; ++i) {
      if (!(s.toks[i].flags & kPunct)) {
        s.toks[i].flags |= kSentInit;
        break;
      }
    }
  }
  // Document-level: how each word is capitalised elsewhere in the document.
  size_t cap = 16;
  while (cap < 2 * n) cap <<= 1;
  s.doc_keys.assign(cap, 0);
  s.doc_vals.assign(cap, 0);
  auto doc_slot = [&](uint64_t key) {
    size_t h = (key * 0x9E3779B97F4A7C15ull) >> 20 & (cap - 1);
    while (s.doc_keys[h] && s.doc_keys[h] != key) h = (h + 1) & (cap - 1);
    s.doc_keys[h] = key;
    return h;
  };
  for (size_t i = 0; i < n; ++i) {
    const Tok& t = s.toks[i];
    uint8_t bits = 0;
    if (t.flags & kLowerFirst) bits |= 1;
    if ((t.flags & kCap) && !(t.flags & (kSentInit | kCapsSent))) bits |= 2;
    if (bits) s.doc_vals[doc_slot(t.lower | 1)] |= bits;
  }
  for (size_t i = 0; i < n; ++i) {
    Tok& t = s.toks[i];
    if (t.flags & kPunct) continue;
    t.doc = s.doc_vals[doc_slot(t.lower | 1)];
  }
}

void FeatureExtractor::Emit(const Document& doc, const Lexicon& lex, const std::vector<char>* wanted,
                            FeatureBuffer* out) {
  FeatureScratch& s = *s_;
  const size_t n = doc.tokens.size();
  std::vector<uint32_t> const& starts = doc.sentence_starts;
  auto sentence_end = [&](size_t si) { return si + 1 < starts.size() ? starts[si + 1] : static_cast<uint32_t>(n); };
  // What the training data says of the words (case statistics, entity
  // membership) and of the phrases (gazetteer) of each wanted sentence.
  for (size_t si = 0; si < starts.size(); ++si) {
    if (wanted && !(*wanted)[si]) continue;
    size_t b = starts[si], e = sentence_end(si);
    for (size_t i = b; i < e; ++i) {
      Tok& t = s.toks[i];
      if (t.flags & kPunct) continue;
      t.member = lex.Find(Lexicon::Key(Lexicon::kMember, t.lower));
      t.casestat = lex.Find(Lexicon::Key(Lexicon::kCase, t.lower));
    }
    for (size_t i = b; i < e; ++i) {
      if (s.toks[i].flags & kPunct) continue;
      uint64_t p = 0x51ED270B;
      for (size_t j = i; j < e && j - i < kMaxPhrase; ++j) {
        p = Mix(p, s.toks[j].lower);
        uint8_t m = lex.Find(Lexicon::Key(Lexicon::kPhrase, p));
        if (!m) continue;
        s.toks[i].gaz_b |= m;
        for (size_t k = i + 1; k <= j; ++k) s.toks[k].gaz_i |= m;
      }
    }
  }
  // Features.
  out->offsets.resize(n + 1);
  // Written through a pointer into the output sized for the most features a
  // token can have (kMaxFeatures; resize leaves them uninitialised), then cut.
  constexpr size_t kMaxFeatures = 64;
  out->feats.resize(n * kMaxFeatures);
  struct Writer {
    uint64_t* p;
    size_t size() const { return 0; }
    void push_back(uint64_t v) { *p++ = v; }
  } f{out->feats.data()};
  uint64_t* const base = out->feats.data();
  size_t si = 0;
  for (size_t i = 0; i < n; ++i) {
    while (si + 1 < starts.size() && starts[si + 1] <= i) ++si;
    const size_t b = starts[si], e = sentence_end(si);
    out->offsets[i] = static_cast<uint32_t>(f.p - base);
    if (wanted && !(*wanted)[si]) continue;
    const Tok& t = s.toks[i];
    const Tok* m1 = i > b ? &s.toks[i - 1] : nullptr;
    const Tok* m2 = i > b + 1 ? &s.toks[i - 2] : nullptr;
    const Tok* p1 = i + 1 < e ? &s.toks[i + 1] : nullptr;
    const Tok* p2 = i + 2 < e ? &s.toks[i + 2] : nullptr;
    const uint64_t lm1 = m1 ? m1->lower : kBos, lm2 = m2 ? m2->lower : kBos2;
    const uint64_t lp1 = p1 ? p1->lower : kEos, lp2 = p2 ? p2->lower : kEos2;
    const uint64_t sm1 = m1 ? m1->short_shape : kBos, sp1 = p1 ? p1->short_shape : kEos;
    const bool caps = t.flags & kCapsSent;
    const bool init = t.flags & kSentInit;
    const uint64_t capbit = (t.flags & kCap) ? 1 : 0;
    f.push_back(Mix(kBias, 0));
    f.push_back(Mix(kWord, t.word));
    f.push_back(Mix(kLower, t.lower));
    f.push_back(Mix(kLowerM1, lm1));
    f.push_back(Mix(kLowerP1, lp1));
    f.push_back(Mix(kLowerM2, lm2));
    f.push_back(Mix(kLowerP2, lp2));
    if (!caps) {
      f.push_back(Mix(kWordM1, m1 ? m1->word : kBos));
      f.push_back(Mix(kWordP1, p1 ? p1->word : kEos));
    }
    f.push_back(Mix(kShape, t.shape));
    f.push_back(Mix(kShortShape, t.short_shape));
    f.push_back(Mix(kShapeM1, sm1));
    f.push_back(Mix(kShapeP1, sp1));
    f.push_back(Mix(kShapeM1S, Mix(sm1, t.short_shape)));
    f.push_back(Mix(kShapeSP1, Mix(t.short_shape, sp1)));
    f.push_back(Mix(kShapeM1SP1, Mix(Mix(sm1, t.short_shape), sp1)));
    for (int k = 0; k < 4; ++k) {
      if (t.pre[k]) f.push_back(Mix(kPre1 + k, t.pre[k]));
      if (t.suf[k]) f.push_back(Mix(kSuf1 + k, t.suf[k]));
    }
    f.push_back(Mix(kBigramL, Mix(lm1, t.lower)));
    f.push_back(Mix(kBigramR, Mix(t.lower, lp1)));
    f.push_back(Mix(kLowerM1Shape, Mix(lm1, t.short_shape)));
    f.push_back(Mix(kShapeLowerP1, Mix(t.short_shape, lp1)));
    f.push_back(Mix(kSufShape, Mix(t.suf[2], t.short_shape)));
    f.push_back(Mix(kLength, t.len * 2 + capbit));
    if (init) {
      f.push_back(Mix(kInitShape, t.shape));
      f.push_back(Mix(kInitLower, t.lower));
    }
    if (caps) {
      f.push_back(Mix(kCapsLower, t.lower));
      f.push_back(Mix(kCapsShape, t.shape));
    }
    for (int ty = 0; ty < kNumTypes; ++ty) {
      if (t.gaz_b & (1 << ty)) {
        f.push_back(Mix(kGaz, ty * 2));
        f.push_back(Mix(kGazCap, ty * 4 + capbit * 2));
      }
      if (t.gaz_i & (1 << ty)) {
        f.push_back(Mix(kGaz, ty * 2 + 1));
        f.push_back(Mix(kGazCap, ty * 4 + capbit * 2 + 1));
      }
    }
    if (m1 && (m1->gaz_b | m1->gaz_i)) f.push_back(Mix(kGazM1, (m1->gaz_b << 4) | m1->gaz_i));
    if (p1 && (p1->gaz_b | p1->gaz_i)) f.push_back(Mix(kGazP1, (p1->gaz_b << 4) | p1->gaz_i));
    if (t.member) f.push_back(Mix(kMember, t.member * 2 + capbit));
    if (m1 && m1->member) f.push_back(Mix(kMemberM1, m1->member));
    if (p1 && p1->member) f.push_back(Mix(kMemberP1, p1->member));
    f.push_back(Mix(kCase, t.casestat * 8 + capbit * 4 + (init ? 2 : 0) + (caps ? 1 : 0)));
    if (!(t.flags & kPunct)) f.push_back(Mix(kDoc, t.doc * 8 + capbit * 4 + (init ? 2 : 0) + (caps ? 1 : 0)));
  }
  out->offsets[n] = static_cast<uint32_t>(f.p - base);
  out->feats.resize(static_cast<size_t>(f.p - base));
}

}  // namespace storyline::facts::ner
