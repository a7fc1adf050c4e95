// WARC reader: response (and text/html resource) records to kHtmlPage
// Documents, streaming record by record so crawl files of any size are read
// in bounded memory.

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>

#include "internal.h"
#include "charset.h"
#include "storyline/text.h"
#include "stream.h"

namespace storyline::ingest {
namespace {

constexpr size_t kMaxHeaderLine = 64 << 10;
constexpr size_t kMaxHeaderLines = 1000;



using Headers = std::map<std::string, std::string>;  // lower-case name -> value

// Parses "Name: value" lines (continuation lines start with a space or tab).
void ParseHeaderLines(std::string_view block, Headers& headers) {
  std::string last;
  size_t start = 0;
  while (start < block.size()) {
    size_t nl = block.find('\n', start);
    size_t end = nl == std::string_view::npos ? block.size() : nl;
    std::string_view line = block.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    start = end + 1;
    if (line.empty()) continue;
    if ((line[0] == ' ' || line[0] == '\t') && !last.empty()) {
      headers[last] += " ";
      headers[last] += TrimSpace(line);
      continue;
    }
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    last = LowerAscii(TrimSpace(line.substr(0, colon)));
    std::string value(TrimSpace(line.substr(colon + 1)));
    auto [it, inserted] = headers.emplace(last, value);
    if (!inserted && !value.empty()) it->second += ", " + value;
  }
}

std::string Get(const Headers& h, const char* key) {
  auto it = h.find(key);
  return it == h.end() ? std::string() : it->second;
}

bool HasToken(std::string_view value, std::string_view token) {
  return LowerAscii(value).find(token) != std::string::npos;
}

// Decodes an HTTP chunked body. nullopt when `body` does not start like one
// (Common Crawl keeps the header but stores the body de-chunked).
std::optional<std::string> Dechunk(std::string_view body, std::string* warning) {
  std::string out;
  size_t pos = 0;
  bool first = true;
  while (pos < body.size()) {
    size_t nl = body.find('\n', pos);
    if (nl == std::string_view::npos || nl - pos > 1024) {
      if (first) return std::nullopt;
      *warning = fmt::format("chunked body broken at byte {}: kept the {} bytes before", pos, out.size());
      return out;
    }
    std::string_view line = TrimSpace(body.substr(pos, nl - pos));
    line = line.substr(0, line.find(';'));
    uint64_t size = 0;
    auto [ptr, ec] = std::from_chars(line.data(), line.data() + line.size(), size, 16);
    if (ec != std::errc() || ptr != line.data() + line.size() || line.empty()) {
      if (first) return std::nullopt;
      *warning = fmt::format("chunked body broken at byte {}: kept the {} bytes before", pos, out.size());
      return out;
    }
    first = false;
    pos = nl + 1;
    if (size == 0) return out;
    if (size > body.size() - pos) {
      out.append(body.substr(pos));
      *warning = "chunked body truncated";
      return out;
    }
    out.append(body.substr(pos, size));
    pos += size;
    if (pos < body.size() && body[pos] == '\r') ++pos;
    if (pos < body.size() && body[pos] == '\n') ++pos;
  }
  return out;
}

bool LooksLikeHtml(std::string_view body) {
  std::string head = LowerAscii(body.substr(0, 1024));
  return head.find("<html") != std::string::npos || head.find("<!doctype html") != std::string::npos ||
         head.find("<head") != std::string::npos || head.find("<body") != std::string::npos;
}

struct Counts {
  size_t records = 0, pages = 0;
  std::map<std::string, size_t> skipped;  // why -> how many
  size_t errors = 0;
};

class WarcReader {
 public:
  WarcReader(const std::string& name, ByteStream& stream, const Options& options, const Sink& sink)
      : name_(name), in_(stream), options_(options), sink_(sink) {}

