// Byte streams for ingest: files, memory, and streaming gzip / LZ4 decoders,
// with a buffered reader on top (lines, exact reads, push-back). Internal to
// the ingest stage.
//
// A stream that fails (truncated or corrupt compressed data, an I/O error)
// returns what it decoded before the failure, then 0, and says why in
// status(). Compressed offsets in messages count bytes of the compressed input.
#ifndef STORYLINE_INGEST_STREAM_H_
#define STORYLINE_INGEST_STREAM_H_

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "storyline/status.h"

namespace storyline::ingest {

class ByteStream {
 public:
  virtual ~ByteStream() = default;
  // Reads up to `n` bytes into `buf`; 0 means end of stream or failure.
  virtual size_t Read(char* buf, size_t n) = 0;
  // OK at a clean end of stream; the failure otherwise.
  virtual const Status& status() const { return status_; }

 protected:
  Status status_;
};

// A file (or stdin when `path` is "-").
class FileStream : public ByteStream {
 public:
  static Result<std::unique_ptr<FileStream>> Open(const std::string& path);
  ~FileStream() override;
  size_t Read(char* buf, size_t n) override;

 private:
  FileStream(std::FILE* f, bool owned) : file_(f), owned_(owned) {}
  std::FILE* file_;
  bool owned_;
};

class MemoryStream : public ByteStream {
 public:
  explicit MemoryStream(std::string_view data) : data_(data) {}
  size_t Read(char* buf, size_t n) override;

 private:
  std::string_view data_;
};

// The compression a stream's first bytes announce.
enum class Compression { kNone, kGzip, kLz4 };
Compression DetectCompression(std::string_view first_bytes);

// Decodes gzip (RFC 1952), any number of concatenated members (a .warc.gz has
// one per record). Zero padding after the last member is ignored.
std::unique_ptr<ByteStream> MakeGzipStream(ByteStream& source);
// Decodes LZ4 frames (any number of concatenated frames).
std::unique_ptr<ByteStream> MakeLz4Stream(ByteStream& source);

// Buffered reading over a stream.
class BufferedReader {
 public:
  explicit BufferedReader(ByteStream& source) : source_(source) {}

  // Makes at least `n` bytes available if the stream has them; returns how
  // many are available.
  size_t Fill(size_t n);
  // The available bytes (call Fill first).
  std::string_view Peek() const { return std::string_view(buf_).substr(pos_); }
  bool AtEnd() { return Fill(1) == 0; }

  // Reads one line (without its "\n" or "\r\n"). Returns false at end of
  // stream. A line longer than `max` bytes is cut: `*too_long` is set and the
  // rest of the line is skipped.
  bool ReadLine(std::string& line, size_t max, bool* too_long = nullptr);
  // Appends up to `n` bytes to `out`; returns how many were appended.
  size_t Read(std::string& out, size_t n);
  // Skips bytes up to the next line that begins with `prefix` (or to the end);
  // returns true when such a line was found (it is left unread).
  bool SkipToLineStartingWith(std::string_view prefix);
  void Skip(size_t n);
  // Puts `data` back in front of the unread bytes.
  void Unread(std::string_view data);

  // Bytes consumed so far.
  uint64_t offset() const { return offset_; }
  const Status& status() const { return source_.status(); }

 private:
  void Compact();
  ByteStream& source_;
  std::string buf_;
  size_t pos_ = 0;
  uint64_t offset_ = 0;
  bool eof_ = false;
};

// Reads a whole stream, refusing more than `limit` bytes. A stream failure
// after some bytes is returned in `*failure` (the bytes before it are kept).
Result<std::string> ReadAll(ByteStream& stream, size_t limit, Status* failure);

// Decompresses a whole gzip (or zlib / raw deflate when `deflate`) buffer,
// keeping at most `limit` bytes. On failure returns what was decoded before it
// and the failure in `*failure`.
std::string Inflate(std::string_view data, size_t limit, bool deflate, Status* failure);

}  // namespace storyline::ingest

#endif  // STORYLINE_INGEST_STREAM_H_
