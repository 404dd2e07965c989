// `cryptoscope check`: the read-only audit of a database (check/audit.h), optionally reconciled
// with CryptoCompare (check/cross_check.h), printed as tables or JSON.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdio>
#include <map>
#include <string>

namespace cryptoscope::app {

struct CheckOptions {
  std::string db = "crypto_data.db";
  bool full = false;
  bool json = false;
  int cross_check = 0;     // Coins; 0 = no reconciliation.
  double threshold = 2.0;  // Percent.
  std::string reference;   // cryptocompare, okx or bybit; "" = cryptocompare with a key, else okx.
  int days = 365;          // Newest stored days compared per coin; 0 = all.
  bool all_coins = false;  // Table of every coin, not only those with something to say.
  std::map<std::string, std::string> config_flags;  // Ingest settings given as flags.
};

// Registers the subcommand and binds its options to `options`, which must outlive `cli`.
CLI::App* AddCheckCommand(CLI::App& cli, CheckOptions& options);

// Runs the parsed command: report on `out`, "error: ..." on `err`. Returns the exit code:
// 0 clean; 1 findings (missing days, bad rows, integrity, closes beyond the threshold, coins that
// could not be cross-checked); 2 usage (a file that is not a CryptoScope database included);
// 4 the database could not be read (no such file, I/O error).
int RunCheck(const CheckOptions& options, std::FILE* out, std::FILE* err);

}  // namespace cryptoscope::app