  void Run() {
    std::string line;
    bool reported_junk = false;
    for (;;) {
      // Blank lines between records.
      while (in_.Fill(1) && (in_.Peek()[0] == '\r' || in_.Peek()[0] == '\n')) in_.Skip(1);
      if (in_.AtEnd()) break;
      uint64_t start = in_.offset();
      in_.Fill(5);
      if (!in_.Peek().starts_with("WARC/")) {
        in_.Fill(size_t{1} << 16);
        // Garbage a failing decompressor let through is the stream's error, reported after.
        if (!reported_junk && in_.status().ok()) {
          Error(fmt::format("byte {}: not a WARC record (no \"WARC/\" version line): skipped to the next record",
                            start));
          reported_junk = true;
        }
        in_.Skip(1);
        if (!in_.SkipToLineStartingWith("WARC/")) break;
        continue;
      }
      reported_junk = false;
      ++counts_.records;
      if (!ReadRecord(start)) {
        if (!in_.SkipToLineStartingWith("WARC/")) break;
      }
    }
    if (!in_.status().ok() && !stream_error_reported_)
      Error(fmt::format("after record {}: {}", counts_.records, in_.status().message()));
    Summarise();
  }

 private:
  // Reads one record starting at `start`. False when it was corrupt and the
  // reader must look for the next version line.
  bool ReadRecord(uint64_t start) {
    const size_t number = counts_.records;
    auto where = [&] { return fmt::format("record {} at byte {}", number, start); };
    std::string line, header_block;
    bool too_long = false;
    in_.ReadLine(line, 64, &too_long);  // the version line
    size_t lines = 0;
    for (;;) {
      if (!in_.ReadLine(line, kMaxHeaderLine, &too_long)) {
        Error(fmt::format("{}: truncated inside the record header{}", where(), StreamSuffix()));
        return false;
      }
      if (line.empty()) break;
      if (too_long || ++lines > kMaxHeaderLines) {
        Error(fmt::format("{}: corrupt header (a line over {} bytes or over {} lines)", where(), kMaxHeaderLine,
                          kMaxHeaderLines));
        return false;
      }
      header_block += line;
      header_block += '\n';
    }
    Headers warc;
    ParseHeaderLines(header_block, warc);
    std::string cl_text = Get(warc, "content-length");
    uint64_t length = 0;
    auto [ptr, ec] = std::from_chars(cl_text.data(), cl_text.data() + cl_text.size(), length);
    if (cl_text.empty() || ec != std::errc() || ptr != cl_text.data() + cl_text.size()) {
      Error(fmt::format("{}: bad Content-Length \"{}\": skipped to the next record", where(), cl_text));
      return false;
    }
    size_t limit = options_.max_input_bytes;
    if (length > limit) {
      Error(fmt::format("{}: Content-Length {} is over the limit of {} bytes: skipped to the next record", where(),
                        length, limit));
      return false;
    }
    std::string block;
    block.reserve(std::min<uint64_t>(length, size_t{1} << 24));
    size_t got = in_.Read(block, length);
    if (got < length) {
      Error(fmt::format("{}: truncated: Content-Length is {} bytes, the stream ends after {}{}", where(), length,
                        got, StreamSuffix()));
      Resync(block);
      return true;
    }
    // The block must be followed by the record end (CRLF CRLF) and then the
    // next record or the end of the stream; else Content-Length is wrong.
    size_t newlines = 0;
    while (newlines < 4 && in_.Fill(1) && (in_.Peek()[0] == '\r' || in_.Peek()[0] == '\n')) {
      in_.Skip(1);
      ++newlines;
    }
    in_.Fill(5);
    std::string_view next = in_.Peek();
    // (Bytes a failing decompressor let through before it noticed are not
    // evidence against this record: the stream error is reported after it.)
    if (!next.empty() && !next.starts_with("WARC/") && in_.status().ok()) {
      Error(fmt::format("{}: no record boundary after its Content-Length of {} bytes (the length is wrong): "
                        "record skipped",
                        where(), length));
      if (Resync(block)) return true;
      return false;
    }
    Process(warc, block, number);
    return true;
  }

