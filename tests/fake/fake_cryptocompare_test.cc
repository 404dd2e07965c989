// The fake's CryptoCompare endpoints against the contract (sections 4-6, checklist items 4-7).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "fake/fake_exchange.h"
#include "fake/test_util.h"

namespace cryptoscope::fake {
namespace {

using testing::CcGet;
using testing::DaysAgo;
using testing::HasKey;
using testing::HttpGet;
using testing::Json;
using testing::TestToday;

class FakeCryptoCompareTest : public ::testing::Test {
 protected:
  FakeCryptoCompareTest() : fake_(GenerateScenario(60, 7, TestToday())) {}

  const FakeCoin& Coin(const std::string& symbol) {
    for (const FakeCoin& c : scenario_.coins) {
      if (c.symbol == symbol) return c;
    }
    throw std::runtime_error("no coin " + symbol);
  }
  std::vector<std::string> Names(const std::string& target) {
    Json json(CcGet(fake_, target).body);
    std::vector<std::string> names;
    for (auto entry : json.root["Data"].get_array()) {
      names.emplace_back(std::string_view(entry["CoinInfo"]["Name"]));
    }
    return names;
  }
  static void ExpectRow(simdjson::dom::element row, const Candle& want) {
    EXPECT_EQ(int64_t(row["time"]), UnixSeconds(want.day));
    EXPECT_EQ(double(row["open"]), want.open);
    EXPECT_EQ(double(row["high"]), want.high);
    EXPECT_EQ(double(row["low"]), want.low);
    EXPECT_EQ(double(row["close"]), want.close);
    EXPECT_EQ(double(row["volumefrom"]), want.volume);
    EXPECT_EQ(double(row["volumeto"]), want.quote_volume);
    EXPECT_EQ(std::string_view(row["conversionType"]), "direct");
  }
  static bool IsZeroRow(simdjson::dom::element row) {
    for (const char* key : {"open", "high", "low", "close", "volumefrom", "volumeto"}) {
      if (double(row[key]) != 0) return false;
    }
    return true;
  }

  FakeExchange fake_;
  Scenario scenario_ = fake_.scenario();
  std::vector<FakeCoin> ranked_ = RankedCoins(scenario_);
};

TEST_F(FakeCryptoCompareTest, WithoutTheKeyEveryEndpointIs401) {
  constexpr const char* kBody =
      R"({"Data":{},"Err":{"type":2,"message":"API key required, please refer to the )"
      R"(documentation at https://developers.coindesk.com/","http_status_code":401,)"
      R"("frontend":{}}})";
  for (const char* target :
       {"/data/top/mktcapfull?limit=10&tsym=USD", "/data/v2/histoday?fsym=BTC&tsym=USD"}) {
    const auto missing = HttpGet(fake_, target);
    EXPECT_EQ(missing.status, 401);
    EXPECT_EQ(missing.body, kBody);
    const auto wrong = HttpGet(fake_, target, {{"authorization", "Apikey other"}});
    EXPECT_EQ(wrong.status, 401);
  }
  EXPECT_EQ(fake_.CountKeyInUrl(), 0u);
}

TEST_F(FakeCryptoCompareTest, KeyInTheUrlWorksButIsCounted) {
  EXPECT_EQ(HttpGet(fake_, "/data/v2/histoday?fsym=BTC&tsym=USD&api_key=test-key").status, 200);
  EXPECT_EQ(fake_.CountKeyInUrl(), 1u);
  ASSERT_EQ(fake_.requests().size(), 1u);
  EXPECT_EQ(fake_.requests()[0].query, "fsym=BTC&tsym=USD&api_key=test-key");
}

