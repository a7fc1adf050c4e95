// One HTTP(S) GET, with what a polite feed reader needs: conditional requests
// (ETag / Last-Modified), a size cap, a timeout, redirects (http and https
// only), compressed transfer, and the headers that say when to come back
// (Retry-After). libcurl does the work; nothing else sees it.
//
// Thread safety: a Fetcher is not thread-safe (one per thread); Fetchers in
// different threads are independent.
#ifndef STORYLINE_WATCH_FETCH_H_
#define STORYLINE_WATCH_FETCH_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "storyline/status.h"

namespace storyline::watch {

struct FetchRequest {
  std::string url;
  // Validators of an earlier response: the server answers 304 when unchanged.
  std::string etag{}, last_modified{};
};

struct FetchResponse {
  long status = 0;             // HTTP status (304: not modified)
  std::string body;            // decoded (gzip/deflate) bytes
  std::string effective_url;   // after redirects
  std::string content_type;
  std::string etag, last_modified;
  std::optional<double> retry_after_seconds;  // from a 429/503's Retry-After, when given in seconds
};

struct FetchOptions {
  double timeout_seconds = 30;
  size_t max_bytes = size_t{64} << 20;  // a larger body fails the fetch
  std::string user_agent = "Storyline/0.1 (news feed reader)";
};

class Fetcher {
 public:
  explicit Fetcher(FetchOptions options = {});
  ~Fetcher();
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  // Any HTTP status is a response; a transport failure (no such host,
  // refused, timeout, TLS, a body over max_bytes, a non-http(s) URL or
  // redirect) is an error naming the URL and the problem.
  Result<FetchResponse> Get(const FetchRequest& request);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace storyline::watch

#endif  // STORYLINE_WATCH_FETCH_H_
