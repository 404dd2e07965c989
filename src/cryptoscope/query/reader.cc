#include "cryptoscope/query/reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <limits>
#include <system_error>
#include <utility>

#include "cryptoscope/core/day.h"
#include "cryptoscope/store/day_text.h"

namespace cryptoscope::query {
namespace {

using store::ScopedReset;

// Every statement is a constant: parameters are bound, never spliced into SQL text. Per-coin
// min/max are two seeks in the (symbol, date) primary key of the WITHOUT ROWID table; the stamp
// (sync_state's updated_at and synced_through, which ingest rewrites with every page it stores)
// says whether the count of the previous catalog still holds.
constexpr const char* kSummaries = R"sql(
SELECT s.symbol, s.name, s.rank, s.market_cap, s.price, s.source, s.pair,
       (SELECT min(date) FROM ohlcv o WHERE o.symbol = s.symbol),
       (SELECT max(date) FROM ohlcv o WHERE o.symbol = s.symbol),
       (SELECT updated_at || '|' || synced_through FROM sync_state t WHERE t.symbol = s.symbol)
FROM symbols s ORDER BY s.symbol)sql";
constexpr const char* kSummariesWithoutSync = R"sql(
SELECT s.symbol, s.name, s.rank, s.market_cap, s.price, s.source, s.pair,
       (SELECT min(date) FROM ohlcv o WHERE o.symbol = s.symbol),
       (SELECT max(date) FROM ohlcv o WHERE o.symbol = s.symbol), NULL
FROM symbols s ORDER BY s.symbol)sql";
constexpr const char* kCount = "SELECT count(*) FROM ohlcv WHERE symbol = ?1";
constexpr const char* kBars = R"sql(
SELECT date, open, high, low, close, volume, quote_volume FROM ohlcv
WHERE symbol = ?1 AND date >= ?2 AND date <= ?3 ORDER BY date DESC LIMIT ?4)sql";
constexpr const char* kDates = "SELECT date FROM ohlcv WHERE symbol = ?1 ORDER BY date";
constexpr const char* kScan =
    "SELECT symbol, date, open, high, low, close, volume, quote_volume FROM ohlcv "
    "ORDER BY symbol, date";

// Schema v4 (store/schema.cc): the same answers from candles and series directly, not through the
// ohlcv view, with integer days (days since 1970-01-01) that DayColumn formats. Each lookup of
// a coin is one seek in series' unique index on symbol, then a range of candles' primary key.
constexpr const char* kSummariesV4 = R"sql(
SELECT s.symbol, s.name, s.rank, s.market_cap, s.price, s.source, s.pair,
       (SELECT min(c.day) FROM candles c WHERE c.series = r.id),
       (SELECT max(c.day) FROM candles c WHERE c.series = r.id),
       (SELECT updated_at || '|' || synced_through FROM sync_state t WHERE t.symbol = s.symbol)
FROM symbols s LEFT JOIN series r ON r.symbol = s.symbol ORDER BY s.symbol)sql";
constexpr const char* kCountV4 = R"sql(
SELECT count(*) FROM candles WHERE series = (SELECT id FROM series WHERE symbol = ?1))sql";
constexpr const char* kBarsV4 = R"sql(
SELECT day, open, high, low, close, volume, quote_volume FROM candles
WHERE series = (SELECT id FROM series WHERE symbol = ?1) AND day >= ?2 AND day <= ?3
ORDER BY day DESC LIMIT ?4)sql";
constexpr const char* kDatesV4 = R"sql(
SELECT day FROM candles WHERE series = (SELECT id FROM series WHERE symbol = ?1)
ORDER BY day)sql";
// Rows the v4 upgrade kept aside (their date was not a day), as the old table held them.
constexpr const char* kScanRejected =
    "SELECT symbol, date, open, high, low, close, volume, quote_volume FROM ohlcv_rejected "
    "ORDER BY symbol, date";
constexpr const char* kScanV4 = R"sql(
SELECT s.symbol, c.day, c.open, c.high, c.low, c.close, c.volume, c.quote_volume
FROM series s JOIN candles c ON c.series = s.id ORDER BY s.symbol, c.day)sql";
constexpr const char* kKnownGaps = "SELECT date FROM known_gaps WHERE symbol = ?1 ORDER BY date";
constexpr const char* kSyncWithStale =
    "SELECT synced_through, stale_since FROM sync_state WHERE symbol = ?1";
