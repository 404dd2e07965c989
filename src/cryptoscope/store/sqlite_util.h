// Thin RAII over the SQLite C API for the store's own use: prepared statements that finalize
// themselves, a reset guard, a write transaction that rolls back unless committed, and the one
// way SQLite errors become Error values (always kIo, context first, then SQLite's message).
// Not thread-safe, like the connection they wrap.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <string_view>
#include <utility>

#include "cryptoscope/core/result.h"

namespace cryptoscope::store {

struct StatementDeleter {
  void operator()(sqlite3_stmt* statement) const noexcept { sqlite3_finalize(statement); }
};
using Statement = std::unique_ptr<sqlite3_stmt, StatementDeleter>;

// "<context>: <SQLite's last message on db>", as kIo.
[[nodiscard]] tl::unexpected<Error> SqliteFail(sqlite3* db, std::string_view context);

// Compiles `sql` (one statement) for repeated use. kIo "<context>: <message>" on failure.
[[nodiscard]] Result<Statement> Prepare(sqlite3* db, std::string_view sql,
                                        std::string_view context);

// Runs `sql` (one or more statements, results discarded). kIo "<context>: <message>" on failure.
[[nodiscard]] Status Exec(sqlite3* db, const char* sql, std::string_view context);

// Resets `statement` and clears its bindings when the scope ends, so a half-stepped SELECT never
// keeps a read transaction (and its WAL snapshot) open, and no binding outlives the buffer it
// points into.
class ScopedReset {
 public:
  explicit ScopedReset(sqlite3_stmt* statement) : statement_(statement) {}
  ~ScopedReset() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }
  ScopedReset(const ScopedReset&) = delete;
  ScopedReset& operator=(const ScopedReset&) = delete;

 private:
  sqlite3_stmt* statement_;
};

// A write transaction: BEGIN IMMEDIATE takes the write lock up front (waiting up to the busy
// timeout), so a batch never fails half-way because another writer got in first. The destructor
// rolls back unless Commit() succeeded; it never throws.
class Transaction {
 public:
  [[nodiscard]] static Result<Transaction> Begin(sqlite3* db, std::string_view context);
  Transaction(Transaction&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  // kIo when COMMIT fails; the transaction is then rolled back by the destructor.
  [[nodiscard]] Status Commit(std::string_view context);

 private:
  explicit Transaction(sqlite3* db) : db_(db) {}
  sqlite3* db_;  // Null once committed or moved from.
};

}  // namespace cryptoscope::store
