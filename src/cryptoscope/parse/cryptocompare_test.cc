#include "cryptoscope/parse/cryptocompare.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cryptoscope::parse {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Kind = CcEnvelope::Kind;

constexpr int64_t kDec31 = 1767139200;  // 2025-12-31T00:00:00Z.
constexpr int64_t kJan1 = 1767225600;   // 2026-01-01T00:00:00Z.
constexpr int64_t kMar1 = 1709251200;   // 2024-03-01T00:00:00Z.

// docs/api-contract.md section 6: the last row (2026-01-01) is today, still open.
constexpr const char* kContractHistoDay = R"({
  "Response": "Success",
  "Message": "",
  "HasWarning": false,
  "Type": 100,
  "RateLimit": {},
  "Data": {
    "Aggregated": false,
    "TimeFrom": 1767139200,
    "TimeTo": 1767225600,
    "Data": [
      {"time": 1767139200, "high": 89105.68, "low": 87109.45, "open": 88410.54,
       "volumefrom": 18255.84, "volumeto": 1607399099.44, "close": 87519.13,
       "conversionType": "direct", "conversionSymbol": ""},
      {"time": 1767225600, "high": 88806.59, "low": 87400.21, "open": 87519.13,
       "volumefrom": 951.0, "volumeto": 83581944.89, "close": 88742.68,
       "conversionType": "direct", "conversionSymbol": ""}
    ]
  }
})";

constexpr const char* kMarketMissing = R"j({"Response": "Error",
 "Message": "cccagg_or_exchange market does not exist for this coin pair (FOO-USD)",
 "HasWarning": false, "Type": 2, "RateLimit": {}, "Data": {}, "Cooldown": 0})j";

constexpr const char* kRateLimited = R"({"Response": "Error",
 "Message": "You are over your rate limit please upgrade your account!",
 "HasWarning": false, "Type": 99,
 "RateLimit": {"calls_made": {"second": 1, "minute": 3, "hour": 4, "day": 7501, "month": 11627,
                              "total_calls": 52622},
               "max_calls":  {"second": 20, "minute": 300, "hour": 3000, "day": 7500,
                              "month": 50000}},
 "Data": {}})";

constexpr const char* kKeyRequired =
    R"({"Data": {}, "Err": {"type": 2, "message": "API key required, please refer to the documentation at https://developers.coindesk.com/", "http_status_code": 401, "frontend": {}}})";

// A histoday row at `time` (seconds) with OHLC o/h/l/c and volumes.
std::string HistoRow(int64_t time, double open = 2, double high = 3, double low = 1,
                     double close = 2.5, double volume_from = 10, double volume_to = 25) {
  return fmt::format(
      R"({{"time": {}, "high": {}, "low": {}, "open": {}, "volumefrom": {}, "volumeto": {}, )"
      R"("close": {}, "conversionType": "direct", "conversionSymbol": ""}})",
      time, high, low, open, volume_from, volume_to, close);
}

std::string HistoBody(const std::vector<std::string>& rows) {
  return fmt::format(
      R"({{"Response": "Success", "Message": "", "HasWarning": false, "Type": 100,)"
      R"( "RateLimit": {{}}, "Data": {{"Aggregated": false, "TimeFrom": 0, "TimeTo": 0,)"
      R"( "Data": [{}]}}}})",
      fmt::join(rows, ",\n"));
}

void ExpectHistoDayRejected(const std::string& body, const std::string& message) {
  const auto page = ParseHistoDay(body, kJan1 * 2);
  ASSERT_FALSE(page.has_value()) << body;
  EXPECT_EQ(page.error().code, ErrorCode::kBadData);
  EXPECT_EQ(page.error().message, message);
}

// ---------------------------------------------------------------------------------------------

