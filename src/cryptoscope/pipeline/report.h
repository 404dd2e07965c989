// What a run did, for the summary and the exit code.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cryptoscope/core/types.h"

namespace cryptoscope::pipeline {

struct CoinFailure {
  std::string symbol;
  Source source;
  std::string reason;
};

struct RunReport {
  int coins = 0;  // Discovered and routed.
  int binance_coins = 0;
  int cryptocompare_coins = 0;
  int okx_coins = 0;  // The keyless venues.
  int bybit_coins = 0;
  int up_to_date = 0;        // Needed no request.
  int updated = 0;           // Fetched and stored successfully.
  int64_t rows_written = 0;  // Candles upserted.
  int64_t binance_requests = 0;
  int64_t cryptocompare_requests = 0;
  int64_t coingecko_requests = 0;
  int64_t okx_requests = 0;
  int64_t bybit_requests = 0;
  int64_t retries = 0;
  int64_t rate_limit_waits = 0;
  struct PacedHost {
    std::string host;  // "binance"
    double seconds = 0;
  };
  // Hosts whose requests waited on rate limits (fetch::HostStats::paced) for 0.1 s or more.
  std::vector<PacedHost> paced;
  std::vector<CoinFailure> failures;   // Coins that will be retried by the next run.
  std::vector<std::string> no_market;  // Coins no provider has a market for.
  // Coins whose newest planned days did not come (not published yet, or nothing new): asked
  // again by the next run.
  std::vector<std::string> awaiting;
  // Coins with no new candle for plan::kStaleAfterDays: found now, or skipped as checked lately.
  std::vector<std::string> stale;
  struct GapCount {
    std::string symbol;
    int64_t days = 0;
  };
  std::vector<GapCount> known_gaps;  // Days without trading found inside delivered stretches.
  // The CryptoCompare ceilings the run paced to and where each came from (plan, configured,
  // default), e.g. "50/s (plan), 2000/min (plan), ...".
  std::string cryptocompare_ceilings;
  double seconds = 0;
  // CPU of the stages: parse (with the row checks, which run inside the parsers), measured per
  // page on the network thread, and store (SQLite, one transaction per page): the store
  // writer's thread.
  double parse_cpu_s = 0;
  double store_cpu_s = 0;
  bool interrupted = false;

  bool ok() const { return failures.empty(); }
};

}  // namespace cryptoscope::pipeline
