#include "cryptoscope/core/types.h"

namespace cryptoscope {

std::string_view SourceName(Source source) {
  return source == Source::kBinance ? "binance" : "cryptocompare";
}

std::optional<Source> SourceFromName(std::string_view name) {
  if (name == "binance") return Source::kBinance;
  if (name == "cryptocompare") return Source::kCryptoCompare;
  return std::nullopt;
}

}  // namespace cryptoscope