TEST(ParseCcEnvelopeTest, HistoryAndTopListSuccessShapesAreSuccess) {
  const CcEnvelope history = ParseCcEnvelope(kContractHistoDay, 200);
  EXPECT_EQ(history.kind, Kind::kSuccess);
  EXPECT_EQ(history.type, 100);
  // Toplists carry Message/Type but no Response key.
  const CcEnvelope toplist =
      ParseCcEnvelope(R"({"Message": "Success", "Type": 100, "Data": [], "RateLimit": {}})", 200);
  EXPECT_EQ(toplist.kind, Kind::kSuccess);
  EXPECT_EQ(toplist.message, "Success");
}

TEST(ParseCcEnvelopeTest, SuccessNeedsType100AndHttp200) {
  EXPECT_EQ(ParseCcEnvelope(R"({"Response": "Success", "Data": []})", 200).kind, Kind::kError);
  EXPECT_EQ(ParseCcEnvelope(R"({"Response": "Success", "Type": 100})", 500).kind, Kind::kError);
  EXPECT_EQ(ParseCcEnvelope(R"({"Response": "Error", "Type": 100})", 200).kind, Kind::kError);
  // The Data API's success envelope carries an empty Err object: that is no error.
  EXPECT_EQ(ParseCcEnvelope(R"({"Type": 100, "Data": [], "Err": {}})", 200).kind, Kind::kSuccess);
}

TEST(ParseCcEnvelopeTest, MarketDoesNotExistIsMarketMissing) {
  const CcEnvelope envelope = ParseCcEnvelope(kMarketMissing, 200);
  EXPECT_EQ(envelope.kind, Kind::kMarketMissing);
  EXPECT_EQ(envelope.type, 2);
  EXPECT_THAT(envelope.message, HasSubstr("(FOO-USD)"));
  // With e=<Exchange> the same error comes as Type 1.
  EXPECT_EQ(ParseCcEnvelope(R"j({"Response": "Error", "Type": 1, "Message":)j"
                            R"j( "Binance market does not exist for this coin pair (X-Y)"})j",
                            200)
                .kind,
            Kind::kMarketMissing);
}

TEST(ParseCcEnvelopeTest, OtherErrorsKeepTheirMessage) {
  const CcEnvelope envelope = ParseCcEnvelope(
      R"({"Response": "Error", "Message": "tsym is a required param.", "HasWarning": false,
          "Type": 2, "RateLimit": {}, "Data": {}, "ParamWithError": "tsym"})",
      200);
  EXPECT_EQ(envelope.kind, Kind::kError);
  EXPECT_EQ(envelope.message, "tsym is a required param.");
  const CcEnvelope bare = ParseCcEnvelope("{}", 200);
  EXPECT_EQ(bare.kind, Kind::kError);
  EXPECT_EQ(bare.message, "http 200, type 0");
}

TEST(ParseCcEnvelopeTest, Type99ListsTheExhaustedWindows) {
  const CcEnvelope envelope = ParseCcEnvelope(kRateLimited, 200);
  EXPECT_EQ(envelope.kind, Kind::kRateLimited);
  EXPECT_EQ(envelope.type, 99);
  EXPECT_THAT(envelope.exhausted_windows, ElementsAre("day"));
  ASSERT_EQ(envelope.max_calls.size(), 5u);
  EXPECT_EQ(envelope.max_calls[1], (std::pair<std::string, int64_t>{"minute", 300}));
  EXPECT_EQ(envelope.message, "You are over your rate limit please upgrade your account!");
}

TEST(ParseCcEnvelopeTest, Type99WithOlderCallsLeftCountsNonPositiveWindows) {
  const CcEnvelope envelope = ParseCcEnvelope(
      R"({"Response": "Error", "Message": "Rate limit excedeed!", "Type": 99,
          "RateLimit": {"calls_made": {"second": 20, "minute": 50},
                        "calls_left": {"second": 0, "minute": 250, "hour": -1, "day": 10}},
          "Data": {}})",
      200);
  EXPECT_EQ(envelope.kind, Kind::kRateLimited);
  EXPECT_THAT(envelope.exhausted_windows, ElementsAre("second", "hour"));
}

