// Moving averages of one column (usually closes). Conventions in series.h (aligned output, NaN
// before the first value). Each returns kInvalidArgument for a period outside [1, kMaxPeriod].
#pragma once

#include <span>
#include <vector>

#include "cryptoscope/analysis/series.h"
#include "cryptoscope/core/result.h"

namespace cryptoscope::analysis {

// Simple moving average: out[i] = mean(x[i-n+1..i]). Warm-up n-1 (first value at index n-1).
// O(size) with a compensated running sum.
[[nodiscard]] Result<std::vector<double>> Sma(std::span<const double> x, int n);

// Exponential moving average, alpha = 2/(n+1), seeded with the SMA of the first n values (the
// TA-Lib convention): out[n-1] = mean(x[0..n-1]), then out[i] = out[i-1] + alpha*(x[i]-out[i-1]).
// Warm-up n-1. Libraries seeding with x[0] differ during roughly the first 10*n values only.
[[nodiscard]] Result<std::vector<double>> Ema(std::span<const double> x, int n);

// Linearly weighted moving average: weights 1..n, the newest value weighs n:
// out[i] = sum_{k=1..n} k*x[i-n+k] / (n(n+1)/2). Warm-up n-1. Recomputed per window (O(size*n))
// so the value never drifts.
[[nodiscard]] Result<std::vector<double>> Wma(std::span<const double> x, int n);

inline int SmaWarmup(int n) { return n - 1; }
inline int EmaWarmup(int n) { return n - 1; }
inline int WmaWarmup(int n) { return n - 1; }

// The EMA recurrence over x, writing out[first..] where out[first] is the SMA seed of
// x[first-n+1..first]; entries before `first` are left untouched. For MACD's signal line.
void EmaInto(std::span<const double> x, int n, size_t first, std::span<double> out);

}  // namespace cryptoscope::analysis
