// Fetches the history of planned coins page by page and hands every parsed page to the store
// writer as it arrives, so memory holds the pages in flight and the writer's bounded queue,
// never a whole history.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "cryptoscope/core/types.h"
#include "cryptoscope/fetch/engine.h"
#include "cryptoscope/pipeline/progress.h"
#include "cryptoscope/pipeline/report.h"
#include "cryptoscope/pipeline/store_writer.h"
#include "cryptoscope/source/history_source.h"

namespace cryptoscope::pipeline {

// The host that serves `source`'s history.
fetch::Host HostOf(Source source);

class CoinFetcher {
 public:
  // `now_ms`: the providers' clock; it decides which day is still open. `no_market`: coins
  // recorded as having no market (kept up to date here). All references must outlive the fetcher.
  CoinFetcher(fetch::Engine& engine, StoreWriter& writer,
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

  // After the engine ran and the writer finished: counts the rows and store CPU `totals`
  // reports, and turns each coin whose page failed to commit into a failure (no longer updated,
  // awaiting or stale).
  void AddWriteTotals(const WriteTotals& totals);

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
  // A newest-first source's page: its candles are queued for writing at once (moved out of
  // `page`), the marker and the gaps wait for the last page, when the whole walk is settled in
  // one transaction.
  void OnNewestFirstPage(CoinJob& job, source::Page& page, bool last_page);
  const source::HistorySource& SourceFor(Source source) const;
  // The clock an answer is read by: the run's providers' clock, or the answering server's own
  // (its Date header) when that is earlier.
  int64_t AnswerNowMillis(const fetch::Response& response) const;
  void Submit(std::shared_ptr<CoinJob> job, fetch::Request request);
  Status OnPage(std::shared_ptr<CoinJob> job, const fetch::Response& response);
  void Finish(const CoinJob& job);
  void OnFailure(const FetchPlan& plan, const Error& error);

  fetch::Engine& engine_;
  StoreWriter& writer_;
  std::array<const source::HistorySource*, 4> sources_{};  // By Source.
  int64_t now_ms_;
  const std::map<std::string, Day>& no_market_;
  Progress& progress_;
  RunReport& report_;
  std::set<std::string, std::less<>> finished_;  // Coins Finish() counted as updated.
};

}  // namespace cryptoscope::pipeline
