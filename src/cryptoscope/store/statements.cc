#include "cryptoscope/store/statements.h"

#include <fmt/format.h>

#include <string>

namespace cryptoscope::store {
namespace {

// OR FAIL: a constraint failure stops the statement without undoing its earlier rows, so SQLite
// keeps no statement journal (a copy of every page the statement changes). Nothing is lost by
// it: the candles are written inside the page's transaction, which is rolled back whole on any
// failure. About 15% less CPU per row than the default ABORT (docs/BENCHMARKS.md).
// Keys are integers (series id, days since 1970-01-01): no text to format per row and cheaper
// key comparisons (schema.cc).
constexpr const char* kInsertCandles =
    "INSERT OR FAIL INTO candles (series, day, open, high, low, close, volume, quote_volume, "
    "source) VALUES ";
constexpr const char* kOnCandleConflict = R"sql(
ON CONFLICT (series, day) DO UPDATE SET
  open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
  volume = excluded.volume, quote_volume = excluded.quote_volume, source = excluded.source
)sql";

// The candle upsert for `rows` rows; parameter numbers as statements.h documents.
std::string CandleUpsertSql(int rows) {
  std::string sql = kInsertCandles;
  if (rows == 1) {
    sql += "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
  } else {
    for (int i = 0; i < rows; ++i) {
      const int p = 3 + 7 * i;
      sql += fmt::format("{}(?1, ?{}, ?{}, ?{}, ?{}, ?{}, ?{}, ?{}, ?2)", i == 0 ? "" : ",", p,
                         p + 1, p + 2, p + 3, p + 4, p + 5, p + 6);
    }
  }
  return sql + kOnCandleConflict;
}

// SET expressions see the row as it was, so the CASE compares against the stored marker.
// 'YYYY-MM-DD' text compares in date order. A stored marker that is not such a date (hand-edited)
// is replaced rather than kept forever by a text comparison that happens to favour it.
constexpr const char* kUpsertSync = R"sql(
INSERT INTO sync_state (symbol, source, synced_through, updated_at)
VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
ON CONFLICT (symbol) DO UPDATE SET
  synced_through = CASE
    WHEN sync_state.source = excluded.source
         AND sync_state.synced_through GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
         AND sync_state.synced_through > excluded.synced_through
      THEN sync_state.synced_through
    ELSE excluded.synced_through END,
  source = excluded.source,
  updated_at = excluded.updated_at
)sql";

constexpr const char* kClearRanks =
    "UPDATE symbols SET rank = NULL, updated_at = ?1 WHERE rank IS NOT NULL";

// Runs after kClearRanks in the same transaction, so a non-NULL rank can only come from an
// earlier entry of this same list: the WHERE makes the first entry of a duplicate win.
constexpr const char* kUpsertSymbol = R"sql(
INSERT INTO symbols (symbol, name, rank, market_cap, source, pair, updated_at, price)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
ON CONFLICT (symbol) DO UPDATE SET
  name = excluded.name, rank = excluded.rank, market_cap = excluded.market_cap,
  source = excluded.source, pair = excluded.pair, updated_at = excluded.updated_at,
  price = excluded.price
WHERE symbols.rank IS NULL
)sql";

constexpr const char* kLoadSync =
    "SELECT symbol, source, synced_through, checked_on, stale_since FROM sync_state";
constexpr const char* kLoadBan = "SELECT until_ms FROM host_bans WHERE host = ?1";
constexpr const char* kSaveBan = R"sql(
INSERT INTO host_bans (host, until_ms) VALUES (?1, ?2)
ON CONFLICT (host) DO UPDATE SET until_ms = excluded.until_ms
)sql";
constexpr const char* kCountRows = "SELECT count(*) FROM candles";
constexpr const char* kFindSeries = "SELECT id FROM series WHERE symbol = ?1";
constexpr const char* kInsertSeries = "INSERT INTO series (symbol) VALUES (?1)";
constexpr const char* kDeleteGaps =
    "DELETE FROM known_gaps WHERE symbol = ?1 AND date BETWEEN ?2 AND ?3";
constexpr const char* kInsertGap = R"sql(
INSERT INTO known_gaps (symbol, date, source) VALUES (?1, ?2, ?3)
ON CONFLICT (symbol, date) DO UPDATE SET source = excluded.source
)sql";
// A coin that turns stale keeps the day it was first found so; one that delivers again is not.
constexpr const char* kMarkChecked = R"sql(
UPDATE sync_state SET
  checked_on = ?2,
  stale_since = CASE WHEN ?3 THEN coalesce(stale_since, ?2) ELSE NULL END
WHERE symbol = ?1
)sql";
constexpr const char* kLoadRoutes = "SELECT symbol, name, source, pair FROM symbols";
constexpr const char* kLoadNoMarket = "SELECT symbol, checked_on FROM no_market";
constexpr const char* kSaveNoMarket = R"sql(
INSERT INTO no_market (symbol, checked_on) VALUES (?1, ?2)
ON CONFLICT (symbol) DO UPDATE SET checked_on = excluded.checked_on
)sql";
constexpr const char* kDeleteNoMarket = "DELETE FROM no_market WHERE symbol = ?1";

}  // namespace

Result<PreparedStatements> PrepareStatements(sqlite3* db) {
  PreparedStatements out;
  struct Entry {
    Statement* slot;
    std::string sql;
    const char* context;
  };
  const Entry all[] = {
      {&out.upsert_candle, CandleUpsertSql(1), "prepare candle upsert"},
      {&out.upsert_candles, CandleUpsertSql(kUpsertChunkRows), "prepare chunked candle upsert"},
      {&out.upsert_sync, kUpsertSync, "prepare sync marker upsert"},
      {&out.clear_ranks, kClearRanks, "prepare rank reset"},
      {&out.upsert_symbol, kUpsertSymbol, "prepare symbol upsert"},
      {&out.load_sync, kLoadSync, "prepare sync state query"},
      {&out.load_ban, kLoadBan, "prepare ban query"},
      {&out.save_ban, kSaveBan, "prepare ban upsert"},
      {&out.count_rows, kCountRows, "prepare candle count"},
      {&out.find_series, kFindSeries, "prepare series query"},
      {&out.insert_series, kInsertSeries, "prepare series insert"},
      {&out.delete_gaps, kDeleteGaps, "prepare known gap removal"},
      {&out.insert_gap, kInsertGap, "prepare known gap insert"},
      {&out.mark_checked, kMarkChecked, "prepare check marker update"},
      {&out.load_routes, kLoadRoutes, "prepare route query"},
      {&out.load_no_market, kLoadNoMarket, "prepare no-market query"},
      {&out.save_no_market, kSaveNoMarket, "prepare no-market upsert"},
      {&out.delete_no_market, kDeleteNoMarket, "prepare no-market removal"},
  };
  for (const auto& [slot, sql, context] : all) {
    auto statement = Prepare(db, sql, context);
    if (!statement) return tl::unexpected(std::move(statement.error()));
    *slot = std::move(*statement);
  }
  return out;
}

}  // namespace cryptoscope::store
