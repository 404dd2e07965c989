#include "cryptoscope/store/candle_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "cryptoscope/store/test_raw_db.h"
#include "cryptoscope/store/test_temp_dir.h"

namespace cryptoscope::store {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using namespace std::chrono_literals;

class CandleStoreTest : public ::testing::Test {
 protected:
  std::unique_ptr<CandleStore> OpenStore(OpenOptions options = {}) {
    auto store = CandleStore::Open(db_path_, options);
    if (!store) {
      ADD_FAILURE() << store.error().message;
      return nullptr;
    }
    return std::move(*store);
  }

  TestTempDir dir_;
  std::filesystem::path db_path_ = dir_.path() / "crypto.db";
};

// name, declared type, NOT NULL, position in the primary key.
std::vector<Row> Columns(RawDb& raw, const std::string& table) {
  return raw.Query("SELECT name, type, \"notnull\", pk FROM pragma_table_info('" + table + "')");
}

Row C(const char* name, const char* type, int64_t not_null, int64_t pk) {
  return {std::string(name), std::string(type), not_null, pk};
}

TEST_F(CandleStoreTest, OpenCreatesTheDocumentedSchema) {
  ASSERT_TRUE(OpenStore());
  RawDb raw(db_path_);
  EXPECT_EQ(Columns(raw, "symbols"),
            (std::vector<Row>{C("symbol", "TEXT", 0, 1), C("name", "TEXT", 0, 0),
                              C("rank", "INTEGER", 0, 0), C("market_cap", "REAL", 0, 0),
                              C("source", "TEXT", 0, 0), C("pair", "TEXT", 0, 0),
                              C("updated_at", "TEXT", 0, 0), C("price", "REAL", 0, 0),
                              C("coingecko_id", "TEXT", 0, 0)}));
  EXPECT_EQ(Columns(raw, "series"),
            (std::vector<Row>{C("id", "INTEGER", 0, 1), C("symbol", "TEXT", 1, 0)}));
  EXPECT_EQ(
      Columns(raw, "candles"),
      (std::vector<Row>{C("series", "INTEGER", 1, 1), C("day", "INTEGER", 1, 2),
                        C("open", "REAL", 0, 0), C("high", "REAL", 0, 0), C("low", "REAL", 0, 0),
                        C("close", "REAL", 0, 0), C("volume", "REAL", 0, 0),
                        C("quote_volume", "REAL", 0, 0), C("source", "TEXT", 0, 0)}));
  // Users' face: the columns of schema v3's table, in its order.
  EXPECT_EQ(raw.Query("SELECT name FROM pragma_table_info('ohlcv')"),
            (std::vector<Row>{{std::string("symbol")},
                              {std::string("date")},
                              {std::string("open")},
                              {std::string("high")},
                              {std::string("low")},
                              {std::string("close")},
                              {std::string("volume")},
                              {std::string("quote_volume")},
                              {std::string("source")}}));
  EXPECT_EQ(raw.One("SELECT type FROM sqlite_schema WHERE name = 'ohlcv'"),
            Value(std::string("view")));
  EXPECT_EQ(Columns(raw, "sync_state"),
            (std::vector<Row>{C("symbol", "TEXT", 0, 1), C("source", "TEXT", 1, 0),
                              C("synced_through", "TEXT", 1, 0), C("updated_at", "TEXT", 0, 0),
                              C("checked_on", "TEXT", 0, 0), C("stale_since", "TEXT", 0, 0)}));
  EXPECT_EQ(Columns(raw, "host_bans"),
            (std::vector<Row>{C("host", "TEXT", 0, 1), C("until_ms", "INTEGER", 1, 0)}));
  EXPECT_EQ(Columns(raw, "no_market"),
            (std::vector<Row>{C("symbol", "TEXT", 0, 1), C("checked_on", "TEXT", 1, 0)}));
  EXPECT_EQ(Columns(raw, "venue_pace"),
            (std::vector<Row>{C("host", "TEXT", 0, 1), C("last_start_ms", "INTEGER", 1, 0),
                              C("recent", "INTEGER", 1, 0)}));
  EXPECT_EQ(Columns(raw, "known_gaps"),
            (std::vector<Row>{C("symbol", "TEXT", 1, 1), C("date", "TEXT", 1, 2),
                              C("source", "TEXT", 1, 0)}));
  EXPECT_THAT(
      std::get<std::string>(raw.One("SELECT sql FROM sqlite_schema WHERE name = 'candles'")),
      HasSubstr("WITHOUT ROWID"));
  EXPECT_EQ(raw.One("PRAGMA user_version"), Value(int64_t{4}));
}

TEST_F(CandleStoreTest, OpenSwitchesTheFileToWal) {
  ASSERT_TRUE(OpenStore());
  RawDb raw(db_path_);
  EXPECT_EQ(raw.One("PRAGMA journal_mode"), Value(std::string("wal")));
}

TEST_F(CandleStoreTest, ReopeningKeepsTheData) {
  {
    auto store = OpenStore();
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->WriteCandles("BTC", Source::kBinance, MakeCandles(D("2024-01-01"), 3),
                                    D("2024-01-03")));
  }
  auto store = OpenStore();
  ASSERT_TRUE(store);
  EXPECT_EQ(store->CountCandles(), 3);
  auto state = store->LoadSyncState();
  ASSERT_TRUE(state) << state.error().message;
  EXPECT_EQ(state->at("BTC").synced_through, D("2024-01-03"));
}

