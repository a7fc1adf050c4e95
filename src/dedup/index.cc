// The streaming dedup index: MinHash signatures in LSH band tables, and
// winnowed shingle anchors for partial copies. See storyline/dedup.h; the file
// format is in docs/FORMATS.md ("dedup index").

#include <fmt/format.h>
#include <xxhash.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <unordered_map>

#include "storyline/dedup.h"

namespace storyline::dedup {
namespace {

// A bucket chain longer than this is a phrase every document has (a site's
// boilerplate, a common quote): walking it would cost without telling much.
constexpr size_t kMaxChainWalk = 512;

// Anchors of a fingerprint by winnowing (Schleimer et al. 2003): the smallest
// shingle hash of every window of `window` shingles, each position once. Any
// run of window + shingle_words - 1 shared words shares an anchor.
std::vector<uint32_t> Anchors(const Fingerprint& fp, size_t window) {
  std::vector<uint32_t> out;
  const auto& h = fp.shingles;
  if (window == 0 || h.empty()) return out;
  if (h.size() <= window) {
    out.push_back(static_cast<uint32_t>(*std::min_element(h.begin(), h.end()) >> 32));
    return out;
  }
  // Monotonic queue of positions whose hashes increase: its front is the
  // window's rightmost minimum. Linear in the number of shingles.
  std::vector<size_t> queue(h.size());
  size_t head = 0, tail = 0;
  size_t last = SIZE_MAX;
  for (size_t i = 0; i < h.size(); ++i) {
    while (tail > head && h[queue[tail - 1]] >= h[i]) --tail;
    queue[tail++] = i;
    if (queue[head] + window <= i) ++head;
    if (i + 1 >= window && queue[head] != last) {
      last = queue[head];
      out.push_back(static_cast<uint32_t>(h[last] >> 32));
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Chained hash buckets over entries numbered 0..n-1: `heads[bucket]` and
// `next[entry]` hold entry + 1 (0 ends a chain). Buckets store no keys: a walk
// checks each entry's key, which the caller can recompute or look up. Kept at
// least as many buckets as entries, so chains stay short.
struct Chains {
  std::vector<uint32_t> heads;
  std::vector<uint32_t> next;

  static size_t Bucket(uint32_t key, size_t mask) { return (key * 0x85EBCA6Bu) & mask; }

  // Appends entry next.size() under `key`; `key_of(e)` recomputes the key of
  // an earlier entry when the buckets grow.
  template <typename KeyOf>
  void Push(uint32_t key, const KeyOf& key_of) {
    if (next.size() + 1 > heads.size()) {
      heads.assign(std::max<size_t>(1024, heads.size() * 2), 0);
      size_t mask = heads.size() - 1;
      for (size_t e = 0; e < next.size(); ++e) {
        size_t b = Bucket(key_of(e), mask);
        next[e] = heads[b];
        heads[b] = static_cast<uint32_t>(e + 1);
      }
    }
    size_t b = Bucket(key, heads.size() - 1);
    next.push_back(heads[b]);
    heads[b] = static_cast<uint32_t>(next.size());
  }
  uint32_t Head(uint32_t key) const { return heads.empty() ? 0 : heads[Bucket(key, heads.size() - 1)]; }
  size_t Bytes() const { return (heads.capacity() + next.capacity()) * sizeof(uint32_t); }
};

void WriteU32(std::string& out, uint32_t v) { out.append(reinterpret_cast<const char*>(&v), 4); }
void WriteU64(std::string& out, uint64_t v) { out.append(reinterpret_cast<const char*>(&v), 8); }
void WriteF64(std::string& out, double v) { out.append(reinterpret_cast<const char*>(&v), 8); }

// Reads little-endian fields from a byte range, remembering the first failure.
class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  template <typename T>
  T Get() {
    T v{};
    if (pos_ + sizeof(T) > data_.size()) {
      ok_ = false;
      return v;
    }
    std::memcpy(&v, data_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return v;
  }
  std::string_view Bytes(size_t n) {
    if (pos_ + n > data_.size()) {
      ok_ = false;
      return {};
    }
    std::string_view v = data_.substr(pos_, n);
    pos_ += n;
    return v;
  }
  bool ok() const { return ok_; }
  bool at_end() const { return pos_ == data_.size(); }

 private:
  std::string_view data_;
  size_t pos_ = 0;
  bool ok_ = true;
};

// Version 2: signature values re-mixed before they are cut to 16 bits
// (fingerprint.cc); a version 1 file's signatures cannot be compared with them.
constexpr char kMagic[8] = {'S', 'L', 'D', 'E', 'D', 'U', 'P', '2'};
constexpr char kMagicV1[8] = {'S', 'L', 'D', 'E', 'D', 'U', 'P', '1'};

}  // namespace

struct Index::Impl {
  using Candidate = Index::Candidate;
  Options options;
  std::vector<std::string> ids;
  std::vector<uint16_t> signatures;     // doc * num_hashes + i
  std::vector<uint64_t> content_hashes;
  // LSH: entry doc * bands + band, keyed by the band's hash (recomputed from
  // the signature, so no key is stored).
  Chains lsh;
  // Passage anchors: entries appended document by document; anchor_begin[doc]
  // is the document's first entry, so an entry's document is found by search.
  std::vector<uint32_t> anchor_keys;
  Chains anchors;
  std::vector<uint32_t> anchor_begin;

  explicit Impl(const Options& o) : options(o) {}

  uint32_t BandKey(const uint16_t* sig, size_t band) const {
    return static_cast<uint32_t>(XXH3_64bits_withSeed(sig + band * options.rows,
                                                       options.rows * sizeof(uint16_t), band));
  }
  const uint16_t* SignatureOf(size_t doc) const { return signatures.data() + doc * options.num_hashes(); }
  uint32_t EntryKey(size_t entry) const { return BandKey(SignatureOf(entry / options.bands), entry % options.bands); }
  uint32_t AnchorDoc(size_t entry) const {
    auto it = std::upper_bound(anchor_begin.begin(), anchor_begin.end(), static_cast<uint32_t>(entry));
    return static_cast<uint32_t>(it - anchor_begin.begin() - 1);
  }

  std::vector<Candidate> Query(uint64_t content_hash, const Signature& signature,
                               const std::vector<uint32_t>& anchor_query) const {
    const size_t k = options.num_hashes();
    // Hits as (doc, from_lsh) pairs, counted after sorting: cheaper than a
    // hash map for the handful of candidates a news article has.
    std::vector<std::pair<uint32_t, bool>> hits;
    if (signature.size() == k && content_hash != 0) {
      for (size_t b = 0; b < options.bands; ++b) {
        uint32_t key = BandKey(signature.data(), b);
        size_t walked = 0;
        for (uint32_t e = lsh.Head(key); e && walked < kMaxChainWalk; e = lsh.next[e - 1]) {
          size_t entry = e - 1;
          if (entry % options.bands != b || EntryKey(entry) != key) continue;
          ++walked;
          hits.push_back({static_cast<uint32_t>(entry / options.bands), true});
        }
      }
    }
    for (uint32_t key : anchor_query) {
      size_t walked = 0;
      for (uint32_t e = anchors.Head(key); e && walked < kMaxChainWalk; e = anchors.next[e - 1]) {
        if (anchor_keys[e - 1] != key) continue;
        ++walked;
        hits.push_back({AnchorDoc(e - 1), false});
      }
    }
    std::sort(hits.begin(), hits.end());
    std::vector<Candidate> out;
    for (size_t i = 0; i < hits.size();) {
      Candidate c{};
      c.doc = hits[i].first;
      for (; i < hits.size() && hits[i].first == c.doc; ++i) {
        if (hits[i].second) c.lsh = true;
        else ++c.shared_anchors;
      }
      c.exact_duplicate = content_hashes[c.doc] == content_hash && content_hash != 0;
      if (!c.lsh && c.shared_anchors < 2 && !c.exact_duplicate) continue;
      if (signature.size() == k) {
        const uint16_t* other = SignatureOf(c.doc);
        size_t equal = 0;
        for (size_t j = 0; j < k; ++j) equal += signature[j] == other[j];
        c.estimated = static_cast<double>(equal) / static_cast<double>(k);
      }
      out.push_back(c);
    }
    std::sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) {
      return a.estimated != b.estimated ? a.estimated > b.estimated : a.doc < b.doc;
    });
    return out;
  }

  uint32_t Add(std::string_view id, const std::vector<uint32_t>& keys, uint64_t content_hash, const uint16_t* sig) {
    uint32_t doc = static_cast<uint32_t>(ids.size());
    ids.emplace_back(id);
    ids.back().shrink_to_fit();
    signatures.insert(signatures.end(), sig, sig + options.num_hashes());
    content_hashes.push_back(content_hash);
    for (size_t b = 0; b < options.bands; ++b)
      lsh.Push(BandKey(sig, b), [this](size_t e) { return EntryKey(e); });
    anchor_begin.push_back(static_cast<uint32_t>(anchor_keys.size()));
    for (uint32_t key : keys) {
      anchor_keys.push_back(key);
      anchors.Push(key, [this](size_t e) { return anchor_keys[e]; });
    }
    return doc;
  }
};

Index::Index(const Options& options) : impl_(std::make_unique<Impl>(options)) {}
Index::~Index() = default;
Index::Index(Index&&) noexcept = default;
Index& Index::operator=(Index&&) noexcept = default;

size_t Index::size() const { return impl_->ids.size(); }
const std::string& Index::id(uint32_t doc) const { return impl_->ids.at(doc); }
const Options& Index::options() const { return impl_->options; }

uint32_t Index::Add(std::string_view id, const Fingerprint& fingerprint, const Signature& signature) {
  return impl_->Add(id, Anchors(fingerprint, impl_->options.anchor_window), fingerprint.content_hash,
                    signature.data());
}

std::vector<Index::Candidate> Index::Query(const Fingerprint& fingerprint, const Signature& signature) const {
  return impl_->Query(fingerprint.content_hash, signature, Anchors(fingerprint, impl_->options.anchor_window));
}

std::vector<Index::Candidate> Index::Insert(std::string_view id, const Fingerprint& fingerprint,
                                            const Signature& signature) {
  std::vector<uint32_t> anchors = Anchors(fingerprint, impl_->options.anchor_window);
  std::vector<Candidate> out = impl_->Query(fingerprint.content_hash, signature, anchors);
  impl_->Add(id, anchors, fingerprint.content_hash, signature.data());
  return out;
}

size_t Index::MemoryBytes() const {
  const Impl& m = *impl_;
  size_t bytes = sizeof(Impl);
  for (const auto& id : m.ids) bytes += sizeof(std::string) + (id.size() > 15 ? id.capacity() + 1 : 0);
  bytes += m.signatures.capacity() * sizeof(uint16_t);
  bytes += m.content_hashes.capacity() * sizeof(uint64_t);
  bytes += m.lsh.Bytes() + m.anchors.Bytes();
  bytes += (m.anchor_keys.capacity() + m.anchor_begin.capacity()) * sizeof(uint32_t);
  return bytes;
}

std::string Index::Serialize() const {
  const Impl& m = *impl_;
  const Options& o = m.options;
  std::string out(kMagic, sizeof kMagic);
  WriteU32(out, static_cast<uint32_t>(o.shingle_words));
  WriteU32(out, static_cast<uint32_t>(o.bands));
  WriteU32(out, static_cast<uint32_t>(o.rows));
  WriteF64(out, o.near_threshold);
  WriteU32(out, static_cast<uint32_t>(o.anchor_window));
  WriteU32(out, static_cast<uint32_t>(o.min_span_words));
  WriteU32(out, static_cast<uint32_t>(o.min_quote_words));
  WriteU64(out, o.seed);
  WriteU64(out, m.ids.size());
  const size_t k = o.num_hashes();
  for (size_t doc = 0; doc < m.ids.size(); ++doc) {
    WriteU32(out, static_cast<uint32_t>(m.ids[doc].size()));
    out += m.ids[doc];
    WriteU64(out, m.content_hashes[doc]);
    out.append(reinterpret_cast<const char*>(m.signatures.data() + doc * k), k * sizeof(uint16_t));
    size_t begin = m.anchor_begin[doc];
    size_t end = doc + 1 < m.anchor_begin.size() ? m.anchor_begin[doc + 1] : m.anchor_keys.size();
    WriteU32(out, static_cast<uint32_t>(end - begin));
    for (size_t e = begin; e < end; ++e) WriteU32(out, m.anchor_keys[e]);
  }
  WriteU64(out, XXH3_64bits(out.data(), out.size()));
  return out;
}

Result<Index> Index::Deserialize(std::string_view data) {
  auto bad = [](std::string_view why) { return Status::BadInput(fmt::format("not a dedup index: {}", why)); };
  if (data.size() >= sizeof kMagicV1 && std::memcmp(data.data(), kMagicV1, sizeof kMagicV1) == 0)
    return bad("written by an older version (SLDEDUP1) whose signatures differ: build it again with --save-index");
  if (data.size() < sizeof kMagic + 8 || std::memcmp(data.data(), kMagic, sizeof kMagic) != 0)
    return bad("wrong magic bytes");
  uint64_t stored;
  std::memcpy(&stored, data.data() + data.size() - 8, 8);
  if (XXH3_64bits(data.data(), data.size() - 8) != stored) return bad("checksum mismatch (truncated or corrupt)");

  Reader r(data.substr(sizeof kMagic, data.size() - sizeof kMagic - 8));
  Options o;
  o.shingle_words = r.Get<uint32_t>();
  o.bands = r.Get<uint32_t>();
  o.rows = r.Get<uint32_t>();
  o.near_threshold = r.Get<double>();
  o.anchor_window = r.Get<uint32_t>();
  o.min_span_words = r.Get<uint32_t>();
  o.min_quote_words = r.Get<uint32_t>();
  o.seed = r.Get<uint64_t>();
  if (!r.ok()) return bad("truncated header");
  if (Status s = o.Check(); !s.ok()) return bad(s.message());
  uint64_t count = r.Get<uint64_t>();
  Index index(o);
  const size_t k = o.num_hashes();
  std::vector<uint32_t> anchor_keys;
  for (uint64_t doc = 0; doc < count && r.ok(); ++doc) {
    uint32_t len = r.Get<uint32_t>();
    std::string_view id = r.Bytes(len);
    uint64_t content = r.Get<uint64_t>();
    std::string_view sig_bytes = r.Bytes(k * sizeof(uint16_t));
    uint32_t anchors = r.Get<uint32_t>();
    std::string_view anchor_bytes = r.Bytes(size_t{anchors} * sizeof(uint32_t));
    if (!r.ok()) break;
    anchor_keys.resize(anchors);
    std::memcpy(anchor_keys.data(), anchor_bytes.data(), anchor_bytes.size());
    std::vector<uint16_t> sig(k);
    std::memcpy(sig.data(), sig_bytes.data(), sig_bytes.size());
    index.impl_->Add(id, anchor_keys, content, sig.data());
  }
  if (!r.ok() || !r.at_end()) return bad("record structure does not match its header");
  return index;
}

Status Index::Save(const std::string& path) const {
  std::string out = Serialize();
  std::string tmp = path + ".tmp";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) return Status::IoError(fmt::format("{}: cannot write: {}", tmp, std::strerror(errno)));
  bool ok = std::fwrite(out.data(), 1, out.size(), f) == out.size();
  ok = (std::fclose(f) == 0) && ok;
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return Status::IoError(fmt::format("{}: cannot write the index", path));
  }
  return Status::Ok();
}

Result<Index> Index::Load(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return Status::NotFound(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  std::string data;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) data.append(buf, n);
  std::fclose(f);
  Result<Index> index = Deserialize(data);
  if (!index.ok()) return Status(index.status().code(), fmt::format("{}: {}", path, index.status().message()));
  return index;
}

}  // namespace storyline::dedup