TEST(ParseCcEnvelopeTest, Http429IsRateLimitedWhateverTheBody) {
  const CcEnvelope envelope = ParseCcEnvelope("<html>Too Many Requests</html>", 429);
  EXPECT_EQ(envelope.kind, Kind::kRateLimited);
  EXPECT_TRUE(envelope.exhausted_windows.empty());
  EXPECT_EQ(ParseCcEnvelope(kRateLimited, 429).exhausted_windows, std::vector<std::string>{"day"});
}

TEST(ParseCcEnvelopeTest, KeylessErrEnvelopeIsKeyRejected) {
  const CcEnvelope envelope = ParseCcEnvelope(kKeyRequired, 401);
  EXPECT_EQ(envelope.kind, Kind::kKeyRejected);
  EXPECT_THAT(envelope.message, HasSubstr("API key required"));
  // The Err envelope alone suffices, and so does the status alone.
  EXPECT_EQ(ParseCcEnvelope(kKeyRequired, 200).kind, Kind::kKeyRejected);
  const CcEnvelope status_only = ParseCcEnvelope("Unauthorized", 401);
  EXPECT_EQ(status_only.kind, Kind::kKeyRejected);
  EXPECT_EQ(status_only.message, "http 401, type 0");
}

TEST(ParseCcEnvelopeTest, MessageAboutTheApiKeyIsKeyRejected) {
  const CcEnvelope envelope = ParseCcEnvelope(
      R"({"Response": "Error", "Message": "You need a valid auth key or API Key to access this endpoint", "Type": 1, "Data": {}})",
      200);
  EXPECT_EQ(envelope.kind, Kind::kKeyRejected);
}

TEST(ParseCcEnvelopeTest, NonJsonOrNonObjectIsMalformed) {
  for (const char* body : {"", "<html>502 Bad Gateway</html>", "[]", "100", "\"Error\"",
                           R"({"Response": "Error", "Type": 2)", R"({"Type": 100} {})"}) {
    const CcEnvelope envelope = ParseCcEnvelope(body, 200);
    EXPECT_EQ(envelope.kind, Kind::kMalformed) << body;
    EXPECT_FALSE(envelope.message.empty()) << body;
  }
  EXPECT_EQ(ParseCcEnvelope("[]", 200).message, "body is not a json object");
}

// ---------------------------------------------------------------------------------------------

// docs/api-contract.md section 5, plus sponsored and RAW-less entries.
constexpr const char* kContractTopList = R"({
  "Message": "Success",
  "Type": 100,
  "MetaData": {"Count": 3120},
  "SponsoredData": [{"CoinInfo": {"Name": "SPAM", "FullName": "Sponsored"},
                     "RAW": {"USD": {"PRICE": 1, "MKTCAP": 1}}}],
  "Data": [
    {
      "CoinInfo": {
        "Id": "1182", "Name": "BTC", "FullName": "Bitcoin", "Internal": "BTC",
        "ImageUrl": "/media/37746251/btc.png", "Url": "/coins/btc/overview",
        "Algorithm": "SHA-256", "ProofType": "PoW", "Rating": {"Weiss": {"Rating": "B+"}},
        "NetHashesPerSecond": 9.9e20, "BlockNumber": 951731, "BlockTime": 92,
        "BlockReward": 3.125, "AssetLaunchDate": "2009-01-03", "MaxSupply": 20999999.9769,
        "Type": 1, "DocumentType": "Webpagecoinp"
      },
      "RAW": {"USD": {"TYPE": "5", "MARKET": "CCCAGG", "FROMSYMBOL": "BTC", "TOSYMBOL": "USD",
                      "PRICE": 73828.09, "MKTCAP": 1468000000000.0, "SUPPLY": 19880000,
                      "VOLUME24HOURTO": 1040985988.76, "LASTUPDATE": 1780159722}},
      "DISPLAY": {"USD": {"PRICE": "$ 73,828.1", "MKTCAP": "$ 1.47 T"}}
    },
    {"CoinInfo": {"Id": "7605", "Name": "ETH", "FullName": "Ethereum"}},
    {"CoinInfo": {"Name": "BTM*", "FullName": "Bytom"}, "RAW": null},
    {"CoinInfo": {"Name": "币安人生", "FullName": "\u5e01\u5b89\u4eba\u751f"},
     "RAW": {"USD": {"PRICE": null, "MKTCAP": "n/a"}}}
  ],
  "RateLimit": {},
  "HasWarning": false
})";

