#include "cryptoscope/analysis/oscillators.h"

#include <fmt/format.h>

#include "cryptoscope/analysis/moving_averages.h"
#include "cryptoscope/analysis/params.h"
#include "cryptoscope/analysis/sums.h"

namespace cryptoscope::analysis {
namespace {

double RsiFrom(double avg_gain, double avg_loss) {
  if (avg_loss == 0) return 100.0;
  return 100.0 - 100.0 / (1.0 + avg_gain / avg_loss);
}

// Index of the largest (`greater`) or smallest value of x[from..to], the latest on ties.
template <typename Better>
size_t ExtremeIndex(std::span<const double> x, size_t from, size_t to, Better better) {
  size_t best = from;
  for (size_t i = from + 1; i <= to; ++i) {
    if (!better(x[best], x[i])) best = i;
  }
  return best;
}

}  // namespace

Result<std::vector<double>> Rsi(std::span<const double> close, int n) {
  if (auto ok = CheckPeriod("rsi", "period", n); !ok) return tl::unexpected(ok.error());
  std::vector<double> out(close.size(), kNoValue);
  const size_t p = static_cast<size_t>(n);
  if (close.size() < p + 1) return out;
  double gain = 0, loss = 0;
  for (size_t i = 1; i <= p; ++i) {
    const double change = close[i] - close[i - 1];
    if (change > 0) gain += change;
    if (change < 0) loss -= change;
  }
  gain /= n;
  loss /= n;
  out[p] = RsiFrom(gain, loss);
  for (size_t i = p + 1; i < close.size(); ++i) {
    const double change = close[i] - close[i - 1];
    gain = (gain * (n - 1) + (change > 0 ? change : 0.0)) / n;
    loss = (loss * (n - 1) + (change < 0 ? -change : 0.0)) / n;
    out[i] = RsiFrom(gain, loss);
  }
  return out;
}

Result<Macd> ComputeMacd(std::span<const double> close, int fast, int slow, int signal) {
  if (auto ok = CheckPeriod("macd", "fast period", fast); !ok) return tl::unexpected(ok.error());
  if (auto ok = CheckPeriod("macd", "slow period", slow, 2); !ok) {
    return tl::unexpected(ok.error());
  }
  if (auto ok = CheckPeriod("macd", "signal period", signal); !ok) {
    return tl::unexpected(ok.error());
  }
  if (fast >= slow) {
    return Fail(
        ErrorCode::kInvalidArgument,
        fmt::format("macd: fast period ({}) must be shorter than slow period ({})", fast, slow));
  }
  Macd out;
  out.macd.assign(close.size(), kNoValue);
  out.signal.assign(close.size(), kNoValue);
  out.histogram.assign(close.size(), kNoValue);
  const size_t line_start = static_cast<size_t>(slow) - 1;
  if (close.size() <= line_start) return out;
  auto fast_ema = Ema(close, fast);
  auto slow_ema = Ema(close, slow);
  for (size_t i = line_start; i < close.size(); ++i) out.macd[i] = (*fast_ema)[i] - (*slow_ema)[i];
  const size_t signal_start = line_start + static_cast<size_t>(signal) - 1;
  if (close.size() <= signal_start) return out;
  EmaInto(out.macd, signal, signal_start, out.signal);
  for (size_t i = signal_start; i < close.size(); ++i) {
    out.histogram[i] = out.macd[i] - out.signal[i];
  }
  return out;
}

Result<Stochastic> ComputeStochastic(std::span<const double> high, std::span<const double> low,
                                     std::span<const double> close, int k, int d) {
  if (auto ok = CheckPeriod("stoch", "%K period", k); !ok) return tl::unexpected(ok.error());
  if (auto ok = CheckPeriod("stoch", "%D period", d); !ok) return tl::unexpected(ok.error());
  if (auto ok = CheckSameSize("stoch", high.size(), low.size(), close.size()); !ok) {
    return tl::unexpected(ok.error());
  }
  Stochastic out;
  out.k.assign(close.size(), kNoValue);
  out.d.assign(close.size(), kNoValue);
  const size_t p = static_cast<size_t>(k);
  if (close.size() < p) return out;
  // The window's extreme is kept by index and rescanned only when it leaves the window, which
  // is amortised O(1) on real prices (TA-Lib's approach), with no allocation.
  auto higher = [](double a, double b) { return a > b; };
  auto lower = [](double a, double b) { return a < b; };
  size_t hi = ExtremeIndex(high, 0, p - 1, higher);
  size_t lo = ExtremeIndex(low, 0, p - 1, lower);
  for (size_t i = p - 1; i < close.size(); ++i) {
    const size_t from = i + 1 - p;
    if (i >= p) {
      if (hi < from) {
        hi = ExtremeIndex(high, from, i, higher);
      } else if (high[i] >= high[hi]) {
        hi = i;
      }
      if (lo < from) {
        lo = ExtremeIndex(low, from, i, lower);
      } else if (low[i] <= low[lo]) {
        lo = i;
      }
    }
    const double range = high[hi] - low[lo];
    out.k[i] = range == 0 ? 0.0 : 100.0 * (close[i] - low[lo]) / range;
  }
  const size_t q = static_cast<size_t>(d);
  if (close.size() < p + q - 1) return out;
  NeumaierSum sum;
  for (size_t i = p - 1; i < close.size(); ++i) {
    sum.Add(out.k[i]);
    if (i >= p - 1 + q) sum.Add(-out.k[i - q]);
    if (i >= p + q - 2) out.d[i] = sum.Value() / d;
  }
  return out;
}

}  // namespace cryptoscope::analysis
