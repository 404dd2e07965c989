// Rate governors against the fake exchange (issue 3, part 1): Binance paces itself on the limit
// exchangeInfo reports and on the usage header, honours Retry-After and remembers a 418 ban
// across runs; CryptoCompare paces on the configured ceilings, waits out Type 99 and 429, and an
// exhausted day budget ends CryptoCompare work while Binance coins complete.
#include "integration/fault_fixture.h"

namespace cryptoscope::testing {
namespace {

using fake::Api;
using fake::FaultKind;

class RateLimitTest : public FaultFixture {
 protected:
  // Weight the client sent per aligned window of `window_ms`, by arrival at the fake.
  std::map<int64_t, int> WeightPerWindow(int64_t window_ms) const {
    const int64_t offset = WallMillisNow() - SteadyMillisNow();  // at_ms_real is steady time.
    std::map<int64_t, int> weight;
    for (const auto& record : BinanceRecords()) {
      weight[(record.at_ms_real + offset) / window_ms] +=
          record.path == "/api/v3/exchangeInfo" ? 20 : 2;
    }
    return weight;
  }

  int TotalWeight() const {
    int total = 0;
    for (const auto& [window, weight] : WeightPerWindow(1000)) total += weight;
    return total;
  }
};

TEST_F(RateLimitTest, BinancePacesItselfToTheWeightLimitThatExchangeInfoReports) {
  fake::FaultOptions faults;
  faults.binance_weight_limit = 40;  // Reported by exchangeInfo as 40 per 1 SECOND.
  faults.binance_weight_window_s = 1;
  StartFake(40, faults);
  const auto result = Ingest(40);
  ASSERT_EQ(result.exit_code, 0) << result.err << result.out;
  ExpectDatabaseExact(40);
  // The run needed more than one window's weight, so it had to pace...
  ASSERT_GT(TotalWeight(), 2 * faults.binance_weight_limit);
  // ...and never went over: no 429, no ban.
  EXPECT_EQ(CountStatus(429), 0u);
  EXPECT_EQ(fake_->CountBinanceBans(), 0u);
  EXPECT_EQ(fake_->CountRequestsDuringRetryAfter(), 0u);
  // The summary says where the time went: at least one window turn was waited for.
  const std::string paced = "waited for rate limits: binance ";
  const size_t line = result.out.find(paced);
  ASSERT_NE(line, std::string::npos) << result.out;
  EXPECT_GE(std::stod(result.out.substr(line + paced.size())), 0.5) << result.out;
  // Pacing is not a rate-limit answer.
  EXPECT_NE(result.out.find("(0 retries, 0 rate-limit waits)"), std::string::npos) << result.out;
}

// Another client on the same IP uses most of each window: only the x-mbx-used-weight-<n><unit>
// header tells. (Requests in flight may overshoot by their weight: 4 x 2 fits in the 10% the
// client keeps free.)
TEST_F(RateLimitTest, BinanceHoldsBackWhenTheUsageHeaderShowsOthersUsingTheBudget) {
  fake::FaultOptions faults;
  faults.binance_weight_limit = 100;
  faults.binance_weight_window_s = 1;
  faults.binance_weight_used_by_others = 60;
  StartFake(40, faults);
  const auto result = Ingest(Env(40, /*concurrency=*/4));
  ASSERT_EQ(result.exit_code, 0) << result.err << result.out;
  ExpectDatabaseExact(40);
  ASSERT_GT(TotalWeight(),
            2 * (faults.binance_weight_limit - faults.binance_weight_used_by_others));
  EXPECT_EQ(CountStatus(429), 0u);
  EXPECT_EQ(fake_->CountBinanceBans(), 0u);
  EXPECT_EQ(fake_->CountRequestsDuringRetryAfter(), 0u);
}

TEST_F(RateLimitTest, Binance429StopsEveryBinanceRequestForItsRetryAfter) {
  fake::FaultOptions faults;
  faults.Script("/api/v3/klines", FaultKind::kBinance429, 2);  // Retry-After: 1, twice.
  StartFake(40, faults);
  const auto result = Ingest(40, {"--retry-base-ms", "50"});
  ASSERT_EQ(result.exit_code, 0) << result.err << result.out;
  ExpectDatabaseExact(40);
  EXPECT_GE(CountStatus(429), 2u);
  EXPECT_EQ(fake_->CountRequestsDuringRetryAfter(Api::kBinance), 0u);
  EXPECT_EQ(fake_->CountBinanceBans(), 0u);
  // The first Binance request after the first 429 came at least its Retry-After later.
  const auto records = BinanceRecords();
  int64_t first_429 = INT64_MAX;
  for (const auto& record : records) {
    if (record.status == 429) first_429 = std::min(first_429, record.at_ms_real);
  }
  int64_t next = INT64_MAX;
  for (const auto& record : records) {
    if (record.status != 429 && record.at_ms_real > first_429) {
      next = std::min(next, record.at_ms_real);
    }
  }
  EXPECT_GE(next - first_429, 1000);
}

TEST_F(RateLimitTest, Ban418IsStoredAndARestartMakesNoBinanceRequestBeforeItEnds) {
  fake::FaultOptions faults;
  faults.Script("/api/v3/klines", FaultKind::kBinance418);  // Retry-After: 2.
  StartFake(40, faults);
  // With --max-wait 1 the 2 s ban is longer than this run may wait: Binance coins fail.
  const int64_t before = WallMillisNow();
  const auto first = Ingest(40, {"--max-wait", "1"});
  const int64_t after = WallMillisNow();
  EXPECT_EQ(first.exit_code, 1) << first.err << first.out;
  EXPECT_NE(first.out.find("binance asks us to wait 2 s"), std::string::npos) << first.out;
  const auto failures = SummaryFailures(first.out);
  for (const auto& symbol : SymbolsOf(40, Source::kBinance)) {
    if (!ReadSyncState(db()).count(symbol)) {
      EXPECT_EQ(failures.count(symbol), 1u) << symbol;
    }
  }
  EXPECT_EQ(fake_->CountRequestsDuringRetryAfter(Api::kBinance), 0u);
  const size_t bans = fake_->CountBinanceBans();
  EXPECT_GE(bans, 1u);

  const auto stored = Query(db(), "SELECT host, until_ms FROM host_bans");
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0][0], "binance");
  const int64_t until_ms = std::stoll(stored[0][1]);
  EXPECT_GE(until_ms, before + 2000);
  EXPECT_LE(until_ms, after + 2000);

