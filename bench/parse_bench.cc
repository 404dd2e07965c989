// Parse throughput (MB/s of response body) of the two hot parsers: a full 1000-row klines page
// (parse::ParseKlines) and a 2000-row histoday page (parse::ParseHistoDay). Target: >= 500 MB/s.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <fstream>

#include "bodies.h"
#include "cryptoscope/core/candle_rules.h"
#include "cryptoscope/parse/binance.h"
#include "cryptoscope/parse/cryptocompare.h"
#include "gbench_summary.h"

namespace cryptoscope::bench {
namespace {

constexpr double kTargetMegabytesPerSecond = 500;
const Day kFirstDay = *ParseDay("2021-01-01");

// Parses `body` (holding `rows` closed candles) with `parse` on every iteration; reports bytes and
// candles per second.
template <typename ParseFn>
void ParseLoop(benchmark::State& state, const std::string& body, int rows, ParseFn parse) {
  for (auto _ : state) {
    auto page = parse(body);
    if (!page || page->candles.size() != static_cast<size_t>(rows)) {
      state.SkipWithError(page ? "wrong candle count" : page.error().message.c_str());
      break;
    }
    benchmark::DoNotOptimize(page->candles.data());
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(body.size()));
  state.SetItemsProcessed(state.iterations() * rows);
  state.counters["units"] = static_cast<double>(state.iterations() * body.size());
}

void BM_ParseKlines(benchmark::State& state) {
  const int rows = static_cast<int>(state.range(0));
  const int64_t now_ms = UnixMillis(kFirstDay + std::chrono::days{rows}) + 1;  // All closed.
  ParseLoop(state, KlinesBody(kFirstDay, rows), rows,
            [&](const std::string& body) { return parse::ParseKlines(body, now_ms); });
}
BENCHMARK(BM_ParseKlines)->Arg(1000)->Repetitions(3);

void BM_ParseHistoDay(benchmark::State& state) {
  const int rows = static_cast<int>(state.range(0));
  const int64_t now_s = UnixSeconds(kFirstDay + std::chrono::days{rows});  // All closed.
  ParseLoop(state, HistoDayBody(kFirstDay, rows), rows,
            [&](const std::string& body) { return parse::ParseHistoDay(body, now_s); });
}
BENCHMARK(BM_ParseHistoDay)->Arg(2000)->Repetitions(3);

// The row checks alone (core/candle_rules.h, which the parsers run on every row as they read it),
// over the candles of the klines body, reported per byte of that body: the parse rate divided by
// this rate is the checks' share of parse+validate.
void BM_ValidateKlinesRows(benchmark::State& state) {
  const int rows = static_cast<int>(state.range(0));
  const int64_t now_ms = UnixMillis(kFirstDay + std::chrono::days{rows}) + 1;
  const std::string body = KlinesBody(kFirstDay, rows);
  auto page = parse::ParseKlines(body, now_ms);
  if (!page) {
    state.SkipWithError(page.error().message.c_str());
    return;
  }
  for (auto _ : state) {
    int problems = 0;
    for (const Candle& candle : page->candles) problems += CandleProblem(candle) ? 1 : 0;
    if (problems != 0) {
      state.SkipWithError("a generated candle breaks the rules");
      break;
    }
    benchmark::DoNotOptimize(problems);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(body.size()));
  state.SetItemsProcessed(state.iterations() * rows);
  state.counters["units"] = static_cast<double>(state.iterations() * body.size());
}
BENCHMARK(BM_ValidateKlinesRows)->Arg(1000)->Repetitions(3);

}  // namespace
}  // namespace cryptoscope::bench

// Besides Google Benchmark's flags: --summary_out=<file> writes the summary lines as JSON.
int main(int argc, char** argv) {
  using cryptoscope::bench::kTargetMegabytesPerSecond;
  const std::string summary_out = cryptoscope::bench::TakeFlag(argc, argv, "summary_out");
  cryptoscope::bench::SummaryReporter reporter;
  if (!cryptoscope::bench::RunBenchmarks(argc, argv, reporter)) return 1;

  std::string json = "{\n  \"benchmark\": \"parse\",\n  \"target_mb_per_s\": 500,\n  \"cases\": [";
  bool first = true;
  fmt::print(
      "\n| parser | body | MB/s per CPU second (median) | MB/s per wall second | "
      "target >= 500 MB/s |\n|---|---|--:|--:|---|\n");
  for (const auto& [name, rates] : reporter.Medians()) {
    const double cpu_mb = rates.per_cpu_second / 1e6;
    const double real_mb = rates.per_real_second / 1e6;
    const bool met = cpu_mb >= kTargetMegabytesPerSecond;
    const std::string body = name.starts_with("BM_ParseHistoDay")
                                 ? "histoday, 2000 rows"
                                 : (name.starts_with("BM_Validate") ? "klines rows, checks only"
                                                                    : "klines, 1000 rows");
    const bool is_parser = !name.starts_with("BM_Validate");  // The target is the parsers'.
    fmt::print("| {} | {} | {:.0f} | {:.0f} | {} |\n", name, body, cpu_mb, real_mb,
               !is_parser ? "-" : (met ? "met" : "MISSED"));
    json += fmt::format(
        "{}\n    {{\"name\": \"{}\", \"mb_per_cpu_s\": {:.1f}, "
        "\"mb_per_wall_s\": {:.1f}, \"met\": {}}}",
        first ? "" : ",", name, cpu_mb, real_mb, met);
    first = false;
  }
  json += "\n  ]\n}\n";
  if (!summary_out.empty()) std::ofstream(summary_out) << json;
  return 0;  // A missed target is reported in the table, not an error of the benchmark.
}
