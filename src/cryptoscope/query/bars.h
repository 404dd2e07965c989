// Weekly and monthly bars from daily ones. Pure.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "cryptoscope/core/day.h"
#include "cryptoscope/query/rows.h"

namespace cryptoscope::query {

enum class Interval { kDay, kWeek, kMonth };

std::optional<Interval> ParseInterval(std::string_view text);  // "1d", "1w", "1M".
std::string_view IntervalName(Interval interval);

// First and last day of the period containing `day`: the day itself, its ISO week (Monday to
// Sunday) or its calendar month.
Day PeriodStart(Day day, Interval interval);
Day PeriodEnd(Day day, Interval interval);

// Bars of `days` (ascending, consecutive or not) per period: open of the first day, close of
// the last, high max, low min, volumes summed (quote_volume null if any day's is null), dated by
// the period's first day. kDay returns the input.
std::vector<Bar> Aggregate(const std::vector<Bar>& days, Interval interval);

}  // namespace cryptoscope::query
