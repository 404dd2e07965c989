#include "cryptoscope/parse/coingecko.h"

#include <gtest/gtest.h>

namespace cryptoscope::parse {
namespace {

TEST(ParseCoinGeckoMarketsTest, ReadsEntriesAndUpperCasesSymbols) {
  const auto page = ParseCoinGeckoMarkets(R"([
    {"id":"bitcoin","symbol":"btc","name":"Bitcoin","current_price":95000.5,
     "market_cap":1880000000000,"market_cap_rank":1,"total_volume":3.1e10,"max_supply":null,
     "last_updated":"2026-01-01T00:00:00.000Z"},
    {"id":"weth","symbol":"weth","name":"WETH","current_price":null,"market_cap":null},
    {"id":"","symbol":"x"},
    {"symbol":"noid"},
    "junk"
  ])");
  ASSERT_TRUE(page.has_value()) << page.error().message;
  EXPECT_EQ(page->entries, 5u);
  ASSERT_EQ(page->markets.size(), 2u);
  EXPECT_EQ(page->markets[0].id, "bitcoin");
  EXPECT_EQ(page->markets[0].symbol, "BTC");
  EXPECT_EQ(page->markets[0].name, "Bitcoin");
  EXPECT_EQ(page->markets[0].market_cap, 1880000000000.0);
  EXPECT_EQ(page->markets[0].price, 95000.5);
  EXPECT_EQ(page->markets[1].symbol, "WETH");
  EXPECT_FALSE(page->markets[1].market_cap);
  EXPECT_FALSE(page->markets[1].price);
}

TEST(ParseCoinGeckoMarketsTest, ErrorObjectIsBadData) {
  const auto page = ParseCoinGeckoMarkets(
      R"({"status":{"error_code":429,"error_message":"You've exceeded the Rate Limit."}})");
  ASSERT_FALSE(page.has_value());
  EXPECT_EQ(page.error().code, ErrorCode::kBadData);
  EXPECT_EQ(page.error().message, "coingecko markets: body is not a json array");
  EXPECT_FALSE(ParseCoinGeckoMarkets(R"([{"id":"a","symbol":"a"})").has_value());
  EXPECT_FALSE(ParseCoinGeckoMarkets("[] []").has_value());
}

TEST(ParseCoinGeckoMarketsTest, NegativeMarketCapReadsAsUnknown) {
  const auto page = ParseCoinGeckoMarkets(R"([{"id":"a","symbol":"a","market_cap":-5}])");
  ASSERT_TRUE(page.has_value());
  EXPECT_FALSE(page->markets[0].market_cap);
}

}  // namespace
}  // namespace cryptoscope::parse
