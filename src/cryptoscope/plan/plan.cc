#include "cryptoscope/plan/plan.h"

namespace cryptoscope::plan {

FetchPlan PlanFetch(const RoutedCoin& routed, std::optional<Day> synced_through, Day today) {
  FetchPlan plan{routed, std::nullopt, !synced_through.has_value()};
  const Day first = synced_through ? *synced_through + std::chrono::days{1} : kEarliestDay;
  const Day last = today - std::chrono::days{1};
  if (first <= last) plan.range = DayRange{first, last};
  return plan;
}

bool IsStale(Day synced_through, Day today) {
  return synced_through < today - std::chrono::days{1} - std::chrono::days{kStaleAfterDays};
}

CoinPlan PlanCoin(const RoutedCoin& routed, const std::optional<CoinSync>& sync,
                  std::optional<Day> no_market_checked_on, Day today) {
  CoinPlan out;
  // Asked today already and told there is no market: tomorrow's run asks again.
  if (routed.source == Source::kCryptoCompare && no_market_checked_on &&
      *no_market_checked_on >= today) {
    out.decision = Decision::kNoMarket;
    out.plan.routed = routed;
    return out;
  }
  out.plan = PlanFetch(routed, sync ? std::optional(sync->synced_through) : std::nullopt, today);
  if (!out.plan.range) {
    out.decision = Decision::kUpToDate;
  } else if (sync && sync->stale_since && IsStale(sync->synced_through, today) &&
             sync->checked_on &&
             today < *sync->checked_on + std::chrono::days{kStaleCheckEveryDays}) {
    out.decision = Decision::kStale;
  }
  return out;
}

}  // namespace cryptoscope::plan
