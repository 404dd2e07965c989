#include "cryptoscope/serve/http_server.h"

#include <fmt/format.h>
#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>

#include "cryptoscope/serve/response_cache.h"

namespace cryptoscope::serve {
namespace {

using Clock = std::chrono::steady_clock;
thread_local Clock::time_point t_request_start;

// Accept-Encoding names gzip (or *) with a non-zero q.
bool AcceptsGzip(std::string_view header) {
  size_t start = 0;
  while (start < header.size()) {
    size_t end = header.find(',', start);
    if (end == std::string_view::npos) end = header.size();
    std::string_view item = header.substr(start, end - start);
    start = end + 1;
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    const size_t semi = item.find(';');
    std::string_view name = item.substr(0, semi);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (name != "gzip" && name != "x-gzip" && name != "*") continue;
    if (semi != std::string_view::npos) {
      std::string_view q = item.substr(semi + 1);
      if (q.find("q=0") != std::string_view::npos && q.find_first_of("123456789") == q.npos) {
        continue;
      }
    }
    return true;
  }
  return false;
}

// If-None-Match holds `etag` (weak comparison, as RFC 9110 asks for this header) or "*".
bool MatchesEtag(std::string_view header, std::string_view etag, std::string_view gzip_etag) {
  size_t start = 0;
  while (start < header.size()) {
    size_t end = header.find(',', start);
    if (end == std::string_view::npos) end = header.size();
    std::string_view tag = header.substr(start, end - start);
    start = end + 1;
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
    if (tag == "*" || tag == etag || tag == gzip_etag) return true;
  }
  return false;
}

// For the access log: control bytes of a hostile target would garble the log.
std::string Printable(std::string_view text) {
  std::string out(text.substr(0, 512));
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '?';
  }
  return out;
}

// Statuses cpp-httplib sets before any handler runs.
std::string_view LibraryErrorMessage(int status) {
  switch (status) {
    case 413:
      return "request body too large: GET requests carry no body";
    case 414:
      return "request line too long: at most 8192 bytes";
    case 416:
      return "malformed Range header";
    case 408:
      return "request not received in time";
    default:
      return "malformed HTTP request";
  }
}

}  // namespace

struct HttpServer::Impl {
  Impl(const Config& c, query::Database& d, Router r)
      : config(c), db(d), router(std::move(r)), cache(c.cache_bytes) {}

  void Handle(const httplib::Request& const_req, httplib::Response& res);
  std::shared_ptr<const CachedResponse> Answer(const std::string& method, std::string_view target,
                                               bool accepts_csv);
  void Write(const httplib::Request& req, std::shared_ptr<const CachedResponse> response,
             bool gzip_ok, httplib::Response& res) const;

  Config config;
  query::Database& db;
  Router router;
  ResponseCache cache;
  httplib::Server server;
  std::atomic<int> listen_fd{-1};
  int port = 0;
};

void HttpServer::Impl::Handle(const httplib::Request& const_req, httplib::Response& res) {
  t_request_start = Clock::now();
  // cpp-httplib would compress (per request) and slice (Range) the body itself; the request
  // object is ours to edit (the library passes a mutable one as const), so the headers that
  // trigger both are consumed here and the cached gzip body is used instead.
  auto& req = const_cast<httplib::Request&>(const_req);
  const bool gzip_ok = AcceptsGzip(req.get_header_value("Accept-Encoding"));
  req.headers.erase("Accept-Encoding");
  req.ranges.clear();
  const bool accepts_csv = req.get_header_value("Accept").find("text/csv") != std::string::npos;
  auto response = Answer(req.method, req.target, accepts_csv);
  Write(req, std::move(response), gzip_ok, res);
}

