#include "cryptoscope/parse/binance.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cryptoscope::parse {
namespace {

using ::testing::HasSubstr;

constexpr int64_t kJan1 = 1767225600000;  // 2026-01-01T00:00:00Z in ms.
constexpr int64_t kMar1 = 1709251200000;  // 2024-03-01T00:00:00Z in ms.

// The contract's example row (docs/api-contract.md section 3): 2026-01-01, closed.
constexpr const char* kContractKlines = R"([
  [1767225600000, "94210.01000000", "95010.00000000", "93800.55000000", "94877.12000000",
   "10233.51230000", 1767311999999, "968312554.10334000", 1523401, "5102.33110000",
   "482771005.90012000", "0"]
])";

// A full 12-field daily row opening at `open_ms`.
std::string Row(int64_t open_ms, const std::string& open = "2.0", const std::string& high = "3.0",
                const std::string& low = "1.0", const std::string& close = "2.5",
                const std::string& volume = "10.0") {
  return fmt::format(R"([{}, "{}", "{}", "{}", "{}", "{}", {}, "25.5", 42, "5.0", "12.5", "0"])",
                     open_ms, open, high, low, close, volume, open_ms + 86'399'999);
}

std::string Body(const std::vector<std::string>& rows) {
  return "[" + fmt::format("{}", fmt::join(rows, ",\n")) + "]";
}

// Asserts that `body` is rejected as bad data with exactly `message`.
void ExpectKlinesRejected(const std::string& body, const std::string& message) {
  const auto page = ParseKlines(body, kJan1 * 2);
  ASSERT_FALSE(page.has_value()) << body;
  EXPECT_EQ(page.error().code, ErrorCode::kBadData);
  EXPECT_EQ(page.error().message, message);
}

TEST(ParseKlinesTest, ContractExampleParsesToExactValues) {
  const auto page = ParseKlines(kContractKlines, kJan1 + 2 * 86'400'000);
  ASSERT_TRUE(page.has_value()) << page.error().message;
  ASSERT_EQ(page->candles.size(), 1u);
  const Candle& c = page->candles[0];
  EXPECT_EQ(FormatDay(c.day), "2026-01-01");
  EXPECT_EQ(c.open, 94210.01);
  EXPECT_EQ(c.high, 95010.0);
  EXPECT_EQ(c.low, 93800.55);
  EXPECT_EQ(c.close, 94877.12);
  EXPECT_EQ(c.volume, 10233.5123);
  EXPECT_EQ(c.quote_volume, 968312554.10334);
  EXPECT_EQ(page->rows, 1u);
  EXPECT_EQ(page->last_row_day, *ParseDay("2026-01-01"));
}

TEST(ParseKlinesTest, OpenCandleIsDroppedButCountedAsARow) {
  const std::string body = Body({Row(kJan1), Row(kJan1 + 86'400'000)});
  const auto page = ParseKlines(body, kJan1 + 86'400'000 + 5000);  // 2026-01-02 is still open.
  ASSERT_TRUE(page.has_value()) << page.error().message;
  ASSERT_EQ(page->candles.size(), 1u);
  EXPECT_EQ(FormatDay(page->candles[0].day), "2026-01-01");
  EXPECT_EQ(page->rows, 2u);
  EXPECT_EQ(page->last_row_day, *ParseDay("2026-01-02"));
}

TEST(ParseKlinesTest, CandleIsClosedOnlyWhenCloseTimeIsBeforeNow) {
  const std::string body = Body({Row(kJan1)});
  const int64_t close_ms = kJan1 + 86'399'999;
  EXPECT_TRUE(ParseKlines(body, close_ms)->candles.empty());
  EXPECT_EQ(ParseKlines(body, close_ms + 1)->candles.size(), 1u);
}

TEST(ParseKlinesTest, EmptyArrayIsAnEmptyPage) {
  const auto page = ParseKlines("[]", kJan1);
  ASSERT_TRUE(page.has_value());
  EXPECT_TRUE(page->candles.empty());
  EXPECT_EQ(page->rows, 0u);
  EXPECT_FALSE(page->last_row_day.has_value());
}

