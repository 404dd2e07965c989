// The analysis answers as JSON, in the shapes agreed in the API notes (/api/v1/indicators, stats,
// correlation, screener), shared by `cryptoscope analyze --format json` and the REST API.
// Numbers print with the shortest round-trip text (fmt "{}"); NaN and infinities print as null.
// Pure string building; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cryptoscope/analysis/indicator_spec.h"
#include "cryptoscope/analysis/reports.h"

namespace cryptoscope::analysis {

// {"symbol":"BTC","indicators":[{"id":"bb:20:2","name":"bb","params":[20,2],"warmup":19,
//   "columns":["middle","upper","lower"],"rows":[{"date":"..","middle":..,..}]}]}
// Rows: series rows dated in [from, to] on which every column has a value.
std::string IndicatorsJson(std::string_view symbol, const Series& series,
                           const std::vector<IndicatorValues>& indicators, Day from, Day to);

// {"from":"..","to":"..","rf":0,"benchmark":"BTC"|null,"stats":[{"symbol":"BTC","days":365,
//   "first_day":"..","last_day":"..","total_return":..,"volatility":..,"max_drawdown":{"depth":..,
//   "peak":"..","trough":"..","recovery":".."|null},"sharpe":..,"sortino":..,"beta":..|null}]}
// `benchmark`: the coin beta is measured against; "" when none (every beta null).
std::string StatsJson(Day from, Day to, double rf, std::string_view benchmark,
                      const std::vector<CoinStats>& stats);

// {"symbols":[..],"from":"..","to":"..","days":364,"matrix":[[1,0.8],[0.8,1]]}
std::string CorrelationJson(const CorrelationReport& report);

// {"by":"return_30d","order":"desc","as_of":"..","data":[{"rank":1,"symbol":"BTC",
//   "name":"Bitcoin","value":0.05,"last_day":".."}]}
std::string ScreenJson(const ScreenReport& report, bool ascending);

// Helpers for other writers: a JSON number (null when not finite) and a quoted, escaped string.
std::string JsonNumber(double value);
std::string JsonString(std::string_view text);

}  // namespace cryptoscope::analysis
