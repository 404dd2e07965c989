#include "cryptoscope/analysis/report_json.h"

#include <fmt/format.h>

#include <cmath>
#include <iterator>

#include "cryptoscope/core/json_text.h"

namespace cryptoscope::analysis {

std::string JsonNumber(double value) {
  if (!std::isfinite(value)) return "null";
  return fmt::format("{}", value);
}

std::string JsonString(std::string_view text) { return JsonQuoted(text); }

std::string IndicatorsJson(std::string_view symbol, const Series& series,
                           const std::vector<IndicatorValues>& indicators, Day from, Day to) {
  std::string out = fmt::format("{{\"symbol\":{},\"indicators\":[", JsonString(symbol));
  const RowRange rows = RowsIn(series, from, to);
  auto it = std::back_inserter(out);
  for (size_t k = 0; k < indicators.size(); ++k) {
    const auto& ind = indicators[k];
    if (k > 0) out += ',';
    fmt::format_to(it, "{{\"id\":{},\"name\":{},\"params\":[", JsonString(ind.spec.Id()),
                   JsonString(ind.spec.name));
    for (size_t p = 0; p < ind.spec.params.size(); ++p) {
      if (p > 0) out += ',';
      out += JsonNumber(ind.spec.params[p]);
    }
    fmt::format_to(it, "],\"warmup\":{},\"columns\":[", ind.warmup);
    for (size_t c = 0; c < ind.columns.size(); ++c) {
      if (c > 0) out += ',';
      out += JsonString(ind.columns[c]);
    }
    out += "],\"rows\":[";
    bool first = true;
    for (size_t i = rows.begin; i < rows.end; ++i) {
      if (!ind.RowComplete(i)) continue;
      if (!first) out += ',';
      first = false;
      fmt::format_to(it, "{{\"date\":\"{}\"", FormatDay(series.days[i]));
      for (size_t c = 0; c < ind.columns.size(); ++c) {
        fmt::format_to(it, ",\"{}\":{}", ind.columns[c], JsonNumber(ind.values[c][i]));
      }
      out += '}';
    }
    out += "]}";
  }
  out += "]}";
  return out;
}

std::string StatsJson(Day from, Day to, double rf, std::string_view benchmark,
                      const std::vector<CoinStats>& stats) {
  std::string out = fmt::format(
      "{{\"from\":\"{}\",\"to\":\"{}\",\"rf\":{},\"benchmark\":{},\"stats\":[", FormatDay(from),
      FormatDay(to), JsonNumber(rf), benchmark.empty() ? "null" : JsonString(benchmark));
  auto it = std::back_inserter(out);
  for (size_t k = 0; k < stats.size(); ++k) {
    const auto& s = stats[k];
    if (k > 0) out += ',';
    fmt::format_to(it,
                   "{{\"symbol\":{},\"days\":{},\"first_day\":\"{}\",\"last_day\":\"{}\","
                   "\"total_return\":{},\"volatility\":{},\"max_drawdown\":{{\"depth\":{},"
                   "\"peak\":\"{}\",\"trough\":\"{}\",\"recovery\":{}}},\"sharpe\":{},"
                   "\"sortino\":{},\"beta\":{}}}",
                   JsonString(s.symbol), s.stats.rows, FormatDay(s.first_day),
                   FormatDay(s.last_day), JsonNumber(s.stats.total_return),
                   JsonNumber(s.stats.volatility), JsonNumber(s.stats.drawdown.depth),
                   FormatDay(s.peak), FormatDay(s.trough),
                   s.recovery ? JsonString(FormatDay(*s.recovery)) : "null",
                   JsonNumber(s.stats.sharpe), JsonNumber(s.stats.sortino), JsonNumber(s.beta));
  }
  out += "]}";
  return out;
}

std::string CorrelationJson(const CorrelationReport& report) {
  std::string out = "{\"symbols\":[";
  for (size_t i = 0; i < report.symbols.size(); ++i) {
    if (i > 0) out += ',';
    out += JsonString(report.symbols[i]);
  }
  fmt::format_to(std::back_inserter(out),
                 "],\"from\":\"{}\",\"to\":\"{}\",\"days\":{},\"matrix\":[", FormatDay(report.from),
                 FormatDay(report.to), report.days);
  for (size_t i = 0; i < report.matrix.size(); ++i) {
    if (i > 0) out += ',';
    out += '[';
    for (size_t j = 0; j < report.matrix[i].size(); ++j) {
      if (j > 0) out += ',';
      out += JsonNumber(report.matrix[i][j]);
    }
    out += ']';
  }
  out += "]}";
  return out;
}

std::string ScreenJson(const ScreenReport& report, bool ascending) {
  std::string out = fmt::format("{{\"by\":\"{}\",\"order\":\"{}\",\"as_of\":{},\"data\":[",
                                ScreenMeasureName(report.by), ascending ? "asc" : "desc",
                                report.as_of ? JsonString(FormatDay(*report.as_of)) : "null");
  for (size_t i = 0; i < report.rows.size(); ++i) {
    const auto& row = report.rows[i];
    if (i > 0) out += ',';
    fmt::format_to(std::back_inserter(out),
                   "{{\"rank\":{},\"symbol\":{},\"name\":{},\"value\":{},\"last_day\":\"{}\"}}",
                   row.rank, JsonString(row.symbol), JsonString(row.name), JsonNumber(row.value),
                   FormatDay(row.last_day));
  }
  out += "]}";
  return out;
}

}  // namespace cryptoscope::analysis
