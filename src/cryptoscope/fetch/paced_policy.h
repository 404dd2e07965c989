// The governor shared by the keyless venues (CoinGecko, OKX, Bybit): fixed request ceilings per
// window from the venue's published limits, paced on sliding windows of our own starts (stricter
// than the venues' fixed windows) that are a little longer than the published ones, so requests
// that arrive later than they started still fit. A rate-limit answer stops the whole host until
// the venue's wait is over; a wait longer than `max_wait`, or a ban, closes the host for the run.
// Subclasses only classify answers.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cryptoscope/fetch/host_policy.h"
#include "cryptoscope/fetch/sliding_window.h"

namespace cryptoscope::fetch {

struct PaceLimit {
  Millis window;
  int64_t requests = 0;  // At most this many starts in any `window`.
};

class PacedPolicy : public HostPolicy {
 public:
  PacedPolicy(std::string venue, const std::vector<PaceLimit>& limits, Millis max_wait);

  TimePoint NextSlot(TimePoint now, int weight) override;
  void OnStart(TimePoint now, int weight) override;

  // Set once the venue banned this IP (e.g. Bybit's 403): the caller may remember it across runs.
  std::optional<TimePoint> ban_until() const { return ban_until_; }
  // A ban remembered from an earlier run: no request starts before `until`.
  void BlockUntil(TimePoint until);

  // Pacing across runs: the venues count per IP, not per process, so a run started right after
  // another must count the other's last requests. `count` starts at `last_start` (all assumed at
  // that instant, which only overestimates) are recorded in every window.
  void Preload(TimePoint last_start, int64_t count);
  // This run's last start, and how many starts lie within the longest window before `now`.
  std::optional<TimePoint> last_start() const { return last_start_; }
  int64_t RecentStarts(TimePoint now);

 protected:
  // The venue asked us to wait `wait`: blocks the host, then retries (kRetryAfter), or closes the
  // host (kHostFatal, kRateLimited) when the wait is longer than max_wait.
  Verdict Wait(const std::string& what, Millis wait, TimePoint now);
  // The venue banned the IP until now + `length`: closes the host for the run.
  Verdict Ban(const std::string& what, Millis length, TimePoint now);
  // 5xx and transport failures: retried; `what` names the request and the answer.
  static Verdict Transient(const std::string& what, TimePoint not_before);

  const std::string& venue() const { return venue_; }

 private:
  std::string venue_;
  Millis max_wait_;
  std::vector<SlidingWindow> windows_;
  TimePoint blocked_until_{};
  std::optional<TimePoint> ban_until_;
  std::optional<TimePoint> last_start_;
};

}  // namespace cryptoscope::fetch