TEST_F(FakeCryptoCompareTest, TopListHasNoResponseKeyAndSponsoredEntries) {
  const auto got = CcGet(fake_, "/data/top/mktcapfull?limit=10&page=0&tsym=USD");
  ASSERT_EQ(got.status, 200);
  Json json(got.body);
  EXPECT_FALSE(HasKey(json.root, "Response"));
  EXPECT_EQ(std::string_view(json.root["Message"]), "Success");
  EXPECT_EQ(int64_t(json.root["Type"]), 100);
  EXPECT_EQ(int64_t(json.root["MetaData"]["Count"]), 60);
  auto sponsored = json.root["SponsoredData"].get_array();
  ASSERT_EQ(sponsored.size(), 2u);
  EXPECT_EQ(std::string_view(sponsored.at(0)["CoinInfo"]["Name"]), "PRMO");  // Not ranked.
  auto btc = json.root["Data"].at(0);
  EXPECT_EQ(std::string_view(btc["CoinInfo"]["Name"]), "BTC");
  EXPECT_EQ(std::string_view(btc["CoinInfo"]["FullName"]), "Bitcoin");
  EXPECT_TRUE(btc["CoinInfo"]["Id"].is_string());
  EXPECT_EQ(int64_t(btc["CoinInfo"]["Type"]), 1);
  EXPECT_EQ(std::string_view(btc["RAW"]["USD"]["TYPE"]), "5");
  EXPECT_EQ(std::string_view(btc["RAW"]["USD"]["MARKET"]), "CCCAGG");
  EXPECT_EQ(double(btc["RAW"]["USD"]["PRICE"]), 95000);
  EXPECT_EQ(double(btc["RAW"]["USD"]["MKTCAP"]), Coin("BTC").market_cap);
  EXPECT_EQ(int64_t(btc["RAW"]["USD"]["LASTUPDATE"]), scenario_.now_ms / 1000);
  EXPECT_EQ(std::string_view(btc["DISPLAY"]["USD"]["PRICE"]), "$ 95000.00");
  EXPECT_EQ(std::string_view(btc["DISPLAY"]["USD"]["MKTCAP"]), "$ 2.00 T");
}

TEST_F(FakeCryptoCompareTest, TopListPagesFollowTheRanking) {
  const auto page0 = Names("/data/top/mktcapfull?limit=10&page=0&tsym=USD");
  const auto page1 = Names("/data/top/mktcapfull?limit=10&page=1&tsym=USD");
  ASSERT_EQ(page0.size(), 10u);
  ASSERT_EQ(page1.size(), 10u);
  for (size_t i = 0; i < 10; ++i) {
    EXPECT_EQ(page0[i], ranked_[i].symbol);
    EXPECT_EQ(page1[i], ranked_[10 + i].symbol);
  }
  EXPECT_EQ(Names("/data/top/mktcapfull?tsym=USD").size(), 10u);            // Default limit.
  EXPECT_EQ(Names("/data/top/mktcapfull?limit=500&tsym=USD").size(), 60u);  // Max 100.
  EXPECT_EQ(Names("/data/top/mktcapfull?limit=50&page=1&tsym=USD").size(), 10u);
  EXPECT_TRUE(Names("/data/top/mktcapfull?limit=50&page=2&tsym=USD").empty());
}

TEST_F(FakeCryptoCompareTest, TopListEntryWithoutRawHasNoDisplayEither) {
  Json json(CcGet(fake_, "/data/top/mktcapfull?limit=100&tsym=USD").body);
  int without_raw = 0;
  for (auto entry : json.root["Data"].get_array()) {
    if (HasKey(entry, "RAW")) continue;
    ++without_raw;
    EXPECT_EQ(std::string_view(entry["CoinInfo"]["Name"]), "GRIN");
    EXPECT_FALSE(HasKey(entry, "DISPLAY"));
  }
  EXPECT_EQ(without_raw, 1);
}

TEST_F(FakeCryptoCompareTest, TopListWithoutTsymIsAType2Error) {
  const auto got = CcGet(fake_, "/data/top/mktcapfull?limit=10");
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.body,
            R"({"Response":"Error","Message":"tsym is a required param.","HasWarning":false,)"
            R"("Type":2,"RateLimit":{},"Data":{},"ParamWithError":"tsym"})");
}

