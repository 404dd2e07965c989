// For tests only: a second, plain SQLite connection to inspect or disturb the store's file, and
// candle builders.
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <variant>
#include <vector>

#include "cryptoscope/core/day.h"
#include "cryptoscope/core/types.h"

namespace cryptoscope::store {

// NULL, INTEGER, REAL or TEXT, compared exactly.
using Value = std::variant<std::monostate, int64_t, double, std::string>;
using Row = std::vector<Value>;

class RawDb {
 public:
  // busy_timeout 0: a test that would block fails at once instead.
  explicit RawDb(const std::filesystem::path& path) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) ADD_FAILURE() << sqlite3_errmsg(db_);
  }
  ~RawDb() { sqlite3_close_v2(db_); }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;

  void Exec(const std::string& sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      ADD_FAILURE() << sql << ": " << (error ? error : "?");
    }
    sqlite3_free(error);
  }

  std::vector<Row> Query(const std::string& sql) {
    std::vector<Row> rows;
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db_);
      return rows;
    }
    int rc = SQLITE_OK;
    while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
      Row row;
      for (int i = 0; i < sqlite3_column_count(statement); ++i) {
        switch (sqlite3_column_type(statement, i)) {
          case SQLITE_INTEGER:
            row.emplace_back(int64_t{sqlite3_column_int64(statement, i)});
            break;
          case SQLITE_FLOAT:
            row.emplace_back(sqlite3_column_double(statement, i));
            break;
          case SQLITE_NULL:
            row.emplace_back(std::monostate{});
            break;
          default:
            row.emplace_back(
                std::string(reinterpret_cast<const char*>(sqlite3_column_text(statement, i))));
        }
      }
      rows.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE) ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db_);
    sqlite3_finalize(statement);
    return rows;
  }

  // The single value of a one-row, one-column query.
  Value One(const std::string& sql) {
    const std::vector<Row> rows = Query(sql);
    if (rows.size() != 1 || rows[0].size() != 1) {
      ADD_FAILURE() << sql << ": expected one value";
      return {};
    }
    return rows[0][0];
  }

 private:
  sqlite3* db_ = nullptr;
};

inline Day D(const char* text) { return *ParseDay(text); }

// A candle whose every field differs and derives from `seed`.
inline Candle MakeCandle(Day day, double seed) {
  return Candle{day, seed + 0.1, seed + 0.9, seed - 0.3, seed + 0.5, seed * 10.25, seed * 1234.5};
}

// `count` consecutive days from `first`.
inline std::vector<Candle> MakeCandles(Day first, int count, double seed = 100) {
  std::vector<Candle> out;
  for (int i = 0; i < count; ++i) out.push_back(MakeCandle(first + std::chrono::days{i}, seed + i));
  return out;
}

}  // namespace cryptoscope::store
