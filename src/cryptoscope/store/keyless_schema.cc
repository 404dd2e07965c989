#include "cryptoscope/store/keyless_schema.h"

#include <fmt/format.h>

#include "cryptoscope/store/candle_store.h"
#include "cryptoscope/store/sqlite_util.h"

namespace cryptoscope::store {

Status EnsureKeylessSchema(sqlite3* db, std::string_view path) {
  const std::string context = fmt::format("{}: keyless schema", path);
  auto query = Prepare(db,
                       "SELECT (SELECT count(*) FROM pragma_table_info('symbols') WHERE name = "
                       "'coingecko_id') + (SELECT count(*) FROM sqlite_master WHERE type = "
                       "'table' AND name = 'venue_pace')",
                       context);
  if (!query) return tl::unexpected(std::move(query.error()));
  if (sqlite3_step(query->get()) != SQLITE_ROW) return SqliteFail(db, context);
  const int present = sqlite3_column_int(query->get(), 0);
  query->reset();  // Finalized: no statement may stay open across the schema change.
  if (present == 2) return {};
  auto transaction = Transaction::Begin(db, context);
  if (!transaction) return tl::unexpected(std::move(transaction.error()));
  auto has_column = Prepare(
      db, "SELECT 1 FROM pragma_table_info('symbols') WHERE name = 'coingecko_id'", context);
  if (!has_column) return tl::unexpected(std::move(has_column.error()));
  const bool column = sqlite3_step(has_column->get()) == SQLITE_ROW;
  has_column->reset();
  if (!column) {
    if (auto status = Exec(db, "ALTER TABLE symbols ADD COLUMN coingecko_id TEXT", context);
        !status) {
      return status;
    }
  }
  if (auto status = Exec(db,
                         "CREATE TABLE IF NOT EXISTS venue_pace (host TEXT PRIMARY KEY, "
                         "last_start_ms INTEGER NOT NULL, recent INTEGER NOT NULL)",
                         context);
      !status) {
    return status;
  }
  return transaction->Commit(context);
}

Result<std::optional<VenuePace>> CandleStore::LoadPace(std::string_view host) {
  const std::string context = fmt::format("load pace of {}", host);
  auto query =
      Prepare(db_, "SELECT last_start_ms, recent FROM venue_pace WHERE host = ?1", context);
  if (!query) return tl::unexpected(std::move(query.error()));
  sqlite3_bind_text(query->get(), 1, host.data(), static_cast<int>(host.size()), SQLITE_STATIC);
  switch (sqlite3_step(query->get())) {
    case SQLITE_ROW:
      return VenuePace{sqlite3_column_int64(query->get(), 0),
                       sqlite3_column_int64(query->get(), 1)};
    case SQLITE_DONE:
      return std::nullopt;
    default:
      return SqliteFail(db_, context);
  }
}

Status CandleStore::SavePace(std::string_view host, const VenuePace& pace) {
  const std::string context = fmt::format("save pace of {}", host);
  auto upsert = Prepare(db_,
                        "INSERT INTO venue_pace (host, last_start_ms, recent) VALUES (?1, ?2, ?3) "
                        "ON CONFLICT (host) DO UPDATE SET last_start_ms = excluded.last_start_ms, "
                        "recent = excluded.recent",
                        context);
  if (!upsert) return tl::unexpected(std::move(upsert.error()));
  const int rc = sqlite3_bind_text(upsert->get(), 1, host.data(), static_cast<int>(host.size()),
                                   SQLITE_STATIC) |
                 sqlite3_bind_int64(upsert->get(), 2, pace.last_start_ms) |
                 sqlite3_bind_int64(upsert->get(), 3, pace.recent);
  if (rc != SQLITE_OK || sqlite3_step(upsert->get()) != SQLITE_DONE) {
    return SqliteFail(db_, context);
  }
  return {};
}

Status CandleStore::SaveCoinGeckoIds(const std::map<std::string, std::string>& ids) {
  const std::string context = "save coingecko ids";
  auto transaction = Transaction::Begin(db_, context);
  if (!transaction) return tl::unexpected(std::move(transaction.error()));
  auto update = Prepare(db_, "UPDATE symbols SET coingecko_id = ?2 WHERE symbol = ?1", context);
  if (!update) return tl::unexpected(std::move(update.error()));
  for (const auto& [symbol, id] : ids) {
    sqlite3_stmt* statement = update->get();
    const int rc =
        sqlite3_bind_text(statement, 1, symbol.data(), static_cast<int>(symbol.size()),
                          SQLITE_STATIC) |
        sqlite3_bind_text(statement, 2, id.data(), static_cast<int>(id.size()), SQLITE_STATIC);
    if (rc != SQLITE_OK || sqlite3_step(statement) != SQLITE_DONE) {
      return SqliteFail(db_, fmt::format("{}: {}", context, symbol));
    }
    sqlite3_reset(statement);
  }
  return transaction->Commit(context);
}

}  // namespace cryptoscope::store
