// The database layout and its version. README documents the tables for users; the names and
// meanings of the columns users see are fixed: later versions add columns or tables, or (v4)
// keep an old table's face as a view.
#pragma once

#include <sqlite3.h>

#include <cstdint>
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
//   4  candles keyed on integers: series (symbol -> id) and candles (series, day); ohlcv becomes
//      a view of them with INSTEAD OF triggers; old rows without a real day go to
//      ohlcv_rejected (the only step that rewrites data)
inline constexpr int kSchemaVersion = 4;

// Reads PRAGMA user_version (the first read of the file) and refuses, as kInvalidArgument (the
// user chose the wrong file) naming `path`, a file that is not a database or whose schema is newer
// than kSchemaVersion; either message tells the user to choose another DB_PATH. Returns the version
// found (0 for a new file).
[[nodiscard]] Result<int> CheckSchemaVersion(sqlite3* db, std::string_view path);

// What EnsureSchema did.
struct SchemaUpgrade {
  int from_version = 0;        // user_version found (0: a new file, or one from before versions).
  int64_t rejected_rows = 0;   // Old ohlcv rows moved to ohlcv_rejected (date not a real day).
  bool moved_candles = false;  // The old ohlcv table was moved into candles and dropped.
};

// Creates any missing table, upgrades an older version step by step (adding tables and columns;
// v4 moves the rows of the old ohlcv table into series + candles and replaces the table by a
// view, see kSchemaVersion), checks that every table has the columns we use and stamps
// user_version = kSchemaVersion, all in one transaction. Idempotent. The message names `path`:
// kInvalidArgument when the file's schema is newer than kSchemaVersion (written by a newer
// cryptoscope) or a table of a foreign file lacks one of our columns, kIo on any SQLite error;
// the file is then left as it was.
[[nodiscard]] Result<SchemaUpgrade> EnsureSchema(sqlite3* db, std::string_view path);

}  // namespace cryptoscope::store
