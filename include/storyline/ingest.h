// Ingest: turns what users hand us (files, directories, stdin) into documents,
// each with its raw text and the metadata the input states. It reads plain text
// (.txt: optional header lines, then the body), JSONL (one article object a
// line), web pages (.html, .htm), WARC crawls (.warc: every HTML response
// record), feeds (RSS 2.0/1.0, Atom, JSON Feed: every item), each also gzip-
// (.gz) or LZ4- (.lz4) compressed, detected by content as well as by name.
// Every text is converted to UTF-8 from its charset (BOM, HTTP Content-Type,
// <meta>, else ICU detection). It does not clean text or parse HTML: that is
// extract's job.
//
// Every input either yields documents or an InputError naming the input and the
// problem (missing, unreadable, empty, binary, a bad JSON line with its line
// number, a truncated gzip stream or WARC record with its byte offset, a broken
// feed with its line, over the size limit); one bad input (or one bad WARC
// record) never stops the others. Decoding problems are warnings, never fatal.
//
// Thread safety: ReadInputs may be called from several threads with distinct
// sinks; the sinks are called from the calling thread only.
#ifndef STORYLINE_INGEST_H_
#define STORYLINE_INGEST_H_

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "storyline/article.h"
#include "storyline/status.h"

namespace storyline::ingest {

// A document as read, before extraction. `article.text` holds the raw body
// as valid UTF-8 (decoded from its charset): plain text, or HTML as `format`
// says. `article.title` is set only when the input states it (a JSONL
// `title`, a `Title:` header line, a feed item's title).
// `title_from_first_line` says the title, if any, is to be found by extract in
// the first line(s) of a plain text.
struct Document {
  enum class Format {
    kText,          // plain text (.txt, JSONL `text`)
    kHtmlPage,      // a whole web page: extract finds the article in it
    kHtmlFragment,  // article HTML without page furniture (a feed item's content)
  };
  Article article;
  Format format = Format::kText;
  bool title_from_first_line = false;
  // When the page was fetched (a WARC record's WARC-Date, as given); empty
  // otherwise. Not a publication date: extract finds that in the page.
  std::string fetched;
  // The charset the input bytes were decoded from ("utf-8", "windows-1252",
  // "windows-31j", ...).
  std::string charset = "utf-8";
  // Non-fatal problems met reading this document, each naming the input:
  // a wrong or missing charset declaration and what was used instead,
  // undecodable bytes replaced by U+FFFD (with the first offset), a broken
  // HTTP body kept in part, an unparseable feed date.
  std::vector<std::string> warnings;
  // Maps byte offsets of `article.text` to the decoded input text (see
  // Article::text_to_input); empty for HTML documents, whose text is the
  // decoded page itself (extraction maps the body it rebuilds onto it).
  text::OffsetMap text_to_input;
};

struct InputError {
  std::string input;    // the path, "-" or "path:line"
  Status status;        // what went wrong
};

struct Options {
  // Metadata for inputs that do not state it (the --outlet/--published/--url flags).
  std::string default_outlet;
  std::string default_published;
  std::string default_url;
  std::string default_language;
  // Inputs (files, or single JSONL lines) larger than this are refused.
  size_t max_input_bytes = size_t{64} << 20;
  // Directory walks follow symbolic links only when set.
  bool follow_symlinks = false;
  // Non-fatal notes about a whole input (how many WARC records were skipped
  // and why). Optional. Warnings about one document are in Document::warnings.
  std::function<void(const std::string& input, const std::string& message)> on_warning;
};

// Reads each input ("-" is stdin; a directory is walked recursively, in sorted
// order, taking .txt, .text, .jsonl, .ndjson, .json, .html, .htm, .xhtml,
// .warc, .rss, .atom and .xml files, and any of them with .gz or .lz4 added)
// and calls `on_document` for every document and `on_error` for every
// failure, in input order. A .txt file may have a sidecar `NAME.json` with the
// JSONL fields. WARC inputs are streamed: the size limit applies to each
// record, not to the file.
void ReadInputs(const std::vector<std::string>& inputs, const Options& options,
                const std::function<void(Document)>& on_document,
                const std::function<void(InputError)>& on_error);

// The files a directory input stands for, as ReadInputs reads them: walked
// recursively in sorted order, hidden entries skipped, the extensions above
// taken (a NAME.json beside NAME.txt is a sidecar, not an input). An error
// when the directory cannot be listed or holds no such file.
Result<std::vector<std::string>> ListInputFiles(const std::string& directory, const Options& options);

// Parses one plain-text article. `name` is used for the id and messages. Bytes
// that are not UTF-8 are decoded from their detected charset (with a warning);
// binary data is refused.
Result<Document> ParsePlainText(std::string_view name, std::string_view bytes, const Options& options);

// Parses one JSONL line (`{id,url,outlet,title,authors,published,language,text}`;
// `authors` may be a list or a string; only `text` is required).
Result<Document> ParseJsonRecord(std::string_view name, std::string_view line, const Options& options);

}  // namespace storyline::ingest

#endif  // STORYLINE_INGEST_H_
