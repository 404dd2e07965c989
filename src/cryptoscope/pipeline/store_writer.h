// The fetch phase's single writer: one thread that runs every store write, fed by a bounded
// queue, so the network thread reads and parses the next answer while SQLite commits the last.
//
// Guarantees (the store's, kept across the thread hop):
// - One writer: ops run one at a time on the writer thread, in the order they were queued, so a
//   coin's pages commit in the order they were fetched and its completion after its pages.
//   Writes from elsewhere during the phase (a ban, a venue's pacing) go through RunLocked().
// - A page is still one transaction with its known gaps and its sync marker (WritePage): a crash
//   or kill -9 loses at most pages still queued, whose marker never moved, so the next run asks
//   for those days again.
// - Once a page of a coin fails to commit, the coin's later ops are skipped: a later page's
//   marker would vouch for days the failed page did not store. Failed() tells the network thread
//   to stop fetching it; Finish() lists it.
// - Memory: Push() blocks while `max_queued_candles` candles wait (each page owns its candles).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "cryptoscope/core/types.h"
#include "cryptoscope/pipeline/report.h"
#include "cryptoscope/store/candle_store.h"

namespace cryptoscope::pipeline {

// store::CandleStore::WritePage, owning its data.
struct PageOp {
  std::vector<Candle> candles;  // Ascending, no day twice.
  std::optional<Day> synced_through;
  std::optional<DayRange> answered;
  std::vector<Day> gaps;
};
// store::CandleStore::MarkChecked; best effort (a failure costs an earlier check next run).
struct CheckedOp {
  Day checked_on;
  bool stale = false;
};
// store::CandleStore::SetNoMarket; best effort (a failure costs one request tomorrow).
struct NoMarketOp {
  std::optional<Day> checked_on;  // nullopt: the coin has a market now.
};

struct WriteOp {
  std::string symbol;
  Source source = Source::kBinance;
  std::variant<PageOp, CheckedOp, NoMarketOp> what;
};

struct WriteTotals {
  int64_t rows_written = 0;  // Candles in committed pages.
  double cpu_s = 0;          // The writer thread's CPU: SQLite, and the queue's handoffs.
  // Coins whose page failed to commit, by symbol; their later ops were skipped.
  std::map<std::string, CoinFailure> failed;
};

class StoreWriter {
 public:
  // Starts the writer thread. `store` must outlive the writer; while the writer lives, use the
  // store only through Push() and RunLocked().
  StoreWriter(store::CandleStore& store, int64_t max_queued_candles);
  // Finish() if not called yet. Never throws.
  ~StoreWriter();
  StoreWriter(const StoreWriter&) = delete;
  StoreWriter& operator=(const StoreWriter&) = delete;

  // Queues `op`; blocks while the queue holds `max_queued_candles` candles or more (a single
  // page larger than that is still taken, alone).
  void Push(WriteOp op);
  // A page of `symbol` failed to commit: stop fetching it.
  bool Failed(const std::string& symbol) const;
  // Runs `fn` on the calling thread while no op runs; `fn` may use the store.
  void RunLocked(const std::function<void()>& fn);
  // Runs every queued op, stops the thread and returns what was written. Later calls return the
  // same totals.
  WriteTotals Finish();

 private:
  void Loop();
  void Run(WriteOp& op);

  store::CandleStore& store_;
  const int64_t max_queued_candles_;

  mutable std::mutex queue_mutex_;  // Guards the members below it up to store_mutex_.
  std::condition_variable queued_;  // An op arrived, or the queue closed.
  std::condition_variable drained_;  // Candles left the queue.
  std::deque<WriteOp> queue_;
  int64_t queued_candles_ = 0;
  bool closed_ = false;
  std::set<std::string, std::less<>> failed_symbols_;

  std::mutex store_mutex_;  // Held while an op or a RunLocked() function uses the store.
  WriteTotals totals_;      // Written by the writer thread only; read after it joined.
  std::thread thread_;
  bool finished_ = false;
};

}  // namespace cryptoscope::pipeline
