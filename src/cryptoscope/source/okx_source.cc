#include "cryptoscope/source/okx_source.h"

#include <fmt/format.h>

#include <algorithm>

#include "cryptoscope/fetch/url.h"
#include "cryptoscope/parse/okx.h"
#include "cryptoscope/source/newest_first.h"

namespace cryptoscope::source {

fetch::Request OkxSource::PageRequest(const FetchPlan& plan, int64_t after_ms) const {
  const std::string& inst_id = plan.routed.pair;
  return fetch::Request{
      fetch::Host::kOkx,
      fetch::JoinUrl(base_url_,
                     fmt::format("/api/v5/market/history-candles?instId={}&bar=1Dutc&after={}"
                                 "&before={}&limit={}",
                                 fetch::EscapeQueryValue(inst_id), after_ms,
                                 UnixMillis(plan.range->first) - 1, kPageSize)),
      1, fmt::format("okx candles {} before {}", inst_id, FormatDay(DayFromUnixMillis(after_ms)))};
}

fetch::Request OkxSource::FirstRequest(const FetchPlan& plan) const {
  return PageRequest(plan, UnixMillis(plan.range->last + std::chrono::days{1}));
}

Result<Page> OkxSource::ReadPage(const FetchPlan& plan, const fetch::Response& response,
                                 int64_t now_ms) const {
  auto parsed = parse::ParseOkxCandles(response.body, now_ms);
  if (!parsed) {
    return Fail(parsed.error().code,
                fmt::format("okx candles {}: {}", plan.routed.pair, parsed.error().message));
  }
  Day floor = plan.range->first;
  if (auto listed = listed_on_.find(plan.routed.pair); listed != listed_on_.end()) {
    floor = std::max(floor, listed->second);
  }
  NewestFirstStep step = StepNewestFirst(
      plan,
      {std::move(parsed->candles), parsed->rows, parsed->oldest_row_day, parsed->first_open_day},
      floor);
  if (step.older_than) step.page.next = PageRequest(plan, UnixMillis(*step.older_than));
  return std::move(step.page);
}

}  // namespace cryptoscope::source
