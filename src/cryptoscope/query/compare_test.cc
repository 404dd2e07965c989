#include "cryptoscope/query/compare.h"

#include <gtest/gtest.h>

namespace cryptoscope::query {
namespace {

Bar Close(const char* date, double close) { return Bar{date, 0, 0, 0, close, 0, std::nullopt}; }

TEST(CompareTest, NormalisesToTheFirstDayEveryCoinHas) {
  const auto result = Compare({{"A",
                                {Close("2024-01-01", 5), Close("2024-01-02", 10),
                                 Close("2024-01-03", 20), Close("2024-01-05", 5)}},
                               {"B", {Close("2024-01-02", 4), Close("2024-01-04", 2)}}});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->base_day, "2024-01-02");
  EXPECT_EQ(result->last_day, "2024-01-05");
  ASSERT_EQ(result->series.size(), 2u);
  const auto& a = result->series[0];
  ASSERT_EQ(a.points.size(), 3u);
  EXPECT_EQ(a.points[0].date, "2024-01-02");
  EXPECT_EQ(a.points[0].value, 100);
  EXPECT_EQ(a.points[1].value, 200);
  EXPECT_EQ(a.points[2].value, 50);
  EXPECT_EQ(a.total_return, -0.5);
  const auto& b = result->series[1];
  EXPECT_EQ(b.points[1].date, "2024-01-04");
  EXPECT_EQ(b.points[1].value, 50);
  EXPECT_EQ(b.total_return, -0.5);
}

TEST(CompareTest, NoSharedDayIsNothing) {
  EXPECT_FALSE(Compare({{"A", {Close("2024-01-01", 5)}}, {"B", {Close("2024-01-02", 4)}}}));
  EXPECT_FALSE(Compare({{"A", {Close("2024-01-01", 5)}}, {"B", {}}}));
  EXPECT_FALSE(Compare({}));
}

}  // namespace
}  // namespace cryptoscope::query
