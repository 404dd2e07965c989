// The ranking, provider bans and reading sync markers back.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cryptoscope/store/candle_store.h"
#include "cryptoscope/store/test_raw_db.h"
#include "cryptoscope/store/test_temp_dir.h"

namespace cryptoscope::store {
namespace {

class CandleStoreSymbolsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = CandleStore::Open(db_path_);
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
  }

  std::vector<Row> Symbols() {
    return RawDb(db_path_).Query(
        "SELECT symbol, name, rank, market_cap, source, pair, updated_at, price FROM symbols "
        "ORDER BY symbol");
  }

  TestTempDir dir_;
  std::filesystem::path db_path_ = dir_.path() / "crypto.db";
  std::unique_ptr<CandleStore> store_;
};

RoutedCoin Binance(const char* symbol, const char* name, int rank, double cap, double price) {
  return {Coin{symbol, name, rank, cap, price}, Source::kBinance, std::string(symbol) + "USDT"};
}

RoutedCoin CryptoCompare(const char* symbol, const char* name, int rank) {
  return {Coin{symbol, name, rank, std::nullopt, std::nullopt}, Source::kCryptoCompare,
          std::string(symbol) + "-USD"};
}

Row S(const char* symbol, const char* name, Value rank, Value cap, const char* source,
      const char* pair, const char* updated_at, Value price) {
  return {std::string(symbol), std::string(name),       rank, cap, std::string(source),
          std::string(pair),   std::string(updated_at), price};
}

const Value kNull = std::monostate{};

TEST_F(CandleStoreSymbolsTest, SaveSymbolsUnranksCoinsThatLeftAndKeepsTheirHistory) {
  const char* t1 = "2024-03-01T00:00:00Z";
  const char* t2 = "2024-03-02T00:00:00Z";
  const char* t3 = "2024-03-03T00:00:00Z";
  ASSERT_TRUE(store_->SaveSymbols(
      {Binance("BTC", "Bitcoin", 1, 1.2e12, 61000.5), CryptoCompare("XYZ", "Xyz Coin", 2)}, t1));
  EXPECT_EQ(Symbols(),
            (std::vector<Row>{
                S("BTC", "Bitcoin", int64_t{1}, 1.2e12, "binance", "BTCUSDT", t1, 61000.5),
                S("XYZ", "Xyz Coin", int64_t{2}, kNull, "cryptocompare", "XYZ-USD", t1, kNull)}));
  ASSERT_TRUE(store_->WriteCandles("XYZ", Source::kCryptoCompare, MakeCandles(D("2024-02-01"), 3),
                                   D("2024-02-03")));

  // XYZ leaves the top N, ETH enters.
  ASSERT_TRUE(store_->SaveSymbols(
      {Binance("BTC", "Bitcoin", 1, 1.3e12, 62000), Binance("ETH", "Ethereum", 2, 4e11, 3300.25)},
      t2));
  EXPECT_EQ(Symbols(),
            (std::vector<Row>{
                S("BTC", "Bitcoin", int64_t{1}, 1.3e12, "binance", "BTCUSDT", t2, 62000.0),
                S("ETH", "Ethereum", int64_t{2}, 4e11, "binance", "ETHUSDT", t2, 3300.25),
                S("XYZ", "Xyz Coin", kNull, kNull, "cryptocompare", "XYZ-USD", t2, kNull)}));
  EXPECT_EQ(store_->CountCandles(), 3);

  // ETH leaves too; XYZ, unranked already, keeps the time it left.
  ASSERT_TRUE(store_->SaveSymbols({Binance("BTC", "Bitcoin", 1, 1.3e12, 62000)}, t3));
  EXPECT_EQ(Symbols(),
            (std::vector<Row>{
                S("BTC", "Bitcoin", int64_t{1}, 1.3e12, "binance", "BTCUSDT", t3, 62000.0),
                S("ETH", "Ethereum", kNull, 4e11, "binance", "ETHUSDT", t3, 3300.25),
                S("XYZ", "Xyz Coin", kNull, kNull, "cryptocompare", "XYZ-USD", t2, kNull)}));
}

