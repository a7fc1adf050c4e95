// Byte streams: files, memory, gzip and LZ4 decoders, buffered reading.

#include "stream.h"

#include <fmt/format.h>
#include <libdeflate.h>
#include <lz4frame.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <vector>

namespace storyline::ingest {
namespace {

constexpr size_t kChunk = size_t{1} << 16;

class GzipStream : public ByteStream {
 public:
  explicit GzipStream(ByteStream& source) : source_(source), in_(kChunk) {
    std::memset(&z_, 0, sizeof z_);
    if (inflateInit2(&z_, 15 + 16) != Z_OK) {
      status_ = Status::IoError("cannot initialise zlib");
      done_ = true;
    } else {
      initialised_ = true;
    }
  }
  ~GzipStream() override {
    if (initialised_) inflateEnd(&z_);
  }

  size_t Read(char* buf, size_t n) override {
    if (done_ || n == 0) return 0;
    z_.next_out = reinterpret_cast<Bytef*>(buf);
    z_.avail_out = static_cast<uInt>(std::min<size_t>(n, 1u << 30));
    while (z_.avail_out > 0) {
      if (z_.avail_in == 0) {
        if (!Refill()) break;
      }
      if (!in_member_) {
        // A new member must start with the gzip magic; zero padding after
        // the last member is tolerated.
        if (z_.avail_in < 2 && !source_eof_) {
          if (!Refill()) break;
          continue;
        }
        if (z_.next_in[0] != 0x1f || (z_.avail_in >= 2 && z_.next_in[1] != 0x8b)) {
          if (AllZero()) {
            done_ = true;
            break;
          }
          Fail(fmt::format("data after gzip member {} at compressed byte {} is not gzip", members_,
                           consumed()));
          break;
        }
        in_member_ = true;
      }
      int ret = inflate(&z_, Z_NO_FLUSH);
      if (ret == Z_STREAM_END) {
        ++members_;
        in_member_ = false;
        inflateReset(&z_);
        continue;
      }
      if (ret == Z_BUF_ERROR) {
        if (z_.avail_in == 0) continue;  // needs more input
        break;                           // needs more output
      }
      if (ret != Z_OK) {
        Fail(fmt::format("corrupt gzip data at compressed byte {}: {}", consumed(),
                         z_.msg ? z_.msg : zError(ret)));
        break;
      }
    }
    return n - z_.avail_out;
  }

 private:
  uint64_t consumed() const { return read_ - z_.avail_in; }

  // Loads more compressed input; false at the end of the source.
  bool Refill() {
    if (source_eof_) {
      if (in_member_ && z_.avail_in == 0)
        Fail(fmt::format("truncated gzip stream: it ends inside member {} at compressed byte {}",
                         members_ + 1, consumed()));
      else if (z_.avail_in == 0)
        done_ = true;
      return false;
    }
    // Keep unconsumed bytes at the front.
    size_t keep = z_.avail_in;
    if (keep) std::memmove(in_.data(), z_.next_in, keep);
    size_t got = source_.Read(reinterpret_cast<char*>(in_.data()) + keep, in_.size() - keep);
    if (got == 0) {
      source_eof_ = true;
      if (!source_.status().ok()) {
        Fail(fmt::format("read failed at compressed byte {}: {}", consumed(), source_.status().message()));
        return false;
      }
      z_.next_in = in_.data();
      z_.avail_in = static_cast<uInt>(keep);
      if (keep) return true;
      return Refill();
    }
    read_ += got;
    z_.next_in = in_.data();
    z_.avail_in = static_cast<uInt>(keep + got);
    return true;
  }

  bool AllZero() {
    for (;;) {
      for (uInt i = 0; i < z_.avail_in; ++i)
        if (z_.next_in[i] != 0) return false;
      z_.avail_in = 0;
      if (source_eof_) return true;
      size_t got = source_.Read(reinterpret_cast<char*>(in_.data()), in_.size());
      if (got == 0) return source_.status().ok();
      read_ += got;
      z_.next_in = in_.data();
      z_.avail_in = static_cast<uInt>(got);
    }
  }

  void Fail(std::string message) {
    status_ = Status::BadInput(std::move(message));
    done_ = true;
  }

  ByteStream& source_;
  z_stream z_;
  std::vector<Bytef> in_;
  uint64_t read_ = 0;  // compressed bytes read from the source
  int members_ = 0;
  bool in_member_ = false;
  bool source_eof_ = false;
  bool done_ = false;
  bool initialised_ = false;
};

class Lz4Stream : public ByteStream {
 public:
  explicit Lz4Stream(ByteStream& source) : source_(source), in_(kChunk) {
    if (LZ4F_isError(LZ4F_createDecompressionContext(&ctx_, LZ4F_VERSION))) {
      status_ = Status::IoError("cannot initialise lz4");
      done_ = true;
    }
  }
  ~Lz4Stream() override {
    if (ctx_) LZ4F_freeDecompressionContext(ctx_);
  }

