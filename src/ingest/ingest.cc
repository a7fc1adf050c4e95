// Ingest: files, directories and stdin to Documents. See storyline/ingest.h.

#include "storyline/ingest.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <set>
#include <unordered_map>

#include "charset.h"
#include "internal.h"
#include "storyline/text.h"
#include "stream.h"

namespace storyline::ingest {
namespace {

namespace fs = std::filesystem;

// A paragraph (line) longer than this is not news prose: it is refused rather
// than fed to stages that work sentence by sentence.
constexpr size_t kMaxLineBytes = size_t{1} << 20;

enum class Format { kPlainText, kJsonLines };



std::string WithoutCompression(std::string_view name);

std::string StemOf(std::string_view name) {
  if (name == "-") return "stdin";
  return fs::path(WithoutCompression(name)).stem().string();
}

bool HasExtension(const fs::path& p, std::initializer_list<const char*> exts) {
  std::string ext = LowerAscii(p.extension().string());
  for (const char* e : exts)
    if (ext == e) return true;
  return false;
}

// Splits "A, B and C" into names.
std::vector<std::string> SplitAuthors(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    std::string_view t = TrimSpace(cur);
    if (t.size() >= 3 && (t.substr(0, 3) == "By " || t.substr(0, 3) == "by ")) t.remove_prefix(3);
    if (!t.empty()) out.emplace_back(t);
    cur.clear();
  };
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ',' || s[i] == ';' || s[i] == '|') {
      flush();
    } else if (s.compare(i, 5, " and ") == 0) {
      flush();
      i += 4;
    } else if (s.compare(i, 3, " & ") == 0) {
      flush();
      i += 2;
    } else {
      cur += s[i];
    }
  }
  flush();
  return out;
}

bool HasUnicodeBom(std::string_view b) {
  return b.starts_with("\xFF\xFE") || b.starts_with("\xFE\xFF") ||
         b.starts_with(std::string_view("\x00\x00\xFE\xFF", 4));
}

// Checks the bytes every format shares: not empty, not binary, no monster
// line; decodes them to UTF-8 (text in another charset is decoded with a
// warning in `*warnings`, each prefixed with `name`). Returns the text to parse
// (BOM removed, display-normalised).
Result<text::Normalized> CheckAndNormalize(std::string_view bytes, const Options& options, std::string_view name = {},
                                      std::vector<std::string>* warnings = nullptr,
                                      std::string* charset = nullptr) {
  if (bytes.size() > options.max_input_bytes)
    return Status::TooLarge(fmt::format("{} bytes, over the limit of {} bytes", bytes.size(),
                                        options.max_input_bytes));
  if (TrimSpace(bytes).empty()) return Status::BadInput("empty input: no text");
  bool bom = HasUnicodeBom(bytes);
  if (!bom && text::LooksBinary(bytes)) return Status::BadInput("binary data, not text");
  std::string decoded_storage;
  if (bom || text::FindInvalidUtf8(bytes)) {
    if (!warnings) {  // callers without a warning channel keep the strict rule
      auto bad = text::FindInvalidUtf8(bytes);
      return Status::BadInput(fmt::format("invalid UTF-8 at byte offset {}", bad.value_or(0)));
    }
    Decoded d = DecodeToUtf8(bytes, "", false);
    for (auto& w : d.warnings) warnings->push_back(fmt::format("{}: {}", name, w));
    if (charset) *charset = d.charset;
    decoded_storage = std::move(d.text);
    bytes = decoded_storage;
    if (TrimSpace(bytes).empty()) return Status::BadInput("empty input: no text");
  }
  size_t line_start = 0;
  while (line_start < bytes.size()) {
    size_t nl = bytes.find('\n', line_start);
    size_t end = nl == std::string_view::npos ? bytes.size() : nl;
    if (end - line_start > kMaxLineBytes)
      return Status::TooLarge(fmt::format(
          "line at byte offset {} is {} bytes long (limit {}): not article text", line_start,
          end - line_start, kMaxLineBytes));
    line_start = end + 1;
  }
  // Display normalisation only: NFC, unified newlines and spaces, invisible
  // characters dropped. Quotes and dashes are kept as the outlet wrote them.
  text::NormalizeOptions display;
  display.fold_quotes = false;
  display.fold_dashes = false;
  display.fold_ellipsis = false;
  return text::Normalize(bytes, display);
}