TEST_F(CandleStoreSymbolsTest, MarketCapBecomesNullWhenNoLongerReported) {
  ASSERT_TRUE(store_->SaveSymbols({Binance("BTC", "Bitcoin", 1, 1.2e12, 61000)}, "t1"));
  ASSERT_TRUE(store_->SaveSymbols({CryptoCompare("BTC", "Bitcoin", 3)}, "t2"));
  EXPECT_EQ(Symbols(), (std::vector<Row>{S("BTC", "Bitcoin", int64_t{3}, kNull, "cryptocompare",
                                           "BTC-USD", "t2", kNull)}));
}

TEST_F(CandleStoreSymbolsTest, DuplicatedSymbolKeepsItsFirstEntry) {
  ASSERT_TRUE(store_->SaveSymbols({Binance("BTC", "Bitcoin", 1, 1.2e12, 61000)}, "t1"));
  ASSERT_TRUE(store_->SaveSymbols(
      {Binance("BTC", "Bitcoin", 1, 1.3e12, 62000), CryptoCompare("BTC", "Bitcoin Copy", 7)},
      "t2"));
  EXPECT_EQ(Symbols(), (std::vector<Row>{S("BTC", "Bitcoin", int64_t{1}, 1.3e12, "binance",
                                           "BTCUSDT", "t2", 62000.0)}));
}

TEST_F(CandleStoreSymbolsTest, BanRoundTripsUntilItExpires) {
  EXPECT_EQ(store_->LoadBan("api.binance.com", 0).value(), std::nullopt);
  ASSERT_TRUE(store_->SaveBan("api.binance.com", 1'700'000'060'000));

  EXPECT_EQ(store_->LoadBan("api.binance.com", 1'700'000'000'000).value(),
            std::optional<int64_t>(1'700'000'060'000));
  EXPECT_EQ(store_->LoadBan("api.binance.com", 1'700'000'060'000).value(), std::nullopt);
  EXPECT_EQ(store_->LoadBan("min-api.cryptocompare.com", 0).value(), std::nullopt);

  // A later 418 replaces the recorded end, shorter or longer; the ban outlives the connection.
  ASSERT_TRUE(store_->SaveBan("api.binance.com", 1'700'000'030'000));
  store_.reset();
  auto reopened = CandleStore::Open(db_path_);
  ASSERT_TRUE(reopened) << reopened.error().message;
  EXPECT_EQ((*reopened)->LoadBan("api.binance.com", 1'700'000'000'000).value(),
            std::optional<int64_t>(1'700'000'030'000));
  EXPECT_EQ(RawDb(db_path_).One("SELECT count(*) FROM host_bans"), Value(int64_t{1}));
}

TEST_F(CandleStoreSymbolsTest, LoadSyncStateSkipsRowsThatDoNotParse) {
  ASSERT_TRUE(store_->WriteCandles("BTC", Source::kBinance, {}, D("2024-03-10")));
  ASSERT_TRUE(store_->WriteCandles("XMR", Source::kCryptoCompare, {}, D("2024-02-29")));
  RawDb(db_path_).Exec(
      "INSERT INTO sync_state (symbol, source, synced_through) VALUES "
      "('BAD1', 'binance', 'yesterday'), ('BAD2', 'kraken', '2024-03-01'), "
      "('BAD3', 'binance', '2023-02-29')");

  auto state = store_->LoadSyncState();
  ASSERT_TRUE(state) << state.error().message;
  ASSERT_EQ(state->size(), 2u);
  EXPECT_EQ(state->at("BTC").source, Source::kBinance);
  EXPECT_EQ(state->at("BTC").synced_through, D("2024-03-10"));
  EXPECT_EQ(state->at("XMR").source, Source::kCryptoCompare);
  EXPECT_EQ(state->at("XMR").synced_through, D("2024-02-29"));
}

TEST_F(CandleStoreSymbolsTest, HandEditedMarkerIsReplacedByTheNextWrite) {
  RawDb(db_path_).Exec(
      "INSERT INTO sync_state (symbol, source, synced_through) VALUES ('BTC', 'binance', 'zz')");
  ASSERT_TRUE(store_->WriteCandles("BTC", Source::kBinance, {}, D("2024-03-10")));
  auto state = store_->LoadSyncState();
  ASSERT_TRUE(state) << state.error().message;
  EXPECT_EQ(state->at("BTC").synced_through, D("2024-03-10"));
}

}  // namespace
}  // namespace cryptoscope::store
