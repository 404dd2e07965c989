// Volatility measures over one coin's rows: Bollinger bands, ATR, rolling volatility of returns.
// Conventions in series.h (aligned output, NaN before the first value, stored rows in date order).
#pragma once

#include <span>
#include <vector>

#include "cryptoscope/analysis/series.h"
#include "cryptoscope/core/result.h"

namespace cryptoscope::analysis {

struct Bollinger {
  std::vector<double> middle;  // SMA(n) of closes.
  std::vector<double> upper;   // middle + k * sd.
  std::vector<double> lower;   // middle - k * sd.
};
// Bollinger bands: sd is the POPULATION standard deviation (divide by n) of the same n closes,
// computed in two passes per window (exact, no drift; O(size*n)). Warm-up n-1. n in
// [1, kMaxPeriod]; k finite and >= 0.
[[nodiscard]] Result<Bollinger> ComputeBollinger(std::span<const double> close, int n = 20,
                                                 double k = 2.0);
inline int BollingerWarmup(int n) { return n - 1; }

// Wilder's Average True Range, TA-Lib's convention. TR[i] = max(high-low, |high-close[i-1]|,
// |low-close[i-1]|) for i >= 1 (the first row has no previous close and no TR). ATR[n] = mean of
// TR[1..n]; then ATR[i] = (ATR[i-1]*(n-1) + TR[i]) / n. Warm-up n (first value at index n).
[[nodiscard]] Result<std::vector<double>> Atr(std::span<const double> high,
                                              std::span<const double> low,
                                              std::span<const double> close, int n = 14);
inline int AtrWarmup(int n) { return n; }

// Rolling volatility: the SAMPLE standard deviation (divide by n-1) of the last n simple daily
// returns (close[j]/close[j-1] - 1, j = i-n+1..i), times sqrt(365). Warm-up n (n returns need n+1
// rows). n in [2, kMaxPeriod]. Closes must be non-zero (ingest stores positive prices).
[[nodiscard]] Result<std::vector<double>> RollingVolatility(std::span<const double> close,
                                                            int n = 30);
inline int RollingVolatilityWarmup(int n) { return n; }

}  // namespace cryptoscope::analysis
