#include "cryptoscope/analysis/volatility.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace cryptoscope::analysis {
namespace {

size_t LeadingNaNs(const std::vector<double>& v) {
  size_t n = 0;
  while (n < v.size() && std::isnan(v[n])) ++n;
  return n;
}

TEST(BollingerTest, PopulationStandardDeviationByHand) {
  const std::vector<double> close = {1, 2, 3, 5};
  auto bb = ComputeBollinger(close, 3, 2);
  ASSERT_TRUE(bb);
  EXPECT_EQ(LeadingNaNs(bb->middle), 2u);
  EXPECT_EQ(LeadingNaNs(bb->upper), 2u);
  EXPECT_DOUBLE_EQ(bb->middle[2], 2);
  EXPECT_DOUBLE_EQ(bb->upper[2], 2 + 2 * std::sqrt(2.0 / 3));  // Divided by n, not n-1.
  EXPECT_DOUBLE_EQ(bb->lower[2], 2 - 2 * std::sqrt(2.0 / 3));
  const double mean = 10.0 / 3;
  const double sd =
      std::sqrt(((2 - mean) * (2 - mean) + (3 - mean) * (3 - mean) + (5 - mean) * (5 - mean)) / 3);
  EXPECT_NEAR(bb->upper[3], mean + 2 * sd, 1e-14);
}

// A published worked example (great-trades.com, "Bollinger Bands calculation"): a 5-bar band
// with 2 deviations over 25.5, 26.75, 27.0, 26.5, 27.25 gives middle 26.6, deviation 0.604, upper
// 27.808 and lower 25.392 (the page rounds to 3 decimals).
TEST(BollingerTest, PublishedFiveBarExample) {
  const std::vector<double> close = {25.5, 26.75, 27.0, 26.5, 27.25};
  auto bb = ComputeBollinger(close, 5, 2);
  ASSERT_TRUE(bb);
  EXPECT_NEAR(bb->middle[4], 26.6, 1e-12);
  EXPECT_NEAR(bb->upper[4], 27.808, 0.0005);
  EXPECT_NEAR(bb->lower[4], 25.392, 0.0005);
  EXPECT_NEAR(bb->upper[4], 26.6 + 2 * std::sqrt(0.365), 1e-12);
}

TEST(BollingerTest, FlatStablecoinHasBandsOnTheMiddle) {
  const std::vector<double> close(40, 1.0001);
  auto bb = ComputeBollinger(close);
  ASSERT_TRUE(bb);
  for (size_t i = 19; i < close.size(); ++i) {
    EXPECT_DOUBLE_EQ(bb->middle[i], 1.0001);
    EXPECT_DOUBLE_EQ(bb->upper[i], bb->middle[i]);
    EXPECT_DOUBLE_EQ(bb->lower[i], bb->middle[i]);
  }
}

TEST(BollingerTest, InvalidParameters) {
  const std::vector<double> close(40, 1.0);
  EXPECT_FALSE(ComputeBollinger(close, 0, 2));
  auto negative = ComputeBollinger(close, 20, -1);
  ASSERT_FALSE(negative);
  EXPECT_EQ(negative.error().message, "bb: width must be a finite number >= 0, got -1");
  EXPECT_FALSE(ComputeBollinger(close, 20, std::nan("")));
}

TEST(AtrTest, WilderSmoothingSeededWithTheMeanOfTheFirstNTrueRanges) {
  const std::vector<double> high = {10, 11, 12, 11, 14};
  const std::vector<double> low = {9, 9.5, 10, 9, 11};
  const std::vector<double> close = {9.5, 10.5, 11, 10, 13};
  // TR from row 1: max(h-l, |h-prev c|, |l-prev c|).
  const double tr1 = std::max({1.5, 1.5, 0.0});  // 11-9.5, |11-9.5|, |9.5-9.5|
  const double tr2 = std::max({2.0, 1.5, 0.5});  // 12-10, |12-10.5|, |10-10.5|
  const double tr3 = std::max({2.0, 0.0, 2.0});  // 11-9, |11-11|, |9-11|
  const double tr4 = std::max({3.0, 4.0, 1.0});  // 14-11, |14-10|, |11-10|
  auto atr = Atr(high, low, close, 2);
  ASSERT_TRUE(atr);
  EXPECT_EQ(LeadingNaNs(*atr), 2u);
  EXPECT_DOUBLE_EQ((*atr)[2], (tr1 + tr2) / 2);
  EXPECT_DOUBLE_EQ((*atr)[3], ((*atr)[2] * 1 + tr3) / 2);
  EXPECT_DOUBLE_EQ((*atr)[4], ((*atr)[3] * 1 + tr4) / 2);
}

TEST(AtrTest, NeedsNPlusOneRowsAndValidInput) {
  const std::vector<double> a(14, 1.0), b(13, 1.0);
  auto atr = Atr(a, a, a, 14);
  ASSERT_TRUE(atr);
  EXPECT_EQ(LeadingNaNs(*atr), 14u);
  EXPECT_FALSE(Atr(a, b, a, 14));
  EXPECT_FALSE(Atr(a, a, a, 0));
}

TEST(RollingVolatilityTest, SampleSdOfReturnsAnnualisedWith365) {
  const std::vector<double> close = {100, 110, 99, 108.9};  // returns 0.1, -0.1, 0.1
  auto vol = RollingVolatility(close, 3);
  ASSERT_TRUE(vol);
  EXPECT_EQ(LeadingNaNs(*vol), 3u);
  const double r1 = 0.1, r2 = 99.0 / 110 - 1, r3 = 108.9 / 99 - 1;
  const double mean = (r1 + r2 + r3) / 3;
  const double sd = std::sqrt(
      ((r1 - mean) * (r1 - mean) + (r2 - mean) * (r2 - mean) + (r3 - mean) * (r3 - mean)) / 2);
  EXPECT_NEAR((*vol)[3], sd * std::sqrt(365.0), 1e-14);
}

TEST(RollingVolatilityTest, ConstantGrowthHasZeroVolatilityAndPeriodOneIsInvalid) {
  std::vector<double> close = {1};
  for (int i = 0; i < 40; ++i) close.push_back(close.back() * 1.01);
  auto vol = RollingVolatility(close, 30);
  ASSERT_TRUE(vol);
  EXPECT_NEAR(vol->back(), 0, 1e-12);
  EXPECT_FALSE(RollingVolatility(close, 1));
}

}  // namespace
}  // namespace cryptoscope::analysis
