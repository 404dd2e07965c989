#include "cryptoscope/analysis/moving_averages.h"

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

TEST(SmaTest, SmallWindowsByHand) {
  const std::vector<double> x = {1, 2, 3, 4, 5};
  auto sma = Sma(x, 3);
  ASSERT_TRUE(sma);
  EXPECT_EQ(LeadingNaNs(*sma), 2u);
  EXPECT_DOUBLE_EQ((*sma)[2], 2);
  EXPECT_DOUBLE_EQ((*sma)[3], 3);
  EXPECT_DOUBLE_EQ((*sma)[4], 4);
}

TEST(SmaTest, OfAConstantIsTheConstant) {
  const std::vector<double> x(500, 0.1);
  auto sma = Sma(x, 20);
  ASSERT_TRUE(sma);
  for (size_t i = 19; i < x.size(); ++i) EXPECT_DOUBLE_EQ((*sma)[i], 0.1) << i;
}

TEST(SmaTest, DoesNotDriftOverALongHistoryThatChangesScale) {
  // Prices from 60000 down to 1e-4: a naive running sum keeps the rounding of the large era.
  std::vector<double> x;
  for (int i = 0; i < 5000; ++i)
    x.push_back(60000.0 * std::pow(0.997, i) * (1 + 0.01 * std::sin(i)));
  auto sma = Sma(x, 20);
  ASSERT_TRUE(sma);
  for (size_t i = 19; i < x.size(); ++i) {
    double sum = 0;
    for (size_t j = i - 19; j <= i; ++j) sum += x[j];
    EXPECT_NEAR((*sma)[i], sum / 20, 1e-13 * sum / 20) << i;
  }
}

TEST(SmaTest, ShorterThanThePeriodHasNoValue) {
  const std::vector<double> x = {1, 2};
  auto sma = Sma(x, 3);
  ASSERT_TRUE(sma);
  EXPECT_EQ(LeadingNaNs(*sma), 2u);
}

TEST(SmaTest, PeriodOutsideOneToMaxIsInvalid) {
  const std::vector<double> x = {1, 2, 3};
  auto zero = Sma(x, 0);
  ASSERT_FALSE(zero);
  EXPECT_EQ(zero.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(zero.error().message, "sma: period must be between 1 and 10000, got 0");
  EXPECT_FALSE(Sma(x, kMaxPeriod + 1));
  EXPECT_FALSE(Ema(x, -1));
  EXPECT_FALSE(Wma(x, 0));
}

TEST(EmaTest, SeededWithTheSmaOfTheFirstN) {
  const std::vector<double> x = {1, 2, 3, 4, 5, 6};
  auto ema = Ema(x, 3);  // alpha = 0.5
  ASSERT_TRUE(ema);
  EXPECT_EQ(LeadingNaNs(*ema), 2u);
  EXPECT_DOUBLE_EQ((*ema)[2], 2);  // (1+2+3)/3
  EXPECT_DOUBLE_EQ((*ema)[3], 3);  // 2 + 0.5*(4-2)
  EXPECT_DOUBLE_EQ((*ema)[4], 4);  // 3 + 0.5*(5-3)
  EXPECT_DOUBLE_EQ((*ema)[5], 5);
}

TEST(EmaTest, MatchesTheRecurrenceWrittenOut) {
  std::vector<double> x;
  for (int i = 0; i < 300; ++i) x.push_back(100 + 10 * std::sin(i * 0.3) + i * 0.1);
  auto ema = Ema(x, 10);
  ASSERT_TRUE(ema);
  double expected = 0;
  for (int i = 0; i < 10; ++i) expected += x[i];
  expected /= 10;
  const double alpha = 2.0 / 11;
  for (size_t i = 10; i < x.size(); ++i) {
    expected = alpha * x[i] + (1 - alpha) * expected;
    EXPECT_NEAR((*ema)[i], expected, 1e-12) << i;
  }
}

TEST(EmaTest, OfAConstantIsTheConstant) {
  const std::vector<double> x(100, 3.25);
  auto ema = Ema(x, 12);
  ASSERT_TRUE(ema);
  for (size_t i = 11; i < x.size(); ++i) EXPECT_DOUBLE_EQ((*ema)[i], 3.25);
}

TEST(WmaTest, WeightsTheNewestMost) {
  const std::vector<double> x = {1, 2, 3, 10};
  auto wma = Wma(x, 3);
  ASSERT_TRUE(wma);
  EXPECT_EQ(LeadingNaNs(*wma), 2u);
  EXPECT_DOUBLE_EQ((*wma)[2], (1 * 1 + 2 * 2 + 3 * 3) / 6.0);
  EXPECT_DOUBLE_EQ((*wma)[3], (1 * 2 + 2 * 3 + 3 * 10) / 6.0);
}

TEST(WmaTest, PeriodOneIsTheInput) {
  const std::vector<double> x = {5, 7, 9};
  auto wma = Wma(x, 1);
  ASSERT_TRUE(wma);
  EXPECT_EQ(*wma, x);
}

}  // namespace
}  // namespace cryptoscope::analysis