  // After a record whose Content-Length overran the next record: re-reads from
  // the first "WARC/" version line inside the block. True when found.
  bool Resync(std::string_view block) {
    for (size_t at = block.find("\nWARC/"); at != std::string_view::npos; at = block.find("\nWARC/", at + 1)) {
      if (at + 6 < block.size() && block[at + 6] >= '0' && block[at + 6] <= '9') {
        in_.Unread(block.substr(at + 1));
        return true;
      }
    }
    return false;
  }

  std::string StreamSuffix() {
    if (in_.status().ok()) return {};
    stream_error_reported_ = true;
    return fmt::format(" ({})", in_.status().message());
  }

  void Skip(const std::string& why) { ++counts_.skipped[why]; }

  void Process(const Headers& warc, std::string_view block, size_t number) {
    std::string type = LowerAscii(Get(warc, "warc-type"));
    std::string content_type = LowerAscii(Get(warc, "content-type"));
    std::string_view body = block;
    std::string http_content_type;
    std::string http_charset;
    std::string decoded_storage;
    std::vector<std::string> warnings;
    if (type == "response") {
      if (!std::string_view(block).starts_with("HTTP/")) {
        Skip(content_type.find("dns") != std::string::npos ? "dns responses" : "non-HTTP responses");
        return;
      }
      // The HTTP header ends at the first empty line (CRLF CRLF, or LF LF in
      // ClueWeb files).
      size_t crlf = block.find("\r\n\r\n"), lf = block.find("\n\n");
      size_t end, skip;
      if (crlf != std::string_view::npos && (lf == std::string_view::npos || crlf < lf)) {
        end = crlf, skip = 4;
      } else if (lf != std::string_view::npos) {
        end = lf, skip = 2;
      } else {
        end = block.size(), skip = 0;
      }
      std::string_view head = block.substr(0, end);
      body = block.substr(std::min(block.size(), end + skip));
      std::string_view status_line = head.substr(0, head.find('\n'));
      int code = 0;
      {
        size_t sp = status_line.find(' ');
        if (sp != std::string_view::npos) {
          std::string_view c = TrimSpace(status_line.substr(sp + 1, 4));
          std::from_chars(c.data(), c.data() + c.size(), code);
        }
      }
      if (code >= 300 && code < 400) return Skip("redirects");
      if (code != 200 && code != 203) return Skip("non-200 responses");
      Headers http;
      ParseHeaderLines(head.substr(std::min(head.size(), status_line.size() + 1)), http);
      http_content_type = Get(http, "content-type");
      http_charset = CharsetParameter(http_content_type);
      std::string te = Get(http, "transfer-encoding");
      if (HasToken(te, "chunked")) {
        std::string warning;
        if (auto d = Dechunk(body, &warning)) {
          decoded_storage = std::move(*d);
          body = decoded_storage;
          if (!warning.empty()) warnings.push_back(warning);
        }
      }
      std::string ce = LowerAscii(Get(http, "content-encoding"));
      bool gzip_magic = DetectCompression(body) == Compression::kGzip;
      if (HasToken(ce, "gzip") || gzip_magic) {
        if (gzip_magic) {  // else already decoded by the crawler (Common Crawl, ClueWeb)
          Status failure;
          std::string d = Inflate(body, options_.max_input_bytes, false, &failure);
          if (!failure.ok()) warnings.push_back("HTTP body: " + failure.message() + ": kept what decoded");
          decoded_storage = std::move(d);
          body = decoded_storage;
        }
      } else if (HasToken(ce, "deflate") && !LooksLikeHtml(body)) {
        Status failure;
        std::string d = Inflate(body, options_.max_input_bytes, true, &failure);
        if (!failure.ok()) warnings.push_back("HTTP body: " + failure.message());
        decoded_storage = std::move(d);
        body = decoded_storage;
      } else if ((HasToken(ce, "br") || HasToken(ce, "zstd")) && !LooksLikeHtml(body)) {
        Error(fmt::format("record {}: Content-Encoding \"{}\" is not supported", number, ce));
        return;
      }
      std::string mime = LowerAscii(TrimSpace(http_content_type.substr(0, http_content_type.find(';'))));
      bool html = mime == "text/html" || mime == "application/xhtml+xml" || (mime.empty() && LooksLikeHtml(body));
      if (!html) return Skip("non-HTML responses");
    } else if (type == "resource" || type == "conversion") {
      std::string mime = LowerAscii(TrimSpace(content_type.substr(0, content_type.find(';'))));
      if (mime != "text/html" && mime != "application/xhtml+xml") return Skip("non-HTML " + type + " records");
      http_charset = CharsetParameter(content_type);
    } else {
      return Skip((type.empty() ? std::string("untyped") : type) + " records");
    }
    if (TrimSpace(body).empty()) return Skip("empty responses");
    if (!body.starts_with("\xFF\xFE") && !body.starts_with("\xFE\xFF") && text::LooksBinary(body))
      return Skip("binary bodies");

    std::string input = fmt::format("{}:record {}", name_, number);
    // A body decoded here (dechunked, inflated) is handed over whole.
    const bool owned = !decoded_storage.empty() && body.data() == decoded_storage.data() &&
                       body.size() == decoded_storage.size();
    Document doc = owned ? MakeHtmlDocument(input, std::move(decoded_storage), http_charset, options_)
                         : MakeHtmlDocument(input, body, http_charset, options_);
    std::string id = Get(warc, "warc-record-id");
    std::string_view idv = TrimSpace(id);
    if (idv.starts_with('<') && idv.ends_with('>')) idv = idv.substr(1, idv.size() - 2);
    if (idv.starts_with("urn:uuid:")) idv.remove_prefix(9);
    doc.article.id = idv.empty() ? fmt::format("{}-{}", InputStem(name_), number) : std::string(idv);
    std::string uri = Get(warc, "warc-target-uri");
    std::string_view uriv = TrimSpace(uri);
    if (uriv.starts_with('<') && uriv.ends_with('>')) uriv = uriv.substr(1, uriv.size() - 2);
    if (!uriv.empty()) doc.article.url = std::string(uriv);
    doc.fetched = Get(warc, "warc-date");
    for (auto& w : warnings) doc.warnings.insert(doc.warnings.begin(), input + ": " + w);
    ++counts_.pages;
    sink_.document(std::move(doc));
  }

  void Error(std::string message) {
    ++counts_.errors;
    sink_.error({name_, Status::BadInput(std::move(message))});
  }

  void Summarise() {
    std::string skipped;
    size_t total = 0;
    for (const auto& [why, n] : counts_.skipped) {
      skipped += fmt::format("{}{} {}", skipped.empty() ? "" : ", ", n, why);
      total += n;
    }
    if (counts_.pages == 0 && counts_.errors == 0) {
      sink_.error({name_, Status::NotFound(fmt::format("no HTML response records among {} WARC records{}",
                                                       counts_.records,
                                                       skipped.empty() ? "" : " (" + skipped + ")"))});
      return;
    }
    if (total)
      sink_.warning(name_, fmt::format("{} WARC records: {} pages read, {} skipped ({})", counts_.records,
                                       counts_.pages, total, skipped));
  }

  const std::string& name_;
  BufferedReader in_;
  const Options& options_;
  const Sink& sink_;
  Counts counts_;
  bool stream_error_reported_ = false;
};

}  // namespace

void ReadWarc(const std::string& name, ByteStream& stream, const Options& options, const Sink& sink) {
  WarcReader(name, stream, options, sink).Run();
}

}  // namespace storyline::ingest
