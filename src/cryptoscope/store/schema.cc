#include "cryptoscope/store/schema.h"

#include <fmt/format.h>

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <set>
#include <string>

#include "cryptoscope/store/sqlite_util.h"

namespace cryptoscope::store {
namespace {

// Candles live in `candles`, keyed on (series INTEGER, day INTEGER) WITHOUT ROWID: every access
// is by coin and day, so the rows sit in that order in the primary-key b-tree itself (a rowid
// table would keep a second b-tree for the key, doubling the pages each upsert touches). Integer
// keys instead of (symbol TEXT, 'YYYY-MM-DD' TEXT) cut SQLite's work per upserted row by ~40%
// (callgrind: 5.8k instead of 9.6k instructions; key comparisons and record encoding of two
// texts were most of it), the bulk of ingest's CPU per stored candle (issue 11).
// `series` gives each symbol ever stored an id (never reused: rows are never deleted).
// Users keep the v3 face: `ohlcv` is a view with the old columns in the old order (kCreateView).
// symbols.price is an extra column (the last price seen at discovery); new columns go last so
// the documented order stays a prefix.
constexpr const char* kCreateTables = R"sql(
CREATE TABLE IF NOT EXISTS symbols (
  symbol     TEXT PRIMARY KEY,
  name       TEXT,
  rank       INTEGER,
  market_cap REAL,
  source     TEXT,
  pair       TEXT,
  updated_at TEXT,
  price      REAL,
  coingecko_id TEXT
);
CREATE TABLE IF NOT EXISTS series (
  id     INTEGER PRIMARY KEY,
  symbol TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS candles (
  series       INTEGER NOT NULL,
  day          INTEGER NOT NULL,
  open         REAL,
  high         REAL,
  low          REAL,
  close        REAL,
  volume       REAL,
  quote_volume REAL,
  source       TEXT,
  PRIMARY KEY (series, day)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sync_state (
  symbol         TEXT PRIMARY KEY,
  source         TEXT NOT NULL,
  synced_through TEXT NOT NULL,
  updated_at     TEXT,
  checked_on     TEXT,
  stale_since    TEXT
);
CREATE TABLE IF NOT EXISTS host_bans (
  host     TEXT PRIMARY KEY,
  until_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS no_market (
  symbol     TEXT PRIMARY KEY,
  checked_on TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS venue_pace (
  host          TEXT PRIMARY KEY,
  last_start_ms INTEGER NOT NULL,
  recent        INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS known_gaps (
  symbol TEXT NOT NULL,
  date   TEXT NOT NULL,
  source TEXT NOT NULL,
  PRIMARY KEY (symbol, date)
) WITHOUT ROWID;
)sql";

// The users' face of `candles` (README): the v3 columns in the v3 order, the day as
// 'YYYY-MM-DD' text. Our own code reads and writes `candles` directly (integer days, no
// formatting per row). A lookup by symbol uses series' unique index, then the (series, day)
// prefix of candles' primary key. The ORDER BY costs no sort (series' covering symbol index, then
// each series' days in key order) and gives a query without ORDER BY the rows in the order the v3
// table returned them, (symbol, date): `SELECT * FROM ohlcv` is byte for byte what it was.
// The INSTEAD OF triggers keep hand edits in `sqlite3` working. A date must be a real day
// written 'YYYY-MM-DD' (the day number converts back to the same text; date() alone would pass
// '2024-02-30'): anything else is refused rather than stored as a NULL or a wrong day. Days
// convert with julianday() (exact for midnights), which even old sqlite3 shells know. Series rows
// are added with INSERT ... WHERE NOT EXISTS, not INSERT OR IGNORE: the conflict clause of an outer
// INSERT OR REPLACE would turn the latter into a REPLACE, which would give the symbol a new id and
// orphan its candles.
constexpr const char* kCreateView = R"sql(
CREATE VIEW IF NOT EXISTS ohlcv
  (symbol, date, open, high, low, close, volume, quote_volume, source) AS
SELECT s.symbol, date(c.day * 86400, 'unixepoch'), c.open, c.high, c.low, c.close, c.volume,
       c.quote_volume, c.source
FROM series s JOIN candles c ON c.series = s.id
ORDER BY s.symbol, c.day;
CREATE TRIGGER IF NOT EXISTS ohlcv_insert INSTEAD OF INSERT ON ohlcv
BEGIN
  SELECT RAISE(ABORT, 'ohlcv.symbol must not be NULL') WHERE NEW.symbol IS NULL;
  SELECT RAISE(ABORT, 'ohlcv.date must be a calendar day written YYYY-MM-DD, e.g. 2024-01-31')
  WHERE NOT (typeof(NEW.date) = 'text'
             AND NEW.date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
             AND date(julianday(NEW.date)) IS NEW.date);
  INSERT INTO series (symbol) SELECT NEW.symbol
  WHERE NOT EXISTS (SELECT 1 FROM series WHERE symbol = NEW.symbol);
  INSERT INTO candles (series, day, open, high, low, close, volume, quote_volume, source)
  VALUES ((SELECT id FROM series WHERE symbol = NEW.symbol),
          CAST(julianday(NEW.date) - 2440587.5 AS INTEGER), NEW.open, NEW.high, NEW.low,
          NEW.close, NEW.volume, NEW.quote_volume, NEW.source);
END;
CREATE TRIGGER IF NOT EXISTS ohlcv_update INSTEAD OF UPDATE ON ohlcv
BEGIN
  SELECT RAISE(ABORT, 'ohlcv.symbol must not be NULL') WHERE NEW.symbol IS NULL;
  SELECT RAISE(ABORT, 'ohlcv.date must be a calendar day written YYYY-MM-DD, e.g. 2024-01-31')
  WHERE NOT (typeof(NEW.date) = 'text'
             AND NEW.date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
             AND date(julianday(NEW.date)) IS NEW.date);
  INSERT INTO series (symbol) SELECT NEW.symbol
  WHERE NOT EXISTS (SELECT 1 FROM series WHERE symbol = NEW.symbol);
  UPDATE candles SET
    series = (SELECT id FROM series WHERE symbol = NEW.symbol),
    day = CAST(julianday(NEW.date) - 2440587.5 AS INTEGER),
    open = NEW.open, high = NEW.high, low = NEW.low, close = NEW.close, volume = NEW.volume,
    quote_volume = NEW.quote_volume, source = NEW.source
  WHERE series = (SELECT id FROM series WHERE symbol = OLD.symbol)
    AND day = CAST(julianday(OLD.date) - 2440587.5 AS INTEGER);
END;
CREATE TRIGGER IF NOT EXISTS ohlcv_delete INSTEAD OF DELETE ON ohlcv
BEGIN
  DELETE FROM candles
  WHERE series = (SELECT id FROM series WHERE symbol = OLD.symbol)
    AND day = CAST(julianday(OLD.date) - 2440587.5 AS INTEGER);
END;
)sql";

// Moving a v1..v3 `ohlcv` table into series + candles (one transaction with the rest of the
// upgrade). Only rows whose date is a real 'YYYY-MM-DD' day have a day number; the others (hand
// edits) are kept aside, unchanged, in ohlcv_rejected. Values are copied as stored (REAL stays
// REAL, a text in a price column stays text), so the view shows exactly the old rows. Series
// ids follow symbol order, so candles are appended in key order.
constexpr const char* kCountRejected = R"sql(
SELECT count(*) FROM ohlcv
WHERE NOT (typeof(date) = 'text' AND date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
           AND date(julianday(date)) IS date))sql";
constexpr const char* kKeepRejected = R"sql(
CREATE TABLE IF NOT EXISTS ohlcv_rejected (
  symbol       TEXT,
  date         TEXT,
  open         REAL,
  high         REAL,
  low          REAL,
  close        REAL,
  volume       REAL,
  quote_volume REAL,
  source       TEXT
);
INSERT INTO ohlcv_rejected
SELECT symbol, date, open, high, low, close, volume, quote_volume, source FROM ohlcv
WHERE NOT (typeof(date) = 'text' AND date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
           AND date(julianday(date)) IS date);
)sql";
constexpr const char* kMoveCandles = R"sql(
INSERT INTO series (symbol)
SELECT DISTINCT symbol FROM ohlcv
WHERE typeof(date) = 'text' AND date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
  AND date(julianday(date)) IS date
  AND NOT EXISTS (SELECT 1 FROM series s WHERE s.symbol = ohlcv.symbol)
ORDER BY symbol;
INSERT INTO candles (series, day, open, high, low, close, volume, quote_volume, source)
SELECT s.id, CAST(julianday(o.date) - 2440587.5 AS INTEGER), o.open, o.high, o.low, o.close,
       o.volume, o.quote_volume, o.source
FROM ohlcv o JOIN series s ON s.symbol = o.symbol
WHERE typeof(o.date) = 'text' AND o.date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
  AND date(julianday(o.date)) IS o.date;
DROP TABLE ohlcv;
)sql";

// Columns added to a table after it first shipped, with the statement that adds one. An older
// file gets those it lacks (ALTER TABLE ... ADD COLUMN keeps every row; the new column is NULL);
// tables added later need nothing here, as kCreateTables creates whatever is missing.
struct AddedColumn {
  const char* table;
  const char* column;
  const char* add;
};
constexpr AddedColumn kAddedColumns[] = {
    {"sync_state", "checked_on", "ALTER TABLE sync_state ADD COLUMN checked_on TEXT"},    // v2
    {"sync_state", "stale_since", "ALTER TABLE sync_state ADD COLUMN stale_since TEXT"},  // v2
    {"symbols", "coingecko_id", "ALTER TABLE symbols ADD COLUMN coingecko_id TEXT"},      // v3
};

Result<int> ReadSchemaVersion(sqlite3* db, std::string_view path) {
  sqlite3_stmt* raw = nullptr;
  // The first statement that reads the file: a foreign file is detected here.
  int rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &raw, nullptr);
  Statement statement(raw);
  if (rc == SQLITE_OK) rc = sqlite3_step(statement.get());
  if (rc == SQLITE_ROW) return sqlite3_column_int(statement.get(), 0);
  if ((sqlite3_errcode(db) & 0xff) == SQLITE_NOTADB) {
    // The user pointed DB_PATH at the wrong file: a configuration error, not a disk fault.
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("{}: file is not a database; choose another DB_PATH", path));
  }
  return SqliteFail(db, fmt::format("{}: read schema version", path));
}

