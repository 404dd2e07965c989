// The fake's Binance endpoints against the contract (sections 1-3, checklist items 1-3).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "fake/fake_exchange.h"
#include "fake/test_util.h"

namespace cryptoscope::fake {
namespace {

using testing::DaysAgo;
using testing::HttpGet;
using testing::Json;
using testing::TestToday;

class FakeBinanceTest : public ::testing::Test {
 protected:
  FakeBinanceTest() : fake_(GenerateScenario(60, 7, TestToday())) {}

  const FakeCoin& Coin(const std::string& symbol) {
    for (const FakeCoin& c : scenario_.coins) {
      if (c.symbol == symbol) return c;
    }
    throw std::runtime_error("no coin " + symbol);
  }
  std::string Klines(const std::string& query) { return "/api/v3/klines?interval=1d&" + query; }

  FakeExchange fake_;
  Scenario scenario_ = fake_.scenario();
};

TEST_F(FakeBinanceTest, ExchangeInfoHasTheContractShape) {
  const auto got = HttpGet(fake_, "/api/v3/exchangeInfo");
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.header("x-mbx-used-weight-1m"), "20");
  EXPECT_EQ(got.header("x-mbx-used-weight"), "20");
  Json json(got.body);
  auto root = json.root;
  EXPECT_EQ(std::string_view(root["timezone"]), "UTC");
  EXPECT_EQ(int64_t(root["serverTime"]), scenario_.now_ms);
  auto limits = root["rateLimits"].get_array();
  ASSERT_EQ(limits.size(), 3u);
  EXPECT_EQ(std::string_view(limits.at(0)["rateLimitType"]), "REQUEST_WEIGHT");
  EXPECT_EQ(std::string_view(limits.at(0)["interval"]), "MINUTE");
  EXPECT_EQ(int64_t(limits.at(0)["intervalNum"]), 1);
  EXPECT_EQ(int64_t(limits.at(0)["limit"]), 6000);
  EXPECT_EQ(root["exchangeFilters"].get_array().size(), 0u);

