// The ingest job: discover -> route -> plan -> fetch/parse -> store, for the top N coins.
#pragma once

#include <atomic>

#include "cryptoscope/core/result.h"
#include "cryptoscope/pipeline/config.h"
#include "cryptoscope/pipeline/progress.h"
#include "cryptoscope/pipeline/report.h"

namespace cryptoscope::pipeline {

// Runs one ingest. Coins that fail are listed in the report and picked up by the next run.
// The run itself stops with an error only when it cannot go on at all:
//   kBusy          another ingest holds the database;
//   kIo            the database cannot be opened or written;
//   kInvalidArgument  the alias file is malformed;
//   kUnauthorized / kRateLimited / kUnavailable / kBadData
//                  the coin list could not be had, or Binance's exchange info could not be had
//                  and no earlier run left routes to fall back on (else Binance's coins are
//                  reported failed and the others fetched).
// Nothing is written before discovery and routing succeed.
// `stop`, when set by another thread or a signal handler, ends the run early: requests not yet
// started are dropped (their coins reported failed, reason "interrupted") and the report says so.
[[nodiscard]] Result<RunReport> RunIngest(const Config& config, Progress& progress,
                                          const std::atomic<bool>* stop = nullptr);

}  // namespace cryptoscope::pipeline