constexpr const char* kSyncPlain = "SELECT synced_through, NULL FROM sync_state WHERE symbol = ?1";
// ohlcv is a table up to schema v3 and a view from v4 on.
constexpr const char* kTableExists =
    "SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?1";
constexpr const char* kColumnExists = "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2";

std::optional<std::string> OptionalText(sqlite3_stmt* statement, int column) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
  if (text == nullptr) return std::nullopt;
  return std::string(text, static_cast<size_t>(sqlite3_column_bytes(statement, column)));
}

std::optional<double> OptionalDouble(sqlite3_stmt* statement, int column) {
  if (sqlite3_column_type(statement, column) == SQLITE_NULL) return std::nullopt;
  return sqlite3_column_double(statement, column);
}

std::optional<int64_t> OptionalInt(sqlite3_stmt* statement, int column) {
  if (sqlite3_column_type(statement, column) == SQLITE_NULL) return std::nullopt;
  return sqlite3_column_int64(statement, column);
}

// A day column of candles as 'YYYY-MM-DD' (nullopt for NULL). An integer is a day number; any
// other value (a hand edit storing text in the INTEGER column) is returned as its text, so an
// audit reports it as a date that is not a day.
std::optional<std::string> DayColumn(sqlite3_stmt* statement, int column) {
  if (sqlite3_column_type(statement, column) == SQLITE_INTEGER) {
    store::DayText text;  // ~15 ns; fmt would cost ~240 ns a row of every served bar.
    return std::string(
        text.Format(Day{std::chrono::days{sqlite3_column_int64(statement, column)}}));
  }
  return OptionalText(statement, column);
}

// The day number of `text` for a range bound; `fallback` (the widest bound) when it is not a
// day, like the text comparison it replaces for the callers' "0000-01-01".."9999-12-31".
int64_t DayNumber(std::string_view text, int64_t fallback) {
  const std::optional<Day> day = ParseDay(text);
  return day ? day->time_since_epoch().count() : fallback;
}

int BindText(sqlite3_stmt* statement, int index, std::string_view text) {
  return sqlite3_bind_text(statement, index, text.data(), static_cast<int>(text.size()),
                           SQLITE_STATIC);
}

// True when the one-row probe `sql` with text parameters `a` (and `b`) returns a row.
Result<bool> Probe(sqlite3* db, const char* sql, std::string_view a, std::string_view b,
                   std::string_view context) {
  auto statement = store::Prepare(db, sql, context);
  if (!statement) return tl::unexpected(std::move(statement.error()));
  BindText(statement->get(), 1, a);
  if (!b.empty()) BindText(statement->get(), 2, b);
  const int rc = sqlite3_step(statement->get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return store::SqliteFail(db, context);
}

}  // namespace

Reader::Reader(sqlite3* db, std::string name) : db_(db), name_(std::move(name)) {}

Reader::~Reader() {
  // Finalize every statement before closing, so close_v2 closes now rather than lazily.
  data_version_.reset();
  summaries_.reset();
  count_.reset();
  bars_.reset();
  dates_.reset();
  scan_.reset();
  scan_rejected_.reset();
  known_gaps_.reset();
  sync_.reset();
  user_version_.reset();
  last_ingest_.reset();
  sqlite3_close_v2(db_);
}

