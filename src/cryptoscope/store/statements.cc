#include "cryptoscope/store/statements.h"

namespace cryptoscope::store {
namespace {

constexpr const char* kUpsertCandle = R"sql(
INSERT INTO ohlcv (symbol, date, open, high, low, close, volume, quote_volume, source)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
ON CONFLICT (symbol, date) DO UPDATE SET
  open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
  volume = excluded.volume, quote_volume = excluded.quote_volume, source = excluded.source
)sql";

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

constexpr const char* kLoadSync = "SELECT symbol, source, synced_through FROM sync_state";
constexpr const char* kLoadBan = "SELECT until_ms FROM host_bans WHERE host = ?1";
constexpr const char* kSaveBan = R"sql(
INSERT INTO host_bans (host, until_ms) VALUES (?1, ?2)
ON CONFLICT (host) DO UPDATE SET until_ms = excluded.until_ms
)sql";
constexpr const char* kCountRows = "SELECT count(*) FROM ohlcv";

}  // namespace

Result<PreparedStatements> PrepareStatements(sqlite3* db) {
  PreparedStatements out;
  struct Entry {
    Statement* slot;
    const char* sql;
    const char* context;
  };
  const Entry all[] = {
      {&out.upsert_candle, kUpsertCandle, "prepare candle upsert"},
      {&out.upsert_sync, kUpsertSync, "prepare sync marker upsert"},
      {&out.clear_ranks, kClearRanks, "prepare rank reset"},
      {&out.upsert_symbol, kUpsertSymbol, "prepare symbol upsert"},
      {&out.load_sync, kLoadSync, "prepare sync state query"},
      {&out.load_ban, kLoadBan, "prepare ban query"},
      {&out.save_ban, kSaveBan, "prepare ban upsert"},
      {&out.count_rows, kCountRows, "prepare candle count"},
  };
  for (const auto& [slot, sql, context] : all) {
    auto statement = Prepare(db, sql, context);
    if (!statement) return tl::unexpected(std::move(statement.error()));
    *slot = std::move(*statement);
  }
  return out;
}

}  // namespace cryptoscope::store
