// A sliding-window log: at most `limit` cost units in any `window`-long interval. Stricter than
// the providers' fixed windows, so pacing on it also keeps every fixed window under the limit.
#pragma once

#include <cstdint>
#include <deque>
#include <utility>

#include "cryptoscope/fetch/clock.h"

namespace cryptoscope::fetch {

class SlidingWindow {
 public:
  SlidingWindow(Millis window, int64_t limit) : window_(window), limit_(limit) {}

  // The earliest time at or after `now` when `cost` more units fit. A cost above the limit fits
  // once the window is empty.
  TimePoint EarliestFit(TimePoint now, int64_t cost);
  void Record(TimePoint when, int64_t cost);

  int64_t UsedAt(TimePoint now);
  int64_t limit() const { return limit_; }
  void set_limit(int64_t limit) { limit_ = limit; }
  Millis window() const { return window_; }

 private:
  void Expire(TimePoint now);

  Millis window_;
  int64_t limit_;
  int64_t used_ = 0;
  std::deque<std::pair<TimePoint, int64_t>> log_;
};

}  // namespace cryptoscope::fetch
