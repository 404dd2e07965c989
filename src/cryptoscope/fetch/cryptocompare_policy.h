// CryptoCompare's rate governor and response classifier. Facts: docs/api-contract.md
// sections 4.1-4.2.
//
// Pacing: configurable calls per second/minute/hour (sliding windows of our own calls) and per
// day/month (this run never makes more calls than either allows: Exhausted()). Limit errors
// arrive as HTTP 200 with Type 99 (or as 429): the exhausted window stops every CryptoCompare
// request until it turns, and never for less than a Retry-After header asks; an exhausted day or
// month, or a wait longer than `max_wait`, ends CryptoCompare work for the run. A rejected or
// missing key (401) is a configuration error for the whole host, never retried per coin.
// A Type 99 body states the plan's real ceilings (max_calls); pacing adopts any that are lower
// than the configured ones, so one limit error is enough to learn a tighter plan.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cryptoscope/fetch/host_policy.h"
#include "cryptoscope/fetch/sliding_window.h"

namespace cryptoscope::fetch {

struct CryptoCompareLimits {
  // The conservative keyless values observed in 2024 (docs/api-contract.md 4.2).
  int64_t per_second = 20;
  int64_t per_minute = 300;
  int64_t per_hour = 3'000;
  int64_t per_day = 7'500;
  int64_t per_month = 50'000;
};

class CryptoComparePolicy final : public HostPolicy {
 public:
  explicit CryptoComparePolicy(CryptoCompareLimits limits, Millis max_wait = Millis{300'000});

  TimePoint NextSlot(TimePoint now, int weight) override;
  void OnStart(TimePoint now, int weight) override;
  Verdict Classify(const Result<Response>& result, const Request& request, TimePoint now) override;
  // kRateLimited, naming the setting, once this run has made per_day or per_month calls.
  std::optional<Error> Exhausted() const override;

  // Replaces the ceilings (fetch/cc_ceilings.h chooses them). `day_from_plan`/`month_from_plan`:
  // per_day/per_month is what the key's plan had left, so running out names the plan, not the
  // CC_CALLS_PER_* setting.
  void SetLimits(const CryptoCompareLimits& limits, bool day_from_plan, bool month_from_plan);

 private:
  Verdict RateLimited(const std::vector<std::string>& windows, std::optional<Millis> retry_after,
                      const std::string& what, TimePoint now);
  void AdoptStatedLimits(const std::vector<std::pair<std::string, int64_t>>& max_calls);

  CryptoCompareLimits limits_;
  Millis max_wait_;
  SlidingWindow second_;
  SlidingWindow minute_;
  SlidingWindow hour_;
  int64_t calls_this_run_ = 0;
  bool day_from_plan_ = false;
  bool month_from_plan_ = false;
  TimePoint blocked_until_{};
};

}  // namespace cryptoscope::fetch
