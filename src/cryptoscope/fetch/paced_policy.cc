#include "cryptoscope/fetch/paced_policy.h"

#include <fmt/format.h>

#include <algorithm>

namespace cryptoscope::fetch {
namespace {

// Starts are paced; the venue counts arrivals. Transfer times differ, so requests started in one
// window may arrive in another: pacing on a slightly longer window absorbs that.
constexpr Millis kArrivalJitter{100};

}  // namespace

PacedPolicy::PacedPolicy(std::string venue, const std::vector<PaceLimit>& limits, Millis max_wait)
    : venue_(std::move(venue)), max_wait_(max_wait) {
  for (const PaceLimit& limit : limits) {
    windows_.emplace_back(limit.window + kArrivalJitter, std::max<int64_t>(1, limit.requests));
  }
}

TimePoint PacedPolicy::NextSlot(TimePoint now, int /*weight*/) {
  TimePoint slot = std::max(now, blocked_until_);
  for (SlidingWindow& window : windows_) slot = std::max(slot, window.EarliestFit(now, 1));
  return slot;
}

void PacedPolicy::OnStart(TimePoint now, int /*weight*/) {
  for (SlidingWindow& window : windows_) window.Record(now, 1);
  last_start_ = now;
}

void PacedPolicy::Preload(TimePoint last_start, int64_t count) {
  if (count <= 0) return;
  for (SlidingWindow& window : windows_) window.Record(last_start, std::min(count, window.limit()));
}

int64_t PacedPolicy::RecentStarts(TimePoint now) {
  int64_t most = 0;
  for (SlidingWindow& window : windows_) most = std::max(most, window.UsedAt(now));
  return most;
}

void PacedPolicy::BlockUntil(TimePoint until) { blocked_until_ = std::max(blocked_until_, until); }

Verdict PacedPolicy::Wait(const std::string& what, Millis wait, TimePoint now) {
  const TimePoint until = now + wait;
  BlockUntil(until);
  if (wait > max_wait_) {
    return {Verdict::Kind::kHostFatal, until,
            Error{ErrorCode::kRateLimited,
                  fmt::format("{}; {} asks us to wait {} s, more than this run will; rerun after "
                              "that",
                              what, venue_, wait.count() / 1000)}};
  }
  return {Verdict::Kind::kRetryAfter, until, Error{ErrorCode::kRateLimited, what}};
}

Verdict PacedPolicy::Ban(const std::string& what, Millis length, TimePoint now) {
  const TimePoint until = now + length;
  BlockUntil(until);
  ban_until_ = std::max(ban_until_.value_or(until), until);
  return {Verdict::Kind::kHostFatal, until,
          Error{ErrorCode::kRateLimited,
                fmt::format("{}; {} bans this IP for {} minutes: rerun after that", what, venue_,
                            std::chrono::duration_cast<std::chrono::minutes>(length).count())}};
}

Verdict PacedPolicy::Transient(const std::string& what, TimePoint not_before) {
  return {Verdict::Kind::kRetry, not_before, Error{ErrorCode::kUnavailable, what}};
}

}  // namespace cryptoscope::fetch
