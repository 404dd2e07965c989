#include "cryptoscope/pipeline/coin_fetcher.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "cryptoscope/pipeline/thread_cpu.h"
#include "cryptoscope/plan/plan.h"

namespace cryptoscope::pipeline {

CoinFetcher::CoinFetcher(fetch::Engine& engine, StoreWriter& writer,
                         const source::HistorySource& binance,
                         const source::HistorySource& cryptocompare, int64_t now_ms,
                         const std::map<std::string, Day>& no_market, Progress& progress,
                         RunReport& report)
    : engine_(engine),
      writer_(writer),
      now_ms_(now_ms),
      no_market_(no_market),
      progress_(progress),
      report_(report) {
  AddSource(binance);
  AddSource(cryptocompare);
}

fetch::Host HostOf(Source source) {
  switch (source) {
    case Source::kBinance:
      return fetch::Host::kBinance;
    case Source::kCryptoCompare:
      return fetch::Host::kCryptoCompare;
    case Source::kOkx:
      return fetch::Host::kOkx;
    case Source::kBybit:
      return fetch::Host::kBybit;
  }
  return fetch::Host::kBinance;
}

void CoinFetcher::AddSource(const source::HistorySource& source) {
  sources_[static_cast<size_t>(source.id())] = &source;
}

const source::HistorySource& CoinFetcher::SourceFor(Source source) const {
  return *sources_[static_cast<size_t>(source)];
}

int64_t CoinFetcher::AnswerNowMillis(const fetch::Response& response) const {
  // Each answer is also read by its own server's clock: a provider whose day has not ended yet
  // (its clock behind the run's) serves that day still open, and it must not be stored as
  // closed. The Date header counts whole seconds, hence the 999 ms.
  if (const auto date = response.Header("date")) {
    if (const auto millis = fetch::HttpDateMillis(*date)) return std::min(now_ms_, *millis + 999);
  }
  return now_ms_;
}

void CoinFetcher::Fetch(FetchPlan plan) {
  auto job = std::make_shared<CoinJob>();
  job->next_from = plan.range->first;
  job->plan = std::move(plan);
  fetch::Request request = SourceFor(job->plan.routed.source).FirstRequest(job->plan);
  Submit(std::move(job), std::move(request));
}

void CoinFetcher::Submit(std::shared_ptr<CoinJob> job, fetch::Request request) {
  engine_.Submit(
      std::move(request), [this, job](fetch::Response& response) { return OnPage(job, response); },
      [this, job](const Error& error) { OnFailure(job->plan, error); });
}

Status CoinFetcher::OnPage(std::shared_ptr<CoinJob> job, const fetch::Response& response) {
  const FetchPlan& plan = job->plan;
  if (writer_.Failed(plan.routed.coin.symbol)) {
    // An earlier page did not commit: this answer is dropped, as its marker would vouch for the
    // failed page's days, and the coin ends here (AddWriteTotals reports it).
    progress_.CoinDone(true);
    return {};
  }
  const source::HistorySource& source = SourceFor(plan.routed.source);
  const double parse_start = ThreadCpuSeconds();
  auto page = source.ReadPage(plan, response, AnswerNowMillis(response));
  report_.parse_cpu_s += ThreadCpuSeconds() - parse_start;
  if (!page) {
    spdlog::warn("{}", page.error().message);  // Rejected, never stored; the engine retries.
    return tl::unexpected(page.error());
  }
  std::optional<fetch::Request> next = std::move(page->next);
  if (source.newest_first()) {
    OnNewestFirstPage(*job, *page, /*last_page=*/!next);
  } else {
    source::Delivery delivery = source::Settle(
        job->first_page && plan.backfill ? std::nullopt : std::optional(job->next_from), *page);
    // The rows, the known gaps and the sync marker commit together (one WritePage): a crash never
    // leaves a page half-written, and the marker never vouches for a day that is neither stored
    // nor a known gap.
    job->first_page = false;
    if (delivery.synced_through) {
      job->delivered = delivery.synced_through;
      job->next_from = *delivery.synced_through + std::chrono::days{1};
    }
    job->gap_days += static_cast<int64_t>(delivery.gaps.size());
    progress_.RowsWritten(static_cast<int64_t>(page->candles.size()));
    writer_.Push(WriteOp{plan.routed.coin.symbol, plan.routed.source,
                         PageOp{std::move(page->candles), delivery.synced_through,
                                delivery.answered, std::move(delivery.gaps)}});
  }
  if (next) {
    Submit(std::move(job), std::move(*next));
  } else {
    Finish(*job);
  }
  return {};
}

void CoinFetcher::OnNewestFirstPage(CoinJob& job, source::Page& page, bool last_page) {
  const FetchPlan& plan = job.plan;
  const std::string& symbol = plan.routed.coin.symbol;
  for (const Candle& candle : page.candles) job.walked_days.push_back(candle.day);
  if (page.delivered_through) {
    job.delivered =
        std::max(job.delivered.value_or(*page.delivered_through), *page.delivered_through);
  }
  progress_.RowsWritten(static_cast<int64_t>(page.candles.size()));
  job.first_page = false;
  // Rows first, marker untouched: until the walk reaches the range's first day, the days between
  // it and this page are unknown, so a crash here only means asking for them again.
  if (!page.candles.empty()) {
    writer_.Push(WriteOp{symbol, plan.routed.source,
                         PageOp{std::move(page.candles), std::nullopt, std::nullopt, {}}});
  }
  if (!last_page || !job.delivered) return;
  // The last page: the walk covers the range up to the newest day delivered.
  source::Page walked;
  std::sort(job.walked_days.begin(), job.walked_days.end());
  walked.candles.reserve(job.walked_days.size());
  for (Day day : job.walked_days) {
    Candle candle;
    candle.day = day;
    walked.candles.push_back(candle);
  }
  walked.delivered_through = job.delivered;
  source::Delivery delivery =
      source::Settle(plan.backfill ? std::nullopt : std::optional(plan.range->first), walked);
  job.gap_days += static_cast<int64_t>(delivery.gaps.size());
  writer_.Push(WriteOp{symbol, plan.routed.source,
                       PageOp{{}, delivery.synced_through, delivery.answered,
                              std::move(delivery.gaps)}});
}

void CoinFetcher::Finish(const CoinJob& job) {
  const FetchPlan& plan = job.plan;
  const std::string& symbol = plan.routed.coin.symbol;
  ++report_.updated;
  finished_.insert(symbol);
  progress_.CoinDone(false);
  if (no_market_.count(symbol) > 0) {
    writer_.Push(WriteOp{symbol, plan.routed.source, NoMarketOp{std::nullopt}});
  }
  if (job.gap_days > 0) report_.known_gaps.push_back({symbol, job.gap_days});
  // The newest day the store now holds for the coin: delivered now, or before this run.
  std::optional<Day> through = job.delivered;
  if (!through && !plan.backfill) through = plan.range->first - std::chrono::days{1};
  const Day today = DayFromUnixMillis(now_ms_);
  const bool stale = through && plan::IsStale(*through, today);
  if (through) writer_.Push(WriteOp{symbol, plan.routed.source, CheckedOp{today, stale}});
  if (stale) {
    report_.stale.push_back(symbol);
  } else if (!through || *through < plan.range->last) {
    report_.awaiting.push_back(symbol);  // Not published yet: the next run asks again.
  }
}

void CoinFetcher::AddWriteTotals(const WriteTotals& totals) {
  report_.rows_written += totals.rows_written;
  report_.store_cpu_s += totals.cpu_s;
  auto drop = [](auto& list, const std::string& symbol, auto key) {
    std::erase_if(list, [&](const auto& entry) { return key(entry) == symbol; });
  };
  for (const auto& [symbol, failure] : totals.failed) {
    if (finished_.erase(symbol) > 0) --report_.updated;
    drop(report_.awaiting, symbol, [](const std::string& s) { return s; });
    drop(report_.stale, symbol, [](const std::string& s) { return s; });
    drop(report_.known_gaps, symbol, [](const RunReport::GapCount& g) { return g.symbol; });
    drop(report_.failures, symbol, [](const CoinFailure& f) { return f.symbol; });
    report_.failures.push_back(failure);  // The first cause: the page that did not commit.
  }
}

void CoinFetcher::OnFailure(const FetchPlan& plan, const Error& error) {
  const std::string& symbol = plan.routed.coin.symbol;
  if (error.code == ErrorCode::kNotFound && plan.routed.source == Source::kCryptoCompare) {
    // No provider trades it against USD: nothing to store, and nothing the user can fix.
    report_.no_market.push_back(symbol);
    spdlog::info("{}: no market on cryptocompare; skipped", symbol);
    // Remembered for the day, so a rerun today does not ask again; tomorrow's run does.
    writer_.Push(
        WriteOp{symbol, plan.routed.source, NoMarketOp{DayFromUnixMillis(now_ms_)}});
    progress_.CoinDone(false);
    return;
  }
  report_.failures.push_back({symbol, plan.routed.source, error.message});
  // A closed provider (rejected key, ban, used-up budget) was reported once by the engine;
  // repeating it for each of its coins would bury it. The summary lists the coins.
  const auto& closed = engine_.host_error(HostOf(plan.routed.source));
  if (!closed || closed->message != error.message) {
    spdlog::warn("{} failed: {}", symbol, error.message);
  }
  progress_.CoinDone(true);
}

}  // namespace cryptoscope::pipeline
