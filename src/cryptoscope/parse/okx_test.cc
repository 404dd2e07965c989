#include "cryptoscope/parse/okx.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cryptoscope::parse {
namespace {

using ::testing::HasSubstr;

constexpr int64_t kJan1 = 1767225600000;  // 2026-01-01T00:00:00Z in ms.
constexpr int64_t kDay = 86'400'000;

std::string Row(int64_t ts, const std::string& confirm = "1", const std::string& low = "1.0",
                const std::string& high = "3.0") {
  return fmt::format(R"(["{}","2.0","{}","{}","2.5","10.0","25.5","25.75","{}"])", ts, high, low,
                     confirm);
}

std::string Body(const std::vector<std::string>& rows, const std::string& code = "0") {
  return fmt::format(R"({{"code":"{}","msg":"","data":[{}]}})", code, fmt::join(rows, ","));
}

TEST(ParseOkxCandlesTest, NewestFirstRowsComeBackAscendingWithoutTheFormingOne) {
  // Now = 2026-01-03 10:00: the 2026-01-03 row is forming (confirm 0).
  const int64_t now = kJan1 + 2 * kDay + 36'000'000;
  const auto page =
      ParseOkxCandles(Body({Row(kJan1 + 2 * kDay, "0"), Row(kJan1 + kDay), Row(kJan1)}), now);
  ASSERT_TRUE(page.has_value()) << page.error().message;
  ASSERT_EQ(page->candles.size(), 2u);
  EXPECT_EQ(FormatDay(page->candles[0].day), "2026-01-01");
  EXPECT_EQ(FormatDay(page->candles[1].day), "2026-01-02");
  EXPECT_EQ(page->candles[0].volume, 10.0);
  EXPECT_EQ(page->candles[0].quote_volume, 25.75);  // volCcyQuote, not volCcy.
  EXPECT_EQ(page->rows, 3u);
  EXPECT_EQ(FormatDay(*page->oldest_row_day), "2026-01-01");
  EXPECT_EQ(FormatDay(*page->first_open_day), "2026-01-03");
}

TEST(ParseOkxCandlesTest, ConfirmedRowWhoseDayHasNotEndedByOurClockIsLeftOut) {
  const auto page = ParseOkxCandles(Body({Row(kJan1)}), kJan1 + kDay - 1);
  ASSERT_TRUE(page.has_value());
  EXPECT_TRUE(page->candles.empty());
  EXPECT_EQ(FormatDay(*page->first_open_day), "2026-01-01");
}

TEST(ParseOkxCandlesTest, EmptyDataIsAnEmptyPage) {
  const auto page = ParseOkxCandles(Body({}), kJan1);
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(page->rows, 0u);
  EXPECT_FALSE(page->oldest_row_day);
}

TEST(ParseOkxCandlesTest, HongKongDayBarIsRejected) {
  // bar=1D opens at 16:00 UTC of the previous day.
  const auto page = ParseOkxCandles(Body({Row(kJan1 - 8 * 3'600'000)}), kJan1 * 2);
  ASSERT_FALSE(page.has_value());
  EXPECT_THAT(page.error().message, HasSubstr("not on utc midnight"));
}

TEST(ParseOkxCandlesTest, AscendingRowsAreRejected) {
  const auto page = ParseOkxCandles(Body({Row(kJan1), Row(kJan1 + kDay)}), kJan1 * 2);
  ASSERT_FALSE(page.has_value());
  EXPECT_EQ(page.error().message,
            "okx candles row 2026-01-02: day out of order (newest first, after 2026-01-01)");
}

TEST(ParseOkxCandlesTest, BadRowsAreRejectedNamingTheDay) {
  const std::pair<std::string, std::string> cases[] = {
      {Row(kJan1, "1", "5.0"), "okx candles row 2026-01-01: low 5 > high 3"},
      {Row(kJan1, "2"), "okx candles row 2026-01-01: confirm is not \"0\" or \"1\""},
      {Row(kJan1 / 1000),
       "okx candles row 0: open time 1767225600 looks like seconds, not "
       "milliseconds"},
      {R"(["1767225600000","2.0","3.0","1.0","2.5","10.0"])",
       "okx candles row 2026-01-01: has 6 fields, expected at least 9"},
      {R"([1767225600000,"2.0","3.0","1.0","2.5","10.0","1","1","1"])",
       "okx candles row 0: field 0 is not a string"},
      {Row(kJan1, "1", "-1.0"), "okx candles row 2026-01-01: low -1.0 is negative"},
  };
  for (const auto& [row, message] : cases) {
    const auto page = ParseOkxCandles(Body({row}), kJan1 * 2);
    ASSERT_FALSE(page.has_value()) << row;
    EXPECT_EQ(page.error().code, ErrorCode::kBadData);
    EXPECT_EQ(page.error().message, message);
  }
}

TEST(ParseOkxCandlesTest, DuplicateDayIsRejected) {
  const auto page = ParseOkxCandles(Body({Row(kJan1), Row(kJan1)}), kJan1 * 2);
  ASSERT_FALSE(page.has_value());
  EXPECT_EQ(page.error().message, "okx candles row 2026-01-01: duplicate day");
}

TEST(ParseOkxCandlesTest, NonZeroCodeOrWrongShapeIsBadData) {
  EXPECT_EQ(
      ParseOkxCandles(R"({"code":"51001","msg":"Instrument ID does not exist","data":[]})", kJan1)
          .error()
          .message,
      "okx candles: code 51001: Instrument ID does not exist");
  EXPECT_EQ(ParseOkxCandles("[]", kJan1).error().message, "okx candles: body is not a json object");
  EXPECT_EQ(ParseOkxCandles(R"({"code":"0","msg":""})", kJan1).error().message,
            "okx candles: no data");
  EXPECT_EQ(ParseOkxCandles(R"({"code":"0","data":{}})", kJan1).error().message,
            "okx candles: rows are not an array");
  EXPECT_FALSE(ParseOkxCandles(R"({"code":"0","data":[)", kJan1).has_value());
  EXPECT_FALSE(ParseOkxCandles(R"({"code":0,"data":[]})", kJan1).has_value());
}

TEST(ParseOkxInstrumentsTest, ReadsSpotInstrumentsAndSkipsIncompleteOnes) {
  const auto list = ParseOkxInstruments(R"({"code":"0","msg":"","data":[
    {"instType":"SPOT","instId":"BTC-USDT","baseCcy":"BTC","quoteCcy":"USDT","state":"live",
     "listTime":"1548133413000"},
    {"instId":"OKB-USDT","baseCcy":"OKB","quoteCcy":"USDT","state":"suspend","listTime":""},
    {"instId":"X-USDT","baseCcy":"X","state":"live"},
    7]})");
  ASSERT_TRUE(list.has_value()) << list.error().message;
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].inst_id, "BTC-USDT");
  EXPECT_EQ((*list)[0].base, "BTC");
  EXPECT_EQ((*list)[0].quote, "USDT");
  EXPECT_EQ((*list)[0].state, "live");
  EXPECT_EQ(FormatDay(*(*list)[0].listed_on), "2019-01-22");
  EXPECT_FALSE((*list)[1].listed_on);
}

TEST(ParseOkxEnvelopeTest, ReadsCodeAndMessage) {
  const auto envelope = ParseOkxEnvelope(R"({"msg":"Too Many Requests","code":"50011"})");
  ASSERT_TRUE(envelope);
  EXPECT_EQ(envelope->code, "50011");
  EXPECT_EQ(envelope->msg, "Too Many Requests");
  EXPECT_FALSE(ParseOkxEnvelope("<html>"));
  EXPECT_FALSE(ParseOkxEnvelope(R"({"code":50011})"));
}

}  // namespace
}  // namespace cryptoscope::parse
