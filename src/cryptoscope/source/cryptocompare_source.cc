#include "cryptoscope/source/cryptocompare_source.h"

#include <fmt/format.h>

#include <algorithm>

#include "cryptoscope/fetch/url.h"
#include "cryptoscope/parse/cryptocompare.h"

namespace cryptoscope::source {

fetch::Request CryptoCompareSource::FirstRequest(const FetchPlan& plan) const {
  const std::string fsym = fetch::EscapeQueryValue(plan.routed.coin.symbol);
  const DayRange range = *plan.range;
  std::string query;
  if (plan.backfill || range.days() > kMaxLimit) {
    query = fmt::format("fsym={}&tsym=USD&allData=true", fsym);
  } else {
    // `limit` L returns L + 1 days ending with the day that holds `toTs`.
    const int64_t limit = std::max<int64_t>(1, range.days() - 1);
    query = fmt::format("fsym={}&tsym=USD&limit={}&toTs={}", fsym, limit, UnixSeconds(range.last));
  }
  return fetch::Request{fetch::Host::kCryptoCompare,
                        fetch::JoinUrl(base_url_, "/data/v2/histoday?" + query), 1,
                        fmt::format("cryptocompare histoday {}", plan.routed.pair)};
}

Result<Page> CryptoCompareSource::ReadPage(const FetchPlan& plan, const fetch::Response& response,
                                           int64_t now_ms) const {
  auto parsed = parse::ParseHistoDay(response.body, now_ms / 1000);
  if (!parsed) {
    return Fail(parsed.error().code, fmt::format("cryptocompare histoday {}: {}", plan.routed.pair,
                                                 parsed.error().message));
  }
  const DayRange range = *plan.range;
  Page page;
  page.candles.reserve(parsed->candles.size());
  for (const Candle& candle : parsed->candles) {
    if (candle.day >= range.first && candle.day <= range.last) page.candles.push_back(candle);
  }
  if (!page.candles.empty()) page.delivered_through = page.candles.back().day;
  return page;
}

}  // namespace cryptoscope::source
