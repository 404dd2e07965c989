#include "cryptoscope/fetch/http.h"

#include <curl/curl.h>

#include <string>

namespace cryptoscope::fetch {

const char* HostName(Host host) {
  switch (host) {
    case Host::kBinance:
      return "binance";
    case Host::kCryptoCompare:
      return "cryptocompare";
    case Host::kCoinGecko:
      return "coingecko";
    case Host::kOkx:
      return "okx";
    case Host::kBybit:
      return "bybit";
  }
  return "unknown";
}

std::optional<std::string_view> Response::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  return std::nullopt;
}

std::optional<int64_t> HttpDateMillis(std::string_view value) {
  // libcurl's parser takes every date form HTTP has used; it answers -1 for anything else.
  const std::string text(value);
  const time_t seconds = curl_getdate(text.c_str(), nullptr);
  if (seconds <= 0) return std::nullopt;
  return static_cast<int64_t>(seconds) * 1000;
}

}  // namespace cryptoscope::fetch
