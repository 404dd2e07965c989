#include "cryptoscope/source/binance_source.h"

#include <fmt/format.h>

#include <algorithm>

#include "cryptoscope/fetch/url.h"
#include "cryptoscope/parse/binance.h"

namespace cryptoscope::source {

fetch::Request BinanceSource::PageRequest(const FetchPlan& plan, Day first) const {
  const std::string& symbol = plan.routed.pair;
  const int64_t end_ms = UnixMillis(plan.range->last) + kMillisPerDay - 1;
  return fetch::Request{
      fetch::Host::kBinance,
      fetch::JoinUrl(
          base_url_,
          fmt::format("/api/v3/klines?symbol={}&interval=1d&startTime={}&endTime={}"
                      "&limit={}",
                      fetch::EscapeQueryValue(symbol), UnixMillis(first), end_ms, kPageSize)),
      kWeight, fmt::format("binance klines {} from {}", symbol, FormatDay(first))};
}

fetch::Request BinanceSource::FirstRequest(const FetchPlan& plan) const {
  return PageRequest(plan, plan.range->first);
}

Result<Page> BinanceSource::ReadPage(const FetchPlan& plan, const fetch::Response& response,
                                     int64_t now_ms) const {
  auto parsed = parse::ParseKlines(response.body, now_ms);
  if (!parsed) {
    return Fail(parsed.error().code,
                fmt::format("binance klines {}: {}", plan.routed.pair, parsed.error().message));
  }
  const DayRange range = *plan.range;
  Page page;
  page.candles.reserve(parsed->candles.size());
  for (const Candle& candle : parsed->candles) {
    if (candle.day >= range.first && candle.day <= range.last) page.candles.push_back(candle);
  }
  // A short page is the end of the history; so is a page that reached the range's last day.
  const bool more = parsed->rows >= static_cast<size_t>(kPageSize) && parsed->last_row_day &&
                    *parsed->last_row_day < range.last;
  if (more) {
    page.delivered_through = *parsed->last_row_day;
    page.next = PageRequest(plan, *parsed->last_row_day + std::chrono::days{1});
  } else if (!page.candles.empty()) {
    page.delivered_through = page.candles.back().day;
  }
  return page;
}

}  // namespace cryptoscope::source
