// Every earlier schema of CryptoScope opens and is upgraded in place, nothing lost. The SQL each
// version wrote is kept in testdata/ (one file per released shape), with a little data.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cryptoscope/store/candle_store.h"
#include "cryptoscope/store/schema.h"
#include "cryptoscope/store/test_raw_db.h"
#include "cryptoscope/store/test_schema_fixtures.h"
#include "cryptoscope/store/test_temp_dir.h"

namespace cryptoscope::store {
namespace {

class SchemaUpgradeTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    const std::string sql = SchemaFixture(GetParam());
    ASSERT_FALSE(sql.empty()) << GetParam();
    RawDb(db_path_).Exec(sql);
  }
  TestTempDir dir_;
  std::filesystem::path db_path_ = dir_.path() / "old.db";
};

TEST_P(SchemaUpgradeTest, OpensUpgradedInPlaceKeepingEveryRow) {
  auto store = CandleStore::Open(db_path_);
  ASSERT_TRUE(store) << store.error().message;
  RawDb raw(db_path_);
  EXPECT_EQ(raw.One("PRAGMA user_version"), Value(int64_t{kSchemaVersion}));
  EXPECT_EQ(raw.One("SELECT count(*) FROM ohlcv"), Value(int64_t{3}));
  EXPECT_EQ(raw.One("SELECT close FROM ohlcv WHERE symbol = 'BTC' AND date = '2026-11-19'"),
            Value(61000.5));
  EXPECT_EQ(raw.One("SELECT group_concat(symbol || ':' || rank) FROM symbols"),
            Value(std::string("BTC:1,XMR:2")));
  EXPECT_EQ(raw.One("SELECT until_ms FROM host_bans WHERE host = 'binance'"),
            Value(int64_t{1790000000000}));
  // Only the v3 fixture has a known gap (XMR's), which the upgrade keeps.
  EXPECT_EQ(raw.One("SELECT count(*) FROM known_gaps"),
            Value(int64_t{std::string(GetParam()) == "schema_v3.sql" ? 1 : 0}));
  EXPECT_EQ(raw.One("SELECT count(*) FROM symbols WHERE coingecko_id IS NULL"), Value(int64_t{2}));
  EXPECT_EQ(raw.One("SELECT count(*) FROM venue_pace"), Value(int64_t{0}));
  EXPECT_EQ(raw.One("SELECT count(*) FROM sync_state WHERE checked_on IS NULL AND "
                    "stale_since IS NULL"),
            Value(int64_t{2}));

  auto sync = (*store)->LoadSyncState();
  ASSERT_TRUE(sync);
  ASSERT_EQ(sync->size(), 2u);
  EXPECT_EQ(sync->at("BTC").synced_through, *ParseDay("2026-11-19"));
  EXPECT_EQ(sync->at("XMR").source, Source::kCryptoCompare);
  EXPECT_TRUE((*store)->LoadNoMarket());  // no_market exists whatever the file had.
  // The upgraded file takes new writes: a gap and the check marker.
  const Day gap = *ParseDay("2026-11-20");
  ASSERT_TRUE((*store)->WritePage(PageWrite{
      "BTC", Source::kBinance, {}, gap, DayRange{gap, gap}, std::span<const Day>(&gap, 1)}));
  ASSERT_TRUE((*store)->MarkChecked("BTC", *ParseDay("2026-11-21"), false));
  EXPECT_EQ(raw.One("SELECT date FROM known_gaps WHERE symbol = 'BTC'"),
            Value(std::string("2026-11-20")));
  EXPECT_EQ(raw.One("SELECT checked_on FROM sync_state WHERE symbol = 'BTC'"),
            Value(std::string("2026-11-21")));
}

TEST_P(SchemaUpgradeTest, UpgradingTwiceChangesNothingMore) {
  ASSERT_TRUE(CandleStore::Open(db_path_));
  const auto snapshot = [&] {
    RawDb raw(db_path_);
    std::vector<Row> all = raw.Query("SELECT type, name, sql FROM sqlite_schema ORDER BY name");
    for (const char* table : {"series", "candles", "symbols", "sync_state", "known_gaps"}) {
      for (Row& row : raw.Query(std::string("SELECT * FROM ") + table)) all.push_back(row);
    }
    all.push_back({raw.One("PRAGMA user_version")});
    return all;
  };
  const auto once = snapshot();
  // A second open of the v4 file (user_version 4: no upgrade runs) changes nothing.
  ASSERT_TRUE(CandleStore::Open(db_path_));
  EXPECT_EQ(snapshot(), once);
  EXPECT_EQ(RawDb(db_path_).One("SELECT count(*) FROM sqlite_schema WHERE name = "
                                "'ohlcv_rejected'"),
            Value(int64_t{0}));
}