  // The restart waits the stored ban out before its first Binance request, then completes.
  fake_->ClearRequests();
  const auto second = Ingest(40);
  ASSERT_EQ(second.exit_code, 0) << second.err << second.out;
  ExpectDatabaseExact(40);
  const auto binance = BinanceRecords();
  ASSERT_FALSE(binance.empty());
  const int64_t offset = WallMillisNow() - SteadyMillisNow();
  for (const auto& record : binance) {
    EXPECT_GE(record.at_ms_real + offset + 5, until_ms) << record.path << "?" << record.query;
  }
  EXPECT_EQ(fake_->CountBinanceBans(), 0u);
  EXPECT_EQ(fake_->CountRequestsDuringRetryAfter(), 0u);
}

TEST_F(RateLimitTest, Ban418ShorterThanMaxWaitIsWaitedOutWithinTheRun) {
  fake::FaultOptions faults;
  faults.Script("/api/v3/klines", FaultKind::kBinance418);  // Retry-After: 2.
  StartFake(40, faults);
  const auto result = Ingest(40);
  ASSERT_EQ(result.exit_code, 0) << result.err << result.out;
  ExpectDatabaseExact(40);
  EXPECT_EQ(fake_->CountRequestsDuringRetryAfter(), 0u);
  // The injected ban, and perhaps requests already on their way when it was answered.
  EXPECT_GE(fake_->CountBinanceBans(), 1u);
  EXPECT_LE(fake_->CountBinanceBans(), 4u);
  int64_t first_418 = INT64_MAX;
  for (const auto& record : BinanceRecords()) {
    if (record.status == 418) first_418 = std::min(first_418, record.at_ms_real);
  }
  for (const auto& record : BinanceRecords()) {
    if (record.status == 200 && record.at_ms_real > first_418) {
      EXPECT_GE(record.at_ms_real - first_418, 2000) << record.query;
    }
  }
  EXPECT_EQ(Query(db(), "SELECT host FROM host_bans").size(), 1u);
}

