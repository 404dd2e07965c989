#include "cryptoscope/analysis/moving_averages.h"

#include "cryptoscope/analysis/params.h"
#include "cryptoscope/analysis/sums.h"

namespace cryptoscope::analysis {

Result<std::vector<double>> Sma(std::span<const double> x, int n) {
  if (auto ok = CheckPeriod("sma", "period", n); !ok) return tl::unexpected(ok.error());
  std::vector<double> out(x.size(), kNoValue);
  const size_t p = static_cast<size_t>(n);
  if (x.size() < p) return out;
  // Compensated add/subtract: the window sum stays exact to a few ulps however long the
  // history, even when prices change by orders of magnitude.
  NeumaierSum sum;
  for (size_t i = 0; i < p; ++i) sum.Add(x[i]);
  out[p - 1] = sum.Value() / n;
  for (size_t i = p; i < x.size(); ++i) {
    sum.Add(x[i]);
    sum.Add(-x[i - p]);
    out[i] = sum.Value() / n;
  }
  return out;
}

void EmaInto(std::span<const double> x, int n, size_t first, std::span<double> out) {
  const size_t p = static_cast<size_t>(n);
  double seed = 0;
  for (size_t i = first + 1 - p; i <= first; ++i) seed += x[i];
  double ema = seed / n;
  out[first] = ema;
  const double alpha = 2.0 / (n + 1.0);
  for (size_t i = first + 1; i < x.size(); ++i) {
    ema += alpha * (x[i] - ema);
    out[i] = ema;
  }
}

Result<std::vector<double>> Ema(std::span<const double> x, int n) {
  if (auto ok = CheckPeriod("ema", "period", n); !ok) return tl::unexpected(ok.error());
  std::vector<double> out(x.size(), kNoValue);
  if (x.size() < static_cast<size_t>(n)) return out;
  EmaInto(x, n, static_cast<size_t>(n) - 1, out);
  return out;
}

Result<std::vector<double>> Wma(std::span<const double> x, int n) {
  if (auto ok = CheckPeriod("wma", "period", n); !ok) return tl::unexpected(ok.error());
  std::vector<double> out(x.size(), kNoValue);
  const size_t p = static_cast<size_t>(n);
  if (x.size() < p) return out;
  const double divisor = 0.5 * n * (n + 1.0);
  for (size_t i = p - 1; i < x.size(); ++i) {
    const double* window = x.data() + (i + 1 - p);
    double numerator = 0;
    for (size_t k = 0; k < p; ++k) numerator += static_cast<double>(k + 1) * window[k];
    out[i] = numerator / divisor;
  }
  return out;
}

}  // namespace cryptoscope::analysis
