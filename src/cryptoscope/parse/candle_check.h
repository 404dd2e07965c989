// Internal to parse/: the row checks shared by the Binance and CryptoCompare candle parsers.
// Each returns the problem as a lower-case phrase (e.g. "low 5 > high 4"), nullopt when fine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cryptoscope/core/candle_rules.h"
#include "cryptoscope/core/day.h"
#include "cryptoscope/core/types.h"

namespace cryptoscope::parse::internal {

// Unit heuristics for epoch timestamps. Read as milliseconds, 1e11 is 1973-03-03, before any
// crypto market: such a value is in seconds. Read as seconds, 1e11 is the year 5138: such a value
// is in milliseconds. From 1e14 on, a "millisecond" value is in microseconds.
inline constexpr int64_t kMinPlausibleMillis = 100'000'000'000;
inline constexpr int64_t kMaxPlausibleMillis = 100'000'000'000'000;  // Exclusive.
inline constexpr int64_t kMaxPlausibleSeconds = 100'000'000'000;     // Inclusive.

// Parses the decimal string that starts at `first` (just after its opening quote) and ends at the
// next '"' before `last`. Accepts only what std::from_chars reads (locale-independent) followed
// directly by the closing quote; rejects empty, garbage, non-finite and negative values.
// `name` prefixes the problem: `open "abc" is not a decimal number`.
[[nodiscard]] std::optional<std::string> ParseDecimalString(std::string_view name,
                                                            const char* first, const char* last,
                                                            double& out);

using cryptoscope::CandleProblem;  // core/candle_rules.h: shared with `check`.

// How messages name a row: its day 'YYYY-MM-DD' when known, else its 0-based index in the body.
std::string RowLabel(std::optional<Day> day, size_t index);

// Checks that days arrive strictly ascending (a repeated day is a duplicate).
class DayOrder {
 public:
  [[nodiscard]] std::optional<std::string> Add(Day day);

 private:
  std::optional<Day> last_;
};

}  // namespace cryptoscope::parse::internal
