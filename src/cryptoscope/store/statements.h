// The store's SQL, compiled once per connection and reused (bind / step / reset).
#pragma once

#include <sqlite3.h>

#include "cryptoscope/core/result.h"
#include "cryptoscope/store/sqlite_util.h"

namespace cryptoscope::store {

// Rows per execution of PreparedStatements::upsert_candles: one multi-row VALUES statement
// costs one VDBE run (statement open, halt, reset) per chunk instead of per row, about 20% of
// SQLite's instructions per stored row (docs/BENCHMARKS.md, "ingest CPU").
inline constexpr int kUpsertChunkRows = 32;

struct PreparedStatements {
  // Into candles: ?1 series id, ?2 day (days since 1970-01-01), ?3..?8 open high low close
  // volume quote_volume, ?9 source. An existing (series, day) row is overwritten.
  Statement upsert_candle;
  // kUpsertChunkRows rows of one series: ?1 series id, ?2 source, then per row i (0-based)
  // ?(3 + 7i) day, ?(4 + 7i)..?(9 + 7i) open high low close volume quote_volume. Same
  // conflict rule as upsert_candle; rows of one chunk have distinct days.
  Statement upsert_candles;
  // ?1 symbol, ?2 source, ?3 synced_through. Never moves a same-source marker backwards.
  Statement upsert_sync;
  // ?1 updated_at.
  Statement clear_ranks;
  // ?1 symbol, ?2 name, ?3 rank, ?4 market_cap, ?5 source, ?6 pair, ?7 updated_at, ?8 price.
  Statement upsert_symbol;
  Statement load_sync;         // -> symbol, source, synced_through, checked_on, stale_since.
  Statement load_ban;          // ?1 host -> until_ms.
  Statement save_ban;          // ?1 host, ?2 until_ms.
  Statement count_rows;        // -> count(*) of candles.
  Statement find_series;       // ?1 symbol -> series id.
  Statement insert_series;     // ?1 symbol (new): its id is sqlite3_last_insert_rowid.
  Statement delete_gaps;       // ?1 symbol, ?2 first day, ?3 last day (both included).
  Statement insert_gap;        // ?1 symbol, ?2 date, ?3 source.
  Statement mark_checked;      // ?1 symbol, ?2 checked_on, ?3 stale (0/1): stale_since kept or set.
  Statement load_routes;       // -> symbol, name, source, pair.
  Statement load_no_market;    // -> symbol, checked_on.
  Statement save_no_market;    // ?1 symbol, ?2 checked_on.
  Statement delete_no_market;  // ?1 symbol.
};

// Prepares every statement. Preparing also checks that the tables have the columns we use, so a
// foreign file with same-named tables fails here (kIo naming the statement and the column).
[[nodiscard]] Result<PreparedStatements> PrepareStatements(sqlite3* db);

}  // namespace cryptoscope::store
