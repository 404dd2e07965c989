#include "cryptoscope/source/bybit_source.h"

#include <fmt/format.h>

#include "cryptoscope/fetch/url.h"
#include "cryptoscope/parse/bybit.h"
#include "cryptoscope/source/newest_first.h"

namespace cryptoscope::source {

fetch::Request BybitSource::PageRequest(const FetchPlan& plan, int64_t end_ms) const {
  const std::string& symbol = plan.routed.pair;
  return fetch::Request{
      fetch::Host::kBybit,
      fetch::JoinUrl(base_url_,
                     fmt::format("/v5/market/kline?category=spot&symbol={}&interval=D&start={}"
                                 "&end={}&limit={}",
                                 fetch::EscapeQueryValue(symbol), UnixMillis(plan.range->first),
                                 end_ms, kPageSize)),
      1, fmt::format("bybit kline {} through {}", symbol, FormatDay(DayFromUnixMillis(end_ms)))};
}

fetch::Request BybitSource::FirstRequest(const FetchPlan& plan) const {
  return PageRequest(plan, UnixMillis(plan.range->last) + kMillisPerDay - 1);
}

Result<Page> BybitSource::ReadPage(const FetchPlan& plan, const fetch::Response& response,
                                   int64_t now_ms) const {
  auto parsed = parse::ParseBybitKline(response.body, now_ms);
  if (!parsed) {
    return Fail(parsed.error().code,
                fmt::format("bybit kline {}: {}", plan.routed.pair, parsed.error().message));
  }
  NewestFirstStep step = StepNewestFirst(
      plan,
      {std::move(parsed->candles), parsed->rows, parsed->oldest_row_day, parsed->first_open_day},
      plan.range->first);
  if (step.older_than) step.page.next = PageRequest(plan, UnixMillis(*step.older_than) - 1);
  return std::move(step.page);
}

}  // namespace cryptoscope::source
