// Schema step for the keyless path (issue 12), kept apart from schema.cc so it can be renumbered
// into the versioned upgrades as one step:
//   symbols.coingecko_id  CoinGecko's unique id beside the ticker (NULL unless CoinGecko ranked)
//   venue_pace(host PK, last_start_ms, recent)  a venue's last request of the last run and how
//       many it made within the venue's window, so the next run paces across processes.
#pragma once

#include <sqlite3.h>

#include <string_view>

#include "cryptoscope/core/result.h"

namespace cryptoscope::store {

// Adds what is missing, in one transaction; nothing when all is there. kIo (naming `path`) on
// an SQLite error, with the file unchanged.
[[nodiscard]] Status EnsureKeylessSchema(sqlite3* db, std::string_view path);

}  // namespace cryptoscope::store
