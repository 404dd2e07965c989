#include "cryptoscope/plan/plan.h"

#include <gtest/gtest.h>

namespace cryptoscope::plan {
namespace {

const RoutedCoin kCoin{Coin{"BTC", "Bitcoin", 1, std::nullopt, std::nullopt}, Source::kBinance,
                       "BTCUSDT"};
Day D(const char* text) { return *ParseDay(text); }

TEST(PlanFetchTest, NothingStoredPlansWholeHistoryThroughYesterday) {
  const FetchPlan plan = PlanFetch(kCoin, std::nullopt, D("2026-11-25"));
  ASSERT_TRUE(plan.range);
  EXPECT_TRUE(plan.backfill);
  EXPECT_EQ(plan.range->first, kEarliestDay);
  EXPECT_EQ(plan.range->last, D("2026-11-24"));
}

TEST(PlanFetchTest, SyncedThroughYesterdayIsUpToDate) {
  const FetchPlan plan = PlanFetch(kCoin, D("2026-11-24"), D("2026-11-25"));
  EXPECT_FALSE(plan.range);
  EXPECT_FALSE(plan.backfill);
}

TEST(PlanFetchTest, MissingDaysStartAfterTheLastSyncedDay) {
  const FetchPlan plan = PlanFetch(kCoin, D("2026-11-20"), D("2026-11-25"));
  ASSERT_TRUE(plan.range);
  EXPECT_EQ(plan.range->first, D("2026-11-21"));
  EXPECT_EQ(plan.range->last, D("2026-11-24"));
  EXPECT_EQ(plan.range->days(), 4);
}

TEST(PlanFetchTest, MarkerInTheFuturePlansNothing) {
  EXPECT_FALSE(PlanFetch(kCoin, D("2026-12-01"), D("2026-11-25")).range);
}

}  // namespace
}  // namespace cryptoscope::plan