TEST(ParseTopListTest, ContractExampleParsesWithRanksFromThePage) {
  const auto page = ParseTopList(kContractTopList, 2, 100);
  ASSERT_TRUE(page.has_value()) << page.error().message;
  EXPECT_EQ(page->entries, 4u);
  ASSERT_EQ(page->coins.size(), 4u);
  const Coin& btc = page->coins[0];
  EXPECT_EQ(btc.symbol, "BTC");
  EXPECT_EQ(btc.name, "Bitcoin");
  EXPECT_EQ(btc.rank, 201);
  EXPECT_EQ(btc.price, 73828.09);
  EXPECT_EQ(btc.market_cap, 1468000000000.0);
  EXPECT_EQ(page->coins[3].rank, 204);
}

TEST(ParseTopListTest, MissingOrNullRawLeavesMarketDataEmpty) {
  const auto page = ParseTopList(kContractTopList, 0, 100);
  ASSERT_TRUE(page.has_value());
  for (size_t i = 1; i < 4; ++i) {
    EXPECT_FALSE(page->coins[i].price.has_value()) << i;
    EXPECT_FALSE(page->coins[i].market_cap.has_value()) << i;
  }
  EXPECT_EQ(page->coins[1].symbol, "ETH");
  EXPECT_EQ(page->coins[2].symbol, "BTM*");
}

TEST(ParseTopListTest, SponsoredDataIsIgnored) {
  const auto page = ParseTopList(kContractTopList, 0, 100);
  ASSERT_TRUE(page.has_value());
  for (const Coin& coin : page->coins) EXPECT_NE(coin.symbol, "SPAM");
}

TEST(ParseTopListTest, UnicodeSymbolIsKept) {
  const auto page = ParseTopList(kContractTopList, 0, 100);
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(page->coins[3].symbol, "币安人生");
  EXPECT_EQ(page->coins[3].name, "币安人生");
}

TEST(ParseTopListTest, EntriesWithoutANameAreSkippedButKeepTheirRankSlot) {
  const auto page = ParseTopList(
      R"({"Message": "Success", "Type": 100, "Data": [
          "BTC", null, {"CoinInfo": {"FullName": "No Name"}}, {"CoinInfo": {"Name": ""}},
          {"CoinInfo": {"Name": 5}}, {"CoinInfo": "SOL"},
          {"CoinInfo": {"Name": "SOL", "FullName": "Solana"},
           "RAW": {"USD": {"PRICE": 150, "MKTCAP": -1}}}]})",
      1, 10);
  ASSERT_TRUE(page.has_value()) << page.error().message;
  EXPECT_EQ(page->entries, 7u);
  ASSERT_EQ(page->coins.size(), 1u);
  EXPECT_EQ(page->coins[0].symbol, "SOL");
  EXPECT_EQ(page->coins[0].rank, 17);
  EXPECT_EQ(page->coins[0].price, 150.0);
  EXPECT_FALSE(page->coins[0].market_cap.has_value());  // Negative: not trusted.
}

TEST(ParseTopListTest, DataBeforeTypeStillParses) {
  const auto page = ParseTopList(
      R"({"Data": [{"CoinInfo": {"Name": "BTC", "FullName": "Bitcoin"}}], "Type": 100,
          "Message": "Success"})",
      0, 100);
  ASSERT_TRUE(page.has_value()) << page.error().message;
  ASSERT_EQ(page->coins.size(), 1u);
  EXPECT_EQ(page->coins[0].symbol, "BTC");
}

