// The watch loop: sources visited in rounds, fetched politely, read through
// the ingest readers, stored through one Ingester.

#include "storyline/watch.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <map>
#include <thread>
#include <unordered_map>
#include <xxhash.h>

#include "watch/fetch.h"

namespace storyline::watch {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

bool IsUrl(const std::string& s) { return s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0; }

// "host:port" of a URL: the unit of politeness.
std::string HostOf(const std::string& url) {
  size_t start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  size_t end = url.find_first_of("/?#", start);
  std::string host = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  size_t at = host.rfind('@');
  return at == std::string::npos ? host : host.substr(at + 1);
}

// A file name for a fetched body: the URL's host and path (so a page's id
// names where it came from, and two sites' "index" pages differ), with an
// extension from the Content-Type when the path has none the readers know.
std::string FileNameFor(const std::string& url, const std::string& content_type) {
  size_t start = url.find("://");
  std::string rest = url.substr(start == std::string::npos ? 0 : start + 3);
  rest = rest.substr(0, rest.find_first_of("?#"));
  while (!rest.empty() && rest.back() == '/') rest.pop_back();
  std::string name;
  for (char c : rest) {
    bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
    if (ok) name += c;
    else if (!name.empty() && name.back() != '-') name += '-';
  }
  if (name.size() > 120) {
    name = name.substr(0, 100) + fmt::format("-{:016x}", XXH3_64bits(rest.data(), rest.size()));
  }
  if (name.empty() || name[0] == '.') name = "page" + name;
  std::string lower = content_type;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  static const char* const kKnown[] = {".html", ".htm", ".xml", ".rss", ".atom", ".json", ".jsonl", ".txt", ".warc", ".gz"};
  bool known = false;
  for (const char* ext : kKnown)
    if (name.size() > std::strlen(ext) && name.compare(name.size() - std::strlen(ext), std::string::npos, ext) == 0) known = true;
  if (!known) {
    if (lower.find("html") != std::string::npos) name += ".html";
    else if (lower.find("json") != std::string::npos) name += ".json";
    else if (lower.find("xml") != std::string::npos || lower.find("rss") != std::string::npos || lower.find("atom") != std::string::npos) name += ".xml";
    else if (lower.find("text/plain") != std::string::npos) name += ".txt";
  }
  return name;
}

struct FileSeen {
  uintmax_t size = 0;
  fs::file_time_type mtime;
};

}  // namespace

struct Watcher::Impl {
  Options options;
  store::Store* store = nullptr;
  std::unique_ptr<store::Ingester> ingester;
  Fetcher fetcher;
  std::unordered_map<std::string, FetchRequest> validators;  // by URL
  std::unordered_map<std::string, FileSeen> files;           // by path
  std::unordered_map<std::string, Clock::time_point> last_request;  // by host

  explicit Impl(const Options& o)
      : options(o),
        fetcher(FetchOptions{o.timeout_seconds, o.max_response_bytes, "Storyline/0.1 (news feed reader)"}) {}

  void Say(const std::string& line) const {
    if (options.on_message) options.on_message(line);
  }

  // The callbacks of one source's ingest: problems said, counts added to
  // the round's and the source's.
  struct IngestCallbacks {
    std::function<void(const Article&, store::AddOutcome)> on_article;
    std::function<void(const ingest::InputError&)> on_error;
    std::function<void(const std::string&)> on_warning;
    ingest::Options read;
  };
  IngestCallbacks Callbacks(const ingest::Options& read) {
    IngestCallbacks c;
    c.read = read;
    c.read.on_warning = [this](const std::string& input, const std::string& message) {
      Say(fmt::format("warning: {}: {}", input, message));
    };
    c.on_article = [this](const Article& article, store::AddOutcome outcome) {
      if (outcome == store::AddOutcome::kConflict)
        Say(fmt::format("warning: {}: article {} is stored with other content; kept the stored version",
                        article.input, article.id));
    };
    c.on_error = [this](const ingest::InputError& e) { Say(fmt::format("{}: {}", e.input, e.status.message())); };
    c.on_warning = [this](const std::string& w) { Say("warning: " + w); };
    return c;
  }
  static Status Count(const store::InputsIngested& run, RoundStats* stats, RoundStats* source) {
    for (RoundStats* s : {stats, source}) {
      s->articles_read += run.read;
      s->stored += run.stored;
      s->duplicates += run.duplicates;
      s->conflicts += run.conflicts;
    }
    return run.write_error;
  }

  void WaitForHost(const std::string& host) {
    auto it = last_request.find(host);
    if (it == last_request.end()) return;
    auto ready = it->second + std::chrono::duration_cast<Clock::duration>(
                                  std::chrono::duration<double>(options.host_delay_seconds));
    auto now = Clock::now();
    if (ready > now) std::this_thread::sleep_for(ready - now);
  }

