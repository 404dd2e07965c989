// UTC calendar days and their conversions to the providers' timestamps.
// Binance speaks milliseconds, CryptoCompare seconds, the database 'YYYY-MM-DD'.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cryptoscope {

using Day = std::chrono::sys_days;

inline constexpr int64_t kSecondsPerDay = 86'400;
inline constexpr int64_t kMillisPerDay = 86'400'000;

// Floor division: a timestamp belongs to the UTC day that contains it.
Day DayFromUnixSeconds(int64_t seconds);
Day DayFromUnixMillis(int64_t millis);
int64_t UnixSeconds(Day day);  // 00:00:00 UTC of `day`.
int64_t UnixMillis(Day day);

// 'YYYY-MM-DD'.
std::string FormatDay(Day day);
// Parses exactly 'YYYY-MM-DD' (a real calendar date); nullopt otherwise.
std::optional<Day> ParseDay(std::string_view text);

// Whole days from `from` to `to` (negative when `to` is earlier).
inline int64_t DaysBetween(Day from, Day to) { return (to - from).count(); }

}  // namespace cryptoscope
