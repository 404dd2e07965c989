// libFuzzer target for parse::ParseCoinGeckoMarkets.
#include <cstddef>
#include <cstdint>

#include "cryptoscope/parse/coingecko.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace cryptoscope::parse;
  cryptoscope::fuzz::ParseBothWays(
      data, size, [](const std::string& body) { return ParseCoinGeckoMarkets(body); },
      [](const CoinGeckoPage& a, const CoinGeckoPage& b) {
        return a.entries == b.entries && a.markets.size() == b.markets.size();
      });
  return 0;
}
