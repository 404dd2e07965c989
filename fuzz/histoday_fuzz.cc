// libFuzzer target for parse::ParseHistoDay.
#include <cstddef>
#include <cstdint>

#include "cryptoscope/parse/cryptocompare.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using cryptoscope::parse::HistoDayPage;
  cryptoscope::fuzz::ParseBothWays(
      data, size,
      [](const std::string& body) {
        return cryptoscope::parse::ParseHistoDay(body, 1767225600);  // 2026-01-01.
      },
      [](const HistoDayPage& a, const HistoDayPage& b) {
        return a.rows == b.rows && a.zero_rows == b.zero_rows &&
               a.candles.size() == b.candles.size() && a.first_row_day == b.first_row_day;
      });
  return 0;
}
