// Injected faults: how each one looks on the wire (contract sections 1.2, 1.3, 4.1).
#include <dirent.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>

#include "fake/fake_internal.h"

namespace cryptoscope::fake {

std::string_view FaultKindName(FaultKind kind) {
  switch (kind) {
    case FaultKind::kHttp500:
      return "http500";
    case FaultKind::kHttp503:
      return "http503";
    case FaultKind::kHttp504:
      return "http504";
    case FaultKind::kBinance429:
      return "binance429";
    case FaultKind::kBinance418:
      return "binance418";
    case FaultKind::kCcRateLimit99:
      return "cc_rate_limit99";
    case FaultKind::kCc429:
      return "cc429";
    case FaultKind::kTruncatedBody:
      return "truncated_body";
    case FaultKind::kInvalidJson:
      return "invalid_json";
    case FaultKind::kConnectionReset:
      return "connection_reset";
    case FaultKind::kSlow:
      return "slow";
    case FaultKind::kBinanceUnknownSymbol:
      return "binance_unknown_symbol";
    case FaultKind::kHttp451:
      return "http451";
    case FaultKind::kBadRowLowAboveHigh:
      return "bad_row_low_above_high";
    case FaultKind::kBadRowNegative:
      return "bad_row_negative";
    case FaultKind::kBadRowTimeUnit:
      return "bad_row_time_unit";
    case FaultKind::kBadRowDuplicateDay:
      return "bad_row_duplicate_day";
  }
  return "unknown";
}

namespace internal {
namespace {

Reply Html(int status, std::string_view title) {
  Reply r;
  r.status = status;
  r.content_type = "text/html";
  r.body =
      fmt::format("<html><head><title>{0}</title></head><body><h1>{0}</h1></body></html>\n", title);
  return r;
}

int Port(const sockaddr_storage& address) {
  if (address.ss_family == AF_INET) {
    return ntohs(reinterpret_cast<const sockaddr_in&>(address).sin_port);
  }
  if (address.ss_family == AF_INET6) {
    return ntohs(reinterpret_cast<const sockaddr_in6&>(address).sin6_port);
  }
  return -1;
}

}  // namespace

Api ApiOfPath(std::string_view path) {
  return path.starts_with("/api/") ? Api::kBinance : Api::kCryptoCompare;
}

bool IsFaultablePath(std::string_view path) {
  return path == "/api/v3/exchangeInfo" || path == "/api/v3/klines" ||
         path == "/data/top/mktcapfull" || path == "/data/v2/histoday";
}

bool FaultFits(FaultKind kind, Api api) {
  switch (kind) {
    case FaultKind::kBinance429:
    case FaultKind::kBinance418:
    case FaultKind::kBinanceUnknownSymbol:
    case FaultKind::kHttp451:
      return api == Api::kBinance;
    case FaultKind::kCcRateLimit99:
    case FaultKind::kCc429:
      return api == Api::kCryptoCompare;
    default:
      return true;
  }
}

void ApplyFaultToReply(const FaultContext& context, FaultKind kind, Api api, Reply& reply) {
  const bool binance = api == Api::kBinance;
  switch (kind) {
    case FaultKind::kHttp500:
      reply = binance ? BinanceError(500, -1000,
                                     "An unknown error occurred while processing the request.")
                      : Html(500, "500 Internal Server Error");
      return;
    case FaultKind::kHttp503:
      reply = binance ? BinanceError(503, -1008,
                                     "Server is currently overloaded with other requests. "
                                     "Please try again in a few minutes.")
                      : Html(503, "503 Service Temporarily Unavailable");
      return;
    case FaultKind::kHttp504:
      reply = Html(504, "504 Gateway Time-out");
      return;
    case FaultKind::kBinance429:
      reply = BinanceError(429, -1003,
                           fmt::format("Too much request weight used; current limit is {} request "
                                       "weight per 1 MINUTE. Please use WebSocket Streams for "
                                       "live updates to avoid polling the API.",
                                       context.binance_weight_limit));
      reply.headers.emplace_back("Retry-After", "1");
      return;
    case FaultKind::kBinance418:
      reply = BinanceError(418, -1003,
                           fmt::format("Way too much request weight used; IP banned until {}. "
                                       "Please use WebSocket Streams for live updates to avoid "
                                       "bans.",
                                       context.wall_now_ms + 2000));
      reply.headers.emplace_back("Retry-After", "2");
      return;
    case FaultKind::kCcRateLimit99:
    case FaultKind::kCc429: {
      int64_t made[kCcWindows];
      for (int i = 0; i < kCcWindows; ++i) {
        made[i] = context.cc_max_calls[i] > 0 ? context.cc_max_calls[i] : 0;
      }
      made[0] = context.cc_max_calls[0] > 0 ? context.cc_max_calls[0] : 20;  // Second: full.
      const bool is_429 = kind == FaultKind::kCc429;
      reply = CcRateLimitReply(made, made[4], context.cc_max_calls, is_429 ? 429 : 200);
      if (is_429) reply.headers.emplace_back("Retry-After", "1");
      return;
    }
    case FaultKind::kInvalidJson:
      reply.body.resize(reply.body.size() / 2);  // Complete HTTP, broken JSON.
      if (reply.body.empty()) reply.body = "{\"Res";
      return;
    case FaultKind::kBinanceUnknownSymbol:
      reply = BinanceError(400, -1121, "Invalid symbol.");
      return;
    case FaultKind::kHttp451:
      reply = BinanceError(451, 0,
                           "Service unavailable from a restricted location according to 'b. "
                           "Eligibility' in https://www.binance.com/en/terms. Please contact "
                           "customer service if you believe you received this message in error.");
      return;
    case FaultKind::kBadRowLowAboveHigh:
    case FaultKind::kBadRowNegative:
    case FaultKind::kBadRowTimeUnit:
    case FaultKind::kBadRowDuplicateDay:
      CorruptRow(kind, reply.body);
      return;
    case FaultKind::kTruncatedBody:
    case FaultKind::kConnectionReset:
    case FaultKind::kSlow:
      return;  // Carried out by the server.
  }
}

bool ResetConnection(int local_port, int remote_port) {
  // httplib gives handlers no socket; find ours by its port pair among the process's descriptors.
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return false;
  bool done = false;
  while (dirent* entry = readdir(dir)) {
    char* end = nullptr;
    const long fd = std::strtol(entry->d_name, &end, 10);
    if (end == entry->d_name || *end != '\0' || fd == dirfd(dir)) continue;
    sockaddr_storage local{}, peer{};
    socklen_t local_len = sizeof(local), peer_len = sizeof(peer);
    const int sock = static_cast<int>(fd);
    if (getsockname(sock, reinterpret_cast<sockaddr*>(&local), &local_len) != 0) continue;
    if (Port(local) != local_port) continue;
    if (getpeername(sock, reinterpret_cast<sockaddr*>(&peer), &peer_len) != 0) continue;
    if (Port(peer) != remote_port) continue;
    const linger hard{1, 0};  // close() now sends RST instead of FIN.
    setsockopt(sock, SOL_SOCKET, SO_LINGER, &hard, sizeof(hard));
    shutdown(sock, SHUT_RDWR);  // httplib's writes fail, so it closes without a response.
    done = true;
    break;
  }
  closedir(dir);
  return done;
}

}  // namespace internal
}  // namespace cryptoscope::fake
