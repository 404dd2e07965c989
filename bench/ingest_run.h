// One ingest benchmark case: a fake exchange in this process, the real `cryptoscope ingest` as a
// child process, and what the run cost (wall time, the child's CPU time and peak RSS) against
// what it had to do (ingest_model.h).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "ingest_model.h"

namespace cryptoscope::bench {

struct CaseSpec {
  int latency_ms = 50;
  int coins = 100;
  int concurrency = 16;
  // false: the client's default CryptoCompare pacing (20/s, 300/min, 3000/h), which the fake
  // enforces too. true: both raised far out of the way, so latency and concurrency decide.
  bool raised_cc_limits = false;
};

// What one run of the binary did and cost.
struct RunMeasure {
  int exit_code = -1;
  double wall_s = 0;
  double user_s = 0;  // The child's CPU time (getrusage of the reaped child).
  double sys_s = 0;
  int64_t max_rss_kib = 0;   // The child's peak resident set (ru_maxrss).
  double fake_cpu_s = 0;     // This process's CPU meanwhile: the fake exchange's work.
  int64_t rows_written = 0;  // From the binary's summary ("rows written: N").
  // From the summary ("cpu: parse+validate X s, store Y s"): the stages' thread CPU time.
  double parse_cpu_s = 0;
  double store_cpu_s = 0;
  int64_t requests_toplist = 0;
  int64_t requests_exchange_info = 0;
  int64_t requests_klines = 0;
  int64_t requests_histoday = 0;
  int64_t rate_limited_answers = 0;  // Type 99 from the fake's CryptoCompare ceilings + 429s.
  // Where the wall time went, from the fake's arrival times: spawn -> first request (process
  // start, opening the database); the last discovery answer (arrival + latency) -> first
  // history request (routing, planning, saving the symbols); the last request's answer -> exit
  // (storing the last pages, closing).
  double startup_s = 0;
  double history_gap_s = 0;
  double tail_s = 0;
  std::string failure;  // Non-empty when the run did not end with exit code 0.
  int64_t requests() const {
    return requests_toplist + requests_exchange_info + requests_klines + requests_histoday;
  }
};

struct CaseResult {
  CaseSpec spec;
  std::string kind;  // "full" or "update".
  RunMeasure measure;
  MinimalRequests minimal;
  int64_t expected_rows = 0;  // Closed candles the run must store (a correctness check).
  LowerBound bound;
  // Full ingests with raised CryptoCompare pacing: the same requests fetched again by a plain
  // libcurl loop at the same concurrency (fetch_replay.h); 0 when not measured.
  double fetch_only_s = 0;
};

// Runs the first full ingest of `spec.coins` coins and then, one fake day later (rate-limit
// state reset, as a day has passed), the daily update; returns both, in that order. `binary` is
// the cryptoscope executable; the database is a temporary file under $TMPDIR, removed after.
std::vector<CaseResult> RunCase(const CaseSpec& spec, const std::filesystem::path& binary,
                                uint64_t seed);

}  // namespace cryptoscope::bench
