// Shared by the Google Benchmark executables: a console reporter that also keeps, per benchmark,
// the median over repetitions of its work per second of CPU time and of real (wall) time, so
// main() can print (and save) the lines the targets are about.
//
// A benchmark reports its work as plain counters: "units" = what one run processed in all
// (rows, bytes), set once after the loop.
#pragma once

#include <benchmark/benchmark.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <string>
#include <vector>

namespace cryptoscope::bench {

struct Rates {
  double per_cpu_second = 0;   // units / CPU time of the benchmark thread.
  double per_real_second = 0;  // units / wall time.
};

class SummaryReporter : public benchmark::ConsoleReporter {
 public:
  // Colours only on a terminal (a reporter made by hand ignores --benchmark_color).
  SummaryReporter()
      : benchmark::ConsoleReporter(isatty(STDOUT_FILENO) ? OO_ColorTabular : OO_Tabular) {}

  void ReportRuns(const std::vector<Run>& runs) override {
    benchmark::ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) {
      if (run.error_occurred || run.run_type != Run::RT_Iteration) continue;
      const auto units = run.counters.find("units");
      if (units == run.counters.end()) continue;
      auto& samples = samples_[run.run_name.function_name +
                               (run.run_name.args.empty() ? "" : "/" + run.run_name.args)];
      samples.cpu.push_back(units->second.value / run.cpu_accumulated_time);
      samples.real.push_back(units->second.value / run.real_accumulated_time);
    }
  }

  // Keyed "<function>/<args>", e.g. "BM_ParseKlines/1000".
  std::map<std::string, Rates> Medians() const {
    std::map<std::string, Rates> out;
    for (const auto& [key, samples] : samples_) {
      out[key] = Rates{Median(samples.cpu), Median(samples.real)};
    }
    return out;
  }

 private:
  struct Samples {
    std::vector<double> cpu, real;
  };
  static double Median(std::vector<double> values) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    const size_t mid = values.size() / 2;
    return values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }
  std::map<std::string, Samples> samples_;
};

// Removes `--<name>=value` from argv (before benchmark::Initialize sees it) and returns value.
inline std::string TakeFlag(int& argc, char** argv, const char* name) {
  const std::string prefix = std::string("--") + name + "=";
  std::string value;
  int kept = 1;
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], prefix.c_str(), prefix.size()) == 0) {
      value = argv[i] + prefix.size();
    } else {
      argv[kept++] = argv[i];
    }
  }
  argc = kept;
  return value;
}

// Runs the benchmarks selected by Google Benchmark's flags through `reporter`. False (after a
// message) when an argument is not one of its flags.
inline bool RunBenchmarks(int& argc, char** argv, SummaryReporter& reporter) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return false;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return true;
}

}  // namespace cryptoscope::bench
