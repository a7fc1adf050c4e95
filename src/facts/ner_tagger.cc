// The entity tagger's model: loading, decoding (ner_tagger.h).
#include "facts/ner_tagger.h"

#include <algorithm>
#include <cstring>
#include <unordered_map>

namespace storyline::facts::ner {
namespace {

#include "facts/ner_model.inc"  // kNerModelBase64

template <typename T>
bool Read(std::string_view blob, size_t* pos, T* out) {
  if (*pos + sizeof(T) > blob.size()) return false;
  std::memcpy(out, blob.data() + *pos, sizeof(T));
  *pos += sizeof(T);
  return true;
}

template <typename T>
void Write(std::string* out, T v) {
  out->append(reinterpret_cast<const char*>(&v), sizeof(T));
}

}  // namespace

std::string Model::Serialize(const Lexicon& lexicon, const std::vector<int16_t>& transitions,
                             const std::vector<uint32_t>& keys, const std::vector<int16_t>& weights) {
  std::string out = "NER1";
  Write<uint32_t>(&out, static_cast<uint32_t>(lexicon.size()));
  lexicon.ForEach([&](uint32_t k, uint8_t v) {
    Write<uint32_t>(&out, k);
    Write<uint8_t>(&out, v);
  });
  for (int16_t t : transitions) Write<int16_t>(&out, t);
  Write<uint32_t>(&out, static_cast<uint32_t>(keys.size()));
  for (uint32_t k : keys) Write<uint32_t>(&out, k);
  for (int16_t w : weights) Write<int16_t>(&out, w);
  return out;
}

bool Model::Load(std::string_view blob) {
  if (blob.substr(0, 4) != "NER1") return false;
  size_t pos = 4;
  uint32_t n_lex;
  if (!Read(blob, &pos, &n_lex)) return false;
  lexicon_.Clear();
  for (uint32_t i = 0; i < n_lex; ++i) {
    uint32_t k;
    uint8_t v;
    if (!Read(blob, &pos, &k) || !Read(blob, &pos, &v)) return false;
    lexicon_.Add(k, v);
  }
  transitions_.assign((kNumTags + 1) * kNumTags, 0);
  for (auto& t : transitions_) {
    int16_t v;
    if (!Read(blob, &pos, &v)) return false;
    t = v;
  }
  uint32_t n;
  if (!Read(blob, &pos, &n)) return false;
  if (pos + static_cast<size_t>(n) * (4 + 2 * kNumTags) != blob.size()) return false;
  num_features_ = n;
  size_t cap = 1024;
  while (cap < 3 * static_cast<size_t>(n) / 2) cap <<= 1;
  mask_ = cap - 1;
  slots_.assign(cap, Slot{});
  filter_.Clear();
  const char* keys = blob.data() + pos;
  const char* weights = keys + 4 * static_cast<size_t>(n);
  for (uint32_t r = 0; r < n; ++r) {
    uint32_t k;
    std::memcpy(&k, keys + 4 * static_cast<size_t>(r), 4);
    size_t i = (k * 0x9E3779B1u) & mask_;
    while (slots_[i].key != 0 && slots_[i].key != k) i = (i + 1) & mask_;
    slots_[i].key = k;
    filter_.Add(k);
    std::memcpy(slots_[i].w, weights + static_cast<size_t>(r) * kNumTags * 2, kNumTags * 2);
  }
  return true;
}

void Model::Tag(const FeatureBuffer& fb, const std::vector<uint32_t>& starts, std::vector<uint8_t>* tags,
                const std::vector<char>* wanted) const {
  const size_t n = fb.offsets.empty() ? 0 : fb.offsets.size() - 1;
  tags->assign(n, 0);
  if (n == 0) return;
  thread_local std::vector<int32_t> emis, work;
  thread_local std::vector<uint8_t> back;
  emis.assign(n * kNumTags, 0);
  constexpr uint32_t kAhead = 12;
  const uint32_t total = fb.offsets[n];
  for (uint32_t j = 0; j < std::min(kAhead, total); ++j) Prefetch(fb.feats[j]);
  for (size_t i = 0; i < n; ++i) {
    int32_t acc[kNumTags] = {0};
    for (uint32_t j = fb.offsets[i]; j < fb.offsets[i + 1]; ++j) {
      if (j + kAhead < total) Prefetch(fb.feats[j + kAhead]);
      const int16_t* w = Find(fb.feats[j]);
      if (!w) continue;
      for (int t = 0; t < kNumTags; ++t) acc[t] += w[t];
    }
    std::memcpy(&emis[i * kNumTags], acc, sizeof(acc));
  }
  for (size_t s = 0; s < starts.size(); ++s) {
    if (wanted && !(*wanted)[s]) continue;
    size_t b = starts[s], e = s + 1 < starts.size() ? starts[s + 1] : n;
    if (e > b) Viterbi<int32_t>(&emis[b * kNumTags], transitions_.data(), e - b, tags->data() + b, &work, &back);
  }
}

const Model& DefaultModel() {
  static const Model* model = [] {
    auto* m = new Model;
    std::string_view b64(kNerModelBase64, sizeof(kNerModelBase64) - 1);
    if (!m->Load(DecodeBase64(b64))) m->Load(Model::Serialize(Lexicon(), std::vector<int16_t>((kNumTags + 1) * kNumTags, 0), {}, {}));
    return m;
  }();
  return *model;
}

namespace {

// Tags of sentences tagged before, keyed by everything they depend on (see
// TagDocument): each token's length, bytes and document context. Cleared
// when it outgrows kMaxBytes, so a long-running process keeps it bounded:
// the server tags on each of its worker threads, so the bound is paid once
// per thread (4 MiB holds the distinct sentences of a 500-article story).
class SentenceTags {
 public:
  // The key of sentence [b, e) of `doc` (after extractor.Analyze).
  static void Key(const Document& doc, const FeatureExtractor& extractor, size_t b, size_t e, std::string* key) {
    key->clear();
    for (size_t i = b; i < e; ++i) {
      std::string_view t = doc.tokens[i];
      uint32_t len = static_cast<uint32_t>(t.size());
      key->append(reinterpret_cast<const char*>(&len), sizeof(len));
      key->append(t);
      key->push_back(static_cast<char>(extractor.DocumentContext(i)));
    }
  }
  const std::string* Find(const std::string& key) const {
    auto it = tags_.find(key);
    return it == tags_.end() ? nullptr : &it->second;
  }
  void Clear() {
    tags_.clear();
    bytes_ = 0;
  }
  void Insert(const std::string& key, const uint8_t* tags, size_t n) {
    if (bytes_ + key.size() + n > kMaxBytes) Clear();
    if (tags_.emplace(key, std::string(reinterpret_cast<const char*>(tags), n)).second) bytes_ += key.size() + n;
  }

