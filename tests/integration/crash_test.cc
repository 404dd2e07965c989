// Crash safety (issue 3, part 4): an ingest killed with SIGKILL at any moment leaves a sound
// database holding only whole pages under their sync markers, and a rerun ends with exactly the
// database of a clean run. Readers can query while an ingest writes.
#include <signal.h>

#include "integration/fault_fixture.h"

namespace cryptoscope::testing {
namespace {

constexpr int kTopN = 40;

class CrashTest : public FaultFixture {
 protected:
  void StartSlowFake() {
    fake::Options options;
    options.latency_ms = 15;  // Long enough a run to kill it mid-way.
    StartFake(kTopN, {}, options);
  }
  size_t HistoryServed() const {
    return fake_->CountRequests("/api/v3/klines") + fake_->CountRequests("/data/v2/histoday");
  }
  // Waits (at most 20 s) until `count` history requests were answered.
  void AwaitHistory(size_t count) const {
    for (int i = 0; i < 40'000 && HistoryServed() < count; ++i) usleep(500);
  }
  pid_t SpawnIngest() {
    return Spawn(Argv({}), Env(kTopN, /*concurrency=*/2), dir_.path() / "killed.out",
                 dir_.path() / "killed.err");
  }
};

class KillTest : public CrashTest, public ::testing::WithParamInterface<size_t> {};

TEST_P(KillTest, KilledIngestLeavesASoundDatabaseThatARerunCompletesExactly) {
  StartSlowFake();
  const size_t served_before_kill = GetParam();
  const pid_t pid = SpawnIngest();
  AwaitHistory(served_before_kill);
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  ASSERT_EQ(Wait(pid), 128 + SIGKILL) << "the run ended before it could be killed";

  EXPECT_EQ(IntegrityCheck(db()), "ok");
  ExpectOnlyWholePages(kTopN);

  // The rerun asks nothing for coins already complete, and completes the rest.
  const auto sync = ReadSyncState(db());
  std::set<std::string> complete;
  for (const auto& coin : TopCoins(kTopN)) {
    const auto days = ExpectedDays(coin, fake_->today());
    auto it = sync.find(coin.symbol);
    if (days && it != sync.end() && it->second.synced_through == FormatDay(days->last)) {
      complete.insert(coin.binance_symbol());
      complete.insert(coin.symbol);
    }
  }
  fake_->ClearRequests();
  const auto rerun = Ingest(kTopN);
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err << rerun.out;
  ExpectDatabaseExact(kTopN);
  EXPECT_EQ(IntegrityCheck(db()), "ok");
  for (const auto& record : fake_->requests()) {
    const std::string symbol = record.path == "/api/v3/klines" ? QueryParam(record.query, "symbol")
                               : record.path == "/data/v2/histoday"
                                   ? QueryParam(record.query, "fsym")
                                   : "";
    if (!symbol.empty()) {
      EXPECT_EQ(complete.count(symbol), 0u) << "asked again: " << record.query;
    }
  }
}

// Killed after the first history answer, in the middle, and near the end.
INSTANTIATE_TEST_SUITE_P(AfterHistoryRequests, KillTest, ::testing::Values(1, 12, 30, 45));

// A separate connection reads during the ingest: it never waits for the writer, keeps a
// consistent snapshot inside its transaction, and sees progress after it.
TEST_F(CrashTest, ReaderQueriesWhileAnIngestWrites) {
  StartSlowFake();
  const pid_t pid = SpawnIngest();
  AwaitHistory(5);
  sqlite3* reader = nullptr;
  ASSERT_EQ(sqlite3_open_v2(db().c_str(), &reader, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_busy_timeout(reader, 2000);
  auto count_rows = [&](int& rc) {
    sqlite3_stmt* statement = nullptr;
    rc = sqlite3_prepare_v2(reader, "SELECT COUNT(*) FROM ohlcv", -1, &statement, nullptr);
    int64_t count = -1;
    if (rc == SQLITE_OK) {
      rc = sqlite3_step(statement);
      if (rc == SQLITE_ROW) {
        count = sqlite3_column_int64(statement, 0);
        rc = SQLITE_OK;
      }
    }
    sqlite3_finalize(statement);
    return count;
  };
  int rc = SQLITE_OK;
  ASSERT_EQ(sqlite3_exec(reader, "BEGIN", nullptr, nullptr, nullptr), SQLITE_OK);
  const int64_t in_snapshot = count_rows(rc);
  ASSERT_EQ(rc, SQLITE_OK) << sqlite3_errmsg(reader);
  AwaitHistory(30);  // The writer commits many pages meanwhile.
  EXPECT_EQ(count_rows(rc), in_snapshot);
  EXPECT_EQ(rc, SQLITE_OK) << sqlite3_errmsg(reader);
  ASSERT_EQ(sqlite3_exec(reader, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);

  int64_t last = count_rows(rc);
  EXPECT_EQ(rc, SQLITE_OK) << sqlite3_errmsg(reader);
  EXPECT_GT(last, in_snapshot);
  // Keep reading until the ingest ends: every query answers, counts never go back.
  int queries = 0;
  int status = 0;
  pid_t reaped = 0;
  for (; (reaped = waitpid(pid, &status, WNOHANG)) == 0; ++queries) {
    const int64_t now = count_rows(rc);
    EXPECT_EQ(rc, SQLITE_OK) << sqlite3_errmsg(reader);
    EXPECT_GE(now, last);
    last = std::max(last, now);
    usleep(2000);
  }
  sqlite3_close(reader);
  ASSERT_EQ(reaped, pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  EXPECT_GT(queries, 0);
  EXPECT_EQ(ReadFile(dir_.path() / "killed.err").find("error"), std::string::npos);
  ExpectDatabaseExact(kTopN);
}

}  // namespace
}  // namespace cryptoscope::testing