// Metadata fields shared by JSONL records and .txt sidecars.
struct Fields {
  std::optional<std::string> id, url, outlet, title, published, language, text;
  std::optional<std::vector<std::string>> authors;
};

Status ReadString(simdjson::ondemand::value value, std::string_view key, std::optional<std::string>& out) {
  simdjson::ondemand::json_type type;
  if (value.type().get(type)) return Status::BadInput(fmt::format("field \"{}\": unreadable value", key));
  switch (type) {
    case simdjson::ondemand::json_type::string: {
      std::string_view s;
      if (value.get_string().get(s)) return Status::BadInput(fmt::format("field \"{}\": bad string", key));
      out = std::string(s);
      return Status::Ok();
    }
    case simdjson::ondemand::json_type::number: {
      std::string_view raw = TrimSpace(value.raw_json_token());
      out = std::string(raw);
      return Status::Ok();
    }
    case simdjson::ondemand::json_type::null:
      return Status::Ok();
    default:
      return Status::BadInput(fmt::format("field \"{}\" must be a string", key));
  }
}

Result<Fields> ParseFields(std::string_view json) {
  Fields f;
  simdjson::ondemand::parser parser;
  simdjson::padded_string padded(json);
  simdjson::ondemand::document doc;
  if (auto err = parser.iterate(padded).get(doc))
    return Status::BadInput(fmt::format("not JSON: {}", simdjson::error_message(err)));
  simdjson::ondemand::object object;
  if (auto err = doc.get_object().get(object))
    return Status::BadInput(fmt::format("not a JSON object: {}", simdjson::error_message(err)));
  for (auto field : object) {
    std::string_view key;
    if (auto err = field.unescaped_key().get(key))
      return Status::BadInput(fmt::format("bad JSON: {}", simdjson::error_message(err)));
    std::string k = LowerAscii(key);
    simdjson::ondemand::value value;
    if (auto err = field.value().get(value))
      return Status::BadInput(fmt::format("bad JSON: {}", simdjson::error_message(err)));
    std::optional<std::string>* target = nullptr;
    if (k == "id") target = &f.id;
    else if (k == "url" || k == "link") target = &f.url;
    else if (k == "outlet" || k == "publisher" || k == "site_name" || k == "site") target = &f.outlet;
    else if (k == "title" || k == "headline") target = &f.title;
    else if (k == "published" || k == "date" || k == "published_at" || k == "publishing_date") target = &f.published;
    else if (k == "language" || k == "lang") target = &f.language;
    else if (k == "text" || k == "body" || k == "content") target = &f.text;
    if (target) {
      if (Status s = ReadString(value, key, *target); !s.ok()) return s;
      continue;
    }
    if (k == "authors" || k == "author" || k == "byline") {
      simdjson::ondemand::json_type type;
      if (value.type().get(type)) return Status::BadInput("field \"authors\": unreadable");
      std::vector<std::string> names;
      if (type == simdjson::ondemand::json_type::array) {
        for (auto item : value.get_array()) {
          std::string_view s;
          if (item.get_string().get(s)) return Status::BadInput("field \"authors\" must hold strings");
          if (!TrimSpace(s).empty()) names.emplace_back(TrimSpace(s));
        }
      } else if (type == simdjson::ondemand::json_type::string) {
        std::string_view s;
        if (value.get_string().get(s)) return Status::BadInput("field \"authors\": bad string");
        names = SplitAuthors(s);
      } else if (type != simdjson::ondemand::json_type::null) {
        return Status::BadInput("field \"authors\" must be a list or a string");
      }
      f.authors = std::move(names);
    }
    // Unknown fields are ignored: records from other tools carry extras.
  }
  return f;
}

