#include "cryptoscope/analysis/returns.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "cryptoscope/analysis/volume.h"

namespace cryptoscope::analysis {
namespace {

TEST(ReturnsTest, SimpleAndLogByHand) {
  const std::vector<double> close = {100, 110, 99};
  auto simple = SimpleReturns(close);
  auto log = LogReturns(close);
  ASSERT_TRUE(simple && log);
  EXPECT_TRUE(std::isnan((*simple)[0]));
  EXPECT_TRUE(std::isnan((*log)[0]));
  EXPECT_EQ((*simple)[1], 110.0 / 100 - 1);
  EXPECT_DOUBLE_EQ((*simple)[2], 99.0 / 110 - 1);
  EXPECT_DOUBLE_EQ((*log)[1], std::log(1.1));
  EXPECT_DOUBLE_EQ((*log)[2], std::log(0.9));
}

TEST(ReturnsTest, AScaledSeriesHasTheSameReturns) {
  std::vector<double> close, scaled;
  for (int i = 0; i < 200; ++i) {
    close.push_back(3 + std::sin(i * 0.1));
    scaled.push_back(close.back() * 1024);  // A power of two scales exactly.
  }
  EXPECT_EQ(SimpleReturns(close)->back(), SimpleReturns(scaled)->back());
  auto a = SimpleReturns(close), b = SimpleReturns(scaled);
  for (size_t i = 1; i < close.size(); ++i) EXPECT_DOUBLE_EQ((*a)[i], (*b)[i]);
}

TEST(ReturnsTest, AShiftedSeriesHasTheSameReturnsShifted) {
  const std::vector<double> close = {5, 6, 4, 8, 7};
  std::vector<double> later = {1, 2, 3};
  later.insert(later.end(), close.begin(), close.end());
  auto a = SimpleReturns(close), b = SimpleReturns(later);
  for (size_t i = 1; i < close.size(); ++i) EXPECT_EQ((*a)[i], (*b)[i + 3]);
}

TEST(ReturnsTest, NonPositiveCloseIsInvalid) {
  const std::vector<double> close = {1, 0, 2};
  auto r = SimpleReturns(close);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "returns: close at row 1 is 0, not a positive price");
  EXPECT_FALSE(LogReturns(close));
}

TEST(ObvTest, StartsAtZeroAndFollowsTheCloseDirection) {
  const std::vector<double> close = {10, 11, 11, 9, 12};
  const std::vector<double> volume = {100, 200, 300, 400, 500};
  auto obv = Obv(close, volume);
  ASSERT_TRUE(obv);
  EXPECT_EQ(*obv, (std::vector<double>{0, 200, 200, -200, 300}));
  const std::vector<double> short_volume = {1};
  EXPECT_FALSE(Obv(close, short_volume));
}

}  // namespace
}  // namespace cryptoscope::analysis