TEST_F(RateLimitTest, RememberedBanLongerThanMaxWaitFailsBinanceCoinsWithoutContactingBinance) {
  StartFake(40);
  ASSERT_EQ(Ingest(3).exit_code, 0);
  const int64_t until_ms = WallMillisNow() + 3'600'000;
  {
    sqlite3* handle = nullptr;
    ASSERT_EQ(sqlite3_open(db().c_str(), &handle), SQLITE_OK);
    const std::string sql = fmt::format(
        "INSERT OR REPLACE INTO host_bans(host, until_ms) VALUES('binance', {})", until_ms);
    EXPECT_EQ(sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(handle);
  }
  const auto rows_before = ReadOhlcv(db());
  fake_->ClearRequests();
  const auto result = Ingest(40, {"--max-wait", "1"});
  // The earlier run's routes carry on without Binance: its coins are listed as failed.
  EXPECT_EQ(result.exit_code, 1) << result.err << result.out;
  EXPECT_NE(result.out.find("binance banned this IP until"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("rerun after that"), std::string::npos) << result.out;
  EXPECT_TRUE(BinanceRecords().empty());
  EXPECT_EQ(fake_->CountRequests("/data/v2/histoday"), 0u);
  EXPECT_EQ(ReadOhlcv(db()), rows_before);
}

TEST_F(RateLimitTest, CryptoComparePacesToTheConfiguredCallsPerSecond) {
  fake::FaultOptions faults;
  faults.cc_max_per_second = 4;  // One call of margin: the client counts starts, the fake arrivals.
  StartFake(40, faults);
  auto env = Env(12);  // 5 CryptoCompare coins and the top list: 6 calls, 5 of them at once.
  env["CC_CALLS_PER_SECOND"] = "3";
  const auto result = Ingest(env);
  ASSERT_EQ(result.exit_code, 0) << result.err << result.out;
  ExpectDatabaseExact(12);
  EXPECT_EQ(
      fake_->CountRequests("/data/v2/histoday") + fake_->CountRequests("/data/top/mktcapfull"), 6u);
  EXPECT_EQ(fake_->CountCcRateLimited(), 0u);
}

TEST_F(RateLimitTest, CryptoCompareType99WaitsForTheExhaustedWindowThenRetries) {
  fake::FaultOptions faults;
  faults.Script("/data/v2/histoday", FaultKind::kCcRateLimit99, 2);  // HTTP 200, Type 99.
  faults.Script("/data/top/mktcapfull", FaultKind::kCcRateLimit99);
  StartFake(40, faults);
  const auto result = Ingest(25);
  ASSERT_EQ(result.exit_code, 0) << result.err << result.out;
  ExpectDatabaseExact(25);
  EXPECT_EQ(WithFault(FaultKind::kCcRateLimit99).size(), 3u);
  EXPECT_EQ(fake_->CountRequestsDuringRetryAfter(Api::kCryptoCompare), 0u);
}

TEST_F(RateLimitTest, CryptoCompare429IsWaitedOutForItsRetryAfter) {
  fake::FaultOptions faults;
  faults.Script("/data/v2/histoday", FaultKind::kCc429, 2);  // Retry-After: 1, Type 99 body.
  StartFake(40, faults);
  const auto result = Ingest(25);
  ASSERT_EQ(result.exit_code, 0) << result.err << result.out;
  ExpectDatabaseExact(25);
  EXPECT_EQ(WithFault(FaultKind::kCc429).size(), 2u);
  EXPECT_EQ(fake_->CountRequestsDuringRetryAfter(Api::kCryptoCompare), 0u);
}

// The provider's day budget runs out mid-run: CryptoCompare work stops with a clear reason, every
// Binance coin completes, the run says which coins failed; the next run completes them.
TEST_F(RateLimitTest, ExhaustedDayBudgetStopsCryptoCompareWorkWhileBinanceCoinsComplete) {
  fake::FaultOptions faults;
  faults.cc_max_per_day = 4;  // The top list and three histoday calls.
  StartFake(40, faults);
  const auto result = Ingest(25);
  EXPECT_EQ(result.exit_code, 1) << result.err << result.out;
  const auto failures = SummaryFailures(result.out);
  const auto cc_symbols = SymbolsOf(25, Source::kCryptoCompare);
  const auto sync = ReadSyncState(db());
  size_t completed = 0;
  for (const auto& symbol : cc_symbols) {
    if (sync.count(symbol)) {
      ++completed;
      continue;
    }
    ASSERT_EQ(failures.count(symbol), 1u) << symbol << "\n" << result.out;
    EXPECT_NE(failures.at(symbol).find("day call limit is used up"), std::string::npos)
        << failures.at(symbol);
  }
  EXPECT_LE(completed, 3u);
  for (const auto& [symbol, reason] : failures) {
    EXPECT_NE(Coin(symbol).symbol, "") << symbol;
    EXPECT_NE(ExpectedSource(Coin(symbol)), Source::kBinance) << symbol << ": " << reason;
  }
  // Binance coins are complete, and nothing partial was stored for the others.
  for (const auto& symbol : SymbolsOf(25, Source::kBinance)) EXPECT_EQ(sync.count(symbol), 1u);
  ExpectOnlyWholePages(25);
  // Only requests already in flight met the exhausted budget; none was sent after it.
  EXPECT_LE(fake_->CountCcRateLimited(), 4u);

  fake::FaultOptions unlimited;
  fake_->SetFaults(unlimited);
  fake_->ClearRequests();
  const auto rerun = Ingest(25);
  EXPECT_EQ(rerun.exit_code, 0) << rerun.err << rerun.out;
  ExpectDatabaseExact(25);
  EXPECT_EQ(fake_->CountRequests("/api/v3/klines"),
            CountAwaitingFirstDay(fake_->scenario(), 25, fake_->today(), Source::kBinance));
}

// CC_CALLS_PER_DAY is the plan's budget: a run never makes more calls than it allows.
TEST_F(RateLimitTest, ConfiguredDayBudgetIsNeverExceeded) {
  StartFake(40);
  auto env = Env(25);
  env["CC_CALLS_PER_DAY"] = "4";
  const auto result = Ingest(env);
  EXPECT_EQ(result.exit_code, 1) << result.err << result.out;
  EXPECT_LE(
      fake_->CountRequests("/data/v2/histoday") + fake_->CountRequests("/data/top/mktcapfull"), 4u);
  const auto failures = SummaryFailures(result.out);
  const auto sync = ReadSyncState(db());
  for (const auto& symbol : SymbolsOf(25, Source::kCryptoCompare)) {
    if (sync.count(symbol)) continue;
    ASSERT_EQ(failures.count(symbol), 1u) << symbol << "\n" << result.out;
    EXPECT_NE(failures.at(symbol).find("CC_CALLS_PER_DAY"), std::string::npos)
        << failures.at(symbol);
  }
  for (const auto& symbol : SymbolsOf(25, Source::kBinance)) EXPECT_EQ(sync.count(symbol), 1u);
  ExpectOnlyWholePages(25);
}

}  // namespace
}  // namespace cryptoscope::testing