TEST(ParseKlinesTest, ThousandRowPageParsesEveryRow) {
  std::vector<std::string> rows;
  for (int i = 0; i < 1000; ++i) {
    rows.push_back(Row(kMar1 + int64_t{i} * 86'400'000, fmt::format("{}.25", 100 + i),
                       fmt::format("{}.5", 200 + i), "0.00000001", fmt::format("{}.75", 100 + i),
                       fmt::format("{}.12345678", i)));
  }
  const std::string body = Body(rows);
  const auto page = ParseKlines(body, kMar1 + 999 * int64_t{86'400'000});  // Last row open.
  ASSERT_TRUE(page.has_value()) << page.error().message;
  EXPECT_EQ(page->rows, 1000u);
  ASSERT_EQ(page->candles.size(), 999u);
  EXPECT_EQ(FormatDay(page->candles.front().day), "2024-03-01");
  EXPECT_EQ(page->candles[998].day, *ParseDay("2024-03-01") + std::chrono::days{998});
  EXPECT_EQ(page->candles[998].open, 1098.25);
  EXPECT_EQ(page->candles[998].high, 1198.5);
  EXPECT_EQ(page->candles[998].low, 0.00000001);
  EXPECT_EQ(page->candles[998].close, 1098.75);
  EXPECT_EQ(page->candles[998].volume, 998.12345678);
  EXPECT_EQ(page->candles[998].quote_volume, 25.5);
  EXPECT_EQ(page->last_row_day, *ParseDay("2024-03-01") + std::chrono::days{999});
}

TEST(ParseKlinesTest, BodyWithSpareCapacityParsesInPlaceToTheSameResult) {
  std::string padded = kContractKlines;
  padded.reserve(padded.size() + 256);
  std::string tight = kContractKlines;
  tight.shrink_to_fit();
  const auto a = ParseKlines(padded, kJan1 * 2);
  const auto b = ParseKlines(tight, kJan1 * 2);
  ASSERT_TRUE(a.has_value() && b.has_value());
  EXPECT_EQ(a->candles[0].close, b->candles[0].close);
  EXPECT_EQ(a->candles[0].quote_volume, 968312554.10334);
}

// Spare capacity holds whatever the buffer held before; it must never complete a truncated body.
std::string WithStaleCapacity(const std::string& body, char stale) {
  std::string out(body.size() + 256, stale);
  out.replace(0, body.size(), body);
  out.resize(body.size());
  return out;
}

TEST(ParseKlinesTest, StaleBytesInSpareCapacityAreNeverRead) {
  const std::string full = kContractKlines;
  const auto page = ParseKlines(WithStaleCapacity(full, ']'), kJan1 * 2);
  ASSERT_TRUE(page.has_value()) << page.error().message;
  EXPECT_EQ(page->candles[0].open, 94210.01);
  const std::string truncated = full.substr(0, full.rfind(']'));
  for (const char stale : {']', '}', '"', '0'}) {
    const auto rejected = ParseKlines(WithStaleCapacity(truncated, stale), kJan1 * 2);
    ASSERT_FALSE(rejected.has_value()) << stale;
    EXPECT_THAT(rejected.error().message, HasSubstr("klines: invalid json")) << stale;
  }
}

TEST(ParseKlinesTest, LowAboveHighRejectsTheBodyNamingTheDay) {
  ExpectKlinesRejected(Body({Row(kMar1, "4", "4", "5", "4")}),
                       "klines row 2024-03-01: low 5 > high 4");
}

TEST(ParseKlinesTest, OpenOrCloseOutsideTheRangeIsRejected) {
  ExpectKlinesRejected(Body({Row(kMar1, "6", "5", "4", "4.5")}),
                       "klines row 2024-03-01: open 6 is outside [low 4, high 5]");
  ExpectKlinesRejected(Body({Row(kMar1, "4.5", "5", "4", "3.5")}),
                       "klines row 2024-03-01: close 3.5 is outside [low 4, high 5]");
}

