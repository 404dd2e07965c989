#include "cryptoscope/discover/coingecko_ranking.h"

#include <gtest/gtest.h>

namespace cryptoscope::discover {
namespace {

parse::CoinGeckoMarket M(std::string id, std::string symbol, double cap) {
  return parse::CoinGeckoMarket{std::move(id), std::move(symbol), "name", cap, 1.0};
}

parse::CoinGeckoPage Page(std::vector<parse::CoinGeckoMarket> markets) {
  parse::CoinGeckoPage page;
  page.entries = markets.size();
  page.markets = std::move(markets);
  return page;
}

TEST(MergeCoinGeckoPagesTest, ImpostorSharingASymbolLosesToTheHigherMarketCap) {
  const std::map<int, parse::CoinGeckoPage> pages = {
      {1, Page({M("bitcoin", "BTC", 100), M("ethereum", "ETH", 50), M("bridged-btc", "BTC", 40),
                M("solana", "SOL", 30)})}};
  const auto merged = MergeCoinGeckoPages(pages, 10);
  ASSERT_EQ(merged.coins.size(), 3u);
  EXPECT_EQ(merged.coins[0].symbol, "BTC");
  EXPECT_EQ(merged.coins[2].symbol, "SOL");
  EXPECT_EQ(merged.coins[2].rank, 3);
  EXPECT_EQ(merged.ids.at("BTC"), "bitcoin");
  EXPECT_EQ(merged.ids.at("SOL"), "solana");
}

TEST(MergeCoinGeckoPagesTest, HigherMarketCapWinsWhateverItsPosition) {
  // Ranks shifted between page calls: the bigger coin comes after its copy.
  const std::map<int, parse::CoinGeckoPage> pages = {
      {1, Page({M("wrapped-x", "X", 10)})}, {2, Page({M("x-coin", "X", 20), M("y", "Y", 5)})}};
  const auto merged = MergeCoinGeckoPages(pages, 10);
  ASSERT_EQ(merged.coins.size(), 2u);
  EXPECT_EQ(merged.coins[0].symbol, "X");
  EXPECT_EQ(merged.coins[0].market_cap, 20);
  EXPECT_EQ(merged.ids.at("X"), "x-coin");
}

TEST(MergeCoinGeckoPagesTest, RepeatedIdCountsOnceAndTopNCuts) {
  const std::map<int, parse::CoinGeckoPage> pages = {{1, Page({M("a", "A", 3), M("b", "B", 2)})},
                                                     {2, Page({M("b", "B", 2), M("c", "C", 1)})}};
  const auto merged = MergeCoinGeckoPages(pages, 2);
  ASSERT_EQ(merged.coins.size(), 2u);
  EXPECT_EQ(merged.coins[1].symbol, "B");
  EXPECT_EQ(MergeCoinGeckoPages(pages, 10).coins.size(), 3u);
}

TEST(CoinGeckoPageRequestTest, AsksForPagesOf250ByMarketCapWithoutAKeyInTheUrl) {
  const auto request = CoinGeckoPageRequest("http://127.0.0.1:9/", 2);
  EXPECT_EQ(request.url,
            "http://127.0.0.1:9/api/v3/coins/markets?vs_currency=usd&order=market_cap_desc"
            "&per_page=250&page=2");
  EXPECT_EQ(request.host, fetch::Host::kCoinGecko);
}

}  // namespace
}  // namespace cryptoscope::discover
