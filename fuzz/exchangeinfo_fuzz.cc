// libFuzzer target for parse::ParseExchangeInfo, plus the two small Binance parsers
// (ParseBinanceError, ParseServerTime) that read the same kind of body.
#include <cstddef>
#include <cstdint>

#include "cryptoscope/parse/binance.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using cryptoscope::parse::ExchangeInfo;
  cryptoscope::fuzz::ParseBothWays(
      data, size,
      [](const std::string& body) { return cryptoscope::parse::ParseExchangeInfo(body); },
      [](const ExchangeInfo& a, const ExchangeInfo& b) {
        return a.server_time_ms == b.server_time_ms && a.pairs.size() == b.pairs.size() &&
               a.rate_limits.size() == b.rate_limits.size();
      });
  cryptoscope::fuzz::ParseBothWays(
      data, size, [](const std::string& body) { return cryptoscope::parse::ParseServerTime(body); },
      [](int64_t a, int64_t b) { return a == b; });
  const auto error = cryptoscope::parse::ParseBinanceError(cryptoscope::fuzz::Tight(data, size));
  const auto same = cryptoscope::parse::ParseBinanceError(cryptoscope::fuzz::Roomy(data, size));
  if (error.has_value() != same.has_value()) __builtin_trap();
  return 0;
}
