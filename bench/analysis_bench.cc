// The analysis module's speed targets (issue 10): every indicator over the full history of 1000
// coins in under 1 s on one core, and the correlation matrix of the top 100 coins over a year in
// under 50 ms. Synthetic series shaped like the store's: 1000 coins of 100..4700 days (about 2.4
// million rows, the size of a full store), random-walk prices from 1e-6 to 1e5.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include "cryptoscope/analysis/correlation.h"
#include "cryptoscope/analysis/moving_averages.h"
#include "cryptoscope/analysis/oscillators.h"
#include "cryptoscope/analysis/returns.h"
#include "cryptoscope/analysis/risk.h"
#include "cryptoscope/analysis/volatility.h"
#include "cryptoscope/analysis/volume.h"
#include "gbench_summary.h"

namespace cryptoscope::bench {
namespace {

namespace an = cryptoscope::analysis;

constexpr int kCoins = 1000;
constexpr int kCorrelationCoins = 100;
constexpr int kCorrelationDays = 365;

uint64_t Mix(uint64_t x) {  // splitmix64.
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

double Uniform(uint64_t& state) {  // [0, 1)
  state = Mix(state);
  return static_cast<double>(state >> 11) / 9007199254740992.0;
}

// A coin of `days` rows ending on `last`, a random walk around a price of 10^(-6..5).
an::Series MakeCoin(uint64_t seed, int days, Day last) {
  an::Series s;
  uint64_t state = seed;
  double close = std::pow(10.0, -6 + 11 * Uniform(state));
  for (int i = 0; i < days; ++i) {
    s.days.push_back(last - std::chrono::days{days - 1 - i});
    const double open = close;
    close = open * std::exp(0.04 * (Uniform(state) - 0.5));
    const double spread = std::max(open, close) * 0.02 * Uniform(state);
    s.open.push_back(open);
    s.close.push_back(close);
    s.high.push_back(std::max(open, close) + spread);
    s.low.push_back(std::min(open, close) - spread * 0.5);
    s.volume.push_back(1e6 * Uniform(state));
  }
  return s;
}

const std::vector<an::Series>& Coins() {
  static const std::vector<an::Series> coins = [] {
    std::vector<an::Series> out;
    const Day last = *ParseDay("2026-11-24");
    for (int i = 0; i < kCoins; ++i) {
      out.push_back(MakeCoin(i + 1, 100 + static_cast<int>(Mix(i) % 4601), last));
    }
    return out;
  }();
  return coins;
}

int64_t TotalRows() {
  int64_t rows = 0;
  for (const auto& coin : Coins()) rows += static_cast<int64_t>(coin.size());
  return rows;
}

// Every indicator of the issue, default parameters, over one coin. Returns a checksum so the
// compiler keeps the work.
double AllIndicators(const an::Series& s) {
  double sum = 0;
  auto take = [&](const auto& v) { sum += v.back(); };
  take(*an::Sma(s.close, 20));
  take(*an::Ema(s.close, 20));
  take(*an::Wma(s.close, 20));
  take(*an::Rsi(s.close, 14));
  const auto macd = *an::ComputeMacd(s.close, 12, 26, 9);
  take(macd.histogram);
  take(an::ComputeBollinger(s.close, 20, 2)->upper);
  take(*an::Atr(s.high, s.low, s.close, 14));
  take(an::ComputeStochastic(s.high, s.low, s.close, 14, 3)->d);
  take(*an::Obv(s.close, s.volume));
  take(*an::SimpleReturns(s.close));
  take(*an::LogReturns(s.close));
  take(*an::RollingVolatility(s.close, 30));
  const auto stats = *an::ComputeStats(s.close, 0);
  sum += stats.sharpe + stats.sortino + stats.drawdown.depth;
  return sum;
}

void BM_AllIndicators1000Coins(benchmark::State& state) {
  const auto& coins = Coins();
  for (auto _ : state) {
    double sum = 0;
    for (const auto& coin : coins) sum += AllIndicators(coin);
    benchmark::DoNotOptimize(sum);
  }
  // "units": rows processed over all iterations (gbench_summary.h).
  state.counters["units"] = static_cast<double>(TotalRows() * state.iterations());
  state.counters["rows"] = static_cast<double>(TotalRows());
}
BENCHMARK(BM_AllIndicators1000Coins)->Unit(benchmark::kMillisecond)->Repetitions(3);

// One indicator at a time over the 1000 coins: where the second goes.
template <typename F>
void OneIndicator(benchmark::State& state, F f) {
  const auto& coins = Coins();
  for (auto _ : state) {
    double sum = 0;
    for (const auto& coin : coins) sum += f(coin);
    benchmark::DoNotOptimize(sum);
  }
  state.counters["units"] = static_cast<double>(TotalRows() * state.iterations());
}
BENCHMARK_CAPTURE(OneIndicator, sma20, [](const an::Series& s) {
  return an::Sma(s.close, 20)->back();
})->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(OneIndicator, ema20, [](const an::Series& s) {
  return an::Ema(s.close, 20)->back();
})->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(OneIndicator, wma20, [](const an::Series& s) {
  return an::Wma(s.close, 20)->back();
})->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(OneIndicator, rsi14, [](const an::Series& s) {
  return an::Rsi(s.close, 14)->back();
})->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(OneIndicator, macd, [](const an::Series& s) {
  return an::ComputeMacd(s.close)->signal.back();
})->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(OneIndicator, bb20, [](const an::Series& s) {
  return an::ComputeBollinger(s.close)->upper.back();
})->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(OneIndicator, atr14, [](const an::Series& s) {
  return an::Atr(s.high, s.low, s.close)->back();
})->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(OneIndicator, stoch14_3, [](const an::Series& s) {
  return an::ComputeStochastic(s.high, s.low, s.close)->d.back();
})->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(OneIndicator, obv, [](const an::Series& s) {
  return an::Obv(s.close, s.volume)->back();
})->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(OneIndicator, returns, [](const an::Series& s) {
  return an::SimpleReturns(s.close)->back() + an::LogReturns(s.close)->back();
})->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(OneIndicator, volatility30, [](const an::Series& s) {
  return an::RollingVolatility(s.close, 30)->back();
})->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(OneIndicator, stats, [](const an::Series& s) {
  return an::ComputeStats(s.close)->sharpe;
})->Unit(benchmark::kMillisecond);

// The top 100 coins over a year: align on common days, returns, then the 100x100 matrix.
void BM_Correlation100x365(benchmark::State& state) {
  const Day last = *ParseDay("2026-11-24");
  std::vector<an::Series> coins;
  for (int i = 0; i < kCorrelationCoins; ++i) coins.push_back(MakeCoin(7000 + i, 1500, last));
  std::vector<an::DatedCloses> dated;
  for (const auto& coin : coins) dated.push_back({coin.days, coin.close});
  const Day from = last - std::chrono::days{kCorrelationDays};
  for (auto _ : state) {
    auto aligned = an::AlignReturns(dated, from, last);
    auto matrix = an::CorrelationMatrix(aligned->returns);
    benchmark::DoNotOptimize((*matrix)[1][0]);
  }
  state.counters["units"] = static_cast<double>(state.iterations());  // Matrices.
}
BENCHMARK(BM_Correlation100x365)->Unit(benchmark::kMillisecond)->Repetitions(3);

}  // namespace
}  // namespace cryptoscope::bench

int main(int argc, char** argv) {
  const std::string summary_out = cryptoscope::bench::TakeFlag(argc, argv, "summary_out");
  cryptoscope::bench::SummaryReporter reporter;
  if (!cryptoscope::bench::RunBenchmarks(argc, argv, reporter)) return 1;
  const auto medians = reporter.Medians();
  fmt::print("\n| case | CPU ms per run (median) | wall ms | target | |\n|---|--:|--:|---|---|\n");
  std::string json = "{\n  \"benchmark\": \"analysis\",\n  \"cases\": [";
  bool first = true;
  for (const auto& [name, rates] : medians) {
    if (rates.per_cpu_second == 0) continue;
    double target_ms = 0;
    if (name.starts_with("BM_AllIndicators")) target_ms = 1000;
    if (name.starts_with("BM_Correlation")) target_ms = 50;
    // Rates are rows per second (matrices per second for the correlation): one pass over the
    // 1000 coins takes TotalRows() / rate.
    const bool per_row = !name.starts_with("BM_Correlation");
    const double units = per_row ? static_cast<double>(cryptoscope::bench::TotalRows()) : 1.0;
    const double cpu_ms = 1000.0 * units / rates.per_cpu_second;
    const double wall_ms = 1000.0 * units / rates.per_real_second;
    const std::string verdict = target_ms == 0 ? "" : cpu_ms < target_ms ? "met" : "MISSED";
    fmt::print("| {} | {:.1f} | {:.1f} | {} | {} |\n", name, cpu_ms, wall_ms,
               target_ms == 0 ? std::string("-") : fmt::format("< {:.0f} ms", target_ms), verdict);
    json += fmt::format("{}\n    {{\"name\": \"{}\", \"cpu_ms\": {:.2f}, \"wall_ms\": {:.2f}}}",
                        first ? "" : ",", name, cpu_ms, wall_ms);
    first = false;
  }
  json += "\n  ]\n}\n";
  if (!summary_out.empty()) std::ofstream(summary_out) << json;
  return 0;  // A missed target is reported in the table, not an error of the benchmark.
}