  size_t Read(char* buf, size_t n) override {
    size_t produced = 0;
    while (!done_ && produced < n) {
      if (in_pos_ == in_len_) {
        in_len_ = source_.Read(in_.data(), in_.size());
        in_pos_ = 0;
        if (in_len_ == 0) {
          if (!source_.status().ok())
            Fail(fmt::format("read failed at compressed byte {}: {}", consumed_, source_.status().message()));
          else if (in_frame_)
            Fail(fmt::format("truncated lz4 stream: it ends inside frame {} at compressed byte {}", frames_ + 1,
                             consumed_));
          done_ = true;
          break;
        }
      }
      size_t dst = n - produced, src = in_len_ - in_pos_;
      size_t hint = LZ4F_decompress(ctx_, buf + produced, &dst, in_.data() + in_pos_, &src, nullptr);
      if (LZ4F_isError(hint)) {
        Fail(fmt::format("corrupt lz4 data at compressed byte {}: {}", consumed_, LZ4F_getErrorName(hint)));
        break;
      }
      in_pos_ += src;
      consumed_ += src;
      produced += dst;
      if (src > 0) in_frame_ = true;
      if (hint == 0) {
        in_frame_ = false;
        ++frames_;
      }
      if (src == 0 && dst == 0) break;
    }
    return produced;
  }

