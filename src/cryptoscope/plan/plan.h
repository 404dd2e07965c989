// Plan: which days each coin still needs. Pure: the caller passes `today` (the providers' UTC
// day, whose candle is still open and never stored).
#pragma once

#include <optional>

#include "cryptoscope/core/day.h"
#include "cryptoscope/core/types.h"

namespace cryptoscope::plan {

// The first day asked for when nothing is stored: before any coin's first trade, so a backfill
// gets the whole history (providers answer from the first day they have).
inline constexpr Day kEarliestDay = Day{std::chrono::year{2009} / 1 / 3};

// Days from the day after `synced_through` (or kEarliestDay) through yesterday. No range when the
// coin is up to date.
[[nodiscard]] FetchPlan PlanFetch(const RoutedCoin& routed, std::optional<Day> synced_through,
                                  Day today);

}  // namespace cryptoscope::plan
