// The learned cue model of the quote finder. See quote_model.h.
#include "facts/quote_model.h"

#include <atomic>
#include <cstdlib>

namespace storyline::facts::quote_model {
namespace {

#include "facts/quote_model.inc"  // kQuoteModelText

bool IsAlnum(unsigned char c) { return (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z'); }

bool At(std::string_view t, size_t i, std::string_view s) { return t.compare(i, s.size(), s) == 0; }

// Punctuation class of the multi-byte mark at t[i] and its length; 0 when t[i] starts no such mark.
size_t Mark(std::string_view t, size_t i, char* kind) {
  unsigned char c = t[i];
  if (c == 0xE2 && i + 2 < t.size() && static_cast<unsigned char>(t[i + 1]) == 0x80) {
    unsigned char d = t[i + 2];
    if (d == 0x9C || d == 0x9D || d == 0x9E || d == 0x98 || d == 0x99) *kind = '"';
    else if (d >= 0x90 && d <= 0x95) *kind = '-';
    else if (d == 0xA6) *kind = '.';
    else if ((d >= 0x80 && d <= 0x8F) || d == 0xAF || d == 0xA8 || d == 0xA9) *kind = ' ';
    else *kind = '?';
    return 3;
  }
  if (c == 0xC2 && i + 1 < t.size()) {
    unsigned char d = t[i + 1];
    if (d == 0xAB || d == 0xBB) { *kind = '"'; return 2; }
    if (d == 0xA0) { *kind = ' '; return 2; }
  }
  return 0;
}

bool WordByte(std::string_view t, size_t i) {
  unsigned char c = t[i];
  if (c < 0x80) return IsAlnum(c) || c == '$' || c == '%' || c == '&' || c == '@' || c == '#';
  char k;
  return Mark(t, i, &k) == 0;
}

size_t Utf8Len(unsigned char c) { return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4; }

const Model* g_override = nullptr;

}  // namespace

uint32_t Hash(std::string_view s, uint32_t h) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 16777619u;
  }
  return h;
}

void Tokenize(std::string_view t, size_t b, size_t e, std::vector<Token>* out) {
  size_t i = b;
  while (i < e) {
    unsigned char c = t[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++i;
      continue;
    }
    auto push = [&](size_t len, char kind) {
      out->push_back(Token{static_cast<uint32_t>(i), static_cast<uint32_t>(i + len), kind});
      i += len;
    };
    if (c == '"') { push(1, '"'); continue; }
    if ((c == '`' && At(t, i, "``")) || (c == '\'' && At(t, i, "''"))) { push(2, '"'); continue; }
    if (c == '-' && At(t, i, "--")) { push(2, '-'); continue; }
    if (c >= 0x80) {
      char k;
      if (size_t n = Mark(t, i, &k)) {
        if (k == ' ') i += n;
        else push(n, k);
        continue;
      }
    }
    if (WordByte(t, i)) {
      size_t j = i;
      while (j < e) {
        if (WordByte(t, j)) {
          j += Utf8Len(static_cast<unsigned char>(t[j]));
          continue;
        }
        unsigned char d = t[j];
        size_t skip = 0;
        if (d == '\'' || d == '-' || d == '.' || d == '/') skip = 1;
        else if (d == ',' && t[j - 1] >= '0' && t[j - 1] <= '9') skip = 1;
        else if (d == 0xE2 && At(t, j, "\u2019")) skip = 3;
        if (skip && j + skip < e && WordByte(t, j + skip) && (d != ',' || (t[j + 1] >= '0' && t[j + 1] <= '9'))) {
          j += skip;
          continue;
        }
        break;
      }
      push(j - i, 'w');
      continue;
    }
    if (c < 0x80) push(1, static_cast<char>(c));
    else i += Utf8Len(c);
  }
}

void Features(std::string_view text, std::string_view lower, size_t b, size_t e, std::vector<uint32_t>* out) {
  constexpr size_t kReach = 120;
  // A window of whole tokens around the word, within its line.
  size_t wb = b > kReach ? b - kReach : 0;
  for (size_t i = b; i > wb; --i)
    if (text[i - 1] == '\n') {
      wb = i;
      break;
    }
  if (wb > 0 && text[wb - 1] != '\n')
    while (wb < b && text[wb] != ' ') ++wb;
  size_t we = std::min(text.size(), e + kReach);
  for (size_t i = e; i < we; ++i)
    if (text[i] == '\n') {
      we = i;
      break;
    }
  if (we < text.size() && text[we] != '\n')
    while (we > e && text[we - 1] != ' ') --we;
  thread_local std::vector<Token> toks;
  toks.clear();
  Tokenize(text, wb, b, &toks);
  const size_t n_prev = toks.size();
  Tokenize(text, e, we, &toks);
  auto form = [&](long k) -> std::string_view {
    if (k < 0) return "^";
    if (k >= static_cast<long>(toks.size())) return "$";
    const Token& t = toks[k];
    if (t.kind == 'w') return lower.substr(t.b, t.e - t.b);
    return std::string_view(&t.kind, 1);
  };
  auto shape = [&](long k) -> std::string_view {
    if (k < 0) return "^";
    if (k >= static_cast<long>(toks.size())) return "$";
    const Token& t = toks[k];
    if (t.kind != 'w') return std::string_view(&t.kind, 1);
    unsigned char c = text[t.b];
    if (c >= 'A' && c <= 'Z') return "C";
    if (c >= '0' && c <= '9') return "9";
    return "l";
  };
  const long p1 = static_cast<long>(n_prev) - 1, p2 = p1 - 1, n1 = static_cast<long>(n_prev), n2 = n1 + 1;
  const std::string_view w = lower.substr(b, e - b);
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
  unsigned char c0 = text[b];
  if (c0 >= 'A' && c0 <= 'Z') f1("cap", w);
  bool qb = false, qa = false, comma_b = false;
  for (long k = p1; k >= 0 && k > p1 - 6; --k) {
    qb |= toks[k].kind == '"';
    comma_b |= toks[k].kind == ',';
  }
  for (long k = n1; k < static_cast<long>(toks.size()) && k < n1 + 6; ++k) qa |= toks[k].kind == '"';
  if (qb) f1("qb", w);
  if (qa) f1("qa", w);
  if (qb) out->push_back(Hash("qb"));
  if (qa) out->push_back(Hash("qa"));
  if (comma_b) f1("cb", w);
}

float Model::Score(std::string_view text, std::string_view lower, size_t b, size_t e) const {
  thread_local std::vector<uint32_t> feats;
  feats.clear();
  Features(text, lower, b, e, &feats);
  float s = 0;
  for (uint32_t h : feats) {
    auto it = weights_.find(h);
    if (it != weights_.end()) s += it->second;
  }
  return s;
}

void Model::Set(std::unordered_map<uint32_t, float> weights, std::vector<std::string> candidates, float threshold,
                std::vector<std::string> no_source) {
  weights_ = std::move(weights);
  candidate_store_ = std::move(candidates);
  candidates_.clear();
  for (const std::string& c : candidate_store_) candidates_.insert(c);
  no_source_store_ = std::move(no_source);
  no_source_.clear();
  for (const std::string& c : no_source_store_) no_source_.insert(c);
  threshold_ = threshold;
}

bool Model::Parse(std::string_view inc) {
  std::unordered_map<uint32_t, float> weights;
  std::vector<std::string> candidates, no_source;
  float threshold = 0;
  // Lines "T <threshold>", "C <form>", "N <form>", "W <hex key> <weight>"; anything else is skipped
  // (so the .inc file itself, comments and all, parses).
  size_t pos = 0;
  while (pos < inc.size()) {
    size_t nl = inc.find('\n', pos);
    if (nl == std::string_view::npos) nl = inc.size();
    std::string_view line = inc.substr(pos, nl - pos);
    pos = nl + 1;
    if (line.size() < 3 || line[1] != ' ') continue;
    std::string rest(line.substr(2));
    if (line[0] == 'T') {
      threshold = std::strtof(rest.c_str(), nullptr);
    } else if (line[0] == 'C') {
      candidates.push_back(rest);
    } else if (line[0] == 'N') {
      no_source.push_back(rest);
    } else if (line[0] == 'W') {
      char* end = nullptr;
      uint32_t key = static_cast<uint32_t>(std::strtoul(rest.c_str(), &end, 16));
      weights[key] = std::strtof(end, nullptr);
    }
  }
  if (weights.empty()) return false;
  Set(std::move(weights), std::move(candidates), threshold, std::move(no_source));
  return true;
}

const Model& Model::Default() {
  static const Model* m = [] {
    auto* model = new Model();
    model->Parse(kQuoteModelText);
    return model;
  }();
  return *m;
}

const Model& Active() { return g_override ? *g_override : Model::Default(); }
void OverrideModel(const Model* m) { g_override = m; }

}  // namespace storyline::facts::quote_model
