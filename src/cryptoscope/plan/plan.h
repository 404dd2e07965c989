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

// A coin whose source has delivered nothing new for this many closed days (its last delivered day
// is older than yesterday minus this) has probably stopped trading: it is "stale" and asked only
// once every kStaleCheckEveryDays, until it delivers again.
inline constexpr int kStaleAfterDays = 30;
inline constexpr int kStaleCheckEveryDays = 7;

// Days from the day after `synced_through` (or kEarliestDay) through yesterday. No range when the
// coin is up to date.
[[nodiscard]] FetchPlan PlanFetch(const RoutedCoin& routed, std::optional<Day> synced_through,
                                  Day today);

// Whether a coin whose last delivered day is `synced_through` counts as stale on `today`.
[[nodiscard]] bool IsStale(Day synced_through, Day today);

// What to do with one coin in this run.
enum class Decision {
  kFetch,     // `plan` has a range.
  kUpToDate,  // Delivered through yesterday.
  kStale,     // Stale and asked less than kStaleCheckEveryDays ago: skipped this run.
  kNoMarket,  // No provider had a market for it when asked today (CryptoCompare coins only).
};
struct CoinPlan {
  Decision decision = Decision::kFetch;
  FetchPlan plan;
};

// Decides for one routed coin from what is stored: `sync` (nullopt when nothing was delivered
// yet) and the day it was last found to have no market (nullopt when never, or it has one now).
// A stale coin's plan still starts after its last delivered day, so a coin that trades again
// loses nothing.
[[nodiscard]] CoinPlan PlanCoin(const RoutedCoin& routed, const std::optional<CoinSync>& sync,
                                std::optional<Day> no_market_checked_on, Day today);

}  // namespace cryptoscope::plan
