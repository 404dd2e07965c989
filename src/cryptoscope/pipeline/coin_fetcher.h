// Fetches the history of planned coins page by page and hands every page to the store as it
// arrives, so memory holds one page per request in flight, never a whole history.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "cryptoscope/core/types.h"
#include "cryptoscope/fetch/engine.h"
#include "cryptoscope/pipeline/progress.h"
#include "cryptoscope/pipeline/report.h"
#include "cryptoscope/source/history_source.h"
#include "cryptoscope/store/candle_store.h"

namespace cryptoscope::pipeline {

// The host that serves `source`'s history.
fetch::Host HostOf(Source source);

class CoinFetcher {
 public:
  // `now_ms`: the providers' clock; it decides which day is still open. `no_market`: coins
  // recorded as having no market (kept up to date here). All references must outlive the fetcher.
  CoinFetcher(fetch::Engine& engine, store::CandleStore& store,
              const source::HistorySource& binance, const source::HistorySource& cryptocompare,
              int64_t now_ms, const std::map<std::string, Day>& no_market, Progress& progress,
              RunReport& report);

  // Adds (or replaces) the source of `source.id()`, e.g. OKX and Bybit on the keyless path.
  // `source` must outlive the fetcher.
  void AddSource(const source::HistorySource& source);

  // Queues the first request of `plan`, which must have a range and a source added or given to
  // the constructor. Results land in the report.
  void Fetch(FetchPlan plan);

 private:
  const source::HistorySource& SourceFor(Source source) const;
  void Submit(std::shared_ptr<const FetchPlan> plan, fetch::Request request);
  Status OnPage(const FetchPlan& plan, std::shared_ptr<const FetchPlan> shared,
                const fetch::Response& response);
  void OnFailure(const FetchPlan& plan, const Error& error);

  fetch::Engine& engine_;
  store::CandleStore& store_;
  std::array<const source::HistorySource*, 4> sources_{};  // By Source.
  int64_t now_ms_;
  const std::map<std::string, Day>& no_market_;
  Progress& progress_;
  RunReport& report_;
};

}  // namespace cryptoscope::pipeline
