#include "cryptoscope/query/catalog.h"

#include <gtest/gtest.h>

namespace cryptoscope::query {
namespace {

SymbolSummary Coin(std::string symbol, std::optional<int64_t> rank, std::optional<double> cap,
                   const char* source, int64_t rows) {
  SymbolSummary coin;
  coin.symbol = std::move(symbol);
  coin.name = coin.symbol + " coin";
  coin.rank = rank;
  coin.market_cap = cap;
  coin.source = source;
  coin.rows = rows;
  if (rows > 0) {
    coin.first_day = "2024-01-01";
    coin.last_day = rows > 5 ? "2024-02-01" : "2024-01-05";
  }
  return coin;
}

Catalog Sample() {
  return BuildCatalog({Coin("ETH", 2, 400, "binance", 10), Coin("BTC", 1, 1000, "binance", 20),
                       Coin("OLD", std::nullopt, std::nullopt, "cryptocompare", 3),
                       Coin("XMR", 3, 100, "cryptocompare", 0), Coin("btc2", 4, 1, "binance", 1)});
}

std::vector<std::string> Symbols(const SymbolPage& page) {
  std::vector<std::string> out;
  for (const auto* coin : page.data) out.push_back(coin->symbol);
  return out;
}

TEST(CatalogTest, RankedCoinsWithRowsSkipUnrankedAndEmptyCoins) {
  const Catalog catalog = Sample();
  std::vector<std::string> symbols;
  for (const auto* coin : RankedCoinsWithRows(catalog)) symbols.push_back(coin->symbol);
  EXPECT_EQ(symbols, (std::vector<std::string>{"BTC", "ETH", "btc2"}));
}

TEST(CatalogTest, TotalsAndLatestDay) {
  const Catalog catalog = Sample();
  EXPECT_EQ(catalog.total_rows, 34);
  EXPECT_EQ(catalog.latest_day, "2024-02-01");
}

TEST(CatalogTest, FindIsExactThenUniqueCaseInsensitive) {
  const Catalog catalog = Sample();
  EXPECT_EQ(catalog.Find("BTC")->symbol, "BTC");
  EXPECT_EQ(catalog.Find("eth")->symbol, "ETH");
  EXPECT_EQ(catalog.Find("BTC2")->symbol, "btc2");
  EXPECT_EQ(catalog.Find("DOGE"), nullptr);
}

TEST(ListSymbolsTest, DefaultIsRankWithNullRanksLast) {
  EXPECT_EQ(Symbols(ListSymbols(Sample(), {})),
            (std::vector<std::string>{"BTC", "ETH", "XMR", "btc2", "OLD"}));
}

TEST(ListSymbolsTest, DescendingKeepsNullsLast) {
  SymbolFilter filter;
  filter.sort = SortKey::kMarketCap;
  filter.descending = true;
  EXPECT_EQ(Symbols(ListSymbols(Sample(), filter)),
            (std::vector<std::string>{"BTC", "ETH", "XMR", "btc2", "OLD"}));
  filter.sort = SortKey::kLastDay;
  EXPECT_EQ(Symbols(ListSymbols(Sample(), filter)),
            (std::vector<std::string>{"BTC", "ETH", "OLD", "btc2", "XMR"}));
}

TEST(ListSymbolsTest, FiltersThenPages) {
  SymbolFilter filter;
  filter.q = "Btc";
  filter.source = "binance";
  filter.limit = 1;
  filter.offset = 1;
  const SymbolPage page = ListSymbols(Sample(), filter);
  EXPECT_EQ(page.total, 2);
  EXPECT_EQ(Symbols(page), std::vector<std::string>{"btc2"});
  filter.offset = 5;
  EXPECT_TRUE(ListSymbols(Sample(), filter).data.empty());
}

TEST(ParseSortTest, KnownKeysWithOptionalMinus) {
  EXPECT_EQ(ParseSort("-rows"), std::make_pair(SortKey::kRows, true));
  EXPECT_EQ(ParseSort("symbol"), std::make_pair(SortKey::kSymbol, false));
  EXPECT_EQ(ParseSort("--rank"), std::nullopt);
  EXPECT_EQ(ParseSort("name"), std::nullopt);
}

}  // namespace
}  // namespace cryptoscope::query