  std::map<std::string, std::pair<std::string, std::string>> pairs;  // symbol -> base, status
  for (auto entry : root["symbols"].get_array()) {
    EXPECT_TRUE(bool(entry["isSpotTradingAllowed"]));
    EXPECT_EQ(entry["permissions"].get_array().size(), 0u);
    EXPECT_EQ(std::string_view(entry["permissionSets"].at(0).at(0)), "SPOT");
    pairs[std::string(std::string_view(entry["symbol"]))] = {
        std::string(std::string_view(entry["baseAsset"])),
        std::string(std::string_view(entry["status"]))};
  }
  EXPECT_EQ(pairs["BTCUSDT"], std::make_pair(std::string("BTC"), std::string("TRADING")));
  EXPECT_EQ(pairs["IOTAUSDT"].first, "IOTA");
  EXPECT_EQ(pairs["1000SATSUSDT"].first, "1000SATS");
  EXPECT_EQ(pairs["MATICUSDT"].second, "BREAK");
  EXPECT_EQ(pairs["ANTUSDT"].second, "HALT");
  EXPECT_EQ(pairs["NEBLBTC"].first, "NEBL");
  EXPECT_EQ(pairs["USDCUSDT"].second, "TRADING");
  EXPECT_EQ(pairs["NEWTUSDT"].second, "TRADING");  // Listed today.
  EXPECT_EQ(pairs.count("USDTUSDT"), 0u);
  EXPECT_EQ(pairs.count("ETHBTC"), 1u);
  EXPECT_EQ(pairs.count("\xE5\xB8\x81\xE5\xAE\x89\xE4\xBA\xBA\xE7\x94\x9FUSDT"), 1u);
}

TEST_F(FakeBinanceTest, ExchangeInfoForOneSymbolListsOnlyIt) {
  Json json(HttpGet(fake_, "/api/v3/exchangeInfo?symbol=ETHUSDT").body);
  auto symbols = json.root["symbols"].get_array();
  ASSERT_EQ(symbols.size(), 1u);
  EXPECT_EQ(std::string_view(symbols.at(0)["symbol"]), "ETHUSDT");
  Json two(HttpGet(fake_, "/api/v3/exchangeInfo?symbols=%5B%22ETHUSDT%22,%22BTCUSDT%22%5D").body);
  EXPECT_EQ(two.root["symbols"].get_array().size(), 2u);
}

TEST_F(FakeBinanceTest, ExchangeInfoWithUnknownSymbolIs400Code1121) {
  const auto got = HttpGet(fake_, "/api/v3/exchangeInfo?symbol=NOPEUSDT");
  EXPECT_EQ(got.status, 400);
  EXPECT_EQ(got.body, R"({"code":-1121,"msg":"Invalid symbol."})");
}

TEST_F(FakeBinanceTest, KlinesWithoutRangeEndWithTheOpenCandle) {
  const auto got = HttpGet(fake_, Klines("symbol=BTCUSDT"));
  ASSERT_EQ(got.status, 200);
  Json json(got.body);
  auto rows = json.root.get_array();
  ASSERT_EQ(rows.size(), 500u);  // Default limit: the most recent 500.
  auto last = rows.at(499);
  EXPECT_EQ(int64_t(last.at(0)), UnixMillis(TestToday()));
  EXPECT_EQ(int64_t(last.at(6)), UnixMillis(TestToday()) + kMillisPerDay - 1);
  EXPECT_GT(int64_t(last.at(6)), scenario_.now_ms);  // Still open.
  const Candle open = BinanceOpenCandle(Coin("BTC"), TestToday());
  EXPECT_EQ(std::stod(std::string(std::string_view(last.at(4)))), open.close);
  EXPECT_EQ(std::stod(std::string(std::string_view(last.at(5)))), open.volume);
  EXPECT_NE(open.close, BinanceCandle(Coin("BTC"), TestToday()).close);

  auto closed = rows.at(498);
  const Candle want = BinanceCandle(Coin("BTC"), DaysAgo(1));
  EXPECT_EQ(int64_t(closed.at(0)), UnixMillis(DaysAgo(1)));
  EXPECT_EQ(std::stod(std::string(std::string_view(closed.at(1)))), want.open);
  EXPECT_EQ(std::stod(std::string(std::string_view(closed.at(2)))), want.high);
  EXPECT_EQ(std::stod(std::string(std::string_view(closed.at(3)))), want.low);
  EXPECT_EQ(std::stod(std::string(std::string_view(closed.at(4)))), want.close);
  EXPECT_EQ(std::stod(std::string(std::string_view(closed.at(5)))), want.volume);
  EXPECT_EQ(std::stod(std::string(std::string_view(closed.at(7)))), want.quote_volume);
  EXPECT_TRUE(closed.at(8).is_int64());
  EXPECT_EQ(std::string_view(closed.at(11)), "0");
}

TEST_F(FakeBinanceTest, KlinesLimitIsCappedAt1000AndStartsAtListing) {
  Json json(HttpGet(fake_, Klines("symbol=BTCUSDT&startTime=0&limit=5000")).body);
  auto rows = json.root.get_array();
  ASSERT_EQ(rows.size(), 1000u);
  EXPECT_EQ(int64_t(rows.at(0).at(0)), UnixMillis(Coin("BTC").binance_first_day));
}

TEST_F(FakeBinanceTest, KlinesPagesOverExactly1000ClosedDays) {
  // KTHX: listed 1000 days ago, so one full page of closed days, then the open one alone.
  Json first(HttpGet(fake_, Klines("symbol=KTHXUSDT&startTime=0&limit=1000")).body);
  auto rows = first.root.get_array();
  ASSERT_EQ(rows.size(), 1000u);
  EXPECT_EQ(int64_t(rows.at(0).at(0)), UnixMillis(DaysAgo(1000)));
  const int64_t last_open = int64_t(rows.at(999).at(0));
  EXPECT_EQ(last_open, UnixMillis(DaysAgo(1)));
  Json second(HttpGet(fake_, Klines(fmt::format("symbol=KTHXUSDT&startTime={}&limit=1000",
                                                last_open + kMillisPerDay)))
                  .body);
  ASSERT_EQ(second.root.get_array().size(), 1u);
  EXPECT_EQ(int64_t(second.root.at(0).at(0)), UnixMillis(TestToday()));
}

TEST_F(FakeBinanceTest, KlinesRoundStartUpAndEndDown) {
  const int64_t start = UnixMillis(DaysAgo(10)) + 1;  // Rounds up to 9 days ago.
  const int64_t end = UnixMillis(DaysAgo(5)) + 5;     // Rounds down to 5 days ago.
  Json json(
      HttpGet(fake_, Klines(fmt::format("symbol=ETHUSDT&startTime={}&endTime={}", start, end)))
          .body);
  auto rows = json.root.get_array();
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(int64_t(rows.at(0).at(0)), UnixMillis(DaysAgo(9)));
  EXPECT_EQ(int64_t(rows.at(4).at(0)), UnixMillis(DaysAgo(5)));
}

TEST_F(FakeBinanceTest, KlinesWithOnlyEndTimeGiveTheNewestRowsUpToIt) {
  Json json(HttpGet(fake_, Klines(fmt::format("symbol=ETHUSDT&endTime={}&limit=3",
                                              UnixMillis(DaysAgo(20)))))
                .body);
  auto rows = json.root.get_array();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(int64_t(rows.at(0).at(0)), UnixMillis(DaysAgo(22)));
  EXPECT_EQ(int64_t(rows.at(2).at(0)), UnixMillis(DaysAgo(20)));
}

TEST_F(FakeBinanceTest, KlinesOutsideTheListingAreAnEmptyArray) {
  const int64_t before_listing = UnixMillis(Coin("NEWY").binance_first_day) - 1;
  EXPECT_EQ(HttpGet(fake_, Klines(fmt::format("symbol=NEWYUSDT&endTime={}", before_listing))).body,
            "[]");
  // MATIC was delisted 400 days ago: its old klines remain, nothing after.
  const auto recent =
      HttpGet(fake_, Klines(fmt::format("symbol=MATICUSDT&startTime={}", UnixMillis(DaysAgo(10)))));
  EXPECT_EQ(recent.status, 200);
  EXPECT_EQ(recent.body, "[]");
  Json old(HttpGet(fake_, Klines("symbol=MATICUSDT&limit=2")).body);
  ASSERT_EQ(old.root.get_array().size(), 2u);
  EXPECT_EQ(int64_t(old.root.at(1).at(0)), UnixMillis(DaysAgo(400)));
}

TEST_F(FakeBinanceTest, KlinesForACoinListedTodayHoldOnlyTheOpenCandle) {
  Json json(HttpGet(fake_, Klines("symbol=NEWTUSDT&startTime=0")).body);
  ASSERT_EQ(json.root.get_array().size(), 1u);
  EXPECT_GT(int64_t(json.root.at(0).at(6)), scenario_.now_ms);
}

TEST_F(FakeBinanceTest, KlinesRejectBadRequestsWithBinanceCodes) {
  auto unknown = HttpGet(fake_, Klines("symbol=NOPEUSDT"));
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.body, R"({"code":-1121,"msg":"Invalid symbol."})");
  auto bad_interval = HttpGet(fake_, "/api/v3/klines?symbol=BTCUSDT&interval=1D");
  EXPECT_EQ(bad_interval.status, 400);
  EXPECT_EQ(bad_interval.body, R"({"code":-1120,"msg":"Invalid interval."})");
  auto missing = HttpGet(fake_, "/api/v3/klines?interval=1d");
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(Json(missing.body).root["code"].get_int64().value(), -1102);
  auto seconds = HttpGet(fake_, Klines("symbol=BTCUSDT&startTime=-5"));
  EXPECT_EQ(seconds.status, 400);
  EXPECT_EQ(Json(seconds.body).root["code"].get_int64().value(), -1100);
}

