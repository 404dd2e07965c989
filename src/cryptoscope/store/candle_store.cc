#include "cryptoscope/store/candle_store.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <chrono>
#include <optional>
#include <string>
#include <utility>

#include "cryptoscope/store/day_text.h"
#include "cryptoscope/store/schema.h"
#include "cryptoscope/store/sqlite_util.h"
#include "cryptoscope/store/statements.h"

namespace cryptoscope::store {
namespace {

struct ConnectionCloser {
  void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};
using Connection = std::unique_ptr<sqlite3, ConnectionCloser>;

// Binds text that outlives the statement's next step (callers clear the bindings afterwards).
int BindText(sqlite3_stmt* statement, int index, std::string_view text) {
  return sqlite3_bind_text(statement, index, text.data(), static_cast<int>(text.size()),
                           SQLITE_STATIC);
}

int BindOptional(sqlite3_stmt* statement, int index, const std::optional<double>& value) {
  return value ? sqlite3_bind_double(statement, index, *value)
               : sqlite3_bind_null(statement, index);
}

std::string_view ColumnText(sqlite3_stmt* statement, int column) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
  if (text == nullptr) return {};
  return {text, static_cast<size_t>(sqlite3_column_bytes(statement, column))};
}

// Runs a statement whose parameters are bound; kIo when it does not finish.
Status StepDone(sqlite3* db, sqlite3_stmt* statement, std::string_view context) {
  if (sqlite3_step(statement) != SQLITE_DONE) return SqliteFail(db, context);
  return {};
}

// A coin no venue trades (empty pair) is stored with NULL source and pair.
int BindSourceAndPair(sqlite3_stmt* statement, const RoutedCoin& routed) {
  if (routed.pair.empty()) {
    return sqlite3_bind_null(statement, 5) | sqlite3_bind_null(statement, 6);
  }
  return BindText(statement, 5, SourceName(routed.source)) | BindText(statement, 6, routed.pair);
}

tl::unexpected<Error> BindFailed(std::string_view context, int rc) {
  return Fail(ErrorCode::kInternal, fmt::format("{}: bind: {}", context, sqlite3_errstr(rc)));
}

// The pragma answers with the mode in force: it stays "memory" for ":memory:" and may stay
// "delete" where WAL's shared memory is unavailable. Readers next to the writer need WAL.
Status UseWal(sqlite3* db, const std::string& name) {
  auto pragma = Prepare(db, "PRAGMA journal_mode = WAL", name + ": set journal mode");
  if (!pragma) return tl::unexpected(std::move(pragma.error()));
  if (sqlite3_step(pragma->get()) != SQLITE_ROW) return SqliteFail(db, name + ": set journal mode");
  const std::string_view mode = ColumnText(pragma->get(), 0);
  if (mode != "wal") {
    return Fail(ErrorCode::kIo, fmt::format("{}: cannot use WAL journal mode (got '{}'); choose a "
                                            "DB_PATH that is a file on a local file system",
                                            name, mode));
  }
  return {};
}

}  // namespace

CandleStore::CandleStore(sqlite3* db) : db_(db) {}

CandleStore::~CandleStore() {
  statements_.reset();  // Finalize before closing, so close_v2 closes now rather than lazily.
  sqlite3_close_v2(db_);
}