void Apply(const Fields& f, Article& a) {
  if (f.id) a.id = *f.id;
  if (f.url) a.url = *f.url;
  if (f.outlet) a.outlet = *f.outlet;
  if (f.title) a.title = *f.title;
  if (f.published) a.published = *f.published;
  if (f.language) a.language = *f.language;
  if (f.authors) a.authors = *f.authors;
}

Article Defaults(const Options& options) {
  Article a;
  a.outlet = options.default_outlet;
  a.published = options.default_published;
  a.url = options.default_url;
  a.language = options.default_language;
  return a;
}

// Header keys a .txt file may state right after its title line.
enum class HeaderKey { kNone, kTitle, kOutlet, kPublished, kUrl, kAuthors, kLanguage, kId };

HeaderKey ParseHeaderKey(std::string_view key) {
  std::string k = LowerAscii(TrimSpace(key));
  if (k == "title" || k == "headline") return HeaderKey::kTitle;
  if (k == "outlet" || k == "publisher" || k == "site") return HeaderKey::kOutlet;
  if (k == "published" || k == "date" || k == "published at") return HeaderKey::kPublished;
  if (k == "url" || k == "link") return HeaderKey::kUrl;
  if (k == "author" || k == "authors" || k == "by") return HeaderKey::kAuthors;
  if (k == "language" || k == "lang") return HeaderKey::kLanguage;
  if (k == "id") return HeaderKey::kId;
  return HeaderKey::kNone;
}

// One "Key: value" header line, or nothing.
std::optional<std::pair<HeaderKey, std::string_view>> ParseHeaderLine(std::string_view line) {
  size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon > 16) return std::nullopt;
  HeaderKey key = ParseHeaderKey(line.substr(0, colon));
  if (key == HeaderKey::kNone) return std::nullopt;
  return std::make_pair(key, TrimSpace(line.substr(colon + 1)));
}

void ApplyHeader(HeaderKey key, std::string_view value, Article& a) {
  std::string v(value);
  switch (key) {
    case HeaderKey::kTitle: a.title = v; break;
    case HeaderKey::kOutlet: a.outlet = v; break;
    case HeaderKey::kPublished: a.published = v; break;
    case HeaderKey::kUrl: a.url = v; break;
    case HeaderKey::kAuthors: a.authors = SplitAuthors(value); break;
    case HeaderKey::kLanguage: a.language = v; break;
    case HeaderKey::kId: a.id = v; break;
    case HeaderKey::kNone: break;
  }
}

Result<std::string> ReadFile(const fs::path& path, const Options& options) {
  std::error_code ec;
  auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) return Status::NotFound("no such file or directory");
  if (!fs::is_regular_file(status)) return Status::BadInput("not a regular file");
  auto size = fs::file_size(path, ec);
  if (!ec && size > options.max_input_bytes)
    return Status::TooLarge(fmt::format("{} bytes, over the limit of {} bytes", size, options.max_input_bytes));
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return Status::IoError(fmt::format("cannot open: {}", std::strerror(errno)));
  std::string data;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
    data.append(buf, n);
    if (data.size() > options.max_input_bytes) {
      std::fclose(f);
      return Status::TooLarge(fmt::format("over the limit of {} bytes", options.max_input_bytes));
    }
  }
  bool failed = std::ferror(f);
  int err = errno;
  std::fclose(f);
  if (failed) return Status::IoError(fmt::format("read failed: {}", std::strerror(err)));
  return data;
}

// The name without a compression suffix: "a.html.gz" -> "a.html".
std::string WithoutCompression(std::string_view name) {
  std::string n(name);
  std::string lower = LowerAscii(n);
  for (const char* ext : {".gz", ".lz4"})
    if (lower.ends_with(ext) && lower.size() > std::strlen(ext)) return n.substr(0, n.size() - std::strlen(ext));
  return n;
}

