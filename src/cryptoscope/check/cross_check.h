// Reconciliation of stored Binance histories against an independent source: the history of the
// same coin for the same days from CryptoCompare (needs its key), OKX or Bybit (keyless), fetched
// through the same engine and governors as an ingest (so pacing and retries hold). Prices differ
// by venue and quote (USDT against USD), so only a close beyond `threshold` is reported.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cryptoscope/core/result.h"
#include "cryptoscope/pipeline/config.h"
#include "cryptoscope/query/reader.h"

namespace cryptoscope::check {

struct CrossCheckOptions {
  int coins = 10;                             // The top `coins` Binance-routed coins by rank.
  double threshold = 0.02;                    // Relative difference of the close that is reported.
  Source reference = Source::kCryptoCompare;  // kCryptoCompare, kOkx or kBybit.
  int days = 365;  // The newest `days` stored days of each coin are compared; 0 = all.
};

struct CloseDifference {
  std::string symbol;
  std::string date;
  double stored = 0;     // The database's close (Binance, USDT).
  double reference = 0;  // The reference's close (CryptoCompare: USD; OKX, Bybit: USDT).
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
  std::vector<CoinFailure> failures;    // Coins whose reference could not be had.
  std::vector<std::string> not_listed;  // Coins the reference has no market for (not findings).
};

// Compares up to `options.coins` Binance coins of the file behind `reader` with the reference's
// histories (CryptoCompare: one request per coin; OKX and Bybit page backwards, 100 and 200 days a
// page; `config` gives keys, base URLs, limits, retries). A coin that fails is listed in the
// report; the call itself fails only on a read error.
[[nodiscard]] Result<CrossCheckReport> CrossCheck(query::Reader& reader,
                                                  const pipeline::Config& config,
                                                  const CrossCheckOptions& options);

}  // namespace cryptoscope::check
