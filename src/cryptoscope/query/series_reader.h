// query: the read side's typed access to the store (schema in the README), over one read-only
// SQLite connection; never writes, never creates a file. The minimal reader the analysis needs
// (whole daily series per coin, the ranked coin list, the newest stored day); the serve stage's
// richer queries can absorb it.
// Not thread-safe: one SeriesReader per thread (opening one is cheap).
#pragma once

#include <sqlite3.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cryptoscope/analysis/series.h"
#include "cryptoscope/core/result.h"

namespace cryptoscope::query {

struct RankedCoin {
  std::string symbol;
  std::string name;
  int rank = 0;
};

class SeriesReader {
 public:
  // Opens `path` read-only. kIo "db <path>: ..." when the file is missing, is not a SQLite
  // database, or lacks the ohlcv / symbols tables (nothing ingested yet).
  [[nodiscard]] static Result<SeriesReader> Open(const std::string& path);

  // Every stored row of `symbol` (exact, case-sensitive), in date order; an empty Series when the
  // coin has no rows. kIo on a database error or an unreadable date.
  [[nodiscard]] Result<analysis::Series> LoadSeries(std::string_view symbol);

  // Coins currently in the top N (rank not NULL), by rank; at most `limit` (all when limit <= 0).
  [[nodiscard]] Result<std::vector<RankedCoin>> RankedCoins(int limit = 0);

  // The newest day stored for any coin; nullopt when ohlcv is empty.
  [[nodiscard]] Result<std::optional<Day>> LastDay();

  // The coin's name from symbols; nullopt if the symbol is not listed.
  [[nodiscard]] Result<std::optional<std::string>> CoinName(std::string_view symbol);

 private:
  struct Closer {
    void operator()(sqlite3* db) const noexcept { sqlite3_close(db); }
  };
  SeriesReader(std::unique_ptr<sqlite3, Closer> db, std::string path)
      : db_(std::move(db)), path_(std::move(path)) {}

  std::unique_ptr<sqlite3, Closer> db_;
  std::string path_;
};

}  // namespace cryptoscope::query
