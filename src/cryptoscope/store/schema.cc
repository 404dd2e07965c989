#include "cryptoscope/store/schema.h"

#include <fmt/format.h>

#include <functional>
#include <initializer_list>
#include <set>
#include <string>

#include "cryptoscope/store/sqlite_util.h"

namespace cryptoscope::store {
namespace {

// ohlcv is WITHOUT ROWID: every access is by (symbol, date), so the rows live in that order in
// the primary-key b-tree itself. A rowid table would keep a second b-tree (the implicit unique
// index on symbol, date), doubling the pages each upsert touches and the file size; rows are
// ~80 bytes, far below the size where WITHOUT ROWID stops paying off.
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
CREATE TABLE IF NOT EXISTS ohlcv (
  symbol       TEXT NOT NULL,
  date         TEXT NOT NULL,
  open         REAL,
  high         REAL,
  low          REAL,
  close        REAL,
  volume       REAL,
  quote_volume REAL,
  source       TEXT,
  PRIMARY KEY (symbol, date)
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

// The columns our statements use, per table. A foreign file may already hold a table of the same
// name that CREATE TABLE IF NOT EXISTS then silently keeps.
struct TableColumns {
  const char* table;
  std::initializer_list<const char*> columns;
};
const TableColumns kRequiredColumns[] = {
    {"symbols",
     {"symbol", "name", "rank", "market_cap", "source", "pair", "updated_at", "price",
      "coingecko_id"}},
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

Status EnsureSchema(sqlite3* db, std::string_view path) {
  auto transaction = Transaction::Begin(db, fmt::format("{}: create schema", path));
  if (!transaction) return tl::unexpected(std::move(transaction.error()));
  // Read again under the write lock: another process may have upgraded the file meanwhile.
  auto version = CheckSchemaVersion(db, path);
  if (!version) return tl::unexpected(std::move(version.error()));
  if (*version < kSchemaVersion) {
    if (auto status = AddMissingColumns(db, path); !status) return status;
  }
  if (auto status = Exec(db, kCreateTables, fmt::format("{}: create schema", path)); !status) {
    return status;
  }
  if (auto status = VerifyColumns(db, path); !status) return status;
  if (*version < kSchemaVersion) {
    const std::string stamp = fmt::format("PRAGMA user_version = {}", kSchemaVersion);
    if (auto status = Exec(db, stamp.c_str(), fmt::format("{}: set schema version", path));
        !status) {
      return status;
    }
  }
  return transaction->Commit(fmt::format("{}: create schema", path));
}

}  // namespace cryptoscope::store
