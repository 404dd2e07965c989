#include "app/check_command.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <set>
#include <vector>

#include "app/exit_codes.h"
#include "app/text_table.h"
#include "cryptoscope/check/audit.h"
#include "cryptoscope/check/cross_check.h"
#include "cryptoscope/pipeline/config_loader.h"
#include "cryptoscope/query/reader.h"

namespace cryptoscope::app {
namespace {

// The ingest settings a cross-check uses, as flags of `check` too (the key only from a file).
constexpr const char* kCrossCheckSettings[] = {"api_key_file", "cryptocompare_base_url",
                                               "max_concurrency", "max_retries", "request_timeout"};

std::string Text(const std::optional<std::string>& value) { return value.value_or("-"); }

std::string GapList(const query::Coverage& coverage, bool known) {
  std::vector<std::string> runs;
  for (const query::Gap& gap : coverage.gaps) {
    if (gap.known != known) continue;
    runs.push_back(gap.from == gap.to ? gap.from : gap.from + ".." + gap.to);
  }
  return fmt::format("{}", fmt::join(runs, " "));
}

std::map<std::string, int64_t> BadRowsByCoin(const check::AuditReport& audit) {
  std::map<std::string, int64_t> out;
  for (const auto& bad : audit.bad_rows) ++out[bad.symbol];
  return out;
}

void PrintText(std::FILE* out, const check::AuditReport& audit,
               const std::optional<check::CrossCheckReport>& cross, const CheckOptions& options) {
  const auto bad = BadRowsByCoin(audit);
  TextTable coins{{"rank", "symbol", "source", "first", "last", "rows", "missing", "known gaps",
                   "stale since", "bad rows"},
                  {}};
  for (const auto& coin : audit.coins) {
    const auto& s = coin.summary;
    const auto& c = coin.coverage;
    const int64_t bad_rows = bad.count(s.symbol) ? bad.at(s.symbol) : 0;
    const bool notable =
        c.missing_days > 0 || c.known_gap_days > 0 || c.stale_since || bad_rows > 0;
    if (!options.all_coins && !notable) continue;
    coins.rows.push_back({s.rank ? std::to_string(*s.rank) : "-", s.symbol, Text(s.source),
                          Text(s.first_day), Text(s.last_day), std::to_string(s.rows),
                          std::to_string(c.missing_days), std::to_string(c.known_gap_days),
                          Text(c.stale_since), std::to_string(bad_rows)});
  }
  fmt::print(out, "coins{}:\n", options.all_coins ? "" : " with gaps, stale or bad rows");
  if (coins.rows.empty()) {
    fmt::print(out, "  none\n");
  } else {
    PrintTable(out, coins);
  }
  for (const auto& coin : audit.coins) {
    if (coin.coverage.missing_days > 0) {
      fmt::print(out, "missing days of {}: {}\n", coin.summary.symbol,
                 GapList(coin.coverage, false));
    }
    if (coin.coverage.known_gap_days > 0) {
      fmt::print(out, "known gaps of {} (no trading at the provider): {}\n", coin.summary.symbol,
                 GapList(coin.coverage, true));
    }
  }
  for (const auto& row : audit.bad_rows) {
    fmt::print(out, "bad row {} {}: {}\n", row.symbol, row.date, row.problem);
  }
  if (cross) {
    fmt::print(out,
               "cross-check against cryptocompare: {} coins, {} days compared, {} closes "
               "more than {}% apart\n",
               cross->coins.size(), cross->days_compared, cross->differences.size(),
               options.threshold);
    for (const auto& d : cross->differences) {
      fmt::print(out, "  {} {}: stored {} vs cryptocompare {} ({:.2f}%)\n", d.symbol, d.date,
                 d.stored, d.reference, d.relative * 100);
    }
    for (const auto& f : cross->failures) {
      fmt::print(out, "  {} not cross-checked: {}\n", f.symbol, f.reason);
    }
  }
  fmt::print(out, "integrity ({}): {}\n", options.full ? "integrity_check" : "quick_check",
             fmt::join(audit.integrity, "; "));
  fmt::print(out,
             "totals: {} coins, {} rows, {} missing days, {} known gap days, {} stale coins, {} "
             "bad rows\n",
             audit.coins.size(), audit.rows, audit.missing_days, audit.known_gap_days,
             audit.stale_coins, audit.bad_rows.size());
}

nlohmann::json OptionalJson(const std::optional<std::string>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

void PrintJson(std::FILE* out, const check::AuditReport& audit,
               const std::optional<check::CrossCheckReport>& cross, bool clean) {
  const auto bad = BadRowsByCoin(audit);
  nlohmann::json coins = nlohmann::json::array();
  for (const auto& coin : audit.coins) {
    const auto& s = coin.summary;
    const auto& c = coin.coverage;
    nlohmann::json gaps = nlohmann::json::array();
    for (const auto& gap : c.gaps) {
      gaps.push_back(
          {{"from", gap.from}, {"to", gap.to}, {"days", gap.days}, {"known", gap.known}});
    }
    coins.push_back({{"rank", s.rank ? nlohmann::json(*s.rank) : nlohmann::json(nullptr)},
                     {"symbol", s.symbol},
                     {"source", OptionalJson(s.source)},
                     {"first_day", OptionalJson(s.first_day)},
                     {"last_day", OptionalJson(s.last_day)},
                     {"rows", s.rows},
                     {"synced_through", OptionalJson(c.synced_through)},
                     {"stale_since", OptionalJson(c.stale_since)},
                     {"missing_days", c.missing_days},
                     {"known_gap_days", c.known_gap_days},
                     {"gaps", gaps},
                     {"bad_rows", bad.count(s.symbol) ? bad.at(s.symbol) : 0}});
  }
  nlohmann::json bad_rows = nlohmann::json::array();
  for (const auto& row : audit.bad_rows) {
    bad_rows.push_back({{"symbol", row.symbol}, {"date", row.date}, {"problem", row.problem}});
  }
  nlohmann::json doc = {{"clean", clean},
                        {"coins", coins},
                        {"bad_rows", bad_rows},
                        {"integrity", audit.integrity},
                        {"totals",
                         {{"coins", audit.coins.size()},
                          {"rows", audit.rows},
                          {"missing_days", audit.missing_days},
                          {"known_gap_days", audit.known_gap_days},
                          {"stale_coins", audit.stale_coins},
                          {"bad_rows", audit.bad_rows.size()}}}};
  if (cross) {
    nlohmann::json differences = nlohmann::json::array();
    for (const auto& d : cross->differences) {
      differences.push_back({{"symbol", d.symbol},
                             {"date", d.date},
                             {"stored_close", d.stored},
                             {"reference_close", d.reference},
                             {"relative", d.relative}});
    }
    nlohmann::json failures = nlohmann::json::array();
    for (const auto& f : cross->failures) {
      failures.push_back({{"symbol", f.symbol}, {"reason", f.reason}});
    }
    doc["cross_check"] = {{"reference", "cryptocompare"},
                          {"coins", cross->coins},
                          {"days_compared", cross->days_compared},
                          {"differences", differences},
                          {"failures", failures}};
  }
  fmt::print(out, "{}\n", doc.dump(2));
}

}  // namespace

CLI::App* AddCheckCommand(CLI::App& cli, CheckOptions& options) {
  CLI::App* check = cli.add_subcommand(
      "check",
      "Audit the database read-only: per coin its source, first and last day, rows, gaps (known "
      "to the provider or missing), stale coins and rows breaking the candle rules; totals; "
      "SQLite's quick_check. With --cross-check K, compare the closes of the top K Binance coins "
      "with CryptoCompare's (needs CRYPTOCOMPARE_API_KEY, like ingest). Exit codes: 0 clean; 1 "
      "findings; 2 usage; 4 the database could not be read.");
  check->add_option("--db", options.db, "SQLite file written by ingest (default crypto_data.db)")
      ->envname("DB_PATH");
  check->add_flag("--full", options.full, "run PRAGMA integrity_check instead of quick_check");
  check->add_flag("--json", options.json, "print one JSON document instead of tables");
  check->add_flag("--all", options.all_coins,
                  "list every coin in the table, not only those with gaps, stale or bad rows");
  check
      ->add_option("--cross-check", options.cross_check,
                   "compare the top K Binance-routed coins with CryptoCompare (one request each)")
      ->check(CLI::Range(0, 1000));
  check
      ->add_option("--threshold", options.threshold,
                   "percent difference of a close that is reported (default 2)")
      ->check(CLI::Range(0.0, 100.0));
  for (const auto& spec : pipeline::IngestSettings()) {
    for (const char* key : kCrossCheckSettings) {
      if (std::string_view(spec.key) != key) continue;
      check
          ->add_option(spec.flag, options.config_flags[spec.key],
                       fmt::format("for --cross-check: {} [env: {}]", spec.help, spec.env))
          ->type_name("VALUE");
    }
  }
  check->callback([check, &options] {
    // Only flags the user gave count: the others must not beat the environment.
    std::erase_if(options.config_flags, [&](const auto& entry) {
      for (const auto& spec : pipeline::IngestSettings()) {
        if (entry.first == spec.key) return check->count(spec.flag) == 0;
      }
      return true;
    });
  });
  return check;
}

int RunCheck(const CheckOptions& options, std::FILE* out, std::FILE* err) {
  std::optional<pipeline::Config> config;
  if (options.cross_check > 0) {
    auto flags = options.config_flags;
    flags["db_path"] = options.db;
    auto loaded = pipeline::LoadConfig(flags, pipeline::ProcessEnv);
    if (!loaded) {
      fmt::print(err, "error: {}\n", loaded.error().message);
      return kExitUsage;
    }
    // The cross-check compares with CryptoCompare; ingest no longer needs its key (issue 12).
    if (loaded->api_key.empty()) {
      fmt::print(err,
                 "error: CRYPTOCOMPARE_API_KEY is not set; --cross-check compares with "
                 "CryptoCompare, which needs an API key: export CRYPTOCOMPARE_API_KEY=<key> or "
                 "pass --api-key-file PATH\n");
      return kExitUsage;
    }
    config = std::move(*loaded);
  }
  auto reader = query::Reader::Open(options.db);
  if (!reader) {
    fmt::print(err, "error: {}\n", reader.error().message);
    return kExitAborted;
  }
  auto audit = check::Audit(**reader, options.full);
  if (!audit) {
    fmt::print(err, "error: {}\n", audit.error().message);
    return kExitAborted;
  }
  std::optional<check::CrossCheckReport> cross;
  if (config) {
    auto checked = check::CrossCheck(
        **reader, *config, check::CrossCheckOptions{options.cross_check, options.threshold / 100});
    if (!checked) {
      fmt::print(err, "error: {}\n", checked.error().message);
      return kExitAborted;
    }
    cross = std::move(*checked);
  }
  const bool clean =
      audit->clean() && (!cross || (cross->differences.empty() && cross->failures.empty()));
  if (options.json) {
    PrintJson(out, *audit, cross, clean);
  } else {
    PrintText(out, *audit, cross, options);
    fmt::print(out, "{}\n", clean ? "clean" : "findings: see above");
  }
  return clean ? kExitOk : kExitPartial;
}

}  // namespace cryptoscope::app
