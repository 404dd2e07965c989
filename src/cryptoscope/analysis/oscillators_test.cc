#include "cryptoscope/analysis/oscillators.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "cryptoscope/analysis/moving_averages.h"

namespace cryptoscope::analysis {
namespace {

size_t LeadingNaNs(const std::vector<double>& v) {
  size_t n = 0;
  while (n < v.size() && std::isnan(v[n])) ++n;
  return n;
}

// StockCharts' RSI worked example (ChartSchool, "Relative Strength Index"), 14 periods. Its
// spreadsheet rounds intermediate averages and prints 70.53 first; computed exactly, as Wilder's
// formula is, the published closes give these values (as reproduced in independent test suites).
TEST(RsiTest, StockChartsWorkedExample) {
  const std::vector<double> close = {44.34, 44.09, 44.15, 43.61, 44.33, 44.83, 45.10, 45.42, 45.84,
                                     46.08, 45.89, 46.03, 45.61, 46.28, 46.28, 46.00, 46.03, 46.41,
                                     46.22, 45.64, 46.21, 46.25, 45.71, 46.45, 45.78, 45.35, 44.03,
                                     44.18, 44.22, 44.57, 43.42, 42.66, 43.13};
  const std::vector<double> expected = {70.46, 66.25, 66.48, 69.35, 66.29, 57.92, 62.88,
                                        63.21, 56.01, 62.34, 54.67, 50.39, 40.02, 41.49,
                                        41.90, 45.50, 37.32, 33.09, 37.79};
  auto rsi = Rsi(close, 14);
  ASSERT_TRUE(rsi);
  EXPECT_EQ(LeadingNaNs(*rsi), 14u);
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_NEAR((*rsi)[14 + i], expected[i], 0.005 + 1e-9) << i;
  }
  // The first value from the definition: total gains over total losses of the first 14 changes.
  double gains = 0, losses = 0;
  for (size_t i = 1; i <= 14; ++i) {
    const double change = close[i] - close[i - 1];
    (change > 0 ? gains : losses) += std::fabs(change);
  }
  EXPECT_NEAR((*rsi)[14], 100 - 100 / (1 + gains / losses), 1e-12);
}

TEST(RsiTest, StrictlyRisingIsHundredAndFallingIsZero) {
  std::vector<double> up, down;
  for (int i = 0; i < 50; ++i) {
    up.push_back(1 + i);
    down.push_back(100 - i);
  }
  auto rsi_up = Rsi(up, 14);
  auto rsi_down = Rsi(down, 14);
  ASSERT_TRUE(rsi_up && rsi_down);
  for (size_t i = 14; i < up.size(); ++i) {
    EXPECT_EQ((*rsi_up)[i], 100.0);
    EXPECT_EQ((*rsi_down)[i], 0.0);
  }
}

TEST(RsiTest, FlatSeriesIsHundredByConvention) {
  const std::vector<double> flat(30, 1.0);
  auto rsi = Rsi(flat, 14);
  ASSERT_TRUE(rsi);
  EXPECT_EQ((*rsi)[14], 100.0);
  EXPECT_EQ(rsi->back(), 100.0);
}

TEST(RsiTest, NeedsNPlusOneRows) {
  const std::vector<double> close(14, 1.0);
  auto rsi = Rsi(close, 14);
  ASSERT_TRUE(rsi);
  EXPECT_EQ(LeadingNaNs(*rsi), 14u);
  EXPECT_FALSE(Rsi(close, 0));
}

std::vector<double> Wave(size_t n) {
  std::vector<double> x;
  for (size_t i = 0; i < n; ++i) x.push_back(50 + 5 * std::sin(i * 0.2) + 0.05 * i);
  return x;
}

TEST(MacdTest, LineIsFastMinusSlowAndSignalIsEmaOfTheLine) {
  const auto close = Wave(200);
  auto macd = ComputeMacd(close);
  ASSERT_TRUE(macd);
  EXPECT_EQ(LeadingNaNs(macd->macd), 25u);
  EXPECT_EQ(LeadingNaNs(macd->signal), 33u);
  EXPECT_EQ(LeadingNaNs(macd->histogram), 33u);
  auto fast = Ema(close, 12);
  auto slow = Ema(close, 26);
  for (size_t i = 25; i < close.size(); ++i) {
    EXPECT_DOUBLE_EQ(macd->macd[i], (*fast)[i] - (*slow)[i]);
  }
  // The signal: seeded with the mean of the line's first 9 values (rows 25..33), alpha 0.2.
  double signal = 0;
  for (size_t i = 25; i <= 33; ++i) signal += macd->macd[i];
  signal /= 9;
  EXPECT_NEAR(macd->signal[33], signal, 1e-13);
  for (size_t i = 34; i < close.size(); ++i) {
    signal = 0.2 * macd->macd[i] + 0.8 * signal;
    EXPECT_NEAR(macd->signal[i], signal, 1e-12) << i;
    EXPECT_DOUBLE_EQ(macd->histogram[i], macd->macd[i] - macd->signal[i]);
  }
}

TEST(MacdTest, OfAConstantIsZero) {
  const std::vector<double> close(60, 42.0);
  auto macd = ComputeMacd(close);
  ASSERT_TRUE(macd);
  EXPECT_EQ(macd->macd.back(), 0.0);
  EXPECT_EQ(macd->signal.back(), 0.0);
}

TEST(MacdTest, ShortSeriesHasOnlyWhatExists) {
  const auto close = Wave(30);
  auto macd = ComputeMacd(close);
  ASSERT_TRUE(macd);
  EXPECT_EQ(LeadingNaNs(macd->macd), 25u);
  EXPECT_EQ(LeadingNaNs(macd->signal), 30u);
}

TEST(MacdTest, FastMustBeShorterThanSlow) {
  const auto close = Wave(30);
  auto bad = ComputeMacd(close, 26, 12, 9);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "macd: fast period (26) must be shorter than slow period (12)");
  EXPECT_FALSE(ComputeMacd(close, 12, 26, 0));
}