TEST(ParseKlinesTest, NegativeValuesAreRejected) {
  ExpectKlinesRejected(Body({Row(kMar1, "2", "3", "-1", "2")}),
                       "klines row 2024-03-01: low -1 is negative");
  ExpectKlinesRejected(Body({Row(kMar1, "2", "3", "1", "2", "-0.5")}),
                       "klines row 2024-03-01: volume -0.5 is negative");
}

TEST(ParseKlinesTest, NonFiniteValuesAreRejected) {
  ExpectKlinesRejected(Body({Row(kMar1, "nan")}), "klines row 2024-03-01: open nan is not finite");
  ExpectKlinesRejected(Body({Row(kMar1, "2", "inf")}),
                       "klines row 2024-03-01: high inf is not finite");
  ExpectKlinesRejected(Body({Row(kMar1, "2", "1e400")}),
                       "klines row 2024-03-01: high 1e400 is not finite");
}

TEST(ParseKlinesTest, EmptyOrGarbageDecimalStringsAreRejected) {
  ExpectKlinesRejected(Body({Row(kMar1, "")}), "klines row 2024-03-01: open is empty");
  ExpectKlinesRejected(Body({Row(kMar1, "2", "3", "1", "2.5x")}),
                       "klines row 2024-03-01: close \"2.5x\" is not a decimal number");
  ExpectKlinesRejected(Body({Row(kMar1, " 2")}),
                       "klines row 2024-03-01: open \" 2\" is not a decimal number");
  ExpectKlinesRejected(Body({Row(kMar1, "+2")}),
                       "klines row 2024-03-01: open \"+2\" is not a decimal number");
  ExpectKlinesRejected(Body({Row(kMar1, "0x10")}),
                       "klines row 2024-03-01: open \"0x10\" is not a decimal number");
  ExpectKlinesRejected(Body({Row(kMar1, "2,5")}),
                       "klines row 2024-03-01: open \"2,5\" is not a decimal number");
}

TEST(ParseKlinesTest, PriceAsJsonNumberIsRejected) {
  ExpectKlinesRejected(
      R"([[1709251200000, 2.0, "3", "1", "2", "1", 1709337599999, "1", 1, "1", "1", "0"]])",
      "klines row 2024-03-01: open is not a string");
}

TEST(ParseKlinesTest, OpenTimeInSecondsIsRejected) {
  ExpectKlinesRejected(Body({Row(kMar1 / 1000)}),
                       "klines row 0: open time 1709251200 looks like seconds, not milliseconds");
}

TEST(ParseKlinesTest, OpenTimeInMicrosecondsIsRejected) {
  ExpectKlinesRejected(
      Body({Row(kMar1 * 1000)}),
      "klines row 0: open time 1709251200000000 looks like microseconds, not milliseconds");
}

TEST(ParseKlinesTest, OpenTimeOffMidnightIsRejected) {
  ExpectKlinesRejected(Body({Row(kMar1 + 3'600'000)}),
                       "klines row 2024-03-01: open time 1709254800000 is not on utc midnight");
}

TEST(ParseKlinesTest, OpenTimeThatIsNotAnIntegerIsRejected) {
  ExpectKlinesRejected(
      R"([["1709251200000", "2", "3", "1", "2", "1", 1709337599999, "1", 1, "1", "1", "0"]])",
      "klines row 0: open time is not an integer");
  ExpectKlinesRejected(
      R"([[1709251200000.5, "2", "3", "1", "2", "1", 1709337599999, "1", 1, "1", "1", "0"]])",
      "klines row 0: open time is not an integer");
}

TEST(ParseKlinesTest, CloseTimeOutsideTheOpenDayIsRejected) {
  ExpectKlinesRejected(
      R"([[1709251200000, "2", "3", "1", "2", "1", 1709337600001, "1", 1, "1", "1", "0"]])",
      "klines row 2024-03-01: close time 1709337600001 is not within the open day");
  ExpectKlinesRejected(
      R"([[1709251200000, "2", "3", "1", "2", "1", 1709251200000, "1", 1, "1", "1", "0"]])",
      "klines row 2024-03-01: close time 1709251200000 is not within the open day");
}