bool StartsLikeHtml(std::string_view bytes) {
  std::string_view t = bytes.substr(0, 4096);
  if (t.starts_with("\xEF\xBB\xBF")) t.remove_prefix(3);
  t = TrimSpace(t);
  if (!t.starts_with("<")) return false;
  std::string head = LowerAscii(t.substr(0, 2048));
  for (const char* tag : {"<!doctype html", "<html", "<head", "<body", "<meta", "<title", "<div", "<p>",
                          "<p ", "<article", "<!--", "<link", "<script", "<h1"})
    if (head.find(tag) != std::string::npos) return true;
  return false;
}

enum class Kind { kPlainText, kJsonLines, kHtml, kFeed };

struct Detected {
  Kind kind;
  FeedKind feed = FeedKind::kRss;
};

// By name first where the name is specific, by content otherwise.
Detected DetectFormat(std::string_view name, std::string_view bytes) {
  fs::path p{WithoutCompression(name)};
  if (HasExtension(p, {".txt", ".text"})) return {Kind::kPlainText};
  if (HasExtension(p, {".jsonl", ".ndjson"})) return {Kind::kJsonLines};
  std::optional<FeedKind> feed = SniffFeed(bytes);
  if (HasExtension(p, {".json"})) {
    if (feed == FeedKind::kJsonFeed) return {Kind::kFeed, *feed};
    return {Kind::kJsonLines};
  }
  if (HasExtension(p, {".html", ".htm", ".xhtml", ".shtml"})) return {Kind::kHtml};
  if (feed) return {Kind::kFeed, *feed};
  if (StartsLikeHtml(bytes)) return {Kind::kHtml};
  if (HasExtension(p, {".xml", ".rss", ".atom", ".rdf"})) return {Kind::kFeed, FeedKind::kOtherXml};
  // By content: a first non-space character '{' means JSON lines.
  std::string_view t = TrimSpace(bytes.substr(0, 4096));
  if (t.size() >= 3 && t.substr(0, 3) == "\xEF\xBB\xBF") t.remove_prefix(3);
  return {!t.empty() && t.front() == '{' ? Kind::kJsonLines : Kind::kPlainText};
}

// A stream whose first bytes were already read (to sniff them).
class PrefixedStream : public ByteStream {
 public:
  PrefixedStream(std::string prefix, ByteStream& rest) : prefix_(std::move(prefix)), rest_(rest) {}
  size_t Read(char* buf, size_t n) override {
    if (pos_ < prefix_.size()) {
      size_t take = std::min(n, prefix_.size() - pos_);
      std::memcpy(buf, prefix_.data() + pos_, take);
      pos_ += take;
      return take;
    }
    return rest_.Read(buf, n);
  }
  const Status& status() const override { return rest_.status(); }
  std::string_view Prefix() const { return prefix_; }

 private:
  std::string prefix_;
  size_t pos_ = 0;
  ByteStream& rest_;
};

// Reads up to `n` bytes (fewer only at the end of the stream).
std::string ReadPrefix(ByteStream& s, size_t n) {
  std::string out(n, '\0');
  size_t got = 0;
  while (got < n) {
    size_t r = s.Read(out.data() + got, n - got);
    if (r == 0) break;
    got += r;
  }
  out.resize(got);
  return out;
}

// Reads the sidecar metadata of a .txt file, if there is one.
std::optional<Fields> ReadSidecar(const fs::path& txt, const Options& options,
                                  const std::function<void(InputError)>& on_error) {
  fs::path sidecar = txt;
  sidecar.replace_extension(".json");
  std::error_code ec;
  if (!fs::is_regular_file(sidecar, ec)) return std::nullopt;
  auto bytes = ReadFile(sidecar, options);
  if (!bytes.ok()) {
    on_error({sidecar.string(), bytes.status()});
    return std::nullopt;
  }
  auto fields = ParseFields(*bytes);
  if (!fields.ok()) {
    on_error({sidecar.string(), fields.status()});
    return std::nullopt;
  }
  return *fields;
}

