// libFuzzer target for the OKX parsers (candles and instruments).
#include <cstddef>
#include <cstdint>

#include "cryptoscope/parse/okx.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace cryptoscope::parse;
  cryptoscope::fuzz::ParseBothWays(
      data, size,
      [](const std::string& body) { return ParseOkxCandles(body, 1767225600000); },  // 2026-01-01.
      [](const OkxCandlesPage& a, const OkxCandlesPage& b) {
        return a.rows == b.rows && a.candles.size() == b.candles.size() &&
               a.oldest_row_day == b.oldest_row_day && a.first_open_day == b.first_open_day;
      });
  cryptoscope::fuzz::ParseBothWays(
      data, size, [](const std::string& body) { return ParseOkxInstruments(body); },
      [](const auto& a, const auto& b) { return a.size() == b.size(); });
  return 0;
}