TEST(ParseKlinesTest, CloseTimeAtTheEndOfTheDayIsTolerated) {
  auto page = ParseKlines(
      R"([[1709251200000, "2", "3", "1", "2", "1", 1709337600000, "1", 1, "1", "1", "0"]])",
      1709337600001);
  ASSERT_TRUE(page) << page.error().message;
  EXPECT_EQ(page->candles.size(), 1u);
}

TEST(ParseKlinesTest, DuplicateDayIsRejected) {
  ExpectKlinesRejected(Body({Row(kMar1), Row(kMar1 + 86'400'000), Row(kMar1 + 86'400'000)}),
                       "klines row 2024-03-02: duplicate day");
}

TEST(ParseKlinesTest, DescendingDaysAreRejected) {
  ExpectKlinesRejected(Body({Row(kMar1 + 86'400'000), Row(kMar1)}),
                       "klines row 2024-03-01: day out of order (after 2024-03-02)");
}

TEST(ParseKlinesTest, OneBadRowAmongAThousandRejectsTheWholeBody) {
  std::vector<std::string> rows;
  for (int i = 0; i < 1000; ++i) rows.push_back(Row(kMar1 + int64_t{i} * 86'400'000));
  rows[500] = Row(kMar1 + 500 * int64_t{86'400'000}, "2", "3", "1", "9");
  ExpectKlinesRejected(Body(rows), "klines row 2025-07-14: close 9 is outside [low 1, high 3]");
}

TEST(ParseKlinesTest, UnknownShapesAreRejected) {
  ExpectKlinesRejected(R"({"code": -1121, "msg": "Invalid symbol."})",
                       "klines: body is not a json array");
  ExpectKlinesRejected(R"([{"open": "1"}])", "klines row 0: not an array");
  ExpectKlinesRejected(R"([[1709251200000, "2", "3", "1", "2", "1", 1709337599999]])",
                       "klines row 2024-03-01: has 7 fields, expected at least 8");
  ExpectKlinesRejected("[[]]", "klines row 0: has 0 fields, expected at least 8");
}

TEST(ParseKlinesTest, InvalidJsonIsRejected) {
  for (const std::string body : {"", "not json", "[[1709251200000, \"2\"", "[] []", "[1,]"}) {
    const auto page = ParseKlines(body, kJan1);
    ASSERT_FALSE(page.has_value()) << body;
    EXPECT_EQ(page.error().code, ErrorCode::kBadData) << body;
    EXPECT_THAT(page.error().message, HasSubstr("klines")) << body;
  }
  EXPECT_THAT(ParseKlines("[] []", kJan1).error().message, HasSubstr("trailing content"));
}

// ---------------------------------------------------------------------------------------------

// docs/api-contract.md section 2, with extra keys real bodies carry.
constexpr const char* kContractExchangeInfo = R"({
  "timezone": "UTC",
  "serverTime": 1767225600123,
  "rateLimits": [
    {"rateLimitType": "REQUEST_WEIGHT", "interval": "MINUTE", "intervalNum": 1, "limit": 6000},
    {"rateLimitType": "RAW_REQUESTS",   "interval": "MINUTE", "intervalNum": 5, "limit": 61000},
    {"rateLimitType": "ORDERS",         "interval": "SECOND", "intervalNum": 10, "limit": 100}
  ],
  "exchangeFilters": [],
  "symbols": [
    {
      "symbol": "ETHUSDT",
      "status": "TRADING",
      "baseAsset": "ETH",
      "baseAssetPrecision": 8,
      "quoteAsset": "USDT",
      "quotePrecision": 8,
      "quoteAssetPrecision": 8,
      "orderTypes": ["LIMIT", "MARKET"],
      "isSpotTradingAllowed": true,
      "isMarginTradingAllowed": true,
      "filters": [{"filterType": "PRICE_FILTER", "symbol": "NOT_ME", "minPrice": "0.01"}],
      "permissions": [],
      "permissionSets": [["SPOT", "MARGIN"]],
      "defaultSelfTradePreventionMode": "EXPIRE_MAKER",
      "ocoAllowed": true, "otoAllowed": true, "amendAllowed": true
    },
    {"symbol": "LUNAUSDT", "status": "BREAK", "baseAsset": "LUNA", "quoteAsset": "USDT",
     "isSpotTradingAllowed": false, "permissions": []},
    {"symbol": "NEWUSDT", "status": "SOMETHING_NEW", "baseAsset": "NEW", "quoteAsset": "USDT"},
    {"symbol": "\u5e01\u5b89USDT", "status": "TRADING", "baseAsset": "币安", "quoteAsset": "USDT"}
  ],
  "sors": [{"baseAsset": "BTC", "symbols": ["BTCUSDT"]}]
})";

