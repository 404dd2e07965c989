#include "cryptoscope/analysis/correlation.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "cryptoscope/analysis/params.h"
#include "cryptoscope/analysis/sums.h"

namespace cryptoscope::analysis {
namespace {

struct Centred {
  std::vector<double> values;  // x - mean(x).
  double norm = 0;             // sqrt(sum of squares of values).
};

Centred Centre(std::span<const double> x) {
  Centred out;
  const double mean = Mean(x);
  out.values.resize(x.size());
  double squares = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    out.values[i] = x[i] - mean;
    squares += out.values[i] * out.values[i];
  }
  // An exactly constant series has no variance; its mean may still round, leaving tiny
  // non-zero deviations that would fake a correlation.
  const bool constant = std::all_of(x.begin(), x.end(), [&](double v) { return v == x[0]; });
  out.norm = constant ? 0.0 : std::sqrt(squares);
  return out;
}

double Dot(const std::vector<double>& a, const std::vector<double>& b) {
  double sum = 0;
  for (size_t i = 0; i < a.size(); ++i) sum += a[i] * b[i];
  return sum;
}

}  // namespace

Result<CommonReturns> AlignReturns(std::span<const DatedCloses> coins, Day from, Day to) {
  CommonReturns out;
  if (coins.empty()) return out;
  for (const auto& coin : coins) {
    if (auto ok = CheckSameSize("correlation", coin.days.size(), coin.close.size()); !ok) {
      return tl::unexpected(ok.error());
    }
  }
  // Walk the first coin's days; every other coin keeps a cursor that only moves forward.
  std::vector<size_t> cursor(coins.size(), 0);
  std::vector<std::vector<double>> closes(coins.size());
  for (size_t i = 0; i < coins[0].days.size(); ++i) {
    const Day day = coins[0].days[i];
    if (day < from) continue;
    if (day > to) break;
    bool everywhere = true;
    for (size_t c = 1; c < coins.size(); ++c) {
      const auto& days = coins[c].days;
      while (cursor[c] < days.size() && days[cursor[c]] < day) ++cursor[c];
      if (cursor[c] == days.size() || days[cursor[c]] != day) everywhere = false;
    }
    if (!everywhere) continue;
    out.days.push_back(day);
    closes[0].push_back(coins[0].close[i]);
    for (size_t c = 1; c < coins.size(); ++c) closes[c].push_back(coins[c].close[cursor[c]]);
  }
  out.returns.resize(coins.size());
  for (size_t c = 0; c < coins.size(); ++c) {
    const auto& close = closes[c];
    for (size_t i = 0; i < close.size(); ++i) {
      if (!(close[i] > 0)) {
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("correlation: close on {} is {}, not a positive price",
                                FormatDay(out.days[i]), close[i]));
      }
    }
    auto& r = out.returns[c];
    if (close.size() >= 2) r.reserve(close.size() - 1);
    for (size_t i = 1; i < close.size(); ++i) r.push_back(close[i] / close[i - 1] - 1.0);
  }
  return out;
}

Result<double> Correlation(std::span<const double> x, std::span<const double> y) {
  if (auto ok = CheckSameSize("correlation", x.size(), y.size()); !ok) {
    return tl::unexpected(ok.error());
  }
  if (x.size() < 2) return kNoValue;
  const Centred a = Centre(x);
  const Centred b = Centre(y);
  if (a.norm == 0 || b.norm == 0) return kNoValue;
  return std::clamp(Dot(a.values, b.values) / (a.norm * b.norm), -1.0, 1.0);
}

Result<std::vector<std::vector<double>>> CorrelationMatrix(
    const std::vector<std::vector<double>>& returns) {
  const size_t n = returns.size();
  for (const auto& r : returns) {
    if (auto ok = CheckSameSize("correlation", returns[0].size(), r.size()); !ok) {
      return tl::unexpected(ok.error());
    }
  }
  std::vector<Centred> centred;
  centred.reserve(n);
  for (const auto& r : returns) centred.push_back(Centre(r));
  std::vector<std::vector<double>> out(n, std::vector<double>(n, kNoValue));
  const bool enough = n > 0 && returns[0].size() >= 2;
  for (size_t i = 0; i < n; ++i) {
    if (!enough || centred[i].norm == 0) continue;
    out[i][i] = 1.0;
    for (size_t j = i + 1; j < n; ++j) {
      if (centred[j].norm == 0) continue;
      // Rounding can push |r| a hair past 1; clamp to the mathematical range.
      const double r = std::clamp(
          Dot(centred[i].values, centred[j].values) / (centred[i].norm * centred[j].norm), -1.0,
          1.0);
      out[i][j] = r;
      out[j][i] = r;
    }
  }
  return out;
}

Result<double> Beta(std::span<const double> asset, std::span<const double> benchmark) {
  if (auto ok = CheckSameSize("beta", asset.size(), benchmark.size()); !ok) {
    return tl::unexpected(ok.error());
  }
  if (asset.size() < 2) return kNoValue;
  const Centred a = Centre(asset);
  const Centred b = Centre(benchmark);
  if (b.norm == 0) return kNoValue;
  return Dot(a.values, b.values) / (b.norm * b.norm);
}

}  // namespace cryptoscope::analysis
