#include "cryptoscope/pipeline/coin_fetcher.h"

#include <spdlog/spdlog.h>
#include <time.h>

#include <algorithm>

#include "cryptoscope/plan/plan.h"

namespace cryptoscope::pipeline {
namespace {

// CPU time of the calling thread: what a stage cost, whatever else shares the machine. A page
// holds up to ~1000 candles, so two reads per stage and page (~0.1 us each) are noise.
double ThreadCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

}  // namespace

CoinFetcher::CoinFetcher(fetch::Engine& engine, store::CandleStore& store,
                         const source::HistorySource& binance,
                         const source::HistorySource& cryptocompare, int64_t now_ms,
                         const std::map<std::string, Day>& no_market, Progress& progress,
                         RunReport& report)
    : engine_(engine),
      store_(store),
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
  const source::HistorySource& source = SourceFor(plan.routed.source);
  const double parse_start = ThreadCpuSeconds();
  auto page = source.ReadPage(plan, response, AnswerNowMillis(response));
  const double store_start = ThreadCpuSeconds();
  report_.parse_cpu_s += store_start - parse_start;
  if (!page) {
    spdlog::warn("{}", page.error().message);  // Rejected, never stored; the engine retries.
    return tl::unexpected(page.error());
  }
  if (source.newest_first()) {
    if (auto status = OnNewestFirstPage(*job, *page); !status) return status;
    if (page->next) {
      Submit(std::move(job), std::move(*page->next));
    } else {
      Finish(*job);
    }
    return {};
  }
  const source::Delivery delivery = source::Settle(
      job->first_page && plan.backfill ? std::nullopt : std::optional(job->next_from), *page);
  // The rows, the known gaps and the sync marker commit together: a crash never leaves a page
  // half-written, and the marker never vouches for a day that is neither stored nor a known gap.
  auto status =
      store_.WritePage(store::PageWrite{plan.routed.coin.symbol, plan.routed.source, page->candles,
                                        delivery.synced_through, delivery.answered, delivery.gaps});
  report_.store_cpu_s += ThreadCpuSeconds() - store_start;
  if (!status) {
    return Fail(ErrorCode::kIo,
                fmt::format("{}: {}", plan.routed.coin.symbol, status.error().message));
  }
  job->first_page = false;
  if (delivery.synced_through) {
    job->delivered = delivery.synced_through;
    job->next_from = *delivery.synced_through + std::chrono::days{1};
  }
  job->gap_days += static_cast<int64_t>(delivery.gaps.size());
  report_.rows_written += static_cast<int64_t>(page->candles.size());
  progress_.RowsWritten(static_cast<int64_t>(page->candles.size()));
  if (page->next) {
    Submit(std::move(job), std::move(*page->next));
  } else {
    Finish(*job);
  }
  return {};
}

Status CoinFetcher::OnNewestFirstPage(CoinJob& job, const source::Page& page) {
  const FetchPlan& plan = job.plan;
  const std::string& symbol = plan.routed.coin.symbol;
  // Rows first, marker untouched: until the walk reaches the range's first day, the days between
  // it and this page are unknown, so a crash here only means asking for them again.
  if (!page.candles.empty()) {
    if (auto status = store_.WritePage(store::PageWrite{
            symbol, plan.routed.source, page.candles, std::nullopt, std::nullopt, {}});
        !status) {
      return Fail(ErrorCode::kIo, fmt::format("{}: {}", symbol, status.error().message));
    }
  }
  for (const Candle& candle : page.candles) job.walked_days.push_back(candle.day);
  if (page.delivered_through) {
    job.delivered =
        std::max(job.delivered.value_or(*page.delivered_through), *page.delivered_through);
  }
  report_.rows_written += static_cast<int64_t>(page.candles.size());
  progress_.RowsWritten(static_cast<int64_t>(page.candles.size()));
  job.first_page = false;
  if (page.next || !job.delivered) return {};
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
  const source::Delivery delivery =
      source::Settle(plan.backfill ? std::nullopt : std::optional(plan.range->first), walked);
  if (auto status = store_.WritePage(store::PageWrite{symbol,
                                                      plan.routed.source,
                                                      {},
                                                      delivery.synced_through,
                                                      delivery.answered,
                                                      delivery.gaps});
      !status) {
    return Fail(ErrorCode::kIo, fmt::format("{}: {}", symbol, status.error().message));
  }
  job.gap_days += static_cast<int64_t>(delivery.gaps.size());
  return {};
}

void CoinFetcher::Finish(const CoinJob& job) {
  const FetchPlan& plan = job.plan;
  const std::string& symbol = plan.routed.coin.symbol;
  ++report_.updated;
  progress_.CoinDone(false);
  if (no_market_.count(symbol) > 0) {
    (void)store_.SetNoMarket(symbol, std::nullopt);  // Best effort.
  }
  if (job.gap_days > 0) report_.known_gaps.push_back({symbol, job.gap_days});
  // The newest day the store now holds for the coin: delivered now, or before this run.
  std::optional<Day> through = job.delivered;
  if (!through && !plan.backfill) through = plan.range->first - std::chrono::days{1};
  const Day today = DayFromUnixMillis(now_ms_);
  const bool stale = through && plan::IsStale(*through, today);
  if (through) {
    if (auto marked = store_.MarkChecked(symbol, today, stale); !marked) {
      spdlog::warn("{}", marked.error().message);  // Only costs an earlier check next run.
    }
  }
  if (stale) {
    report_.stale.push_back(symbol);
  } else if (!through || *through < plan.range->last) {
    report_.awaiting.push_back(symbol);  // Not published yet: the next run asks again.
  }
}

void CoinFetcher::OnFailure(const FetchPlan& plan, const Error& error) {
  const std::string& symbol = plan.routed.coin.symbol;
  if (error.code == ErrorCode::kNotFound && plan.routed.source == Source::kCryptoCompare) {
    // No provider trades it against USD: nothing to store, and nothing the user can fix.
    report_.no_market.push_back(symbol);
    spdlog::info("{}: no market on cryptocompare; skipped", symbol);
    // Remembered for the day, so a rerun today does not ask again; tomorrow's run does.
    if (auto saved = store_.SetNoMarket(symbol, DayFromUnixMillis(now_ms_)); !saved) {
      spdlog::warn("{}", saved.error().message);
    }
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