TEST(ParseExchangeInfoTest, ContractExampleParses) {
  const auto info = ParseExchangeInfo(kContractExchangeInfo);
  ASSERT_TRUE(info.has_value()) << info.error().message;
  EXPECT_EQ(info->server_time_ms, 1767225600123);
  ASSERT_EQ(info->rate_limits.size(), 3u);
  EXPECT_EQ(info->rate_limits[0].type, "REQUEST_WEIGHT");
  EXPECT_EQ(info->rate_limits[0].interval, "MINUTE");
  EXPECT_EQ(info->rate_limits[0].interval_num, 1);
  EXPECT_EQ(info->rate_limits[0].limit, 6000);
  EXPECT_EQ(info->rate_limits[1].interval_num, 5);
  EXPECT_EQ(info->rate_limits[1].limit, 61000);
  EXPECT_EQ(info->rate_limits[2].type, "ORDERS");
  ASSERT_EQ(info->pairs.size(), 4u);
  const BinancePair& eth = info->pairs[0];
  EXPECT_EQ(eth.symbol, "ETHUSDT");
  EXPECT_EQ(eth.base_asset, "ETH");
  EXPECT_EQ(eth.quote_asset, "USDT");
  EXPECT_EQ(eth.status, "TRADING");
  EXPECT_TRUE(eth.spot_trading_allowed);
}

TEST(ParseExchangeInfoTest, BreakPairAndSpotFlagAreKept) {
  const auto info = ParseExchangeInfo(kContractExchangeInfo);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->pairs[1].symbol, "LUNAUSDT");
  EXPECT_EQ(info->pairs[1].status, "BREAK");
  EXPECT_FALSE(info->pairs[1].spot_trading_allowed);
}

TEST(ParseExchangeInfoTest, UnknownStatusIsKeptVerbatimAndMissingSpotFlagMeansAllowed) {
  const auto info = ParseExchangeInfo(kContractExchangeInfo);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->pairs[2].status, "SOMETHING_NEW");
  EXPECT_TRUE(info->pairs[2].spot_trading_allowed);
}

TEST(ParseExchangeInfoTest, UnicodeSymbolIsKeptAsUtf8) {
  const auto info = ParseExchangeInfo(kContractExchangeInfo);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->pairs[3].symbol, "币安USDT");  // Written with \u escapes in the body.
  EXPECT_EQ(info->pairs[3].base_asset, "币安");
}

TEST(ParseExchangeInfoTest, IncompleteOrOddEntriesAreSkipped) {
  const auto info = ParseExchangeInfo(R"({"symbols": [
      {"symbol": "AUSDT", "status": "TRADING", "quoteAsset": "USDT"},
      {"symbol": "BUSDT", "status": 1, "baseAsset": "B", "quoteAsset": "USDT"},
      "CUSDT", null, [],
      {"symbol": "DUSDT", "status": "TRADING", "baseAsset": "D", "quoteAsset": "USDT",
       "isSpotTradingAllowed": "yes"}],
    "rateLimits": [{"rateLimitType": "REQUEST_WEIGHT", "interval": "MINUTE"}, 7]})");
  ASSERT_TRUE(info.has_value()) << info.error().message;
  ASSERT_EQ(info->pairs.size(), 1u);
  EXPECT_EQ(info->pairs[0].symbol, "DUSDT");
  EXPECT_FALSE(info->pairs[0].spot_trading_allowed);  // Not a boolean: not vouched for.
  EXPECT_TRUE(info->rate_limits.empty());
  EXPECT_EQ(info->server_time_ms, 0);
}

