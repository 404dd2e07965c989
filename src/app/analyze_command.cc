#include "app/analyze_command.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <memory>
#include <optional>
#include <tuple>
#include <vector>

#include "app/exit_codes.h"
#include "app/text_table.h"
#include "cryptoscope/analysis/indicator_spec.h"
#include "cryptoscope/analysis/report_json.h"
#include "cryptoscope/analysis/reports.h"
#include "cryptoscope/query/catalog.h"
#include "cryptoscope/query/daily_series.h"
#include "cryptoscope/query/reader.h"

namespace cryptoscope::app {
namespace {

namespace an = cryptoscope::analysis;

constexpr const char* kAnalyzeFooter =
    "Modes (choose one): SYMBOL [--indicators]; --stats LIST; --correlation [--symbols LIST | "
    "--top N]; --screen [--by M --top N --order]. Ranges: --to defaults to the newest stored day, "
    "--from to --to minus --days (indicators: the whole history). Indicators are computed over "
    "the coin's whole stored history, then cut to the range, so values never depend on --from. "
    "Gaps (days a provider lacks) are not filled: indicators run over stored rows, returns span "
    "a gap, correlations use the days every coin has.\n"
    "Exit codes: 0 done; 2 usage (conflicting or invalid options, unknown symbol, nothing in the "
    "range, a file that is not a CryptoScope database); 4 database problem (no such file, read "
    "error).";

// A failure with the exit code it maps to.
struct Failure {
  int exit_code;
  std::string message;
};

// The user's mistakes (bad input, an unknown coin, an empty range) are usage errors; anything the
// database did is a database problem.
Failure FromError(const Error& error) {
  const bool usage =
      error.code == ErrorCode::kInvalidArgument || error.code == ErrorCode::kNotFound;
  return {usage ? kExitUsage : kExitAborted, error.message};
}

// The store as analyze reads it: the read side's Reader, and its catalog read once.
class Store {
 public:
  explicit Store(std::unique_ptr<query::Reader> reader) : reader_(std::move(reader)) {}

  Result<an::Series> LoadSeries(const std::string& symbol) {
    return query::LoadDailySeries(*reader_, symbol);
  }

  // query::RankedCoinsWithRows: the top N coins that have rows, by rank.
  Result<std::vector<const query::SymbolSummary*>> RankedCoins() {
    if (auto ok = LoadCatalog(); !ok) return tl::unexpected(ok.error());
    return query::RankedCoinsWithRows(*catalog_);
  }

  // The newest day stored for any coin; nullopt when there is no row.
  Result<std::optional<Day>> LastDay() {
    if (auto ok = LoadCatalog(); !ok) return tl::unexpected(ok.error());
    return catalog_->latest_day ? ParseDay(*catalog_->latest_day) : std::nullopt;
  }

 private:
  Status LoadCatalog() {
    if (catalog_) return {};
    auto summaries = reader_->Summaries();
    if (!summaries) return tl::unexpected(summaries.error());
    catalog_ = query::BuildCatalog(std::move(*summaries));
    return {};
  }

  std::unique_ptr<query::Reader> reader_;
  std::optional<query::Catalog> catalog_;
};

std::string Upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

std::vector<std::string> SplitSymbols(const std::string& list) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= list.size()) {
    size_t end = list.find(',', start);
    if (end == std::string::npos) end = list.size();
    std::string part = list.substr(start, end - start);
    part.erase(std::remove(part.begin(), part.end(), ' '), part.end());
    if (!part.empty()) out.push_back(Upper(part));
    start = end + 1;
  }
  return out;
}

std::optional<Failure> ParseDayOption(const std::string& text, const char* flag,
                                      std::optional<Day>& day) {
  if (text.empty()) return std::nullopt;
  day = ParseDay(text);
  if (!day)
    return Failure{kExitUsage, fmt::format("{} '{}': expected a date YYYY-MM-DD", flag, text)};
  return std::nullopt;
}

struct Range {
  Day from, to;
};

// The range asked for: --to (else `last`), --from (else `first`, or to - days when first is
// absent). Fails when from > to.
tl::expected<Range, Failure> ResolveRange(const AnalyzeOptions& options, Day last,
                                          std::optional<Day> first) {
  std::optional<Day> from, to;
  if (auto f = ParseDayOption(options.from, "--from", from)) return tl::unexpected(*f);
  if (auto f = ParseDayOption(options.to, "--to", to)) return tl::unexpected(*f);
  Range range;
  range.to = to.value_or(last);
  range.from = from ? *from : first ? *first : range.to - std::chrono::days{options.days};
  if (range.from > range.to) {
    // Name where `to` came from: the user may not have typed --to at all.
    const std::string to_text = to ? fmt::format("--to {}", FormatDay(range.to))
                                   : fmt::format("the newest stored day, {}", FormatDay(range.to));
    return tl::unexpected(
        Failure{kExitUsage, fmt::format("--from {} is after {}", FormatDay(range.from), to_text)});
  }
  return range;
}

