#pragma once

#include <cstdio>

#include "cryptoscope/pipeline/report.h"

namespace cryptoscope::app {

// The end-of-run summary: coins per source, rows, requests, failures with reasons, runtime.
void PrintSummary(std::FILE* out, const pipeline::RunReport& report);

}  // namespace cryptoscope::app
