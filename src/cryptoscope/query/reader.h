// One read-only connection to the store with its prepared statements. Never writes, so it reads
// while an ingest writes (WAL) and sees each commit as soon as its next statement starts.
// Not thread-safe: one Reader per thread at a time (Database hands them out).
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cryptoscope/core/result.h"
#include "cryptoscope/query/rows.h"
#include "cryptoscope/store/sqlite_util.h"

namespace cryptoscope::query {

class Reader {
 public:
  // Opens `path` read-only. kNotFound when the file does not exist, kInvalidArgument when it is
  // not a cryptoscope database (no symbols table, no series (v4) or ohlcv table (v1..v3)), kIo
  // on any other SQLite failure. Files of every schema version are read as they are (a Reader
  // never upgrades).
  [[nodiscard]] static Result<std::unique_ptr<Reader>> Open(const std::filesystem::path& path);
  ~Reader();
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  // Statements running past `deadline` stop and fail as kUnavailable ("time limit"); the
  // default (time_point::max()) never stops them. Bounds the work one request can cause.
  void SetDeadline(std::chrono::steady_clock::time_point deadline) { deadline_ = deadline; }

  // PRAGMA data_version: changes whenever another connection has committed since the last call.
  [[nodiscard]] Result<int64_t> DataVersion();

  // Every row of symbols with its first/last stored day and row count, ordered by symbol.
  // Counting is the expensive part (a scan of every row); a coin whose stamp is unchanged in
  // `previous` (ordered by symbol, may be empty) keeps its count from there.
  [[nodiscard]] Result<std::vector<SymbolSummary>> Summaries(
      const std::vector<SymbolSummary>& previous = {});

  // Stored days of `symbol` in [from, to] (inclusive 'YYYY-MM-DD'), ascending; when more than
  // `limit` match, the newest `limit`.
  [[nodiscard]] Result<std::vector<Bar>> Bars(std::string_view symbol, std::string_view from,
                                              std::string_view to, int64_t limit);

  // Every stored date of `symbol`, ascending.
  [[nodiscard]] Result<std::vector<std::string>> Dates(std::string_view symbol);
  // Dates of `symbol` in known_gaps (empty when the table does not exist yet), ascending.
  [[nodiscard]] Result<std::vector<std::string>> KnownGapDates(std::string_view symbol);
  // sync_state of `symbol`: synced_through and stale_since (nullopt when absent).
  struct SyncState {
    std::optional<std::string> synced_through;
    std::optional<std::string> stale_since;
  };
  [[nodiscard]] Result<SyncState> Sync(std::string_view symbol);

  // PRAGMA user_version and the newest sync_state.updated_at (for /health).
  [[nodiscard]] Result<StoreFacts> Facts();

  // Calls `visit` for every ohlcv row in (symbol, date) order, values as stored (a NULL or text
  // price reads as NaN), for audits of what the file holds; in a v4 file then the rows of
  // ohlcv_rejected (kept aside by the upgrade: their date is not a day), also in (symbol, date)
  // order. Stops early when `visit` returns false.
  [[nodiscard]] Status ScanRows(const std::function<bool(const StoredRow&)>& visit);
  // PRAGMA quick_check (or integrity_check when `full`): "ok", or SQLite's findings.
  [[nodiscard]] Result<std::vector<std::string>> IntegrityCheck(bool full);

 private:
  explicit Reader(sqlite3* db, std::string name);
  [[nodiscard]] Status Prepare();
  // SqliteFail, but kUnavailable when the deadline interrupted the statement.
  [[nodiscard]] tl::unexpected<Error> StepFailed(std::string_view what) const;
  // ScanRows over one statement; `days`: column 1 holds day numbers. `more` = false once `visit`
  // asked to stop.
  [[nodiscard]] Status ScanStatement(sqlite3_stmt* statement, bool days,
                                     const std::function<bool(const StoredRow&)>& visit,
                                     bool& more);

  sqlite3* db_;
  std::string name_;
  std::chrono::steady_clock::time_point deadline_ = std::chrono::steady_clock::time_point::max();
  bool candles_ = false;  // Schema v4: read candles + series (else the old ohlcv table).
  bool has_known_gaps_ = false;
  bool has_stale_since_ = false;
  store::Statement data_version_, summaries_, count_, bars_, dates_, scan_, scan_rejected_,
      known_gaps_, sync_, user_version_, last_ingest_;
};

}  // namespace cryptoscope::query
