// Watch: keeps a store up to date with sources that grow — folders and files
// on disk, and feeds or pages on the web — by polling them in rounds and
// ingesting what is new (storyline/store.h stores each article exactly once,
// so re-reading a source that has not changed costs reading, never a
// duplicate).
//
// Each round visits every source once. A file is re-read when its size or
// modification time changed; a folder, each of its files so. A URL is fetched
// with the ETag / Last-Modified of its last response (a 304 costs nothing);
// requests to one host are spaced by `host_delay_seconds`; a transport error,
// 429 or 5xx is retried with exponential back-off (honouring Retry-After),
// `retries` times, and then reported, and the round goes on. What a response
// holds is read as `storyline ingest` reads a file (feed, page, JSONL, WARC,
// plain text; detected by content), the URL giving pages their url. What was
// seen (validators, sizes and times) is kept in memory: a restarted watch reads
// everything once more, which stores nothing twice.
//
// Thread safety: a Watcher is not thread-safe; it holds the database's one
// Ingester (other ingests of that database fail while it lives).
#ifndef STORYLINE_WATCH_H_
#define STORYLINE_WATCH_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "storyline/ingest.h"
#include "storyline/status.h"
#include "storyline/store.h"

namespace storyline::watch {

struct Options {
  // Folders, files and http(s) URLs.
  std::vector<std::string> sources;
  double host_delay_seconds = 1.0;   // at least this long between two requests to one host
  int retries = 3;                   // after the first attempt
  double retry_base_seconds = 2.0;   // back-off: base, 2 x base, 4 x base, ...
  double retry_max_seconds = 60.0;   // and never longer than this (Retry-After included)
  double timeout_seconds = 30.0;     // per request
  size_t max_response_bytes = size_t{64} << 20;
  ingest::Options read;              // metadata defaults, size limits, warnings
  store::IngestOptions ingest;
  // Progress and problems, one line each, naming the source.
  std::function<void(const std::string& line)> on_message;
};

struct RoundStats {
  int64_t sources_changed = 0;    // files re-read, URLs answered 200
  int64_t sources_unchanged = 0;  // files as before, URLs answered 304
  int64_t sources_failed = 0;     // unreadable files, URLs that failed after retries
  int64_t articles_read = 0;
  int64_t stored = 0, duplicates = 0, conflicts = 0;
};

class Watcher {
 public:
  // Opens the store's Ingester (replaying the stored articles, once).
  static Result<std::unique_ptr<Watcher>> Open(store::Store* store, Options options);
  ~Watcher();
  Watcher(const Watcher&) = delete;
  Watcher& operator=(const Watcher&) = delete;

  // Visits every source once and commits what it stored. Fails only when the
  // database cannot be written; a bad source is counted and reported.
  Result<RoundStats> RunRound();

 private:
  struct Impl;
  explicit Watcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace storyline::watch

#endif  // STORYLINE_WATCH_H_