 private:
  static constexpr size_t kMaxBytes = size_t{4} << 20;
  std::unordered_map<std::string, std::string> tags_;
  size_t bytes_ = 0;
};

// The calling thread's tagged sentences.
SentenceTags& KnownSentences() {
  thread_local SentenceTags known;
  return known;
}

}  // namespace

void ForgetTaggedSentences() { KnownSentences().Clear(); }

void TagDocument(const Document& doc, std::vector<uint8_t>* tags) {
  thread_local FeatureExtractor extractor;
  thread_local FeatureBuffer buffer;
  SentenceTags& known = KnownSentences();
  thread_local std::vector<std::string> keys;
  thread_local std::vector<const std::string*> found;
  thread_local std::vector<char> wanted;
  const Model& model = DefaultModel();
  const std::vector<uint32_t>& starts = doc.sentence_starts;
  const size_t n = doc.tokens.size();
  extractor.Analyze(doc);
  keys.resize(starts.size());
  found.assign(starts.size(), nullptr);
  wanted.assign(starts.size(), 1);
  for (size_t s = 0; s < starts.size(); ++s) {
    size_t b = starts[s], e = s + 1 < starts.size() ? starts[s + 1] : n;
    SentenceTags::Key(doc, extractor, b, e, &keys[s]);
    found[s] = known.Find(keys[s]);
    wanted[s] = found[s] == nullptr;
  }
  extractor.Emit(doc, model.lexicon(), &wanted, &buffer);
  model.Tag(buffer, starts, tags, &wanted);
  // Copies first: an insertion may clear the cache the found tags live in.
  for (size_t s = 0; s < starts.size(); ++s)
    if (found[s]) std::memcpy(tags->data() + starts[s], found[s]->data(), found[s]->size());
  for (size_t s = 0; s < starts.size(); ++s) {
    if (found[s]) continue;
    size_t b = starts[s], e = s + 1 < starts.size() ? starts[s + 1] : n;
    known.Insert(keys[s], tags->data() + b, e - b);
  }
}

namespace {
constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
}

std::string EncodeBase64(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t v = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8) | uint8_t(in[i + 2]);
    out += kB64[v >> 18];
    out += kB64[(v >> 12) & 63];
    out += kB64[(v >> 6) & 63];
    out += kB64[v & 63];
  }
  if (i < in.size()) {
    uint32_t v = uint8_t(in[i]) << 16;
    if (i + 1 < in.size()) v |= uint8_t(in[i + 1]) << 8;
    out += kB64[v >> 18];
    out += kB64[(v >> 12) & 63];
    out += i + 1 < in.size() ? kB64[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string DecodeBase64(std::string_view in) {
  int8_t table[256];
  std::memset(table, -1, sizeof(table));
  for (int i = 0; i < 64; ++i) table[static_cast<uint8_t>(kB64[i])] = static_cast<int8_t>(i);
  std::string out;
  out.reserve(in.size() / 4 * 3);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    int8_t v = table[static_cast<uint8_t>(c)];
    if (v < 0) continue;  // '=', newlines
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return out;
}

}  // namespace storyline::facts::ner