TEST_F(FakeBinanceTest, TimeReturnsTheFakeClockAndAdvanceDaysClosesTheOpenCandle) {
  EXPECT_EQ(HttpGet(fake_, "/api/v3/time").body,
            fmt::format(R"({{"serverTime":{}}})", scenario_.now_ms));
  fake_.AdvanceDays(1);
  EXPECT_EQ(fake_.today(), TestToday() + std::chrono::days{1});
  Json json(HttpGet(fake_, Klines("symbol=BTCUSDT&limit=2")).body);
  const Candle closed = BinanceCandle(Coin("BTC"), TestToday());
  EXPECT_EQ(int64_t(json.root.at(0).at(0)), UnixMillis(TestToday()));
  EXPECT_EQ(std::stod(std::string(std::string_view(json.root.at(0).at(4)))), closed.close);
}

TEST_F(FakeBinanceTest, UsedWeightAccumulatesPerRequest) {
  EXPECT_EQ(HttpGet(fake_, Klines("symbol=BTCUSDT&limit=1")).header("x-mbx-used-weight-1m"), "2");
  EXPECT_EQ(HttpGet(fake_, Klines("symbol=BTCUSDT&limit=1")).header("x-mbx-used-weight-1m"), "4");
  EXPECT_EQ(HttpGet(fake_, "/api/v3/time").header("x-mbx-used-weight-1m"), "5");
}

