#include "cryptoscope/parse/bybit.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cryptoscope::parse {
namespace {

constexpr int64_t kJan1 = 1767225600000;  // 2026-01-01T00:00:00Z in ms.
constexpr int64_t kDay = 86'400'000;

std::string Row(int64_t start, const std::string& close = "2.5") {
  return fmt::format(R"(["{}","2.0","3.0","1.0","{}","10.0","25.5"])", start, close);
}

std::string Body(const std::vector<std::string>& rows, const std::string& category = "spot") {
  return fmt::format(
      R"({{"retCode":0,"retMsg":"OK","result":{{"category":"{}","symbol":"BTCUSDT","list":[{}]}},)"
      R"("retExtInfo":{{}},"time":{}}})",
      category, fmt::join(rows, ","), kJan1);
}

TEST(ParseBybitKlineTest, NewestFirstRowsComeBackAscendingWithoutTheFormingOne) {
  const int64_t now = kJan1 + 2 * kDay + 1;
  const auto page =
      ParseBybitKline(Body({Row(kJan1 + 2 * kDay), Row(kJan1 + kDay), Row(kJan1)}), now);
  ASSERT_TRUE(page.has_value()) << page.error().message;
  ASSERT_EQ(page->candles.size(), 2u);
  EXPECT_EQ(FormatDay(page->candles[0].day), "2026-01-01");
  EXPECT_EQ(FormatDay(page->candles[1].day), "2026-01-02");
  EXPECT_EQ(page->candles[1].close, 2.5);
  EXPECT_EQ(page->candles[1].volume, 10.0);
  EXPECT_EQ(page->candles[1].quote_volume, 25.5);
  EXPECT_EQ(page->rows, 3u);
  EXPECT_EQ(FormatDay(*page->oldest_row_day), "2026-01-01");
  EXPECT_EQ(FormatDay(*page->first_open_day), "2026-01-03");
}

TEST(ParseBybitKlineTest, LinearCategoryIsRejected) {
  const auto page = ParseBybitKline(Body({Row(kJan1)}, "linear"), kJan1 * 2);
  ASSERT_FALSE(page.has_value());
  EXPECT_EQ(page.error().message, "bybit kline: category is 'linear', not spot");
}

TEST(ParseBybitKlineTest, BadRowsAndEnvelopesAreBadData) {
  const std::pair<std::string, std::string> cases[] = {
      {Body({Row(kJan1 + 3'600'000)}),
       "bybit kline row 2026-01-01: open time 1767229200000 is not on utc midnight"},
      {Body({Row(kJan1, "9.0")}), "bybit kline row 2026-01-01: close 9 is outside [low 1, high 3]"},
      {Body({Row(kJan1, "abc")}),
       "bybit kline row 2026-01-01: close \"abc\" is not a decimal number"},
      {Body({Row(kJan1), Row(kJan1 + kDay)}),
       "bybit kline row 2026-01-02: day out of order (newest first, after 2026-01-01)"},
      {R"({"retCode":10001,"retMsg":"Not supported symbols","result":{},"time":1})",
       "bybit kline: retCode 10001: Not supported symbols"},
      {R"({"retCode":0,"retMsg":"OK","result":{"category":"spot"}})",
       "bybit kline: no result.list"},
      {"[]", "bybit kline: body is not a json object"},
  };
  for (const auto& [body, message] : cases) {
    const auto page = ParseBybitKline(body, kJan1 * 2);
    ASSERT_FALSE(page.has_value()) << body;
    EXPECT_EQ(page.error().code, ErrorCode::kBadData);
    EXPECT_EQ(page.error().message, message);
  }
}

TEST(ParseBybitInstrumentsTest, ReadsSpotInstruments) {
  const auto list = ParseBybitInstruments(R"({"retCode":0,"retMsg":"OK","result":{
    "category":"spot","list":[
      {"symbol":"BTCUSDT","baseCoin":"BTC","quoteCoin":"USDT","status":"Trading"},
      {"symbol":"NEWUSDT","baseCoin":"NEW","quoteCoin":"USDT","status":"PreLaunch"},
      {"symbol":"BADUSDT","baseCoin":"BAD"}]},"time":1})");
  ASSERT_TRUE(list.has_value()) << list.error().message;
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].symbol, "BTCUSDT");
  EXPECT_EQ((*list)[0].base, "BTC");
  EXPECT_EQ((*list)[0].quote, "USDT");
  EXPECT_EQ((*list)[1].status, "PreLaunch");
}

TEST(ParseBybitEnvelopeTest, ReadsCodeMessageAndTime) {
  const auto envelope =
      ParseBybitEnvelope(R"({"retCode":10006,"retMsg":"Too many visits!","time":5})");
  ASSERT_TRUE(envelope);
  EXPECT_EQ(envelope->ret_code, 10006);
  EXPECT_EQ(envelope->ret_msg, "Too many visits!");
  EXPECT_EQ(envelope->time_ms, 5);
  EXPECT_FALSE(ParseBybitEnvelope("access too frequent"));
}

}  // namespace
}  // namespace cryptoscope::parse
