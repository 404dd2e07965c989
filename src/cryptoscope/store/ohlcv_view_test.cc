// The ohlcv view of schema v4: users query and hand-edit it like the old table, while the rows
// live in candles keyed on (series, day).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cryptoscope/store/candle_store.h"
#include "cryptoscope/store/test_raw_db.h"
#include "cryptoscope/store/test_temp_dir.h"

namespace cryptoscope::store {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

class OhlcvViewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = CandleStore::Open(db_path_);
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
    ASSERT_TRUE(store_->WriteCandles("BTC", Source::kBinance, MakeCandles(D("2024-01-01"), 3, 1),
                                     D("2024-01-03")));
  }

  // The error message of `sql`, empty when it succeeds.
  std::string Refusal(const std::string& sql) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(db_path_.c_str(), &db), SQLITE_OK);
    char* error = nullptr;
    sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    std::string message = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    return message;
  }

  TestTempDir dir_;
  std::filesystem::path db_path_ = dir_.path() / "crypto.db";
  std::unique_ptr<CandleStore> store_;
};

TEST_F(OhlcvViewTest, ShowsTheStoredCandlesWithTheirDates) {
  RawDb raw(db_path_);
  EXPECT_EQ(raw.Query("SELECT * FROM ohlcv WHERE date >= '2024-01-02' ORDER BY date"),
            (std::vector<Row>{{std::string("BTC"), std::string("2024-01-02"), 2.1, 2.9, 1.7, 2.5,
                               20.5, 2469.0, std::string("binance")},
                              {std::string("BTC"), std::string("2024-01-03"), 3.1, 3.9, 2.7, 3.5,
                               30.75, 3703.5, std::string("binance")}}));
  EXPECT_EQ(raw.One("SELECT day FROM candles WHERE day = 19723"), Value(int64_t{19723}));
}

TEST_F(OhlcvViewTest, ALookupBySymbolAndDateUsesTheIndexesNotAScan) {
  RawDb raw(db_path_);
  std::string plan;
  for (const Row& row : raw.Query("EXPLAIN QUERY PLAN SELECT * FROM ohlcv WHERE symbol = 'BTC' "
                                  "AND date >= '2024-01-01'")) {
    plan += std::get<std::string>(row.back()) + "\n";
  }
  EXPECT_THAT(plan,
              AllOf(HasSubstr("SEARCH s USING COVERING INDEX sqlite_autoindex_series_1 "
                              "(symbol=?)"),
                    HasSubstr("SEARCH c USING PRIMARY KEY (series=?)"), Not(HasSubstr("SCAN"))))
      << plan;
}

// The v3 table was WITHOUT ROWID on (symbol, date): `SELECT * FROM ohlcv` without ORDER BY listed
// its rows in that order, and a user's export or diff of that query must not change. Series ids
// follow first-write order (here ZRX before ADA), so the view has to order them itself, without a
// sort.
TEST_F(OhlcvViewTest, RowsComeInSymbolAndDateOrderWithoutAnOrderByAndWithoutASort) {
  ASSERT_TRUE(store_->WriteCandles("ZRX", Source::kBinance, MakeCandles(D("2024-01-01"), 2, 5),
                                   D("2024-01-02")));
  ASSERT_TRUE(store_->WriteCandles("ADA", Source::kBinance, MakeCandles(D("2023-12-31"), 2, 7),
                                   D("2024-01-01")));
  RawDb raw(db_path_);
  std::vector<Row> order;
  for (Row& row : raw.Query("SELECT symbol, date FROM ohlcv")) order.push_back(std::move(row));
  EXPECT_EQ(order, (std::vector<Row>{{std::string("ADA"), std::string("2023-12-31")},
                                     {std::string("ADA"), std::string("2024-01-01")},
                                     {std::string("BTC"), std::string("2024-01-01")},
                                     {std::string("BTC"), std::string("2024-01-02")},
                                     {std::string("BTC"), std::string("2024-01-03")},
                                     {std::string("ZRX"), std::string("2024-01-01")},
                                     {std::string("ZRX"), std::string("2024-01-02")}}));
  std::string plan;
  for (const Row& row : raw.Query("EXPLAIN QUERY PLAN SELECT * FROM ohlcv")) {
    plan += std::get<std::string>(row.back()) + "\n";
  }
  EXPECT_THAT(plan, Not(HasSubstr("TEMP B-TREE"))) << plan;
}