  // One URL: a conditional GET, retried with back-off on transport errors,
  // 429 and 5xx.
  Result<FetchResponse> FetchWithRetries(const std::string& url) {
    FetchRequest request = validators.count(url) ? validators[url] : FetchRequest{};
    request.url = url;
    std::string host = HostOf(url);
    for (int attempt = 0;; ++attempt) {
      WaitForHost(host);
      auto response = fetcher.Get(request);
      last_request[host] = Clock::now();
      bool transient = !response.ok() ? response.status().code() == Status::Code::kIoError
                                      : (response->status == 429 || response->status >= 500);
      if (!transient || attempt >= options.retries) return response;
      double wait = options.retry_base_seconds * std::pow(2.0, attempt);
      if (response.ok() && response->retry_after_seconds) wait = *response->retry_after_seconds;
      wait = std::min(wait, options.retry_max_seconds);
      Say(fmt::format("{}: {}; retry {} of {} in {:.1f} s", url,
                      response.ok() ? fmt::format("HTTP {}", response->status) : response.status().message(),
                      attempt + 1, options.retries, wait));
      std::this_thread::sleep_for(std::chrono::duration<double>(wait));
    }
  }

  Status VisitUrl(const std::string& url, RoundStats* stats) {
    auto response = FetchWithRetries(url);
    if (!response.ok()) {
      ++stats->sources_failed;
      Say(response.status().message());
      return Status();
    }
    if (response->status == 304) {
      ++stats->sources_unchanged;
      return Status();
    }
    if (response->status != 200) {
      ++stats->sources_failed;
      Say(fmt::format("{}: HTTP {}", url, response->status));
      return Status();
    }
    ++stats->sources_changed;
    FetchRequest& v = validators[url];
    v.etag = response->etag;
    v.last_modified = response->last_modified;
    ingest::Options read = options.read;
    if (read.default_url.empty()) read.default_url = response->effective_url;
    IngestCallbacks c = Callbacks(read);
    auto run = store::IngestBytes(*ingester, FileNameFor(response->effective_url, response->content_type),
                                  response->body, url, c.read, c.on_article, c.on_error, c.on_warning);
    if (!run.ok()) {
      ++stats->sources_failed;
      Say(run.status().message());
      return Status();
    }
    RoundStats source;
    Status s = Count(*run, stats, &source);
    if (s.ok())
      Say(fmt::format("{}: {} read, {} stored, {} duplicates", url, source.articles_read, source.stored,
                      source.duplicates));
    return s;
  }

  Status VisitPath(const std::string& path, RoundStats* stats) {
    std::error_code ec;
    std::vector<std::string> candidates;
    if (fs::is_directory(path, ec)) {
      auto listed = ingest::ListInputFiles(path, options.read);
      if (!listed.ok()) {
        ++stats->sources_failed;
        Say(fmt::format("{}: {}", path, listed.status().message()));
        return Status();
      }
      candidates = std::move(listed).value();
    } else if (fs::is_regular_file(path, ec)) {
      candidates.push_back(path);
    } else {
      ++stats->sources_failed;
      Say(fmt::format("{}: no such file or directory", path));
      return Status();
    }
    std::vector<std::string> changed;
    for (const std::string& f : candidates) {
      FileSeen now;
      now.size = fs::file_size(f, ec);
      if (!ec) now.mtime = fs::last_write_time(f, ec);
      if (ec) continue;  // gone since the listing: the next round sees it
      auto it = files.find(f);
      if (it != files.end() && it->second.size == now.size && it->second.mtime == now.mtime) continue;
      files[f] = now;
      changed.push_back(f);
    }
    if (changed.empty()) {
      ++stats->sources_unchanged;
      return Status();
    }
    ++stats->sources_changed;
    IngestCallbacks c = Callbacks(options.read);
    RoundStats source;
    Status s = Count(store::IngestInputs(*ingester, changed, c.read, c.on_article, c.on_error, c.on_warning), stats,
                     &source);
    if (s.ok())
      Say(fmt::format("{}: {} files changed, {} read, {} stored, {} duplicates", path, changed.size(),
                      source.articles_read, source.stored, source.duplicates));
    return s;
  }
};

Watcher::Watcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Watcher::~Watcher() = default;

Result<std::unique_ptr<Watcher>> Watcher::Open(store::Store* store, Options options) {
  if (options.sources.empty()) return Status::InvalidArgument("nothing to watch: no source given");
  auto impl = std::make_unique<Impl>(options);
  impl->store = store;
  auto ingester = store::Ingester::Open(store, options.ingest);
  if (!ingester.ok()) return ingester.status();
  impl->ingester = std::move(ingester).value();
  // A refused saved state means every stored article was replayed: say why.
  if (const std::string& note = impl->ingester->stats().snapshot_note; !note.empty()) impl->Say("warning: " + note);
  return std::unique_ptr<Watcher>(new Watcher(std::move(impl)));
}

Result<RoundStats> Watcher::RunRound() {
  RoundStats stats;
  for (const std::string& source : impl_->options.sources) {
    Status s = IsUrl(source) ? impl_->VisitUrl(source, &stats) : impl_->VisitPath(source, &stats);
    if (!s.ok()) return s;
  }
  if (Status s = impl_->ingester->Commit(); !s.ok()) return s;
  return stats;
}

}  // namespace storyline::watch
