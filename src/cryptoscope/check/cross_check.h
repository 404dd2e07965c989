// Reconciliation of stored Binance histories against an independent source: CryptoCompare's
// history of the same coin for the same days, fetched through the same engine and governors as
// an ingest (so its pacing and retries hold). Prices differ by venue and quote (USDT against
// USD), so only a close beyond `threshold` is reported.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cryptoscope/core/result.h"
#include "cryptoscope/pipeline/config.h"
#include "cryptoscope/query/reader.h"

namespace cryptoscope::check {

struct CrossCheckOptions {
  int coins = 10;           // The top `coins` Binance-routed coins by rank.
  double threshold = 0.02;  // Relative difference of the close that is reported.
};

struct CloseDifference {
  std::string symbol;
  std::string date;
  double stored = 0;     // The database's close (Binance, USDT).
  double reference = 0;  // CryptoCompare's close (USD).
  double relative = 0;   // |stored - reference| / reference.
};

struct CoinFailure {
  std::string symbol;
  std::string reason;
};

struct CrossCheckReport {
  std::vector<std::string> coins;  // Checked, by rank.
  int64_t days_compared = 0;       // Days both hold.
  std::vector<CloseDifference> differences;
  std::vector<CoinFailure> failures;  // Coins whose reference could not be had.
};

// Compares up to `options.coins` Binance coins of the file behind `reader` with CryptoCompare's
// histories (one allData request per coin; `config` gives the key, base URL, limits, retries).
// A coin that fails is listed in the report; the call itself fails only on a read error.
[[nodiscard]] Result<CrossCheckReport> CrossCheck(query::Reader& reader,
                                                  const pipeline::Config& config,
                                                  const CrossCheckOptions& options);

}  // namespace cryptoscope::check
