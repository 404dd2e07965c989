// Days at the edge of a UTC day: a source that publishes late, days without trading, a coin that
// stops trading, a provider clock that is not this machine's. The database must end exact, with
// no day lost and none stored open.
#include <gtest/gtest.h>

#include <set>

#include "integration/fault_fixture.h"

namespace cryptoscope::testing {
namespace {

using fake::FaultKind;
using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

class DataTruthTest : public FaultFixture {
 protected:
  // Moves the fake's clock to `after` past UTC midnight of its current day.
  void SetTimeOfDay(std::chrono::milliseconds after) {
    fake_->SetNowMs(UnixMillis(fake_->today()) + after.count());
  }
  std::string SyncedThrough(const std::string& symbol) {
    const auto sync = ReadSyncState(db());
    return sync.count(symbol) ? sync.at(symbol).synced_through : "";
  }
  std::vector<std::string> KnownGaps(const std::string& symbol) {
    std::vector<std::string> out;
    for (const auto& row :
         Query(db(), fmt::format("SELECT date, source FROM known_gaps WHERE symbol = '{}' "
                                 "ORDER BY date",
                                 symbol))) {
      out.push_back(row.at(0) + " " + row.at(1));
    }
    return out;
  }
  size_t HistoryRequests() {
    return fake_->CountRequests("/api/v3/klines") + fake_->CountRequests("/data/v2/histoday");
  }
};

TEST_F(DataTruthTest, DayPublishedLateIsFetchedByTheNextRunNotLost) {
  // CryptoCompare publishes the day that just closed 40 minutes after midnight.
  StartFakeWith(40, [](fake::Scenario& s) { s.cc_publish_delay_ms = 40 * 60'000; });
  SetTimeOfDay(minutes(10));
  const Day today = fake_->today();
  const auto first = Ingest(40);
  ASSERT_EQ(first.exit_code, 0) << first.err << first.out;
  // Binance coins are complete; CryptoCompare coins stop at the day before yesterday.
  EXPECT_EQ(SyncedThrough("BTC"), FormatDay(today - days{1}));
  EXPECT_EQ(SyncedThrough("XMR"), FormatDay(today - days{2}));
  EXPECT_NE(first.out.find("awaiting newest days (asked again next run): "), std::string::npos)
      << first.out;
  EXPECT_NE(first.out.find("XMR"), std::string::npos) << first.out;
  EXPECT_EQ(Diff(ReadOhlcv(db()), Expected(40,
                                           [&](const Row& row) {
                                             return row.source == "binance" ||
                                                    row.date < FormatDay(today - days{1});
                                           })),
            "");

  // Half an hour later the day is out: one request per CryptoCompare coin, and it is complete.
  SetTimeOfDay(minutes(45));
  fake_->ClearRequests();
  const auto second = Ingest(40);
  ASSERT_EQ(second.exit_code, 0) << second.err << second.out;
  ExpectDatabaseExact(40);
  const auto cc = SymbolsOf(40, Source::kCryptoCompare);
  EXPECT_EQ(fake_->CountRequests("/data/v2/histoday"), cc.size());
  EXPECT_EQ(fake_->CountRequests("/api/v3/klines"),
            CountAwaitingFirstDay(fake_->scenario(), 40, today, Source::kBinance));
}

TEST_F(DataTruthTest, DaysWithoutTradingAreKnownGapsNeverAskedAgain) {
  const Day today = *ParseDay(kToday);
  const std::vector<Day> btc_gaps = {today - days{500}, today - days{499}, today - days{20}};
  const std::vector<Day> xmr_gaps = {today - days{30}};
  StartFakeWith(40, [&](fake::Scenario& s) {
    for (auto& coin : s.coins) {
      if (coin.symbol == "BTC") coin.missing_days = btc_gaps;
      if (coin.symbol == "XMR") coin.missing_days = xmr_gaps;
    }
  });
  const auto first = Ingest(40);
  ASSERT_EQ(first.exit_code, 0) << first.err << first.out;
  ExpectDatabaseExact(40);
  EXPECT_EQ(KnownGaps("BTC"), (std::vector<std::string>{FormatDay(btc_gaps[0]) + " binance",
                                                        FormatDay(btc_gaps[1]) + " binance",
                                                        FormatDay(btc_gaps[2]) + " binance"}));
  EXPECT_EQ(KnownGaps("XMR"), std::vector<std::string>{FormatDay(xmr_gaps[0]) + " cryptocompare"});
  EXPECT_EQ(Query(db(), "SELECT count(*) FROM known_gaps").at(0).at(0), "4");
  EXPECT_NE(first.out.find("known gaps found (days without trading, not asked again): 4"),
            std::string::npos)
      << first.out;

  fake_->ClearRequests();
  const auto rerun = Ingest(40);
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err << rerun.out;
  EXPECT_EQ(HistoryRequests(),
            CountAwaitingFirstDay(fake_->scenario(), 40, today, Source::kBinance));
  EXPECT_EQ(Query(db(), "SELECT count(*) FROM known_gaps").at(0).at(0), "4");
}

TEST_F(DataTruthTest, CoinThatStopsTradingTurnsStaleAndIsAskedOnceAWeek) {
  const Day today = *ParseDay(kToday);
  StartFakeWith(40, [&](fake::Scenario& s) {
    for (auto& coin : s.coins) {
      if (coin.symbol != "DOGE") continue;
      for (Day day = today - days{40}; day < today + days{30}; day += days{1}) {
        coin.missing_days.push_back(day);
      }
    }
  });
  const auto first = Ingest(40);
  ASSERT_EQ(first.exit_code, 0) << first.err << first.out;
  ExpectDatabaseExact(40);
  EXPECT_EQ(SyncedThrough("DOGE"), FormatDay(today - days{41}));
  EXPECT_NE(first.out.find("stale (no new candle for 30+ days; checked every 7 days): 1 (DOGE)"),
            std::string::npos)
      << first.out;
  EXPECT_EQ(Query(db(), "SELECT stale_since, checked_on FROM sync_state WHERE symbol = 'DOGE'"),
            (std::vector<std::vector<std::string>>{{std::string(kToday), std::string(kToday)}}));

  // The next six days DOGE costs nothing; on the seventh it is asked once.
  for (int day = 1; day <= 7; ++day) {
    fake_->AdvanceDays(1);
    fake_->ClearRequests();
    const auto run = Ingest(40);
    ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
    const auto klines = Records("/api/v3/klines");
    const bool doge_asked = std::any_of(klines.begin(), klines.end(), [](const auto& record) {
      return record.query.find("symbol=DOGEUSDT&") != std::string::npos;
    });
    EXPECT_EQ(doge_asked, day == 7) << "day " << day;
    EXPECT_NE(run.out.find("DOGE"), std::string::npos) << run.out;  // Listed as stale.
  }
  EXPECT_EQ(SyncedThrough("DOGE"), FormatDay(today - days{41}));
}

TEST_F(DataTruthTest, WithoutBinanceTheProvidersDateHeaderDecidesTodayNotTheMachinesClock) {
  StartFake(40);
  ASSERT_EQ(Ingest(40).exit_code, 0);
  // Two days later, just after midnight by the providers' clock (the machine's is days away),
  // Binance answers 451 to exchangeInfo: no serverTime.
  fake_->AdvanceDays(2);
  SetTimeOfDay(minutes(1));
  const Day today = fake_->today();
  fake_->ScriptFault("/api/v3/exchangeInfo", FaultKind::kHttp451, 1);
  const auto result = Ingest(40);
  EXPECT_EQ(result.exit_code, 1) << result.err << result.out;
  // CryptoCompare coins hold exactly the closed days through yesterday: none open, none lost.
  const auto cc = SymbolsOf(40, Source::kCryptoCompare);
  const std::set<std::string> cc_set(cc.begin(), cc.end());
  const auto in_cc = [&](const Row& row) { return cc_set.count(row.symbol) > 0; };
  std::vector<Row> actual = ReadOhlcv(db());
  std::erase_if(actual, [&](const Row& row) { return !in_cc(row); });
  EXPECT_EQ(Diff(actual, Expected(40, in_cc)), "");
  for (const auto& symbol : cc) EXPECT_EQ(SyncedThrough(symbol), FormatDay(today - days{1}));
}

TEST_F(DataTruthTest, ProviderWhoseClockIsBehindKeepsItsOpenDayOutOfTheDatabase) {
  // Two minutes after midnight by Binance's clock; CryptoCompare's runs five minutes behind and
  // still serves yesterday as its open, moving candle.
  StartFakeWith(40, [](fake::Scenario& s) { s.cc_clock_offset_ms = -5 * 60'000; });
  SetTimeOfDay(minutes(2));
  const Day today = fake_->today();
  const auto first = Ingest(40);
  ASSERT_EQ(first.exit_code, 0) << first.err << first.out;
  EXPECT_EQ(SyncedThrough("XMR"), FormatDay(today - days{2}));
  EXPECT_EQ(Query(db(), fmt::format("SELECT count(*) FROM ohlcv WHERE date = '{}' AND source = "
                                    "'cryptocompare'",
                                    FormatDay(today - days{1})))
                .at(0)
                .at(0),
            "0");
  // Ten minutes later CryptoCompare's day has closed too: the next run completes it exactly.
  SetTimeOfDay(minutes(12));
  const auto second = Ingest(40);
  ASSERT_EQ(second.exit_code, 0) << second.err << second.out;
  ExpectDatabaseExact(40);
}

}  // namespace
}  // namespace cryptoscope::testing
