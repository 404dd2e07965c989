#include "cryptoscope/store/sqlite_util.h"

#include <fmt/format.h>

#include <string>
#include <utility>

namespace cryptoscope::store {

tl::unexpected<Error> SqliteFail(sqlite3* db, std::string_view context) {
  return Fail(ErrorCode::kIo, fmt::format("{}: {}", context, sqlite3_errmsg(db)));
}

Result<Statement> Prepare(sqlite3* db, std::string_view sql, std::string_view context) {
  sqlite3_stmt* raw = nullptr;
  // PERSISTENT: these statements live as long as the connection and are stepped many times.
  const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
  Statement statement(raw);
  if (rc != SQLITE_OK) return SqliteFail(db, context);
  if (!statement) return Fail(ErrorCode::kInternal, fmt::format("{}: empty sql", context));
  return statement;
}

Status Exec(sqlite3* db, const char* sql, std::string_view context) {
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
    return SqliteFail(db, context);
  }
  return {};
}

Result<Transaction> Transaction::Begin(sqlite3* db, std::string_view context) {
  if (auto status = Exec(db, "BEGIN IMMEDIATE", context); !status) {
    return tl::unexpected(std::move(status.error()));
  }
  return Transaction(db);
}

Status Transaction::Commit(std::string_view context) {
  if (auto status = Exec(db_, "COMMIT", context); !status) return status;
  db_ = nullptr;
  return {};
}

Transaction::~Transaction() {
  // Some errors (SQLITE_FULL, SQLITE_IOERR, ...) roll the transaction back on their own; a
  // second ROLLBACK would only fail, so ask first.
  if (db_ != nullptr && sqlite3_get_autocommit(db_) == 0) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

}  // namespace cryptoscope::store
