// Named indicators with parameters, as users write them on the command line and in the API:
// "name[:p1[:p2...]]", e.g. "rsi:14", "macd" (= macd:12:26:9), "bb:20:2". One entry point computes
// any of them over a Series into named columns, for `cryptoscope analyze` and the REST API.
//
// name   params (defaults)        columns                    warm-up (index of first row)
// sma    period (20)              value                      period-1
// ema    period (20)              value                      period-1
// wma    period (20)              value                      period-1
// rsi    period (14)              value                      period
// atr    period (14)              value                      period
// bb     period (20), width (2)   middle, upper, lower       period-1
// macd   fast, slow, signal       macd, signal, histogram    slow+signal-2
//        (12, 26, 9)
// stoch  %K period, %D period     k, d                       k+d-2
//        (14, 3)
// obv    -                        value                      0
// vol    period (30)              value (annualised)         period
// ret    -                        value (simple return)      1
// logret -                        value (log return)         1
// Multi-column indicators report rows only where every column has a value.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cryptoscope/analysis/series.h"
#include "cryptoscope/core/result.h"

namespace cryptoscope::analysis {

struct IndicatorSpec {
  std::string name;            // Lower case, one of the table above.
  std::vector<double> params;  // Always complete (defaults filled in).
  // Canonical text with every parameter: "macd:12:26:9", "bb:20:2", "obv".
  std::string Id() const;
};

// Parses one spec. kInvalidArgument naming the spec on an unknown name, a non-numeric, missing
// or extra parameter, a non-integer period, or a value the indicator rejects.
[[nodiscard]] Result<IndicatorSpec> ParseIndicator(std::string_view text);
// A comma-separated list ("rsi:14,macd,bb:20:2"); empty entries and an empty list are errors.
[[nodiscard]] Result<std::vector<IndicatorSpec>> ParseIndicators(std::string_view text);

struct IndicatorValues {
  IndicatorSpec spec;
  int warmup = 0;                           // Index of the first row with every column.
  std::vector<std::string> columns;         // Names, as in the table above.
  std::vector<std::vector<double>> values;  // values[c][i]: column c at series row i (NaN = none).
  // True when row i has every column.
  bool RowComplete(size_t i) const;
};

// Computes `spec` over the whole series. Errors only for invalid parameters.
[[nodiscard]] Result<IndicatorValues> ComputeIndicator(const IndicatorSpec& spec,
                                                       const Series& series);

}  // namespace cryptoscope::analysis
