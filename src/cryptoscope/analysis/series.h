// analysis: pure functions over one coin's daily series (or several coins' series). No I/O, no
// SQLite, no clock: callers load rows (query/) and pass them in; every function is thread-safe.
//
// Conventions that hold for every function in this folder:
// - Input is the coin's stored rows in date order. Gaps policy: a day the store lacks (a provider
//   gap) is simply absent; nothing is filled or interpolated. Indicators run over the stored rows,
//   so the row after a gap is the next bar, and a daily return across a gap spans the gap
//   (close[i] / close[i-1] - 1 with the two rows days apart). Where several coins meet
//   (correlation, beta), only the days on which every coin has a row are used, and returns are
//   taken between consecutive such common days.
// - Outputs of indicators are aligned with the input: out.size() == input size, and an entry
//   without a value (warm-up, or an input too short) is NaN (see HasValue). The warm-up of each
//   indicator (named in its header) is the index of its first value, i.e. the number of leading
//   NaNs when the input is long enough.
// - Parameters are validated; a bad one is kInvalidArgument with a message naming it. A series
//   too short for any value is not an error: the output is all NaN.
// - Sums over windows are compensated (Neumaier) or recomputed per window, so values do not drift
//   over long histories; they agree with a straightforward reference to ~1e-12 relative.
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

#include "cryptoscope/core/day.h"

namespace cryptoscope::analysis {

// A coin's stored rows, one column per field, all of size() entries, days strictly ascending.
struct Series {
  std::vector<Day> days;
  std::vector<double> open, high, low, close, volume;
  size_t size() const { return days.size(); }
};

inline constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();
inline bool HasValue(double v) { return !std::isnan(v); }

// Largest accepted window (days), to reject absurd requests early.
inline constexpr int kMaxPeriod = 10000;

// Annualisation: crypto trades every day.
inline constexpr double kDaysPerYear = 365.0;

}  // namespace cryptoscope::analysis