TEST_F(CandleStoreTest, UnversionedFileWithOurTablesIsStampedAndKept) {
  {
    RawDb raw(db_path_);
    raw.Exec(
        "CREATE TABLE host_bans (host TEXT PRIMARY KEY, until_ms INTEGER NOT NULL);"
        "INSERT INTO host_bans VALUES ('api.binance.com', 9000)");
  }
  auto store = OpenStore();
  ASSERT_TRUE(store);
  EXPECT_EQ(store->LoadBan("api.binance.com", 0).value(), std::optional<int64_t>(9000));
  RawDb raw(db_path_);
  EXPECT_EQ(raw.One("PRAGMA user_version"), Value(int64_t{4}));
}

TEST_F(CandleStoreTest, FileThatIsNotADatabaseIsAConfigurationErrorNamingThePath) {
  const std::string text = "date,close\n2024-01-01,42000\n";
  std::ofstream(db_path_) << text;
  auto store = CandleStore::Open(db_path_);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(store.error().message,
            db_path_.string() + ": file is not a database; choose another DB_PATH");
  std::ifstream in(db_path_);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), text);  // Untouched.
}

TEST_F(CandleStoreTest, NewerSchemaVersionIsRefusedAndLeftUntouched) {
  { RawDb(db_path_).Exec("PRAGMA user_version = 5; CREATE TABLE future (x)"); }
  auto store = CandleStore::Open(db_path_);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(store.error().message,
            db_path_.string() +
                ": schema version 5 is newer than this cryptoscope supports (4); upgrade "
                "cryptoscope or choose another DB_PATH");
  RawDb raw(db_path_);
  EXPECT_EQ(raw.One("PRAGMA journal_mode"), Value(std::string("delete")));
  EXPECT_EQ(raw.One("SELECT count(*) FROM sqlite_schema"), Value(int64_t{1}));
}

TEST_F(CandleStoreTest, ForeignTableOfTheSameNameIsRefusedAndLeftUntouched) {
  { RawDb(db_path_).Exec("CREATE TABLE ohlcv (ts INTEGER, price REAL)"); }
  auto store = CandleStore::Open(db_path_);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(store.error().message,
            db_path_.string() +
                ": table ohlcv has no column symbol: not a cryptoscope database; choose another "
                "DB_PATH");
  RawDb raw(db_path_);
  EXPECT_EQ(raw.One("PRAGMA user_version"), Value(int64_t{0}));
  EXPECT_EQ(raw.One("SELECT count(*) FROM sqlite_schema"), Value(int64_t{1}));
}

