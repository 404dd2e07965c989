// The store writer keeps the store's guarantees across its thread: order per coin, a failed page
// stops its coin only, bounded memory.
#include "cryptoscope/pipeline/store_writer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "cryptoscope/store/test_raw_db.h"
#include "cryptoscope/store/test_temp_dir.h"

namespace cryptoscope::pipeline {
namespace {

using store::D;
using store::MakeCandles;
using store::Row;
using store::Value;
using namespace std::chrono_literals;

class StoreWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::CandleStore::Open(path_);
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
  }

  // A page of `count` days from `first` whose marker is its last day.
  static WriteOp Page(const std::string& symbol, const char* first, int count, double seed) {
    std::vector<Candle> candles = MakeCandles(D(first), count, seed);
    const Day last = candles.back().day;
    return WriteOp{symbol, Source::kBinance,
                   PageOp{std::move(candles), last, DayRange{D(first), last}, {}}};
  }

  store::TestTempDir dir_;
  std::filesystem::path path_ = dir_.path() / "crypto.db";
  std::unique_ptr<store::CandleStore> store_;
};

TEST_F(StoreWriterTest, PagesCommitInTheOrderQueuedWithTheirMarkers) {
  StoreWriter writer(*store_, 1000);
  writer.Push(Page("BTC", "2024-01-01", 3, 100));
  writer.Push(Page("ETH", "2024-01-01", 2, 200));
  // Overlaps BTC's first page: the later page's values must win, as they were fetched later.
  writer.Push(Page("BTC", "2024-01-03", 3, 300));
  writer.Push(WriteOp{"BTC", Source::kBinance, CheckedOp{D("2024-01-06"), false}});
  const WriteTotals totals = writer.Finish();

  EXPECT_EQ(totals.rows_written, 8);
  EXPECT_TRUE(totals.failed.empty());
  EXPECT_GE(totals.cpu_s, 0.0);
  store::RawDb raw(path_);
  EXPECT_EQ(raw.Query("SELECT symbol, date, open FROM ohlcv ORDER BY symbol, date"),
            (std::vector<Row>{{std::string("BTC"), std::string("2024-01-01"), 100.1},
                              {std::string("BTC"), std::string("2024-01-02"), 101.1},
                              {std::string("BTC"), std::string("2024-01-03"), 300.1},
                              {std::string("BTC"), std::string("2024-01-04"), 301.1},
                              {std::string("BTC"), std::string("2024-01-05"), 302.1},
                              {std::string("ETH"), std::string("2024-01-01"), 200.1},
                              {std::string("ETH"), std::string("2024-01-02"), 201.1}}));
  EXPECT_EQ(raw.Query("SELECT symbol, synced_through, checked_on FROM sync_state ORDER BY 1"),
            (std::vector<Row>{
                {std::string("BTC"), std::string("2024-01-05"), std::string("2024-01-06")},
                {std::string("ETH"), std::string("2024-01-02"), std::monostate{}}}));
}

TEST_F(StoreWriterTest, AFailedPageSkipsTheLaterOpsOfItsCoinOnly) {
  store::RawDb raw(path_);
  // Day 19727 = 2024-01-05.
  ASSERT_EQ(D("2024-01-05").time_since_epoch().count(), 19727);
  raw.Exec(
      "CREATE TRIGGER fail_btc BEFORE INSERT ON candles "
      "WHEN NEW.series = (SELECT id FROM series WHERE symbol = 'BTC') AND NEW.day = 19727 "
      "BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
  StoreWriter writer(*store_, 1000);
  writer.Push(Page("BTC", "2024-01-01", 3, 100));
  writer.Push(Page("BTC", "2024-01-04", 3, 100));  // Fails at 2024-01-05.
  writer.Push(Page("ETH", "2024-01-01", 2, 200));
  writer.Push(Page("BTC", "2024-01-07", 3, 100));  // Would move the marker past the lost days.
  writer.Push(WriteOp{"BTC", Source::kBinance, CheckedOp{D("2024-01-10"), false}});
  const WriteTotals totals = writer.Finish();

  EXPECT_TRUE(writer.Failed("BTC"));
  EXPECT_FALSE(writer.Failed("ETH"));
  EXPECT_EQ(totals.rows_written, 5);
  ASSERT_EQ(totals.failed.size(), 1u);
  const CoinFailure& failure = totals.failed.at("BTC");
  EXPECT_EQ(failure.source, Source::kBinance);
  EXPECT_EQ(failure.reason,
            "write BTC 2024-01-04..2024-01-06: at 2024-01-05: injected failure");
  EXPECT_EQ(raw.Query("SELECT symbol, count(*), max(date) FROM ohlcv GROUP BY 1 ORDER BY 1"),
            (std::vector<Row>{{std::string("BTC"), int64_t{3}, std::string("2024-01-03")},
                              {std::string("ETH"), int64_t{2}, std::string("2024-01-02")}}));
  EXPECT_EQ(raw.Query("SELECT symbol, synced_through, checked_on FROM sync_state ORDER BY 1"),
            (std::vector<Row>{
                {std::string("BTC"), std::string("2024-01-03"), std::monostate{}},
                {std::string("ETH"), std::string("2024-01-02"), std::monostate{}}}));
}

TEST_F(StoreWriterTest, PushWaitsWhileTheQueueHoldsItsLimitOfCandles) {
  StoreWriter writer(*store_, 10);
  std::promise<void> release;
  std::promise<void> holding;
  // Holds the store, so the writer cannot finish the first page it takes.
  std::thread holder([&] {
    writer.RunLocked([&] {
      holding.set_value();
      release.get_future().wait();
    });
  });
  holding.get_future().wait();
  writer.Push(Page("BTC", "2024-01-01", 5, 100));  // Taken by the writer, waiting for the store.
  writer.Push(Page("ETH", "2024-01-01", 5, 200));  // 10 candles queued: the limit.
  std::atomic<bool> pushed{false};
  std::thread pusher([&] {
    writer.Push(Page("SOL", "2024-01-01", 1, 300));
    pushed = true;
  });
  std::this_thread::sleep_for(200ms);
  EXPECT_FALSE(pushed) << "a push over the limit must wait for the writer";
  release.set_value();
  holder.join();
  pusher.join();
  EXPECT_TRUE(pushed);
  EXPECT_EQ(writer.Finish().rows_written, 11);
}

TEST_F(StoreWriterTest, APageLargerThanTheLimitIsStillTakenAlone) {
  StoreWriter writer(*store_, 2);
  writer.Push(Page("BTC", "2024-01-01", 5, 100));
  writer.Push(Page("BTC", "2024-01-06", 5, 100));
  EXPECT_EQ(writer.Finish().rows_written, 10);
  store::RawDb raw(path_);
  EXPECT_EQ(raw.One("SELECT synced_through FROM sync_state WHERE symbol = 'BTC'"),
            Value(std::string("2024-01-10")));
}

}  // namespace
}  // namespace cryptoscope::pipeline
