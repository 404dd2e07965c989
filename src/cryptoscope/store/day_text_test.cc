#include "cryptoscope/store/day_text.h"

#include <gtest/gtest.h>

namespace cryptoscope::store {
namespace {

using std::chrono::days;

TEST(DayTextTest, MatchesFormatDayOnEveryDayFrom1900To2200) {
  DayText text;
  const Day first = *ParseDay("1900-01-01");
  const Day last = *ParseDay("2200-12-31");
  for (Day day = first; day <= last; day += days{1}) {
    ASSERT_EQ(text.Format(day), FormatDay(day));
  }
}

TEST(DayTextTest, MatchesFormatDayAtTheEdgesOfFourDigitYears) {
  DayText text;
  EXPECT_EQ(text.Format(*ParseDay("0000-01-01")), "0000-01-01");
  EXPECT_EQ(text.Format(*ParseDay("0099-12-31")), "0099-12-31");
  EXPECT_EQ(text.Format(*ParseDay("9999-12-31")), "9999-12-31");
  EXPECT_EQ(text.Format(DayFromUnixSeconds(0)), "1970-01-01");
}

TEST(DayTextTest, YearsBeyondFourDigitsFallBackToFormatDay) {
  DayText text;
  const Day before = *ParseDay("0000-01-01") - days{1};
  const Day after = *ParseDay("9999-12-31") + days{1};
  EXPECT_EQ(text.Format(before), FormatDay(before));
  EXPECT_EQ(text.Format(after), FormatDay(after));
  EXPECT_EQ(text.Format(after), "10000-01-01");
}

}  // namespace
}  // namespace cryptoscope::store