TEST_F(CandleStoreTest, MissingFolderIsIoNamingThePath) {
  const auto path = dir_.path() / "missing" / "crypto.db";
  auto store = CandleStore::Open(path);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kIo);
  EXPECT_EQ(store.error().message,
            path.string() + ": cannot open database: unable to open database file");
}

TEST_F(CandleStoreTest, InMemoryDatabaseIsRefusedForLackOfWal) {
  auto store = CandleStore::Open(":memory:");
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kIo);
  EXPECT_EQ(store.error().message,
            ":memory:: cannot use WAL journal mode (got 'memory'); choose a DB_PATH that is a "
            "file on a local file system");
}

TEST_F(CandleStoreTest, WriteCandlesStoresEveryColumnExactly) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  const std::vector<Candle> candles = {
      {D("2024-02-28"), 0.1 + 0.2, 1e-12, 6.02214076e23, 42000.123456789, 0.0, 1.0 / 3.0},
      {D("2024-02-29"), 61000.5, 62000.25, 60000.125, 61500.0625, 1234.5678, 75912345.875}};
  ASSERT_TRUE(store->WriteCandles("BTC", Source::kBinance, candles, D("2024-02-29")));

  RawDb raw(db_path_);
  EXPECT_EQ(
      raw.Query("SELECT * FROM ohlcv ORDER BY date"),
      (std::vector<Row>{{std::string("BTC"), std::string("2024-02-28"), 0.1 + 0.2, 1e-12,
                         6.02214076e23, 42000.123456789, 0.0, 1.0 / 3.0, std::string("binance")},
                        {std::string("BTC"), std::string("2024-02-29"), 61000.5, 62000.25,
                         60000.125, 61500.0625, 1234.5678, 75912345.875, std::string("binance")}}));
  EXPECT_EQ(
      raw.Query("SELECT symbol, source, synced_through FROM sync_state"),
      (std::vector<Row>{{std::string("BTC"), std::string("binance"), std::string("2024-02-29")}}));
  EXPECT_THAT(std::get<std::string>(raw.One("SELECT updated_at FROM sync_state")),
              MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"));
  EXPECT_EQ(store->CountCandles(), 2);
}

TEST_F(CandleStoreTest, RewritingADayReplacesItsValuesWithoutDuplicating) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->WriteCandles("ETH", Source::kCryptoCompare,
                                  MakeCandles(D("2024-03-01"), 2, 10), D("2024-03-02")));
  const Candle replacement{D("2024-03-02"), 1, 2, 0.5, 1.5, 7, 8};
  ASSERT_TRUE(store->WriteCandles("ETH", Source::kBinance, {&replacement, 1}, D("2024-03-02")));

  RawDb raw(db_path_);
  EXPECT_EQ(raw.Query("SELECT * FROM ohlcv WHERE date = '2024-03-02'"),
            (std::vector<Row>{{std::string("ETH"), std::string("2024-03-02"), 1.0, 2.0, 0.5, 1.5,
                               7.0, 8.0, std::string("binance")}}));
  EXPECT_EQ(store->CountCandles(), 2);
}

// Pages go through a multi-row statement in chunks of kUpsertChunkRows and the rest row by row:
// every row of both paths is stored exactly, and rewriting across the seam replaces, never adds.
TEST_F(CandleStoreTest, ChunkedAndSingleRowWritesStoreEveryRowExactly) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  const std::vector<Candle> first = MakeCandles(D("2024-01-01"), 2 * 32 + 5, 10);
  ASSERT_TRUE(store->WriteCandles("BTC", Source::kBinance, first, first.back().day));
  // Days 40..139: 60 of them rewritten with new values, 40 new.
  const std::vector<Candle> second = MakeCandles(D("2024-01-01") + std::chrono::days{40}, 100, 7);
  ASSERT_TRUE(store->WriteCandles("BTC", Source::kCryptoCompare, second, second.back().day));

  std::vector<Row> expected;
  auto add = [&](const Candle& c, const char* source) {
    expected.push_back({std::string("BTC"), FormatDay(c.day), c.open, c.high, c.low, c.close,
                        c.volume, c.quote_volume, std::string(source)});
  };
  for (size_t i = 0; i < 40; ++i) add(first[i], "binance");
  for (const Candle& c : second) add(c, "cryptocompare");
  RawDb raw(db_path_);
  EXPECT_EQ(raw.Query("SELECT * FROM ohlcv ORDER BY date"), expected);
  EXPECT_EQ(store->CountCandles(), 140);
}