class Analyzer {
 public:
  Analyzer(const AnalyzeOptions& options, std::FILE* out, Store store)
      : options_(options), out_(out), reader_(std::move(store)) {}

  std::optional<Failure> Indicators();
  std::optional<Failure> Stats();
  std::optional<Failure> Correlation();
  std::optional<Failure> Screen();

 private:
  // Loads `symbol`; kExitUsage when it has no rows.
  tl::expected<an::Series, Failure> Load(const std::string& symbol) {
    auto series = reader_.LoadSeries(symbol);
    if (!series) return tl::unexpected(FromError(series.error()));
    if (series->size() == 0) {
      return tl::unexpected(Failure{
          kExitUsage, fmt::format("no rows for symbol '{}' in {} (symbols are tickers such as "
                                  "BTC; see the symbols table)",
                                  symbol, options_.db)});
    }
    return std::move(*series);
  }

  tl::expected<Day, Failure> LastDay() {
    auto last = reader_.LastDay();
    if (!last) return tl::unexpected(FromError(last.error()));
    if (!*last) {
      return tl::unexpected(Failure{
          kExitUsage, fmt::format("{} holds no rows yet; run `cryptoscope ingest`", options_.db)});
    }
    return **last;
  }

  void Emit(const TextTable& table) {
    if (options_.format == "csv") {
      PrintCsv(out_, table);
    } else {
      PrintTable(out_, table);
    }
  }

  bool Csv() const { return options_.format == "csv"; }
  std::string Number(double v) const { return Csv() ? ExactNumber(v) : HumanNumber(v); }

  const AnalyzeOptions& options_;
  std::FILE* out_;
  Store reader_;
};

std::optional<Failure> Analyzer::Indicators() {
  auto specs = an::ParseIndicators(options_.indicators);
  if (!specs) return FromError(specs.error());
  const std::string symbol = Upper(options_.symbol);
  auto series = Load(symbol);
  if (!series) return series.error();
  auto range = ResolveRange(options_, series->days.back(), series->days.front());
  if (!range) return range.error();
  std::vector<an::IndicatorValues> values;
  for (const auto& spec : *specs) {
    auto computed = an::ComputeIndicator(spec, *series);
    if (!computed) return FromError(computed.error());
    values.push_back(std::move(*computed));
  }
  if (options_.format == "json") {
    fmt::print(out_, "{}\n", an::IndicatorsJson(symbol, *series, values, range->from, range->to));
    return std::nullopt;
  }
  TextTable table;
  table.header = {"date", "close"};
  for (const auto& v : values) {
    for (const auto& column : v.columns) {
      table.header.push_back(v.columns.size() == 1 ? v.spec.Id() : v.spec.Id() + "." + column);
    }
  }
  const an::RowRange rows = an::RowsIn(*series, range->from, range->to);
  for (size_t i = rows.begin; i < rows.end; ++i) {
    std::vector<std::string> row = {FormatDay(series->days[i]), Number(series->close[i])};
    for (const auto& v : values) {
      for (const auto& column : v.values) row.push_back(Number(column[i]));
    }
    table.rows.push_back(std::move(row));
  }
  Emit(table);
  return std::nullopt;
}

