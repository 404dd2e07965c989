// The process exit codes, documented in the README and in --help.
#pragma once

namespace cryptoscope::app {

inline constexpr int kExitOk = 0;
inline constexpr int kExitPartial = 1;  // Finished; some coins failed and are retried next run.
inline constexpr int kExitUsage = 2;    // Invalid configuration or command line.
inline constexpr int kExitBusy = 3;     // Another ingest holds the database.
inline constexpr int kExitAborted = 4;  // Could not proceed: discovery, exchange info, key, disk.
inline constexpr int kExitInterrupted = 130;

}  // namespace cryptoscope::app
