// Failed writes leave nothing behind; WAL lets readers and the writer run side by side.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cryptoscope/store/candle_store.h"
#include "cryptoscope/store/test_raw_db.h"
#include "cryptoscope/store/test_temp_dir.h"

namespace cryptoscope::store {
namespace {

using namespace std::chrono_literals;

class CandleStoreFailureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // busy_timeout 0: a lock conflict fails at once, so no test waits.
    auto store = CandleStore::Open(db_path_, OpenOptions{.busy_timeout = 0ms});
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
    ASSERT_TRUE(store_->WriteCandles("BTC", Source::kBinance, MakeCandles(D("2024-01-01"), 3, 1),
                                     D("2024-01-03")));
  }

  Day Marker(const std::string& symbol) {
    auto state = store_->LoadSyncState();
    EXPECT_TRUE(state) << state.error().message;
    return state->at(symbol).synced_through;
  }

  TestTempDir dir_;
  std::filesystem::path db_path_ = dir_.path() / "crypto.db";
  std::unique_ptr<CandleStore> store_;
};

TEST_F(CandleStoreFailureTest, FailureMidBatchLeavesNothingAndTheStoreStaysUsable) {
  RawDb raw(db_path_);
  // A test-only trigger makes the third row of the batch fail after two rows went in
  // (day 19728 = 2024-01-06).
  ASSERT_EQ(D("2024-01-06").time_since_epoch().count(), 19728);
  raw.Exec(
      "CREATE TRIGGER fail_jan6 BEFORE INSERT ON candles WHEN NEW.day = 19728 "
      "BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
  const std::vector<Candle> batch = MakeCandles(D("2024-01-04"), 5, 100);

  auto written = store_->WriteCandles("BTC", Source::kBinance, batch, D("2024-01-08"));
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().code, ErrorCode::kIo);
  EXPECT_EQ(written.error().message,
            "write BTC 2024-01-04..2024-01-08: at 2024-01-06: injected failure");
  EXPECT_EQ(raw.One("SELECT count(*) FROM ohlcv"), Value(int64_t{3}));
  EXPECT_EQ(raw.One("SELECT max(date) FROM ohlcv"), Value(std::string("2024-01-03")));
  EXPECT_EQ(Marker("BTC"), D("2024-01-03"));

  raw.Exec("DROP TRIGGER fail_jan6");
  ASSERT_TRUE(store_->WriteCandles("BTC", Source::kBinance, batch, D("2024-01-08")));
  EXPECT_EQ(store_->CountCandles(), 8);
  EXPECT_EQ(Marker("BTC"), D("2024-01-08"));
}

TEST_F(CandleStoreFailureTest, ARolledBackSeriesIdIsNotReused) {
  RawDb raw(db_path_);
  raw.Exec(
      "CREATE TRIGGER fail_jan6 BEFORE INSERT ON candles WHEN NEW.day = 19728 "
      "BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
  const std::vector<Candle> batch = MakeCandles(D("2024-01-04"), 5, 100);
  // ETH's first page creates its series row, then fails: the row is rolled back with it.
  ASSERT_FALSE(store_->WriteCandles("ETH", Source::kBinance, batch, D("2024-01-08")));
  EXPECT_EQ(raw.One("SELECT count(*) FROM series WHERE symbol = 'ETH'"), Value(int64_t{0}));
  // Another connection takes the id ETH had for that moment.
  raw.Exec("DROP TRIGGER fail_jan6; INSERT INTO series (symbol) VALUES ('XRP')");

  ASSERT_TRUE(store_->WriteCandles("ETH", Source::kBinance, batch, D("2024-01-08")));
  EXPECT_EQ(raw.Query("SELECT symbol, count(*) FROM ohlcv GROUP BY symbol ORDER BY symbol"),
            (std::vector<Row>{{std::string("BTC"), int64_t{3}}, {std::string("ETH"), int64_t{5}}}));
  // The id is cached once committed: later pages land on it too.
  ASSERT_TRUE(store_->WriteCandles("ETH", Source::kBinance, MakeCandles(D("2024-01-09"), 2),
                                   D("2024-01-10")));
  EXPECT_EQ(raw.One("SELECT count(*) FROM ohlcv WHERE symbol = 'ETH'"), Value(int64_t{7}));
  EXPECT_EQ(raw.One("SELECT count(*) FROM candles WHERE series NOT IN (SELECT id FROM series)"),
            Value(int64_t{0}));
}

TEST_F(CandleStoreFailureTest, FailingSyncMarkerRollsBackTheRowsOfItsBatch) {
  RawDb raw(db_path_);
  raw.Exec(
      "CREATE TRIGGER fail_marker BEFORE UPDATE ON sync_state "
      "BEGIN SELECT RAISE(ABORT, 'marker refused'); END");

  auto written = store_->WriteCandles("BTC", Source::kBinance, MakeCandles(D("2024-01-02"), 4, 50),
                                      D("2024-01-05"));
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().code, ErrorCode::kIo);
  EXPECT_EQ(written.error().message,
            "write BTC 2024-01-02..2024-01-05: sync marker: marker refused");
  // The rewritten days keep their old values and the new days are absent.
  EXPECT_EQ(raw.Query("SELECT date, open FROM ohlcv ORDER BY date"),
            (std::vector<Row>{{std::string("2024-01-01"), 1.1},
                              {std::string("2024-01-02"), 2.1},
                              {std::string("2024-01-03"), 3.1}}));
  EXPECT_EQ(Marker("BTC"), D("2024-01-03"));
}