std::shared_ptr<const CachedResponse> HttpServer::Impl::Answer(const std::string& method,
                                                               std::string_view target,
                                                               bool accepts_csv) {
  const bool get = method == "GET" || method == "HEAD";
  // Only answers to routed GETs are ever cached, so a hit needs no parsing or routing at all.
  std::string key;
  uint64_t generation = 0;
  if (get) {
    auto refreshed = db.Refresh();
    if (!refreshed) return std::make_shared<CachedResponse>(ErrorReply(refreshed.error()));
    generation = *refreshed;
    key.reserve(target.size() + 1);
    key.append(accepts_csv ? "c" : "j").append(target);
    if (auto cached = cache.Find(key, generation)) return cached;
  }

  const size_t question = target.find('?');
  const std::string_view path = target.substr(0, question);
  const std::string_view query =
      question == std::string_view::npos ? std::string_view() : target.substr(question + 1);
  auto segments = SplitPath(path);
  if (!segments) return std::make_shared<CachedResponse>(ErrorReply(400, "malformed path"));
  Request request;
  const Router::Route* route = router.Match(*segments, &request.captures);
  if (route == nullptr) {
    return std::make_shared<CachedResponse>(
        ErrorReply(404, "no such endpoint; see /api/v1/openapi.json"));
  }
  if (method == "OPTIONS" && !config.cors_origin.empty()) {
    Reply reply;
    reply.status = 204;
    reply.content_type.clear();
    reply.freshness = Freshness::kNoStore;
    return std::make_shared<CachedResponse>(std::move(reply));
  }
  if (!get) {
    Reply reply = ErrorReply(
        405, fmt::format("method {} not allowed; use GET or HEAD", method.substr(0, 16)));
    reply.headers.emplace_back("Allow", "GET, HEAD");
    return std::make_shared<CachedResponse>(std::move(reply));
  }

  auto params = Params::Parse(query);
  Reply reply;
  if (!params) {
    reply = ErrorReply(params.error());
  } else {
    request.path = std::string(path);
    request.segments = std::move(*segments);
    request.params = std::move(*params);
    request.accepts_csv = accepts_csv;
    Context context(db, generation,
                    t_request_start + std::chrono::milliseconds(config.query_time_limit_ms));
    try {
      reply = route->handler(request, context);
    } catch (const std::exception& e) {
      reply = ErrorReply(Error{ErrorCode::kInternal, fmt::format("{}: {}", target, e.what())});
    }
  }
  auto response = std::make_shared<const CachedResponse>(std::move(reply));
  // kNoStore: errors and answers that change without the data (/udf/time).
  if (response->reply().freshness != Freshness::kNoStore) {
    cache.Insert(key, generation, response);
  }
  return response;
}

