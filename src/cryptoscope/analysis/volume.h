// Volume-based indicators.
#pragma once

#include <span>
#include <vector>

#include "cryptoscope/core/result.h"

namespace cryptoscope::analysis {

// On-Balance Volume, starting at 0 on the first row (TA-Lib starts at volume[0] instead; the two
// differ by that constant): OBV[i] = OBV[i-1] + volume[i] if close rose, - volume[i] if it fell,
// unchanged if equal. Warm-up 0. Volumes are base-asset volumes. Columns must have equal lengths.
[[nodiscard]] Result<std::vector<double>> Obv(std::span<const double> close,
                                              std::span<const double> volume);
inline int ObvWarmup() { return 0; }

}  // namespace cryptoscope::analysis
