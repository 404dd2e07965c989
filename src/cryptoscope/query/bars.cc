#include "cryptoscope/query/bars.h"

#include <algorithm>
#include <chrono>

namespace cryptoscope::query {

using std::chrono::days;

std::optional<Interval> ParseInterval(std::string_view text) {
  if (text == "1d") return Interval::kDay;
  if (text == "1w") return Interval::kWeek;
  if (text == "1M") return Interval::kMonth;
  return std::nullopt;
}

std::string_view IntervalName(Interval interval) {
  switch (interval) {
    case Interval::kDay:
      return "1d";
    case Interval::kWeek:
      return "1w";
    case Interval::kMonth:
      return "1M";
  }
  return "1d";
}

Day PeriodStart(Day day, Interval interval) {
  switch (interval) {
    case Interval::kDay:
      return day;
    case Interval::kWeek: {
      // iso_encoding: Monday = 1 ... Sunday = 7.
      const unsigned weekday = std::chrono::weekday(day).iso_encoding();
      return day - days{weekday - 1};
    }
    case Interval::kMonth: {
      const std::chrono::year_month_day ymd(day);
      return std::chrono::sys_days(ymd.year() / ymd.month() / 1);
    }
  }
  return day;
}

Day PeriodEnd(Day day, Interval interval) {
  switch (interval) {
    case Interval::kDay:
      return day;
    case Interval::kWeek:
      return PeriodStart(day, interval) + days{6};
    case Interval::kMonth: {
      const std::chrono::year_month_day ymd(day);
      return std::chrono::sys_days(ymd.year() / ymd.month() / std::chrono::last);
    }
  }
  return day;
}

std::vector<Bar> Aggregate(const std::vector<Bar>& days_in, Interval interval) {
  if (interval == Interval::kDay) return days_in;
  std::vector<Bar> out;
  std::optional<Day> period;
  for (const Bar& day : days_in) {
    const auto parsed = ParseDay(day.date);
    if (!parsed) continue;  // Not a date: never written by ingest; skipped rather than guessed.
    const Day start = PeriodStart(*parsed, interval);
    if (!period || start != *period) {
      period = start;
      Bar bar = day;
      bar.date = FormatDay(start);
      out.push_back(std::move(bar));
      continue;
    }
    Bar& bar = out.back();
    bar.high = std::max(bar.high, day.high);
    bar.low = std::min(bar.low, day.low);
    bar.close = day.close;
    bar.volume += day.volume;
    if (bar.quote_volume && day.quote_volume) {
      *bar.quote_volume += *day.quote_volume;
    } else {
      bar.quote_volume.reset();
    }
  }
  return out;
}

}  // namespace cryptoscope::query
