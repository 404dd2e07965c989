// Screener measures: one number per coin, taken at the coin's last stored row, to rank coins.
//   return_30d      close(last) / close(D) - 1, D = the last stored row dated on or before
//                   last_day - 30 days (calendar days, so a gap does not stretch the window)
//   volatility_30d  RollingVolatility(close, 30) at the last row: sample sd of the last 30 daily
//                   returns between stored rows, * sqrt(365)
//   rsi_14          Rsi(close, 14) at the last row
//   drawdown        close(last) / max(close over the whole stored history) - 1 (<= 0): how far the
//                   coin is below its high today (not the historical maximum drawdown)
// A coin too short for a measure has NaN (callers leave it out of the ranking).
#pragma once

#include <optional>
#include <string_view>

#include "cryptoscope/analysis/series.h"

namespace cryptoscope::analysis {

enum class ScreenMeasure { kReturn30d, kVolatility30d, kRsi14, kDrawdown };

std::optional<ScreenMeasure> ScreenMeasureFromName(std::string_view name);
std::string_view ScreenMeasureName(ScreenMeasure measure);
inline constexpr std::string_view kScreenMeasureNames =
    "return_30d, volatility_30d, rsi_14, drawdown";

double ScreenValue(ScreenMeasure measure, const Series& series);

}  // namespace cryptoscope::analysis
