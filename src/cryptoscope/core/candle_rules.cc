#include "cryptoscope/core/candle_rules.h"

#include <fmt/format.h>

#include <cmath>
#include <utility>

namespace cryptoscope {

std::optional<std::string> CandleProblem(const Candle& c) {
  const std::pair<const char*, double> values[] = {
      {"open", c.open},   {"high", c.high},     {"low", c.low},
      {"close", c.close}, {"volume", c.volume}, {"quote volume", c.quote_volume}};
  for (const auto& [name, value] : values) {
    if (!std::isfinite(value)) return fmt::format("{} {} is not finite", name, value);
    if (value < 0) return fmt::format("{} {} is negative", name, value);
  }
  if (c.low > c.high) return fmt::format("low {} > high {}", c.low, c.high);
  if (c.open < c.low || c.open > c.high) {
    return fmt::format("open {} is outside [low {}, high {}]", c.open, c.low, c.high);
  }
  if (c.close < c.low || c.close > c.high) {
    return fmt::format("close {} is outside [low {}, high {}]", c.close, c.low, c.high);
  }
  return std::nullopt;
}

}  // namespace cryptoscope
