#include "cryptoscope/plan/plan.h"

namespace cryptoscope::plan {

FetchPlan PlanFetch(const RoutedCoin& routed, std::optional<Day> synced_through, Day today) {
  FetchPlan plan{routed, std::nullopt, !synced_through.has_value()};
  const Day first = synced_through ? *synced_through + std::chrono::days{1} : kEarliestDay;
  const Day last = today - std::chrono::days{1};
  if (first <= last) plan.range = DayRange{first, last};
  return plan;
}

}  // namespace cryptoscope::plan
