#include "cryptoscope/core/types.h"

namespace cryptoscope {

std::string_view SourceName(Source source) {
  switch (source) {
    case Source::kBinance:
      return "binance";
    case Source::kCryptoCompare:
      return "cryptocompare";
    case Source::kOkx:
      return "okx";
    case Source::kBybit:
      return "bybit";
  }
  return "unknown";
}

std::optional<Source> SourceFromName(std::string_view name) {
  for (Source source : {Source::kBinance, Source::kCryptoCompare, Source::kOkx, Source::kBybit}) {
    if (name == SourceName(source)) return source;
  }
  return std::nullopt;
}

}  // namespace cryptoscope
