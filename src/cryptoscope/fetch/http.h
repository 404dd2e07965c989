// Values exchanged with the HTTP layer. A Request never carries an API key: the transport adds
// the CryptoCompare and CoinGecko keys as headers, so URLs are safe to log.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cryptoscope::fetch {

// One per provider host, each with its own governor (HostPolicy) in the engine.
enum class Host { kBinance, kCryptoCompare, kCoinGecko, kOkx, kBybit };
inline constexpr int kHostCount = 5;
inline constexpr Host kAllHosts[kHostCount] = {Host::kBinance, Host::kCryptoCompare,
                                               Host::kCoinGecko, Host::kOkx, Host::kBybit};
// "binance" | "cryptocompare" | "coingecko" | "okx" | "bybit"
const char* HostName(Host host);

struct Request {
  Host host = Host::kBinance;
  std::string url;    // Absolute; query values already percent-encoded.
  int weight = 1;     // Binance request weight (exchangeInfo 20, klines 2); 1 for CryptoCompare.
  std::string label;  // What the request is for, used in errors: "klines BTCUSDT".
};

struct Response {
  long status = 0;
  std::string body;  // Capacity leaves simdjson's padding after size().
  std::vector<std::pair<std::string, std::string>> headers;  // Names lower-cased.

  // The first header named `name` (give it lower-case), or nullopt.
  std::optional<std::string_view> Header(std::string_view name) const;
};

// The instant an HTTP `Date` header names (RFC 9110 IMF-fixdate, or the obsolete forms), in ms
// since the Unix epoch; nullopt when it does not parse. Every answer carries one, so it is the
// provider's clock when nothing better (Binance's serverTime) is at hand.
[[nodiscard]] std::optional<int64_t> HttpDateMillis(std::string_view value);

}  // namespace cryptoscope::fetch
