// Non-blocking HTTP transfers on one libcurl multi handle. Connections are cached by the multi
// handle and reused across requests (HTTP keep-alive; HTTP/2 multiplexing on TLS hosts).
// Not thread-safe: one thread starts transfers and polls.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "cryptoscope/core/result.h"
#include "cryptoscope/fetch/http.h"

namespace cryptoscope::fetch {

struct TransportOptions {
  int max_connections = 5;
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds request_timeout{30'000};
  // Sent as `authorization: Apikey <key>` on CryptoCompare requests only; never logged.
  std::string cryptocompare_api_key;
  // CoinGecko's optional demo key, sent as `x-cg-demo-api-key` on CoinGecko requests only;
  // never logged.
  std::string coingecko_api_key;
};

struct Completed {
  uint64_t tag = 0;
  // A transport failure (connect, reset, timeout, truncated body) is kUnavailable; a refused TLS
  // certificate or a malformed URL is kInvalidArgument. HTTP error statuses are not failures here.
  Result<Response> response;
};

class Transport {
 public:
  explicit Transport(TransportOptions options);
  ~Transport();
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  // Starts `request`; its outcome comes back from Poll() with the same `tag`.
  void Start(const Request& request, uint64_t tag);
  // Drives transfers, waiting at most `timeout` for network activity. Returns finished ones.
  std::vector<Completed> Poll(std::chrono::milliseconds timeout);
  int in_flight() const { return in_flight_; }

 private:
  struct Transfer;
  std::unique_ptr<Transfer> TakeIdleTransfer();

  TransportOptions options_;
  void* multi_;                              // CURLM*
  std::array<void*, kHostCount> headers_{};  // curl_slist* per host.
  std::vector<std::unique_ptr<Transfer>> idle_;
  std::vector<std::unique_ptr<Transfer>> active_;
  int in_flight_ = 0;
};

}  // namespace cryptoscope::fetch
