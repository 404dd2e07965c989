// The answers of `cryptoscope analyze` and the analysis endpoints, computed from loaded series:
// statistics over a date range, a correlation matrix over a range, and a screener ranking. Pure:
// the caller loads the series (query/) and chooses the range (from the data, never the clock).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cryptoscope/analysis/risk.h"
#include "cryptoscope/analysis/screen.h"
#include "cryptoscope/analysis/series.h"
#include "cryptoscope/core/result.h"

namespace cryptoscope::analysis {

// Rows of `series` dated within [from, to]: indices [begin, end).
struct RowRange {
  size_t begin = 0;
  size_t end = 0;
  size_t size() const { return end - begin; }
};
RowRange RowsIn(const Series& series, Day from, Day to);

struct CoinStats {
  std::string symbol;
  Stats stats;                  // Over the rows in the range (rows = days with a close).
  Day first_day{}, last_day{};  // First and last row in the range.
  Day peak{}, trough{};         // Of the maximum drawdown.
  std::optional<Day> recovery;
  double beta = kNoValue;  // Against the benchmark (BetaInRange); NaN when there is none.
};
// ComputeStats over the rows in [from, to]. kNotFound "<symbol>: no rows from .. to .." when the
// range holds no row; kInvalidArgument for a bad rf.
[[nodiscard]] Result<CoinStats> StatsInRange(const std::string& symbol, const Series& series,
                                             Day from, Day to, double rf = 0);

// Beta of `asset` against `benchmark` over their common days in [from, to] (correlation.h):
// cov / var of the daily returns between consecutive common days. NaN when fewer than 2 returns
// or the benchmark is constant; kInvalidArgument for a non-positive close.
[[nodiscard]] Result<double> BetaInRange(const Series& asset, const Series& benchmark, Day from,
                                         Day to);

struct NamedSeries {
  std::string symbol;
  std::string name;
  const Series* series = nullptr;  // Not owned; outlives the call.
};

struct CorrelationReport {
  std::vector<std::string> symbols;
  Day from{}, to{};
  size_t days = 0;                          // Return observations used (common days - 1).
  std::vector<std::vector<double>> matrix;  // NaN where undefined (see correlation.h).
};
// Correlation of daily returns between consecutive common days in [from, to] (correlation.h).
// kInvalidArgument for fewer than 2 coins.
[[nodiscard]] Result<CorrelationReport> CorrelateInRange(const std::vector<NamedSeries>& coins,
                                                         Day from, Day to);

struct ScreenRow {
  int rank = 0;  // 1-based position in this ranking.
  std::string symbol;
  std::string name;
  double value = 0;
  Day last_day{};
};
struct ScreenReport {
  ScreenMeasure by = ScreenMeasure::kReturn30d;
  std::optional<Day> as_of;  // The newest last_day among the coins ranked.
  std::vector<ScreenRow> rows;
};
// Ranks the coins by `by` (screen.h), leaving out coins without a value; ties by symbol. Keeps
// the first `top` (all when top <= 0). Descending unless `ascending`.
ScreenReport Screen(ScreenMeasure by, const std::vector<NamedSeries>& coins, int top,
                    bool ascending);

// Every measure of one coin at its last row, so a caller can keep them (a few numbers per coin)
// instead of the series and rank by any measure later.
struct ScreenEntry {
  std::string symbol;
  std::string name;
  Day last_day{};
  double values[4] = {kNoValue, kNoValue, kNoValue, kNoValue};  // By ScreenMeasure.
};
// nullopt for a coin without rows.
std::optional<ScreenEntry> MeasureForScreen(const NamedSeries& coin);
// Screen() over kept entries: the same ranking.
ScreenReport RankForScreen(ScreenMeasure by, const std::vector<ScreenEntry>& entries, int top,
                           bool ascending);

}  // namespace cryptoscope::analysis
