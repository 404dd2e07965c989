// The ingest benchmark's outputs: a Markdown table for people and a JSON file for tools, with
// each case checked against the targets of issue 4.
#pragma once

#include <string>
#include <vector>

#include "ingest_run.h"

namespace cryptoscope::bench {

struct Target {
  std::string name;  // "wall/bound <= 1.15", "requests == minimum", ...
  bool met = false;
  std::string detail;  // The measured value, e.g. "1.07".
};

// The targets that apply to `result`: requests == minimum always; wall/bound <= 1.15 where the
// bound is >= 5 s, and for the daily update of 1000 coins always; for a 1000-coin full ingest peak
// RSS < 64 MiB and CPU < 2 us per candle; for an update exactly one history request per coin; and a
// run that failed or stored a different number of rows than the fake holds misses "complete".
std::vector<Target> CheckTargets(const CaseResult& result);

// One Markdown table row per result, with a header.
std::string FormatTable(const std::vector<CaseResult>& results);
// Full ingests only: the client's CPU per candle split into parse+validate, store and the rest
// (transport, kernel, discovery, planning), beside the wall time and the fetch-only floor (the
// lower bound of ingest_model.h: what fetching the minimal requests alone would take).
std::string FormatStageTable(const std::vector<CaseResult>& results);

struct RunInfo {
  std::string command;  // How the benchmark was invoked.
  std::string date;     // ISO-8601 UTC.
  std::string machine;  // CPU model, cores, kernel.
  std::string load;     // Load averages when the run started (other work on the machine).
};

std::string FormatJson(const std::vector<CaseResult>& results, const RunInfo& info);

}  // namespace cryptoscope::bench
