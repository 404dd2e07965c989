// ingest_bench: runs the real `cryptoscope ingest` against the fake exchange for a matrix of
// latency x coins x concurrency x CryptoCompare pacing, each as a first full ingest and then a
// daily update, and prints a Markdown table and writes a JSON file (docs/BENCHMARKS.md).
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <sys/utsname.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "ingest_report.h"
#include "ingest_run.h"

namespace {

using cryptoscope::bench::CaseResult;
using cryptoscope::bench::CaseSpec;

std::string CpuModel() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("model name")) {
      const size_t colon = line.find(':');
      return colon == std::string::npos ? line : line.substr(colon + 2);
    }
  }
  return "unknown cpu";
}

std::string Machine() {
  utsname name{};
  uname(&name);
  return fmt::format("{}, {} logical cpus, {} {} {}", CpuModel(),
                     std::thread::hardware_concurrency(), name.sysname, name.release, name.machine);
}

std::string LoadAverage() {
  double load[3] = {0, 0, 0};
  if (getloadavg(load, 3) != 3) return "unknown";
  return fmt::format("{:.2f} {:.2f} {:.2f}", load[0], load[1], load[2]);
}

std::string NowUtc() {
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}",
                     std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "Times `cryptoscope ingest` against the fake exchange: a first full ingest, then a daily "
      "update one (fake) day later, for every combination of the lists given."};
  std::vector<int> latencies = {50};
  std::vector<int> coins = {100, 1000};
  std::vector<int> concurrencies = {5, 16};
  std::vector<std::string> cc_limits = {"default"};
  uint64_t seed = 7;
  std::string binary = CRYPTOSCOPE_BINARY;
  std::string out_dir = "bench/results";
  std::string name = "ingest";
  app.add_option("--latency", latencies, "Milliseconds the fake adds to every response")
      ->delimiter(',')
      ->check(CLI::Range(0, 10'000))
      ->capture_default_str();
  app.add_option("--coins", coins, "TOP_N values")
      ->delimiter(',')
      ->check(CLI::Range(1, 10'000))
      ->capture_default_str();
  app.add_option("--concurrency", concurrencies, "MAX_CONCURRENCY values")
      ->delimiter(',')
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  app.add_option("--cc-limits", cc_limits,
                 "CryptoCompare pacing: 'default' (the client's 20/s, 300/min, 3000/h, enforced "
                 "by the fake too) or 'raised' (out of the way, so latency decides)")
      ->delimiter(',')
      ->check(CLI::IsMember({"default", "raised"}))
      ->capture_default_str();
  app.add_option("--seed", seed, "Scenario seed")->capture_default_str();
  app.add_option("--binary", binary, "The cryptoscope executable")->capture_default_str();
  app.add_option("--out-dir", out_dir, "Folder of the JSON file")->capture_default_str();
  app.add_option("--name", name, "The JSON file is <out-dir>/<name>.json")->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  std::string command = "ingest_bench";
  for (int i = 1; i < argc; ++i) command += fmt::format(" {}", argv[i]);
  cryptoscope::bench::RunInfo info{command, NowUtc(), Machine(), LoadAverage()};

  std::vector<CaseResult> results;
  for (const std::string& limits : cc_limits) {
    for (const int latency : latencies) {
      for (const int count : coins) {
        for (const int concurrency : concurrencies) {
          const CaseSpec spec{latency, count, concurrency, limits == "raised"};
          fmt::print(stderr,
                     "ingest_bench: latency {} ms, {} coins, concurrency {}, {} cc pacing\n",
                     latency, count, concurrency, limits);
          for (CaseResult& result : cryptoscope::bench::RunCase(spec, binary, seed)) {
            if (!result.measure.failure.empty()) {
              fmt::print(stderr, "ingest_bench: {} run failed: {}\n", result.kind,
                         result.measure.failure);
            }
            results.push_back(std::move(result));
          }
        }
      }
    }
  }

  const std::string table = cryptoscope::bench::FormatTable(results);
  fmt::print("\n{}\n", table);
  fmt::print("CPU by stage (full ingests), against the fetch-only floor:\n\n{}\n",
             cryptoscope::bench::FormatStageTable(results));
  std::filesystem::create_directories(out_dir);
  const std::filesystem::path json_path = std::filesystem::path(out_dir) / (name + ".json");
  std::ofstream(json_path) << cryptoscope::bench::FormatJson(results, info);
  fmt::print("ingest_bench: {} cases; JSON in {}\n", results.size(), json_path.string());
  for (const CaseResult& result : results) {
    if (!result.measure.failure.empty()) return 1;
  }
  return 0;
}
