#include "cryptoscope/analysis/screen.h"

#include <algorithm>
#include <chrono>

#include "cryptoscope/analysis/oscillators.h"
#include "cryptoscope/analysis/volatility.h"

namespace cryptoscope::analysis {

std::optional<ScreenMeasure> ScreenMeasureFromName(std::string_view name) {
  if (name == "return_30d") return ScreenMeasure::kReturn30d;
  if (name == "volatility_30d") return ScreenMeasure::kVolatility30d;
  if (name == "rsi_14") return ScreenMeasure::kRsi14;
  if (name == "drawdown") return ScreenMeasure::kDrawdown;
  return std::nullopt;
}

std::string_view ScreenMeasureName(ScreenMeasure measure) {
  switch (measure) {
    case ScreenMeasure::kReturn30d:
      return "return_30d";
    case ScreenMeasure::kVolatility30d:
      return "volatility_30d";
    case ScreenMeasure::kRsi14:
      return "rsi_14";
    case ScreenMeasure::kDrawdown:
      return "drawdown";
  }
  return "";
}

double ScreenValue(ScreenMeasure measure, const Series& series) {
  if (series.size() == 0) return kNoValue;
  const double last = series.close.back();
  switch (measure) {
    case ScreenMeasure::kReturn30d: {
      const Day base_day = series.days.back() - std::chrono::days{30};
      // The last row on or before base_day.
      auto it = std::upper_bound(series.days.begin(), series.days.end(), base_day);
      if (it == series.days.begin()) return kNoValue;
      const size_t base = static_cast<size_t>(it - series.days.begin()) - 1;
      return last / series.close[base] - 1.0;
    }
    case ScreenMeasure::kVolatility30d: {
      auto vol = RollingVolatility(series.close, 30);
      return vol ? vol->back() : kNoValue;
    }
    case ScreenMeasure::kRsi14: {
      auto rsi = Rsi(series.close, 14);
      return rsi ? rsi->back() : kNoValue;
    }
    case ScreenMeasure::kDrawdown: {
      const double high = *std::max_element(series.close.begin(), series.close.end());
      return last / high - 1.0;
    }
  }
  return kNoValue;
}

}  // namespace cryptoscope::analysis