TEST_F(FakeCryptoCompareTest, ShiftingTopListRepeatsTheLastCoinOfPageZero) {
  FaultOptions faults;
  faults.toplist_shift = true;
  fake_.SetFaults(faults);
  const auto page0 = Names("/data/top/mktcapfull?limit=10&page=0&tsym=USD");
  const auto page1 = Names("/data/top/mktcapfull?limit=10&page=1&tsym=USD");
  ASSERT_EQ(page1.size(), 10u);
  EXPECT_EQ(page1[0], page0[9]);
  EXPECT_EQ(page1[1], ranked_[10].symbol);
}

TEST_F(FakeCryptoCompareTest, HistoDayReturnsLimitPlusOneRowsEndingWithThePartialToday) {
  const auto got = CcGet(fake_, "/data/v2/histoday?fsym=BTC&tsym=USD&limit=5");
  ASSERT_EQ(got.status, 200);
  Json json(got.body);
  EXPECT_EQ(std::string_view(json.root["Response"]), "Success");
  EXPECT_EQ(int64_t(json.root["Type"]), 100);
  auto data = json.root["Data"];
  EXPECT_FALSE(bool(data["Aggregated"]));
  EXPECT_EQ(int64_t(data["TimeFrom"]), UnixSeconds(DaysAgo(5)));
  EXPECT_EQ(int64_t(data["TimeTo"]), UnixSeconds(TestToday()));
  auto rows = data["Data"].get_array();
  ASSERT_EQ(rows.size(), 6u);
  for (size_t i = 0; i < 5; ++i) {
    ExpectRow(rows.at(i), CryptoCompareCandle(Coin("BTC"), DaysAgo(5 - static_cast<int>(i))));
  }
  ExpectRow(rows.at(5), CryptoCompareOpenCandle(Coin("BTC"), TestToday()));
  EXPECT_EQ(Json(CcGet(fake_, "/data/v2/histoday?fsym=BTC&tsym=USD").body)
                .root["Data"]["Data"]
                .get_array()
                .size(),
            31u);  // Default limit 30.
}

TEST_F(FakeCryptoCompareTest, HistoDayToTsPicksTheLastDayAndLimitIsCappedAt2000) {
  const int64_t to_ts = UnixSeconds(DaysAgo(100)) + 3600;
  Json json(
      CcGet(fake_, fmt::format("/data/v2/histoday?fsym=ETH&tsym=USD&limit=3&toTs={}", to_ts)).body);
  auto rows = json.root["Data"]["Data"].get_array();
  ASSERT_EQ(rows.size(), 4u);
  ExpectRow(rows.at(3), CryptoCompareCandle(Coin("ETH"), DaysAgo(100)));
  Json capped(CcGet(fake_, "/data/v2/histoday?fsym=ETH&tsym=USD&limit=5000").body);
  EXPECT_EQ(capped.root["Data"]["Data"].get_array().size(), 2001u);
}

TEST_F(FakeCryptoCompareTest, HistoDayPadsDaysBeforeTheCoinWithZeroRows) {
  // NEWY exists since yesterday: 4 zero rows, yesterday, the partial today.
  Json json(CcGet(fake_, "/data/v2/histoday?fsym=NEWY&tsym=USD&limit=5").body);
  auto rows = json.root["Data"]["Data"].get_array();
  ASSERT_EQ(rows.size(), 6u);
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_TRUE(IsZeroRow(rows.at(i))) << i;
    EXPECT_EQ(int64_t(rows.at(i)["time"]), UnixSeconds(DaysAgo(5 - static_cast<int>(i))));
  }
  ExpectRow(rows.at(4), CryptoCompareCandle(Coin("NEWY"), DaysAgo(1)));
  EXPECT_FALSE(IsZeroRow(rows.at(5)));
  // Paging back before the listing never ends by itself: a page of zeros.
  Json old(CcGet(fake_, fmt::format("/data/v2/histoday?fsym=NEWY&tsym=USD&limit=10&toTs={}",
                                    UnixSeconds(DaysAgo(50))))
               .body);
  for (auto row : old.root["Data"]["Data"].get_array()) EXPECT_TRUE(IsZeroRow(row));
}

