#include "cryptoscope/store/day_text.h"

#include <algorithm>
#include <string>

namespace cryptoscope::store {
namespace {

void TwoDigits(unsigned value, char* out) {
  out[0] = static_cast<char>('0' + value / 10);
  out[1] = static_cast<char>('0' + value % 10);
}

}  // namespace

std::string_view DayText::Format(Day day) {
  const std::chrono::year_month_day ymd{day};
  const int year = static_cast<int>(ymd.year());
  if (year < 0 || year > 9999) {  // Never a real candle; keep FormatDay's exact output anyway.
    const std::string text = FormatDay(day);
    const size_t size = std::min(text.size(), sizeof buffer_);
    std::copy_n(text.data(), size, buffer_);
    return {buffer_, size};
  }
  TwoDigits(static_cast<unsigned>(year) / 100, buffer_);
  TwoDigits(static_cast<unsigned>(year) % 100, buffer_ + 2);
  buffer_[4] = '-';
  TwoDigits(static_cast<unsigned>(ymd.month()), buffer_ + 5);
  buffer_[7] = '-';
  TwoDigits(static_cast<unsigned>(ymd.day()), buffer_ + 8);
  return {buffer_, 10};
}

}  // namespace cryptoscope::store
