// The rules every stored candle keeps, checked by the parsers before storing and by `check` on
// what a file holds (in case something else wrote it).
#pragma once

#include <optional>
#include <string>

#include "cryptoscope/core/types.h"

namespace cryptoscope {

// All six values finite and non-negative, low <= high, open and close within [low, high].
// Returns the problem as a lower-case phrase (e.g. "low 5 > high 4"), nullopt when fine.
[[nodiscard]] std::optional<std::string> CandleProblem(const Candle& candle);

}  // namespace cryptoscope
