// Serve: the JSON API and the web UI over a store (storyline/store.h), on
// 127.0.0.1 by default. Reads are open; the one write, an upload of articles,
// needs the server's token.
//
//   GET /api/health                   {"ok":true,"articles":N,"stories":N}
//   GET /api/stories?offset=&limit=   stories newest first, paged
//   GET /api/stories/{id}             the story row and its brief (the
//                                     `brief --json` story shape), cached in the
//                                     store per story version (every
//                                     changed story's brief built ahead, in
//                                     the background, newest first)
//   GET /api/articles/{id}            one stored article with its story
//   GET /api/search?q=&offset=&limit= FTS5 search, ranked, with snippets
//   POST /api/articles?name=          stores the articles of the body (any
//                                     input `storyline ingest` reads); needs
//                                     "Authorization: Bearer TOKEN"
//   GET /, /stories/{id}, /search     the web UI (static assets compiled in)
//
// Errors are JSON, {"error":{"status":N,"message":"..."}}, with the HTTP
// status (400 bad parameter, 401 no or wrong token, 403 writes disabled, 404
// no such story/article/route, 405 method not allowed, 409 another process is
// ingesting, 413 body too large, 422 nothing readable in the body, 429 rate
// limit, 500 database error). The API is specified in docs/API.md and
// docs/openapi.yaml. Every response carries a strict Content-Security-
// Policy (no inline script, nothing from other origins),
// X-Content-Type-Options: nosniff and Referrer-Policy: no-referrer.
//
// Thread safety: a Server runs its own threads; Start, port and Stop may be
// called from any one thread. A connection's thread waits its turn, then
// reads through a database connection of a pool (so ingest may write
// meanwhile); uploads are stored one at a time through one Ingester.
#ifndef STORYLINE_SERVE_H_
#define STORYLINE_SERVE_H_

#include <cstddef>
#include <limits>
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
  // Requests worked on at once (the others wait, first come first served),
  // and as many brief builds beside them; 0: one per hardware thread.
  size_t active_requests = 0;
  size_t max_page = 100;   // largest `limit` accepted
  // A story's brief is built from its latest this-many articles (a story of
  // thousands of articles would otherwise take seconds to brief).
  size_t max_brief_articles = 100;
  brief::Options brief;
  // Writes (POST /api/articles) need this bearer token; empty: writes are
  // refused. The first accepted write keeps the database's ingest lock until
  // Stop, so a `storyline ingest` cannot run beside it (and the reverse: a
  // write while one runs gets 409).
  std::string write_token;
  size_t max_upload_bytes = 16 << 20;  // larger bodies get 413
  // Requests per second per client address (bursts of twice that); 0: no limit.
  double rate_limit = 200;
  // A background thread at low priority builds and caches the brief of
  // every story (of the newest this-many) whose brief is missing or stale,
  // newest first, and looks again every warm_interval_seconds for stories
  // that changed (0: briefs are built only on request). Briefs stay in the
  // database, so a restarted server has them.
  size_t warm_stories = std::numeric_limits<size_t>::max();
  double warm_interval_seconds = 30;
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