Result<std::unique_ptr<Reader>> Reader::Open(const std::filesystem::path& path) {
  const std::string name = path.string();
  std::error_code ignored;
  if (!std::filesystem::exists(path, ignored)) {
    return Fail(ErrorCode::kNotFound,
                fmt::format("{}: no such database; run `cryptoscope ingest` first or choose "
                            "another DB_PATH",
                            name));
  }
  sqlite3* raw = nullptr;
  // NOMUTEX: a Reader is used by one thread at a time by contract.
  const int rc =
      sqlite3_open_v2(name.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
  std::unique_ptr<Reader> reader(new Reader(raw, name));
  if (rc != SQLITE_OK) return store::SqliteFail(raw, fmt::format("{}: open read-only", name));
  // An ingest holds the write lock only briefly per batch; a checkpoint may block a reader
  // for a moment.
  sqlite3_busy_timeout(raw, 2000);
  if (auto status = reader->Prepare(); !status) return tl::unexpected(std::move(status.error()));
  // One reader per server thread: SQLite's default 2 MiB page cache each would add up to more
  // than the response cache. A request reads a few pages; the OS caches the file anyway.
  if (auto status = store::Exec(raw, "PRAGMA cache_size = -1024", name + ": set cache size");
      !status) {
    return tl::unexpected(std::move(status.error()));
  }
  // Checked every 10k virtual machine steps (~0.1 ms): a non-zero return interrupts.
  sqlite3_progress_handler(
      raw, 10'000,
      [](void* self) -> int {
        return std::chrono::steady_clock::now() > static_cast<Reader*>(self)->deadline_ ? 1 : 0;
      },
      reader.get());
  return reader;
}

Status Reader::Prepare() {
  const std::string context = name_ + ": read schema";
  // A v4 file has candles; an older one (not yet upgraded by an ingest: readers never write)
  // is read through its ohlcv table.
  auto v4 = Probe(db_, kTableExists, "candles", "", context);
  if (!v4 && (sqlite3_errcode(db_) & 0xff) == SQLITE_NOTADB) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("{}: file is not a database; choose another DB_PATH", name_));
  }
  if (!v4) return tl::unexpected(std::move(v4.error()));
  candles_ = *v4;
  for (const char* table : {"symbols", candles_ ? "series" : "ohlcv"}) {
    auto found = Probe(db_, kTableExists, table, "", context);
    if (!found && (sqlite3_errcode(db_) & 0xff) == SQLITE_NOTADB) {
      // The user chose the wrong file: a usage error, not a disk fault.
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("{}: file is not a database; choose another DB_PATH", name_));
    }
    if (!found) return tl::unexpected(std::move(found.error()));
    if (!*found) {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("{}: no table {}: not a cryptoscope database; choose another "
                              "DB_PATH",
                              name_, table));
    }
  }
  auto has_sync = Probe(db_, kTableExists, "sync_state", "", context);
  auto known = Probe(db_, kTableExists, "known_gaps", "", context);
  auto stale = Probe(db_, kColumnExists, "sync_state", "stale_since", context);
  if (!has_sync || !known || !stale) return store::SqliteFail(db_, context);
  has_known_gaps_ = *known;
  has_stale_since_ = *stale;

  struct Wanted {
    store::Statement* slot;
    const char* sql;
  };
  // v4 always has sync_state (created with candles).
  std::vector<Wanted> wanted = {
      {&data_version_, "PRAGMA data_version"},
      {&summaries_, candles_ ? kSummariesV4 : (*has_sync ? kSummaries : kSummariesWithoutSync)},
      {&count_, candles_ ? kCountV4 : kCount},
      {&bars_, candles_ ? kBarsV4 : kBars},
      {&dates_, candles_ ? kDatesV4 : kDates},
      {&scan_, candles_ ? kScanV4 : kScan},
      {&user_version_, "PRAGMA user_version"}};
  if (*has_sync) {
    wanted.push_back({&sync_, has_stale_since_ ? kSyncWithStale : kSyncPlain});
    wanted.push_back({&last_ingest_, "SELECT max(updated_at) FROM sync_state"});
  }
  if (has_known_gaps_) wanted.push_back({&known_gaps_, kKnownGaps});
  if (candles_) {
    auto rejected = Probe(db_, kTableExists, "ohlcv_rejected", "", context);
    if (!rejected) return tl::unexpected(std::move(rejected.error()));
    if (*rejected) wanted.push_back({&scan_rejected_, kScanRejected});
  }
  for (const auto& [slot, sql] : wanted) {
    auto statement = store::Prepare(db_, sql, name_ + ": prepare");
    if (!statement) return tl::unexpected(std::move(statement.error()));
    *slot = std::move(*statement);
  }
  return {};
}

tl::unexpected<Error> Reader::StepFailed(std::string_view what) const {
  if (sqlite3_errcode(db_) == SQLITE_INTERRUPT) {
    return Fail(ErrorCode::kUnavailable, fmt::format("{}: {}: time limit reached", name_, what));
  }
  return store::SqliteFail(db_, fmt::format("{}: {}", name_, what));
}

