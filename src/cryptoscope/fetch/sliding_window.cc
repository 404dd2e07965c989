#include "cryptoscope/fetch/sliding_window.h"

#include <algorithm>

namespace cryptoscope::fetch {

void SlidingWindow::Expire(TimePoint now) {
  while (!log_.empty() && log_.front().first + window_ <= now) {
    used_ -= log_.front().second;
    log_.pop_front();
  }
}

int64_t SlidingWindow::UsedAt(TimePoint now) {
  Expire(now);
  return used_;
}

TimePoint SlidingWindow::EarliestFit(TimePoint now, int64_t cost) {
  Expire(now);
  const int64_t allowed = std::max(limit_ - cost, int64_t{0});
  int64_t used = used_;
  if (used <= allowed) return now;
  for (const auto& [when, entry_cost] : log_) {
    used -= entry_cost;
    if (used <= allowed) return when + window_;
  }
  return now;  // Unreachable: an empty log fits any cost.
}

void SlidingWindow::Record(TimePoint when, int64_t cost) {
  log_.emplace_back(when, cost);
  used_ += cost;
}

}  // namespace cryptoscope::fetch
