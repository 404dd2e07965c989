// Binance's rate governor and response classifier. Facts: docs/api-contract.md sections 1.2-1.4.
//
// Pacing: every REQUEST_WEIGHT / RAW_REQUESTS limit from exchangeInfo.rateLimits becomes a
// sliding window of our own sent weight, filled only to `safety` of the limit; the matching
// `x-mbx-used-weight-<n><unit>` header (which also counts other clients on this IP) holds
// requests back until the window turns when it reaches that share. A 429 stops every request
// for Retry-After seconds and halves the share for the rest of the run; a 418 ban does the same
// and is reported through ban_until() so the caller can remember it across runs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cryptoscope/fetch/host_policy.h"
#include "cryptoscope/fetch/sliding_window.h"
#include "cryptoscope/parse/binance.h"

namespace cryptoscope::fetch {

class BinancePolicy final : public HostPolicy {
 public:
  // `max_wait`: a Retry-After or ban longer than this gives up on the host for this run.
  explicit BinancePolicy(Millis max_wait = Millis{300'000});

  // Replaces the default limit (6000 weight per minute) with exchangeInfo's.
  void Configure(const std::vector<parse::RateLimitRule>& rules);
  // A ban remembered from an earlier run.
  void BlockUntil(TimePoint until, bool is_ban);

  TimePoint NextSlot(TimePoint now, int weight) override;
  void OnStart(TimePoint now, int weight) override;
  Verdict Classify(const Result<Response>& result, const Request& request, TimePoint now) override;

  // End of the latest 418 ban seen, for persisting.
  std::optional<TimePoint> ban_until() const { return ban_until_; }
  double safety() const { return safety_; }

 private:
  struct Limit {
    SlidingWindow own;
    bool counts_weight;  // REQUEST_WEIGHT (else RAW_REQUESTS: one per request).
    std::string header;  // "x-mbx-used-weight-1m"; empty for RAW_REQUESTS.
    int64_t configured_limit;
    int64_t header_used = 0;  // Highest value seen in the current aligned window.
    TimePoint header_window_end{};
  };
  void ApplySafety();
  void ReadUsageHeaders(const Response& response, TimePoint now);

  Millis max_wait_;
  double safety_ = 0.9;
  std::vector<Limit> limits_;
  TimePoint blocked_until_{};
  std::optional<TimePoint> ban_until_;
};

}  // namespace cryptoscope::fetch
