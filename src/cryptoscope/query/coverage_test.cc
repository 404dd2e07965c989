#include "cryptoscope/query/coverage.h"

#include <gtest/gtest.h>

namespace cryptoscope::query {
namespace {

TEST(FindGapsTest, SplitsRunsByKnownness) {
  const auto coverage = FindGaps({"2024-01-01", "2024-01-02", "2024-01-07", "2024-01-09"},
                                 {"2024-01-04", "2024-01-05", "2023-12-01"});
  ASSERT_EQ(coverage.gaps.size(), 4u);
  EXPECT_EQ(coverage.gaps[0].from, "2024-01-03");
  EXPECT_EQ(coverage.gaps[0].to, "2024-01-03");
  EXPECT_FALSE(coverage.gaps[0].known);
  EXPECT_EQ(coverage.gaps[1].from, "2024-01-04");
  EXPECT_EQ(coverage.gaps[1].to, "2024-01-05");
  EXPECT_EQ(coverage.gaps[1].days, 2);
  EXPECT_TRUE(coverage.gaps[1].known);
  EXPECT_EQ(coverage.gaps[2].from, "2024-01-06");
  EXPECT_FALSE(coverage.gaps[2].known);
  EXPECT_EQ(coverage.gaps[3].from, "2024-01-08");
  EXPECT_EQ(coverage.missing_days, 3);
  EXPECT_EQ(coverage.known_gap_days, 2);  // 2023-12-01 lies outside the stored span.
}

TEST(FindGapsTest, ContiguousHistoryHasNoGaps) {
  const auto coverage = FindGaps({"2024-02-28", "2024-02-29", "2024-03-01"}, {});
  EXPECT_TRUE(coverage.gaps.empty());
  EXPECT_EQ(coverage.missing_days, 0);
  EXPECT_TRUE(FindGaps({}, {}).gaps.empty());
}

}  // namespace
}  // namespace cryptoscope::query
