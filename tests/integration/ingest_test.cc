// The real binary against the fake exchange: the database must hold exactly the closed candles
// of each coin's routed source, with the fewest requests, on a first run and on later runs.
#include <gtest/gtest.h>

#include "cryptoscope/store/candle_store.h"
#include "integration/harness.h"

namespace cryptoscope::testing {
namespace {

constexpr const char* kKey = "test-key-9f8e7d6c5b4a";

class IngestTest : public ::testing::Test {
 protected:
  void SetUp() override { StartFake(40); }

  void StartFake(int coins, fake::Options options = {}) {
    fake::Scenario scenario = fake::GenerateScenario(coins, /*seed=*/7, *ParseDay("2026-11-25"));
    scenario.required_api_key = kKey;
    fake_.reset();
    fake_ = std::make_unique<fake::FakeExchange>(std::move(scenario), options);
  }

  std::map<std::string, std::string> Env(int top_n) const {
    return {{"CRYPTOCOMPARE_API_KEY", kKey},         {"DB_PATH", db().string()},
            {"TOP_N", std::to_string(top_n)},        {"MAX_CONCURRENCY", "4"},
            {"BINANCE_BASE_URL", fake_->base_url()}, {"CRYPTOCOMPARE_BASE_URL", fake_->base_url()}};
  }

  RunResult Ingest(std::map<std::string, std::string> env, std::vector<std::string> args = {}) {
    std::vector<std::string> argv = {CRYPTOSCOPE_BINARY, "ingest", "--progress", "lines"};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunProgram(argv, env, dir_);
  }

  RunResult Ingest(int top_n) { return Ingest(Env(top_n)); }

  std::filesystem::path db() const { return dir_.path() / "crypto.db"; }

  void ExpectDatabaseMatchesFake(int top_n) {
    const auto expected = ExpectedRows(fake_->scenario(), top_n, fake_->today());
    const auto actual = ReadOhlcv(db());
    ASSERT_EQ(actual.size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
      ASSERT_EQ(actual[i], expected[i]) << "row " << i;
    }
  }

