#include "cryptoscope/fetch/cc_ceilings.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

namespace cryptoscope::fetch {
namespace {

constexpr size_t kPacingWindows = 3;  // second, minute, hour; then the day and month budgets.

std::array<int64_t*, parse::kCcRateWindows> Fields(CryptoCompareLimits& limits) {
  return {&limits.per_second, &limits.per_minute, &limits.per_hour, &limits.per_day,
          &limits.per_month};
}

// The plan's ceiling for `window`, if the answer states enough to know it.
std::optional<int64_t> PlanCeiling(const parse::CcRateLimitStatus& plan, size_t window) {
  const auto& made = plan.calls_made[window];
  const auto& left = plan.calls_left[window];
  const auto& max = plan.max_calls[window];
  if (window < kPacingWindows) {
    std::optional<int64_t> ceiling;
    if (made && left) ceiling = *made + *left;
    if (max) ceiling = ceiling ? std::min(*ceiling, *max) : *max;
    if (ceiling) return std::max<int64_t>(*ceiling, 1);
    return std::nullopt;
  }
  std::optional<int64_t> budget = left;
  if (max && made) budget = budget ? std::min(*budget, *max - *made) : *max - *made;
  if (budget) return std::max<int64_t>(*budget, 0);
  return std::nullopt;
}

const char* OriginName(CeilingOrigin origin) {
  switch (origin) {
    case CeilingOrigin::kDefault:
      return "default";
    case CeilingOrigin::kConfigured:
      return "configured";
    case CeilingOrigin::kPlan:
      return "plan";
  }
  return "?";
}

}  // namespace

CcCeilings ChooseCcCeilings(const CryptoCompareLimits& configured, const CcLimitsSet& set_by_user,
                            const std::optional<parse::CcRateLimitStatus>& plan) {
  CcCeilings out;
  out.limits = configured;
  const auto fields = Fields(out.limits);
  for (size_t window = 0; window < parse::kCcRateWindows; ++window) {
    int64_t& value = *fields[window];
    out.origin[window] = set_by_user[window] ? CeilingOrigin::kConfigured : CeilingOrigin::kDefault;
    const std::optional<int64_t> stated = plan ? PlanCeiling(*plan, window) : std::nullopt;
    if (!stated) continue;
    if (set_by_user[window] && value <= *stated) continue;  // The user's cap is the lower one.
    value = *stated;
    out.origin[window] = CeilingOrigin::kPlan;
  }
  return out;
}

std::string DescribeCcCeilings(const CcCeilings& ceilings) {
  const CryptoCompareLimits& l = ceilings.limits;
  const auto& o = ceilings.origin;
  return fmt::format(
      "{}/s ({}), {}/min ({}), {}/h ({}), {} left today ({}), {} left this month ({})",
      l.per_second, OriginName(o[0]), l.per_minute, OriginName(o[1]), l.per_hour, OriginName(o[2]),
      l.per_day, OriginName(o[3]), l.per_month, OriginName(o[4]));
}

}  // namespace cryptoscope::fetch
