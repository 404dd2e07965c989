// Risk and performance over a run of closes (the caller cuts the rows to the wanted range).
// Returns are simple daily returns between consecutive rows (series.h: across a gap, over the gap).
//   volatility = sample sd (n-1) of the returns * sqrt(365)
//   sharpe     = (mean(r) - rf/365) / sd(r) * sqrt(365)           (sd: sample, as above)
//   sortino    = (mean(r) - rf/365) / dd * sqrt(365),  dd = sqrt(sum(min(0, r - rf/365)^2) / N)
// with rf the annual risk-free rate as a fraction (0.05 = 5%, default 0) spread evenly over 365
// days, and N the number of returns (Sortino & Price's downside deviation with the target rf/365).
// An undefined value (fewer than 2 returns, zero sd, no return below the target) is NaN.
#pragma once

#include <cstddef>
#include <optional>
#include <span>

#include "cryptoscope/core/result.h"

namespace cryptoscope::analysis {

struct Drawdown {
  double depth = 0;   // <= 0: close[trough] / close[peak] - 1, the deepest fall from a high.
  size_t peak = 0;    // Row of the high before the trough (the first row at that high).
  size_t trough = 0;  // Row of the lowest point (the first one when tied).
  // First row after the trough whose close is >= close[peak]; nullopt when not yet recovered.
  // When there was no fall (depth 0), peak = trough = recovery = 0.
  std::optional<size_t> recovery;
};
// kInvalidArgument on an empty input.
[[nodiscard]] Result<Drawdown> MaxDrawdown(std::span<const double> close);

// Over returns (no NaN). Each is NaN when undefined (see above).
double AnnualisedVolatility(std::span<const double> returns);
double Sharpe(std::span<const double> returns, double rf = 0);
double Sortino(std::span<const double> returns, double rf = 0);

struct Stats {
  size_t rows = 0;          // Closes used (days with a row).
  double total_return = 0;  // close[last] / close[0] - 1.
  double volatility = 0;
  double sharpe = 0;
  double sortino = 0;
  Drawdown drawdown;
};
// All of the above over `close` (rows in date order). kInvalidArgument when close is empty, a
// close is not > 0, or rf is not finite in (-1, 1).
[[nodiscard]] Result<Stats> ComputeStats(std::span<const double> close, double rf = 0);

}  // namespace cryptoscope::analysis