class Reader {
 public:
  Reader(const Options& options, const std::function<void(Document)>& on_document,
         const std::function<void(InputError)>& on_error)
      : options_(options), on_document_(on_document), on_error_(on_error) {}

  void ReadInput(const std::string& input) {
    std::optional<Fields> sidecar;
    if (input != "-") {
      fs::path path(input);
      std::error_code ec;
      if (fs::is_directory(path, ec)) return ReadDirectory(path);
      auto status = fs::status(path, ec);
      if (ec || !fs::exists(status)) return Fail(input, Status::NotFound("no such file or directory"));
      if (!fs::is_regular_file(status)) return Fail(input, Status::BadInput("not a regular file"));
      if (HasExtension(path, {".txt", ".text"})) sidecar = ReadSidecar(path, options_, on_error_);
    }
    auto file = FileStream::Open(input);
    if (!file.ok()) return Fail(input, file.status());
    ReadStream(input, **file, sidecar, 0);
  }

 private:
  void Fail(std::string input, Status status) { on_error_({std::move(input), std::move(status)}); }

  Sink MakeSink() {
    Sink sink;
    sink.document = [this](Document d) { Emit(std::move(d)); };
    sink.error = [this](InputError e) { on_error_(std::move(e)); };
    sink.warning = [this](const std::string& input, const std::string& message) {
      if (options_.on_warning) options_.on_warning(input, message);
    };
    return sink;
  }

  // After a truncated or corrupt compressed stream: the damage is reported
  // and what decoded before it is kept, unless that is nothing or binary.
  // True when `bytes` are to be read.
  bool KeepAfterDamage(const std::string& name, const Status& failure, std::string_view bytes) {
    if (failure.ok()) return true;
    Fail(name, failure);
    return !TrimSpace(bytes).empty() && !text::LooksBinary(bytes);
  }

  void ReadStream(const std::string& name, ByteStream& raw, const std::optional<Fields>& sidecar, int depth) {
    PrefixedStream stream(ReadPrefix(raw, 4096), raw);
    std::string_view head = stream.Prefix();
    Compression compression = DetectCompression(head);
    const fs::path logical{WithoutCompression(name)};
    if (compression == Compression::kGzip && depth == 0 && !HasExtension(logical, {".warc"})) {
      // A compressed page, feed or JSONL file is read whole anyway: decode it
      // in one call (Inflate), much faster than streaming. A .warc.gz streams.
      Status failure;
      auto packed = ReadAll(stream, options_.max_input_bytes, &failure);
      if (!packed.ok()) return Fail(name, packed.status());
      if (!failure.ok()) return Fail(name, failure);
      std::string bytes = Inflate(*packed, options_.max_input_bytes, /*deflate=*/false, &failure);
      if (!KeepAfterDamage(name, failure, bytes)) return;
      MemoryStream inflated(bytes);
      return ReadStream(name, inflated, sidecar, depth + 1);
    }
    if (compression != Compression::kNone && depth == 0) {
      auto inner = compression == Compression::kGzip ? MakeGzipStream(stream) : MakeLz4Stream(stream);
      return ReadStream(name, *inner, sidecar, depth + 1);
    }
    std::string_view t = head;
    while (!t.empty() && (t.front() == '\r' || t.front() == '\n')) t.remove_prefix(1);
    bool warc_inside = HasExtension(logical, {".warc"}) &&
                       (head.find("\nWARC/1.") != std::string_view::npos ||
                        head.find("\nWARC/0.") != std::string_view::npos);
    if (t.starts_with("WARC/") || warc_inside) {
      Sink sink = MakeSink();
      return ReadWarc(name, stream, options_, sink);
    }
    if (HasExtension(logical, {".warc"})) {
      if (!raw.status().ok() && head.empty()) return Fail(name, raw.status());
      return Fail(name, Status::BadInput(head.empty() ? "empty input: no WARC records"
                                                      : "not a WARC file: no \"WARC/\" version line at the start"));
    }
    Status failure;
    auto bytes = ReadAll(stream, options_.max_input_bytes, &failure);
    if (!bytes.ok()) return Fail(name, bytes.status());
    if (!KeepAfterDamage(name, failure, *bytes)) return;
    ReadBytes(name, *bytes, sidecar);
  }

