#include "cryptoscope/query/bars.h"

#include <gtest/gtest.h>

namespace cryptoscope::query {
namespace {

Day D(const char* text) { return *ParseDay(text); }

Bar B(const char* date, double open, double high, double low, double close, double volume,
      std::optional<double> quote) {
  return Bar{date, open, high, low, close, volume, quote};
}

TEST(PeriodTest, IsoWeeksStartOnMonday) {
  EXPECT_EQ(FormatDay(PeriodStart(D("2024-01-07"), Interval::kWeek)), "2024-01-01");  // Sunday.
  EXPECT_EQ(FormatDay(PeriodStart(D("2024-01-01"), Interval::kWeek)), "2024-01-01");  // Monday.
  EXPECT_EQ(FormatDay(PeriodEnd(D("2024-01-01"), Interval::kWeek)), "2024-01-07");
  EXPECT_EQ(FormatDay(PeriodStart(D("2026-01-01"), Interval::kWeek)), "2025-12-29");
}

TEST(PeriodTest, MonthsEndOnTheirLastDay) {
  EXPECT_EQ(FormatDay(PeriodStart(D("2024-02-29"), Interval::kMonth)), "2024-02-01");
  EXPECT_EQ(FormatDay(PeriodEnd(D("2024-02-03"), Interval::kMonth)), "2024-02-29");
  EXPECT_EQ(FormatDay(PeriodEnd(D("2023-12-31"), Interval::kMonth)), "2023-12-31");
  EXPECT_EQ(FormatDay(PeriodEnd(D("2023-12-31"), Interval::kDay)), "2023-12-31");
}

TEST(AggregateTest, WeeklyBarsTakeFirstOpenLastCloseExtremesAndSums) {
  const std::vector<Bar> days = {
      B("2024-01-06", 10, 12, 9, 11, 1, 10),   // Saturday of the week of 2024-01-01.
      B("2024-01-07", 11, 15, 10, 14, 2, 20),  // Sunday.
      B("2024-01-08", 14, 14, 7, 8, 3, 30),    // Monday: a new week.
      B("2024-01-10", 8, 9, 6, 9, 4, std::nullopt),
  };
  const auto weeks = Aggregate(days, Interval::kWeek);
  ASSERT_EQ(weeks.size(), 2u);
  EXPECT_EQ(weeks[0].date, "2024-01-01");
  EXPECT_EQ(weeks[0].open, 10);
  EXPECT_EQ(weeks[0].high, 15);
  EXPECT_EQ(weeks[0].low, 9);
  EXPECT_EQ(weeks[0].close, 14);
  EXPECT_EQ(weeks[0].volume, 3);
  EXPECT_EQ(weeks[0].quote_volume, 30);
  EXPECT_EQ(weeks[1].date, "2024-01-08");
  EXPECT_EQ(weeks[1].low, 6);
  EXPECT_EQ(weeks[1].close, 9);
  EXPECT_EQ(weeks[1].volume, 7);
  EXPECT_EQ(weeks[1].quote_volume, std::nullopt);  // One day lacks it.
}

TEST(AggregateTest, MonthlyBarsAreDatedByTheFirstOfTheMonth) {
  const auto months = Aggregate(
      {B("2024-01-31", 1, 2, 1, 2, 1, 1), B("2024-02-01", 2, 3, 2, 3, 1, 1)}, Interval::kMonth);
  ASSERT_EQ(months.size(), 2u);
  EXPECT_EQ(months[0].date, "2024-01-01");
  EXPECT_EQ(months[1].date, "2024-02-01");
}

TEST(AggregateTest, DailyIsTheInput) {
  const std::vector<Bar> days = {B("2024-01-06", 10, 12, 9, 11, 1, 10)};
  EXPECT_EQ(Aggregate(days, Interval::kDay).size(), 1u);
  EXPECT_EQ(ParseInterval("1M"), Interval::kMonth);
  EXPECT_EQ(ParseInterval("1m"), std::nullopt);
}

}  // namespace
}  // namespace cryptoscope::query
