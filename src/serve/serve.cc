// The HTTP server: cpp-httplib's threaded server, a core's worth of requests
// at work at once (Admission), one database connection per working request
// from a pool, JSON built with nlohmann::json, briefs cached in the store by
// story version.

#include "storyline/serve.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <filesystem>
#include <unordered_map>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <type_traits>
#include <vector>

#include "storyline/extract.h"
#include "storyline/ingest.h"
#include "serve/admission.h"
#include "serve/assets.h"
#include "store/views.h"
#include "storyline/store.h"

namespace storyline::serve {

namespace {

using Json = store::ViewJson;
using store::StoryJson;

std::string Dump(const Json& j) { return store::DumpJson(j); }

// Every response: no script or style from anywhere but this origin, no
// inline script, no framing, no sniffing.
const char* const kCsp =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

void SetJson(httplib::Response& res, int status, const std::string& body) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(body, "application/json; charset=utf-8");
}

void SetError(httplib::Response& res, int status, const std::string& message) {
  SetJson(res, status, Dump(Json{{"error", Json{{"status", status}, {"message", message}}}}));
}

int HttpStatusOf(const Status& s) {
  switch (s.code()) {
    case Status::Code::kInvalidArgument: return 400;
    case Status::Code::kNotFound: return 404;
    default: return 500;
  }
}

// A non-negative integer parameter, `fallback` when absent; false when bad.
bool SizeParam(const httplib::Request& req, const char* name, size_t fallback, size_t max, size_t* out,
               std::string* error) {
  if (!req.has_param(name)) {
    *out = fallback;
    return true;
  }
  std::string v = req.get_param_value(name);
  size_t n = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || p != v.data() + v.size() || v.empty() || n > max) {
    *error = fmt::format("parameter {} must be a whole number from 0 to {}", name, max);
    return false;
  }
  *out = n;
  return true;
}

}  // namespace

struct Server::Impl {
  Options options;
  httplib::Server http;
  std::thread thread;
  int port = 0;
  bool stopped = false;

  // Requests at work (reading the database, building JSON) and brief builds
  // in progress: each at most one per core, the rest waiting in arrival
  // order. A brief build leaves `reading` first, so stored pages, lists and
  // searches never queue behind it.
  std::unique_ptr<Admission> reading;
  std::unique_ptr<Admission> building;

  std::mutex pool_mutex;
  std::vector<std::unique_ptr<store::Store>> pool;
  // Bitmaps of the common search terms, shared by every connection.
  std::shared_ptr<store::SearchCache> search_cache = std::make_shared<store::SearchCache>();
  std::mutex brief_write_mutex;
  store::BriefOptions brief_options;

  // Builds the search cache's bitmaps of common terms once, at start, so
  // that the first searches using them do not (Store::FillSearchCache).
  std::thread search_cache_filler;

  // The brief warmer: a background thread at low priority that keeps the
  // briefs of the newest stories cached, so the stories readers open first
  // never wait for a brief to be built.
  std::thread warmer;
  std::mutex warm_mutex;
  std::condition_variable warm_wake;
  bool warm_stop = false;

  // Stores a brief just built: one writer at a time; a cache, so a busy
  // database just skips the write. True when it is stored.
  bool StoreBrief(store::Store& st, const store::StoryRow& r, const std::string& brief_json) {
    std::lock_guard<std::mutex> lock(brief_write_mutex);
    return st.PutBrief(r.id, r.last_seq, brief_json).ok();
  }

  // A story's brief JSON, from the cache (another request may have built it
  // meanwhile) or built and stored.
  Result<std::string> Brief(store::Store& st, const store::StoryRow& r) {
    bool built = false;
    auto brief_json = store::StoryBriefJson(st, r, brief_options, &built);
    if (brief_json.ok() && built) (void)StoreBrief(st, r, *brief_json);
    return brief_json;
  }

  // Requests at work now, and when the last one ended (steady clock, ns):
  // the warmer works only while the server is quiet.
  std::atomic<int> requests_in_flight{0};
  std::atomic<int64_t> last_request_end{0};
  struct InFlight {
    Impl* impl;
    explicit InFlight(Impl* i) : impl(i) { ++impl->requests_in_flight; }
    ~InFlight() {
      impl->last_request_end = std::chrono::steady_clock::now().time_since_epoch().count();
      --impl->requests_in_flight;
    }
  };

