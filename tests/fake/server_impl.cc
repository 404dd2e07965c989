#include "fake/server_impl.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <sys/socket.h>

#include <stdexcept>

namespace cryptoscope::fake {

using internal::Reply;

// httplib listens with a backlog of 5; 64 clients connecting at once need more.
class FakeExchange::Impl::Server : public httplib::Server {
 public:
  void WidenBacklog() { ::listen(svr_sock_, 1024); }
};

int64_t SteadyNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

namespace {

int64_t WallNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string RawQuery(const httplib::Request& req) {
  const size_t q = req.target.find('?');
  return q == std::string::npos ? std::string() : req.target.substr(q + 1);
}

}  // namespace

std::string internal::HttpDate(int64_t now_ms) {
  const std::chrono::sys_seconds at{std::chrono::seconds{now_ms / 1000}};
  return fmt::format("{:%a, %d %b %Y %H:%M:%S} GMT", at);
}

namespace {

Reply NotFound() {
  Reply r;
  r.status = 404;
  r.content_type = "text/html";
  r.body = "<html><body><h1>404 Not Found</h1></body></html>\n";
  return r;
}

}  // namespace

FakeExchange::Impl::Impl(Scenario scenario, Options opts)
    : options(std::move(opts)),
      index(std::make_shared<const internal::ScenarioIndex>(std::move(scenario))) {}

FakeExchange::Impl::~Impl() { Stop(); }

void FakeExchange::Impl::Start() {
  server = std::make_unique<Server>();
  const size_t threads = static_cast<size_t>(std::max(1, options.threads));
  server->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server->set_keep_alive_max_count(100000);
  server->set_keep_alive_timeout(std::max(1, options.keep_alive_timeout_s));
  server->set_tcp_nodelay(true);
  // httplib's default also sets SO_REUSEPORT, which lets a second server share a busy port
  // silently; a sandbox started twice on one port must fail instead.
  server->set_socket_options([](int sock) {
    const int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  auto handler = [this](const httplib::Request& req, httplib::Response& res) { Handle(req, res); };
  // Control requests are answered before httplib reads a body, so `curl -X POST url` (no
  // Content-Length) works.
  server->set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (!req.path.starts_with("/__control/")) return httplib::Server::HandlerResponse::Unhandled;
    HandleControl(req, res);
    return httplib::Server::HandlerResponse::Handled;
  });
  server->Get(".*", handler);
  server->Post(".*", handler);
  if (options.port == 0) {
    port = server->bind_to_any_port(options.host);
  } else {
    port = server->bind_to_port(options.host, options.port) ? options.port : -1;
  }
  if (port <= 0) {
    throw std::runtime_error(
        fmt::format("fake exchange: cannot listen on {}:{}", options.host, options.port));
  }
  server->WidenBacklog();
  thread = std::thread([this] { server->listen_after_bind(); });
  // stop() before the accept loop runs would be lost; connections are queued by the kernel
  // meanwhile, so this wait is only for a clean shutdown.
  while (!server->is_running()) std::this_thread::yield();
}

void FakeExchange::Impl::Stop() {
  {
    std::lock_guard lock(stop_mutex);
    stopping = true;
  }
  stop_cv.notify_all();
  if (server) server->stop();
  if (thread.joinable()) thread.join();
}

bool FakeExchange::Impl::Wait(int ms) {
  std::unique_lock lock(stop_mutex);
  return !stop_cv.wait_for(lock, std::chrono::milliseconds(ms), [this] { return stopping; });
}

std::shared_ptr<const internal::ScenarioIndex> FakeExchange::Impl::Snapshot() const {
  std::lock_guard lock(scenario_mutex);
  return index;
}

void FakeExchange::Impl::EditScenario(const std::function<void(Scenario&)>& edit) {
  std::lock_guard lock(scenario_mutex);
  Scenario copy = index->scenario;
  edit(copy);
  index = std::make_shared<const internal::ScenarioIndex>(std::move(copy));
}

Reply FakeExchange::Impl::Serve(const std::shared_ptr<const internal::ScenarioIndex>& snapshot,
                                const httplib::Request& req, bool toplist_shift) {
  const std::string& path = req.path;
  const internal::ScenarioIndex& ix = *snapshot;
  if (path == "/api/v3/exchangeInfo") {
    const FaultOptions faults = gate.faults();
    const int limit = faults.binance_weight_limit;
    const int window = faults.binance_weight_window_s;
    if (!req.params.empty()) return internal::BinanceExchangeInfo(ix, req.params, limit, window);
    std::lock_guard lock(cache_mutex);
    if (cached_for != snapshot || cached_limit != limit || cached_window != window) {
      cached_exchange_info = internal::BinanceExchangeInfo(ix, req.params, limit, window).body;
      cached_for = snapshot;
      cached_limit = limit;
      cached_window = window;
    }
    Reply r;
    r.body = cached_exchange_info;
    return r;
  }
  if (path == "/api/v3/klines") return internal::BinanceKlines(ix, req.params);
  if (path == "/api/v3/time") return internal::BinanceTime(ix.scenario.now_ms);
  if (path == "/api/v3/ping") return Reply{200, "{}", "application/json;charset=UTF-8", {}};
  if (path == "/data/top/mktcapfull") return internal::CcTopList(ix, req.params, toplist_shift);
  if (path == "/data/v2/histoday") return internal::CcHistoDay(ix, req.params);
  return NotFound();
}

void FakeExchange::Impl::Handle(const httplib::Request& req, httplib::Response& res) {
  const int64_t arrival = SteadyNowMs();
  const int64_t wall = WallNowMs();
  if (req.path == "/stats/rate/limit") {
    // CryptoCompare's usage report: keyed like its other endpoints, never counted, no faults.
    const std::string& key = Snapshot()->scenario.required_api_key;
    const bool authorized = key.empty() || req.get_header_value("authorization") == "Apikey " + key;
    const std::optional<Reply> status = gate.CcRateLimitStatus(wall);
    const Reply reply = !status ? NotFound() : authorized ? *status : internal::CcKeyRequired();
    Record(req, reply.status, std::nullopt, arrival);
    res.status = reply.status;
    res.set_content(reply.body, reply.content_type);
    return;
  }
  if (const auto venue = internal::VenueOfPath(req.path)) {
    HandleVenue(*venue, req, res, arrival);
    return;
  }
  if (!req.path.starts_with("/api/") && !req.path.starts_with("/data/")) {
    const Reply missing = NotFound();  // Neither provider: no limits, no key check.
    Record(req, missing.status, std::nullopt, arrival);
    res.status = missing.status;
    res.set_content(missing.body, missing.content_type);
    return;
  }
  auto snapshot = Snapshot();
  internal::RequestInfo info;
  info.api = internal::ApiOfPath(req.path);
  info.path = req.path;
  info.query = RawQuery(req);
  info.arrival_ms = arrival;
  info.wall_now_ms = wall;
  info.latency_ms = options.latency_ms;
  if (info.api == Api::kCryptoCompare) {
    const std::string& key = snapshot->scenario.required_api_key;
    info.key_in_url = req.has_param("api_key");
    info.authorized = key.empty() || req.get_header_value("authorization") == "Apikey " + key ||
                      (info.key_in_url && req.get_param_value("api_key") == key);
  }
  const internal::Admission admission = gate.Admit(info);
  const std::optional<FaultKind> fault = admission.fault;
  const bool shift = req.path == "/data/top/mktcapfull" && gate.faults().toplist_shift;
  Reply reply = admission.reply ? *admission.reply : Serve(snapshot, req, shift);
  int delay = options.latency_ms;
  if (fault) {
    const internal::FaultContext context = gate.Context(wall);
    internal::ApplyFaultToReply(context, *fault, info.api, reply);
    if (*fault == FaultKind::kSlow) delay += context.slow_ms;
  }
  // Real servers date every answer; this one by its own clock, which the tests control, so a
  // client that reads the provider's clock never sees the machine's.
  const int64_t offset =
      info.api == Api::kCryptoCompare ? snapshot->scenario.cc_clock_offset_ms : 0;
  reply.headers.emplace_back("Date", internal::HttpDate(snapshot->scenario.now_ms + offset));
  if (info.api == Api::kBinance) {
    const std::string used = std::to_string(admission.binance_weight_used);
    reply.headers.emplace_back("x-mbx-used-weight", used);
    reply.headers.emplace_back(internal::BinanceWeightHeader(gate.faults().binance_weight_window_s),
                               used);
  }
  if (delay > 0) Wait(delay);

  for (const auto& [name, value] : reply.headers) res.set_header(name, value);
  res.status = reply.status;
  // Recorded before anything reaches the client, so a test that got the answer sees the record.
  if (fault == FaultKind::kConnectionReset) {
    Record(req, 0, fault, arrival);
    if (internal::ResetConnection(req.local_port, req.remote_port)) {
      res.set_content("", "text/plain");  // httplib's writes now fail and it closes the socket.
      return;
    }
  } else {
    Record(req, reply.status, fault, arrival);
  }
  if (fault == FaultKind::kConnectionReset || fault == FaultKind::kTruncatedBody) {
    // Announce the full length, send half (nothing for a reset we could not carry out), close.
    auto body = std::make_shared<std::string>(std::move(reply.body));
    const size_t sent = fault == FaultKind::kTruncatedBody ? body->size() / 2 : 0;
    res.set_content_provider(body->size(), reply.content_type,
                             [body, sent](size_t, size_t, httplib::DataSink& sink) {
                               if (sent > 0) sink.write(body->data(), sent);
                               return false;
                             });
  } else {
    res.set_content(std::move(reply.body), reply.content_type);
  }
}

void FakeExchange::Impl::Record(const httplib::Request& req, int status,
                                std::optional<FaultKind> fault, int64_t arrival_ms) {
  RequestRecord r;
  r.method = req.method;
  r.path = req.path;
  r.query = RawQuery(req);
  for (const auto& [name, value] : req.headers) {
    std::string lower = name;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    r.headers[lower] = value;
  }
  r.status = status;
  r.fault = fault;
  r.at_ms_real = arrival_ms;
  std::lock_guard lock(records_mutex);
  ++path_counts[r.path];
  records.push_back(std::move(r));
}

}  // namespace cryptoscope::fake
