// Textbook formulas for the analysis integration tests, written independently of
// src/cryptoscope/analysis in their plainest form, and the coin rows they run on.
#pragma once

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "integration/harness.h"

namespace cryptoscope::testing {

struct Coin {
  std::vector<std::string> dates;
  std::vector<double> open, high, low, close, volume;
};

// Every stored row of `symbol`, in date order.
inline Coin LoadCoin(const std::filesystem::path& db, const std::string& symbol) {
  Coin coin;
  for (const auto& row : ReadOhlcv(db)) {
    if (row.symbol != symbol) continue;
    coin.dates.push_back(row.date);
    coin.open.push_back(row.open);
    coin.high.push_back(row.high);
    coin.low.push_back(row.low);
    coin.close.push_back(row.close);
    coin.volume.push_back(row.volume);
  }
  return coin;
}

inline double Mean(const std::vector<double>& x, size_t from, size_t to) {  // [from, to]
  double sum = 0;
  for (size_t i = from; i <= to; ++i) sum += x[i];
  return sum / static_cast<double>(to - from + 1);
}

inline std::vector<double> TextbookRsi(const std::vector<double>& c, int n) {
  std::vector<double> out(c.size(), NAN);
  double up = 0, down = 0;
  for (int i = 1; i <= n; ++i) {
    const double d = c[i] - c[i - 1];
    up += std::max(d, 0.0);
    down += std::max(-d, 0.0);
  }
  up /= n;
  down /= n;
  auto rsi = [](double u, double d) { return d == 0 ? 100.0 : 100.0 - 100.0 / (1.0 + u / d); };
  out[n] = rsi(up, down);
  for (size_t i = n + 1; i < c.size(); ++i) {
    const double d = c[i] - c[i - 1];
    up = (up * (n - 1) + std::max(d, 0.0)) / n;
    down = (down * (n - 1) + std::max(-d, 0.0)) / n;
    out[i] = rsi(up, down);
  }
  return out;
}

inline std::vector<double> TextbookEma(const std::vector<double>& x, size_t start, int n) {
  // EMA over x[start..], seeded with the mean of its first n values.
  std::vector<double> out(x.size(), NAN);
  const size_t seed = start + n - 1;
  out[seed] = Mean(x, start, seed);
  const double k = 2.0 / (n + 1);
  for (size_t i = seed + 1; i < x.size(); ++i) out[i] = out[i - 1] + k * (x[i] - out[i - 1]);
  return out;
}

// Beta of `asset` against `benchmark`: daily returns between consecutive days in [from, to] on
// which both have a row; cov / var (sample normalisation cancels).
inline double TextbookBeta(const Coin& asset, const Coin& benchmark, const std::string& from,
                           const std::string& to) {
  std::vector<double> a, b;
  double prev_a = 0, prev_b = 0;
  bool first = true;
  for (size_t i = 0; i < asset.dates.size(); ++i) {
    if (asset.dates[i] < from || asset.dates[i] > to) continue;
    const auto j = std::find(benchmark.dates.begin(), benchmark.dates.end(), asset.dates[i]);
    if (j == benchmark.dates.end()) continue;
    const double ca = asset.close[i], cb = benchmark.close[j - benchmark.dates.begin()];
    if (!first) {
      a.push_back(ca / prev_a - 1);
      b.push_back(cb / prev_b - 1);
    }
    first = false;
    prev_a = ca;
    prev_b = cb;
  }
  const double ma = Mean(a, 0, a.size() - 1), mb = Mean(b, 0, b.size() - 1);
  double cov = 0, var = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    cov += (a[i] - ma) * (b[i] - mb);
    var += (b[i] - mb) * (b[i] - mb);
  }
  return cov / var;
}

// return_30d as the screener defines it: last close over the close of the last row on or before
// the last day - 30 days, minus 1; NaN when there is no such row.
inline double TextbookReturn30d(const Coin& coin) {
  if (coin.close.empty()) return NAN;
  const std::string base = FormatDay(*ParseDay(coin.dates.back()) - std::chrono::days{30});
  auto it = std::upper_bound(coin.dates.begin(), coin.dates.end(), base);
  if (it == coin.dates.begin()) return NAN;
  return coin.close.back() / coin.close[it - coin.dates.begin() - 1] - 1;
}

}  // namespace cryptoscope::testing
