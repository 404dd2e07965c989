#include "cryptoscope/analysis/risk.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace cryptoscope::analysis {
namespace {

TEST(MaxDrawdownTest, DeepestFallFromAPriorHigh) {
  const std::vector<double> close = {100, 120, 90, 130, 60, 125};
  auto dd = MaxDrawdown(close);
  ASSERT_TRUE(dd);
  EXPECT_DOUBLE_EQ(dd->depth, 60.0 / 130 - 1);
  EXPECT_EQ(dd->peak, 3u);
  EXPECT_EQ(dd->trough, 4u);
  EXPECT_FALSE(dd->recovery.has_value());
}

TEST(MaxDrawdownTest, RecoveryIsTheFirstRowBackAtThePeak) {
  const std::vector<double> close = {100, 50, 80, 100, 90};
  auto dd = MaxDrawdown(close);
  ASSERT_TRUE(dd);
  EXPECT_DOUBLE_EQ(dd->depth, -0.5);
  EXPECT_EQ(dd->peak, 0u);
  EXPECT_EQ(dd->trough, 1u);
  EXPECT_EQ(dd->recovery, 3u);
}

TEST(MaxDrawdownTest, RisingSeriesHasNone) {
  const std::vector<double> close = {1, 2, 3};
  auto dd = MaxDrawdown(close);
  ASSERT_TRUE(dd);
  EXPECT_EQ(dd->depth, 0);
  EXPECT_EQ(dd->peak, 0u);
  EXPECT_EQ(dd->recovery, 0u);
  EXPECT_FALSE(MaxDrawdown(std::vector<double>{}));
}

TEST(RatiosTest, SharpeAndSortinoByHand) {
  const std::vector<double> r = {0.01, -0.02, 0.03, 0.0};
  const double mean = 0.02 / 4;
  double squares = 0;
  for (double x : r) squares += (x - mean) * (x - mean);
  const double sd = std::sqrt(squares / 3);
  EXPECT_NEAR(AnnualisedVolatility(r), sd * std::sqrt(365.0), 1e-15);
  EXPECT_NEAR(Sharpe(r), mean / sd * std::sqrt(365.0), 1e-12);
  const double downside = std::sqrt(0.02 * 0.02 / 4);
  EXPECT_NEAR(Sortino(r), mean / downside * std::sqrt(365.0), 1e-12);
  // With a 3.65% risk-free rate the daily target is 0.0001.
  const double target = 0.0001;
  const double downside_rf =
      std::sqrt(((0.0 - target) * (0.0 - target) + (-0.02 - target) * (-0.02 - target)) / 4);
  EXPECT_NEAR(Sharpe(r, 0.0365), (mean - target) / sd * std::sqrt(365.0), 1e-12);
  EXPECT_NEAR(Sortino(r, 0.0365), (mean - target) / downside_rf * std::sqrt(365.0), 1e-12);
}

TEST(RatiosTest, UndefinedIsNaN) {
  const std::vector<double> one = {0.01};
  const std::vector<double> flat = {0.01, 0.01, 0.01};
  EXPECT_TRUE(std::isnan(Sharpe(one)));
  EXPECT_TRUE(std::isnan(Sharpe(flat)));
  EXPECT_TRUE(std::isnan(Sortino(flat)));  // Nothing below the target.
  EXPECT_TRUE(std::isnan(AnnualisedVolatility(one)));
}

TEST(StatsTest, OverARunOfCloses) {
  const std::vector<double> close = {100, 110, 99, 120};
  auto stats = ComputeStats(close);
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->rows, 4u);
  EXPECT_DOUBLE_EQ(stats->total_return, 0.2);
  const std::vector<double> r = {0.1, 99.0 / 110 - 1, 120.0 / 99 - 1};
  EXPECT_DOUBLE_EQ(stats->volatility, AnnualisedVolatility(r));
  EXPECT_DOUBLE_EQ(stats->sharpe, Sharpe(r));
  EXPECT_DOUBLE_EQ(stats->sortino, Sortino(r));
  EXPECT_DOUBLE_EQ(stats->drawdown.depth, -0.1);
  EXPECT_EQ(stats->drawdown.recovery, 3u);
}

TEST(StatsTest, InvalidInput) {
  const std::vector<double> close = {1, 2};
  EXPECT_FALSE(ComputeStats(std::vector<double>{}));
  auto rf = ComputeStats(close, 5);
  ASSERT_FALSE(rf);
  EXPECT_EQ(rf.error().message, "stats: rf must be an annual rate as a fraction in (-1, 1), got 5");
  EXPECT_FALSE(ComputeStats(std::vector<double>{1, -1}));
}

}  // namespace
}  // namespace cryptoscope::analysis
