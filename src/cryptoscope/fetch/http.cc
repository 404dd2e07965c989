#include "cryptoscope/fetch/http.h"

namespace cryptoscope::fetch {

const char* HostName(Host host) { return host == Host::kBinance ? "binance" : "cryptocompare"; }

std::optional<std::string_view> Response::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  return std::nullopt;
}

}  // namespace cryptoscope::fetch