// The columns our statements use, per table (or view). A foreign file may already hold a table of
// the same name that CREATE TABLE IF NOT EXISTS then silently keeps. A table that does not exist
// (yet: ohlcv before its view is created) has no columns and is skipped.
struct TableColumns {
  const char* table;
  std::initializer_list<const char*> columns;
};
const TableColumns kRequiredColumns[] = {
    {"symbols",
     {"symbol", "name", "rank", "market_cap", "source", "pair", "updated_at", "price",
      "coingecko_id"}},
    {"series", {"id", "symbol"}},
    {"candles",
     {"series", "day", "open", "high", "low", "close", "volume", "quote_volume", "source"}},
    // The v1..v3 table (checked before it is migrated) or the v4 view: the same columns.
    {"ohlcv",
     {"symbol", "date", "open", "high", "low", "close", "volume", "quote_volume", "source"}},
    {"sync_state",
     {"symbol", "source", "synced_through", "updated_at", "checked_on", "stale_since"}},
    {"host_bans", {"host", "until_ms"}},
    {"no_market", {"symbol", "checked_on"}},
    {"known_gaps", {"symbol", "date", "source"}},
    {"venue_pace", {"host", "last_start_ms", "recent"}},
};

Status VerifyColumns(sqlite3* db, std::string_view path) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT name FROM pragma_table_info(?1)", -1, &raw, nullptr) !=
      SQLITE_OK) {
    return SqliteFail(db, fmt::format("{}: check schema", path));
  }
  Statement query(raw);
  for (const auto& [table, columns] : kRequiredColumns) {
    ScopedReset reset(query.get());
    sqlite3_bind_text(query.get(), 1, table, -1, SQLITE_STATIC);
    std::set<std::string, std::less<>> present;
    int rc = SQLITE_OK;
    while ((rc = sqlite3_step(query.get())) == SQLITE_ROW) {
      present.emplace(reinterpret_cast<const char*>(sqlite3_column_text(query.get(), 0)));
    }
    if (rc != SQLITE_DONE) return SqliteFail(db, fmt::format("{}: check schema", path));
    if (present.empty()) continue;
    for (const char* column : columns) {
      if (!present.contains(std::string_view(column))) {
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("{}: table {} has no column {}: not a cryptoscope database; "
                                "choose another DB_PATH",
                                path, table, column));
      }
    }
  }
  return {};
}