void HttpServer::Impl::Write(const httplib::Request& req,
                             std::shared_ptr<const CachedResponse> shared, bool gzip_ok,
                             httplib::Response& res) const {
  const CachedResponse& response = *shared;
  const Reply& reply = response.reply();
  for (const auto& [name, value] : reply.headers) res.set_header(name, value);
  if (!config.cors_origin.empty()) {
    res.set_header("Access-Control-Allow-Origin", config.cors_origin);
    if (req.method == "OPTIONS") {
      res.set_header("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
      res.set_header("Access-Control-Allow-Headers", "Accept, If-None-Match");
      res.set_header("Access-Control-Max-Age", "86400");
    }
  }
  res.status = reply.status;
  if (reply.status == 204) return;
  res.set_header("Cache-Control", response.cache_control());
  if (reply.status >= 400) {
    res.set_content(reply.body, reply.content_type.c_str());
    return;
  }
  const std::string* gzipped = gzip_ok ? response.Gzipped() : nullptr;
  const std::string& etag = gzipped ? response.gzip_etag() : response.etag();
  res.set_header("ETag", etag);
  res.set_header("Vary", "Accept, Accept-Encoding");
  // Range headers are ignored (whole bodies only); without this the library claims "bytes".
  res.set_header("Accept-Ranges", "none");
  if (MatchesEtag(req.get_header_value("If-None-Match"), response.etag(), response.gzip_etag())) {
    res.status = 304;
    return;
  }
  if (gzipped) res.set_header("Content-Encoding", "gzip");
  const std::string& body = gzipped ? *gzipped : reply.body;
  if (body.empty()) {
    res.set_content(body, reply.content_type.c_str());
    return;
  }
  // Written straight from the cached body (kept alive by the captured pointer), not copied
  // into the response first.
  res.set_content_provider(
      body.size(), reply.content_type.c_str(),
      [shared = std::move(shared), &body](size_t offset, size_t length, httplib::DataSink& sink) {
        return sink.write(body.data() + offset, std::min(length, body.size() - offset));
      });
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpServer::~HttpServer() = default;

Result<std::unique_ptr<HttpServer>> HttpServer::Create(const Config& config, query::Database& db,
                                                       Router router) {
  auto impl = std::make_unique<Impl>(config, db, std::move(router));
  Impl* self = impl.get();
  httplib::Server& server = impl->server;
  const int threads = std::max(1, config.threads);
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_tcp_nodelay(true);  // Else Nagle + delayed ACK stall each response ~40 ms.
  server.set_keep_alive_max_count(static_cast<size_t>(config.keep_alive_max_requests));
  server.set_keep_alive_timeout(config.keep_alive_timeout_s);
  server.set_read_timeout(config.read_timeout_s, 0);
  server.set_write_timeout(config.write_timeout_s, 0);
  server.set_payload_max_length(config.max_body_bytes);
  // Replaces the library's default options (SO_REUSEADDR), so they are set here; remembers the
  // listening socket so its backlog can be raised after bind (the library hardcodes 5).
  server.set_socket_options([self](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes));
    self->listen_fd = sock;
  });
  // Requests without a body are answered before the library looks at them further. One with a
  // body must let the library read (or refuse, 413) that body first, or its bytes would be taken
  // for the next request on the connection; catch-all handlers then answer it the same way.
  server.set_pre_routing_handler([self](const httplib::Request& req, httplib::Response& res) {
    const bool has_body =
        req.has_header("Transfer-Encoding") ||
        (req.has_header("Content-Length") && req.get_header_value("Content-Length") != "0");
    if (has_body) return httplib::Server::HandlerResponse::Unhandled;
    self->Handle(req, res);
    return httplib::Server::HandlerResponse::Handled;
  });
  const auto with_body = [self](const httplib::Request& req, httplib::Response& res) {
    self->Handle(req, res);
  };
  server.Get(".*", with_body);
  server.Post(".*", with_body);
  server.Put(".*", with_body);
  server.Patch(".*", with_body);
  server.Delete(".*", with_body);
  server.Options(".*", with_body);
  // Errors the library answers itself (malformed request, URI too long, body too large).
  server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty() || res.status == 304) return;
    const Reply reply = ErrorReply(res.status, LibraryErrorMessage(res.status));
    res.set_content(reply.body, reply.content_type.c_str());
  });
  server.set_logger([](const httplib::Request& req, const httplib::Response& res) {
    if (!spdlog::should_log(spdlog::level::info)) return;
    const auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t_request_start)
            .count();
    const size_t bytes = res.body.empty() ? res.content_length_ : res.body.size();
    spdlog::info("{} \"{} {}\" {} {} {}us", req.remote_addr, Printable(req.method),
                 Printable(req.target), res.status, bytes, micros);
  });
  if (config.port == 0) {
    impl->port = server.bind_to_any_port(config.host);
  } else {
    impl->port = server.bind_to_port(config.host, config.port) ? config.port : -1;
  }
  if (impl->port <= 0) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("cannot listen on {}:{}: address in use or not available; choose "
                            "another --listen",
                            config.host, config.port));
  }
  // Linux applies a second listen() to the bound socket as a new backlog.
  if (impl->listen_fd >= 0) ::listen(impl->listen_fd, config.listen_backlog);
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

int HttpServer::port() const { return impl_->port; }

Status HttpServer::Serve() {
  if (!impl_->server.listen_after_bind()) {
    return Fail(ErrorCode::kIo, "http server stopped with an error");
  }
  return {};
}

void HttpServer::Stop() { impl_->server.stop(); }

}  // namespace cryptoscope::serve
