// Parameter checks shared by the analysis functions: messages name the function and the value.
#pragma once

#include <cstddef>
#include <string_view>

#include "cryptoscope/core/result.h"

namespace cryptoscope::analysis {

// period in [min, kMaxPeriod], else kInvalidArgument "<what>: <name> must be ...".
[[nodiscard]] Status CheckPeriod(std::string_view what, std::string_view name, int period,
                                 int min = 1);
// All sizes equal, else kInvalidArgument.
[[nodiscard]] Status CheckSameSize(std::string_view what, size_t a, size_t b, size_t c = SIZE_MAX);

}  // namespace cryptoscope::analysis