  void ReadDirectory(const fs::path& dir) {
    auto files = ListInputFiles(dir.string(), options_);
    if (!files.ok()) return Fail(dir.string(), files.status());
    for (const auto& f : *files) ReadInput(f);
  }

  void ReadBytes(const std::string& name, std::string_view bytes, const std::optional<Fields>& sidecar) {
    Detected detected = DetectFormat(name, bytes);
    switch (detected.kind) {
      case Kind::kJsonLines:
        return ReadJsonLines(name, bytes);
      case Kind::kFeed: {
        Sink sink = MakeSink();
        return ReadFeed(name, bytes, detected.feed, options_, sink);
      }
      case Kind::kHtml: {
        if (bytes.size() > options_.max_input_bytes)
          return Fail(name, Status::TooLarge(fmt::format("{} bytes, over the limit of {} bytes", bytes.size(),
                                                         options_.max_input_bytes)));
        if (TrimSpace(bytes).empty()) return Fail(name, Status::BadInput("empty input: no text"));
        if (!HasUnicodeBom(bytes) && text::LooksBinary(bytes))
          return Fail(name, Status::BadInput("binary data, not text"));
        return Emit(MakeHtmlDocument(name, bytes, "", options_));
      }
      case Kind::kPlainText:
        break;
    }
    auto doc = ParsePlainTextWith(name, bytes, sidecar);
    if (!doc.ok()) return Fail(name, doc.status());
    Emit(std::move(doc.value()));
  }

  Result<Document> ParsePlainTextWith(std::string_view name, std::string_view bytes,
                                      const std::optional<Fields>& sidecar) {
    auto doc = ParsePlainText(name, bytes, options_);
    if (!doc.ok() || !sidecar) return doc;
    // Sidecar fields fill what the file's own header lines did not state.
    Article defaults = Defaults(options_);
    Article& a = doc->article;
    auto fill = [&](std::string& field, const std::string& def, const std::optional<std::string>& side) {
      if (side && field == def) field = *side;
    };
    fill(a.id, StemOf(name), sidecar->id);
    fill(a.url, defaults.url, sidecar->url);
    fill(a.outlet, defaults.outlet, sidecar->outlet);
    fill(a.published, defaults.published, sidecar->published);
    fill(a.language, defaults.language, sidecar->language);
    if (sidecar->title && a.title.empty()) {
      a.title = *sidecar->title;
      doc->title_from_first_line = false;
    }
    if (sidecar->authors && a.authors.empty()) a.authors = *sidecar->authors;
    return doc;
  }

  void ReadJsonLines(const std::string& name, std::string_view bytes) {
    // A single JSON document spread over many lines (a .json file holding one
    // article) is read whole.
    std::string_view trimmed = TrimSpace(bytes);
    std::string_view first_line = trimmed.substr(0, trimmed.find('\n'));
    bool single = first_line.size() < trimmed.size() && trimmed.front() == '{' && trimmed.back() == '}' &&
                  !ParseFields(first_line).ok() && ParseFields(trimmed).ok();
    if (single) {
      auto doc = ParseJsonRecord(name, trimmed, options_);
      if (!doc.ok()) return Fail(name, doc.status());
      if (doc->article.id.empty()) doc->article.id = StemOf(name);
      return Emit(std::move(doc.value()));
    }
    size_t line_no = 0, start = 0, records = 0;
    while (start <= bytes.size()) {
      size_t nl = bytes.find('\n', start);
      size_t end = nl == std::string_view::npos ? bytes.size() : nl;
      std::string_view line = bytes.substr(start, end - start);
      ++line_no;
      start = end + 1;
      if (!TrimSpace(line).empty()) {
        std::string where = fmt::format("{}:{}", name, line_no);
        auto doc = ParseJsonRecord(where, line, options_);
        if (!doc.ok()) {
          Fail(where, doc.status());
        } else {
          if (doc->article.id.empty()) doc->article.id = fmt::format("{}-{}", StemOf(name), line_no);
          Emit(std::move(doc.value()));
          ++records;
        }
      }
      if (nl == std::string_view::npos) break;
    }
    if (line_no > 0 && records == 0 && TrimSpace(bytes).empty())
      Fail(name, Status::BadInput("empty input: no JSON lines"));
  }

