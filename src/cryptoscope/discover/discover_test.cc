#include "cryptoscope/discover/discover.h"

#include <gtest/gtest.h>

namespace cryptoscope::discover {
namespace {

parse::TopListPage Page(std::vector<std::string> symbols) {
  parse::TopListPage page;
  for (auto& symbol : symbols) page.coins.push_back(Coin{symbol, symbol, 0, 1.0, 1.0});
  page.entries = page.coins.size();
  return page;
}

TEST(MergePagesTest, DedupesShiftedCoinsAndRenumbersRanks) {
  std::map<int, parse::TopListPage> pages = {{0, Page({"BTC", "ETH"})}, {1, Page({"ETH", "XRP"})}};
  const auto coins = MergePages(pages, 10);
  ASSERT_EQ(coins.size(), 3u);
  EXPECT_EQ(coins[2].symbol, "XRP");
  EXPECT_EQ(coins[2].rank, 3);
}

TEST(MergePagesTest, StopsAtTopN) {
  std::map<int, parse::TopListPage> pages = {{0, Page({"A", "B", "C"})}};
  EXPECT_EQ(MergePages(pages, 2).size(), 2u);
}

TEST(TopListRequestTest, AsksForPagesOfOneHundredInUsd) {
  const auto request = TopListRequest("http://127.0.0.1:9/", 3);
  EXPECT_EQ(request.url, "http://127.0.0.1:9/data/top/mktcapfull?limit=100&page=3&tsym=USD");
  EXPECT_EQ(request.host, fetch::Host::kCryptoCompare);
  EXPECT_EQ(request.url.find("api_key"), std::string::npos);
}

}  // namespace
}  // namespace cryptoscope::discover
