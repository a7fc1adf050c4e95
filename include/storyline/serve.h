// Serve: a read-only JSON API and the web UI over a store (storyline/store.h),
// on 127.0.0.1 by default.
//
//   GET /api/health                   {"ok":true,"articles":N,"stories":N}
//   GET /api/stories?offset=&limit=   stories newest first, paged
//   GET /api/stories/{id}             the story row and its brief (the
//                                     `brief --json` story shape), cached in the
//                                     store per story version
//   GET /api/articles/{id}            one stored article with its story
//   GET /api/search?q=&offset=&limit= FTS5 search, ranked, with snippets
//   GET /, /stories/{id}, /search     the web UI (static assets compiled in)
//
// Errors are JSON, {"error":{"status":N,"message":"..."}}, with the HTTP
// status (400 bad parameter, 404 no such story/article/route, 405 not GET,
// 500 database error). Every response carries a strict Content-Security-
// Policy (no inline script, nothing from other origins),
// X-Content-Type-Options: nosniff and Referrer-Policy: no-referrer. The API is
// docs/FORMATS.md "Store API".
//
// Thread safety: a Server runs its own threads; Start, port and Stop may be
// called from any one thread. Each worker thread reads through its own
// database connection (a pool), so ingest may write meanwhile.
#ifndef STORYLINE_SERVE_H_
#define STORYLINE_SERVE_H_

#include <cstddef>
#include <memory>
#include <string>

#include "storyline/brief.h"
#include "storyline/status.h"

namespace storyline::serve {

struct Options {
  std::string db_path;
  std::string host = "127.0.0.1";
  int port = 8080;         // 0: any free port (see Server::port)
  size_t threads = 64;     // worker threads; each keeps one connection alive
  size_t max_page = 100;   // largest `limit` accepted
  // A story's brief is built from its latest this-many articles (a story of
  // thousands of articles would otherwise take seconds to brief).
  size_t max_brief_articles = 100;
  brief::Options brief;
};

class Server {
 public:
  // Opens the database (it must exist), binds host:port and starts serving
  // on background threads. Fails with a clear Status for a missing or bad
  // database and a port in use.
  static Result<std::unique_ptr<Server>> Start(const Options& options);
  ~Server();  // stops
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  int port() const;         // the bound port
  std::string url() const;  // "http://HOST:PORT/"
  void Stop();              // stops accepting, finishes requests, joins

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace storyline::serve

#endif  // STORYLINE_SERVE_H_
