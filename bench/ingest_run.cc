#include "ingest_run.h"

#include <fmt/format.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>

#include "fetch_replay.h"
#include "integration/harness.h"

namespace cryptoscope::bench {
namespace {

constexpr const char* kApiKey = "bench-key-0123456789";
// A fixed fake date, so every run of the benchmark ingests the same histories.
constexpr const char* kToday = "2026-11-25";
// Far above anything a run can use: pacing then never holds a CryptoCompare call back.
constexpr int kRaisedCcLimit = 1'000'000;

double Seconds(const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; }

double SelfCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return Seconds(usage.ru_utime) + Seconds(usage.ru_stime);
}

int64_t RowsWritten(const std::string& summary) {
  static const std::regex kRows(R"(rows written: (\d+))");
  std::smatch match;
  return std::regex_search(summary, match, kRows) ? std::stoll(match[1].str()) : -1;
}

// The stages' CPU from the summary line "cpu: parse+validate X s, store Y s" (0 if absent).
void StageCpu(const std::string& summary, RunMeasure& m) {
  static const std::regex kCpu(R"(cpu: parse\+validate ([0-9.]+) s, store ([0-9.]+) s)");
  std::smatch match;
  if (!std::regex_search(summary, match, kCpu)) return;
  m.parse_cpu_s = std::stod(match[1].str());
  m.store_cpu_s = std::stod(match[2].str());
}

std::map<std::string, std::string> Environment(const CaseSpec& spec, const fake::FakeExchange& fake,
                                               const std::filesystem::path& db) {
  std::map<std::string, std::string> env = {{"CRYPTOCOMPARE_API_KEY", kApiKey},
                                            {"DB_PATH", db.string()},
                                            {"TOP_N", std::to_string(spec.coins)},
                                            {"MAX_CONCURRENCY", std::to_string(spec.concurrency)},
                                            {"BINANCE_BASE_URL", fake.base_url()},
                                            {"CRYPTOCOMPARE_BASE_URL", fake.base_url()},
                                            {"LOG_LEVEL", "warn"}};
  if (spec.raised_cc_limits) {
    for (const char* window : {"SECOND", "MINUTE", "HOUR", "DAY", "MONTH"}) {
      env[fmt::format("CC_CALLS_PER_{}", window)] = std::to_string(kRaisedCcLimit);
    }
  }
  return env;
}

// Runs the binary once and measures it; the fake's counters must be cleared beforehand.
RunMeasure RunOnce(const std::filesystem::path& binary,
                   const std::map<std::string, std::string>& env, int latency_ms,
                   fake::FakeExchange& fake, const testing::TempDir& dir) {
  const auto out_path = dir.path() / "stdout.txt";
  const auto err_path = dir.path() / "stderr.txt";
  RunMeasure m;
  const double cpu_before = SelfCpuSeconds();
  const auto started = std::chrono::steady_clock::now();
  const int64_t started_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(started.time_since_epoch()).count();
  const pid_t pid =
      testing::Spawn({binary.string(), "ingest", "--progress", "none"}, env, out_path, err_path);
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  m.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  m.fake_cpu_s = SelfCpuSeconds() - cpu_before;
  m.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  m.user_s = Seconds(usage.ru_utime);
  m.sys_s = Seconds(usage.ru_stime);
  m.max_rss_kib = usage.ru_maxrss;  // Linux: kibibytes.
  const std::string out = testing::ReadFile(out_path);
  m.rows_written = RowsWritten(out);
  StageCpu(out, m);
  if (m.exit_code != 0) {
    m.failure = fmt::format("exit code {}: {}{}", m.exit_code, out.substr(0, 2000),
                            testing::ReadFile(err_path).substr(0, 2000));
  }
  m.requests_toplist = static_cast<int64_t>(fake.CountRequests("/data/top/mktcapfull"));
  m.requests_exchange_info = static_cast<int64_t>(fake.CountRequests("/api/v3/exchangeInfo"));
  m.requests_klines = static_cast<int64_t>(fake.CountRequests("/api/v3/klines"));
  m.requests_histoday = static_cast<int64_t>(fake.CountRequests("/data/v2/histoday"));
  m.rate_limited_answers = static_cast<int64_t>(fake.CountCcRateLimited());
  // Discovery = the toplist pages, exchangeInfo and CryptoCompare's rate-limit report (asked
  // alongside; not counted by the fake); history = klines and histoday.
  int64_t first_ms = -1, last_ms = -1, discovery_end_ms = -1, history_start_ms = -1;
  for (const auto& record : fake.requests()) {
    if (record.status == 429 || record.status == 418) ++m.rate_limited_answers;
    const int64_t at = record.at_ms_real;
    if (first_ms < 0 || at < first_ms) first_ms = at;
    last_ms = std::max(last_ms, at);
    if (record.path == "/data/top/mktcapfull" || record.path == "/api/v3/exchangeInfo" ||
        record.path == "/stats/rate/limit") {
      discovery_end_ms = std::max(discovery_end_ms, at + latency_ms);
    } else if (history_start_ms < 0 || at < history_start_ms) {
      history_start_ms = at;
    }
  }
  if (first_ms >= 0) {
    m.startup_s = static_cast<double>(first_ms - started_ms) / 1000.0;
    m.tail_s = m.wall_s - static_cast<double>(last_ms + latency_ms - started_ms) / 1000.0;
  }
  if (discovery_end_ms >= 0 && history_start_ms >= 0) {
    m.history_gap_s = static_cast<double>(history_start_ms - discovery_end_ms) / 1000.0;
  }
  if (const char* trace = std::getenv("INGEST_BENCH_TRACE")) {  // Debugging aid: a timeline.
    std::ofstream out(trace, std::ios::app);
    for (const auto& record : fake.requests()) {
      out << record.at_ms_real - started_ms << '\t' << record.status << '\t' << record.path << '?'
          << record.query << '\n';
    }
    out << "exit\t" << m.wall_s << '\n';
  }
  return m;
}

// Fetches the requests the last run made again, download only; the fake's day is unchanged, so
// the answers are the same bodies. Its counters are cleared, and so are its rate-limit windows
// (the replay is a separate client's work, not the ingest's).
double ReplayFetchOnly(fake::FakeExchange& fake, int concurrency) {
  std::vector<std::string> urls;
  for (const auto& record : fake.requests()) {
    urls.push_back(fmt::format("{}{}?{}", fake.base_url(), record.path, record.query));
  }
  fake.ResetRateLimits();
  fake.ClearRequests();
  const ReplayResult replay =
      FetchOnly(urls, {fmt::format("authorization: Apikey {}", kApiKey)}, concurrency);
  fake.ClearRequests();
  fake.ResetRateLimits();
  if (replay.failed > 0) {
    fmt::print(stderr, "ingest_bench: {} of {} fetch-only requests failed\n", replay.failed,
               urls.size());
  }
  return replay.wall_s;
}

}  // namespace

