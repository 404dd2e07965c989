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

const RoutedCoin kCcCoin{Coin{"XMR", "Monero", 9, std::nullopt, std::nullopt},
                         Source::kCryptoCompare, "XMR-USD"};

CoinSync Synced(const char* through, std::optional<const char*> checked = std::nullopt,
                std::optional<const char*> stale = std::nullopt) {
  CoinSync sync{Source::kBinance, D(through), std::nullopt, std::nullopt};
  if (checked) sync.checked_on = D(*checked);
  if (stale) sync.stale_since = D(*stale);
  return sync;
}

TEST(IsStaleTest, StaleOnlyAfterMoreThanThirtyClosedDaysWithoutACandle) {
  // Today 2026-11-25: yesterday 11-24; 30 days before it is 10-25.
  EXPECT_FALSE(IsStale(D("2026-10-25"), D("2026-11-25")));
  EXPECT_TRUE(IsStale(D("2026-10-24"), D("2026-11-25")));
}

TEST(PlanCoinTest, MissingDaysAreFetched) {
  const CoinPlan plan = PlanCoin(kCoin, Synced("2026-11-20"), std::nullopt, D("2026-11-25"));
  EXPECT_EQ(plan.decision, Decision::kFetch);
  EXPECT_EQ(plan.plan.range->first, D("2026-11-21"));
  EXPECT_EQ(plan.plan.range->last, D("2026-11-24"));
}

TEST(PlanCoinTest, NothingDeliveredYetIsABackfill) {
  const CoinPlan plan = PlanCoin(kCoin, std::nullopt, std::nullopt, D("2026-11-25"));
  EXPECT_EQ(plan.decision, Decision::kFetch);
  EXPECT_TRUE(plan.plan.backfill);
}

TEST(PlanCoinTest, DeliveredThroughYesterdayIsUpToDate) {
  EXPECT_EQ(PlanCoin(kCoin, Synced("2026-11-24"), std::nullopt, D("2026-11-25")).decision,
            Decision::kUpToDate);
}

TEST(PlanCoinTest, StaleCoinCheckedLessThanAWeekAgoIsSkipped) {
  const auto sync = Synced("2026-09-01", "2026-11-19", "2026-10-05");
  EXPECT_EQ(PlanCoin(kCoin, sync, std::nullopt, D("2026-11-25")).decision, Decision::kStale);
}

TEST(PlanCoinTest, StaleCoinIsAskedAgainAWeekAfterItsLastCheckFromItsLastDay) {
  const CoinPlan plan = PlanCoin(kCoin, Synced("2026-09-01", "2026-11-18", "2026-10-05"),
                                 std::nullopt, D("2026-11-25"));
  EXPECT_EQ(plan.decision, Decision::kFetch);
  EXPECT_EQ(plan.plan.range->first, D("2026-09-02"));
}

TEST(PlanCoinTest, CoinNotMarkedStaleIsAskedEveryRunEvenWhenOld) {
  // Stale is decided (and stored) by the fetch that finds it; until then, ask.
  EXPECT_EQ(
      PlanCoin(kCoin, Synced("2026-09-01", "2026-11-24"), std::nullopt, D("2026-11-25")).decision,
      Decision::kFetch);
}

TEST(PlanCoinTest, NoMarketFoundTodaySkipsACryptoCompareCoinUntilTomorrow) {
  EXPECT_EQ(PlanCoin(kCcCoin, std::nullopt, D("2026-11-25"), D("2026-11-25")).decision,
            Decision::kNoMarket);
  EXPECT_EQ(PlanCoin(kCcCoin, std::nullopt, D("2026-11-24"), D("2026-11-25")).decision,
            Decision::kFetch);
}

TEST(PlanCoinTest, NoMarketRecordDoesNotStopABinanceCoin) {
  EXPECT_EQ(PlanCoin(kCoin, std::nullopt, D("2026-11-25"), D("2026-11-25")).decision,
            Decision::kFetch);
}

}  // namespace
}  // namespace cryptoscope::plan
