// cryptoscope: command line -> Config -> pipeline::RunIngest (ingest) or serve::Run (serve)
// -> summary and exit code.
#include <fmt/format.h>
#include <signal.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <cstdio>
#include <map>
#include <string>

#include "app/analyze_command.h"
#include "app/check_command.h"
#include "app/exit_codes.h"
#include "app/summary.h"
#include "cryptoscope/pipeline/config_loader.h"
#include "cryptoscope/pipeline/ingest.h"
#include "cryptoscope/serve/serve.h"

namespace {

namespace pipeline = cryptoscope::pipeline;
namespace app = cryptoscope::app;

constexpr const char* kExitCodesHelp =
    "Exit codes: 0 done; 1 done, but some coins failed (the next run retries them); 2 invalid "
    "configuration or usage; 3 another ingest is running on this database; 4 the run could not "
    "proceed (coin list, exchange info, API key or database); 130 interrupted.";

std::atomic<bool> g_stop{false};

// The first Ctrl-C (or SIGTERM) asks for a graceful stop; a second one ends the process at once,
// which is safe too: every page is committed whole or not at all.
void OnStopSignal(int signal_number) {
  g_stop = true;
  ::signal(signal_number, SIG_DFL);
}

void InstallStopHandlers() {
  struct sigaction action = {};
  action.sa_handler = OnStopSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

void SetUpLogging(const std::string& level) {
  auto logger = spdlog::stderr_color_mt("cryptoscope");
  logger->set_pattern("%^%l%$: %v");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(level));
}

int RunIngest(const std::map<std::string, std::string>& flags, const std::string& progress_mode) {
  auto config = pipeline::LoadConfig(flags, pipeline::ProcessEnv);
  if (!config) {
    fmt::print(stderr, "error: {}\n", config.error().message);
    return app::kExitUsage;
  }
  pipeline::Progress::Mode mode = pipeline::Progress::AutoMode(stderr);
  if (progress_mode == "bar") mode = pipeline::Progress::Mode::kBar;
  if (progress_mode == "lines") mode = pipeline::Progress::Mode::kLines;
  if (progress_mode == "none") mode = pipeline::Progress::Mode::kNone;
  pipeline::Progress progress(stderr, mode);
  InstallStopHandlers();
  auto report = pipeline::RunIngest(*config, progress, &g_stop);
  if (!report) {
    fmt::print(stderr, "error: {}\n", report.error().message);
    return app::ExitCodeFor(report.error().code);
  }
  app::PrintSummary(stdout, *report);
  if (report->interrupted) return app::kExitInterrupted;
  return report->ok() ? app::kExitOk : app::kExitPartial;
}

int RunServe(cryptoscope::serve::Config config, const std::string& listen) {
  namespace serve = cryptoscope::serve;
  auto address = serve::ParseListen(listen);
  if (!address) {
    fmt::print(stderr, "error: {}\n", address.error().message);
    return app::kExitUsage;
  }
  std::tie(config.host, config.port) = *address;
  auto status = serve::Run(config);
  if (!status) {
    fmt::print(stderr, "error: {}\n", status.error().message);
    return app::ExitCodeFor(status.error().code);
  }
  return app::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  // SQLite's allocation statistics take a global mutex on every malloc and free, and nothing
  // here reads them: about 5% of SQLite's instructions per stored candle (docs/BENCHMARKS.md).
  // Must precede any other SQLite call; it fails harmlessly (SQLITE_MISUSE) otherwise.
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  CLI::App cli{
      "CryptoScope: daily OHLCV history of the top coins by market cap, from Binance "
      "(else OKX, Bybit or CryptoCompare), kept current in a local SQLite file."};
  cli.footer(kExitCodesHelp);
  cli.require_subcommand(1);
  cli.set_version_flag("--version", "cryptoscope 1.0");
  std::string log_level = "warn";
  cli.add_option("--log-level", log_level, "trace, debug, info, warn, error or off (default warn)")
      ->envname("LOG_LEVEL")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));

  CLI::App* ingest = cli.add_subcommand(
      "ingest",
      "Discover the top N coins, fetch every missing closed day and store it. Flags override "
      "the environment variables named beside them. No account is needed: without a "
      "CryptoCompare key CoinGecko ranks the coins and Binance, OKX and Bybit supply the "
      "history. API keys come from CRYPTOCOMPARE_API_KEY / COINGECKO_API_KEY or a key file, "
      "never from the command line.");
  ingest->footer(kExitCodesHelp);
  std::map<std::string, std::string> flag_values;
  std::map<std::string, std::string> storage;
  for (const auto& spec : pipeline::IngestSettings()) {
    ingest
        ->add_option(spec.flag, storage[spec.key], fmt::format("{} [env: {}]", spec.help, spec.env))
        ->type_name("VALUE");
  }
  std::string progress_mode = "auto";
  ingest
      ->add_option("--progress", progress_mode,
                   "auto (a bar on a terminal, else a line every 5 s), bar, lines or none")
      ->check(CLI::IsMember({"auto", "bar", "lines", "none"}));

  app::AnalyzeOptions analyze_options;
  CLI::App* analyze = app::AddAnalyzeCommand(cli, analyze_options);
  app::CheckOptions check_options;
  CLI::App* check = app::AddCheckCommand(cli, check_options);
  CLI::App* serve = cli.add_subcommand(
      "serve",
      "Answer HTTP on the database (read-only, alongside a running ingest): the REST API under "
      "/api/v1 (OpenAPI at /api/v1/openapi.json), a TradingView UDF face under /udf and the web "
      "page at /. Stops on SIGINT/SIGTERM after the requests in flight.");
  serve->footer(
      "Exit codes: 0 stopped by SIGINT/SIGTERM; 2 bad flags, an address that cannot be bound, or "
      "a file that is not a CryptoScope database; 4 the database cannot be opened (no such file, "
      "I/O error).");
  cryptoscope::serve::Config serve_config;
  std::string listen = "127.0.0.1:8080";
  serve->add_option("--listen", listen, "HOST:PORT to listen on (default 127.0.0.1:8080)")
      ->envname("LISTEN");
  serve
      ->add_option("--db", serve_config.db_path,
                   "SQLite file written by ingest (default crypto_data.db)")
      ->envname("DB_PATH");
  serve
      ->add_option("--threads", serve_config.threads,
                   "worker threads; each open keep-alive connection holds one (default 64)")
      ->check(CLI::Range(1, 4096));
  serve->add_option("--cors", serve_config.cors_origin,
                    "send Access-Control-Allow-Origin: ORIGIN (off by default)");

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = cli.exit(e);
    return code == 0 ? app::kExitOk : app::kExitUsage;
  }
  SetUpLogging(log_level);
  if (analyze->parsed()) {
    try {
      return app::RunAnalyze(analyze_options, stdout, stderr);
    } catch (const std::exception& e) {
      fmt::print(stderr, "error: unexpected failure: {}\n", e.what());
      return app::kExitAborted;
    }
  }
  if (check->parsed()) {
    try {
      return app::RunCheck(check_options, stdout, stderr);
    } catch (const std::exception& e) {
      fmt::print(stderr, "error: unexpected failure: {}\n", e.what());
      return app::kExitAborted;
    }
  }
  if (ingest->parsed()) {
    for (const auto& spec : pipeline::IngestSettings()) {
      if (ingest->count(spec.flag) > 0) flag_values[spec.key] = storage[spec.key];
    }
    try {
      return RunIngest(flag_values, progress_mode);
    } catch (const std::exception& e) {
      fmt::print(stderr, "error: unexpected failure: {}\n", e.what());
      return app::kExitAborted;
    }
  }
  if (serve->parsed()) {
    try {
      return RunServe(serve_config, listen);
    } catch (const std::exception& e) {
      fmt::print(stderr, "error: unexpected failure: {}\n", e.what());
      return app::kExitAborted;
    }
  }
  return app::kExitUsage;
}