  // Waits until no request has been at work for a moment; false when the
  // server stops meanwhile.
  bool WaitForQuiet() {
    constexpr auto kQuiet = std::chrono::milliseconds(100);
    std::unique_lock<std::mutex> lock(warm_mutex);
    while (!warm_stop) {
      auto since = std::chrono::steady_clock::now().time_since_epoch() -
                   std::chrono::steady_clock::duration(last_request_end.load());
      if (requests_in_flight == 0 && since >= kQuiet) return true;
      warm_wake.wait_for(lock, kQuiet / 2, [this] { return warm_stop; });
    }
    return false;
  }

  void WarmBriefs() {
    // Requests come first: the warmer builds a brief only when no request
    // has been at work for a moment (each brief it stores also empties the
    // readers' page caches: SQLite drops a connection's cache when the
    // database changed), and at a low priority. Not SCHED_IDLE: starved
    // while holding the write lock, it would hold up every other writer.
    ::setpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)), 10);
    std::unique_ptr<store::Store> st;
    for (;;) {
      {
        std::unique_lock<std::mutex> lock(warm_mutex);
        if (warm_stop) return;
      }
      if (!st) {
        auto opened = OpenStore(kBackgroundCacheMib);
        if (opened.ok()) st = std::move(opened).value();
      }
      // Every story whose brief is missing or stale (among the newest
      // warm_stories), newest first, a batch at a time, until none is left.
      while (st) {
        auto rows = st->StoriesWithoutBrief(options.warm_stories, 32);
        if (!rows.ok() || rows->empty()) break;
        size_t stored = 0;
        for (const store::StoryRow& r : *rows) {
          if (!WaitForQuiet()) return;
          bool built = false;
          auto brief_json = store::StoryBriefJson(*st, r, brief_options, &built);
          if (!brief_json.ok()) continue;  // the next request's to report
          if (!built) {
            ++stored;  // cached meanwhile
            continue;
          }
          // Requests may have come while it was built: the write waits for
          // quiet again (a writer at nice 10 holding SQLite's write lock
          // under load would stall the readers that retry behind it).
          if (!WaitForQuiet()) return;
          stored += StoreBrief(*st, r, *brief_json);
        }
        if (stored == 0) break;  // none could be built or stored (busy, changed): later
      }
      std::unique_lock<std::mutex> lock(warm_mutex);
      warm_wake.wait_for(lock, std::chrono::duration<double>(options.warm_interval_seconds), [this] { return warm_stop; });
      if (warm_stop) return;
    }
  }

  // The write side, opened on the first accepted POST and kept until Stop:
  // opening an Ingester replays every stored article into the clusterer, far
  // too slow per request. Holding it keeps other ingests out meanwhile.
  std::mutex write_mutex;
  std::unique_ptr<store::Store> write_store;
  std::unique_ptr<store::Ingester> ingester;
  bool snapshot_note_said = false;  // the writer's snapshot_note went out in a response

  // Requests per client address: a token bucket refilled at
  // options.rate_limit per second, holding up to twice that.
  struct Bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point last;
  };
  std::mutex rate_mutex;
  std::unordered_map<std::string, Bucket> buckets;

  // A connection for the duration of one request.
  struct Lease {
    Impl* impl;
    std::unique_ptr<store::Store> store;
    ~Lease() {
      if (store) {
        std::lock_guard<std::mutex> lock(impl->pool_mutex);
        impl->pool.push_back(std::move(store));
      }
    }
  };

  // A connection of the pool (few: about two per core) keeps a large page
  // cache: Debian's SQLite maps at most 2 GB of the file, and pages past
  // that are copied in on every miss. The background threads' connections
  // read little twice and keep a small one.
  static constexpr int kPoolCacheMib = 256, kBackgroundCacheMib = 32;
  Result<std::unique_ptr<store::Store>> OpenStore(int cache_mib = kPoolCacheMib) {
    store::Options o;
    o.create_if_missing = false;
    o.cache_mib = cache_mib;
    o.search_cache = search_cache;
    return store::Store::Open(options.db_path, o);
  }

  Status Acquire(Lease* lease) {
    {
      std::lock_guard<std::mutex> lock(pool_mutex);
      if (!pool.empty()) {
        lease->store = std::move(pool.back());
        pool.pop_back();
        return Status();
      }
    }
    auto s = OpenStore();
    if (!s.ok()) return s.status();
    lease->store = std::move(s).value();
    return Status();
  }

  // True when the client at `addr` may make one more request now.
  bool TakeToken(const std::string& addr) {
    if (options.rate_limit <= 0) return true;
    auto now = std::chrono::steady_clock::now();
    double cap = 2.0 * options.rate_limit;
    std::lock_guard<std::mutex> lock(rate_mutex);
    if (buckets.size() > 100000) buckets.clear();  // bounded memory under address churn
    auto [it, fresh] = buckets.try_emplace(addr);
    Bucket& b = it->second;
    if (fresh) {
      b.tokens = cap;
    } else {
      double seconds = std::chrono::duration<double>(now - b.last).count();
      b.tokens = std::min(cap, b.tokens + seconds * options.rate_limit);
    }
    b.last = now;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  // The request carries the write token ("Authorization: Bearer TOKEN"),
  // compared in constant time.
  bool Authorized(const httplib::Request& req) const {
    std::string h = req.get_header_value("Authorization");
    const std::string prefix = "Bearer ";
    if (h.size() != prefix.size() + options.write_token.size() || h.compare(0, prefix.size(), prefix) != 0)
      return false;
    unsigned char diff = 0;
    for (size_t i = 0; i < options.write_token.size(); ++i)
      diff |= static_cast<unsigned char>(h[prefix.size() + i] ^ options.write_token[i]);
    return diff == 0;
  }

  // Stores the articles of one uploaded input (any kind `storyline ingest`
  // reads, detected by content; `name` gives its id and hints its kind).
  void PostArticles(const httplib::Request& req, httplib::Response& res) {
    std::string name = req.has_param("name") ? req.get_param_value("name") : "upload";
    if (name.empty() || name.size() > 200 || name[0] == '.' ||
        name.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") !=
            std::string::npos)
      return SetError(res, 400, "parameter name must be 1-200 letters, digits, '.', '_' or '-', not starting with '.'");
    if (req.body.empty()) return SetError(res, 400, "the request body is empty: send the article, page, feed or JSONL");
    std::lock_guard<std::mutex> lock(write_mutex);
    if (!ingester) {
      store::Options o;
      o.create_if_missing = false;
      auto st = store::Store::Open(options.db_path, o);
      if (!st.ok()) return SetError(res, 500, st.status().message());
      // Uploads extract in the request's thread (IngestOptions' default):
      // the server's threads already share the cores with readers.
      auto in = store::Ingester::Open(st->get());
      if (!in.ok()) return SetError(res, 409, in.status().message());
      write_store = std::move(st).value();
      ingester = std::move(in).value();
    }
    Json results = Json::array(), errors = Json::array();
    // The request that opened the writer says why it replayed every stored
    // article when the saved clusterer state was not usable.
    if (ingester && !ingester->stats().snapshot_note.empty() && !snapshot_note_said) {
      errors.push_back(Json{{"input", options.db_path}, {"message", ingester->stats().snapshot_note}});
      snapshot_note_said = true;
    }
    auto run = store::IngestBytes(
        *ingester, name, req.body, name, {},
        [&](const Article& article, store::AddOutcome outcome) {
          const char* what = outcome == store::AddOutcome::kStored      ? "stored"
                             : outcome == store::AddOutcome::kDuplicate ? "duplicate"
                                                                        : "conflict";
          results.push_back(Json{{"id", article.id}, {"title", article.title}, {"outcome", what}});
        },
        [&](const ingest::InputError& e) {
          errors.push_back(Json{{"input", e.input}, {"message", e.status.message()}});
        });
    if (!run.ok()) return SetError(res, 500, run.status().message());
    Status write_error = run->write_error;
    if (write_error.ok()) write_error = ingester->Commit();
    if (!write_error.ok()) return SetError(res, 500, write_error.message());
    // Each article's story, now that the batch is committed.
    for (Json& r : results) {
      auto a = write_store->GetArticle(r["id"].get<std::string>());
      if (a.ok() && a->has_value()) r["story_id"] = (*a)->story_id;
    }
    int status = results.empty() ? 422 : 200;
    SetJson(res, status,
            Dump(Json{{"stored", run->stored},
                      {"duplicates", run->duplicates},
                      {"conflicts", run->conflicts},
                      {"articles", std::move(results)},
                      {"errors", std::move(errors)}}));
  }

  void Routes() {
    http.set_default_headers({{"Content-Security-Policy", kCsp},
                              {"X-Content-Type-Options", "nosniff"},
                              {"Referrer-Policy", "no-referrer"},
                              {"X-Frame-Options", "DENY"},
                              {"Cross-Origin-Resource-Policy", "same-origin"}});
    http.set_payload_max_length(options.max_upload_bytes);
    // Before routing and before a body is read: the rate limit, and the
    // write token for anything that is not a read.
    http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      if (!TakeToken(req.remote_addr)) {
        res.set_header("Retry-After", "1");
        SetError(res, 429, fmt::format("too many requests from {}: the limit is {} per second", req.remote_addr,
                                       options.rate_limit));
        return httplib::Server::HandlerResponse::Handled;
      }
      if (req.method == "GET" || req.method == "HEAD") return httplib::Server::HandlerResponse::Unhandled;
      if (req.method == "POST" && req.path == "/api/articles") {
        if (options.write_token.empty()) {
          SetError(res, 403, "writes are disabled: start the server with a write token (--token-file)");
          return httplib::Server::HandlerResponse::Handled;
        }
        if (!Authorized(req)) {
          res.set_header("WWW-Authenticate", "Bearer");
          SetError(res, 401, "this write needs the server's token: Authorization: Bearer TOKEN");
          return httplib::Server::HandlerResponse::Handled;
        }
      }
      return httplib::Server::HandlerResponse::Unhandled;
    });

    // A handler that reads the database: admitted first, then given a
    // connection (the pass outlives the lease: declared first). The handler
    // may take the pass too, to leave the line early.
    auto with_store = [this](auto handler) {
      return [this, handler](const httplib::Request& req, httplib::Response& res) {
        InFlight in_flight(this);
        Admission::Pass pass(*reading);
        Lease lease{this, nullptr};
        if (Status s = Acquire(&lease); !s.ok()) return SetError(res, 500, s.message());
        if constexpr (std::is_invocable_v<decltype(handler), store::Store&, const httplib::Request&,
                                          httplib::Response&, Admission::Pass&>) {
          handler(*lease.store, req, res, pass);
        } else {
          handler(*lease.store, req, res);
        }
      };
    };

    http.Get("/api/health", with_store([](store::Store& st, const httplib::Request&, httplib::Response& res) {
      auto c = st.Count();
      if (!c.ok()) return SetError(res, HttpStatusOf(c.status()), c.status().message());
      SetJson(res, 200, Dump(Json{{"ok", true}, {"articles", c->articles}, {"stories", c->stories}}));
    }));

    http.Get("/api/stories", with_store([this](store::Store& st, const httplib::Request& req, httplib::Response& res) {
      size_t offset = 0, limit = 0;
      std::string error;
      if (!SizeParam(req, "offset", 0, 100000000, &offset, &error) ||
          !SizeParam(req, "limit", 20, options.max_page, &limit, &error))
        return SetError(res, 400, error);
      auto rows = st.ListStories(offset, limit);
      if (!rows.ok()) return SetError(res, HttpStatusOf(rows.status()), rows.status().message());
      auto c = st.Count();
      if (!c.ok()) return SetError(res, HttpStatusOf(c.status()), c.status().message());
      Json list = Json::array();
      for (const auto& r : *rows) list.push_back(StoryJson(r));
      SetJson(res, 200,
              Dump(Json{{"offset", offset}, {"limit", limit}, {"total", c->stories}, {"stories", std::move(list)}}));
    }));

    http.Get(R"(/api/stories/([^/]+))",
             with_store([this](store::Store& st, const httplib::Request& req, httplib::Response& res,
                               Admission::Pass& pass) {
               StoryPage(st, req.matches[1].str(), res, pass);
             }));

    http.Get(R"(/api/articles/(.+))",
             with_store([](store::Store& st, const httplib::Request& req, httplib::Response& res) {
               std::string id = req.matches[1].str();
               auto a = st.GetArticle(id);
               if (!a.ok()) return SetError(res, HttpStatusOf(a.status()), a.status().message());
               if (!a->has_value()) return SetError(res, 404, fmt::format("no article {}", id));
               SetJson(res, 200, Dump(Json{{"article", store::StoredArticleJson(**a)}}));
             }));

    http.Get("/api/search", with_store([this](store::Store& st, const httplib::Request& req, httplib::Response& res) {
      if (!req.has_param("q")) return SetError(res, 400, "parameter q (the search words) is missing");
      std::string q = req.get_param_value("q");
      if (q.size() > 500) return SetError(res, 400, "the query is longer than 500 bytes");
      size_t offset = 0, limit = 0;
      std::string error;
      if (!SizeParam(req, "offset", 0, 10000, &offset, &error) ||
          !SizeParam(req, "limit", 20, options.max_page, &limit, &error))
        return SetError(res, 400, error);
      int64_t total = 0;
      auto hits = st.Search(q, offset, limit, &total);
      if (!hits.ok()) return SetError(res, HttpStatusOf(hits.status()), hits.status().message());
      Json list = Json::array();
      for (const auto& h : *hits) list.push_back(store::SearchHitJson(h));
      SetJson(res, 200,
              Dump(Json{{"query", q}, {"offset", offset}, {"limit", limit}, {"total", total}, {"hits", std::move(list)}}));
    }));

    // Anything else under /api/ is JSON too.
    http.Get(R"(/api/.*)", [](const httplib::Request& req, httplib::Response& res) {
      SetError(res, 404, fmt::format("no such API route: {}", req.path));
    });
    http.Post("/api/articles", [this](const httplib::Request& req, httplib::Response& res) { PostArticles(req, res); });
    auto not_allowed = [](const httplib::Request& req, httplib::Response& res) {
      res.set_header("Allow", "GET");
      SetError(res, 405, fmt::format("{} is not allowed here: the only write is POST /api/articles", req.method));
    };
    http.Post(R"(/.*)", not_allowed);
    http.Put(R"(/.*)", not_allowed);
    http.Delete(R"(/.*)", not_allowed);
    http.Patch(R"(/.*)", not_allowed);

    // The web UI: fixed assets by exact path (no file system, so no
    // traversal); the page routes all serve index.html.
    http.Get(R"(/(|index\.html|stories/[^/]+|search))", [](const httplib::Request&, httplib::Response& res) {
      ServeAsset("/index.html", res);
    });
    http.Get("/favicon.ico", [](const httplib::Request&, httplib::Response& res) { res.status = 204; });
    http.Get(R"(/static/([A-Za-z0-9_.-]+))", [](const httplib::Request& req, httplib::Response& res) {
      if (!ServeAsset("/" + req.matches[1].str(), res)) SetError(res, 404, "no such file");
    });
    http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
      if (res.body.empty()) SetError(res, res.status, res.status == 404 ? "not found" : "request failed");
    });
  }

  static bool ServeAsset(const std::string& path, httplib::Response& res) {
    for (size_t i = 0; i < kAssetCount; ++i) {
      if (kAssets[i].path == path) {
        res.set_header("Cache-Control", "no-cache");
        res.set_content(std::string(kAssets[i].data), std::string(kAssets[i].content_type));
        return true;
      }
    }
    return false;
  }

  void StoryPage(store::Store& st, const std::string& id, httplib::Response& res, Admission::Pass& pass) {
    auto row = st.GetStory(id);
    if (!row.ok()) return SetError(res, HttpStatusOf(row.status()), row.status().message());
    if (!row->has_value()) return SetError(res, 404, fmt::format("no story {}", id));
    const store::StoryRow& r = **row;
    auto cached = st.CachedBrief(r.id, r.last_seq);
    if (!cached.ok()) return SetError(res, HttpStatusOf(cached.status()), cached.status().message());
    if (cached->has_value()) {
      SetJson(res, 200, "{\"story\":" + Dump(StoryJson(r)) + ",\"brief\":" + **cached + "}");
      return;
    }
    // Building takes tens of milliseconds to seconds: out of the readers'
    // line, in the builders' own.
    pass.Release();
    Admission::Pass build_pass(*building);
    auto brief_json = Brief(st, r);
    if (!brief_json.ok()) return SetError(res, HttpStatusOf(brief_json.status()), brief_json.status().message());
    SetJson(res, 200, "{\"story\":" + Dump(StoryJson(r)) + ",\"brief\":" + *brief_json + "}");
  }
};

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() { Stop(); }
int Server::port() const { return impl_->port; }
std::string Server::url() const { return fmt::format("http://{}:{}/", impl_->options.host, impl_->port); }