std::optional<Failure> Analyzer::Stats() {
  const auto symbols = SplitSymbols(options_.stats);
  if (symbols.empty())
    return Failure{kExitUsage, "--stats: give one or more symbols, e.g. BTC,ETH"};
  // Checked here, before any coin is read, so the message names the flag (not the first coin).
  if (!(options_.rf > -1 && options_.rf < 1)) {
    return Failure{kExitUsage, fmt::format("--rf {}: give the annual risk-free rate as a fraction "
                                           "between -1 and 1, e.g. 0.04 for 4%",
                                           options_.rf)};
  }
  auto last = LastDay();
  if (!last) return last.error();
  auto range = ResolveRange(options_, *last, std::nullopt);
  if (!range) return range.error();
  // The benchmark for beta: the one asked for (it must exist), else BTC when stored.
  std::string benchmark = Upper(options_.benchmark.empty() ? "BTC" : options_.benchmark);
  an::Series benchmark_series;
  if (!options_.benchmark.empty()) {
    auto loaded = Load(benchmark);
    if (!loaded) return loaded.error();
    benchmark_series = std::move(*loaded);
  } else {
    auto loaded = reader_.LoadSeries(benchmark);
    if (!loaded) return FromError(loaded.error());
    benchmark_series = std::move(*loaded);
    if (benchmark_series.size() == 0) benchmark.clear();
  }
  std::vector<an::CoinStats> stats;
  for (const auto& symbol : symbols) {
    auto series = Load(symbol);
    if (!series) return series.error();
    auto coin = an::StatsInRange(symbol, *series, range->from, range->to, options_.rf);
    if (!coin) return FromError(coin.error());
    if (!benchmark.empty()) {
      auto beta = an::BetaInRange(*series, benchmark_series, range->from, range->to);
      if (!beta) return FromError(beta.error());
      coin->beta = *beta;
    }
    stats.push_back(std::move(*coin));
  }
  if (options_.format == "json") {
    fmt::print(out_, "{}\n", an::StatsJson(range->from, range->to, options_.rf, benchmark, stats));
    return std::nullopt;
  }
  TextTable table;
  table.header = {"symbol",     "days",    "first_day", "last_day",  "total_return",
                  "volatility", "max_dd",  "dd_peak",   "dd_trough", "dd_recovery",
                  "sharpe",     "sortino", "beta"};
  for (const auto& s : stats) {
    table.rows.push_back(
        {s.symbol, std::to_string(s.stats.rows), FormatDay(s.first_day), FormatDay(s.last_day),
         Number(s.stats.total_return), Number(s.stats.volatility), Number(s.stats.drawdown.depth),
         FormatDay(s.peak), FormatDay(s.trough), s.recovery ? FormatDay(*s.recovery) : "",
         Number(s.stats.sharpe), Number(s.stats.sortino), Number(s.beta)});
  }
  if (!Csv()) {
    fmt::print(out_, "{} to {}, rf {}, beta against {}\n", FormatDay(range->from),
               FormatDay(range->to), options_.rf, benchmark.empty() ? "-" : benchmark);
  }
  Emit(table);
  return std::nullopt;
}

std::optional<Failure> Analyzer::Correlation() {
  std::vector<an::NamedSeries> coins;
  std::vector<std::string> symbols = SplitSymbols(options_.symbols);
  std::vector<an::Series> loaded;
  if (symbols.empty()) {
    // The top N ranked coins that have rows (a ranked coin without a market has none).
    auto ranked = reader_.RankedCoins();
    if (!ranked) return FromError(ranked.error());
    for (const auto* coin : *ranked) {
      if (symbols.size() == static_cast<size_t>(options_.top)) break;
      auto series = reader_.LoadSeries(coin->symbol);
      if (!series) return FromError(series.error());
      symbols.push_back(coin->symbol);
      loaded.push_back(std::move(*series));
    }
  } else {
    for (const auto& symbol : symbols) {
      auto series = Load(symbol);
      if (!series) return series.error();
      loaded.push_back(std::move(*series));
    }
  }
  if (symbols.size() < 2) {
    return Failure{kExitUsage, "--correlation needs at least 2 coins (--symbols A,B or --top N)"};
  }
  auto last = LastDay();
  if (!last) return last.error();
  auto range = ResolveRange(options_, *last, std::nullopt);
  if (!range) return range.error();
  for (size_t i = 0; i < symbols.size(); ++i) coins.push_back({symbols[i], "", &loaded[i]});
  auto report = an::CorrelateInRange(coins, range->from, range->to);
  if (!report) return FromError(report.error());
  if (options_.format == "json") {
    fmt::print(out_, "{}\n", an::CorrelationJson(*report));
    return std::nullopt;
  }
  TextTable table;
  table.header = {"symbol"};
  for (const auto& s : report->symbols) table.header.push_back(s);
  for (size_t i = 0; i < report->matrix.size(); ++i) {
    std::vector<std::string> row = {report->symbols[i]};
    for (double v : report->matrix[i]) {
      row.push_back(Csv() ? ExactNumber(v) : std::isfinite(v) ? fmt::format("{:.4f}", v) : "");
    }
    table.rows.push_back(std::move(row));
  }
  if (!Csv()) {
    fmt::print(out_,
               "correlation of daily returns, {} to {}: {} returns over the days every coin "
               "has\n",
               FormatDay(report->from), FormatDay(report->to), report->days);
  }
  Emit(table);
  return std::nullopt;
}

