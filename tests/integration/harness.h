// Helpers for integration tests: run the real binary with a chosen environment, read the
// database it wrote, and compute what the fake exchange says the database must hold.
#pragma once

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "cryptoscope/core/day.h"
#include "cryptoscope/core/types.h"
#include "fake/fake_exchange.h"

namespace cryptoscope::testing {

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

// A fresh folder per test, removed at the end.
class TempDir {
 public:
  TempDir() {
    std::string pattern = std::filesystem::temp_directory_path() / "cryptoscope-test-XXXXXX";
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Starts `binary args...` with exactly `env` as its environment; returns its pid. Output goes
// to the two files.
inline pid_t Spawn(const std::vector<std::string>& args,
                   const std::map<std::string, std::string>& env, const std::filesystem::path& out,
                   const std::filesystem::path& err) {
  const pid_t pid = fork();
  if (pid == 0) {
    const int out_fd = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err_fd = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    const int null_fd = open("/dev/null", O_RDONLY);
    dup2(null_fd, 0);
    std::vector<std::string> env_strings;
    for (const auto& [key, value] : env) env_strings.push_back(key + "=" + value);
    // A suite run under faketime (scripts/test.sh does one, far in the future) moves the
    // binaries' clock with the test's: forward libfaketime's own variables, nothing else.
    for (char** entry = environ; *entry != nullptr; ++entry) {
      const std::string_view text(*entry);
      if (text.starts_with("LD_PRELOAD=") || text.starts_with("FAKETIME")) {
        env_strings.emplace_back(text);
      }
    }
    std::vector<char*> argv, envp;
    for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    for (auto& entry : env_strings) envp.push_back(entry.data());
    envp.push_back(nullptr);
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  return pid;
}

inline int Wait(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + WTERMSIG(status);
}

inline RunResult RunProgram(const std::vector<std::string>& args,
                            const std::map<std::string, std::string>& env, const TempDir& dir) {
  const auto out = dir.path() / "stdout.txt";
  const auto err = dir.path() / "stderr.txt";
  RunResult result;
  result.exit_code = Wait(Spawn(args, env, out, err));
  result.out = ReadFile(out);
  result.err = ReadFile(err);
  return result;
}

struct Row {
  std::string symbol, date;
  double open, high, low, close, volume, quote_volume;
  std::string source;
  auto Tie() const {
    return std::tie(symbol, date, open, high, low, close, volume, quote_volume, source);
  }
  bool operator==(const Row& other) const { return Tie() == other.Tie(); }
  bool operator<(const Row& other) const {
    return std::tie(symbol, date) < std::tie(other.symbol, other.date);
  }
};

inline std::ostream& operator<<(std::ostream& out, const Row& row) {
  return out << fmt::format("{} {} o={} h={} l={} c={} v={} qv={} {}", row.symbol, row.date,
                            row.open, row.high, row.low, row.close, row.volume, row.quote_volume,
                            row.source);
}

// Runs `sql` on the database read-only and returns every row as text columns.
inline std::vector<std::vector<std::string>> Query(const std::filesystem::path& db,
                                                   const std::string& sql) {
  std::vector<std::vector<std::string>> rows;
  sqlite3* handle = nullptr;
  if (sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(handle);
    return rows;
  }
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(handle, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK) {
    while (sqlite3_step(statement) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int i = 0; i < sqlite3_column_count(statement); ++i) {
        const auto* text = sqlite3_column_text(statement, i);
        row.push_back(text ? reinterpret_cast<const char*>(text) : "NULL");
      }
      rows.push_back(std::move(row));
    }
  }
  sqlite3_finalize(statement);
  sqlite3_close(handle);
  return rows;
}

inline std::vector<Row> ReadOhlcv(const std::filesystem::path& db) {
  std::vector<Row> rows;
  sqlite3* handle = nullptr;
  sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* statement = nullptr;
  sqlite3_prepare_v2(handle,
                     "SELECT symbol, date, open, high, low, close, volume, quote_volume, source "
                     "FROM ohlcv ORDER BY symbol, date",
                     -1, &statement, nullptr);
  while (statement && sqlite3_step(statement) == SQLITE_ROW) {
    auto text = [&](int i) {
      return std::string(reinterpret_cast<const char*>(sqlite3_column_text(statement, i)));
    };
    rows.push_back(Row{text(0), text(1), sqlite3_column_double(statement, 2),
                       sqlite3_column_double(statement, 3), sqlite3_column_double(statement, 4),
                       sqlite3_column_double(statement, 5), sqlite3_column_double(statement, 6),
                       sqlite3_column_double(statement, 7), text(8)});
  }
  sqlite3_finalize(statement);
  sqlite3_close(handle);
  return rows;
}

// The source the project's routing rules must pick for `coin` (written independently of the
// route stage, from the scenario's facts).
inline std::optional<Source> ExpectedSource(const fake::FakeCoin& coin) {
  if (coin.binance_base && coin.binance_quote == "USDT" && coin.binance_status == "TRADING") {
    const std::string wanted = coin.symbol == "MIOTA" ? "IOTA" : coin.symbol;
    if (*coin.binance_base == wanted) return Source::kBinance;
  }
  if (!coin.cc_market_exists) return std::nullopt;
  return Source::kCryptoCompare;
}

// Closed days the routed source has for `coin`, given `today`.
inline std::optional<DayRange> ExpectedDays(const fake::FakeCoin& coin, Day today) {
  const Day yesterday = today - std::chrono::days{1};
  const auto source = ExpectedSource(coin);
  if (!source) return std::nullopt;
  Day first = *source == Source::kBinance ? coin.binance_first_day : coin.cc_first_day;
  Day last = yesterday;
  if (*source == Source::kBinance && coin.binance_last_day)
    last = std::min(last, *coin.binance_last_day);
  if (first > last) return std::nullopt;
  return DayRange{first, last};
}

inline Row ExpectedRow(const fake::FakeCoin& coin, Source source, Day day) {
  const Candle c = source == Source::kBinance ? fake::BinanceCandle(coin, day)
                                              : fake::CryptoCompareCandle(coin, day);
  return Row{coin.symbol, FormatDay(day), c.open,
             c.high,      c.low,          c.close,
             c.volume,    c.quote_volume, std::string(SourceName(source))};
}

// Every row the database must hold after ingesting the top `top_n` coins through `today`.
inline std::vector<Row> ExpectedRows(const fake::Scenario& scenario, int top_n, Day today) {
  std::vector<Row> rows;
  const auto ranked = fake::RankedCoins(scenario);
  for (int i = 0; i < top_n && i < static_cast<int>(ranked.size()); ++i) {
    const auto& coin = ranked[i];
    const auto days = ExpectedDays(coin, today);
    if (!days) continue;
    for (Day day = days->first; day <= days->last; day += std::chrono::days{1}) {
      if (!coin.Missing(day)) rows.push_back(ExpectedRow(coin, *ExpectedSource(coin), day));
    }
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

// The fewest klines requests a first ingest needs: ceil(days / 1000) per Binance coin, and one
// for a coin that has no closed day yet.
inline size_t MinimalKlinesRequests(const fake::Scenario& scenario, int top_n, Day today) {
  size_t requests = 0;
  const auto ranked = fake::RankedCoins(scenario);
  for (int i = 0; i < top_n && i < static_cast<int>(ranked.size()); ++i) {
    if (ExpectedSource(ranked[i]) != Source::kBinance) continue;
    const auto days = ExpectedDays(ranked[i], today);
    requests += days ? static_cast<size_t>((days->days() + 999) / 1000) : 1;
  }
  return requests;
}

// Coins routed to `source` that have no closed day yet (listed today): a run asks for each of
// them again, one request each, until their first day is delivered.
inline size_t CountAwaitingFirstDay(const fake::Scenario& scenario, int top_n, Day today,
                                    Source source) {
  size_t count = 0;
  const auto ranked = fake::RankedCoins(scenario);
  for (int i = 0; i < top_n && i < static_cast<int>(ranked.size()); ++i) {
    count += ExpectedSource(ranked[i]) == source && !ExpectedDays(ranked[i], today);
  }
  return count;
}

inline size_t CountWithSource(const fake::Scenario& scenario, int top_n, Source source) {
  size_t count = 0;
  const auto ranked = fake::RankedCoins(scenario);
  for (int i = 0; i < top_n && i < static_cast<int>(ranked.size()); ++i) {
    const auto routed = ExpectedSource(ranked[i]);
    if (source == Source::kCryptoCompare ? routed != Source::kBinance : routed == source) ++count;
  }
  return count;
}

// The value of `name` in a raw query string ("" when absent); values are returned as sent.
inline std::string QueryParam(std::string_view query, std::string_view name) {
  size_t start = 0;
  while (start <= query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    const std::string_view pair = query.substr(start, end - start);
    if (pair.size() > name.size() && pair.substr(0, name.size()) == name &&
        pair[name.size()] == '=') {
      return std::string(pair.substr(name.size() + 1));
    }
    start = end + 1;
  }
  return "";
}

// The failures listed by the summary on stdout ("  SYM (source): reason" lines after
// "failures: N"), by symbol.
inline std::map<std::string, std::string> SummaryFailures(const std::string& out) {
  std::map<std::string, std::string> failures;
  std::istringstream lines(out);
  bool in_list = false;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("failures: ", 0) == 0) {
      in_list = true;
      continue;
    }
    if (!in_list) continue;
    if (line.rfind("  ", 0) != 0) break;
    const size_t paren = line.find(" (");
    const size_t colon = line.find("): ");
    if (paren == std::string::npos || colon == std::string::npos) continue;
    failures[line.substr(2, paren - 2)] = line.substr(colon + 3);
  }
  return failures;
}

struct SyncRow {
  std::string source;
  std::string synced_through;
};

// sync_state by symbol.
inline std::map<std::string, SyncRow> ReadSyncState(const std::filesystem::path& db) {
  std::map<std::string, SyncRow> state;
  for (auto& row : Query(db, "SELECT symbol, source, synced_through FROM sync_state")) {
    state[row.at(0)] = SyncRow{row.at(1), row.at(2)};
  }
  return state;
}

// PRAGMA integrity_check through a read-write connection (which also recovers a WAL left by a
// killed writer, as the next run would): "ok" for a sound file, else SQLite's findings.
inline std::string IntegrityCheck(const std::filesystem::path& db) {
  sqlite3* handle = nullptr;
  std::string result;
  if (sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    result = std::string("cannot open: ") + sqlite3_errmsg(handle);
    sqlite3_close(handle);
    return result;
  }
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(handle, "PRAGMA integrity_check", -1, &statement, nullptr) != SQLITE_OK) {
    result = std::string("cannot prepare: ") + sqlite3_errmsg(handle);
  }
  while (statement && sqlite3_step(statement) == SQLITE_ROW) {
    if (!result.empty()) result += "; ";
    result += reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
  }
  sqlite3_finalize(statement);
  sqlite3_close(handle);
  return result;
}

inline int64_t WallMillisNow() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The clock of RequestRecord::at_ms_real.
inline int64_t SteadyMillisNow() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Counts occurrences of `needle` in `haystack`.
inline size_t CountOccurrences(std::string_view haystack, std::string_view needle) {
  size_t count = 0;
  for (size_t pos = haystack.find(needle); pos != std::string_view::npos;
       pos = haystack.find(needle, pos + needle.size())) {
    ++count;
  }
  return count;
}

}  // namespace cryptoscope::testing
