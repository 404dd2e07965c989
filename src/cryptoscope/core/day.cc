#include "cryptoscope/core/day.h"

#include <fmt/format.h>

#include <charconv>

namespace cryptoscope {
namespace {

int64_t FloorDiv(int64_t value, int64_t divisor) {
  int64_t quotient = value / divisor;
  if ((value % divisor != 0) && ((value < 0) != (divisor < 0))) --quotient;
  return quotient;
}

}  // namespace

Day DayFromUnixSeconds(int64_t seconds) {
  return Day{std::chrono::days{FloorDiv(seconds, kSecondsPerDay)}};
}

Day DayFromUnixMillis(int64_t millis) {
  return Day{std::chrono::days{FloorDiv(millis, kMillisPerDay)}};
}

int64_t UnixSeconds(Day day) { return day.time_since_epoch().count() * kSecondsPerDay; }

int64_t UnixMillis(Day day) { return day.time_since_epoch().count() * kMillisPerDay; }

std::string FormatDay(Day day) {
  const std::chrono::year_month_day ymd{day};
  return fmt::format("{:04d}-{:02d}-{:02d}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

std::optional<Day> ParseDay(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto number = [&](size_t pos, size_t len, int& out) {
    const char* first = text.data() + pos;
    auto [ptr, ec] = std::from_chars(first, first + len, out);
    return ec == std::errc() && ptr == first + len;
  };
  int y = 0, m = 0, d = 0;
  if (!number(0, 4, y) || !number(5, 2, m) || !number(8, 2, d)) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{unsigned(m)},
                                        std::chrono::day{unsigned(d)}};
  if (!ymd.ok()) return std::nullopt;
  return Day{ymd};
}

}  // namespace cryptoscope