  // Ids must be unique within a run: citations name articles by id.
  void Emit(Document doc) {
    std::string& id = doc.article.id;
    if (!seen_ids_.insert(id).second) {
      std::string base = id;
      for (int n = 2;; ++n) {
        id = fmt::format("{}~{}", base, n);
        if (seen_ids_.insert(id).second) break;
      }
    }
    on_document_(std::move(doc));
  }

  const Options& options_;
  const std::function<void(Document)>& on_document_;
  const std::function<void(InputError)>& on_error_;
  std::set<std::string> seen_ids_;
};

}  // namespace

Result<Document> ParsePlainText(std::string_view name, std::string_view bytes, const Options& options) {
  std::vector<std::string> warnings;
  std::string charset = "utf-8";
  auto checked = CheckAndNormalize(bytes, options, name, &warnings, &charset);
  if (!checked.ok()) return checked.status();
  std::string& body = checked->text;

  Document doc;
  doc.warnings = std::move(warnings);
  doc.charset = charset;
  doc.article = Defaults(options);
  doc.article.id = StemOf(name);
  doc.article.input = std::string(name);

  // Optional header: "Key: value" lines at the very top, or right after a
  // first (title) line. They end at the first blank or non-header line.
  std::string_view rest = body;
  auto next_line = [](std::string_view& s) {
    size_t nl = s.find('\n');
    std::string_view line = s.substr(0, nl);
    s = nl == std::string_view::npos ? std::string_view() : s.substr(nl + 1);
    return line;
  };
  // Leading blank lines carry nothing.
  while (!rest.empty() && TrimSpace(rest.substr(0, rest.find('\n'))).empty() && rest.find('\n') != std::string_view::npos)
    next_line(rest);
  std::string_view after_first = rest;
  std::string_view first = TrimSpace(next_line(after_first));

  auto read_headers = [&](std::string_view s, Article& a, size_t* count) {
    *count = 0;
    while (!s.empty()) {
      std::string_view probe = s;
      std::string_view line = TrimSpace(next_line(probe));
      auto header = ParseHeaderLine(line);
      if (!header) break;
      ApplyHeader(header->first, header->second, a);
      ++*count;
      s = probe;
    }
    return s;
  };

  size_t count = 0;
  Article with_headers = doc.article;
  std::string_view after = read_headers(rest, with_headers, &count);
  if (count > 0) {
    // Header block first (possibly with Title:).
    doc.article = with_headers;
    rest = after;
    doc.title_from_first_line = doc.article.title.empty();
  } else {
    with_headers = doc.article;
    after = read_headers(after_first, with_headers, &count);
    if (count > 0) {
      // Title line, then headers.
      doc.article = with_headers;
      if (doc.article.title.empty()) doc.article.title = std::string(first);
      rest = after;
      doc.title_from_first_line = false;
    } else {
      // No headers: extract decides whether the first line is a title.
      doc.title_from_first_line = true;
    }
  }
  doc.article.text = std::string(rest);
  if (TrimSpace(doc.article.text).empty()) return Status::BadInput("no article text after the title and header lines");
  // The body is a suffix of the normalised text, which maps to the input.
  text::OffsetMap suffix;
  suffix.AddCopy(0, body.size() - rest.size(), rest.size());
  doc.text_to_input = suffix.Then(checked->map);
  return doc;
}

