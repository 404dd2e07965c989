// symbols.coingecko_id and coins no venue trades.
#include <gtest/gtest.h>

#include "cryptoscope/store/candle_store.h"
#include "cryptoscope/store/test_raw_db.h"
#include "cryptoscope/store/test_temp_dir.h"

namespace cryptoscope::store {
namespace {

RoutedCoin Routed(const char* symbol, int rank, Source source, std::string pair) {
  RoutedCoin routed;
  routed.coin.symbol = symbol;
  routed.coin.name = symbol;
  routed.coin.rank = rank;
  routed.source = source;
  routed.pair = std::move(pair);
  return routed;
}

TEST(CoinGeckoIdsTest, IdsAreStoredBesideTheTickerAndUnmarketedCoinsHaveNoSource) {
  TestTempDir dir;
  const auto path = dir.path() / "crypto.db";
  auto store = CandleStore::Open(path);
  ASSERT_TRUE(store) << store.error().message;
  ASSERT_TRUE((*store)->SaveSymbols(
      {Routed("OKB", 1, Source::kOkx, "OKB-USDT"), Routed("XMR", 2, Source::kBybit, "")},
      "2026-01-01T00:00:00Z"));
  ASSERT_TRUE((*store)->SaveCoinGeckoIds({{"OKB", "okb"}, {"XMR", "monero"}}));
  const Value kNull = std::monostate{};
  EXPECT_EQ(RawDb(path).Query("SELECT symbol, source, pair, coingecko_id FROM symbols ORDER BY "
                              "symbol"),
            (std::vector<Row>{{std::string("OKB"), std::string("okx"), std::string("OKB-USDT"),
                               std::string("okb")},
                              {std::string("XMR"), kNull, kNull, std::string("monero")}}));
}

}  // namespace
}  // namespace cryptoscope::store
