// A provider of daily history, behind one interface so another source can be added without
// touching the others. A source turns a FetchPlan into requests and each response into the
// candles of the plan's range plus what to ask next. Pure: no I/O (the engine does it).
#pragma once

#include <optional>
#include <vector>

#include "cryptoscope/core/result.h"
#include "cryptoscope/core/types.h"
#include "cryptoscope/fetch/http.h"

namespace cryptoscope::source {

struct Page {
  std::vector<Candle> candles;  // Closed days inside the plan's range, ascending.
  // The last day the provider delivered in this answer (the newest candle, or the last row of a
  // full page), or nullopt when it delivered nothing. Never a day it did not send: a day not yet
  // published, or cut off, must be asked again.
  std::optional<Day> delivered_through;
  // The next page, which starts the day after delivered_through; nullopt when the plan is done.
  std::optional<fetch::Request> next;
};

// What a page means for the store: the marker, the days it speaks for and the known gaps in them.
struct Delivery {
  std::optional<Day> synced_through;  // = the page's delivered_through.
  std::optional<DayRange> answered;   // From `asked_from` (see Settle) through synced_through.
  std::vector<Day> gaps;              // Days of `answered` without a candle: no trading there.
};

// Settles one page. `asked_from` is the first day its request asked for; nullopt for the first
// page of a backfill, whose history starts at its first candle (earlier days are before the
// listing, not gaps). Pure.
[[nodiscard]] Delivery Settle(std::optional<Day> asked_from, const Page& page);

class HistorySource {
 public:
  virtual ~HistorySource() = default;
  virtual Source id() const = 0;
  // The first request for `plan`, which must have a range.
  virtual fetch::Request FirstRequest(const FetchPlan& plan) const = 0;
  // True for venues that answer newest first and are paged backwards (OKX, Bybit): each page's
  // delivered_through is then its newest day, and no page but the last completes the range, so
  // the caller moves the marker and settles the gaps once, after the last page.
  virtual bool newest_first() const { return false; }
  // Reads the answer to one of this plan's requests. `now_ms` is the providers' clock, which
  // decides which day is still open. kBadData when the body cannot be trusted.
  [[nodiscard]] virtual Result<Page> ReadPage(const FetchPlan& plan,
                                              const fetch::Response& response,
                                              int64_t now_ms) const = 0;
};

}  // namespace cryptoscope::source
