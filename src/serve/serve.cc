// The HTTP server: cpp-httplib's threaded server, one database connection per
// request from a pool, JSON built with nlohmann::json, briefs cached in the
// store by story version.

#include "storyline/serve.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "ingest/article_json.h"
#include "serve/assets.h"
#include "storyline/store.h"

namespace storyline::serve {

namespace {

using Json = nlohmann::ordered_json;

std::string Dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

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

Json StoryJson(const store::StoryRow& r) {
  return Json{{"id", r.id},
              {"title", r.title},
              {"article_count", r.article_count},
              {"first_published", r.first_published},
              {"last_published", r.last_published},
              {"live", r.live},
              {"version", r.last_seq}};
}

// The snippet's \x02...\x03 markers as segments, so clients never parse markup.
Json SnippetJson(const std::string& s) {
  Json parts = Json::array();
  std::string cur;
  bool match = false;
  auto flush = [&] {
    if (!cur.empty()) parts.push_back(Json{{"text", cur}, {"match", match}});
    cur.clear();
  };
  for (char c : s) {
    if (c == '\x02') {
      flush();
      match = true;
    } else if (c == '\x03') {
      flush();
      match = false;
    } else {
      cur += c;
    }
  }
  flush();
  return parts;
}

}  // namespace

struct Server::Impl {
  Options options;
  httplib::Server http;
  std::thread thread;
  int port = 0;
  bool stopped = false;

  std::mutex pool_mutex;
  std::vector<std::unique_ptr<store::Store>> pool;
  std::mutex brief_write_mutex;

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

  Result<std::unique_ptr<store::Store>> OpenStore() {
    store::Options o;
    o.create_if_missing = false;
    o.cache_mib = 8;
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

  void Routes() {
    http.set_default_headers({{"Content-Security-Policy", kCsp},
                              {"X-Content-Type-Options", "nosniff"},
                              {"Referrer-Policy", "no-referrer"},
                              {"X-Frame-Options", "DENY"},
                              {"Cross-Origin-Resource-Policy", "same-origin"}});
    http.set_payload_max_length(64 * 1024);

    auto with_store = [this](auto handler) {
      return [this, handler](const httplib::Request& req, httplib::Response& res) {
        Lease lease{this, nullptr};
        if (Status s = Acquire(&lease); !s.ok()) return SetError(res, 500, s.message());
        handler(*lease.store, req, res);
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
             with_store([this](store::Store& st, const httplib::Request& req, httplib::Response& res) {
               StoryPage(st, req.matches[1].str(), res);
             }));

    http.Get(R"(/api/articles/(.+))",
             with_store([](store::Store& st, const httplib::Request& req, httplib::Response& res) {
               std::string id = req.matches[1].str();
               auto a = st.GetArticle(id);
               if (!a.ok()) return SetError(res, HttpStatusOf(a.status()), a.status().message());
               if (!a->has_value()) return SetError(res, 404, fmt::format("no article {}", id));
               Json j = ingest::ArticleJson((*a)->article);
               j["story_id"] = (*a)->story_id;
               j["seq"] = (*a)->seq;
               j["content_hash"] = (*a)->content_hash;
               SetJson(res, 200, Dump(Json{{"article", std::move(j)}}));
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
      for (const auto& h : *hits)
        list.push_back(Json{{"article_id", h.article_id},
                            {"story_id", h.story_id},
                            {"title", h.title},
                            {"outlet", h.outlet},
                            {"published", h.published},
                            {"url", h.url},
                            {"snippet", SnippetJson(h.snippet)}});
      SetJson(res, 200,
              Dump(Json{{"query", q}, {"offset", offset}, {"limit", limit}, {"total", total}, {"hits", std::move(list)}}));
    }));

    // Anything else under /api/ is JSON too.
    http.Get(R"(/api/.*)", [](const httplib::Request& req, httplib::Response& res) {
      SetError(res, 404, fmt::format("no such API route: {}", req.path));
    });
    auto not_allowed = [](const httplib::Request& req, httplib::Response& res) {
      res.set_header("Allow", "GET");
      SetError(res, 405, fmt::format("{} is not allowed: the API is read-only (GET)", req.method));
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

  void StoryPage(store::Store& st, const std::string& id, httplib::Response& res) {
    auto row = st.GetStory(id);
    if (!row.ok()) return SetError(res, HttpStatusOf(row.status()), row.status().message());
    if (!row->has_value()) return SetError(res, 404, fmt::format("no story {}", id));
    const store::StoryRow& r = **row;
    auto cached = st.CachedBrief(r.id, r.last_seq);
    if (!cached.ok()) return SetError(res, HttpStatusOf(cached.status()), cached.status().message());
    std::string brief_json;
    if (cached->has_value()) {
      brief_json = std::move(**cached);
    } else {
      auto articles = st.StoryArticles(r.id);
      if (!articles.ok()) return SetError(res, HttpStatusOf(articles.status()), articles.status().message());
      std::vector<Article> list = std::move(articles).value();
      size_t total = list.size();
      if (list.size() > options.max_brief_articles)
        list.erase(list.begin(), list.end() - static_cast<std::ptrdiff_t>(options.max_brief_articles));
      brief::Story story = brief::BuildBrief(std::move(list), options.brief);
      Json rendered = Json::parse(brief::RenderJson({story}), nullptr, false);
      if (rendered.is_discarded() || !rendered.contains("stories") || rendered["stories"].empty())
        return SetError(res, 500, "the brief could not be rendered");
      Json b = std::move(rendered["stories"][0]);
      b["articles_in_brief"] = b["articles"].size();
      b["articles_in_story"] = total;
      brief_json = Dump(b);
      std::lock_guard<std::mutex> lock(brief_write_mutex);
      (void)st.PutBrief(r.id, r.last_seq, brief_json);  // a cache: a busy database just skips it
    }
    SetJson(res, 200, "{\"story\":" + Dump(StoryJson(r)) + ",\"brief\":" + brief_json + "}");
  }
};

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() { Stop(); }
int Server::port() const { return impl_->port; }
std::string Server::url() const { return fmt::format("http://{}:{}/", impl_->options.host, impl_->port); }

void Server::Stop() {
  if (!impl_ || impl_->stopped) return;
  impl_->stopped = true;
  impl_->http.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
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
  impl->http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  // SO_REUSEADDR only: httplib's default also sets SO_REUSEPORT, which lets a
  // second server bind a port in use instead of failing.
  impl->http.set_socket_options([](int sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
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
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

}  // namespace storyline::serve