TEST(ParseTopListTest, EmptyDataIsAnEmptyPage) {
  const auto page = ParseTopList(R"({"Message": "Success", "Type": 100, "Data": []})", 10, 100);
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(page->entries, 0u);
  EXPECT_TRUE(page->coins.empty());
}

TEST(ParseTopListTest, NonSuccessEnvelopeOrWrongShapeIsBadData) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"Message": "Success", "Type": 100, "Data": {}})", "toplist: Data is not an array"},
      {R"({"Message": "Success", "Type": 100})", "toplist: no Data"},
      {kRateLimited,
       "toplist: rate limited (type 99): You are over your rate limit please upgrade your "
       "account!"},
      {R"({"Response": "Error", "Message": "tsym is a required param.", "Type": 2, "Data": {}})",
       "toplist: error (type 2): tsym is a required param."},
      {kKeyRequired,
       "toplist: api key rejected (type 0): API key required, please refer to the "
       "documentation at https://developers.coindesk.com/"},
      {"[]", "toplist: body is not a json object"},
  };
  for (const auto& [body, message] : cases) {
    const auto page = ParseTopList(body, 0, 100);
    ASSERT_FALSE(page.has_value()) << body;
    EXPECT_EQ(page.error().code, ErrorCode::kBadData);
    EXPECT_EQ(page.error().message, message);
  }
  const auto truncated = ParseTopList(R"({"Type": 100, "Data": [{"CoinInfo": )", 0, 100);
  ASSERT_FALSE(truncated.has_value());
  EXPECT_THAT(truncated.error().message, HasSubstr("toplist: invalid json"));
}

// ---------------------------------------------------------------------------------------------

TEST(ParseHistoDayTest, ContractExampleParsesAndDropsToday) {
  const auto page = ParseHistoDay(kContractHistoDay, kJan1 + 3600);
  ASSERT_TRUE(page.has_value()) << page.error().message;
  EXPECT_EQ(page->rows, 2u);
  EXPECT_EQ(page->zero_rows, 0u);
  EXPECT_EQ(page->first_row_day, *ParseDay("2025-12-31"));
  ASSERT_EQ(page->candles.size(), 1u);
  const Candle& c = page->candles[0];
  EXPECT_EQ(FormatDay(c.day), "2025-12-31");
  EXPECT_EQ(c.open, 88410.54);
  EXPECT_EQ(c.high, 89105.68);
  EXPECT_EQ(c.low, 87109.45);
  EXPECT_EQ(c.close, 87519.13);
  EXPECT_EQ(c.volume, 18255.84);
  EXPECT_EQ(c.quote_volume, 1607399099.44);
}

TEST(ParseHistoDayTest, DayIsClosedOnceItsLastSecondHasPassed) {
  EXPECT_EQ(ParseHistoDay(kContractHistoDay, kJan1 + 86399)->candles.size(), 1u);
  const auto closed = ParseHistoDay(kContractHistoDay, kJan1 + 86400);
  ASSERT_EQ(closed->candles.size(), 2u);
  EXPECT_EQ(FormatDay(closed->candles[1].day), "2026-01-01");
  EXPECT_EQ(closed->candles[1].volume, 951.0);
}

TEST(ParseHistoDayTest, ZeroRowsAnywhereAreDroppedAndCounted) {
  const auto page = ParseHistoDay(
      HistoBody({HistoRow(kMar1, 0, 0, 0, 0, 0, 0), HistoRow(kMar1 + 86400, 0, 0, 0, 0, 0, 0),
                 HistoRow(kMar1 + 2 * 86400), HistoRow(kMar1 + 3 * 86400, 0, 0, 0, 0, 0, 0),
                 HistoRow(kMar1 + 4 * 86400)}),
      kJan1);
  ASSERT_TRUE(page.has_value()) << page.error().message;
  EXPECT_EQ(page->rows, 5u);
  EXPECT_EQ(page->zero_rows, 3u);
  EXPECT_EQ(page->first_row_day, *ParseDay("2024-03-01"));
  ASSERT_EQ(page->candles.size(), 2u);
  EXPECT_EQ(FormatDay(page->candles[0].day), "2024-03-03");
  EXPECT_EQ(FormatDay(page->candles[1].day), "2024-03-05");
}

