// The SQLite store: the only owner of the database connection.
//
// Tables (the README documents them for users; DDL and version in schema.h/.cc):
//   symbols(symbol PK, name, rank, market_cap, source, pair, updated_at, price, coingecko_id)
//       rank is NULL for a coin no longer in the top N; source is SourceName(); pair e.g.
//       'BTCUSDT' or 'BTC-USD'; updated_at ISO-8601 UTC text; market_cap/price NULL if unknown;
//       source and pair NULL for a ranked coin no venue trades; coingecko_id NULL unless ranked
//       by CoinGecko.
//   series(id INTEGER PK, symbol UNIQUE NOT NULL) one id per symbol ever stored (rows are never
//       deleted, so ids are never reused).
//   candles(series, day, open, high, low, close, volume, quote_volume, source,
//           PRIMARY KEY(series, day)) WITHOUT ROWID; day = days since 1970-01-01 (UTC); prices
//       in USDT (binance, okx, bybit) or USD (cryptocompare).
//       Why integers (schema v4): SQLite's upsert of a row keyed on (symbol TEXT, 'YYYY-MM-DD'
//       TEXT) cost 9.6k instructions, on (series, day) 5.8k (-40%, callgrind), and it was ~2/3
//       of ingest's CPU per stored candle (issue 11: <= 1.2 us).
//   ohlcv(symbol, date 'YYYY-MM-DD', open, high, low, close, volume, quote_volume, source)
//       a VIEW of candles JOIN series: the users' face, the v1..v3 table's columns in its order.
//       INSTEAD OF INSERT/UPDATE/DELETE triggers apply hand edits to candles (an insert adds the
//       series row) and refuse, with RAISE(ABORT), a date that is not a real YYYY-MM-DD day.
//       We never read or write through it: prepared statements use candles and series directly.
//   ohlcv_rejected(the old ohlcv columns) only in files upgraded from v1..v3 that had rows whose
//       date was not a real day: those rows, kept aside unchanged (Open warns with the count).
//   sync_state(symbol PK, source, synced_through 'YYYY-MM-DD', updated_at, checked_on,
//              stale_since)
//       synced_through: the last day the provider delivered; every day up to it is stored or a
//       known gap, and the planner starts after it. checked_on: the providers' day of the last
//       completed request for the coin. stale_since: set while the coin has delivered nothing
//       new for plan::kStaleAfterDays (it is then asked less often).
//   known_gaps(symbol, date, source, PK(symbol, date)) WITHOUT ROWID: days inside a delivered
//       stretch that the provider has no candle for (no trading); never asked again.
//   host_bans(host PK, until_ms) a provider's ban (HTTP 418) that must outlive the process.
//   no_market(symbol PK, checked_on) coins no provider had a market for on that day.
//   venue_pace(host PK, last_start_ms, recent) a keyless venue's last request of the last run and
//       how many it made within the venue's window, so the next run paces across processes.
//
// WAL mode, synchronous=NORMAL, one writer. Every write is one transaction that either commits
// whole or leaves nothing, so a crash never leaves a page half-written, and the sync marker moves
// in the same transaction as the rows it vouches for. Not thread-safe: use from one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cryptoscope/core/result.h"
#include "cryptoscope/core/types.h"

struct sqlite3;

namespace cryptoscope::store {

struct PreparedStatements;  // statements.h

using SyncState = CoinSync;

// What one provider answer adds to a coin's history; written in one transaction.
struct PageWrite {
  std::string_view symbol;
  Source source = Source::kCryptoCompare;
  std::span<const Candle> candles;  // Ascending, no day twice.
  // The last day the provider delivered; nullopt leaves the marker as it is.
  std::optional<Day> synced_through;
  // The days this answer speaks for: known gaps stored inside are replaced by `gaps`.
  std::optional<DayRange> answered;
  std::span<const Day> gaps;  // Days inside `answered` without a candle at the provider.
};

// A venue's pacing left by the last run (venue_pace): its last request and how many it made
// within the venue's window before it.
struct VenuePace {
  int64_t last_start_ms = 0;
  int64_t recent = 0;
};

struct OpenOptions {
  // How long a statement waits for another connection's lock (a second writer, a checkpoint,
  // a `sqlite3` shell in a transaction) before failing with kIo "database is locked".
  std::chrono::milliseconds busy_timeout{5000};
};

class CandleStore {
 public:
  // Opens (creating if needed) the database, creates the schema when PRAGMA user_version is
  // older than ours (migrating a v1..v3 ohlcv table into series + candles, one transaction,
  // automatically on the first open by a v4 binary), and switches to WAL. The message names `path`. kInvalidArgument (choose
  // another DB_PATH) when the file is not a database, has a newer schema version or has a
  // same-named table lacking our columns (such files are left untouched); kIo when it cannot be
  // opened or cannot use WAL (e.g. ":memory:").
  [[nodiscard]] static Result<std::unique_ptr<CandleStore>> Open(const std::filesystem::path& path,
                                                                 const OpenOptions& options = {});
  // Finalizes the statements and closes the connection; never throws.
  ~CandleStore();
  CandleStore(const CandleStore&) = delete;
  CandleStore& operator=(const CandleStore&) = delete;

