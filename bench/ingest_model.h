// What an ingest run against the fake exchange must at least do and how fast it can at best be:
// the minimal requests (per endpoint) and a lower bound on its wall time from the latency, the
// concurrency and the rate limits the client is configured with. Pure: no I/O, no clock.
#pragma once

#include <cstdint>
#include <string>

#include "cryptoscope/core/day.h"
#include "fake/fake_exchange.h"

namespace cryptoscope::bench {

// The requests one run needs at least.
struct MinimalRequests {
  int64_t toplist_pages = 0;  // /data/top/mktcapfull: ceil(top_n / 100).
  int64_t exchange_info = 1;  // /api/v3/exchangeInfo.
  int64_t klines = 0;         // /api/v3/klines.
  int64_t histoday = 0;       // /data/v2/histoday.
  int64_t longest_chain = 0;  // Most klines pages one coin needs (they are sequential).
  int64_t total() const { return toplist_pages + exchange_info + klines + histoday; }
  int64_t history() const { return klines + histoday; }
};

// First ingest into an empty database of the top `top_n` coins of `scenario` on `today`: per
// Binance-routed coin ceil(closed days / 1000) klines pages (1 for a coin with no closed day),
// one allData histoday per coin routed elsewhere (no-market coins included: asking is how the
// client learns it), plus discovery.
MinimalRequests MinimalFullIngest(const fake::Scenario& scenario, int top_n, Day today);
// Daily update of a database that was complete through the day before `today`: one history
// request per ranked coin, plus discovery.
MinimalRequests MinimalDailyUpdate(const fake::Scenario& scenario, int top_n);

// Closed candles the top `top_n` coins' routed sources hold through the day before `today`.
int64_t ExpectedRowCount(const fake::Scenario& scenario, int top_n, Day today);

// The client's configured pacing (what it will not exceed, whatever the server allows).
struct Pacing {
  int64_t binance_weight_per_minute = 6000;  // exchangeInfo's REQUEST_WEIGHT limit.
  double binance_safety = 0.9;               // The client fills its window to this share.
  int64_t cc_per_second = 20;
  int64_t cc_per_minute = 300;
  int64_t cc_per_hour = 3000;
};

struct LowerBound {
  double discovery_s = 0;     // Toplist pages + exchangeInfo: rounds of `concurrency` requests.
  double latency_s = 0;       // discovery + history requests in rounds of `concurrency`.
  double binance_rate_s = 0;  // The weight window's turns the klines need, + one latency.
  double cc_rate_s = 0;       // The CryptoCompare windows' turns, + one latency.
  double bound_s = 0;         // The largest of the above.
  std::string binding;        // "latency", "binance weight" or "cc per-second" (etc.).
};

// Lower bound on wall time: history fetching starts once discovery (toplist pages and
// exchangeInfo) has answered, so discovery counts as ceil((pages + 1) / concurrency) rounds,
// then the history requests take max(ceil(history / concurrency), longest chain) rounds of
// `latency_ms`. A rate limit of `limit` calls per window needs (ceil(calls / limit) - 1) turns
// of the window plus one latency, counted over the whole run.
LowerBound ComputeLowerBound(const MinimalRequests& minimal, int latency_ms, int concurrency,
                             const Pacing& pacing);

}  // namespace cryptoscope::bench
