// Typed rows of the read side: what the query layer returns and the serializers print.
// Text columns are kept as stored ('YYYY-MM-DD' dates), NULL columns as nullopt.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cryptoscope::query {

// One coin of the symbols table with the extent of its stored history.
struct SymbolSummary {
  std::string symbol;
  std::optional<std::string> name;
  std::optional<int64_t> rank;  // nullopt: no longer in the top N.
  std::optional<double> market_cap;
  std::optional<double> price;
  std::optional<std::string> source;
  std::optional<std::string> pair;
  std::optional<std::string> first_day;  // nullopt: no stored row.
  std::optional<std::string> last_day;
  int64_t rows = 0;
  // Changes whenever the coin's rows may have (its sync_state row, first or last day): lets a
  // new catalog reuse `rows` instead of counting again. Not served.
  std::string stamp;
};

// One stored day (or an aggregated bar, dated by its period's first day).
struct Bar {
  std::string date;
  double open = 0;
  double high = 0;
  double low = 0;
  double close = 0;
  double volume = 0;
  std::optional<double> quote_volume;
};

// Days of a coin's history between its first and last stored day that have no row.
struct Gap {
  std::string from;
  std::string to;
  int64_t days = 0;
  bool known = false;  // Every day of the run is in known_gaps (the provider has no candle).
};

struct Coverage {
  std::optional<std::string> synced_through;
  std::optional<std::string> stale_since;
  std::vector<Gap> gaps;
  int64_t missing_days = 0;    // Days inside gaps that are not known.
  int64_t known_gap_days = 0;  // Days inside gaps that are known.
};

// File-wide facts for /health.
struct StoreFacts {
  int schema_version = 0;
  std::optional<std::string> last_ingest;  // max(sync_state.updated_at), as stored.
};

}  // namespace cryptoscope::query
