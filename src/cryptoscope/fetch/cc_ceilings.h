// The CryptoCompare ceilings a run paces to, chosen from the key's own plan when CryptoCompare's
// rate-limit endpoint answers (docs/api-contract.md section 4.2), and where each came from.
#pragma once

#include <array>
#include <optional>
#include <string>

#include "cryptoscope/fetch/cryptocompare_policy.h"
#include "cryptoscope/parse/cryptocompare_rate_limit.h"

namespace cryptoscope::fetch {

enum class CeilingOrigin {
  kDefault,     // The conservative keyless values (CryptoCompareLimits' defaults).
  kConfigured,  // A CC_CALLS_PER_* value the user set (lower than the plan's, or no plan known).
  kPlan,        // The key's plan, as the rate-limit endpoint stated it.
};

// Per window, in the order second, minute, hour, day, month: did the user set CC_CALLS_PER_*?
using CcLimitsSet = std::array<bool, parse::kCcRateWindows>;

struct CcCeilings {
  // per_second/minute/hour: calls per window; per_day/per_month: calls this run may make.
  CryptoCompareLimits limits;
  std::array<CeilingOrigin, parse::kCcRateWindows> origin{};
};

// Pure. Per window: the plan's ceiling where the endpoint stated one, capped by the configured
// value when the user set one (a configured value is always an upper bound); else the configured
// value (the user's, or the default). The plan's ceiling of a pacing window (second, minute,
// hour) is calls_made + calls_left (or max_calls), at least 1; of a budget (day, month) the calls
// left (or max_calls - calls_made), at least 0, since earlier runs may have spent part of it.
// `plan` nullopt: the endpoint did not answer; the configured values stand.
[[nodiscard]] CcCeilings ChooseCcCeilings(const CryptoCompareLimits& configured,
                                          const CcLimitsSet& set_by_user,
                                          const std::optional<parse::CcRateLimitStatus>& plan);

// One line for logs and the summary, e.g. "50/s (plan), 2000/min (plan), 100000/h (plan),
// 1500000 left today (plan), 15000000 left this month (configured)".
[[nodiscard]] std::string DescribeCcCeilings(const CcCeilings& ceilings);

}  // namespace cryptoscope::fetch
