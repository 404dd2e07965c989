#include "cryptoscope/pipeline/coin_fetcher.h"

#include <spdlog/spdlog.h>

namespace cryptoscope::pipeline {

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

void CoinFetcher::Fetch(FetchPlan plan) {
  auto shared = std::make_shared<const FetchPlan>(std::move(plan));
  Submit(shared, SourceFor(shared->routed.source).FirstRequest(*shared));
}

void CoinFetcher::Submit(std::shared_ptr<const FetchPlan> plan, fetch::Request request) {
  engine_.Submit(
      std::move(request),
      [this, plan](fetch::Response& response) { return OnPage(*plan, plan, response); },
      [this, plan](const Error& error) { OnFailure(*plan, error); });
}

Status CoinFetcher::OnPage(const FetchPlan& plan, std::shared_ptr<const FetchPlan> shared,
                           const fetch::Response& response) {
  const source::HistorySource& source = SourceFor(plan.routed.source);
  auto page = source.ReadPage(plan, response, now_ms_);
  if (!page) {
    spdlog::warn("{}", page.error().message);  // Rejected, never stored; the engine retries.
    return tl::unexpected(page.error());
  }
  // The rows and the sync marker commit together: a crash never leaves a page half-written,
  // and the marker never vouches for rows that are not there.
  if (auto status = store_.WriteCandles(plan.routed.coin.symbol, plan.routed.source, page->candles,
                                        page->synced_through);
      !status) {
    return Fail(ErrorCode::kIo,
                fmt::format("{}: {}", plan.routed.coin.symbol, status.error().message));
  }
  report_.rows_written += static_cast<int64_t>(page->candles.size());
  progress_.RowsWritten(static_cast<int64_t>(page->candles.size()));
  if (page->next) {
    Submit(std::move(shared), std::move(*page->next));
  } else {
    ++report_.updated;
    progress_.CoinDone(false);
    if (no_market_.count(plan.routed.coin.symbol) > 0) {
      (void)store_.SetNoMarket(plan.routed.coin.symbol, std::nullopt);  // Best effort.
    }
  }
  return {};
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
