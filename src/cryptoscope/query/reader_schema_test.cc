// A Reader answers the same from a file of every schema version: read as it is (v1..v3, through
// the old ohlcv table; readers never upgrade) and after an ingest upgraded it to v4 (candles and
// series, integer days).
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "cryptoscope/query/reader.h"
#include "cryptoscope/store/candle_store.h"
#include "cryptoscope/store/test_raw_db.h"
#include "cryptoscope/store/test_schema_fixtures.h"
#include "cryptoscope/store/test_temp_dir.h"

namespace cryptoscope::query {
namespace {

// Everything a Reader answers, as text (NaN included), in one string per answer.
std::vector<std::string> Answers(const std::filesystem::path& path) {
  auto reader = Reader::Open(path);
  EXPECT_TRUE(reader) << reader.error().message;
  if (!reader) return {};
  std::vector<std::string> out;
  auto summaries = (*reader)->Summaries();
  EXPECT_TRUE(summaries);
  for (const SymbolSummary& s : *summaries) {
    out.push_back(s.symbol + " " + s.first_day.value_or("-") + " " + s.last_day.value_or("-") +
                  " " + std::to_string(s.rows) + " " + s.stamp);
    auto dates = (*reader)->Dates(s.symbol);
    EXPECT_TRUE(dates);
    for (const std::string& date : *dates) out.push_back(s.symbol + " date " + date);
    for (const auto& [from, to, limit] : std::vector<std::tuple<std::string, std::string, int64_t>>{
             {"0000-01-01", "9999-12-31", 1000},
             {"2026-11-18", "2026-11-18", 5},
             {"2026-11-17", "2026-11-19", 1},
             {"2026-11-20", "2026-11-19", 5}}) {
      auto bars = (*reader)->Bars(s.symbol, from, to, limit);
      EXPECT_TRUE(bars);
      for (const Bar& bar : *bars) {
        std::ostringstream line;
        line.precision(17);
        line << s.symbol << " bar " << from << " " << limit << " " << bar.date << " " << bar.open
             << " " << bar.high << " " << bar.low << " " << bar.close << " " << bar.volume << " "
             << bar.quote_volume.value_or(-42);
        out.push_back(line.str());
      }
    }
  }
  EXPECT_TRUE((*reader)->ScanRows([&](const StoredRow& row) {
    std::ostringstream line;
    line.precision(17);
    line << "row " << row.symbol << " " << row.date << " " << row.open << " " << row.high << " "
         << row.low << " " << row.close << " " << row.volume << " " << row.quote_volume;
    out.push_back(line.str());
    return true;
  }));
  return out;
}

class ReaderSchemaTest : public ::testing::TestWithParam<const char*> {
 protected:
  store::TestTempDir dir_;
  std::filesystem::path db_path_ = dir_.path() / "old.db";
};

TEST_P(ReaderSchemaTest, AnswersTheSameBeforeAndAfterTheUpgrade) {
  {
    store::RawDb raw(db_path_);
    raw.Exec(store::SchemaFixture(GetParam()));
    raw.Exec(
        "INSERT INTO ohlcv VALUES ('BTC', '2026-11-17', 59000, NULL, 58000, 'n/a', 7, NULL, NULL);"
        "INSERT INTO ohlcv VALUES ('ETH', '1969-12-31', -1.5, 0, 0, 0, 0, 0, 'binance');"
        "INSERT INTO symbols (symbol) VALUES ('ETH'), ('NONE');");
  }
  const std::vector<std::string> before = Answers(db_path_);
  ASSERT_GT(before.size(), 20u);
  ASSERT_TRUE(store::CandleStore::Open(db_path_));
  ASSERT_EQ(store::RawDb(db_path_).One("PRAGMA user_version"), store::Value(int64_t{4}));
  EXPECT_EQ(Answers(db_path_), before);
}

INSTANTIATE_TEST_SUITE_P(EachReleasedSchema, ReaderSchemaTest, store::kEachReleasedSchema,
                         store::SchemaFixtureName);

}  // namespace
}  // namespace cryptoscope::query
