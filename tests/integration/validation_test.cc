// Validation (issue 3, part 5): a response with a bad candle (low > high, a negative value, a
// timestamp in the wrong unit, a duplicate day) is never stored. A retry fixes a passing
// corruption; a lasting one fails the coin with a reason that names the problem, and the pages
// before it stay stored and synced.
#include "integration/fault_fixture.h"

namespace cryptoscope::testing {
namespace {

using fake::FaultKind;

struct BadRow {
  FaultKind kind;
  const char* binance_problem;        // In the failure reason of a Binance coin.
  const char* cryptocompare_problem;  // In the failure reason of a CryptoCompare coin.
};

const BadRow kBadRows[] = {
    {FaultKind::kBadRowLowAboveHigh, "> high", "> high"},
    {FaultKind::kBadRowNegative, "volume -", "volume -"},
    {FaultKind::kBadRowTimeUnit, "looks like seconds, not milliseconds",
     "looks like milliseconds, not seconds"},
    {FaultKind::kBadRowDuplicateDay, "duplicate day", "duplicate day"},
};

void PrintTo(const BadRow& bad, std::ostream* out) { *out << fake::FaultKindName(bad.kind); }

class ValidationTest : public FaultFixture {
 protected:
  size_t CountFor(std::string_view path, std::string_view text) const {
    size_t count = 0;
    for (const auto& record : Records(path)) count += record.query.find(text) != std::string::npos;
    return count;
  }
};

class LastingBadRowTest : public ValidationTest, public ::testing::WithParamInterface<BadRow> {};

TEST_P(LastingBadRowTest, FailsTheCoinNamingTheProblemAndStoresNothingOfThatResponse) {
  const BadRow bad = GetParam();
  StartFake(40);
  // BTC has 3050 days: its second page starts 1000 days after its first candle.
  const auto btc = Coin("BTC");
  const Day page2 = btc.binance_first_day + std::chrono::days{1000};
  const std::string page2_query =
      fmt::format("symbol=BTCUSDT&interval=1d&startTime={}&", UnixMillis(page2));
  fake_->ScriptFault("/api/v3/klines", bad.kind, 2, page2_query);
  fake_->ScriptFault("/data/v2/histoday", bad.kind, 2, "fsym=USDT&");
  const auto result = Ingest(3, {"--max-retries", "1", "--retry-base-ms", "20"});
  EXPECT_EQ(result.exit_code, 1) << result.err << result.out;
  EXPECT_EQ(CountFor("/api/v3/klines", page2_query), 2u);
  EXPECT_EQ(CountFor("/data/v2/histoday", "fsym=USDT&"), 2u);

  const auto failures = SummaryFailures(result.out);
  ASSERT_EQ(failures.size(), 2u) << result.out;
  ASSERT_EQ(failures.count("BTC"), 1u) << result.out;
  ASSERT_EQ(failures.count("USDT"), 1u) << result.out;
  EXPECT_NE(failures.at("BTC").find(bad.binance_problem), std::string::npos) << failures.at("BTC");
  EXPECT_NE(failures.at("USDT").find(bad.cryptocompare_problem), std::string::npos)
      << failures.at("USDT");

  // BTC keeps its first page, synced through its last day; USDT has nothing; ETH is complete.
  const auto sync = ReadSyncState(db());
  ASSERT_EQ(sync.count("BTC"), 1u);
  EXPECT_EQ(sync.at("BTC").synced_through, FormatDay(page2 - std::chrono::days{1}));
  EXPECT_EQ(sync.count("USDT"), 0u);
  EXPECT_EQ(Diff(ReadOhlcv(db()), Expected(3,
                                           [&](const Row& row) {
                                             if (row.symbol == "BTC")
                                               return row.date < FormatDay(page2);
                                             return row.symbol == "ETH";
                                           })),
            "");

  // Once the provider serves good data again, the next run completes both from where they stopped.
  fake_->ClearRequests();
  const auto rerun = Ingest(3);
  EXPECT_EQ(rerun.exit_code, 0) << rerun.err << rerun.out;
  ExpectDatabaseExact(3);
  EXPECT_EQ(CountFor("/api/v3/klines", "symbol=BTCUSDT&interval=1d&startTime=" +
                                           std::to_string(UnixMillis(btc.binance_first_day))),
            0u);
}

INSTANTIATE_TEST_SUITE_P(EachKind, LastingBadRowTest, ::testing::ValuesIn(kBadRows),
                         [](const auto& info) {
                           std::string name(fake::FaultKindName(info.param.kind));
                           std::erase(name, '_');
                           return name;
                         });

TEST_F(ValidationTest, PassingBadRowsAreRetriedAwayAndTheDatabaseIsExact) {
  StartFake(40);
  for (const BadRow& bad : kBadRows) {  // Four bad answers in a row for one URL of each source.
    fake_->ScriptFault("/api/v3/klines", bad.kind, 1, "symbol=BTCUSDT&");
    fake_->ScriptFault("/data/v2/histoday", bad.kind, 1, "fsym=USDT&");
  }
  const auto result = Ingest(3, {"--max-retries", "4", "--retry-base-ms", "10"});
  ASSERT_EQ(result.exit_code, 0) << result.err << result.out;
  ExpectDatabaseExact(3);
  EXPECT_EQ(fake_->CountFaults(), 8u);
  const size_t btc_pages = (ExpectedDays(Coin("BTC"), fake_->today())->days() + 999) / 1000;
  EXPECT_EQ(CountFor("/api/v3/klines", "symbol=BTCUSDT&"), btc_pages + 4);
  EXPECT_EQ(CountFor("/data/v2/histoday", "fsym=USDT&"), 5u);
  // Every rejection was said (as a warning) with its reason.
  EXPECT_NE(result.err.find("duplicate day"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("looks like seconds"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace cryptoscope::testing
