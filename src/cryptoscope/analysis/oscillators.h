// Momentum oscillators: RSI, MACD, Stochastic. Conventions in series.h (aligned output, NaN
// before the first value, stored rows in date order).
#pragma once

#include <span>
#include <vector>

#include "cryptoscope/analysis/series.h"
#include "cryptoscope/core/result.h"

namespace cryptoscope::analysis {

// Wilder's RSI over closes. change[i] = close[i] - close[i-1] (i >= 1); gains and losses
// (losses as positive numbers) are averaged with Wilder's smoothing (alpha = 1/n), seeded with the
// simple average of the first n changes (changes 1..n), as Wilder and TA-Lib do:
//   avg[n] = mean(change 1..n);  avg[i] = (avg[i-1]*(n-1) + change_i) / n.
// RSI = 100 - 100 / (1 + avg_gain/avg_loss); when avg_loss is 0 the RSI is 100 (also for a flat
// series, where both averages are 0). Warm-up n (first value at index n). n in [1, kMaxPeriod].
[[nodiscard]] Result<std::vector<double>> Rsi(std::span<const double> close, int n);
inline int RsiWarmup(int n) { return n; }

struct Macd {
  std::vector<double> macd;       // EMA(fast) - EMA(slow), from index slow-1.
  std::vector<double> signal;     // EMA(signal) of the MACD line, from index slow-1 + signal-1.
  std::vector<double> histogram;  // macd - signal, where both exist.
};
// MACD on closes. Both EMAs as Ema() (alpha 2/(n+1), each seeded with the SMA of its own first n
// closes; not TA-Lib's shifted fast seed). The signal EMA runs over the MACD line starting where
// the line exists (index slow-1), seeded with the SMA of the line's first `signal` values.
// Requires 1 <= fast < slow <= kMaxPeriod and signal >= 1. Warm-up of all three columns together:
// slow + signal - 2 (33 for 12/26/9); the macd column alone starts at slow - 1 (25).
[[nodiscard]] Result<Macd> ComputeMacd(std::span<const double> close, int fast = 12, int slow = 26,
                                       int signal = 9);
inline int MacdWarmup(int slow, int signal) { return slow + signal - 2; }

struct Stochastic {
  std::vector<double> k;  // %K, from index k_period-1.
  std::vector<double> d;  // %D, from index k_period-1 + d_period-1.
};
// Fast stochastic: %K[i] = 100 * (close[i] - LL) / (HH - LL), HH/LL the highest high and lowest
// low of rows i-k+1..i; when HH == LL (a flat window) %K is 0 (as TA-Lib). %D = SMA(d) of %K.
// Warm-up of both columns together: k + d - 2 (15 for 14/3). Columns must have equal lengths.
[[nodiscard]] Result<Stochastic> ComputeStochastic(std::span<const double> high,
                                                   std::span<const double> low,
                                                   std::span<const double> close, int k = 14,
                                                   int d = 3);
inline int StochasticWarmup(int k, int d) { return k + d - 2; }

}  // namespace cryptoscope::analysis
