#include <fmt/format.h>
#include <gtest/gtest.h>

#include "cryptoscope/source/bybit_source.h"
#include "cryptoscope/source/okx_source.h"

namespace cryptoscope::source {
namespace {

Day D(const char* text) { return *ParseDay(text); }

FetchPlan Plan(Source source, std::string pair, Day first, Day last) {
  FetchPlan plan;
  plan.routed.coin.symbol = "BTC";
  plan.routed.source = source;
  plan.routed.pair = std::move(pair);
  plan.range = DayRange{first, last};
  return plan;
}

// `days` consecutive rows ending with `newest`, newest first, in the venue's row shape.
std::string Rows(Day newest, int days, bool okx, bool newest_forming = false) {
  std::string rows;
  for (int i = 0; i < days; ++i) {
    const int64_t ts = UnixMillis(newest - std::chrono::days{i});
    const char* confirm = newest_forming && i == 0 ? "0" : "1";
    rows +=
        okx ? fmt::format(R"({}["{}","1.0","2.0","0.5","1.5","10.0","15.0","15.5","{}"])",
                          i ? "," : "", ts, confirm)
            : fmt::format(R"({}["{}","1.0","2.0","0.5","1.5","10.0","15.5"])", i ? "," : "", ts);
  }
  return rows;
}

fetch::Response Okx(std::string rows) {
  return {200, fmt::format(R"({{"code":"0","msg":"","data":[{}]}})", rows), {}};
}
fetch::Response Bybit(std::string rows) {
  return {200,
          fmt::format(R"({{"retCode":0,"retMsg":"OK","result":{{"category":"spot","list":[{}]}}}})",
                      rows),
          {}};
}

const int64_t kNow = UnixMillis(D("2026-01-11")) + 3'600'000;  // 2026-01-11 01:00.

TEST(OkxSourceTest, DailyUpdateIsOneRequestForExactlyTheMissingDays) {
  OkxSource source("http://h");
  const auto plan = Plan(Source::kOkx, "BTC-USDT", D("2026-01-10"), D("2026-01-10"));
  EXPECT_EQ(source.FirstRequest(plan).url,
            fmt::format("http://h/api/v5/market/history-candles?instId=BTC-USDT&bar=1Dutc&after={}"
                        "&before={}&limit=100",
                        UnixMillis(D("2026-01-11")), UnixMillis(D("2026-01-10")) - 1));
  const auto page = source.ReadPage(plan, Okx(Rows(D("2026-01-10"), 1, true)), kNow);
  ASSERT_TRUE(page.has_value()) << page.error().message;
  ASSERT_EQ(page->candles.size(), 1u);
  EXPECT_EQ(page->delivered_through, D("2026-01-10"));
  EXPECT_FALSE(page->next);
}

TEST(OkxSourceTest, ShortPageDoesNotEndTheHistoryButTheListingDayDoes) {
  OkxSource source("http://h");
  source.SetListingDays({{"BTC-USDT", D("2026-01-03")}});
  const auto plan = Plan(Source::kOkx, "BTC-USDT", D("2009-01-03"), D("2026-01-10"));
  // 5 rows (fewer than the 100 asked for), oldest 2026-01-06: more to come.
  const auto first = source.ReadPage(plan, Okx(Rows(D("2026-01-10"), 5, true)), kNow);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->candles.size(), 5u);
  EXPECT_EQ(first->delivered_through, D("2026-01-10"));  // The caller settles after the walk.
  ASSERT_TRUE(first->next);
  EXPECT_NE(first->next->url.find(fmt::format("after={}", UnixMillis(D("2026-01-06")))),
            std::string::npos);
  // The next page reaches the listing day: done without asking for an empty page.
  const auto last = source.ReadPage(plan, Okx(Rows(D("2026-01-05"), 3, true)), kNow);
  ASSERT_TRUE(last.has_value());
  EXPECT_FALSE(last->next);
  EXPECT_EQ(last->delivered_through, D("2026-01-05"));
}

TEST(OkxSourceTest, EmptyPageEndsTheHistory) {
  OkxSource source("http://h");
  const auto plan = Plan(Source::kOkx, "BTC-USDT", D("2009-01-03"), D("2026-01-10"));
  const auto page = source.ReadPage(plan, Okx(""), kNow);
  ASSERT_TRUE(page.has_value());
  EXPECT_FALSE(page->next);
  EXPECT_FALSE(page->delivered_through);
}

TEST(OkxSourceTest, DayTheVenueStillCallsFormingIsNotDelivered) {
  OkxSource source("http://h");
  const auto plan = Plan(Source::kOkx, "BTC-USDT", D("2026-01-09"), D("2026-01-10"));
  const auto page =
      source.ReadPage(plan, Okx(Rows(D("2026-01-10"), 2, true, /*newest_forming=*/true)), kNow);
  ASSERT_TRUE(page.has_value());
  ASSERT_EQ(page->candles.size(), 1u);
  EXPECT_EQ(page->candles[0].day, D("2026-01-09"));
  EXPECT_EQ(page->delivered_through, D("2026-01-09"));  // Not the day still forming.
}

TEST(BybitSourceTest, PagesBackwardsUntilTheFirstDay) {
  BybitSource source("http://h");
  const auto plan = Plan(Source::kBybit, "BTCUSDT", D("2026-01-01"), D("2026-01-10"));
  EXPECT_EQ(source.FirstRequest(plan).url,
            fmt::format("http://h/v5/market/kline?category=spot&symbol=BTCUSDT&interval=D&start={}"
                        "&end={}&limit=1000",
                        UnixMillis(D("2026-01-01")), UnixMillis(D("2026-01-11")) - 1));
  const auto first = source.ReadPage(plan, Bybit(Rows(D("2026-01-10"), 4, false)), kNow);
  ASSERT_TRUE(first.has_value()) << first.error().message;
  ASSERT_TRUE(first->next);
  EXPECT_NE(first->next->url.find(fmt::format("end={}", UnixMillis(D("2026-01-07")) - 1)),
            std::string::npos);
  const auto last = source.ReadPage(plan, Bybit(Rows(D("2026-01-06"), 6, false)), kNow);
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(last->candles.size(), 6u);
  EXPECT_EQ(last->candles.front().day, D("2026-01-01"));
  EXPECT_FALSE(last->next);
  EXPECT_EQ(last->delivered_through, D("2026-01-06"));
}

TEST(BybitSourceTest, BadBodyIsBadDataNamingThePair) {
  BybitSource source("http://h");
  const auto plan = Plan(Source::kBybit, "BTCUSDT", D("2026-01-01"), D("2026-01-10"));
  const auto page = source.ReadPage(plan, {200, "{}", {}}, kNow);
  ASSERT_FALSE(page.has_value());
  EXPECT_EQ(page.error().code, ErrorCode::kBadData);
  EXPECT_EQ(page.error().message, "bybit kline BTCUSDT: bybit kline: no integer retCode");
}

}  // namespace
}  // namespace cryptoscope::source