Status AddMissingColumns(sqlite3* db, std::string_view path) {
  const std::string context = fmt::format("{}: upgrade schema", path);
  auto query = Prepare(db, "SELECT count(*) FROM pragma_table_info(?1) WHERE name = ?2", context);
  if (!query) return tl::unexpected(std::move(query.error()));
  auto exists =
      Prepare(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1", context);
  if (!exists) return tl::unexpected(std::move(exists.error()));
  for (const auto& [table, column, add] : kAddedColumns) {
    ScopedReset reset_exists(exists->get());
    ScopedReset reset_query(query->get());
    sqlite3_bind_text(exists->get(), 1, table, -1, SQLITE_STATIC);
    sqlite3_bind_text(query->get(), 1, table, -1, SQLITE_STATIC);
    sqlite3_bind_text(query->get(), 2, column, -1, SQLITE_STATIC);
    if (sqlite3_step(exists->get()) != SQLITE_ROW || sqlite3_step(query->get()) != SQLITE_ROW) {
      return SqliteFail(db, context);
    }
    const bool table_exists = sqlite3_column_int(exists->get(), 0) > 0;
    const bool has_column = sqlite3_column_int(query->get(), 0) > 0;
    if (!table_exists || has_column) continue;  // A missing table is created whole later.
    if (auto status = Exec(db, add, context); !status) return status;
  }
  return {};
}

// "table", "view", ... for `name` in sqlite_schema; empty when there is none.
Result<std::string> ObjectType(sqlite3* db, const char* name, std::string_view context) {
  auto query = Prepare(db, "SELECT type FROM sqlite_schema WHERE name = ?1", context);
  if (!query) return tl::unexpected(std::move(query.error()));
  sqlite3_bind_text(query->get(), 1, name, -1, SQLITE_STATIC);
  const int rc = sqlite3_step(query->get());
  if (rc == SQLITE_DONE) return std::string();
  if (rc != SQLITE_ROW) return SqliteFail(db, context);
  const auto* type = reinterpret_cast<const char*>(sqlite3_column_text(query->get(), 0));
  return std::string(type == nullptr ? "" : type);
}

// Moves the rows of a v1..v3 ohlcv table into series + candles (rows without a real day into
// ohlcv_rejected) and drops the table. Returns how many rows were rejected.
Result<int64_t> MoveCandles(sqlite3* db, std::string_view path) {
  const std::string context = fmt::format("{}: move ohlcv into candles", path);
  auto count = Prepare(db, kCountRejected, context);
  if (!count) return tl::unexpected(std::move(count.error()));
  if (sqlite3_step(count->get()) != SQLITE_ROW) return SqliteFail(db, context);
  const int64_t rejected = sqlite3_column_int64(count->get(), 0);
  count->reset();  // Finalize: DROP TABLE fails while a statement still reads the table.
  if (rejected > 0) {
    if (auto status = Exec(db, kKeepRejected, context); !status) {
      return tl::unexpected(std::move(status.error()));
    }
  }
  if (auto status = Exec(db, kMoveCandles, context); !status) {
    return tl::unexpected(std::move(status.error()));
  }
  return rejected;
}

}  // namespace