TEST_F(OhlcvViewTest, InsertUpdateAndDeleteThroughTheViewEditTheCandles) {
  RawDb raw(db_path_);
  // A new symbol gets its series row.
  raw.Exec("INSERT INTO ohlcv VALUES ('DOGE', '2024-01-05', 1, 2, 0.5, 1.5, 10, 15, 'okx')");
  EXPECT_EQ(raw.Query("SELECT s.symbol, c.day, c.close, c.source FROM candles c "
                      "JOIN series s ON s.id = c.series WHERE s.symbol = 'DOGE'"),
            (std::vector<Row>{{std::string("DOGE"), int64_t{19727}, 1.5, std::string("okx")}}));
  raw.Exec("INSERT INTO ohlcv (symbol, date) VALUES ('BTC', '2024-01-04')");
  EXPECT_EQ(raw.One("SELECT count(*) FROM series"), Value(int64_t{2}));

  // A text in a price column is stored as it is (check reports it), a move to another day too.
  raw.Exec("UPDATE ohlcv SET close = 'n/a' WHERE symbol = 'BTC' AND date = '2024-01-02'");
  raw.Exec("UPDATE ohlcv SET date = '2024-02-01' WHERE symbol = 'BTC' AND date = '2024-01-03'");
  raw.Exec("UPDATE ohlcv SET symbol = 'ETH' WHERE symbol = 'DOGE'");
  EXPECT_EQ(
      raw.Query("SELECT symbol, date, typeof(close) FROM ohlcv ORDER BY symbol, date"),
      (std::vector<Row>{{std::string("BTC"), std::string("2024-01-01"), std::string("real")},
                        {std::string("BTC"), std::string("2024-01-02"), std::string("text")},
                        {std::string("BTC"), std::string("2024-01-04"), std::string("null")},
                        {std::string("BTC"), std::string("2024-02-01"), std::string("real")},
                        {std::string("ETH"), std::string("2024-01-05"), std::string("real")}}));

  raw.Exec("DELETE FROM ohlcv WHERE symbol = 'BTC' AND date < '2024-01-03'");
  EXPECT_EQ(raw.Query("SELECT symbol, date FROM ohlcv ORDER BY symbol, date"),
            (std::vector<Row>{{std::string("BTC"), std::string("2024-01-04")},
                              {std::string("BTC"), std::string("2024-02-01")},
                              {std::string("ETH"), std::string("2024-01-05")}}));
  EXPECT_EQ(store_->CountCandles(), 3);
}

TEST_F(OhlcvViewTest, ADateThatIsNotADayIsRefusedNeverStored) {
  const std::string expected =
      "ohlcv.date must be a calendar day written YYYY-MM-DD, e.g. 2024-01-31";
  for (const char* date : {"'2024-13-01'", "'2024-02-30'", "'2024-1-05'", "'2024-01-05 '",
                           "20240105", "NULL", "'yesterday'"}) {
    EXPECT_EQ(Refusal(std::string("INSERT INTO ohlcv VALUES ('BTC', ") + date +
                      ", 1, 1, 1, 1, 1, 1, 'binance')"),
              expected)
        << date;
  }
  EXPECT_EQ(Refusal("UPDATE ohlcv SET date = '2024-13-01' WHERE date = '2024-01-01'"), expected);
  EXPECT_EQ(Refusal("INSERT INTO ohlcv (date) VALUES ('2024-01-09')"),
            "ohlcv.symbol must not be NULL");
  RawDb raw(db_path_);
  EXPECT_EQ(raw.One("SELECT count(*) FROM candles"), Value(int64_t{3}));
  EXPECT_EQ(raw.One("SELECT count(*) FROM series"), Value(int64_t{1}));
  // An existing day is a conflict, as it was on the table.
  EXPECT_THAT(Refusal("INSERT INTO ohlcv (symbol, date) VALUES ('BTC', '2024-01-01')"),
              HasSubstr("UNIQUE constraint failed"));
}

TEST_F(OhlcvViewTest, InsertOrReplaceKeepsTheSymbolsSeriesId) {
  RawDb raw(db_path_);
  raw.Exec("INSERT OR REPLACE INTO ohlcv VALUES ('BTC', '2024-01-01', 9, 9, 9, 9, 9, 9, 'okx')");
  EXPECT_EQ(raw.Query("SELECT id, symbol FROM series"),
            (std::vector<Row>{{int64_t{1}, std::string("BTC")}}));
  EXPECT_EQ(raw.Query("SELECT count(*), sum(close = 9) FROM ohlcv"),
            (std::vector<Row>{{int64_t{3}, int64_t{1}}}));
}

}  // namespace
}  // namespace cryptoscope::store
