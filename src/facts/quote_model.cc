// The learned cue model of the quote finder. See quote_model.h.
#include "facts/quote_model.h"

#include <atomic>
#include <bit>
#include <charconv>
#include <cstdlib>
#include <unordered_set>

namespace storyline::facts::quote_model {
namespace {

#include "facts/quote_model.inc"  // kQuoteModelText
#include "facts/quote_filter.inc"  // kQuoteFilterText

bool IsAlnum(unsigned char c) { return (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z'); }

bool StartsWith(std::string_view t, size_t i, std::string_view s) { return t.compare(i, s.size(), s) == 0; }

bool WordByte(std::string_view t, size_t i) {
  unsigned char c = t[i];
  if (c < 0x80) return IsAlnum(c) || c == '@' || c == '#' || c == '$' || c == '%' || c == '&';
  return PunctBytes(t, i) == 0;
}

size_t Utf8Len(unsigned char c) { return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4; }

bool IsAbbrev(std::string_view lower) {
  static const std::unordered_set<std::string_view> kAbbrev = {
      "mr", "mrs", "ms", "dr", "st", "sen", "rep", "gov", "gen", "jr", "sr", "lt", "col", "sgt", "capt",
      "prof", "rev", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
      "no", "vs", "inc", "corp", "co", "ltd", "mt", "ft", "pres", "gens", "reps", "sens", "u.s", "u.n",
      "u.k", "e.u", "d.c", "a.m", "p.m"};
  return kAbbrev.count(lower) > 0;
}

const Model* g_override = nullptr;
const CueFilter* g_filter_override = nullptr;
std::vector<CueRecord>* g_cue_log = nullptr;

}  // namespace

uint32_t Hash(std::string_view s, uint32_t h) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 16777619u;
  }
  return h;
}

size_t PunctBytes(std::string_view t, size_t i) {
  unsigned char c = t[i];
  if (c == 0xE2 && i + 2 < t.size() && static_cast<unsigned char>(t[i + 1]) == 0x80) {
    unsigned char d = t[i + 2];
    if ((d >= 0x90 && d <= 0x9F) || d == 0xA6 || d == 0xA8 || d == 0xA9 || (d >= 0x80 && d <= 0x8F) ||
        d == 0xAF || d == 0xB2 || d == 0xB3)
      return 3;
  }
  if (c == 0xC2 && i + 1 < t.size()) {
    unsigned char d = t[i + 1];
    if (d == 0xAB || d == 0xBB || d == 0xA0) return 2;
  }
  if (c == 0xE3 && i + 2 < t.size() && static_cast<unsigned char>(t[i + 1]) == 0x80) return 3;  // CJK punctuation
  if (c == 0xEF && i + 2 < t.size() && static_cast<unsigned char>(t[i + 1]) == 0xBC) return 3;  // full-width
  return 0;
}

void Tokenize(std::string_view t, std::string_view lower, size_t b, size_t e, std::vector<Token>* out) {
  using T = TokenType;
  size_t i = b;
  while (i < e) {
    unsigned char c = t[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++i;
      continue;
    }
    auto push = [&](size_t len, T type, char p) {
      out->push_back(Token{static_cast<uint32_t>(i), static_cast<uint32_t>(i + len), type, p, false});
      i += len;
    };
    if (c == '"') { push(1, T::kEither, 0); continue; }
    if (c == '`' && StartsWith(t, i, "``")) { push(2, T::kOpen, 0); continue; }
    if (c == '\'' && StartsWith(t, i, "''")) { push(2, T::kEither, 0); continue; }
    if (c >= 0x80) {  // (the multi-byte marks; ASCII text skips these compares)
      if (StartsWith(t, i, "\u201C") || StartsWith(t, i, "\u201E")) { push(3, T::kOpen, 0); continue; }
      if (StartsWith(t, i, "\u201D")) { push(3, T::kClose, 0); continue; }
      if (StartsWith(t, i, "\u00AB")) { push(2, T::kOpen, 0); continue; }
      if (StartsWith(t, i, "\u00BB")) { push(2, T::kClose, 0); continue; }
      if (StartsWith(t, i, "\u2014") || StartsWith(t, i, "\u2013") || StartsWith(t, i, "\u2015")) {
        push(3, T::kPunct, '-');
        continue;
      }
      if (StartsWith(t, i, "\u2026")) { push(3, T::kPunct, 'e'); continue; }
    }
    if (c == '-' && StartsWith(t, i, "--")) { push(2, T::kPunct, '-'); continue; }
    if (WordByte(t, i)) {
      size_t j = i;
      while (j < e) {
        if (WordByte(t, j)) {
          j += Utf8Len(static_cast<unsigned char>(t[j]));
          continue;
        }
        unsigned char d = t[j];
        // Word-internal: apostrophes, hyphens, dots (U.S., 3.5), digit commas.
        size_t skip = 0;
        if (d == '\'' || d == '-' || d == '.' || d == '/') skip = 1;
        else if (d == ',' && j > i && t[j - 1] >= '0' && t[j - 1] <= '9') skip = 1;
        else if (d == 0xE2 && StartsWith(t, j, "\u2019")) skip = 3;
        if (skip && j + skip < e && WordByte(t, j + skip) && !(d == ',' && !(t[j + 1] >= '0' && t[j + 1] <= '9'))) {
          j += skip;
          continue;
        }
        break;
      }
      // An abbreviation keeps its dot: "Mr.", "U.S.", initials "J.".
      if (j < e && t[j] == '.') {
        std::string_view w = lower.substr(i, j - i);
        bool initial = j - i == 1 && t[i] >= 'A' && t[i] <= 'Z';
        if (IsAbbrev(w) || initial) ++j;
      }
      bool cap = (c >= 'A' && c <= 'Z') || (c >= 0xC3 && c < 0xE0 && lower.substr(i, 2) != t.substr(i, 2));
      out->push_back(Token{static_cast<uint32_t>(i), static_cast<uint32_t>(j), T::kWord, 0, cap});
      i = j;
      continue;
    }
    if (c == ',' || c == '.' || c == ';' || c == ':' || c == '?' || c == '!' || c == '(' || c == ')') {
      push(1, T::kPunct, static_cast<char>(c));
      continue;
    }
    size_t pb = PunctBytes(t, i);
    i += pb ? pb : Utf8Len(c);
  }
}

std::string_view Stem(std::string_view w) {
  auto cut = [&](size_t n) { return w.substr(0, w.size() - n); };
  if (w.size() > 5 && w.ends_with("ing")) return cut(3);
  if (w.size() > 4 && (w.ends_with("ied") || w.ends_with("ies"))) return cut(3);
  if (w.size() > 4 && w.ends_with("ed")) return w.ends_with("eed") ? cut(1) : cut(2);
  if (w.size() > 4 && w.ends_with("es") && !w.ends_with("ses")) return cut(2);
  if (w.size() > 3 && w.ends_with("s") && !w.ends_with("ss")) return cut(1);
  if (w.size() > 4 && w.ends_with("e")) return cut(1);
  if (w.size() > 4 && w.ends_with("y")) return cut(1);
  return w;
}

void Features(std::string_view text, std::string_view lower, const std::vector<Token>& toks, size_t i,
              std::vector<uint32_t>* out) {
  const long n = static_cast<long>(toks.size());
  auto form = [&](long k) -> std::string_view {
    if (k < 0) return "^";
    if (k >= n) return "$";
    const Token& t = toks[k];
    if (t.type == TokenType::kWord) return lower.substr(t.b, t.e - t.b);
    if (t.type == TokenType::kPunct) return std::string_view(&t.punct, 1);
    return "\"";
  };
  auto shape = [&](long k) -> std::string_view {
    if (k < 0) return "^";
    if (k >= n) return "$";
    const Token& t = toks[k];
    if (t.type != TokenType::kWord) return form(k);
    unsigned char c = text[t.b];
    if (c >= 'A' && c <= 'Z') return "C";
    if (c >= '0' && c <= '9') return "9";
    return "l";
  };
  const long p1 = static_cast<long>(i) - 1, p2 = p1 - 1, n1 = static_cast<long>(i) + 1, n2 = n1 + 1;
  const std::string_view w = lower.substr(toks[i].b, toks[i].e - toks[i].b);
  auto f1 = [&](const char* key, std::string_view v) { out->push_back(Hash(v, Hash(key))); };
  auto f2 = [&](const char* key, std::string_view u, std::string_view v) {
    out->push_back(Hash(v, Hash("|", Hash(u, Hash(key)))));
  };
  out->push_back(Hash("bias"));
  f1("w=", w);
  f1("s3=", w.size() > 3 ? w.substr(w.size() - 3) : w);
  f1("p1=", form(p1));
  f1("p2=", form(p2));
  f1("n1=", form(n1));
  f1("n2=", form(n2));
  f2("p1w=", form(p1), w);
  f2("wn1=", w, form(n1));
  f2("p2p1=", form(p2), form(p1));
  f2("n1n2=", form(n1), form(n2));
  f2("p1s=", shape(p1), w);
  f2("n1s=", w, shape(n1));
  f2("p2s=", shape(p2), shape(p1));
  if (toks[i].cap) f1("cap", w);
  bool qb = false, qa = false, comma_b = false;
  for (long k = p1; k >= 0 && k > p1 - 6; --k) {
    qb |= toks[k].IsQuoteMark();
    comma_b |= toks[k].type == TokenType::kPunct && toks[k].punct == ',';
  }
  for (long k = n1; k < n && k < n1 + 6; ++k) qa |= toks[k].IsQuoteMark();
  if (qb) f1("qb", w);
  if (qa) f1("qa", w);
  if (qb) out->push_back(Hash("qb"));
  if (qa) out->push_back(Hash("qa"));
  if (comma_b) f1("cb", w);
  // The same contexts for the stem, so that inflections share what they learn.
  const std::string_view st = Stem(w);
  f1("st=", st);
  f2("p1st=", form(p1), st);
  f2("stn1=", st, form(n1));
  f2("p1sst=", shape(p1), st);
  f2("stn1s=", st, shape(n1));
  bool that = false;
  for (long k = n1; k < n && k < n1 + 4; ++k) that |= form(k) == "that";
  if (that) f1("that", st);
  if (qb) f1("qbst", st);
  if (qa) f1("qast", st);
  if (comma_b) f1("cbst", st);
}

float Model::Score(std::string_view text, std::string_view lower, const std::vector<Token>& line, size_t i) const {
  thread_local std::vector<uint32_t> feats;
  feats.clear();
  Features(text, lower, line, i, &feats);
  float s = 0;
  for (uint32_t h : feats)
    if (const float* w = FindWeight(h)) s += *w;
  return s;
}

float Model::Score(std::string_view text, std::string_view lower, size_t b, size_t e) const {
  size_t lb = text.rfind('\n', b == 0 ? 0 : b - 1);
  lb = lb == std::string_view::npos || b == 0 ? 0 : lb + 1;
  size_t le = text.find('\n', e);
  if (le == std::string_view::npos) le = text.size();
  std::vector<Token> line;
  Tokenize(text, lower, lb, le, &line);
  for (size_t i = 0; i < line.size(); ++i)
    if (line[i].b == b && line[i].IsWord()) return Score(text, lower, line, i);
  return 0;
}

void Model::Set(std::unordered_map<uint32_t, float> weights, std::vector<std::string> candidates, float threshold,
                std::vector<std::string> no_source, std::vector<std::string> candidate_stems) {
  SetWeights({weights.begin(), weights.end()});
  SetForms(std::move(candidates), threshold, std::move(no_source), std::move(candidate_stems));
}

void Model::SetWeights(const std::vector<std::pair<uint32_t, float>>& weights) {
  size_t capacity = 1024;
  while (capacity < 2 * weights.size()) capacity *= 2;  // at most half full
  slots_.assign(capacity, Slot{0, 0});
  mask_ = capacity - 1;
  slot_shift_ = 32 - std::countr_zero(capacity);
  has_zero_key_ = false;
  zero_key_weight_ = 0;
  weight_count_ = 0;
  for (const auto& [key, weight] : weights) {
    if (key == 0) {
      weight_count_ += !has_zero_key_;
      has_zero_key_ = true;
      zero_key_weight_ = weight;
      continue;
    }
    size_t i = SlotOf(key);
    while (slots_[i].key != 0 && slots_[i].key != key) i = (i + 1) & mask_;
    weight_count_ += slots_[i].key == 0;
    slots_[i] = Slot{key, weight};
  }
}

void Model::SetForms(std::vector<std::string> candidates, float threshold, std::vector<std::string> no_source,
                     std::vector<std::string> candidate_stems) {
  candidates_.Assign(std::move(candidates));
  no_source_.Assign(std::move(no_source));
  candidate_stems_.Assign(std::move(candidate_stems));
  threshold_ = threshold;
}

namespace {
// Calls f(tag, rest) for every line "<tag> <rest>" of a model file; other
// lines (the .inc file's own C++ and comments) are skipped.
template <typename F>
void ForEachTaggedLine(std::string_view inc, F f) {
  size_t pos = 0;
  while (pos < inc.size()) {
    size_t nl = inc.find('\n', pos);
    if (nl == std::string_view::npos) nl = inc.size();
    std::string_view line = inc.substr(pos, nl - pos);
    pos = nl + 1;
    if (line.size() < 3 || line[1] != ' ') continue;
    f(line[0], line.substr(2));
  }
}
}  // namespace

bool Model::Parse(std::string_view inc) {
  // The weights in file order (a later line for a key replaces an earlier one): ~42,000 of them are
  // read at every start-up, so without a map's node per weight or a string per line.
  std::vector<std::pair<uint32_t, float>> weights;
  std::vector<std::string> candidates, no_source, stems;
  float threshold = 0;
  // Lines "T <threshold>", "C <form>", "S <stem>", "N <form>", "W <hex key> <weight>"; anything else is skipped
  // (so the .inc file itself, comments and all, parses).
  ForEachTaggedLine(inc, [&](char tag, std::string_view rest) {
    if (tag == 'T') {
      threshold = std::strtof(std::string(rest).c_str(), nullptr);
    } else if (tag == 'C') {
      candidates.emplace_back(rest);
    } else if (tag == 'S') {
      stems.emplace_back(rest);
    } else if (tag == 'N') {
      no_source.emplace_back(rest);
    } else if (tag == 'W') {
      // "%08x %g" as quote_train writes it; a field that does not parse reads as 0.
      const char* p = rest.data();
      const char* end = rest.data() + rest.size();
      while (p < end && *p == ' ') ++p;
      uint32_t key = 0;
      p = std::from_chars(p, end, key, 16).ptr;
      while (p < end && *p == ' ') ++p;
      float weight = 0;
      std::from_chars(p, end, weight);
      weights.emplace_back(key, weight);
    }
  });
  if (weights.empty()) return false;
  SetWeights(weights);
  SetForms(std::move(candidates), threshold, std::move(no_source), std::move(stems));
  return true;
}

namespace {
// The committed model of type T, parsed once on first use and never freed.
template <typename T>
const T& ParsedOnce(std::string_view text) {
  static const T* parsed = [text] {
    auto* t = new T();
    t->Parse(text);
    return t;
  }();
  return *parsed;
}
}  // namespace

const Model& Model::Default() { return ParsedOnce<Model>(kQuoteModelText); }

const Model& Active() { return g_override ? *g_override : Model::Default(); }
void OverrideModel(const Model* m) { g_override = m; }


bool CueFilter::Parse(std::string_view inc) {
  weights_.clear();
  ForEachTaggedLine(inc, [&](char tag, std::string_view rest) {
    float x = 0;
    const char* end = std::from_chars(rest.data(), rest.data() + rest.size(), x).ptr;
    if (tag == 'L') {
      floor_ = x;
    } else if (tag == 'B') {
      threshold_ = x;
    } else if (tag == 'F' && end < rest.data() + rest.size()) {
      weights_[Hash(std::string_view(end + 1, rest.data() + rest.size() - end - 1))] += x;
    }
  });
  return !weights_.empty();
}

float CueFilter::Score(const std::vector<std::string>& features) const {
  float s = -threshold_;
  for (const std::string& f : features) s += Weight(Hash(f));
  return s;
}

const CueFilter& CueFilter::Default() { return ParsedOnce<CueFilter>(kQuoteFilterText); }

const CueFilter& ActiveFilter() { return g_filter_override ? *g_filter_override : CueFilter::Default(); }
void OverrideFilter(const CueFilter* f) { g_filter_override = f; }
std::vector<CueRecord>* CueLog() { return g_cue_log; }
void SetCueLog(std::vector<CueRecord>* log) { g_cue_log = log; }

}  // namespace storyline::facts::quote_model
