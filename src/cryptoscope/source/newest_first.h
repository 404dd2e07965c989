// Internal to source/: one step of paging backwards through a venue that answers newest first
// (OKX, Bybit). Pure.
#pragma once

#include <optional>
#include <vector>

#include "cryptoscope/source/history_source.h"

namespace cryptoscope::source {

// What the venue's parser read from one page.
struct NewestFirstRows {
  std::vector<Candle> candles;        // Closed days, ascending.
  size_t rows = 0;                    // Rows in the body, forming ones included.
  std::optional<Day> oldest_row_day;  // The page's oldest row.
  std::optional<Day> first_open_day;  // The oldest row left out as still forming.
};

struct NewestFirstStep {
  Page page;  // page.next is left empty: the caller builds it from `older_than`.
  // Set when the history goes on: ask for the rows older than this day next.
  std::optional<Day> older_than;
};

// Keeps the candles inside the plan's range; delivered_through is the newest of them (the caller,
// CoinFetcher, settles the marker and the gaps after the last page: see
// HistorySource::newest_first). The walk is complete once a page is empty or reaches `floor` (the
// range's first day, or a later listing day); a short page alone does not end it.
NewestFirstStep StepNewestFirst(const FetchPlan& plan, NewestFirstRows rows, Day floor);

}  // namespace cryptoscope::source
