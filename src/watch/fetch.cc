#include "watch/fetch.h"

#include <curl/curl.h>
#include <fmt/format.h>

#include <cctype>
#include <cstdlib>
#include <mutex>
#include <string_view>

namespace storyline::watch {
namespace {

std::once_flag global_init;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

struct Transfer {
  FetchResponse* response;
  size_t max_bytes;
  bool too_large = false;
};

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t n = size * count;
  if (t->response->body.size() + n > t->max_bytes) {
    t->too_large = true;
    return 0;  // aborts the transfer
  }
  t->response->body.append(data, n);
  return n;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t n = size * count;
  std::string_view line(data, n);
  if (line.rfind("HTTP/", 0) == 0) {  // a new response (after a redirect): forget the last one's headers
    t->response->etag.clear();
    t->response->last_modified.clear();
    t->response->content_type.clear();
    t->response->retry_after_seconds.reset();
    return n;
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return n;
  std::string_view key = Trim(line.substr(0, colon)), value = Trim(line.substr(colon + 1));
  if (IEquals(key, "ETag")) {
    t->response->etag = value;
  } else if (IEquals(key, "Last-Modified")) {
    t->response->last_modified = value;
  } else if (IEquals(key, "Content-Type")) {
    t->response->content_type = value;
  } else if (IEquals(key, "Retry-After")) {
    char* end = nullptr;
    std::string v(value);
    double seconds = std::strtod(v.c_str(), &end);
    if (end && *end == '\0' && !v.empty() && seconds >= 0) t->response->retry_after_seconds = seconds;
  }
  return n;
}

}  // namespace

struct Fetcher::Impl {
  FetchOptions options;
  CURL* curl = nullptr;
};

Fetcher::Fetcher(FetchOptions options) : impl_(std::make_unique<Impl>()) {
  std::call_once(global_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  impl_->options = std::move(options);
  impl_->curl = curl_easy_init();
}

Fetcher::~Fetcher() {
  if (impl_->curl) curl_easy_cleanup(impl_->curl);
}

Result<FetchResponse> Fetcher::Get(const FetchRequest& request) {
  CURL* c = impl_->curl;
  if (!c) return Status::IoError(fmt::format("{}: cannot start an HTTP client", request.url));
  if (request.url.rfind("http://", 0) != 0 && request.url.rfind("https://", 0) != 0)
    return Status::InvalidArgument(fmt::format("{}: not an http(s) URL", request.url));
  curl_easy_reset(c);
  FetchResponse response;
  Transfer transfer{&response, impl_->options.max_bytes};
  char error[CURL_ERROR_SIZE] = {0};
  curl_slist* headers = nullptr;
  if (!request.etag.empty()) headers = curl_slist_append(headers, ("If-None-Match: " + request.etag).c_str());
  if (!request.last_modified.empty())
    headers = curl_slist_append(headers, ("If-Modified-Since: " + request.last_modified).c_str());
  curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(impl_->options.timeout_seconds * 1000));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(std::min(10.0, impl_->options.timeout_seconds) * 1000));
  curl_easy_setopt(c, CURLOPT_USERAGENT, impl_->options.user_agent.c_str());
  curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");  // every encoding libcurl decodes
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  CURLcode rc = curl_easy_perform(c);
  curl_slist_free_all(headers);
  if (transfer.too_large)
    return Status::TooLarge(fmt::format("{}: the response is larger than {} bytes", request.url, impl_->options.max_bytes));
  if (rc != CURLE_OK)
    return Status::IoError(fmt::format("{}: {}", request.url, error[0] ? error : curl_easy_strerror(rc)));
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response.status);
  char* effective = nullptr;
  curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &effective);
  response.effective_url = effective ? effective : request.url;
  return response;
}

}  // namespace storyline::watch