  // Per symbol, the day through which its history is complete. Symbols never synced are absent,
  // and so are rows whose source or date does not parse (hand-edited rows: they get refetched).
  [[nodiscard]] Result<std::map<std::string, SyncState>> LoadSyncState();

  // One transaction. Upserts the ranking: every listed coin gets its rank, name, market cap and
  // price (NULL when absent), source, pair and `updated_at` (ISO-8601 UTC text); every other
  // stored symbol keeps its row and history but its rank becomes NULL (and its updated_at is
  // set, if it was ranked until now). A symbol listed twice keeps its first entry. kIo on
  // failure, with nothing changed.
  [[nodiscard]] Status SaveSymbols(const std::vector<RoutedCoin>& coins,
                                   std::string_view updated_at);

  // One transaction: upserts `candles` for `symbol` (keyed on symbol+date, so a rerun is harmless)
  // and sets the coin's sync marker to `synced_through`. Either all of it commits or none; on
  // failure kIo "write <symbol> ...: <SQLite's message>".
  // The marker never moves backwards: when the stored marker has the same source and a later
  // day, that day is kept (the rows are still written). A marker of another source is replaced,
  // since it vouched for another provider's history. `candles` may be empty (marker only).
  [[nodiscard]] Status WriteCandles(std::string_view symbol, Source source,
                                    std::span<const Candle> candles, Day synced_through);
  // WriteCandles with known gaps: one transaction upserts the candles, replaces the known gaps
  // inside `page.answered` by `page.gaps` and moves the marker (by the same rule) when
  // `page.synced_through` is set. A page with nothing to write does nothing. kIo on failure,
  // with nothing changed.
  [[nodiscard]] Status WritePage(const PageWrite& page);
  // Records that a request for `symbol` completed on the providers' day `checked_on`, and
  // whether the coin is now stale (stale_since keeps the day it first was; cleared when not).
  // A coin without a sync_state row (nothing ever delivered) is left alone.
  [[nodiscard]] Status MarkChecked(std::string_view symbol, Day checked_on, bool stale);

  // One transaction: sets symbols.coingecko_id of each listed ticker (rows must exist: call after
  // SaveSymbols). kIo on failure, with nothing changed.
  [[nodiscard]] Status SaveCoinGeckoIds(const std::map<std::string, std::string>& ids);

  // The pacing the last run left for `host` ("okx", ...), if any; and recording this run's.
  [[nodiscard]] Result<std::optional<VenuePace>> LoadPace(std::string_view host);
  [[nodiscard]] Status SavePace(std::string_view host, const VenuePace& pace);

  // The end of a ban on `host` (ms since the epoch), if one was recorded and has not yet passed
  // `now_ms` (until_ms > now_ms); nullopt otherwise.
  [[nodiscard]] Result<std::optional<int64_t>> LoadBan(std::string_view host, int64_t now_ms);
  // Records (replacing any earlier one) a ban on `host` ending at `until_ms`.
  [[nodiscard]] Status SaveBan(std::string_view host, int64_t until_ms);

  // The route each stored symbol had in the last run that ranked it (source and pair), for when
  // Binance's pair list cannot be had. Rows with an unknown source are skipped.
  [[nodiscard]] Result<std::map<std::string, RoutedCoin>> LoadRoutes();

  // Coins that no provider had a market for, with the (providers') day that was last checked,
  // so a rerun on the same day asks no question it already has the answer to.
  [[nodiscard]] Result<std::map<std::string, Day>> LoadNoMarket();
  // Records that `symbol` had no market on `checked_on`; `found` = it has one now (forget it).
  [[nodiscard]] Status SetNoMarket(std::string_view symbol, std::optional<Day> checked_on);

  // Number of stored candles (rows of the ohlcv view), for summaries and tests.
  [[nodiscard]] Result<int64_t> CountCandles();

 private:
  explicit CandleStore(sqlite3* db);
  // The id of `symbol` in series, inserting it when missing (inside the caller's transaction).
  Result<int64_t> ResolveSeries(std::string_view symbol, const std::string& context);
  Status UpsertCandles(const PageWrite& page, int64_t series, const std::string& context);
  Status ReplaceGaps(const PageWrite& page, const std::string& context);
  sqlite3* db_;
  std::unique_ptr<PreparedStatements> statements_;
  // symbol -> series id, filled only after the transaction that used the id committed (series
  // rows are never deleted, so a committed id stays valid).
  std::map<std::string, int64_t, std::less<>> series_ids_;
};

}  // namespace cryptoscope::store