  TempDir dir_;
  std::unique_ptr<fake::FakeExchange> fake_;
};

TEST_F(IngestTest, FirstRunStoresExactlyTheClosedCandlesOfEachRoutedSource) {
  const int top_n = 40;
  const auto result = Ingest(top_n);
  ASSERT_EQ(result.exit_code, 0) << result.err << result.out;
  ExpectDatabaseMatchesFake(top_n);
  EXPECT_NE(result.out.find("total runtime:"), std::string::npos);
}

TEST_F(IngestTest, FirstRunMakesTheMinimalNumberOfRequests) {
  const int top_n = 40;
  ASSERT_EQ(Ingest(top_n).exit_code, 0);
  const auto scenario = fake_->scenario();
  EXPECT_EQ(fake_->CountRequests("/data/top/mktcapfull"), 1u);
  EXPECT_EQ(fake_->CountRequests("/api/v3/exchangeInfo"), 1u);
  EXPECT_EQ(fake_->CountRequests("/api/v3/klines"),
            MinimalKlinesRequests(scenario, top_n, fake_->today()));
  EXPECT_EQ(fake_->CountRequests("/data/v2/histoday"),
            CountWithSource(scenario, top_n, Source::kCryptoCompare));
}

TEST_F(IngestTest, SymbolsTableHoldsRankSourceAndPair) {
  ASSERT_EQ(Ingest(40).exit_code, 0);
  const auto ranked = fake::RankedCoins(fake_->scenario());
  const auto rows = Query(db(), "SELECT symbol, rank, source, pair FROM symbols ORDER BY rank");
  ASSERT_EQ(rows.size(), 40u);
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& coin = ranked[i];
    EXPECT_EQ(rows[i][0], coin.symbol);
    EXPECT_EQ(rows[i][1], std::to_string(i + 1));
    const bool binance = ExpectedSource(coin) == Source::kBinance;
    EXPECT_EQ(rows[i][2], binance ? "binance" : "cryptocompare") << coin.symbol;
    EXPECT_EQ(rows[i][3], binance ? coin.binance_symbol() : coin.symbol + "-USD");
  }
}

TEST_F(IngestTest, RerunAsksOnlyForCoinsWithoutADeliveredDay) {
  ASSERT_EQ(Ingest(40).exit_code, 0);
  fake_->ClearRequests();
  const auto result = Ingest(40);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  // Only NEWT (listed today, no closed day yet) is asked again; every other coin is up to date.
  const Day today = fake_->today();
  EXPECT_EQ(CountAwaitingFirstDay(fake_->scenario(), 40, today, Source::kBinance), 1u);
  EXPECT_EQ(fake_->CountRequests("/api/v3/klines"),
            CountAwaitingFirstDay(fake_->scenario(), 40, today, Source::kBinance));
  EXPECT_EQ(fake_->CountRequests("/data/v2/histoday"),
            CountAwaitingFirstDay(fake_->scenario(), 40, today, Source::kCryptoCompare));
  EXPECT_NE(result.out.find("awaiting newest days (asked again next run): 1 (NEWT)"),
            std::string::npos)
      << result.out;
  ExpectDatabaseMatchesFake(40);
}

TEST_F(IngestTest, AfterTheClockAdvancesOneRequestPerCoinBringsExactlyTheNewDays) {
  ASSERT_EQ(Ingest(40).exit_code, 0);
  const auto before = ReadOhlcv(db()).size();
  fake_->AdvanceDays(3);
  fake_->ClearRequests();
  const auto result = Ingest(40);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  ExpectDatabaseMatchesFake(40);
  EXPECT_GT(ReadOhlcv(db()).size(), before);
  EXPECT_EQ(fake_->CountRequests("/api/v3/klines"),
            CountWithSource(fake_->scenario(), 40, Source::kBinance));
  EXPECT_EQ(fake_->CountRequests("/data/v2/histoday"),
            CountWithSource(fake_->scenario(), 40, Source::kCryptoCompare));
}

TEST_F(IngestTest, APageThatFailsToCommitFailsItsCoinOnlyAndTheNextRunCompletesIt) {
  const int top_n = 40;
  // The most valuable coin trades on Binance with several klines pages of history.
  const std::string symbol = fake::RankedCoins(fake_->scenario())[0].symbol;
  std::vector<Row> history;
  for (const Row& row : ExpectedRows(fake_->scenario(), top_n, fake_->today())) {
    if (row.symbol == symbol) history.push_back(row);
  }
  ASSERT_GT(history.size(), 2000u);
  ASSERT_EQ(history.front().source, "binance");
  {  // The schema, then a trigger that refuses one day of the second page (days 1001-2000).
    ASSERT_TRUE(store::CandleStore::Open(db()));
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(db().c_str(), &raw), SQLITE_OK);
    const std::optional<Day> refused = ParseDay(history[1500].date);
    ASSERT_TRUE(refused);
    const std::string trigger = fmt::format(
        "CREATE TRIGGER refuse BEFORE INSERT ON candles "
        "WHEN NEW.series = (SELECT id FROM series WHERE symbol = '{}') AND NEW.day = {} "
        "BEGIN SELECT RAISE(ABORT, 'disk says no'); END",
        symbol, refused->time_since_epoch().count());
    ASSERT_EQ(sqlite3_exec(raw, trigger.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(raw);
  }

  const auto failed = Ingest(top_n);
  EXPECT_EQ(failed.exit_code, 1) << failed.err << failed.out;
  EXPECT_NE(failed.out.find(fmt::format("failures: 1")), std::string::npos) << failed.out;
  EXPECT_NE(failed.out.find("disk says no"), std::string::npos) << failed.out;
  // The first page stands with its marker; nothing after the refused page was stored, though
  // its later pages may have been fetched meanwhile.
  std::vector<Row> stored;
  for (const Row& row : ReadOhlcv(db())) {
    if (row.symbol == symbol) stored.push_back(row);
  }
  EXPECT_EQ(stored, std::vector<Row>(history.begin(), history.begin() + 1000));
  EXPECT_EQ(Query(db(), fmt::format("SELECT synced_through, checked_on FROM sync_state "
                                    "WHERE symbol = '{}'",
                                    symbol)),
            (std::vector<std::vector<std::string>>{{history[999].date, "NULL"}}));
  // Every other coin is complete.
  std::vector<Row> others;
  for (const Row& row : ReadOhlcv(db())) {
    if (row.symbol != symbol) others.push_back(row);
  }
  std::vector<Row> expected_others;
  for (const Row& row : ExpectedRows(fake_->scenario(), top_n, fake_->today())) {
    if (row.symbol != symbol) expected_others.push_back(row);
  }
  EXPECT_EQ(others, expected_others);

  {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(db().c_str(), &raw), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(raw, "DROP TRIGGER refuse", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(raw);
  }
  fake_->ClearRequests();
  const auto rerun = Ingest(top_n);
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err << rerun.out;
  ExpectDatabaseMatchesFake(top_n);
  // The coin resumes after its marker (pages of 1000 days); only NEWT is asked besides.
  const size_t pages = (history.size() - 1000 + 999) / 1000;
  EXPECT_EQ(fake_->CountRequests("/api/v3/klines"),
            pages + CountAwaitingFirstDay(fake_->scenario(), top_n, fake_->today(),
                                          Source::kBinance));
}

TEST_F(IngestTest, CoinLeavingTheTopNKeepsItsHistoryWithoutRank) {
  ASSERT_EQ(Ingest(40).exit_code, 0);
  const auto rows_before = ReadOhlcv(db()).size();
  ASSERT_EQ(Ingest(30).exit_code, 0);
  EXPECT_EQ(ReadOhlcv(db()).size(), rows_before);
  const auto unranked = Query(db(), "SELECT COUNT(*) FROM symbols WHERE rank IS NULL");
  EXPECT_EQ(unranked.at(0).at(0), "10");
}

TEST_F(IngestTest, TopNBeyondTheListTakesEveryListedCoin) {
  const auto result = Ingest(250);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(fake_->CountRequests("/data/top/mktcapfull"), 3u);
  ExpectDatabaseMatchesFake(40);
}

TEST_F(IngestTest, ShiftingListIsDedupedAndTheShortfallFetched) {
  StartFake(250);
  fake::FaultOptions faults;
  faults.toplist_shift = true;  // Page 1 repeats the last coin of page 0.
  fake_->SetFaults(faults);
  const auto result = Ingest(200);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto symbols =
      Query(db(), "SELECT COUNT(*), COUNT(DISTINCT symbol), MAX(rank) FROM symbols");
  EXPECT_EQ(symbols.at(0), (std::vector<std::string>{"200", "200", "200"}));
  // Two pages gave 199 distinct coins; one more page makes up the shortfall.
  EXPECT_EQ(fake_->CountRequests("/data/top/mktcapfull"), 3u);
}

TEST_F(IngestTest, WithoutBinancesPairListCryptoCompareCoinsAreStillUpdated) {
  // Without exchangeInfo the client has only its own clock: run the fake on real time.
  const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  fake_->SetNowMs(now_ms - kMillisPerDay);
  ASSERT_EQ(Ingest(40).exit_code, 0);
  const auto before = ReadOhlcv(db());
  const auto routes = Query(db(), "SELECT symbol, source FROM symbols");
  fake_->SetNowMs(now_ms);
  fake_->ClearRequests();
  fake_->ScriptFault("/api/v3/exchangeInfo", fake::FaultKind::kHttp451);
  const auto result = Ingest(40);
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_EQ(fake_->CountRequests("/api/v3/klines"), 0u);

  // Binance coins keep what they had and are listed as failed; every CryptoCompare coin (by its
  // last route) gains exactly the new closed day.
  std::vector<Row> expected = before;
  size_t cryptocompare_coins = 0, binance_coins = 0;
  const Day yesterday = fake_->today() - std::chrono::days{1};
  for (const auto& route : routes) {
    if (route[1] == "binance") {
      ++binance_coins;
      continue;
    }
    ++cryptocompare_coins;
    for (const auto& coin : fake::RankedCoins(fake_->scenario())) {
      if (coin.symbol == route[0] && coin.cc_market_exists && coin.cc_first_day <= yesterday) {
        expected.push_back(ExpectedRow(coin, Source::kCryptoCompare, yesterday));
      }
    }
  }
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(ReadOhlcv(db()), expected);
  EXPECT_EQ(fake_->CountRequests("/data/v2/histoday"), cryptocompare_coins);
  EXPECT_NE(result.out.find(fmt::format("failures: {}", binance_coins)), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("not fetched: binance exchangeInfo"), std::string::npos);
  EXPECT_EQ(Query(db(), "SELECT COUNT(*) FROM symbols WHERE rank IS NOT NULL").at(0).at(0), "40");
}

TEST_F(IngestTest, WithoutBinancesPairListAFirstRunStops) {
  fake_->ScriptFault("/api/v3/exchangeInfo", fake::FaultKind::kHttp451);
  const auto result = Ingest(40);
  EXPECT_EQ(result.exit_code, 4) << result.err;
  EXPECT_NE(result.err.find("data-api.binance.vision"), std::string::npos) << result.err;
  EXPECT_EQ(fake_->CountRequests("/data/v2/histoday"), 0u);
}

TEST_F(IngestTest, ApiKeyNeverLeavesTheAuthorizationHeader) {
  const auto result = Ingest(40);
  ASSERT_EQ(result.exit_code, 0);
  EXPECT_EQ(fake_->CountKeyInUrl(), 0u);
  for (const auto& request : fake_->requests()) {
    EXPECT_EQ(request.query.find(kKey), std::string::npos);
  }
  EXPECT_EQ(result.out.find(kKey), std::string::npos);
  EXPECT_EQ(result.err.find(kKey), std::string::npos);
  const std::string db_bytes = ReadFile(db());
  EXPECT_EQ(db_bytes.find(kKey), std::string::npos);
}

TEST_F(IngestTest, RejectedKeyStopsTheRunWithAClearMessage) {
  auto env = Env(40);
  env["CRYPTOCOMPARE_API_KEY"] = "wrong-key";
  const auto result = Ingest(env);
  EXPECT_EQ(result.exit_code, 4);
  EXPECT_NE(result.err.find("rejected the API key"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("wrong-key"), std::string::npos);
  // Discovery failed: no coin was asked for, so no CryptoCompare request beyond the first page.
  EXPECT_EQ(fake_->CountRequests("/data/v2/histoday"), 0u);
}

TEST_F(IngestTest, SecondIngestOnTheSameDatabaseIsRefused) {
  auto slow = Env(40);
  fake_->SetFaults([] {
    fake::FaultOptions faults;
    faults.Script("/api/v3/exchangeInfo", fake::FaultKind::kSlow);
    faults.slow_ms = 1500;
    return faults;
  }());
  const pid_t first = Spawn({CRYPTOSCOPE_BINARY, "ingest", "--progress", "none"}, slow,
                            dir_.path() / "first.out", dir_.path() / "first.err");
  // Wait until the first one is certainly running (it has asked for exchangeInfo).
  for (int i = 0; i < 200 && fake_->CountRequests("/data/top/mktcapfull") == 0; ++i) usleep(10'000);
  const auto second = Ingest(40);
  EXPECT_EQ(second.exit_code, 3) << second.err;
  EXPECT_NE(second.err.find("another ingest is running"), std::string::npos) << second.err;
  EXPECT_EQ(Wait(first), 0) << ReadFile(dir_.path() / "first.err");
  ExpectDatabaseMatchesFake(40);
}

}  // namespace
}  // namespace cryptoscope::testing
