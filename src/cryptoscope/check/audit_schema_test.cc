// `check` finds the same bad rows in a v1..v3 file read as it is and after the v4 upgrade, which
// moves rows whose date is not a day to ohlcv_rejected instead of candles.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cryptoscope/check/audit.h"
#include "cryptoscope/store/candle_store.h"
#include "cryptoscope/store/test_raw_db.h"
#include "cryptoscope/store/test_schema_fixtures.h"
#include "cryptoscope/store/test_temp_dir.h"

namespace cryptoscope::check {
namespace {

std::vector<std::string> BadRows(const std::filesystem::path& path, bool* clean) {
  auto reader = query::Reader::Open(path);
  EXPECT_TRUE(reader) << reader.error().message;
  if (!reader) return {};
  auto report = Audit(**reader, false);
  EXPECT_TRUE(report) << report.error().message;
  if (!report) return {};
  *clean = report->clean();
  std::vector<std::string> out;
  for (const BadRow& row : report->bad_rows) {
    out.push_back(row.symbol + " " + row.date + ": " + row.problem);
  }
  return out;
}

class AuditSchemaTest : public ::testing::TestWithParam<const char*> {
 protected:
  store::TestTempDir dir_;
  std::filesystem::path db_path_ = dir_.path() / "old.db";
};

TEST_P(AuditSchemaTest, FindsTheSameBadRowsBeforeAndAfterTheUpgrade) {
  {
    store::RawDb raw(db_path_);
    raw.Exec(store::SchemaFixture(GetParam()));
    raw.Exec(
        "INSERT INTO ohlcv VALUES ('BTC', '2024-13-01', 1, 2, 0.5, 1.5, 10, 15, 'binance');"
        "INSERT INTO ohlcv VALUES ('BTC', '2026-11-17', 5, 4, 4.5, 4.5, 1, 1, 'binance');"
        "INSERT INTO ohlcv VALUES ('XMR', '2026-1-5', 1, 1, 1, 1, 1, 1, NULL);"
        "INSERT INTO ohlcv VALUES ('ADA', 'soon', 1, 1, 1, 'x', 1, 1, NULL);");
  }
  bool clean_before = true;
  const std::vector<std::string> before = BadRows(db_path_, &clean_before);
  ASSERT_EQ(before.size(), 4u);
  EXPECT_EQ(before[0], "ADA soon: date 'soon' is not a YYYY-MM-DD day");
  EXPECT_FALSE(clean_before);

  ASSERT_TRUE(store::CandleStore::Open(db_path_));
  ASSERT_EQ(store::RawDb(db_path_).One("SELECT count(*) FROM ohlcv_rejected"),
            store::Value(int64_t{3}));
  bool clean_after = true;
  EXPECT_EQ(BadRows(db_path_, &clean_after), before);
  EXPECT_FALSE(clean_after);
}

INSTANTIATE_TEST_SUITE_P(EachReleasedSchema, AuditSchemaTest, store::kEachReleasedSchema,
                         store::SchemaFixtureName);

}  // namespace
}  // namespace cryptoscope::check
