#include "cryptoscope/analysis/risk.h"

#include <fmt/format.h>

#include <cmath>
#include <vector>

#include "cryptoscope/analysis/returns.h"
#include "cryptoscope/analysis/series.h"
#include "cryptoscope/analysis/sums.h"

namespace cryptoscope::analysis {
namespace {

// Two-pass sample standard deviation.
double SampleSd(std::span<const double> x, double mean) {
  double squares = 0;
  for (double v : x) squares += (v - mean) * (v - mean);
  return std::sqrt(squares / static_cast<double>(x.size() - 1));
}

}  // namespace

Result<Drawdown> MaxDrawdown(std::span<const double> close) {
  if (close.empty()) return Fail(ErrorCode::kInvalidArgument, "drawdown: no rows");
  Drawdown out;
  size_t running_peak = 0;
  for (size_t i = 1; i < close.size(); ++i) {
    if (close[i] > close[running_peak]) {
      running_peak = i;
      continue;
    }
    const double depth = close[i] / close[running_peak] - 1.0;
    if (depth < out.depth) {
      out.depth = depth;
      out.peak = running_peak;
      out.trough = i;
    }
  }
  if (out.depth == 0) {
    out.recovery = 0;
    return out;
  }
  for (size_t i = out.trough + 1; i < close.size(); ++i) {
    if (close[i] >= close[out.peak]) {
      out.recovery = i;
      break;
    }
  }
  return out;
}

double AnnualisedVolatility(std::span<const double> returns) {
  if (returns.size() < 2) return kNoValue;
  return SampleSd(returns, Mean(returns)) * std::sqrt(kDaysPerYear);
}

double Sharpe(std::span<const double> returns, double rf) {
  if (returns.size() < 2) return kNoValue;
  const double mean = Mean(returns);
  const double sd = SampleSd(returns, mean);
  if (sd == 0) return kNoValue;
  return (mean - rf / kDaysPerYear) / sd * std::sqrt(kDaysPerYear);
}

double Sortino(std::span<const double> returns, double rf) {
  if (returns.size() < 2) return kNoValue;
  const double target = rf / kDaysPerYear;
  double excess = 0;
  double downside = 0;
  for (double r : returns) {
    excess += r - target;
    if (r < target) downside += (r - target) * (r - target);
  }
  if (downside == 0) return kNoValue;
  const double n = static_cast<double>(returns.size());
  return (excess / n) / std::sqrt(downside / n) * std::sqrt(kDaysPerYear);
}

Result<Stats> ComputeStats(std::span<const double> close, double rf) {
  if (!std::isfinite(rf) || rf <= -1 || rf >= 1) {
    return Fail(
        ErrorCode::kInvalidArgument,
        fmt::format("stats: rf must be an annual rate as a fraction in (-1, 1), got {}", rf));
  }
  if (close.empty()) return Fail(ErrorCode::kInvalidArgument, "stats: no rows in the range");
  auto returns = SimpleReturns(close);
  if (!returns) return tl::unexpected(returns.error());
  const std::span<const double> r = std::span<const double>(*returns).subspan(1);
  Stats out;
  out.rows = close.size();
  out.total_return = close.back() / close.front() - 1.0;
  out.volatility = AnnualisedVolatility(r);
  out.sharpe = Sharpe(r, rf);
  out.sortino = Sortino(r, rf);
  out.drawdown = *MaxDrawdown(close);
  return out;
}

}  // namespace cryptoscope::analysis