TEST(ParseHistoDayTest, PageOfOnlyZeroRowsHasNoCandles) {
  std::vector<std::string> rows;
  for (int i = 0; i < 2001; ++i) rows.push_back(HistoRow(kMar1 + i * 86400, 0, 0, 0, 0, 0, 0));
  const auto page = ParseHistoDay(HistoBody(rows), kJan1 * 2);
  ASSERT_TRUE(page.has_value()) << page.error().message;
  EXPECT_EQ(page->rows, 2001u);
  EXPECT_EQ(page->zero_rows, 2001u);
  EXPECT_TRUE(page->candles.empty());
}

TEST(ParseHistoDayTest, TwoThousandRowPageParsesEveryRow) {
  std::vector<std::string> rows;
  const int64_t first = kJan1 - 2000 * 86400;
  for (int i = 0; i <= 2000; ++i) {  // limit=2000 returns 2001 rows, the last one today.
    rows.push_back(HistoRow(first + i * 86400, 100 + i + 0.25, 200 + i + 0.5, 0.00000001,
                            100 + i + 0.75, i + 0.125, i * 1000.5));
  }
  const auto page = ParseHistoDay(HistoBody(rows), kJan1 + 60);
  ASSERT_TRUE(page.has_value()) << page.error().message;
  EXPECT_EQ(page->rows, 2001u);
  ASSERT_EQ(page->candles.size(), 2000u);
  EXPECT_EQ(page->first_row_day, DayFromUnixSeconds(first));
  const Candle& last = page->candles.back();
  EXPECT_EQ(FormatDay(last.day), "2025-12-31");
  EXPECT_EQ(last.open, 2099.25);
  EXPECT_EQ(last.high, 2199.5);
  EXPECT_EQ(last.low, 0.00000001);
  EXPECT_EQ(last.close, 2099.75);
  EXPECT_EQ(last.volume, 1999.125);
  EXPECT_EQ(last.quote_volume, 1999 * 1000.5);
}

TEST(ParseHistoDayTest, ImplausibleValuesRejectTheBodyNamingTheDay) {
  ExpectHistoDayRejected(HistoBody({HistoRow(kMar1, 4, 4, 5, 4)}),
                         "histoday row 2024-03-01: low 5 > high 4");
  ExpectHistoDayRejected(HistoBody({HistoRow(kMar1, 6, 5, 4, 4.5)}),
                         "histoday row 2024-03-01: open 6 is outside [low 4, high 5]");
  ExpectHistoDayRejected(HistoBody({HistoRow(kMar1, 4.5, 5, 4, 5.5)}),
                         "histoday row 2024-03-01: close 5.5 is outside [low 4, high 5]");
  ExpectHistoDayRejected(HistoBody({HistoRow(kMar1, 2, 3, 1, 2, -1)}),
                         "histoday row 2024-03-01: volume -1 is negative");
  ExpectHistoDayRejected(HistoBody({HistoRow(kMar1, 2, 3, 1, 2, 1, -2)}),
                         "histoday row 2024-03-01: quote volume -2 is negative");
}

TEST(ParseHistoDayTest, TimeInMillisecondsIsRejected) {
  ExpectHistoDayRejected(HistoBody({HistoRow(kMar1 * 1000)}),
                         "histoday row 0: time 1709251200000 looks like milliseconds, not seconds");
}

TEST(ParseHistoDayTest, TimeOffMidnightOrNegativeIsRejected) {
  ExpectHistoDayRejected(HistoBody({HistoRow(kMar1 + 60)}),
                         "histoday row 2024-03-01: time 1709251260 is not on utc midnight");
  ExpectHistoDayRejected(HistoBody({HistoRow(-86400)}),
                         "histoday row 0: time -86400 is before 1970");
}

