// check: a read-only audit a user runs to trust a CryptoScope file. Per coin its source, extent,
// rows, the gaps inside its history (known to the provider or simply missing) and whether it is
// stale; every row breaking the candle rules (in case something else wrote the file); SQLite's own
// consistency check. Reads through query::Reader, so it never writes and runs beside an ingest.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cryptoscope/core/result.h"
#include "cryptoscope/query/reader.h"
#include "cryptoscope/query/rows.h"

namespace cryptoscope::check {

struct CoinAudit {
  query::SymbolSummary summary;  // Source, rank, first and last day, rows.
  query::Coverage coverage;      // Gaps, synced_through, stale_since.
};

struct BadRow {
  std::string symbol;
  std::string date;
  std::string problem;  // "low 5 > high 4", "date '2024-13-01' is not a day", ...
};

struct AuditReport {
  std::vector<CoinAudit> coins;  // Every coin of `symbols`, by rank (unranked last), then symbol.
  std::vector<BadRow> bad_rows;  // In (symbol, date) order.
  std::vector<std::string> integrity;  // {"ok"} for a sound file, else SQLite's findings.
  int64_t rows = 0;
  int64_t missing_days = 0;    // Inside histories, not known to the provider: data lost.
  int64_t known_gap_days = 0;  // Days the provider has no candle for.
  int64_t stale_coins = 0;

  // No missing day, no bad row, integrity "ok". Known gaps and stale coins are facts, not faults.
  bool clean() const;
};

// Audits the file behind `reader`. `full` runs PRAGMA integrity_check instead of quick_check.
// Errors are the reader's (kIo, kUnavailable).
[[nodiscard]] Result<AuditReport> Audit(query::Reader& reader, bool full);

}  // namespace cryptoscope::check
