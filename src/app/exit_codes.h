// The process exit codes, documented in the README and in --help.
#pragma once

#include "cryptoscope/core/result.h"

namespace cryptoscope::app {

inline constexpr int kExitOk = 0;
inline constexpr int kExitPartial = 1;  // Finished; some coins failed and are retried next run.
inline constexpr int kExitUsage = 2;    // Invalid configuration or command line.
inline constexpr int kExitBusy = 3;     // Another ingest holds the database.
inline constexpr int kExitAborted = 4;  // Could not proceed: discovery, exchange info, key, disk.
inline constexpr int kExitInterrupted = 130;

// The exit code of an error that stops a command. kInvalidArgument is the user's to fix (a bad
// flag, or a --db/DB_PATH that is not a CryptoScope database) -> 2; kBusy -> 3; anything the
// database, disk or network did (a missing file included) -> 4. The same for every subcommand.
inline int ExitCodeFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return kExitUsage;
    case ErrorCode::kBusy:
      return kExitBusy;
    default:
      return kExitAborted;
  }
}

}  // namespace cryptoscope::app