TEST_F(FakeBinanceTest, OverTheWeightLimitIs429ThenAnImpatientRequestIsBanned) {
  FaultOptions faults;
  faults.binance_weight_limit = 5;
  faults.retry_after_grace_ms = 0;
  fake_.SetFaults(faults);
  EXPECT_EQ(HttpGet(fake_, Klines("symbol=BTCUSDT&limit=1")).status, 200);  // weight 2
  EXPECT_EQ(HttpGet(fake_, Klines("symbol=BTCUSDT&limit=1")).status, 200);  // weight 4
  const auto limited = HttpGet(fake_, Klines("symbol=BTCUSDT&limit=1"));    // weight 6 > 5
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(Json(limited.body).root["code"].get_int64().value(), -1003);
  const int retry_after = std::stoi(limited.header("Retry-After"));
  EXPECT_GE(retry_after, 1);
  EXPECT_LE(retry_after, 60);
  EXPECT_EQ(fake_.CountBinanceBans(), 0u);
  EXPECT_EQ(fake_.CountRequestsDuringRetryAfter(), 0u);

  const auto banned = HttpGet(fake_, "/api/v3/time");
  EXPECT_EQ(banned.status, 418);
  EXPECT_EQ(banned.header("Retry-After"), "120");
  EXPECT_EQ(Json(banned.body).root["code"].get_int64().value(), -1003);
  EXPECT_EQ(HttpGet(fake_, "/api/v3/time").status, 418);
  EXPECT_EQ(fake_.CountBinanceBans(), 2u);
  EXPECT_EQ(fake_.CountRequestsDuringRetryAfter(Api::kBinance), 2u);
  EXPECT_EQ(fake_.CountRequestsDuringRetryAfter(Api::kCryptoCompare), 0u);

  fake_.ResetRateLimits();
  EXPECT_EQ(HttpGet(fake_, "/api/v3/time").status, 200);
}

TEST_F(FakeBinanceTest, RequestsInFlightDuringA429AreNotCounted) {
  FaultOptions faults;
  faults.binance_weight_limit = 1;
  faults.retry_after_grace_ms = 60'000;  // Everything in this test counts as in flight.
  fake_.SetFaults(faults);
  EXPECT_EQ(HttpGet(fake_, Klines("symbol=BTCUSDT&limit=1")).status, 429);
  EXPECT_EQ(HttpGet(fake_, Klines("symbol=BTCUSDT&limit=1")).status, 429);
  EXPECT_EQ(fake_.CountBinanceBans(), 0u);
  EXPECT_EQ(fake_.CountRequestsDuringRetryAfter(), 0u);
}

}  // namespace
}  // namespace cryptoscope::fake
