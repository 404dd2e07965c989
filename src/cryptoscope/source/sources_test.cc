#include <fmt/format.h>
#include <gtest/gtest.h>

#include "cryptoscope/source/binance_source.h"
#include "cryptoscope/source/cryptocompare_source.h"

namespace cryptoscope::source {
namespace {

Day D(const char* text) { return *ParseDay(text); }

FetchPlan Plan(Source source, std::string pair, std::optional<DayRange> range, bool backfill) {
  return FetchPlan{RoutedCoin{Coin{"BTC", "Bitcoin", 1, 1.0, 1.0}, source, std::move(pair)}, range,
                   backfill};
}

// A klines body of `days` consecutive closed candles from `first`.
std::string Klines(Day first, int days) {
  std::string body = "[";
  for (int i = 0; i < days; ++i) {
    const int64_t open = UnixMillis(first + std::chrono::days{i});
    body += fmt::format(R"({}[{},"1.0","2.0","0.5","1.5","10.0",{},"15.0",5,"1.0","1.5","0"])",
                        i ? "," : "", open, open + kMillisPerDay - 1);
  }
  return body + "]";
}

fetch::Response Ok(std::string body) { return fetch::Response{200, std::move(body), {}}; }

TEST(BinanceSourceTest, FirstRequestAsksForThePlannedDaysOnly) {
  BinanceSource source("http://127.0.0.1:1");
  const auto plan =
      Plan(Source::kBinance, "BTCUSDT", DayRange{D("2026-01-01"), D("2026-01-10")}, false);
  const auto request = source.FirstRequest(plan);
  EXPECT_EQ(request.url,
            fmt::format("http://127.0.0.1:1/api/v3/klines?symbol=BTCUSDT&interval=1d&startTime={}"
                        "&endTime={}&limit=1000",
                        UnixMillis(D("2026-01-01")), UnixMillis(D("2026-01-11")) - 1));
  EXPECT_EQ(request.weight, 2);
}

TEST(BinanceSourceTest, FullPageBeforeTheLastDayAsksForTheNextPage) {
  BinanceSource source("http://h");
  const Day first = D("2020-01-01");
  const auto plan = Plan(Source::kBinance, "BTCUSDT", DayRange{first, D("2026-01-01")}, true);
  auto page = source.ReadPage(plan, Ok(Klines(first, 1000)), UnixMillis(D("2026-01-02")));
  ASSERT_TRUE(page) << page.error().message;
  EXPECT_EQ(page->candles.size(), 1000u);
  EXPECT_EQ(page->delivered_through, first + std::chrono::days{999});
  ASSERT_TRUE(page->next);
  EXPECT_NE(page->next->url.find(
                fmt::format("startTime={}", UnixMillis(first + std::chrono::days{1000}))),
            std::string::npos);
}

TEST(BinanceSourceTest, FullPageEndingOnTheLastDayIsTheEnd) {
  BinanceSource source("http://h");
  const Day first = D("2023-03-01");
  const Day last = first + std::chrono::days{999};
  const auto plan = Plan(Source::kBinance, "BTCUSDT", DayRange{first, last}, true);
  auto page =
      source.ReadPage(plan, Ok(Klines(first, 1000)), UnixMillis(last + std::chrono::days{1}));
  ASSERT_TRUE(page);
  EXPECT_FALSE(page->next);
  EXPECT_EQ(page->delivered_through, last);
}

TEST(BinanceSourceTest, EmptyPageEndsThePlanHavingDeliveredNothing) {
  BinanceSource source("http://h");
  const auto plan =
      Plan(Source::kBinance, "BTCUSDT", DayRange{D("2026-01-01"), D("2026-01-10")}, false);
  auto page = source.ReadPage(plan, Ok("[]"), UnixMillis(D("2026-01-11")));
  ASSERT_TRUE(page);
  EXPECT_TRUE(page->candles.empty());
  EXPECT_FALSE(page->next);
  EXPECT_EQ(page->delivered_through, std::nullopt);
}

TEST(BinanceSourceTest, ShortPageDeliversThroughItsNewestCandleOnly) {
  BinanceSource source("http://h");
  const auto plan =
      Plan(Source::kBinance, "BTCUSDT", DayRange{D("2026-01-01"), D("2026-01-10")}, false);
  // Eight days: the 9th and 10th were not published yet.
  auto page = source.ReadPage(plan, Ok(Klines(D("2026-01-01"), 8)), UnixMillis(D("2026-01-11")));
  ASSERT_TRUE(page) << page.error().message;
  EXPECT_FALSE(page->next);
  EXPECT_EQ(page->delivered_through, D("2026-01-08"));
}

Page PageOf(std::vector<const char*> days, std::optional<const char*> through) {
  Page page;
  for (const char* day : days) page.candles.push_back(Candle{D(day), 1, 1, 1, 1, 1, 1});
  if (through) page.delivered_through = D(*through);
  return page;
}

TEST(SettleTest, DaysWithoutACandleInsideTheAskedStretchAreKnownGaps) {
  const Delivery d = Settle(D("2026-01-01"), PageOf({"2026-01-02", "2026-01-04"}, "2026-01-04"));
  EXPECT_EQ(d.synced_through, D("2026-01-04"));
  EXPECT_EQ(d.answered->first, D("2026-01-01"));
  EXPECT_EQ(d.answered->last, D("2026-01-04"));
  EXPECT_EQ(d.gaps, (std::vector<Day>{D("2026-01-01"), D("2026-01-03")}));
}

TEST(SettleTest, FirstPageOfABackfillStartsAtItsFirstCandle) {
  const Delivery d = Settle(std::nullopt, PageOf({"2020-05-01", "2020-05-03"}, "2020-05-03"));
  EXPECT_EQ(d.answered->first, D("2020-05-01"));
  EXPECT_EQ(d.gaps, std::vector<Day>{D("2020-05-02")});
}

TEST(SettleTest, NothingDeliveredMovesNothingAndRecordsNoGap) {
  const Delivery d = Settle(D("2026-01-01"), PageOf({}, std::nullopt));
  EXPECT_EQ(d.synced_through, std::nullopt);
  EXPECT_EQ(d.answered, std::nullopt);
  EXPECT_TRUE(d.gaps.empty());
}

TEST(SettleTest, TrailingDaysNotDeliveredAreNeitherSyncedNorGaps) {
  // Asked through the 10th, delivered through the 8th: the 9th and 10th are asked again later.
  const Delivery d = Settle(D("2026-01-07"), PageOf({"2026-01-07", "2026-01-08"}, "2026-01-08"));
  EXPECT_EQ(d.synced_through, D("2026-01-08"));
  EXPECT_TRUE(d.gaps.empty());
}

TEST(BinanceSourceTest, RejectedBodyIsBadData) {
  BinanceSource source("http://h");
  const auto plan =
      Plan(Source::kBinance, "BTCUSDT", DayRange{D("2026-01-01"), D("2026-01-10")}, false);
  auto page = source.ReadPage(plan, Ok(R"({"unexpected":"shape"})"), UnixMillis(D("2026-01-11")));
  ASSERT_FALSE(page);
  EXPECT_EQ(page.error().code, ErrorCode::kBadData);
  EXPECT_NE(page.error().message.find("BTCUSDT"), std::string::npos);
}

TEST(CryptoCompareSourceTest, BackfillIsOneAllDataCall) {
  CryptoCompareSource source("http://h");
  const auto plan =
      Plan(Source::kCryptoCompare, "BTC-USD", DayRange{D("2009-01-03"), D("2026-01-10")}, true);
  EXPECT_EQ(source.FirstRequest(plan).url,
            "http://h/data/v2/histoday?fsym=BTC&tsym=USD&allData=true");
}

TEST(CryptoCompareSourceTest, UpdateAsksForExactlyTheMissingDays) {
  CryptoCompareSource source("http://h");
  // 5 missing days: limit 4 returns 5 days ending with the day holding toTs.
  const auto plan =
      Plan(Source::kCryptoCompare, "BTC-USD", DayRange{D("2026-01-06"), D("2026-01-10")}, false);
  EXPECT_EQ(source.FirstRequest(plan).url,
            fmt::format("http://h/data/v2/histoday?fsym=BTC&tsym=USD&limit=4&toTs={}",
                        UnixSeconds(D("2026-01-10"))));
}

TEST(CryptoCompareSourceTest, ReadPageKeepsOnlyThePlannedClosedDays) {
  CryptoCompareSource source("http://h");
  const auto plan =
      Plan(Source::kCryptoCompare, "BTC-USD", DayRange{D("2026-01-10"), D("2026-01-10")}, false);
  constexpr std::string_view row =
      R"({{"time":{},"high":2,"low":0.5,"open":1,"volumefrom":10,"volumeto":15,"close":1.5,"conversionType":"direct","conversionSymbol":""}})";
  const std::string body = fmt::format(
      R"({{"Response":"Success","Message":"","HasWarning":false,"Type":100,"RateLimit":{{}},"Data":{{"Aggregated":false,"TimeFrom":0,"TimeTo":0,"Data":[{},{},{}]}}}})",
      fmt::format(fmt::runtime(row), UnixSeconds(D("2026-01-09"))),
      fmt::format(fmt::runtime(row), UnixSeconds(D("2026-01-10"))),
      fmt::format(fmt::runtime(row), UnixSeconds(D("2026-01-11"))));
  auto page = source.ReadPage(plan, Ok(body), UnixMillis(D("2026-01-11")) + 5000);
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->candles.size(), 1u);
  EXPECT_EQ(page->candles[0].day, D("2026-01-10"));
  EXPECT_DOUBLE_EQ(page->candles[0].quote_volume, 15);
  EXPECT_EQ(page->delivered_through, D("2026-01-10"));
}

}  // namespace
}  // namespace cryptoscope::source