TEST(StochasticTest, ByHand) {
  const std::vector<double> high = {10, 12, 11, 13, 12};
  const std::vector<double> low = {8, 9, 9, 10, 11};
  const std::vector<double> close = {9, 11, 10, 12, 11.5};
  auto stoch = ComputeStochastic(high, low, close, 3, 2);
  ASSERT_TRUE(stoch);
  EXPECT_EQ(LeadingNaNs(stoch->k), 2u);
  EXPECT_EQ(LeadingNaNs(stoch->d), 3u);
  const double k2 = 100.0 * (10 - 8) / (12 - 8);
  const double k3 = 100.0 * (12 - 9) / (13 - 9);
  const double k4 = 100.0 * (11.5 - 9) / (13 - 9);
  EXPECT_DOUBLE_EQ(stoch->k[2], k2);
  EXPECT_DOUBLE_EQ(stoch->k[3], k3);
  EXPECT_DOUBLE_EQ(stoch->k[4], k4);
  EXPECT_DOUBLE_EQ(stoch->d[3], (k2 + k3) / 2);
  EXPECT_DOUBLE_EQ(stoch->d[4], (k3 + k4) / 2);
}

TEST(StochasticTest, MatchesBruteForceWindowsOnAWave) {
  std::vector<double> high, low, close;
  for (int i = 0; i < 400; ++i) {
    const double mid = 100 + 20 * std::sin(i * 0.07) + 3 * std::sin(i * 1.3);
    high.push_back(mid + 1 + (i % 3));
    low.push_back(mid - 1 - (i % 5));
    close.push_back(mid + 0.5 * std::sin(i));
  }
  auto stoch = ComputeStochastic(high, low, close);
  ASSERT_TRUE(stoch);
  for (size_t i = 13; i < close.size(); ++i) {
    double hh = high[i], ll = low[i];
    for (size_t j = i - 13; j <= i; ++j) {
      hh = std::max(hh, high[j]);
      ll = std::min(ll, low[j]);
    }
    EXPECT_NEAR(stoch->k[i], 100 * (close[i] - ll) / (hh - ll), 1e-12) << i;
    if (i >= 15) {
      EXPECT_NEAR(stoch->d[i], (stoch->k[i] + stoch->k[i - 1] + stoch->k[i - 2]) / 3, 1e-12);
    }
  }
}

TEST(StochasticTest, FlatWindowIsZero) {
  const std::vector<double> flat(20, 1.0);
  auto stoch = ComputeStochastic(flat, flat, flat);
  ASSERT_TRUE(stoch);
  EXPECT_EQ(stoch->k.back(), 0.0);
  EXPECT_EQ(stoch->d.back(), 0.0);
}

TEST(StochasticTest, ColumnsOfDifferentLengthsAreInvalid) {
  const std::vector<double> a(20, 1.0), b(19, 1.0);
  auto stoch = ComputeStochastic(a, b, a);
  ASSERT_FALSE(stoch);
  EXPECT_EQ(stoch.error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(ComputeStochastic(a, a, a, 0, 3));
}

}  // namespace
}  // namespace cryptoscope::analysis
