// Daily returns between consecutive stored rows (a return across a provider gap spans the gap;
// see series.h). Aligned output: out[0] is NaN, out[i] is the return from row i-1 to row i.
#pragma once

#include <span>
#include <vector>

#include "cryptoscope/core/result.h"

namespace cryptoscope::analysis {

// close[i] / close[i-1] - 1. kInvalidArgument when a close is not > 0 (names its index).
[[nodiscard]] Result<std::vector<double>> SimpleReturns(std::span<const double> close);
// log(close[i] / close[i-1]). kInvalidArgument when a close is not > 0.
[[nodiscard]] Result<std::vector<double>> LogReturns(std::span<const double> close);

}  // namespace cryptoscope::analysis