void Server::Stop() {
  if (!impl_ || impl_->stopped) return;
  impl_->stopped = true;
  {
    std::lock_guard<std::mutex> lock(impl_->warm_mutex);
    impl_->warm_stop = true;
  }
  impl_->warm_wake.notify_all();
  impl_->http.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
  if (impl_->warmer.joinable()) impl_->warmer.join();  // after the brief in progress
  if (impl_->search_cache_filler.joinable()) impl_->search_cache_filler.join();
  std::lock_guard<std::mutex> lock(impl_->write_mutex);
  impl_->ingester.reset();  // each POST committed its articles already
  impl_->write_store.reset();
}

namespace {
// Why binding fails, from the system (httplib only says that it failed).
std::string BindProblem(const std::string& host, int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return std::strerror(errno);
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  std::string problem = "cannot listen";
  if (::inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1) {
    problem = "not an IPv4 address";
  } else if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    problem = errno == EADDRINUSE ? "the port is in use" : std::strerror(errno);
  }
  ::close(fd);
  return problem;
}
}  // namespace

Result<std::unique_ptr<Server>> Server::Start(const Options& options) {
  if (options.port < 0 || options.port > 65535)
    return Status::InvalidArgument(fmt::format("port {} is not from 0 to 65535", options.port));
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->brief_options.max_articles = options.max_brief_articles;
  impl->brief_options.brief = options.brief;
  if (impl->options.max_page == 0) impl->options.max_page = 1;
  // Open once now, so a missing or broken database fails here, clearly.
  {
    auto first = impl->OpenStore();
    if (!first.ok()) return first.status();
    auto c = (*first)->Count();
    if (!c.ok()) return c.status();
    impl->pool.push_back(std::move(first).value());
  }
  size_t threads = std::max<size_t>(options.threads, 2);
  size_t cores = std::max<size_t>(std::thread::hardware_concurrency(), 1);
  size_t active = options.active_requests ? options.active_requests : cores;
  impl->reading = std::make_unique<Admission>(active);
  impl->building = std::make_unique<Admission>(active);
  impl->http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  // SO_REUSEADDR only: httplib's default also sets SO_REUSEPORT, which lets a
  // second server bind a port in use instead of failing.
  auto listening_socket = std::make_shared<std::atomic<int>>(-1);
  impl->http.set_socket_options([listening_socket](int sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    *listening_socket = sock;
  });
  // A response goes out in more than one write (headers, body): without
  // TCP_NODELAY, Nagle's algorithm holds the last one back until the
  // client's delayed ACK, 40 ms later.
  impl->http.set_tcp_nodelay(true);
  impl->http.set_keep_alive_max_count(1000);
  impl->http.set_keep_alive_timeout(5);
  impl->http.set_read_timeout(10, 0);
  impl->http.set_write_timeout(10, 0);
  impl->Routes();
  if (options.port == 0) {
    int port = impl->http.bind_to_any_port(options.host);
    if (port <= 0)
      return Status::IoError(fmt::format("{}: cannot listen on any port: {}", options.host, BindProblem(options.host, 0)));
    impl->port = port;
  } else {
    if (!impl->http.bind_to_port(options.host, options.port))
      return Status::IoError(fmt::format("{}:{}: cannot listen: {}", options.host, options.port,
                                         BindProblem(options.host, options.port)));
    impl->port = options.port;
  }
  // httplib (as Debian builds it) listens with a backlog of 5: clients that
  // connect at once beyond that lose their SYN and retry it a second later.
  if (*listening_socket >= 0) ::listen(*listening_socket, SOMAXCONN);
  Impl* raw = impl.get();
  auto listening_ended = std::make_shared<std::atomic<bool>>(false);
  impl->thread = std::thread([raw, listening_ended] {
    raw->http.listen_after_bind();
    *listening_ended = true;
  });
  // Serving before Start returns: httplib marks a server running only once
  // listen_after_bind has begun, and ignores a stop() that comes earlier, so a
  // server stopped right after starting would never end its thread.
  while (!raw->http.is_running() && !*listening_ended) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  if (options.warm_stories > 0) raw->warmer = std::thread([raw] { raw->WarmBriefs(); });
  raw->search_cache_filler = std::thread([raw] {
    auto st = raw->OpenStore(Impl::kBackgroundCacheMib);
    if (st.ok()) (void)(*st)->FillSearchCache();  // else each term's first search builds it
  });
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

}  // namespace storyline::serve
