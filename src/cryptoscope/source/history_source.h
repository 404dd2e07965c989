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
  // Every day of the range up to this one is now known (stored or absent at the provider), so a
  // later run may start after it.
  Day synced_through;
  std::optional<fetch::Request> next;  // The next page, or nullopt when the plan is done.
};

class HistorySource {
 public:
  virtual ~HistorySource() = default;
  virtual Source id() const = 0;
  // The first request for `plan`, which must have a range.
  virtual fetch::Request FirstRequest(const FetchPlan& plan) const = 0;
  // Reads the answer to one of this plan's requests. `now_ms` is the providers' clock, which
  // decides which day is still open. kBadData when the body cannot be trusted.
  [[nodiscard]] virtual Result<Page> ReadPage(const FetchPlan& plan,
                                              const fetch::Response& response,
                                              int64_t now_ms) const = 0;
};

}  // namespace cryptoscope::source