Result<std::unique_ptr<CandleStore>> CandleStore::Open(const std::filesystem::path& path,
                                                       const OpenOptions& options) {
  const std::string name = path.string();
  sqlite3* raw = nullptr;
  // NOMUTEX: the store is single-threaded by contract, so SQLite's per-call mutex is waste.
  const int rc =
      sqlite3_open_v2(name.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  Connection db(raw);  // open_v2 allocates a handle even when it fails; it must be closed.
  if (rc != SQLITE_OK) {
    return Fail(ErrorCode::kIo, fmt::format("{}: cannot open database: {}", name,
                                            raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_busy_timeout(db.get(), static_cast<int>(options.busy_timeout.count()));

  // Schema first, then the journal mode: a file we refuse (foreign, newer) stays untouched, and
  // the journal mode cannot change inside EnsureSchema's transaction anyway.
  auto version = CheckSchemaVersion(db.get(), name);
  if (!version) return tl::unexpected(std::move(version.error()));
  if (*version < kSchemaVersion) {
    // Larger b-tree pages suit pages of ~1000 rows of ~80 bytes: fewer WAL frames and syscalls
    // per commit (about 9% less CPU per stored candle, docs/BENCHMARKS.md). SQLite applies it
    // only to a file that has no pages yet; an existing database keeps its page size.
    if (auto status = Exec(db.get(), "PRAGMA page_size = 16384", name); !status) {
      return tl::unexpected(std::move(status.error()));
    }
    const auto started = std::chrono::steady_clock::now();
    auto upgrade = EnsureSchema(db.get(), name);
    if (!upgrade) return tl::unexpected(std::move(upgrade.error()));
    if (upgrade->moved_candles) {
      // The old table's pages are free now: half the file. VACUUM gives them back (0.5 s for
      // 1.1M candles) and, outside WAL mode, applies the 16 KiB page size to an older file.
      // Not needed for correctness: when it fails (a reader holds the file, no room for the
      // copy) the upgraded file stays as it is and later writes reuse the free pages.
      if (auto vacuum = Exec(db.get(), "VACUUM", name + ": compact after the upgrade"); !vacuum) {
        spdlog::warn("{}", vacuum.error().message);
      }
    }
    if (upgrade->from_version > 0 && upgrade->from_version < kSchemaVersion) {
      // Moving every candle (v4) is a one-time wait of seconds and a new file layout the user
      // should hear about at the default log level; adding tables is not worth a line.
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      const auto level = upgrade->moved_candles ? spdlog::level::warn : spdlog::level::info;
      spdlog::log(level,
                  "{}: upgraded schema version {} to {} in {:.1f} s{}", name,
                  upgrade->from_version, kSchemaVersion, seconds,
                  upgrade->moved_candles
                      ? " (once: candles now live in table candles; ohlcv is a view with the "
                        "same rows)"
                      : "");
    }
    if (upgrade->rejected_rows > 0) {
      spdlog::warn(
          "{}: {} ohlcv row(s) whose date is not a YYYY-MM-DD day were moved to table "
          "ohlcv_rejected by the upgrade to schema version {}",
          name, upgrade->rejected_rows, kSchemaVersion);
    }
  }
  if (auto status = UseWal(db.get(), name); !status) {
    return tl::unexpected(std::move(status.error()));
  }
  // In WAL mode NORMAL cannot corrupt the database; a power loss may only drop the last commits,
  // which the next run refetches.
  if (auto status = Exec(db.get(), "PRAGMA synchronous = NORMAL", name + ": set synchronous");
      !status) {
    return tl::unexpected(std::move(status.error()));
  }
  // Statement journals in memory. Each multi-row upsert runs inside the page's transaction, so
  // SQLite keeps a statement journal of the pages it changes; past 64 KiB (four 16 KiB pages:
  // a leaf split) that journal spilled to a new temporary file in /var/tmp, created, written
  // and unlinked once per page. Kept in memory it costs a few pages of RAM and saves ~30% of
  // the CPU per stored candle (docs/BENCHMARKS.md, "ingest CPU").
  if (auto status = Exec(db.get(), "PRAGMA temp_store = MEMORY", name + ": set temp store");
      !status) {
    return tl::unexpected(std::move(status.error()));
  }

  std::unique_ptr<CandleStore> store(new CandleStore(db.release()));
  auto statements = PrepareStatements(store->db_);
  if (!statements) {
    return Fail(ErrorCode::kIo, fmt::format("{}: {}", name, statements.error().message));
  }
  store->statements_ = std::make_unique<PreparedStatements>(std::move(*statements));
  return store;
}

Status CandleStore::WriteCandles(std::string_view symbol, Source source,
                                 std::span<const Candle> candles, Day synced_through) {
  return WritePage(PageWrite{symbol, source, candles, synced_through, std::nullopt, {}});
}

Status CandleStore::WritePage(const PageWrite& page) {
  if (page.candles.empty() && !page.synced_through && !page.answered) return {};
  const std::string context =
      page.candles.empty()
          ? fmt::format("write {} marker", page.symbol)
          : fmt::format("write {} {}..{}", page.symbol, FormatDay(page.candles.front().day),
                        FormatDay(page.candles.back().day));
  auto transaction = Transaction::Begin(db_, context);
  if (!transaction) return tl::unexpected(std::move(transaction.error()));
  std::optional<int64_t> resolved;  // A series id this transaction found or created.
  if (!page.candles.empty()) {
    int64_t series = 0;
    if (const auto cached = series_ids_.find(page.symbol); cached != series_ids_.end()) {
      series = cached->second;
    } else {
      auto id = ResolveSeries(page.symbol, context);
      if (!id) return tl::unexpected(std::move(id.error()));
      series = *id;
      resolved = *id;
    }
    if (auto status = UpsertCandles(page, series, context); !status) return status;
  }
  if (page.answered) {
    if (auto status = ReplaceGaps(page, context); !status) return status;
  }
  if (page.synced_through) {
    sqlite3_stmt* upsert = statements_->upsert_sync.get();
    ScopedReset reset(upsert);
    DayText date;
    const int rc = BindText(upsert, 1, page.symbol) | BindText(upsert, 2, SourceName(page.source)) |
                   BindText(upsert, 3, date.Format(*page.synced_through));
    if (rc != SQLITE_OK) return BindFailed(context, rc);
    if (auto status = StepDone(db_, upsert, context + ": sync marker"); !status) return status;
  }
  if (auto status = transaction->Commit(context); !status) return status;
  // Only now: a rolled-back transaction may have created the id, which then no longer exists.
  if (resolved) series_ids_.emplace(std::string(page.symbol), *resolved);
  return {};
}

Result<int64_t> CandleStore::ResolveSeries(std::string_view symbol, const std::string& context) {
  {
    sqlite3_stmt* find = statements_->find_series.get();
    ScopedReset reset(find);
    if (const int rc = BindText(find, 1, symbol); rc != SQLITE_OK) return BindFailed(context, rc);
    const int rc = sqlite3_step(find);
    if (rc == SQLITE_ROW) return sqlite3_column_int64(find, 0);
    if (rc != SQLITE_DONE) return SqliteFail(db_, context + ": series");
  }
  sqlite3_stmt* insert = statements_->insert_series.get();
  ScopedReset reset(insert);
  if (const int rc = BindText(insert, 1, symbol); rc != SQLITE_OK) return BindFailed(context, rc);
  if (auto status = StepDone(db_, insert, context + ": series"); !status) {
    return tl::unexpected(std::move(status.error()));
  }
  return sqlite3_last_insert_rowid(db_);
}

Status CandleStore::UpsertCandles(const PageWrite& page, int64_t series,
                                  const std::string& context) {
  const std::string_view source_name = SourceName(page.source);
  const auto day_number = [](Day day) -> sqlite3_int64 { return day.time_since_epoch().count(); };
  std::span<const Candle> rest = page.candles;
  // Whole chunks through the multi-row statement, the remainder row by row.
  if (rest.size() >= kUpsertChunkRows) {
    sqlite3_stmt* upsert = statements_->upsert_candles.get();
    ScopedReset reset(upsert);  // Also clears the binding into `source_name`.
    int rc = sqlite3_bind_int64(upsert, 1, series) | BindText(upsert, 2, source_name);
    while (rest.size() >= kUpsertChunkRows) {
      for (int i = 0; i < kUpsertChunkRows; ++i) {
        const Candle& candle = rest[static_cast<size_t>(i)];
        const int p = 3 + 7 * i;
        rc |= sqlite3_bind_int64(upsert, p, day_number(candle.day));
        rc |= sqlite3_bind_double(upsert, p + 1, candle.open);
        rc |= sqlite3_bind_double(upsert, p + 2, candle.high);
        rc |= sqlite3_bind_double(upsert, p + 3, candle.low);
        rc |= sqlite3_bind_double(upsert, p + 4, candle.close);
        rc |= sqlite3_bind_double(upsert, p + 5, candle.volume);
        rc |= sqlite3_bind_double(upsert, p + 6, candle.quote_volume);
      }
      if (rc != SQLITE_OK) return BindFailed(context, rc);
      if (sqlite3_step(upsert) != SQLITE_DONE) {
        return SqliteFail(db_, fmt::format("{}: at {}..{}", context, FormatDay(rest.front().day),
                                           FormatDay(rest[kUpsertChunkRows - 1].day)));
      }
      sqlite3_reset(upsert);
      rest = rest.subspan(kUpsertChunkRows);
    }
  }
  if (rest.empty()) return {};
  sqlite3_stmt* upsert = statements_->upsert_candle.get();
  ScopedReset reset(upsert);
  int rc = sqlite3_bind_int64(upsert, 1, series) | BindText(upsert, 9, source_name);
  for (const Candle& candle : rest) {
    rc |= sqlite3_bind_int64(upsert, 2, day_number(candle.day));
    rc |= sqlite3_bind_double(upsert, 3, candle.open);
    rc |= sqlite3_bind_double(upsert, 4, candle.high);
    rc |= sqlite3_bind_double(upsert, 5, candle.low);
    rc |= sqlite3_bind_double(upsert, 6, candle.close);
    rc |= sqlite3_bind_double(upsert, 7, candle.volume);
    rc |= sqlite3_bind_double(upsert, 8, candle.quote_volume);
    if (rc != SQLITE_OK) return BindFailed(context, rc);
    if (sqlite3_step(upsert) != SQLITE_DONE) {
      return SqliteFail(db_, fmt::format("{}: at {}", context, FormatDay(candle.day)));
    }
    sqlite3_reset(upsert);
  }
  return {};
}

Status CandleStore::ReplaceGaps(const PageWrite& page, const std::string& context) {
  const std::string first = FormatDay(page.answered->first);
  const std::string last = FormatDay(page.answered->last);
  {
    sqlite3_stmt* remove = statements_->delete_gaps.get();
    ScopedReset reset(remove);
    const int rc =
        BindText(remove, 1, page.symbol) | BindText(remove, 2, first) | BindText(remove, 3, last);
    if (rc != SQLITE_OK) return BindFailed(context, rc);
    if (auto status = StepDone(db_, remove, context + ": known gaps"); !status) return status;
  }
  sqlite3_stmt* insert = statements_->insert_gap.get();
  ScopedReset reset(insert);
  DayText date;
  int rc = BindText(insert, 1, page.symbol) | BindText(insert, 3, SourceName(page.source));
  for (const Day gap : page.gaps) {
    rc |= BindText(insert, 2, date.Format(gap));
    if (rc != SQLITE_OK) return BindFailed(context, rc);
    if (auto status = StepDone(db_, insert, context + ": known gap"); !status) return status;
    sqlite3_reset(insert);
  }
  return {};
}

Status CandleStore::MarkChecked(std::string_view symbol, Day checked_on, bool stale) {
  const std::string context = fmt::format("mark {} checked", symbol);
  sqlite3_stmt* update = statements_->mark_checked.get();
  ScopedReset reset(update);
  const std::string day = FormatDay(checked_on);
  const int rc = BindText(update, 1, symbol) | BindText(update, 2, day) |
                 sqlite3_bind_int(update, 3, stale ? 1 : 0);
  if (rc != SQLITE_OK) return BindFailed(context, rc);
  return StepDone(db_, update, context);
}

Result<std::map<std::string, SyncState>> CandleStore::LoadSyncState() {
  sqlite3_stmt* query = statements_->load_sync.get();
  ScopedReset reset(query);
  std::map<std::string, SyncState> out;
  int rc = SQLITE_OK;
  while ((rc = sqlite3_step(query)) == SQLITE_ROW) {
    const std::string_view symbol = ColumnText(query, 0);
    const std::optional<Source> source = SourceFromName(ColumnText(query, 1));
    const std::optional<Day> day = ParseDay(ColumnText(query, 2));
    if (symbol.empty() || !source || !day) continue;  // Not ours: the planner refetches it.
    out.emplace(symbol, SyncState{*source, *day, ParseDay(ColumnText(query, 3)),
                                  ParseDay(ColumnText(query, 4))});
  }
  if (rc != SQLITE_DONE) return SqliteFail(db_, "load sync state");
  return out;
}

Status CandleStore::SaveSymbols(const std::vector<RoutedCoin>& coins, std::string_view updated_at) {
  const std::string context = fmt::format("save {} symbols", coins.size());
  auto transaction = Transaction::Begin(db_, context);
  if (!transaction) return tl::unexpected(std::move(transaction.error()));
  {
    sqlite3_stmt* clear = statements_->clear_ranks.get();
    ScopedReset reset(clear);
    if (const int rc = BindText(clear, 1, updated_at); rc != SQLITE_OK) {
      return BindFailed(context, rc);
    }
    if (auto status = StepDone(db_, clear, context + ": clear ranks"); !status) return status;
  }
  sqlite3_stmt* upsert = statements_->upsert_symbol.get();
  ScopedReset reset(upsert);
  for (const RoutedCoin& routed : coins) {
    const Coin& coin = routed.coin;
    const int rc = BindText(upsert, 1, coin.symbol) | BindText(upsert, 2, coin.name) |
                   sqlite3_bind_int(upsert, 3, coin.rank) |
                   BindOptional(upsert, 4, coin.market_cap) | BindSourceAndPair(upsert, routed) |
                   BindText(upsert, 7, updated_at) | BindOptional(upsert, 8, coin.price);
    if (rc != SQLITE_OK) return BindFailed(context, rc);
    if (auto status = StepDone(db_, upsert, fmt::format("{}: {}", context, coin.symbol)); !status) {
      return status;
    }
    sqlite3_reset(upsert);
  }
  return transaction->Commit(context);
}

Result<std::optional<int64_t>> CandleStore::LoadBan(std::string_view host, int64_t now_ms) {
  const std::string context = fmt::format("load ban on {}", host);
  sqlite3_stmt* query = statements_->load_ban.get();
  ScopedReset reset(query);
  if (const int rc = BindText(query, 1, host); rc != SQLITE_OK) return BindFailed(context, rc);
  switch (sqlite3_step(query)) {
    case SQLITE_ROW: {
      const int64_t until_ms = sqlite3_column_int64(query, 0);
      if (until_ms > now_ms) return until_ms;
      return std::nullopt;
    }
    case SQLITE_DONE:
      return std::nullopt;
    default:
      return SqliteFail(db_, context);
  }
}

Status CandleStore::SaveBan(std::string_view host, int64_t until_ms) {
  const std::string context = fmt::format("save ban on {}", host);
  sqlite3_stmt* upsert = statements_->save_ban.get();
  ScopedReset reset(upsert);
  const int rc = BindText(upsert, 1, host) | sqlite3_bind_int64(upsert, 2, until_ms);
  if (rc != SQLITE_OK) return BindFailed(context, rc);
  return StepDone(db_, upsert, context);
}

Result<std::map<std::string, RoutedCoin>> CandleStore::LoadRoutes() {
  sqlite3_stmt* query = statements_->load_routes.get();
  ScopedReset reset(query);
  std::map<std::string, RoutedCoin> out;
  int rc = SQLITE_OK;
  while ((rc = sqlite3_step(query)) == SQLITE_ROW) {
    const auto source = SourceFromName(ColumnText(query, 2));
    if (!source) continue;
    RoutedCoin routed;
    routed.coin.symbol = ColumnText(query, 0);
    routed.coin.name = ColumnText(query, 1);
    routed.source = *source;
    routed.pair = ColumnText(query, 3);
    out.emplace(routed.coin.symbol, std::move(routed));
  }
  if (rc != SQLITE_DONE) return SqliteFail(db_, "load routes");
  return out;
}

Result<std::map<std::string, Day>> CandleStore::LoadNoMarket() {
  sqlite3_stmt* query = statements_->load_no_market.get();
  ScopedReset reset(query);
  std::map<std::string, Day> out;
  int rc = SQLITE_OK;
  while ((rc = sqlite3_step(query)) == SQLITE_ROW) {
    if (auto day = ParseDay(ColumnText(query, 1))) out.emplace(ColumnText(query, 0), *day);
  }
  if (rc != SQLITE_DONE) return SqliteFail(db_, "load no-market coins");
  return out;
}

Status CandleStore::SetNoMarket(std::string_view symbol, std::optional<Day> checked_on) {
  const std::string context = fmt::format("record market of {}", symbol);
  sqlite3_stmt* statement =
      checked_on ? statements_->save_no_market.get() : statements_->delete_no_market.get();
  ScopedReset reset(statement);
  const std::string day = checked_on ? FormatDay(*checked_on) : std::string();
  int rc = BindText(statement, 1, symbol);
  if (checked_on) rc |= BindText(statement, 2, day);
  if (rc != SQLITE_OK) return BindFailed(context, rc);
  return StepDone(db_, statement, context);
}

Result<int64_t> CandleStore::CountCandles() {
  sqlite3_stmt* query = statements_->count_rows.get();
  ScopedReset reset(query);
  if (sqlite3_step(query) != SQLITE_ROW) return SqliteFail(db_, "count candles");
  return sqlite3_column_int64(query, 0);
}

}  // namespace cryptoscope::store
