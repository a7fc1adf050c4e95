// What the ingest readers (plain text, JSONL, HTML, WARC, feeds) share.
// Internal to the ingest stage.
#ifndef STORYLINE_INGEST_INTERNAL_H_
#define STORYLINE_INGEST_INTERNAL_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storyline/ingest.h"

namespace storyline::ingest {

// ASCII lower case: for header names, charset labels and format keys, which
// are ASCII by definition.
inline std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// `s` without leading and trailing ASCII white space.
inline std::string_view TrimSpace(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

class ByteStream;

// Where a reader sends what it finds.
struct Sink {
  std::function<void(Document)> document;
  std::function<void(InputError)> error;
  std::function<void(const std::string& input, const std::string& message)> warning;  // never null
};

// The article every input starts from: the command-line defaults.
Article DefaultArticle(const Options& options);
// "A, B and C" -> names.
std::vector<std::string> SplitAuthorNames(std::string_view s);
// The file name without its extensions (".html.gz" both go); "stdin" for "-".
std::string InputStem(std::string_view name);

// A whole web page: charset decoded (`http_charset` from a Content-Type, may
// be empty), a kHtmlPage Document named `name`.
Document MakeHtmlDocument(std::string_view name, std::string_view bytes, std::string_view http_charset,
                          const Options& options);
// The same, taking over `bytes` (a decompressed body): UTF-8 is moved, not copied.
Document MakeHtmlDocument(std::string_view name, std::string&& bytes, std::string_view http_charset,
                          const Options& options);

// Reads the WARC records of `stream` (already decompressed).
void ReadWarc(const std::string& name, ByteStream& stream, const Options& options, const Sink& sink);

enum class FeedKind { kRss, kAtom, kJsonFeed, kSitemap, kOtherXml };
// What kind of XML (or JSON Feed) document `bytes` holds, judged by the root
// element in the first 4 KB; nullopt when it is no XML document or JSON Feed.
std::optional<FeedKind> SniffFeed(std::string_view bytes);
// Reads every item of a feed.
void ReadFeed(const std::string& name, std::string_view bytes, FeedKind kind, const Options& options,
              const Sink& sink);

// RFC 822 / RFC 1123 ("Sun, 06 Sep 2009 16:20:00 +0000") or RFC 3339 /
// ISO 8601 dates to ISO 8601 with an offset ("2009-09-06T16:20:00+00:00");
// nullopt when unparseable.
std::optional<std::string> NormalizeFeedDate(std::string_view date);

}  // namespace storyline::ingest

#endif  // STORYLINE_INGEST_INTERNAL_H_
