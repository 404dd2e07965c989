#include "cryptoscope/query/series_reader.h"

#include <fmt/format.h>

namespace cryptoscope::query {
namespace {

struct Finalizer {
  void operator()(sqlite3_stmt* statement) const noexcept { sqlite3_finalize(statement); }
};
using Statement = std::unique_ptr<sqlite3_stmt, Finalizer>;

tl::unexpected<Error> DbFail(sqlite3* db, const std::string& path, std::string_view what) {
  return Fail(ErrorCode::kIo, fmt::format("db {}: {}: {}", path, what, sqlite3_errmsg(db)));
}

Result<Statement> Prepare(sqlite3* db, const std::string& path, const char* sql) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &raw, nullptr) != SQLITE_OK) {
    return DbFail(db, path, "cannot read (run `cryptoscope ingest` first?)");
  }
  return Statement(raw);
}

std::string Text(sqlite3_stmt* statement, int column) {
  const auto* text = sqlite3_column_text(statement, column);
  return text ? reinterpret_cast<const char*>(text) : "";
}

}  // namespace

Result<SeriesReader> SeriesReader::Open(const std::string& path) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  std::unique_ptr<sqlite3, Closer> db(raw);
  if (rc != SQLITE_OK) {
    return Fail(ErrorCode::kIo, fmt::format("db {}: cannot open: {}", path,
                                            raw ? sqlite3_errmsg(raw) : "no memory"));
  }
  // The ingest may be writing: wait for its short transactions instead of failing.
  sqlite3_busy_timeout(db.get(), 5000);
  // Reading the schema is the first real access: it catches a file that is not a database.
  auto check = Prepare(db.get(), path,
                       "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
                       "('ohlcv', 'symbols')");
  if (!check) return tl::unexpected(check.error());
  if (sqlite3_step(check->get()) != SQLITE_ROW) {
    return DbFail(db.get(), path, "not a readable database");
  }
  if (sqlite3_column_int(check->get(), 0) != 2) {
    return Fail(
        ErrorCode::kIo,
        fmt::format("db {}: no ohlcv/symbols tables; run `cryptoscope ingest` first", path));
  }
  return SeriesReader(std::move(db), path);
}

Result<analysis::Series> SeriesReader::LoadSeries(std::string_view symbol) {
  auto statement = Prepare(db_.get(), path_,
                           "SELECT date, open, high, low, close, volume FROM ohlcv "
                           "WHERE symbol = ? ORDER BY date");
  if (!statement) return tl::unexpected(statement.error());
  sqlite3_stmt* s = statement->get();
  sqlite3_bind_text(s, 1, symbol.data(), static_cast<int>(symbol.size()), SQLITE_TRANSIENT);
  analysis::Series series;
  int rc = 0;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    const std::string date = Text(s, 0);
    const auto day = ParseDay(date);
    if (!day) {
      return Fail(ErrorCode::kIo,
                  fmt::format("db {}: {} has an unreadable date '{}'", path_, symbol, date));
    }
    series.days.push_back(*day);
    series.open.push_back(sqlite3_column_double(s, 1));
    series.high.push_back(sqlite3_column_double(s, 2));
    series.low.push_back(sqlite3_column_double(s, 3));
    series.close.push_back(sqlite3_column_double(s, 4));
    series.volume.push_back(sqlite3_column_double(s, 5));
  }
  if (rc != SQLITE_DONE) return DbFail(db_.get(), path_, fmt::format("reading {}", symbol));
  return series;
}

Result<std::vector<RankedCoin>> SeriesReader::RankedCoins(int limit) {
  auto statement = Prepare(db_.get(), path_,
                           "SELECT symbol, name, rank FROM symbols WHERE rank IS NOT NULL "
                           "ORDER BY rank, symbol LIMIT ?");
  if (!statement) return tl::unexpected(statement.error());
  sqlite3_stmt* s = statement->get();
  sqlite3_bind_int64(s, 1, limit > 0 ? limit : -1);
  std::vector<RankedCoin> coins;
  int rc = 0;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    coins.push_back({Text(s, 0), Text(s, 1), sqlite3_column_int(s, 2)});
  }
  if (rc != SQLITE_DONE) return DbFail(db_.get(), path_, "reading symbols");
  return coins;
}

Result<std::optional<Day>> SeriesReader::LastDay() {
  auto statement = Prepare(db_.get(), path_, "SELECT max(date) FROM ohlcv");
  if (!statement) return tl::unexpected(statement.error());
  sqlite3_stmt* s = statement->get();
  if (sqlite3_step(s) != SQLITE_ROW) return DbFail(db_.get(), path_, "reading the last day");
  if (sqlite3_column_type(s, 0) == SQLITE_NULL) return std::optional<Day>();
  return ParseDay(Text(s, 0));
}

Result<std::optional<std::string>> SeriesReader::CoinName(std::string_view symbol) {
  auto statement = Prepare(db_.get(), path_, "SELECT name FROM symbols WHERE symbol = ?");
  if (!statement) return tl::unexpected(statement.error());
  sqlite3_stmt* s = statement->get();
  sqlite3_bind_text(s, 1, symbol.data(), static_cast<int>(symbol.size()), SQLITE_TRANSIENT);
  const int rc = sqlite3_step(s);
  if (rc == SQLITE_DONE) return std::optional<std::string>();
  if (rc != SQLITE_ROW) return DbFail(db_.get(), path_, "reading symbols");
  return std::optional<std::string>(Text(s, 0));
}

}  // namespace cryptoscope::query