TEST_F(CandleStoreTest, SameSymbolOnDifferentDaysAndDifferentSymbolsOnOneDayAreDistinct) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->WriteCandles("BTC", Source::kBinance, MakeCandles(D("2024-03-01"), 2),
                                  D("2024-03-02")));
  ASSERT_TRUE(store->WriteCandles("ETH", Source::kBinance, MakeCandles(D("2024-03-01"), 2),
                                  D("2024-03-02")));
  EXPECT_EQ(store->CountCandles(), 4);
}

TEST_F(CandleStoreTest, SyncMarkerNeverMovesBackwardsButOlderRowsAreWritten) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->WriteCandles("BTC", Source::kBinance, MakeCandles(D("2024-03-01"), 10, 1),
                                  D("2024-03-10")));
  ASSERT_TRUE(store->WriteCandles("BTC", Source::kBinance, MakeCandles(D("2024-03-01"), 5, 500),
                                  D("2024-03-05")));

  auto state = store->LoadSyncState();
  ASSERT_TRUE(state) << state.error().message;
  EXPECT_EQ(state->at("BTC").synced_through, D("2024-03-10"));
  RawDb raw(db_path_);
  EXPECT_EQ(raw.One("SELECT open FROM ohlcv WHERE date = '2024-03-05'"), Value(504.1));
  EXPECT_EQ(store->CountCandles(), 10);
}

TEST_F(CandleStoreTest, SyncMarkerOfAnotherSourceIsReplaced) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->WriteCandles("SOL", Source::kCryptoCompare, MakeCandles(D("2024-03-01"), 10),
                                  D("2024-03-10")));
  ASSERT_TRUE(store->WriteCandles("SOL", Source::kBinance, MakeCandles(D("2024-03-01"), 3),
                                  D("2024-03-03")));
  auto state = store->LoadSyncState();
  ASSERT_TRUE(state) << state.error().message;
  EXPECT_EQ(state->at("SOL").source, Source::kBinance);
  EXPECT_EQ(state->at("SOL").synced_through, D("2024-03-03"));
}

TEST_F(CandleStoreTest, EmptyBatchMovesOnlyTheMarker) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->WriteCandles("XMR", Source::kCryptoCompare, {}, D("2024-03-10")));
  EXPECT_EQ(store->CountCandles(), 0);
  auto state = store->LoadSyncState();
  ASSERT_TRUE(state) << state.error().message;
  EXPECT_EQ(state->at("XMR").synced_through, D("2024-03-10"));
}

TEST_F(CandleStoreTest, TenThousandCandlesInPagesOfAThousandAreTenThousandRows) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  const Day first = D("1996-01-01");
  const std::vector<Candle> all = MakeCandles(first, 10'000);
  for (size_t page = 0; page < 10; ++page) {
    const std::span<const Candle> slice(all.data() + page * 1000, 1000);
    ASSERT_TRUE(store->WriteCandles("BTC", Source::kBinance, slice, slice.back().day));
  }
  EXPECT_EQ(store->CountCandles(), 10'000);
  RawDb raw(db_path_);
  EXPECT_EQ(raw.Query("SELECT count(DISTINCT date), min(date), max(date) FROM ohlcv"),
            (std::vector<Row>{{int64_t{10'000}, std::string("1996-01-01"),
                               FormatDay(first + std::chrono::days{9'999})}}));
  auto state = store->LoadSyncState();
  ASSERT_TRUE(state) << state.error().message;
  EXPECT_EQ(state->at("BTC").synced_through, first + std::chrono::days{9'999});
}

}  // namespace
}  // namespace cryptoscope::store
