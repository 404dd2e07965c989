// Internal to parse/: candle rows whose every field is a JSON string, newest first (OKX, Bybit).
// One reader for both venues so the time, decimal and candle checks live in one place.
#pragma once

#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cryptoscope/core/day.h"
#include "cryptoscope/core/types.h"

namespace cryptoscope::parse::internal {

// Where each value sits in a venue's row. Fields not named here are skipped unread.
struct StringRowLayout {
  std::string_view kind;  // Prefixes messages: "okx candles", "bybit kline".
  size_t fields = 0;      // Fields a row must have at least.
  size_t time = 0;        // Open time, a string of epoch milliseconds.
  size_t open = 1, high = 2, low = 3, close = 4, volume = 5, quote_volume = 6;
  std::optional<size_t> confirm;  // OKX: "1" closed, "0" still forming.
};

struct NewestFirstPage {
  std::vector<Candle> candles;        // Closed days only, re-sorted ascending.
  size_t rows = 0;                    // Rows in the body, forming ones included.
  std::optional<Day> oldest_row_day;  // The body's last row (newest first), forming or not.
  std::optional<Day> first_open_day;  // The oldest row left out as still forming, if any.
};

// Reads `rows`, an array of arrays of strings, newest first. Every row is checked: at least
// `layout.fields` strings; the time an integer in milliseconds (not seconds, not microseconds) on
// UTC midnight; decimals as ParseDecimalString; the candle rules (CandleProblem); days strictly
// descending; confirm "0" or "1". A row is closed when it is confirmed (if the venue says) and its
// day has ended by `now_ms`. One bad row fails the whole body: the message names the row's day (or
// index) and the problem, e.g. "okx candles row 2024-03-01: low 5 > high 4".
[[nodiscard]] std::optional<std::string> ReadNewestFirstRows(simdjson::ondemand::value& rows,
                                                             const char* body_end,
                                                             const StringRowLayout& layout,
                                                             int64_t now_ms, NewestFirstPage& out);

}  // namespace cryptoscope::parse::internal