Result<Document> ParseJsonRecord(std::string_view name, std::string_view line, const Options& options) {
  if (line.size() > options.max_input_bytes)
    return Status::TooLarge(fmt::format("record of {} bytes, over the limit of {} bytes", line.size(),
                                        options.max_input_bytes));
  if (auto bad = text::FindInvalidUtf8(line))
    return Status::BadInput(fmt::format("invalid UTF-8 at byte offset {} of the line", *bad));
  auto fields = ParseFields(line);
  if (!fields.ok()) return fields.status();
  if (!fields->text) return Status::BadInput("record has no \"text\" field");
  auto body = CheckAndNormalize(*fields->text, options);
  if (!body.ok()) return Status(body.status().code(), "field \"text\": " + body.status().message());
  Document doc;
  doc.article = Defaults(options);
  Apply(*fields, doc.article);
  doc.article.text = std::move(body->text);
  doc.text_to_input = std::move(body->map);
  doc.article.input = std::string(name);
  doc.title_from_first_line = false;
  return doc;
}

Article DefaultArticle(const Options& options) { return Defaults(options); }

std::vector<std::string> SplitAuthorNames(std::string_view s) { return SplitAuthors(s); }

std::string InputStem(std::string_view name) {
  if (name == "-") return "stdin";
  return fs::path(WithoutCompression(name)).stem().string();
}

namespace {

Document HtmlDocument(std::string_view name, Decoded decoded, const Options& options) {
  Document doc;
  doc.article = Defaults(options);
  doc.article.id = InputStem(name);
  doc.article.input = std::string(name);
  doc.article.text = std::move(decoded.text);
  doc.format = Document::Format::kHtmlPage;
  doc.title_from_first_line = false;
  doc.charset = decoded.charset;
  for (auto& w : decoded.warnings) doc.warnings.push_back(fmt::format("{}: {}", name, w));
  return doc;
}

}  // namespace

Document MakeHtmlDocument(std::string_view name, std::string_view bytes, std::string_view http_charset,
                          const Options& options) {
  return HtmlDocument(name, DecodeToUtf8(bytes, http_charset, true), options);
}

Document MakeHtmlDocument(std::string_view name, std::string&& bytes, std::string_view http_charset,
                          const Options& options) {
  return HtmlDocument(name, DecodeToUtf8(std::move(bytes), http_charset, true), options);
}

Result<std::vector<std::string>> ListInputFiles(const std::string& directory, const Options& options) {
  fs::path dir(directory);
  std::vector<fs::path> files;
  std::error_code ec;
  auto opts = fs::directory_options::skip_permission_denied;
  if (options.follow_symlinks) opts |= fs::directory_options::follow_directory_symlink;
  fs::recursive_directory_iterator it(dir, opts, ec), end;
  if (ec) return Status::IoError(fmt::format("cannot list: {}", ec.message()));
  for (; it != end; it.increment(ec)) {
    if (ec) return Status::IoError(fmt::format("cannot list: {}", ec.message()));
    const fs::path& p = it->path();
    if (p.filename().string().starts_with(".")) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file()) continue;
    fs::path logical = HasExtension(p, {".gz", ".lz4"}) ? fs::path(WithoutCompression(p.string())) : p;
    if (HasExtension(logical, {".txt", ".text", ".jsonl", ".ndjson", ".html", ".htm", ".xhtml", ".shtml",
                               ".warc", ".rss", ".atom", ".xml"})) {
      files.push_back(p);
    } else if (HasExtension(logical, {".json"})) {
      // A .json beside a .txt of the same name is that file's sidecar.
      fs::path txt = p;
      txt.replace_extension(".txt");
      if (logical != p || !fs::exists(txt)) files.push_back(p);
    }
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) return Status::NotFound("directory holds no .txt, .jsonl, .json, .html, .warc or feed files");
  std::vector<std::string> out;
  out.reserve(files.size());
  for (const auto& f : files) out.push_back(f.string());
  return out;
}

void ReadInputs(const std::vector<std::string>& inputs, const Options& options,
                const std::function<void(Document)>& on_document,
                const std::function<void(InputError)>& on_error) {
  Reader reader(options, on_document, on_error);
  for (const auto& input : inputs) reader.ReadInput(input);
}

}  // namespace storyline::ingest
