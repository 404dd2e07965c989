// Fetches the history of planned coins page by page and hands every page to the store as it
// arrives, so memory holds one page per request in flight, never a whole history.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
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
  // the constructor. Results land in the report: each page's candles and known gaps are stored
  // with the marker of the last day delivered; a coin whose newest days did not come is listed as
  // awaiting them (the next run asks again), one that delivered nothing new for
  // plan::kStaleAfterDays as stale.
  void Fetch(FetchPlan plan);

 private:
  // One coin's fetch, across its pages (callbacks run one at a time on the engine's thread).
  struct CoinJob {
    FetchPlan plan;
    Day next_from;  // First day of the next page's request.
    bool first_page = true;
    std::optional<Day> delivered;  // Newest day delivered so far in this run.
    int64_t gap_days = 0;
    // Newest-first sources: the days written so far, settled after the last page.
    std::vector<Day> walked_days;
  };
  // A newest-first source's page: its candles are written at once, the marker and the gaps wait
  // for the last page, when the whole walk is settled in one transaction.
  Status OnNewestFirstPage(CoinJob& job, const source::Page& page);
  const source::HistorySource& SourceFor(Source source) const;
  // The clock an answer is read by: the run's providers' clock, or the answering server's own
  // (its Date header) when that is earlier.
  int64_t AnswerNowMillis(const fetch::Response& response) const;
  void Submit(std::shared_ptr<CoinJob> job, fetch::Request request);
  Status OnPage(std::shared_ptr<CoinJob> job, const fetch::Response& response);
  void Finish(const CoinJob& job);
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
