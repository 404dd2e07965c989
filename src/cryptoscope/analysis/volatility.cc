#include "cryptoscope/analysis/volatility.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "cryptoscope/analysis/moving_averages.h"
#include "cryptoscope/analysis/params.h"

namespace cryptoscope::analysis {

Result<Bollinger> ComputeBollinger(std::span<const double> close, int n, double k) {
  if (auto ok = CheckPeriod("bb", "period", n); !ok) return tl::unexpected(ok.error());
  if (!std::isfinite(k) || k < 0) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("bb: width must be a finite number >= 0, got {}", k));
  }
  auto middle = Sma(close, n);
  if (!middle) return tl::unexpected(middle.error());
  Bollinger out;
  out.middle = std::move(*middle);
  out.upper.assign(close.size(), kNoValue);
  out.lower.assign(close.size(), kNoValue);
  const size_t p = static_cast<size_t>(n);
  for (size_t i = p - 1; i < close.size(); ++i) {
    // Two passes (mean, then squared deviations) avoid the cancellation of sum(x^2) - n*mean^2,
    // which would lose most digits on a flat stablecoin.
    const double* window = close.data() + (i + 1 - p);
    double mean = 0;
    for (size_t j = 0; j < p; ++j) mean += window[j];
    mean /= n;
    double squares = 0;
    for (size_t j = 0; j < p; ++j) squares += (window[j] - mean) * (window[j] - mean);
    const double width = k * std::sqrt(squares / n);
    out.upper[i] = out.middle[i] + width;
    out.lower[i] = out.middle[i] - width;
  }
  return out;
}

Result<std::vector<double>> Atr(std::span<const double> high, std::span<const double> low,
                                std::span<const double> close, int n) {
  if (auto ok = CheckPeriod("atr", "period", n); !ok) return tl::unexpected(ok.error());
  if (auto ok = CheckSameSize("atr", high.size(), low.size(), close.size()); !ok) {
    return tl::unexpected(ok.error());
  }
  std::vector<double> out(close.size(), kNoValue);
  const size_t p = static_cast<size_t>(n);
  if (close.size() < p + 1) return out;
  auto true_range = [&](size_t i) {
    return std::max(
        {high[i] - low[i], std::fabs(high[i] - close[i - 1]), std::fabs(low[i] - close[i - 1])});
  };
  double atr = 0;
  for (size_t i = 1; i <= p; ++i) atr += true_range(i);
  atr /= n;
  out[p] = atr;
  for (size_t i = p + 1; i < close.size(); ++i) {
    atr = (atr * (n - 1) + true_range(i)) / n;
    out[i] = atr;
  }
  return out;
}

Result<std::vector<double>> RollingVolatility(std::span<const double> close, int n) {
  if (auto ok = CheckPeriod("volatility", "period", n, 2); !ok) return tl::unexpected(ok.error());
  std::vector<double> out(close.size(), kNoValue);
  const size_t p = static_cast<size_t>(n);
  if (close.size() < p + 1) return out;
  // Each return is read n times below: divide once (one scratch vector per call, not per point).
  std::vector<double> returns(close.size());
  for (size_t i = 1; i < close.size(); ++i) returns[i] = close[i] / close[i - 1] - 1.0;
  const double annualise = std::sqrt(kDaysPerYear);
  for (size_t i = p; i < close.size(); ++i) {
    const double* window = returns.data() + (i + 1 - p);
    double mean = 0;
    for (size_t j = 0; j < p; ++j) mean += window[j];
    mean /= n;
    double squares = 0;
    for (size_t j = 0; j < p; ++j) squares += (window[j] - mean) * (window[j] - mean);
    out[i] = std::sqrt(squares / (n - 1)) * annualise;
  }
  return out;
}

}  // namespace cryptoscope::analysis
