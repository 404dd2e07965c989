#include "cryptoscope/analysis/reports.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>

#include "cryptoscope/analysis/correlation.h"
#include "cryptoscope/analysis/report_json.h"

namespace cryptoscope::analysis {
namespace {

Day D(int offset) { return *ParseDay("2024-01-01") + std::chrono::days{offset}; }

Series Make(const std::vector<int>& offsets, const std::vector<double>& close) {
  Series s;
  for (size_t i = 0; i < offsets.size(); ++i) {
    s.days.push_back(D(offsets[i]));
    s.open.push_back(close[i]);
    s.high.push_back(close[i]);
    s.low.push_back(close[i]);
    s.close.push_back(close[i]);
    s.volume.push_back(1);
  }
  return s;
}

TEST(RowsInTest, InclusiveBothEnds) {
  const Series s = Make({0, 1, 3, 4}, {1, 2, 3, 4});
  const RowRange r = RowsIn(s, D(1), D(3));
  EXPECT_EQ(r.begin, 1u);
  EXPECT_EQ(r.end, 3u);
  EXPECT_EQ(RowsIn(s, D(5), D(9)).size(), 0u);
}

TEST(StatsInRangeTest, ResolvesDrawdownDaysAndFailsOnAnEmptyRange) {
  const Series s = Make({0, 1, 2, 4}, {100, 120, 60, 130});
  auto stats = StatsInRange("X", s, D(0), D(9));
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->peak, D(1));
  EXPECT_EQ(stats->trough, D(2));
  EXPECT_EQ(stats->recovery, D(4));
  EXPECT_DOUBLE_EQ(stats->stats.total_return, 0.3);
  auto empty = StatsInRange("X", s, D(10), D(20));
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(empty.error().message, "X: no rows from 2024-01-11 to 2024-01-21");
}

TEST(BetaInRangeTest, UsesTheCommonDays) {
  // The asset lacks day 2: the benchmark's day-2 close is skipped, returns run 1 -> 3.
  const Series asset = Make({0, 1, 3, 4}, {10, 12, 9, 18});
  const Series bench = Make({0, 1, 2, 3, 4}, {10, 11, 50, 11, 22});
  auto beta = BetaInRange(asset, bench, D(0), D(4));
  ASSERT_TRUE(beta);
  const std::vector<double> a = {0.2, 9.0 / 12 - 1, 1.0}, b = {0.1, 0.0, 1.0};
  EXPECT_NEAR(*beta, *Beta(a, b), 1e-15);
}

TEST(ScreenTest, RanksDropsMissingValuesAndBreaksTiesBySymbol) {
  Series up, down, flat, short_one;
  for (int i = 0; i < 40; ++i) {
    up.days.push_back(D(i));
    up.close.push_back(100 + i);
    down.days.push_back(D(i));
    down.close.push_back(100 - i);
    flat.days.push_back(D(i));
    flat.close.push_back(5);
  }
  short_one = Make({0, 1}, {1, 2});
  const Series flat2 = flat;
  const std::vector<NamedSeries> coins = {{"DOWN", "Down", &down},
                                          {"UP", "Up", &up},
                                          {"ZFLAT", "Flat", &flat},
                                          {"AFLAT", "Flat", &flat2},
                                          {"SHORT", "Short", &short_one}};
  const auto report = Screen(ScreenMeasure::kReturn30d, coins, 3, /*ascending=*/false);
  ASSERT_EQ(report.rows.size(), 3u);
  EXPECT_EQ(report.rows[0].symbol, "UP");
  EXPECT_EQ(report.rows[1].symbol, "AFLAT");
  EXPECT_EQ(report.rows[2].symbol, "ZFLAT");
  EXPECT_EQ(report.rows[2].rank, 3);
  EXPECT_EQ(report.as_of, D(39));
  const auto asc = Screen(ScreenMeasure::kReturn30d, coins, 0, /*ascending=*/true);
  ASSERT_EQ(asc.rows.size(), 4u);  // SHORT has no 30-day return.
  EXPECT_EQ(asc.rows[0].symbol, "DOWN");
  EXPECT_EQ(ScreenJson(Screen(ScreenMeasure::kDrawdown, {coins[1]}, 1, false), false),
            "{\"by\":\"drawdown\",\"order\":\"desc\",\"as_of\":\"2024-02-09\",\"data\":[{\"rank\":"
            "1,\"symbol\":\"UP\",\"name\":\"Up\",\"value\":0,\"last_day\":\"2024-02-09\"}]}");
}

TEST(ReportJsonTest, CorrelationPrintsNullWhereUndefined) {
  const Series a = Make({0, 1, 2}, {1, 2, 3});
  const Series flat = Make({0, 1, 2}, {4, 4, 4});
  auto report = CorrelateInRange({{"A", "", &a}, {"F", "", &flat}}, D(0), D(2));
  ASSERT_TRUE(report);
  EXPECT_EQ(CorrelationJson(*report),
            "{\"symbols\":[\"A\",\"F\"],\"from\":\"2024-01-01\",\"to\":\"2024-01-03\",\"days\":2,"
            "\"matrix\":[[1,null],[null,null]]}");
  EXPECT_FALSE(CorrelateInRange({{"A", "", &a}}, D(0), D(2)));
}

TEST(ReportJsonTest, StringsAreEscaped) {
  EXPECT_EQ(JsonString("a\"b\\c\n\x01"), "\"a\\\"b\\\\c\\n\\u0001\"");
  EXPECT_EQ(JsonNumber(std::nan("")), "null");
  EXPECT_EQ(JsonNumber(0.1), "0.1");
}

}  // namespace
}  // namespace cryptoscope::analysis