TEST(ParseExchangeInfoTest, ThousandsOfSymbolsParse) {
  std::string body = R"({"timezone":"UTC","serverTime":1767225600123,"symbols":[)";
  for (int i = 0; i < 3000; ++i) {
    body += fmt::format(
        R"({}{{"symbol":"C{}USDT","status":"TRADING","baseAsset":"C{}","baseAssetPrecision":8,)"
        R"("quoteAsset":"USDT","orderTypes":["LIMIT","MARKET"],"filters":[{{"filterType":)"
        R"("LOT_SIZE","minQty":"0.001"}}],"permissions":[],"permissionSets":[["SPOT"]]}})",
        i == 0 ? "" : ",", i, i);
  }
  body += "]}";
  const auto info = ParseExchangeInfo(body);
  ASSERT_TRUE(info.has_value()) << info.error().message;
  ASSERT_EQ(info->pairs.size(), 3000u);
  EXPECT_EQ(info->pairs[2999].base_asset, "C2999");
}

TEST(ParseExchangeInfoTest, MissingOrMistypedSymbolsIsBadData) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"timezone": "UTC"})", "exchangeinfo: no symbols array"},
      {R"({"symbols": {}})", "exchangeinfo: symbols is not an array"},
      {R"({"symbols": [], "rateLimits": 1})", "exchangeinfo: rateLimits is not an array"},
      {R"({"symbols": [], "serverTime": "now"})", "exchangeinfo: serverTime is not an integer"},
      {R"([])", "exchangeinfo: body is not a json object"},
      {R"({"symbols": []} {})", "exchangeinfo: trailing content after the json value"},
  };
  for (const auto& [body, message] : cases) {
    const auto info = ParseExchangeInfo(body);
    ASSERT_FALSE(info.has_value()) << body;
    EXPECT_EQ(info.error().code, ErrorCode::kBadData);
    EXPECT_EQ(info.error().message, message);
  }
  const auto truncated = ParseExchangeInfo(R"({"symbols": [{"symbol": "A)");
  ASSERT_FALSE(truncated.has_value());
  EXPECT_THAT(truncated.error().message, HasSubstr("exchangeinfo: invalid json"));
}

// ---------------------------------------------------------------------------------------------

TEST(ParseBinanceErrorTest, ReadsCodeAndMessage) {
  const auto error = ParseBinanceError(R"({"code": -1121, "msg": "Invalid symbol."})");
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->code, -1121);
  EXPECT_EQ(error->msg, "Invalid symbol.");
  const auto restricted =
      ParseBinanceError(R"({"code":0,"msg":"Service unavailable from a restricted location"})");
  ASSERT_TRUE(restricted.has_value());
  EXPECT_EQ(restricted->code, 0);
}

TEST(ParseBinanceErrorTest, OtherShapesAreNotAnError) {
  for (const char* body : {"[]", "", "<html>503</html>", R"({"code": -1121})", R"({"msg": "x"})",
                           R"({"code": "-1121", "msg": "x"})",
                           R"({"code": 99999999999, "msg": "x"})", kContractKlines}) {
    EXPECT_FALSE(ParseBinanceError(body).has_value()) << body;
  }
}

TEST(ParseServerTimeTest, ReadsMilliseconds) {
  const auto time = ParseServerTime(R"({"serverTime": 1767225600123})");
  ASSERT_TRUE(time.has_value());
  EXPECT_EQ(*time, 1767225600123);
}

TEST(ParseServerTimeTest, SecondsMissingOrGarbageIsBadData) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"serverTime": 1767225600})",
       "server time: 1767225600 looks like seconds, not milliseconds"},
      {R"({"serverTime": 1767225600123000})",
       "server time: 1767225600123000 looks like microseconds, not milliseconds"},
      {R"({})", "server time: no serverTime"},
      {R"({"serverTime": "1767225600123"})", "server time: serverTime is not an integer"},
      {R"(1767225600123)", "server time: body is not a json object"},
  };
  for (const auto& [body, message] : cases) {
    const auto time = ParseServerTime(body);
    ASSERT_FALSE(time.has_value()) << body;
    EXPECT_EQ(time.error().code, ErrorCode::kBadData);
    EXPECT_EQ(time.error().message, message);
  }
}

}  // namespace
}  // namespace cryptoscope::parse