// Rows as a user may have left them by hand: NULLs, a text price, an integer volume, a day
// before 1970, a symbol that sorts between the others.
constexpr const char* kOddRows = R"sql(
INSERT INTO ohlcv VALUES ('BTC', '2026-11-17', 59000, NULL, 58000, 'n/a', 7, NULL, NULL);
INSERT INTO ohlcv VALUES ('Btc', '1969-12-31', -1.5, 0, 0, 0, 0, 0, 'cryptocompare');
INSERT INTO ohlcv VALUES ('ETH', '2024-02-29', 3000.125, 3100, 2900, 3050, 1e-9, 1e300, 'binance');
)sql";

TEST_P(SchemaUpgradeTest, OhlcvReadsTheSameBeforeAndAfterValuesAndTypesExactly) {
  RawDb(db_path_).Exec(kOddRows);
  const std::string everything = "SELECT * FROM ohlcv ORDER BY symbol, date";
  const std::vector<Row> before = RawDb(db_path_).Query(everything);
  ASSERT_EQ(before.size(), 6u);

  ASSERT_TRUE(CandleStore::Open(db_path_));
  RawDb raw(db_path_);
  EXPECT_EQ(raw.One("SELECT type FROM sqlite_schema WHERE name = 'ohlcv'"),
            Value(std::string("view")));
  // The old table's pages were given back (VACUUM after the move).
  EXPECT_EQ(raw.One("PRAGMA freelist_count"), Value(int64_t{0}));
  // Value compares the storage class too: REAL stays REAL, text stays text, NULL stays NULL.
  EXPECT_EQ(raw.Query(everything), before);
  EXPECT_EQ(raw.Query("SELECT typeof(close), typeof(volume) FROM ohlcv WHERE symbol = 'BTC' "
                      "AND date = '2026-11-17'"),
            (std::vector<Row>{{std::string("text"), std::string("real")}}));
  EXPECT_EQ(
      raw.Query("SELECT symbol, day FROM series JOIN candles ON series = id "
                "WHERE day < 0 OR symbol = 'ETH'"),
      (std::vector<Row>{{std::string("Btc"), int64_t{-1}}, {std::string("ETH"), int64_t{19782}}}));
}

TEST_P(SchemaUpgradeTest, RowsWithoutARealDayAreKeptInOhlcvRejected) {
  RawDb(db_path_).Exec(R"sql(
INSERT INTO ohlcv VALUES ('BTC', '2024-13-01', 1, 2, 0.5, 1.5, 10, NULL, 'binance');
INSERT INTO ohlcv VALUES ('BTC', '2024-02-30', 1, 2, 0.5, 1.5, 10, 15, 'binance');
INSERT INTO ohlcv VALUES ('DOGE', '2024-1-05', 1, 1, 1, 'x', 1, 1, NULL);
INSERT INTO ohlcv VALUES ('DOGE', 20240105, 1, 1, 1, 1, 1, 1, NULL);
)sql");
  const std::string valid =
      "SELECT * FROM ohlcv WHERE date NOT IN ('2024-13-01', '2024-02-30', "
      "'2024-1-05', '20240105') ORDER BY symbol, date";
  const std::vector<Row> kept = RawDb(db_path_).Query(valid);
  const std::string invalid =
      "SELECT * FROM ohlcv WHERE date IN ('2024-13-01', '2024-02-30', '2024-1-05', '20240105') "
      "ORDER BY symbol, date";
  const std::vector<Row> rejected = RawDb(db_path_).Query(invalid);
  ASSERT_EQ(kept.size(), 3u);
  ASSERT_EQ(rejected.size(), 4u);

  ASSERT_TRUE(CandleStore::Open(db_path_));
  RawDb raw(db_path_);
  EXPECT_EQ(raw.Query("SELECT * FROM ohlcv ORDER BY symbol, date"), kept);
  EXPECT_EQ(raw.Query("SELECT * FROM ohlcv_rejected ORDER BY symbol, date"), rejected);
  // DOGE had no valid row: it got no series id.
  EXPECT_EQ(raw.One("SELECT group_concat(symbol) FROM series"), Value(std::string("BTC,XMR")));
}

INSTANTIATE_TEST_SUITE_P(EachReleasedSchema, SchemaUpgradeTest, kEachReleasedSchema,
                         SchemaFixtureName);

}  // namespace
}  // namespace cryptoscope::store
