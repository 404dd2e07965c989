// Co-movement of several coins: daily returns over their common days, Pearson correlation, beta.
// Gaps (series.h): only the days on which EVERY coin given has a row count; returns run between
// consecutive common days, so all coins' returns cover exactly the same intervals.
#pragma once

#include <span>
#include <vector>

#include "cryptoscope/analysis/series.h"
#include "cryptoscope/core/result.h"

namespace cryptoscope::analysis {

// One coin's rows: days strictly ascending, one close per day (views; the caller owns the data).
struct DatedCloses {
  std::span<const Day> days;
  std::span<const double> close;
};

struct CommonReturns {
  std::vector<Day> days;                     // Common days in [from, to], ascending.
  std::vector<std::vector<double>> returns;  // Per coin: days.size()-1 simple returns (or none).
  size_t observations() const { return days.size() < 2 ? 0 : days.size() - 1; }
};
// Keeps the days in [from, to] present in every coin, then each coin's returns between
// consecutive kept days. O(total rows). kInvalidArgument if a coin's columns differ in length or a
// kept close is not > 0.
[[nodiscard]] Result<CommonReturns> AlignReturns(std::span<const DatedCloses> coins, Day from,
                                                 Day to);

// Pearson correlation (two-pass: means, then centred sums). NaN when fewer than 2 observations
// or either series is constant. kInvalidArgument when the lengths differ.
[[nodiscard]] Result<double> Correlation(std::span<const double> x, std::span<const double> y);

// Row-major size x size matrix of Correlation over `returns` (all of one length); the diagonal is
// 1 except for a constant series (NaN). O(coins^2 * observations).
[[nodiscard]] Result<std::vector<std::vector<double>>> CorrelationMatrix(
    const std::vector<std::vector<double>>& returns);

// Beta of `asset` against `benchmark` returns: cov(a, b) / var(b) (the sample normalisation
// cancels). NaN when fewer than 2 observations or the benchmark is constant.
[[nodiscard]] Result<double> Beta(std::span<const double> asset, std::span<const double> benchmark);

}  // namespace cryptoscope::analysis