Result<int64_t> Reader::DataVersion() {
  ScopedReset reset(data_version_.get());
  if (sqlite3_step(data_version_.get()) != SQLITE_ROW) {
    return store::SqliteFail(db_, name_ + ": data version");
  }
  return sqlite3_column_int64(data_version_.get(), 0);
}

Result<std::vector<SymbolSummary>> Reader::Summaries(const std::vector<SymbolSummary>& previous) {
  // One read transaction, so the list and the counts come from the same snapshot of the WAL.
  if (auto begun = store::Exec(db_, "BEGIN", name_ + ": begin read"); !begun) {
    return tl::unexpected(std::move(begun.error()));
  }
  struct EndRead {
    sqlite3* db;
    ~EndRead() { sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr); }
  } end_read{db_};
  std::vector<SymbolSummary> out;
  {
    sqlite3_stmt* s = summaries_.get();
    ScopedReset reset(s);
    int rc = SQLITE_OK;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
      SymbolSummary row;
      row.symbol = OptionalText(s, 0).value_or("");
      row.name = OptionalText(s, 1);
      row.rank = OptionalInt(s, 2);
      row.market_cap = OptionalDouble(s, 3);
      row.price = OptionalDouble(s, 4);
      row.source = OptionalText(s, 5);
      row.pair = OptionalText(s, 6);
      row.first_day = candles_ ? DayColumn(s, 7) : OptionalText(s, 7);
      row.last_day = candles_ ? DayColumn(s, 8) : OptionalText(s, 8);
      row.stamp = fmt::format("{}|{}|{}", OptionalText(s, 9).value_or("-"),
                              row.first_day.value_or("-"), row.last_day.value_or("-"));
      out.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE) return StepFailed("read symbols");
  }
  auto old = previous.begin();
  for (SymbolSummary& row : out) {
    while (old != previous.end() && old->symbol < row.symbol) ++old;
    if (old != previous.end() && old->symbol == row.symbol && old->stamp == row.stamp) {
      row.rows = old->rows;
      continue;
    }
    if (!row.first_day) continue;  // No rows.
    ScopedReset reset(count_.get());
    BindText(count_.get(), 1, row.symbol);
    if (sqlite3_step(count_.get()) != SQLITE_ROW) return StepFailed("count rows");
    row.rows = sqlite3_column_int64(count_.get(), 0);
  }
  return out;
}

Result<std::vector<Bar>> Reader::Bars(std::string_view symbol, std::string_view from,
                                      std::string_view to, int64_t limit) {
  sqlite3_stmt* s = bars_.get();
  ScopedReset reset(s);
  BindText(s, 1, symbol);
  if (candles_) {
    sqlite3_bind_int64(s, 2, DayNumber(from, std::numeric_limits<int64_t>::min()));
    sqlite3_bind_int64(s, 3, DayNumber(to, std::numeric_limits<int64_t>::max()));
  } else {
    BindText(s, 2, from);
    BindText(s, 3, to);
  }
  sqlite3_bind_int64(s, 4, limit);
  std::vector<Bar> out;
  int rc = SQLITE_OK;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    Bar bar;
    bar.date = (candles_ ? DayColumn(s, 0) : OptionalText(s, 0)).value_or("");
    bar.open = sqlite3_column_double(s, 1);
    bar.high = sqlite3_column_double(s, 2);
    bar.low = sqlite3_column_double(s, 3);
    bar.close = sqlite3_column_double(s, 4);
    bar.volume = sqlite3_column_double(s, 5);
    bar.quote_volume = OptionalDouble(s, 6);
    out.push_back(std::move(bar));
  }
  if (rc != SQLITE_DONE) return StepFailed("read ohlcv");
  std::reverse(out.begin(), out.end());  // Read newest first so LIMIT keeps the newest.
  return out;
}

namespace {
// `days`: the column holds candles' day numbers (DayColumn), else text.
template <typename OnFail>
Result<std::vector<std::string>> ReadColumn(sqlite3_stmt* s, std::string_view key, bool days,
                                            OnFail on_fail) {
  std::vector<std::string> out;
  if (s == nullptr) return out;
  ScopedReset reset(s);
  BindText(s, 1, key);
  int rc = SQLITE_OK;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    out.push_back((days ? DayColumn(s, 0) : OptionalText(s, 0)).value_or(""));
  }
  if (rc != SQLITE_DONE) return on_fail();
  return out;
}
}  // namespace

