#include "cryptoscope/analysis/reports.h"

#include <fmt/format.h>

#include <algorithm>

#include "cryptoscope/analysis/correlation.h"

namespace cryptoscope::analysis {

RowRange RowsIn(const Series& series, Day from, Day to) {
  RowRange range;
  range.begin = static_cast<size_t>(std::lower_bound(series.days.begin(), series.days.end(), from) -
                                    series.days.begin());
  range.end = static_cast<size_t>(std::upper_bound(series.days.begin(), series.days.end(), to) -
                                  series.days.begin());
  if (range.end < range.begin) range.end = range.begin;
  return range;
}

Result<CoinStats> StatsInRange(const std::string& symbol, const Series& series, Day from, Day to,
                               double rf) {
  const RowRange rows = RowsIn(series, from, to);
  if (rows.size() == 0) {
    return Fail(ErrorCode::kNotFound,
                fmt::format("{}: no rows from {} to {}", symbol, FormatDay(from), FormatDay(to)));
  }
  auto stats =
      ComputeStats(std::span<const double>(series.close).subspan(rows.begin, rows.size()), rf);
  if (!stats) {
    return Fail(stats.error().code, fmt::format("{}: {}", symbol, stats.error().message));
  }
  CoinStats out;
  out.symbol = symbol;
  out.stats = *stats;
  out.first_day = series.days[rows.begin];
  out.last_day = series.days[rows.end - 1];
  out.peak = series.days[rows.begin + stats->drawdown.peak];
  out.trough = series.days[rows.begin + stats->drawdown.trough];
  if (stats->drawdown.recovery) out.recovery = series.days[rows.begin + *stats->drawdown.recovery];
  return out;
}

Result<double> BetaInRange(const Series& asset, const Series& benchmark, Day from, Day to) {
  const std::vector<DatedCloses> dated = {{asset.days, asset.close},
                                          {benchmark.days, benchmark.close}};
  auto aligned = AlignReturns(dated, from, to);
  if (!aligned) return tl::unexpected(aligned.error());
  return Beta(aligned->returns[0], aligned->returns[1]);
}

Result<CorrelationReport> CorrelateInRange(const std::vector<NamedSeries>& coins, Day from,
                                           Day to) {
  if (coins.size() < 2) {
    return Fail(ErrorCode::kInvalidArgument, "correlation: needs at least 2 coins");
  }
  std::vector<DatedCloses> dated;
  dated.reserve(coins.size());
  for (const auto& coin : coins) dated.push_back({coin.series->days, coin.series->close});
  auto aligned = AlignReturns(dated, from, to);
  if (!aligned) return tl::unexpected(aligned.error());
  auto matrix = CorrelationMatrix(aligned->returns);
  if (!matrix) return tl::unexpected(matrix.error());
  CorrelationReport out;
  for (const auto& coin : coins) out.symbols.push_back(coin.symbol);
  out.from = from;
  out.to = to;
  out.days = aligned->observations();
  out.matrix = std::move(*matrix);
  return out;
}

std::optional<ScreenEntry> MeasureForScreen(const NamedSeries& coin) {
  if (coin.series->size() == 0) return std::nullopt;
  ScreenEntry entry;
  entry.symbol = coin.symbol;
  entry.name = coin.name;
  entry.last_day = coin.series->days.back();
  for (auto measure : {ScreenMeasure::kReturn30d, ScreenMeasure::kVolatility30d,
                       ScreenMeasure::kRsi14, ScreenMeasure::kDrawdown}) {
    entry.values[static_cast<int>(measure)] = ScreenValue(measure, *coin.series);
  }
  return entry;
}

ScreenReport RankForScreen(ScreenMeasure by, const std::vector<ScreenEntry>& entries, int top,
                           bool ascending) {
  ScreenReport out;
  out.by = by;
  for (const auto& entry : entries) {
    const double value = entry.values[static_cast<int>(by)];
    if (!HasValue(value)) continue;
    if (!out.as_of || entry.last_day > *out.as_of) out.as_of = entry.last_day;
    out.rows.push_back({0, entry.symbol, entry.name, value, entry.last_day});
  }
  std::sort(out.rows.begin(), out.rows.end(), [&](const ScreenRow& a, const ScreenRow& b) {
    if (a.value != b.value) return ascending ? a.value < b.value : a.value > b.value;
    return a.symbol < b.symbol;
  });
  if (top > 0 && out.rows.size() > static_cast<size_t>(top)) out.rows.resize(top);
  for (size_t i = 0; i < out.rows.size(); ++i) out.rows[i].rank = static_cast<int>(i) + 1;
  return out;
}

ScreenReport Screen(ScreenMeasure by, const std::vector<NamedSeries>& coins, int top,
                    bool ascending) {
  std::vector<ScreenEntry> entries;
  for (const auto& coin : coins) {
    if (auto entry = MeasureForScreen(coin)) entries.push_back(std::move(*entry));
  }
  return RankForScreen(by, entries, top, ascending);
}

}  // namespace cryptoscope::analysis
