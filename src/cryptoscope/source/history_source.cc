#include "cryptoscope/source/history_source.h"

namespace cryptoscope::source {

Delivery Settle(std::optional<Day> asked_from, const Page& page) {
  Delivery out;
  if (!page.delivered_through) return out;
  const Day last = *page.delivered_through;
  Day first = asked_from.value_or(page.candles.empty() ? last : page.candles.front().day);
  first = std::min(first, last);
  out.synced_through = last;
  out.answered = DayRange{first, last};
  auto candle = page.candles.begin();
  for (Day day = first; day <= last; day += std::chrono::days{1}) {
    while (candle != page.candles.end() && candle->day < day) ++candle;
    if (candle == page.candles.end() || candle->day != day) out.gaps.push_back(day);
  }
  return out;
}

}  // namespace cryptoscope::source