Result<std::vector<std::string>> Reader::Dates(std::string_view symbol) {
  return ReadColumn(dates_.get(), symbol, candles_, [&] { return StepFailed("read dates"); });
}

Result<std::vector<std::string>> Reader::KnownGapDates(std::string_view symbol) {
  return ReadColumn(known_gaps_.get(), symbol, false,
                    [&] { return StepFailed("read known gaps"); });
}

Result<Reader::SyncState> Reader::Sync(std::string_view symbol) {
  SyncState state;
  if (!sync_) return state;
  ScopedReset reset(sync_.get());
  BindText(sync_.get(), 1, symbol);
  const int rc = sqlite3_step(sync_.get());
  if (rc == SQLITE_ROW) {
    state.synced_through = OptionalText(sync_.get(), 0);
    state.stale_since = OptionalText(sync_.get(), 1);
  } else if (rc != SQLITE_DONE) {
    return StepFailed("read sync state");
  }
  return state;
}

Result<StoreFacts> Reader::Facts() {
  StoreFacts facts;
  {
    ScopedReset reset(user_version_.get());
    if (sqlite3_step(user_version_.get()) != SQLITE_ROW) {
      return StepFailed("read schema version");
    }
    facts.schema_version = sqlite3_column_int(user_version_.get(), 0);
  }
  if (last_ingest_) {
    ScopedReset reset(last_ingest_.get());
    if (sqlite3_step(last_ingest_.get()) != SQLITE_ROW) {
      return StepFailed("read last ingest");
    }
    facts.last_ingest = OptionalText(last_ingest_.get(), 0);
  }
  return facts;
}

Status Reader::ScanRows(const std::function<bool(const StoredRow&)>& visit) {
  // Candles (or the old table), then the rows the v4 upgrade kept aside in ohlcv_rejected.
  for (sqlite3_stmt* statement : {scan_.get(), scan_rejected_.get()}) {
    if (statement == nullptr) continue;
    const bool days = candles_ && statement == scan_.get();
    bool more = true;
    if (auto status = ScanStatement(statement, days, visit, more); !status) return status;
    if (!more) return {};
  }
  return {};
}

Status Reader::ScanStatement(sqlite3_stmt* statement, bool days,
                             const std::function<bool(const StoredRow&)>& visit, bool& more) {
  ScopedReset reset(statement);
  const auto number = [&](int column) {
    const int type = sqlite3_column_type(statement, column);
    return type == SQLITE_FLOAT || type == SQLITE_INTEGER
               ? sqlite3_column_double(statement, column)
               : std::numeric_limits<double>::quiet_NaN();
  };
  const auto text = [&](int column) {
    const auto* chars = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
    return chars == nullptr
               ? std::string_view()
               : std::string_view(chars,
                                  static_cast<size_t>(sqlite3_column_bytes(statement, column)));
  };
  std::optional<std::string> date;  // Formatted day of a v4 row; must outlive `row`.
  int rc = SQLITE_OK;
  while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
    if (days) date = DayColumn(statement, 1);
    const std::string_view date_text =
        !days ? text(1) : (date ? std::string_view(*date) : std::string_view());
    const StoredRow row{text(0),   date_text, number(2), number(3),
                        number(4), number(5), number(6), number(7)};
    if (!visit(row)) {
      more = false;
      return {};
    }
  }
  if (rc != SQLITE_DONE) return StepFailed("scan rows");
  return {};
}

Result<std::vector<std::string>> Reader::IntegrityCheck(bool full) {
  auto check = store::Prepare(db_, full ? "PRAGMA integrity_check" : "PRAGMA quick_check",
                              name_ + ": integrity check");
  if (!check) return tl::unexpected(std::move(check.error()));
  std::vector<std::string> findings;
  int rc = SQLITE_OK;
  while ((rc = sqlite3_step(check->get())) == SQLITE_ROW) {
    findings.push_back(OptionalText(check->get(), 0).value_or(""));
  }
  if (rc != SQLITE_DONE) return StepFailed("integrity check");
  return findings;
}

}  // namespace cryptoscope::query
