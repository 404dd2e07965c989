// The clock of the fetch layer. Wall time, because providers' rate windows are aligned to it.
// Policies take `now` as an argument so their unit tests need no real clock.
#pragma once

#include <chrono>

namespace cryptoscope::fetch {

using Clock = std::chrono::system_clock;
using TimePoint = Clock::time_point;
using Millis = std::chrono::milliseconds;

// The first instant of the next `window`-long interval aligned to the Unix epoch.
inline TimePoint NextAlignedBoundary(TimePoint now, Millis window) {
  const auto since_epoch = std::chrono::duration_cast<Millis>(now.time_since_epoch());
  return TimePoint{(since_epoch / window + 1) * window};
}

}  // namespace cryptoscope::fetch