TEST_F(FakeCryptoCompareTest, HistoDayAllDataCoversTheWholeHistoryAndPadding) {
  Json json(CcGet(fake_, "/data/v2/histoday?fsym=CTWO&tsym=USD&allData=true").body);
  auto rows = json.root["Data"]["Data"].get_array();
  ASSERT_EQ(rows.size(), 30u + 2000u + 1u);
  size_t zeros = 0;
  for (auto row : rows) zeros += IsZeroRow(row) ? 1 : 0;
  EXPECT_EQ(zeros, 30u);
  ExpectRow(rows.at(30), CryptoCompareCandle(Coin("CTWO"), DaysAgo(2000)));
  EXPECT_EQ(int64_t(rows.at(2030)["time"]), UnixSeconds(TestToday()));
}

TEST_F(FakeCryptoCompareTest, HistoDayForAMissingMarketIsAType2ErrorWithHttp200) {
  for (const char* fsym : {"NOPE", "WBT"}) {
    const auto got = CcGet(fake_, fmt::format("/data/v2/histoday?fsym={}&tsym=USD", fsym));
    EXPECT_EQ(got.status, 200);
    EXPECT_EQ(got.body,
              fmt::format(R"({{"Response":"Error","Message":"cccagg_or_exchange market does not )"
                          R"x(exist for this coin pair ({}-USD)","HasWarning":false,"Type":2,)x"
                          R"("RateLimit":{{}},"Data":{{}},"Cooldown":0}})",
                          fsym));
  }
  Json no_tsym(CcGet(fake_, "/data/v2/histoday?fsym=BTC").body);
  EXPECT_EQ(std::string_view(no_tsym.root["ParamWithError"]), "tsym");
  const auto suffixed = CcGet(fake_, "/data/v2/histoday?fsym=BTM%2A&tsym=USD&limit=1");
  EXPECT_EQ(Json(suffixed.body).root["Data"]["Data"].get_array().size(), 2u);
}

TEST_F(FakeCryptoCompareTest, CallCeilingAnswersType99AndCountsImpatientRequests) {
  FaultOptions faults;
  faults.cc_max_per_month = 2;  // A 30-day window: never rolls over during the test.
  faults.retry_after_grace_ms = 0;
  fake_.SetFaults(faults);
  EXPECT_EQ(CcGet(fake_, "/data/v2/histoday?fsym=BTC&tsym=USD&limit=1").status, 200);
  EXPECT_EQ(CcGet(fake_, "/data/v2/histoday?fsym=ETH&tsym=USD&limit=1").status, 200);
  const auto limited = CcGet(fake_, "/data/v2/histoday?fsym=XRP&tsym=USD&limit=1");
  EXPECT_EQ(limited.status, 200);
  Json json(limited.body);
  EXPECT_EQ(std::string_view(json.root["Response"]), "Error");
  EXPECT_EQ(int64_t(json.root["Type"]), 99);
  EXPECT_EQ(std::string_view(json.root["Message"]),
            "You are over your rate limit please upgrade your account!");
  EXPECT_EQ(int64_t(json.root["RateLimit"]["calls_made"]["month"]), 2);
  EXPECT_EQ(int64_t(json.root["RateLimit"]["calls_made"]["total_calls"]), 2);
  EXPECT_EQ(int64_t(json.root["RateLimit"]["max_calls"]["month"]), 2);
  EXPECT_EQ(int64_t(json.root["RateLimit"]["max_calls"]["second"]), 20);  // Unset: default.
  EXPECT_TRUE(json.root["Data"].is_object());
  EXPECT_EQ(fake_.CountCcRateLimited(), 1u);
  EXPECT_EQ(fake_.CountRequestsDuringRetryAfter(), 0u);

  EXPECT_EQ(
      Json(CcGet(fake_, "/data/top/mktcapfull?tsym=USD").body).root["Type"].get_int64().value(),
      99);
  EXPECT_EQ(fake_.CountCcRateLimited(), 2u);
  EXPECT_EQ(fake_.CountRequestsDuringRetryAfter(Api::kCryptoCompare), 1u);
}

}  // namespace
}  // namespace cryptoscope::fake
