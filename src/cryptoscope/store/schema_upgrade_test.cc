// Every earlier schema of CryptoScope opens and is upgraded in place, nothing lost. The SQL each
// version wrote is kept in testdata/ (one file per released shape), with a little data.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "cryptoscope/store/candle_store.h"
#include "cryptoscope/store/schema.h"
#include "cryptoscope/store/test_raw_db.h"
#include "cryptoscope/store/test_temp_dir.h"

namespace cryptoscope::store {
namespace {

std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(CRYPTOSCOPE_SOURCE_DIR) + "/src/cryptoscope/store/testdata/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class SchemaUpgradeTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    const std::string sql = Fixture(GetParam());
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
  EXPECT_EQ(raw.One("SELECT count(*) FROM known_gaps"), Value(int64_t{0}));
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
  const auto schema = [&] {
    return RawDb(db_path_).One("SELECT group_concat(sql, ';') FROM sqlite_schema");
  };
  const auto once = schema();
  ASSERT_TRUE(CandleStore::Open(db_path_));
  EXPECT_EQ(schema(), once);
}

INSTANTIATE_TEST_SUITE_P(EachReleasedSchema, SchemaUpgradeTest,
                         ::testing::Values("schema_v1.sql", "schema_v1_no_market.sql",
                                           "schema_v2.sql"),
                         [](const auto& info) {
                           std::string name = info.param;
                           return name.substr(0, name.find('.'));
                         });

}  // namespace
}  // namespace cryptoscope::store
