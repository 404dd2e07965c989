#include "cryptoscope/pipeline/store_writer.h"

#include <pthread.h>
#include <spdlog/spdlog.h>

#include <type_traits>
#include <utility>

#include "cryptoscope/pipeline/thread_cpu.h"

namespace cryptoscope::pipeline {
namespace {

int64_t CandlesOf(const WriteOp& op) {
  const auto* page = std::get_if<PageOp>(&op.what);
  return page ? static_cast<int64_t>(page->candles.size()) : 0;
}

}  // namespace

StoreWriter::StoreWriter(store::CandleStore& store, int64_t max_queued_candles)
    : store_(store), max_queued_candles_(max_queued_candles), thread_([this] { Loop(); }) {
  // `top -H` and perf then tell the writer from the network thread. Cosmetic: errors ignored.
  (void)pthread_setname_np(thread_.native_handle(), "cs-store");
}

StoreWriter::~StoreWriter() { (void)Finish(); }

void StoreWriter::Push(WriteOp op) {
  const int64_t candles = CandlesOf(op);
  std::unique_lock lock(queue_mutex_);
  drained_.wait(lock, [&] {
    return queue_.empty() || queued_candles_ + candles <= max_queued_candles_;
  });
  queued_candles_ += candles;
  queue_.push_back(std::move(op));
  queued_.notify_one();
}

bool StoreWriter::Failed(const std::string& symbol) const {
  std::lock_guard lock(queue_mutex_);
  return failed_symbols_.contains(symbol);
}

void StoreWriter::RunLocked(const std::function<void()>& fn) {
  std::lock_guard lock(store_mutex_);
  fn();
}

WriteTotals StoreWriter::Finish() {
  if (!finished_) {
    {
      std::lock_guard lock(queue_mutex_);
      closed_ = true;
    }
    queued_.notify_one();
    thread_.join();
    finished_ = true;
  }
  return totals_;
}

void StoreWriter::Loop() {
  const double cpu_start = ThreadCpuSeconds();
  for (;;) {
    WriteOp op;
    {
      std::unique_lock lock(queue_mutex_);
      queued_.wait(lock, [&] { return closed_ || !queue_.empty(); });
      if (queue_.empty()) break;  // Closed, and every op has run.
      op = std::move(queue_.front());
      queue_.pop_front();
    }
    Run(op);
    {
      std::lock_guard lock(queue_mutex_);
      queued_candles_ -= CandlesOf(op);
    }
    drained_.notify_all();
  }
  totals_.cpu_s = ThreadCpuSeconds() - cpu_start;
}

void StoreWriter::Run(WriteOp& op) {
  if (totals_.failed.contains(op.symbol)) return;  // An earlier page of the coin failed.
  std::lock_guard store_lock(store_mutex_);
  std::visit(
      [&](auto& what) {
        using Op = std::decay_t<decltype(what)>;
        if constexpr (std::is_same_v<Op, PageOp>) {
          auto written = store_.WritePage(store::PageWrite{op.symbol, op.source, what.candles,
                                                           what.synced_through, what.answered,
                                                           what.gaps});
          if (written) {
            totals_.rows_written += static_cast<int64_t>(what.candles.size());
            return;
          }
          // The store's message names the coin and the days: "write BTC 2024-01-04..06: ...".
          const std::string& reason = written.error().message;
          spdlog::warn("{} failed: {}", op.symbol, reason);
          totals_.failed.emplace(op.symbol, CoinFailure{op.symbol, op.source, reason});
          std::lock_guard lock(queue_mutex_);
          failed_symbols_.insert(op.symbol);
        } else if constexpr (std::is_same_v<Op, CheckedOp>) {
          if (auto marked = store_.MarkChecked(op.symbol, what.checked_on, what.stale); !marked) {
            spdlog::warn("{}", marked.error().message);  // Only costs an earlier check next run.
          }
        } else {
          if (auto saved = store_.SetNoMarket(op.symbol, what.checked_on); !saved) {
            spdlog::warn("{}", saved.error().message);  // Only costs a request tomorrow.
          }
        }
      },
      op.what);
}

}  // namespace cryptoscope::pipeline
