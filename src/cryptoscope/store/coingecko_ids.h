// Schema step for the keyless ranking: symbols.coingecko_id (CoinGecko's unique id beside the
// ticker, NULL for coins ranked by CryptoCompare). Kept apart from schema.cc so it can be
// renumbered into the versioned upgrades as one step.
#pragma once

#include <sqlite3.h>

#include <string_view>

#include "cryptoscope/core/result.h"

namespace cryptoscope::store {

// Adds symbols.coingecko_id, in one transaction, when the table lacks it; nothing when it has it.
// kIo (naming `path`) on an SQLite error, with the file unchanged.
[[nodiscard]] Status AddCoinGeckoIdColumn(sqlite3* db, std::string_view path);

}  // namespace cryptoscope::store
