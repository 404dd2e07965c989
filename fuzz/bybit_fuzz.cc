// libFuzzer target for the Bybit parsers (kline and instruments-info).
#include <cstddef>
#include <cstdint>

#include "cryptoscope/parse/bybit.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace cryptoscope::parse;
  cryptoscope::fuzz::ParseBothWays(
      data, size,
      [](const std::string& body) { return ParseBybitKline(body, 1767225600000); },  // 2026-01-01.
      [](const BybitKlinePage& a, const BybitKlinePage& b) {
        return a.rows == b.rows && a.candles.size() == b.candles.size() &&
               a.oldest_row_day == b.oldest_row_day && a.first_open_day == b.first_open_day;
      });
  cryptoscope::fuzz::ParseBothWays(
      data, size, [](const std::string& body) { return ParseBybitInstruments(body); },
      [](const auto& a, const auto& b) { return a.size() == b.size(); });
  return 0;
}
