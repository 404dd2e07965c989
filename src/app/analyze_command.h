// `cryptoscope analyze`: indicators of one coin, statistics of several, a correlation matrix or a
// screener, read from the database the ingest writes (read-only), printed as a table, CSV or JSON.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>

namespace cryptoscope::app {

struct AnalyzeOptions {
  std::string db = "crypto_data.db";
  std::string symbol;
  std::string indicators = "sma:20,rsi:14,macd:12:26:9,bb:20:2";
  std::string from, to;
  int days = 365;
  std::string format = "table";
  std::string stats;  // Comma-separated symbols.
  double rf = 0;
  std::string benchmark;  // Beta against this coin; "" = BTC when it has rows, else no beta.
  bool correlation = false;
  std::string symbols;  // For --correlation; else the top coins.
  int top = 20;
  bool screen = false;
  std::string by = "return_30d";
  std::string order = "desc";
};

// Registers the subcommand and binds its options to `options`, which must outlive `cli`.
CLI::App* AddAnalyzeCommand(CLI::App& cli, AnalyzeOptions& options);

// Runs the parsed command: answer on `out`, "error: ..." on `err`. Returns the exit code:
// 0 done; 2 usage (conflicting or invalid options, unknown symbol, nothing in the range, a file
// that is not a CryptoScope database); 4 database problem (no such file, read error).
int RunAnalyze(const AnalyzeOptions& options, std::FILE* out, std::FILE* err);

}  // namespace cryptoscope::app
