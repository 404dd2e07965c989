#include "cryptoscope/core/day.h"

#include <gtest/gtest.h>

#include "cryptoscope/core/types.h"

namespace cryptoscope {
namespace {

TEST(DayTest, SecondsAndMillisFloorToTheirUtcDay) {
  const Day day = *ParseDay("2026-01-01");
  EXPECT_EQ(DayFromUnixSeconds(1767225600), day);
  EXPECT_EQ(DayFromUnixSeconds(1767225600 + 86399), day);
  EXPECT_EQ(DayFromUnixMillis(1767225600000 - 1), day - std::chrono::days{1});
  EXPECT_EQ(UnixMillis(day), 1767225600000);
  EXPECT_EQ(UnixSeconds(day), 1767225600);
}

TEST(DayTest, FormatsAndParsesIsoDates) {
  EXPECT_EQ(FormatDay(DayFromUnixSeconds(0)), "1970-01-01");
  EXPECT_EQ(FormatDay(*ParseDay("2024-02-29")), "2024-02-29");
  EXPECT_FALSE(ParseDay("2023-02-29"));
  EXPECT_FALSE(ParseDay("2024-1-01"));
  EXPECT_FALSE(ParseDay("2024-01-01x"));
  EXPECT_FALSE(ParseDay("abcd-ef-gh"));
}

TEST(DayTest, DaysBetweenCountsWholeDays) {
  EXPECT_EQ(DaysBetween(*ParseDay("2024-01-01"), *ParseDay("2024-03-01")), 60);
  EXPECT_EQ((DayRange{*ParseDay("2024-01-01"), *ParseDay("2024-01-01")}.days()), 1);
}

}  // namespace
}  // namespace cryptoscope
