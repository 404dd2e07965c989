#include "cryptoscope/fetch/http.h"

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

}  // namespace cryptoscope::fetch