TEST_F(CandleStoreFailureTest, WriteLockHeldElsewhereIsIoAndWritesNothing) {
  RawDb other(db_path_);
  other.Exec("BEGIN IMMEDIATE");

  auto written = store_->WriteCandles("ETH", Source::kBinance, MakeCandles(D("2024-01-01"), 2),
                                      D("2024-01-02"));
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().code, ErrorCode::kIo);
  EXPECT_EQ(written.error().message, "write ETH 2024-01-01..2024-01-02: database is locked");
  auto symbols = store_->SaveSymbols({}, "2024-01-03T00:00:00Z");
  ASSERT_FALSE(symbols);
  EXPECT_EQ(symbols.error().message, "save 0 symbols: database is locked");

  other.Exec("ROLLBACK");
  ASSERT_TRUE(store_->WriteCandles("ETH", Source::kBinance, MakeCandles(D("2024-01-01"), 2),
                                   D("2024-01-02")));
  EXPECT_EQ(store_->CountCandles(), 5);
}

TEST_F(CandleStoreFailureTest, StoreReadsWhileAnotherConnectionIsWriting) {
  RawDb other(db_path_);
  other.Exec(
      "BEGIN IMMEDIATE;"
      "INSERT INTO ohlcv (symbol, date) VALUES ('DOGE', '2024-01-01');"
      "INSERT INTO sync_state (symbol, source, synced_through) "
      "VALUES ('DOGE', 'binance', '2024-01-01')");

  // Not blocked (busy_timeout is 0) and not seeing the uncommitted rows.
  EXPECT_EQ(store_->CountCandles(), 3);
  auto state = store_->LoadSyncState();
  ASSERT_TRUE(state) << state.error().message;
  EXPECT_EQ(state->size(), 1u);

  other.Exec("COMMIT");
  EXPECT_EQ(store_->CountCandles(), 4);
}

TEST_F(CandleStoreFailureTest, ReaderKeepsItsSnapshotWhileTheStoreCommits) {
  RawDb reader(db_path_);
  reader.Exec("BEGIN");
  EXPECT_EQ(reader.One("SELECT count(*) FROM ohlcv"), Value(int64_t{3}));  // Starts the snapshot.

  ASSERT_TRUE(store_->WriteCandles("ETH", Source::kBinance, MakeCandles(D("2024-01-01"), 5),
                                   D("2024-01-05")));
  EXPECT_EQ(reader.One("SELECT count(*) FROM ohlcv"), Value(int64_t{3}));

  reader.Exec("COMMIT");
  EXPECT_EQ(reader.One("SELECT count(*) FROM ohlcv"), Value(int64_t{8}));
}

}  // namespace
}  // namespace cryptoscope::store
