// Internal to pipeline/: what a stage cost in CPU, whatever else shares the machine.
#pragma once

#include <time.h>

namespace cryptoscope::pipeline {

// CPU seconds the calling thread has used (CLOCK_THREAD_CPUTIME_ID). A page holds up to ~1000
// candles, so two reads per stage and page (~0.1 us each) are noise.
inline double ThreadCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

}  // namespace cryptoscope::pipeline
