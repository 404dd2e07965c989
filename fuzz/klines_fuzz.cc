// libFuzzer target for parse::ParseKlines.
#include <cstddef>
#include <cstdint>

#include "cryptoscope/parse/binance.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using cryptoscope::parse::KlinesPage;
  cryptoscope::fuzz::ParseBothWays(
      data, size,
      [](const std::string& body) {
        return cryptoscope::parse::ParseKlines(body, 1767225600000);  // 2026-01-01.
      },
      [](const KlinesPage& a, const KlinesPage& b) {
        return a.rows == b.rows && a.candles.size() == b.candles.size() &&
               a.last_row_day == b.last_row_day;
      });
  return 0;
}