std::vector<CaseResult> RunCase(const CaseSpec& spec, const std::filesystem::path& binary,
                                uint64_t seed) {
  fake::Scenario scenario = fake::GenerateScenario(spec.coins, seed, *ParseDay(kToday));
  scenario.required_api_key = kApiKey;
  fake::Options options;
  options.latency_ms = spec.latency_ms;
  // A keep-alive connection holds a server thread; the client opens at most `concurrency`.
  options.threads = 2 * spec.concurrency + 4;
  fake::FakeExchange fake(scenario, options);

  Pacing pacing;
  fake::FaultOptions faults;  // No injected faults; the providers' ceilings are emulated.
  faults.binance_weight_limit = static_cast<int>(pacing.binance_weight_per_minute);
  if (!spec.raised_cc_limits) {
    faults.cc_max_per_second = static_cast<int>(pacing.cc_per_second);
    faults.cc_max_per_minute = static_cast<int>(pacing.cc_per_minute);
    faults.cc_max_per_hour = static_cast<int>(pacing.cc_per_hour);
  } else {
    pacing.cc_per_second = pacing.cc_per_minute = pacing.cc_per_hour = kRaisedCcLimit;
  }
  fake.SetFaults(faults);

  testing::TempDir dir;
  const auto env = Environment(spec, fake, dir.path() / "bench.db");
  std::vector<CaseResult> results;

  const Day first_day = fake.today();
  CaseResult full;
  full.spec = spec;
  full.kind = "full";
  full.minimal = MinimalFullIngest(scenario, spec.coins, first_day);
  full.expected_rows = ExpectedRowCount(scenario, spec.coins, first_day);
  full.bound = ComputeLowerBound(full.minimal, spec.latency_ms, spec.concurrency, pacing);
  full.measure = RunOnce(binary, env, spec.latency_ms, fake, dir);
  if (spec.raised_cc_limits) full.fetch_only_s = ReplayFetchOnly(fake, spec.concurrency);
  results.push_back(full);

  // A day passes: the database is complete through the day before the new today.
  fake.AdvanceDays(1);
  fake.ClearRequests();
  fake.ResetRateLimits();
  CaseResult update;
  update.spec = spec;
  update.kind = "update";
  update.minimal = MinimalDailyUpdate(scenario, spec.coins);
  update.expected_rows = ExpectedRowCount(scenario, spec.coins, fake.today()) - full.expected_rows;
  update.bound = ComputeLowerBound(update.minimal, spec.latency_ms, spec.concurrency, pacing);
  update.measure = RunOnce(binary, env, spec.latency_ms, fake, dir);
  results.push_back(update);
  return results;
}

}  // namespace cryptoscope::bench
