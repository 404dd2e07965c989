// The keyless venues' part of CandleStore: their pacing across runs and CoinGecko's ids.
#include <fmt/format.h>

#include "cryptoscope/store/candle_store.h"
#include "cryptoscope/store/sqlite_util.h"

namespace cryptoscope::store {

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