TEST(ParseHistoDayTest, DuplicateOrDescendingDaysAreRejected) {
  ExpectHistoDayRejected(HistoBody({HistoRow(kMar1), HistoRow(kMar1)}),
                         "histoday row 2024-03-01: duplicate day");
  ExpectHistoDayRejected(HistoBody({HistoRow(kMar1 + 86400), HistoRow(kMar1)}),
                         "histoday row 2024-03-01: day out of order (after 2024-03-02)");
}

TEST(ParseHistoDayTest, UnknownRowShapesAreRejected) {
  ExpectHistoDayRejected(HistoBody({"[1709251200, 1, 2, 3]"}), "histoday row 0: not an object");
  ExpectHistoDayRejected(
      HistoBody({R"({"time": 1709251200, "high": 3, "low": 1, "open": 2, "close": 2,
                     "volumefrom": 1})"}),
      "histoday row 2024-03-01: missing volumeto");
  ExpectHistoDayRejected(HistoBody({R"({"high": 3, "low": 1, "open": 2, "close": 2, "volumefrom": 1,
                     "volumeto": 1})"}),
                         "histoday row 0: missing time");
  ExpectHistoDayRejected(
      HistoBody({R"({"open": "2", "time": 1709251200, "high": 3, "low": 1, "close": 2,
                     "volumefrom": 1, "volumeto": 1})"}),
      "histoday row 2024-03-01: open is not a number");
  ExpectHistoDayRejected(
      HistoBody({R"({"time": 1709251200.0, "high": 3, "low": 1, "open": 2, "close": 2,
                     "volumefrom": 1, "volumeto": 1})"}),
      "histoday row 0: time is not an integer");
  ExpectHistoDayRejected(
      HistoBody({R"({"time": 1709251200, "high": 1e999, "low": 1, "open": 2, "close": 2,
                     "volumefrom": 1, "volumeto": 1})"}),
      "histoday row 2024-03-01: high is not a number");
}

TEST(ParseHistoDayTest, NonSuccessEnvelopeOrWrongShapeIsBadData) {
  ExpectHistoDayRejected(kMarketMissing,
                         "histoday: market missing (type 2): cccagg_or_exchange market does not "
                         "exist for this coin pair (FOO-USD)");
  ExpectHistoDayRejected(R"({"Response": "Success", "Type": 100, "Data": []})",
                         "histoday: Data is not an object");
  ExpectHistoDayRejected(R"({"Response": "Success", "Type": 100, "Data": {}})",
                         "histoday: no Data.Data array");
  ExpectHistoDayRejected(R"({"Response": "Success", "Type": 100, "Data": {"Data": {}}})",
                         "histoday: Data.Data is not an array");
  ExpectHistoDayRejected("", "histoday: invalid json (Empty: no JSON found)");
}

TEST(ParseHistoDayTest, StaleBytesInSpareCapacityNeverCompleteATruncatedBody) {
  const std::string full = kContractHistoDay;
  const std::string truncated = full.substr(0, full.size() - 6);  // Cuts the closing "\n  }\n}".
  for (const char stale : {']', '}'}) {
    std::string body(truncated.size() + 256, stale);
    body.replace(0, truncated.size(), truncated);
    body.resize(truncated.size());
    const auto page = ParseHistoDay(body, kJan1 * 2);
    ASSERT_FALSE(page.has_value()) << stale;
    EXPECT_THAT(page.error().message, HasSubstr("histoday: invalid json")) << stale;
  }
}

TEST(ParseHistoDayTest, DataBeforeTypeStillParses) {
  const auto page = ParseHistoDay(
      fmt::format(R"({{"Data": {{"Data": [{}]}}, "Response": "Success", "Type": 100}})",
                  HistoRow(kMar1)),
      kJan1);
  ASSERT_TRUE(page.has_value()) << page.error().message;
  ASSERT_EQ(page->candles.size(), 1u);
  EXPECT_EQ(page->candles[0].close, 2.5);
}

}  // namespace
}  // namespace cryptoscope::parse
