#include "cryptoscope/parse/candle_check.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <system_error>
#include <utility>

namespace cryptoscope::parse::internal {
namespace {

// The string's text for a message: at most 32 bytes, printable ASCII only (input is untrusted).
std::string Excerpt(const char* first, const char* last) {
  const void* quote = std::memchr(first, '"', static_cast<size_t>(last - first));
  const char* end = quote != nullptr ? static_cast<const char*>(quote) : last;
  constexpr size_t kMaxBytes = 32;
  std::string text;
  for (const char* p = first; p != end && text.size() < kMaxBytes; ++p) {
    text.push_back(*p >= 0x20 && *p < 0x7f ? *p : '?');
  }
  if (end - first > static_cast<std::ptrdiff_t>(kMaxBytes)) text += "...";
  return text;
}

}  // namespace

std::optional<std::string> ParseDecimalString(std::string_view name, const char* first,
                                              const char* last, double& out) {
  if (first == last || *first == '"') return fmt::format("{} is empty", name);
  // std::from_chars: no locale, no leading whitespace or '+'; libstdc++ 12 uses fast_float.
  const auto [ptr, ec] = std::from_chars(first, last, out);
  const bool parsed = ec == std::errc() || ec == std::errc::result_out_of_range;
  if (!parsed || ptr == last || *ptr != '"') {
    return fmt::format("{} \"{}\" is not a decimal number", name, Excerpt(first, last));
  }
  if (ec == std::errc::result_out_of_range || !std::isfinite(out)) {
    return fmt::format("{} {} is not finite", name, Excerpt(first, last));
  }
  if (out < 0) return fmt::format("{} {} is negative", name, Excerpt(first, last));
  return std::nullopt;
}

std::string RowLabel(std::optional<Day> day, size_t index) {
  return day ? FormatDay(*day) : std::to_string(index);
}

std::optional<std::string> DayOrder::Add(Day day) {
  if (last_ && day == *last_) return std::string("duplicate day");
  if (last_ && day < *last_) {
    return fmt::format("day out of order (after {})", FormatDay(*last_));
  }
  last_ = day;
  return std::nullopt;
}

}  // namespace cryptoscope::parse::internal