 private:
  void Fail(std::string message) {
    status_ = Status::BadInput(std::move(message));
    done_ = true;
  }
  ByteStream& source_;
  LZ4F_dctx* ctx_ = nullptr;
  std::vector<char> in_;
  size_t in_pos_ = 0, in_len_ = 0;
  uint64_t consumed_ = 0;
  int frames_ = 0;
  bool in_frame_ = false;
  bool done_ = false;
};

}  // namespace

Result<std::unique_ptr<FileStream>> FileStream::Open(const std::string& path) {
  if (path == "-") return std::unique_ptr<FileStream>(new FileStream(stdin, false));
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return Status::IoError(fmt::format("cannot open: {}", std::strerror(errno)));
  return std::unique_ptr<FileStream>(new FileStream(f, true));
}

FileStream::~FileStream() {
  if (owned_) std::fclose(file_);
}

size_t FileStream::Read(char* buf, size_t n) {
  size_t got = std::fread(buf, 1, n, file_);
  if (got == 0 && std::ferror(file_))
    status_ = Status::IoError(fmt::format("read failed: {}", std::strerror(errno)));
  return got;
}

size_t MemoryStream::Read(char* buf, size_t n) {
  n = std::min(n, data_.size());
  std::memcpy(buf, data_.data(), n);
  data_.remove_prefix(n);
  return n;
}

Compression DetectCompression(std::string_view b) {
  if (b.size() >= 2 && static_cast<unsigned char>(b[0]) == 0x1f && static_cast<unsigned char>(b[1]) == 0x8b)
    return Compression::kGzip;
  if (b.size() >= 4 && b.substr(0, 4) == std::string_view("\x04\x22\x4d\x18", 4)) return Compression::kLz4;
  return Compression::kNone;
}

std::unique_ptr<ByteStream> MakeGzipStream(ByteStream& source) { return std::make_unique<GzipStream>(source); }
std::unique_ptr<ByteStream> MakeLz4Stream(ByteStream& source) { return std::make_unique<Lz4Stream>(source); }

void BufferedReader::Compact() {
  if (pos_ > 0 && (pos_ == buf_.size() || pos_ >= (size_t{1} << 20))) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
}

size_t BufferedReader::Fill(size_t n) {
  while (buf_.size() - pos_ < n && !eof_) {
    Compact();
    size_t old = buf_.size();
    size_t want = std::max(kChunk, n - (old - pos_));
    buf_.resize(old + want);
    size_t got = source_.Read(buf_.data() + old, want);
    buf_.resize(old + got);
    if (got == 0) eof_ = true;
  }
  return buf_.size() - pos_;
}

bool BufferedReader::ReadLine(std::string& line, size_t max, bool* too_long) {
  line.clear();
  if (too_long) *too_long = false;
  size_t scanned = 0;
  for (;;) {
    size_t avail = Fill(scanned + 1);
    if (avail == 0) return false;
    std::string_view v = Peek();
    size_t nl = v.find('\n', scanned);
    if (nl != std::string_view::npos) {
      std::string_view l = v.substr(0, nl);
      if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
      if (l.size() > max) {
        if (too_long) *too_long = true;
        l = l.substr(0, max);
      }
      line.assign(l);
      Skip(nl + 1);
      return true;
    }
    if (avail > max + 1) {
      // Cut: keep `max` bytes, skip to the end of the line.
      if (too_long) *too_long = true;
      line.assign(v.substr(0, max));
      for (;;) {
        std::string_view rest = Peek();
        size_t end = rest.find('\n');
        if (end != std::string_view::npos) {
          Skip(end + 1);
          return true;
        }
        Skip(rest.size());
        if (Fill(1) == 0) return true;
      }
    }
    if (avail == scanned) {  // end of stream: the last line has no newline
      std::string_view l = v;
      if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
      line.assign(l);
      Skip(avail);
      return true;
    }
    scanned = avail;
  }
}

size_t BufferedReader::Read(std::string& out, size_t n) {
  size_t total = 0;
  while (total < n) {
    size_t avail = Fill(1);
    if (avail == 0) break;
    size_t take = std::min(avail, n - total);
    out.append(buf_, pos_, take);
    Skip(take);
    total += take;
  }
  return total;
}

bool BufferedReader::SkipToLineStartingWith(std::string_view prefix) {
  bool at_line_start = true;
  for (;;) {
    size_t avail = Fill(prefix.size() + 1);
    if (avail == 0) return false;
    std::string_view v = Peek();
    if (at_line_start && v.substr(0, prefix.size()) == prefix) return true;
    if (avail < prefix.size()) {  // too short to hold it: the end
      Skip(avail);
      return false;
    }
    size_t nl = v.find('\n');
    if (nl == std::string_view::npos) {
      Skip(v.size());
      at_line_start = false;
    } else {
      Skip(nl + 1);
      at_line_start = true;
    }
  }
}

void BufferedReader::Skip(size_t n) {
  n = std::min(n, buf_.size() - pos_);
  pos_ += n;
  offset_ += n;
}

void BufferedReader::Unread(std::string_view data) {
  buf_.replace(0, pos_, data);
  pos_ = 0;
  offset_ -= data.size();
}

Result<std::string> ReadAll(ByteStream& stream, size_t limit, Status* failure) {
  std::string data;
  for (;;) {
    size_t old = data.size();
    data.resize(old + kChunk);
    size_t got = stream.Read(data.data() + old, kChunk);
    data.resize(old + got);
    if (data.size() > limit)
      return Status::TooLarge(fmt::format("over the limit of {} bytes", limit));
    if (got == 0) break;
  }
  if (!stream.status().ok()) *failure = stream.status();
  return data;
}

namespace {

// One whole gzip member decoded in a single call by libdeflate (about twice
// zlib's speed), into a buffer sized from the member's ISIZE trailer. Returns
// false, leaving the work to the streaming decoder (which also names any
// error precisely), for anything else: several members, trailing bytes, a
// corrupt or truncated member, or a size over `limit`.
bool InflateWholeMember(std::string_view data, size_t limit, std::string* out) {
  if (data.size() < 18) return false;
  const auto* t = reinterpret_cast<const unsigned char*>(data.data() + data.size() - 4);
  size_t isize = size_t{t[0]} | size_t{t[1]} << 8 | size_t{t[2]} << 16 | size_t{t[3]} << 24;
  // Deflate expands at most ~1032:1; a larger ISIZE is garbage (a truncated file).
  if (isize > limit || isize / 1032 > data.size()) return false;
  struct Free {
    void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
  };
  thread_local std::unique_ptr<libdeflate_decompressor, Free> decompressor(libdeflate_alloc_decompressor());
  if (!decompressor) return false;
  out->resize(isize);
  size_t in_used = 0, out_used = 0;
  libdeflate_result r = libdeflate_gzip_decompress_ex(decompressor.get(), data.data(), data.size(), out->data(),
                                                      out->size(), &in_used, &out_used);
  if (r != LIBDEFLATE_SUCCESS || in_used != data.size() || out_used != isize) {
    out->clear();
    return false;
  }
  return true;
}

}  // namespace

std::string Inflate(std::string_view data, size_t limit, bool deflate, Status* failure) {
  if (!deflate) {
    std::string whole;
    if (InflateWholeMember(data, limit, &whole)) return whole;
    MemoryStream mem(data);
    auto gz = MakeGzipStream(mem);
    std::string out;
    char buf[1 << 15];
    for (;;) {
      size_t got = gz->Read(buf, sizeof buf);
      if (got == 0) break;
      out.append(buf, got);
      if (out.size() > limit) {
        out.resize(limit);
        *failure = Status::TooLarge(fmt::format("decompresses to more than {} bytes", limit));
        return out;
      }
    }
    if (!gz->status().ok()) *failure = gz->status();
    return out;
  }
  // "deflate" is zlib-wrapped by the standard, raw deflate in practice: try both.
  for (int bits : {15, -15}) {
    z_stream z;
    std::memset(&z, 0, sizeof z);
    if (inflateInit2(&z, bits) != Z_OK) break;
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    std::string out;
    char buf[1 << 15];
    int ret;
    do {
      z.next_out = reinterpret_cast<Bytef*>(buf);
      z.avail_out = sizeof buf;
      ret = inflate(&z, Z_NO_FLUSH);
      out.append(buf, sizeof buf - z.avail_out);
      if (out.size() > limit) {
        ret = Z_MEM_ERROR;
        break;
      }
    } while (ret == Z_OK);
    inflateEnd(&z);
    if (ret == Z_STREAM_END) return out;
    if (bits == -15) {
      *failure = Status::BadInput(fmt::format("corrupt deflate data at byte {}", data.size() - z.avail_in));
      return out;
    }
  }
  return {};
}

}  // namespace storyline::ingest
