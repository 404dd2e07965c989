// Serializers from query rows to JSON and CSV text (RFC 4180, '.' decimals, no exponents).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cryptoscope/query/catalog.h"
#include "cryptoscope/query/compare.h"
#include "cryptoscope/query/rows.h"
#include "cryptoscope/serve/json_writer.h"

namespace cryptoscope::serve {

// The fields of a coin (inside an object the caller opened): rank, symbol, name, source, pair,
// market_cap, price, first_day, last_day, rows.
void WriteSymbolFields(JsonWriter& json, const query::SymbolSummary& coin);
void WriteBar(JsonWriter& json, const query::Bar& bar);
void WriteCoverage(JsonWriter& json, const query::Coverage& coverage);

// Shortest round-trip digits in fixed notation ("0.00001234", never "1.234e-05"); "" for
// NaN/infinity.
std::string CsvNumber(double value);

std::string SymbolsCsv(const std::vector<const query::SymbolSummary*>& coins);
std::string BarsCsv(const std::vector<query::Bar>& bars);
// Wide: date,<symbol>,... one row per date from base_day on; empty where a coin has no row.
std::string CompareCsv(const query::Comparison& comparison);

}  // namespace cryptoscope::serve
