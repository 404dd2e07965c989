// Retries (issue 3, parts 2 and 3): transient faults are retried with backoff, a bounded number of
// times; permanent ones are not; one coin's failure never stops the others, the summary names it
// with its reason, and the next run picks it up.
#include "integration/fault_fixture.h"

namespace cryptoscope::testing {
namespace {

using fake::FaultKind;

class RetryTest : public FaultFixture {
 protected:
  // Requests of `path` whose query contains `text`.
  std::vector<fake::RequestRecord> RecordsFor(std::string_view path, std::string_view text) const {
    auto records = Records(path);
    std::erase_if(records, [&](const auto& r) { return r.query.find(text) == std::string::npos; });
    std::sort(records.begin(), records.end(),
              [](const auto& a, const auto& b) { return a.at_ms_real < b.at_ms_real; });
    return records;
  }
  // The attempts of the first URL asked whose query contains `text`, by arrival.
  std::vector<fake::RequestRecord> AttemptsOfFirstUrl(std::string_view path,
                                                      std::string_view text) const {
    auto records = RecordsFor(path, text);
    if (records.empty()) return records;
    const std::string first = records.front().query;
    std::erase_if(records, [&](const auto& r) { return r.query != first; });
    return records;
  }
};

TEST_F(RetryTest, EveryKindOfTransientFaultIsRetriedUntilTheDatabaseIsExact) {
  const FaultKind kinds[] = {FaultKind::kHttp500,       FaultKind::kHttp503,
                             FaultKind::kHttp504,       FaultKind::kConnectionReset,
                             FaultKind::kTruncatedBody, FaultKind::kInvalidJson};
  fake::FaultOptions faults;
  for (FaultKind kind : kinds) {
    faults.Script("/api/v3/klines", kind);
    faults.Script("/data/v2/histoday", kind);
  }
  faults.Script("/api/v3/exchangeInfo", FaultKind::kHttp503);
  faults.Script("/api/v3/exchangeInfo", FaultKind::kInvalidJson);
  faults.Script("/data/top/mktcapfull", FaultKind::kConnectionReset);
  faults.Script("/data/top/mktcapfull", FaultKind::kTruncatedBody);
  StartFake(40, faults);
  const auto result = Ingest(40, {"--retry-base-ms", "20", "--max-retries", "8"});
  ASSERT_EQ(result.exit_code, 0) << result.err << result.out;
  ExpectDatabaseExact(40);
  EXPECT_EQ(fake_->CountFaults(), 16u);
  // Exactly one more request per fault.
  const auto scenario = fake_->scenario();
  EXPECT_EQ(fake_->CountRequests("/api/v3/klines"),
            MinimalKlinesRequests(scenario, 40, fake_->today()) + 6);
  EXPECT_EQ(fake_->CountRequests("/data/v2/histoday"),
            CountWithSource(scenario, 40, Source::kCryptoCompare) + 6);
  EXPECT_EQ(fake_->CountRequests("/api/v3/exchangeInfo"), 3u);
  EXPECT_EQ(fake_->CountRequests("/data/top/mktcapfull"), 3u);
}

TEST_F(RetryTest, AnswerSlowerThanTheRequestTimeoutIsAbandonedAndRetried) {
  fake::FaultOptions faults;
  faults.slow_ms = 1500;
  faults.Script("/api/v3/klines", FaultKind::kSlow, 1, "symbol=BTCUSDT&");
  StartFake(40, faults);
  const auto result = Ingest(40, {"--request-timeout", "1", "--retry-base-ms", "20"});
  ASSERT_EQ(result.exit_code, 0) << result.err << result.out;
  ExpectDatabaseExact(40);
  AwaitRecords("/api/v3/klines", MinimalKlinesRequests(fake_->scenario(), 40, fake_->today()) + 1);
  const auto attempts = AttemptsOfFirstUrl("/api/v3/klines", "symbol=BTCUSDT&");
  ASSERT_EQ(attempts.size(), 2u);
  EXPECT_EQ(attempts[0].fault, FaultKind::kSlow);
  // The retry went out once the first attempt was abandoned, not after the slow answer.
  EXPECT_GE(attempts[1].at_ms_real - attempts[0].at_ms_real, 1000);
  EXPECT_LT(attempts[1].at_ms_real - attempts[0].at_ms_real, faults.slow_ms);
}

TEST_F(RetryTest, RetriesAreBoundedByMaxRetriesAndTheCoinFailsWithTheReason) {
  StartFake(40);
  fake_->ScriptFault("/api/v3/klines", FaultKind::kHttp503, 3, "symbol=BTCUSDT&");
  const auto result = Ingest(3, {"--max-retries", "2", "--retry-base-ms", "20"});
  EXPECT_EQ(result.exit_code, 1) << result.err << result.out;
  EXPECT_EQ(RecordsFor("/api/v3/klines", "symbol=BTCUSDT&").size(), 3u);
  EXPECT_EQ(AttemptsOfFirstUrl("/api/v3/klines", "symbol=BTCUSDT&").size(), 3u);
  const auto failures = SummaryFailures(result.out);
  ASSERT_EQ(failures.size(), 1u) << result.out;
  ASSERT_EQ(failures.count("BTC"), 1u) << result.out;
  EXPECT_NE(failures.at("BTC").find("HTTP 503"), std::string::npos) << failures.at("BTC");
  EXPECT_NE(failures.at("BTC").find("gave up after 3 attempts"), std::string::npos)
      << failures.at("BTC");
  EXPECT_EQ(ReadSyncState(db()).count("BTC"), 0u);
  ExpectOnlyWholePages(3);

  const auto rerun = Ingest(3);
  EXPECT_EQ(rerun.exit_code, 0) << rerun.err << rerun.out;
  ExpectDatabaseExact(3);
}

// Attempt n of one URL waits at least base * 2^(n-1) after attempt n-1 failed.
TEST_F(RetryTest, ConsecutiveAttemptsOfOneUrlAreSpacedByTheGrowingBackoff) {
  StartFake(40);
  fake_->ScriptFault("/api/v3/klines", FaultKind::kHttp500, 3, "symbol=BTCUSDT&");
  const int base_ms = 100;
  const auto result = Ingest(1, {"--max-retries", "3", "--retry-base-ms", std::to_string(base_ms)});
  ASSERT_EQ(result.exit_code, 0) << result.err << result.out;
  ExpectDatabaseExact(1);
  const auto attempts = AttemptsOfFirstUrl("/api/v3/klines", "symbol=BTCUSDT&");
  ASSERT_EQ(attempts.size(), 4u);
  for (size_t n = 1; n < attempts.size(); ++n) {
    EXPECT_GE(attempts[n].at_ms_real - attempts[n - 1].at_ms_real, base_ms << (n - 1))
        << "attempt " << n + 1;
  }
}

TEST_F(RetryTest, Binance1121FailsTheCoinAfterOneRequestAndTheOthersComplete) {
  StartFake(40);
  const auto doge = Coin("DOGE");
  fake_->ScriptFault("/api/v3/klines", FaultKind::kBinanceUnknownSymbol, 1, "symbol=DOGEUSDT&");
  const auto result = Ingest(40);
  EXPECT_EQ(result.exit_code, 1) << result.err << result.out;
  EXPECT_EQ(RecordsFor("/api/v3/klines", "symbol=DOGEUSDT&").size(), 1u);
  const auto failures = SummaryFailures(result.out);
  ASSERT_EQ(failures.size(), 1u) << result.out;
  ASSERT_EQ(failures.count("DOGE"), 1u) << result.out;
  EXPECT_NE(failures.at("DOGE").find("-1121"), std::string::npos) << failures.at("DOGE");
  EXPECT_NE(failures.at("DOGE").find("Invalid symbol"), std::string::npos) << failures.at("DOGE");
  EXPECT_EQ(Diff(ReadOhlcv(db()), Expected(40, [](const Row& r) { return r.symbol != "DOGE"; })),
            "");

  // The next run fetches DOGE, and only DOGE.
  fake_->ClearRequests();
  const auto rerun = Ingest(40);
  EXPECT_EQ(rerun.exit_code, 0) << rerun.err << rerun.out;
  ExpectDatabaseExact(40);
  const size_t awaiting =
      CountAwaitingFirstDay(fake_->scenario(), 40, fake_->today(), Source::kBinance);
  EXPECT_EQ(RecordsFor("/api/v3/klines", "symbol=DOGEUSDT&").size() + awaiting,
            fake_->CountRequests("/api/v3/klines"));
  EXPECT_EQ(RecordsFor("/api/v3/klines", "symbol=DOGEUSDT&").size(),
            static_cast<size_t>((ExpectedDays(doge, fake_->today())->days() + 999) / 1000));
  EXPECT_EQ(fake_->CountRequests("/data/v2/histoday"), 0u);
}

TEST_F(RetryTest, CryptoCompareMarketThatDoesNotExistIsAskedOnceAndIsNoFailure) {
  StartFake(40);
  const auto result = Ingest(25);
  EXPECT_EQ(result.exit_code, 0) << result.err << result.out;
  EXPECT_EQ(RecordsFor("/data/v2/histoday", "fsym=WBT&").size(), 1u);
  EXPECT_NE(result.out.find("no market: 1 (WBT)"), std::string::npos) << result.out;
  EXPECT_TRUE(SummaryFailures(result.out).empty()) << result.out;
  ExpectDatabaseExact(25);
}

// A key that stops working mid-run (revoked): said once, no CryptoCompare request after it
// beyond those in flight, no per-coin retries; Binance coins still complete.
TEST_F(RetryTest, KeyRejectedMidRunIsSaidOnceAndEndsCryptoCompareWork) {
  fake::FaultOptions faults;
  // exchangeInfo held back long enough that the key is revoked before any histoday request even
  // on a loaded machine (400 ms was once too short under the full suite at -j2 with libfaketime).
  faults.slow_ms = 2000;
  faults.Script("/api/v3/exchangeInfo", FaultKind::kSlow);
  StartFake(40, faults);
  const pid_t pid = Spawn(Argv({}), Env(40), dir_.path() / "out.txt", dir_.path() / "err.txt");
  // The top list is answered (recorded on answer) long before exchangeInfo: revoke the key then.
  for (int i = 0; i < 10000 && fake_->CountRequests("/data/top/mktcapfull") == 0; ++i) {
    usleep(1000);
  }
  fake_->EditScenario([](fake::Scenario& s) { s.required_api_key = "another-key"; });
  const int exit_code = Wait(pid);
  const std::string out = ReadFile(dir_.path() / "out.txt");
  const std::string err = ReadFile(dir_.path() / "err.txt");
  EXPECT_EQ(exit_code, 1) << err << out;
  ASSERT_EQ(fake_->CountRequests("/api/v3/exchangeInfo"), 1u);
  EXPECT_EQ(CountOccurrences(err, "rejected the API key"), 1u) << err;
  EXPECT_EQ(err.find(kKey), std::string::npos);
  // Only the first wave (4 in flight at most) reached the provider, and none was retried.
  const auto histoday = Records("/data/v2/histoday");
  EXPECT_GE(histoday.size(), 1u);
  EXPECT_LE(histoday.size(), 4u);
  std::set<std::string> urls;
  for (const auto& record : histoday) {
    EXPECT_EQ(record.status, 401);
    EXPECT_TRUE(urls.insert(record.query).second) << "retried: " << record.query;
  }
  const auto failures = SummaryFailures(out);
  for (const auto& symbol : SymbolsOf(40, Source::kCryptoCompare)) {
    ASSERT_EQ(failures.count(symbol), 1u) << symbol << "\n" << out;
    EXPECT_NE(failures.at(symbol).find("rejected the API key"), std::string::npos);
  }
  for (const auto& symbol : SymbolsOf(40, Source::kBinance)) EXPECT_EQ(failures.count(symbol), 0u);
  EXPECT_EQ(Diff(ReadOhlcv(db()), Expected(40, [](const Row& r) { return r.source == "binance"; })),
            "");
}

TEST_F(RetryTest, Http451OnExchangeInfoStopsTheRunAndSuggestsTheDataApiHost) {
  fake::FaultOptions faults;
  faults.Script("/api/v3/exchangeInfo", FaultKind::kHttp451);
  StartFake(40, faults);
  const auto result = Ingest(40);
  EXPECT_EQ(result.exit_code, 4) << result.err << result.out;
  EXPECT_NE(result.err.find("BINANCE_BASE_URL=https://data-api.binance.vision"), std::string::npos)
      << result.err;
  EXPECT_EQ(fake_->CountRequests("/api/v3/exchangeInfo"), 1u);
  EXPECT_EQ(fake_->CountRequests("/api/v3/klines"), 0u);
  EXPECT_EQ(fake_->CountRequests("/data/v2/histoday"), 0u);
}

// A 451 on one klines request closes Binance for the run. Requests that were in flight then
// and fail afterwards (here: time out) are not retried against the refusing host.
TEST_F(RetryTest, Http451OnKlinesEndsBinanceWorkWithoutRetryingTheRequestsInFlight) {
  fake::FaultOptions faults;
  faults.slow_ms = 1500;
  faults.Script("/api/v3/klines", FaultKind::kHttp451);
  faults.Script("/api/v3/klines", FaultKind::kSlow, 3);
  StartFake(40, faults);
  // 8 in flight, alternating hosts: the first 4 klines go out together. The 3 slow ones time
  // out after the 451 closed Binance.
  const auto result =
      Ingest(Env(12, /*concurrency=*/8), {"--request-timeout", "1", "--retry-base-ms", "20"});
  EXPECT_EQ(result.exit_code, 1) << result.err << result.out;
  for (int i = 0; i < 5000 && WithFault(FaultKind::kSlow).size() < 3; ++i) usleep(1000);
  const auto klines = Records("/api/v3/klines");
  std::map<std::string, int> asked;
  for (const auto& record : klines) ++asked[record.query];
  for (const auto& [query, times] : asked) EXPECT_EQ(times, 1) << "retried: " << query;
  EXPECT_EQ(CountOccurrences(result.err, "data-api.binance.vision"), 1u) << result.err;

  const auto failures = SummaryFailures(result.out);
  const auto sync = ReadSyncState(db());
  std::set<std::string> failed_binance;
  for (const auto& record : klines) {
    if (record.status != 451 && !record.fault) continue;  // Answered before Binance closed.
    const std::string symbol = QueryParam(record.query, "symbol");
    failed_binance.insert(symbol.substr(0, symbol.size() - 4));  // Without "USDT".
  }
  EXPECT_EQ(failed_binance.size(), 4u);
  for (const auto& symbol : SymbolsOf(12, Source::kBinance)) {
    if (sync.count(symbol)) continue;
    ASSERT_EQ(failures.count(symbol), 1u) << symbol << "\n" << result.out;
    EXPECT_NE(failures.at(symbol).find("HTTP 451"), std::string::npos) << failures.at(symbol);
  }
  for (const auto& symbol : failed_binance) {
    const std::string coin = symbol == "IOTA" ? "MIOTA" : symbol;
    EXPECT_EQ(failures.count(coin), 1u) << coin << "\n" << result.out;
  }
  for (const auto& symbol : SymbolsOf(12, Source::kCryptoCompare)) {
    EXPECT_EQ(sync.count(symbol), 1u) << symbol;
  }
  ExpectOnlyWholePages(12);
}

// One coin per source fails for good in this run: the rest completes, the summary names both
// with their reasons, the exit code is 1; the next run fetches just those two.
TEST_F(RetryTest, FailedCoinsAreListedAndTheNextRunPicksThemUp) {
  StartFake(40);
  fake_->ScriptFault("/api/v3/klines", FaultKind::kHttp500, 1, "symbol=ETHUSDT&");
  fake_->ScriptFault("/data/v2/histoday", FaultKind::kHttp504, 1, "fsym=XMR&");
  const auto result = Ingest(40, {"--max-retries", "0"});
  EXPECT_EQ(result.exit_code, 1) << result.err << result.out;
  const auto failures = SummaryFailures(result.out);
  ASSERT_EQ(failures.size(), 2u) << result.out;
  ASSERT_EQ(failures.count("ETH"), 1u) << result.out;
  ASSERT_EQ(failures.count("XMR"), 1u) << result.out;
  EXPECT_NE(failures.at("ETH").find("HTTP 500"), std::string::npos) << failures.at("ETH");
  EXPECT_NE(failures.at("XMR").find("HTTP 504"), std::string::npos) << failures.at("XMR");
  EXPECT_NE(result.out.find("  ETH (binance): "), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("  XMR (cryptocompare): "), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("failures: 2"), std::string::npos) << result.out;
  EXPECT_EQ(Diff(ReadOhlcv(db()),
                 Expected(40, [](const Row& r) { return r.symbol != "ETH" && r.symbol != "XMR"; })),
            "");

  fake_->ClearRequests();
  const auto rerun = Ingest(40);
  EXPECT_EQ(rerun.exit_code, 0) << rerun.err << rerun.out;
  ExpectDatabaseExact(40);
  EXPECT_EQ(RecordsFor("/api/v3/klines", "symbol=ETHUSDT&").size() +
                CountAwaitingFirstDay(fake_->scenario(), 40, fake_->today(), Source::kBinance),
            fake_->CountRequests("/api/v3/klines"));
  EXPECT_EQ(RecordsFor("/data/v2/histoday", "fsym=XMR&").size(), 1u);
  EXPECT_EQ(fake_->CountRequests("/data/v2/histoday"), 1u);
  EXPECT_NE(rerun.out.find("failures: 0"), std::string::npos) << rerun.out;
}

}  // namespace
}  // namespace cryptoscope::testing