Result<int> CheckSchemaVersion(sqlite3* db, std::string_view path) {
  auto version = ReadSchemaVersion(db, path);
  if (version && *version > kSchemaVersion) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("{}: schema version {} is newer than this cryptoscope supports ({}); "
                            "upgrade cryptoscope or choose another DB_PATH",
                            path, *version, kSchemaVersion));
  }
  return version;
}

Result<SchemaUpgrade> EnsureSchema(sqlite3* db, std::string_view path) {
  const std::string context = fmt::format("{}: create schema", path);
  auto transaction = Transaction::Begin(db, context);
  if (!transaction) return tl::unexpected(std::move(transaction.error()));
  // Read again under the write lock: another process may have upgraded the file meanwhile.
  auto version = CheckSchemaVersion(db, path);
  if (!version) return tl::unexpected(std::move(version.error()));
  SchemaUpgrade upgrade{*version, 0, false};
  if (*version < kSchemaVersion) {
    if (auto status = AddMissingColumns(db, path); !status) {
      return tl::unexpected(std::move(status.error()));
    }
  }
  if (auto status = Exec(db, kCreateTables, context); !status) {
    return tl::unexpected(std::move(status.error()));
  }
  // Before the migration reads the old table: a foreign ohlcv fails as kInvalidArgument here.
  if (auto status = VerifyColumns(db, path); !status) {
    return tl::unexpected(std::move(status.error()));
  }
  auto kind = ObjectType(db, "ohlcv", context);
  if (!kind) return tl::unexpected(std::move(kind.error()));
  if (*kind == "table") {
    auto rejected = MoveCandles(db, path);
    if (!rejected) return tl::unexpected(std::move(rejected.error()));
    upgrade.rejected_rows = *rejected;
    upgrade.moved_candles = true;
  }
  if (auto status = Exec(db, kCreateView, context); !status) {
    return tl::unexpected(std::move(status.error()));
  }
  if (*version < kSchemaVersion) {
    const std::string stamp = fmt::format("PRAGMA user_version = {}", kSchemaVersion);
    if (auto status = Exec(db, stamp.c_str(), fmt::format("{}: set schema version", path));
        !status) {
      return tl::unexpected(std::move(status.error()));
    }
  }
  if (auto status = transaction->Commit(context); !status) {
    return tl::unexpected(std::move(status.error()));
  }
  return upgrade;
}

}  // namespace cryptoscope::store
