// The database layout and its version. README documents the tables for users; the names and
// meanings of the columns below are fixed, later versions may only add columns or tables.
#pragma once

#include <sqlite3.h>

#include <string_view>

#include "cryptoscope/core/result.h"

namespace cryptoscope::store {

// Stored in PRAGMA user_version. 0 = a fresh file (or one written before versioning).
// Every change of the schema takes a new version and a migration step in schema.cc; the SQL each
// earlier version created is kept under src/cryptoscope/store/testdata/ and tested.
//   1  symbols, ohlcv, sync_state, host_bans (no_market came later under the same stamp: a
//      version-1 file may or may not have it)
//   2  no_market for every file; known_gaps; sync_state.checked_on and .stale_since
//   3  symbols.coingecko_id; venue_pace (keyless venues' pacing across runs)
inline constexpr int kSchemaVersion = 3;

// Reads PRAGMA user_version (the first read of the file) and refuses, as kInvalidArgument (the
// user chose the wrong file) naming `path`, a file that is not a database or whose schema is newer
// than kSchemaVersion; either message tells the user to choose another DB_PATH. Returns the version
// found (0 for a new file).
[[nodiscard]] Result<int> CheckSchemaVersion(sqlite3* db, std::string_view path);

// Creates any missing table, upgrades an older version step by step (adding tables and columns;
// nothing is dropped or rewritten), checks that every table has the columns we use and stamps
// user_version = kSchemaVersion, all in one transaction. Idempotent. The message names `path`:
// kInvalidArgument when the file's schema is newer than kSchemaVersion (written by a newer
// cryptoscope) or a table of a foreign file lacks one of our columns, kIo on any SQLite error;
// the file is then left as it was.
[[nodiscard]] Status EnsureSchema(sqlite3* db, std::string_view path);

}  // namespace cryptoscope::store
