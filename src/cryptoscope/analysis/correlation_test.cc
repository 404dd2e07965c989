#include "cryptoscope/analysis/correlation.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <vector>

namespace cryptoscope::analysis {
namespace {

Day D(int offset) { return *ParseDay("2024-01-01") + std::chrono::days{offset}; }

std::vector<double> Wave(int n, double phase) {
  std::vector<double> x;
  for (int i = 0; i < n; ++i) x.push_back(0.01 * std::sin(i * 0.7 + phase) + 0.002 * std::cos(i));
  return x;
}

TEST(CorrelationTest, OfASeriesWithItselfIsOne) {
  const auto x = Wave(100, 0);
  EXPECT_DOUBLE_EQ(*Correlation(x, x), 1.0);
  std::vector<double> affine, negated;
  for (double v : x) {
    affine.push_back(3 * v + 0.5);
    negated.push_back(-v);
  }
  EXPECT_NEAR(*Correlation(x, affine), 1.0, 1e-15);
  EXPECT_NEAR(*Correlation(x, negated), -1.0, 1e-15);
}

TEST(CorrelationTest, ByHand) {
  const std::vector<double> x = {1, 2, 3, 4};
  const std::vector<double> y = {2, 1, 4, 3};
  // Centred: x -1.5 -0.5 0.5 1.5, y -0.5 -1.5 1.5 0.5; dot 0.75+0.75+0.75+0.75 = 3; norms sqrt 5.
  EXPECT_DOUBLE_EQ(*Correlation(x, y), 3.0 / 5.0);
}

TEST(CorrelationTest, ConstantOrTooShortIsNaNAndLengthsMustMatch) {
  const std::vector<double> flat(10, 0.0), x = Wave(10, 1), one = {1.0};
  EXPECT_TRUE(std::isnan(*Correlation(flat, x)));
  EXPECT_TRUE(std::isnan(*Correlation(one, one)));
  EXPECT_FALSE(Correlation(x, one));
}

TEST(CorrelationMatrixTest, SymmetricWithUnitDiagonal) {
  const std::vector<std::vector<double>> r = {Wave(50, 0), Wave(50, 1), Wave(50, 2),
                                              std::vector<double>(50, 0.0)};
  auto m = CorrelationMatrix(r);
  ASSERT_TRUE(m);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ((*m)[i][i], 1.0);
    for (size_t j = 0; j < 3; ++j) {
      EXPECT_EQ((*m)[i][j], (*m)[j][i]);
      EXPECT_NEAR((*m)[i][j], *Correlation(r[i], r[j]), 1e-15);
    }
  }
  EXPECT_TRUE(std::isnan((*m)[3][3]));
  EXPECT_TRUE(std::isnan((*m)[0][3]));
}

TEST(AlignReturnsTest, KeepsOnlyDaysEveryCoinHasAndSpansTheirGaps) {
  // A: days 0..5; B: misses day 2; C: from day 1. Range [0, 4].
  const std::vector<Day> a_days = {D(0), D(1), D(2), D(3), D(4), D(5)};
  const std::vector<double> a_close = {10, 11, 12, 13, 14, 15};
  const std::vector<Day> b_days = {D(0), D(1), D(3), D(4), D(5)};
  const std::vector<double> b_close = {20, 22, 26, 28, 30};
  const std::vector<Day> c_days = {D(1), D(2), D(3), D(4)};
  const std::vector<double> c_close = {5, 6, 7, 8};
  const std::vector<DatedCloses> coins = {{a_days, a_close}, {b_days, b_close}, {c_days, c_close}};
  auto aligned = AlignReturns(coins, D(0), D(4));
  ASSERT_TRUE(aligned);
  EXPECT_EQ(aligned->days, (std::vector<Day>{D(1), D(3), D(4)}));
  EXPECT_EQ(aligned->observations(), 2u);
  EXPECT_EQ(aligned->returns[0], (std::vector<double>{13.0 / 11 - 1, 14.0 / 13 - 1}));
  EXPECT_EQ(aligned->returns[1], (std::vector<double>{26.0 / 22 - 1, 28.0 / 26 - 1}));
  EXPECT_EQ(aligned->returns[2], (std::vector<double>{7.0 / 5 - 1, 8.0 / 7 - 1}));
}

TEST(AlignReturnsTest, NoCommonDayGivesNoObservations) {
  const std::vector<Day> a_days = {D(0)}, b_days = {D(1)};
  const std::vector<double> close = {1};
  const std::vector<DatedCloses> coins = {{a_days, close}, {b_days, close}};
  auto aligned = AlignReturns(coins, D(0), D(9));
  ASSERT_TRUE(aligned);
  EXPECT_EQ(aligned->observations(), 0u);
  EXPECT_TRUE(aligned->returns[0].empty());
}

TEST(BetaTest, OfADoubledSeriesIsTwo) {
  const auto x = Wave(80, 0.3);
  std::vector<double> doubled;
  for (double v : x) doubled.push_back(2 * v);
  EXPECT_NEAR(*Beta(doubled, x), 2.0, 1e-14);
  EXPECT_NEAR(*Beta(x, x), 1.0, 1e-15);
  EXPECT_TRUE(std::isnan(*Beta(x, std::vector<double>(80, 0.01))));
  EXPECT_FALSE(Beta(x, std::vector<double>(3, 0.0)));
}

}  // namespace
}  // namespace cryptoscope::analysis
