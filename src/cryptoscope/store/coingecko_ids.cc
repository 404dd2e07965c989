#include "cryptoscope/store/coingecko_ids.h"

#include <fmt/format.h>

#include "cryptoscope/store/candle_store.h"
#include "cryptoscope/store/sqlite_util.h"

namespace cryptoscope::store {

Status AddCoinGeckoIdColumn(sqlite3* db, std::string_view path) {
  const std::string context = fmt::format("{}: add symbols.coingecko_id", path);
  auto query = Prepare(db, "SELECT 1 FROM pragma_table_info('symbols') WHERE name = 'coingecko_id'",
                       context);
  if (!query) return tl::unexpected(std::move(query.error()));
  const int rc = sqlite3_step(query->get());
  if (rc == SQLITE_ROW) return {};
  if (rc != SQLITE_DONE) return SqliteFail(db, context);
  query->reset();  // Finalized: no statement may stay open across the schema change.
  auto transaction = Transaction::Begin(db, context);
  if (!transaction) return tl::unexpected(std::move(transaction.error()));
  if (auto status = Exec(db, "ALTER TABLE symbols ADD COLUMN coingecko_id TEXT", context);
      !status) {
    return status;
  }
  return transaction->Commit(context);
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
