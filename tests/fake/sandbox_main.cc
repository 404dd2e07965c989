// cryptoscope-sandbox: the fake Binance, CoinGecko, OKX, Bybit and CryptoCompare server, run by
// hand. Point the pipeline at it (every base URL = the printed address; no key for the keyless
// mode, or the printed CryptoCompare key) and drive its clock with
//   curl -X POST 'http://127.0.0.1:8080/__control/advance?days=1'
//   curl 'http://127.0.0.1:8080/__control/stats'
#include <fmt/format.h>
#include <pthread.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <exception>

#include "fake/fake_exchange.h"

int main(int argc, char** argv) {
  using cryptoscope::Day;
  CLI::App app{
      "Fake Binance, CoinGecko, OKX, Bybit and CryptoCompare server for trying cryptoscope by "
      "hand. Serves every API on one port; control endpoints: POST /__control/advance?days=N, "
      "POST /__control/now?ms=T, GET /__control/stats."};
  int port = 8080;
  int coins = 300;
  uint64_t seed = 1;
  std::string today_text;
  int latency_ms = 0;
  int threads = 16;
  double fault_rate = 0;
  std::string api_key = "test-key";
  app.add_option("--port", port, "TCP port on 127.0.0.1 (0 = any free port)")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  app.add_option("--coins", coins,
                 "Number of coins in the ranking (every edge case is in the top 25)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--seed", seed, "Seed of the generated coins (tickers, prices, listing days)")
      ->capture_default_str();
  app.add_option("--today", today_text,
                 "The fake clock's day, YYYY-MM-DD; the clock starts at 12:34:56.789 UTC "
                 "(default: the real UTC today)");
  app.add_option("--latency-ms", latency_ms, "Delay added to every response")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  app.add_option("--threads", threads,
                 "Server threads; use at least as many as the client's parallel connections")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--fault-rate", fault_rate,
                 "Probability of a transient fault (5xx, 429, Type 99, truncated/invalid body, "
                 "reset, slow) per history or discovery request")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--api-key", api_key,
                 "CryptoCompare key clients must send as 'authorization: Apikey <key>' "
                 "(empty = no check)")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  Day today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  if (!today_text.empty()) {
    auto parsed = cryptoscope::ParseDay(today_text);
    if (!parsed) {
      fmt::print(stderr, "--today: expected YYYY-MM-DD, got '{}'\n", today_text);
      return 2;
    }
    today = *parsed;
  }
  cryptoscope::fake::Scenario scenario = cryptoscope::fake::GenerateScenario(coins, seed, today);
  scenario.required_api_key = api_key;
  cryptoscope::fake::Options options;
  options.port = port;
  options.latency_ms = latency_ms;
  options.threads = threads;
  cryptoscope::fake::FaultOptions faults;
  faults.seed = seed;
  faults.fault_rate = fault_rate;

  // Blocked before the server threads start, so they inherit the mask and main receives both.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  try {
    cryptoscope::fake::FakeExchange fake(std::move(scenario), options);
    fake.SetFaults(faults);
    fmt::print("sandbox listening on {} (api key: {})\n", fake.base_url(), api_key);
    fmt::print(
        "keyless: export BINANCE_BASE_URL={0} COINGECKO_BASE_URL={0} OKX_BASE_URL={0} "
        "BYBIT_BASE_URL={0}\n",
        fake.base_url());
    std::fflush(stdout);
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    fmt::print("sandbox stopping: {}\n", fake.StatsJson());
    std::fflush(stdout);
  } catch (const std::exception& e) {
    fmt::print(stderr, "{}\n", e.what());
    return 1;
  }
  return 0;
}