std::optional<Failure> Analyzer::Screen() {
  const auto by = an::ScreenMeasureFromName(options_.by);
  if (!by) {
    return Failure{kExitUsage,
                   fmt::format("--by '{}': use one of {}", options_.by, an::kScreenMeasureNames)};
  }
  auto ranked = reader_.RankedCoins();
  if (!ranked) return FromError(ranked.error());
  // Measure each coin as it is read and let its series go: memory stays at one series.
  std::vector<an::ScreenEntry> entries;
  for (const auto* coin : *ranked) {
    auto series = reader_.LoadSeries(coin->symbol);
    if (!series) return FromError(series.error());
    auto entry = an::MeasureForScreen({coin->symbol, coin->name.value_or(""), &*series});
    if (entry) entries.push_back(std::move(*entry));
  }
  const bool ascending = options_.order == "asc";
  const auto report = an::RankForScreen(*by, entries, options_.top, ascending);
  if (options_.format == "json") {
    fmt::print(out_, "{}\n", an::ScreenJson(report, ascending));
    return std::nullopt;
  }
  TextTable table;
  table.header = {"rank", "symbol", "name", std::string(an::ScreenMeasureName(*by)), "last_day"};
  for (const auto& row : report.rows) {
    table.rows.push_back({std::to_string(row.rank), row.symbol, row.name, Number(row.value),
                          FormatDay(row.last_day)});
  }
  if (!Csv()) {
    fmt::print(out_, "{} ({}), as of {}\n", an::ScreenMeasureName(*by), options_.order,
               report.as_of ? FormatDay(*report.as_of) : "-");
  }
  Emit(table);
  return std::nullopt;
}

}  // namespace

CLI::App* AddAnalyzeCommand(CLI::App& cli, AnalyzeOptions& o) {
  CLI::App* cmd = cli.add_subcommand(
      "analyze",
      "Technical indicators, statistics, correlations and a screener over the stored daily "
      "candles (read-only).");
  cmd->footer(kAnalyzeFooter);
  cmd->add_option("--db", o.db, "SQLite database written by `cryptoscope ingest`")
      ->envname("DB_PATH")
      ->capture_default_str();
  cmd->add_option("symbol", o.symbol, "Coin ticker for indicators, e.g. BTC (case-insensitive)");
  cmd->add_option("--indicators", o.indicators,
                  "Comma-separated name[:params]: sma:N, ema:N, wma:N (default 20), rsi:N, "
                  "atr:N (14), bb:N:K (20:2), macd:F:S:G (12:26:9), stoch:K:D (14:3), obv, "
                  "vol:N (30, annualised), ret, logret")
      ->capture_default_str();
  cmd->add_option("--from", o.from, "First day shown, YYYY-MM-DD");
  cmd->add_option("--to", o.to, "Last day shown, YYYY-MM-DD (default: the newest stored day)");
  cmd->add_option("--days", o.days,
                  "Without --from, the range is --to minus DAYS days through --to: DAYS+1 "
                  "rows, DAYS daily returns (stats, correlation)")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  cmd->add_option("--format", o.format, "table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}))
      ->capture_default_str();
  cmd->add_option("--stats", o.stats,
                  "Comma-separated symbols: total return, annualised volatility (sqrt 365), "
                  "maximum drawdown, Sharpe, Sortino and beta over the range");
  cmd->add_option("--rf", o.rf, "Annual risk-free rate for Sharpe/Sortino, as a fraction (0.05)")
      ->capture_default_str();
  cmd->add_option("--benchmark", o.benchmark,
                  "--stats: beta against this coin (default BTC when stored)");
  cmd->add_flag("--correlation", o.correlation,
                "Correlation matrix of daily returns over the range (--symbols or --top)");
  cmd->add_option("--symbols", o.symbols, "Comma-separated symbols for --correlation");
  cmd->add_option("--top", o.top, "--correlation: the top N coins by rank; --screen: rows to show")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  cmd->add_flag("--screen", o.screen, "Rank the stored top coins by --by");
  cmd->add_option("--by", o.by, "Screen measure: return_30d, volatility_30d, rsi_14, drawdown")
      ->capture_default_str();
  cmd->add_option("--order", o.order, "Screen order: desc or asc")
      ->check(CLI::IsMember({"desc", "asc"}))
      ->capture_default_str();
  return cmd;
}

int RunAnalyze(const AnalyzeOptions& options, std::FILE* out, std::FILE* err) {
  const int modes = (options.symbol.empty() ? 0 : 1) + (options.stats.empty() ? 0 : 1) +
                    (options.correlation ? 1 : 0) + (options.screen ? 1 : 0);
  if (modes != 1) {
    fmt::print(err,
               "error: analyze: choose exactly one of SYMBOL, --stats, --correlation or --screen "
               "(see cryptoscope analyze --help)\n");
    return kExitUsage;
  }
  auto reader = query::Reader::Open(options.db);
  if (!reader) {
    fmt::print(err, "error: {}\n", reader.error().message);
    return ExitCodeFor(reader.error().code);
  }
  Analyzer analyzer(options, out, Store(std::move(*reader)));
  std::optional<Failure> failure;
  if (!options.symbol.empty()) failure = analyzer.Indicators();
  if (!options.stats.empty()) failure = analyzer.Stats();
  if (options.correlation) failure = analyzer.Correlation();
  if (options.screen) failure = analyzer.Screen();
  if (failure) {
    fmt::print(err, "error: {}\n", failure->message);
    return failure->exit_code;
  }
  return kExitOk;
}

}  // namespace cryptoscope::app
