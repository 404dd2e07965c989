#include "cryptoscope/analysis/params.h"

#include <fmt/format.h>

#include <cstdint>

#include "cryptoscope/analysis/series.h"

namespace cryptoscope::analysis {

Status CheckPeriod(std::string_view what, std::string_view name, int period, int min) {
  if (period < min || period > kMaxPeriod) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: {} must be between {} and {}, got {}",
                                                         what, name, min, kMaxPeriod, period));
  }
  return {};
}

Status CheckSameSize(std::string_view what, size_t a, size_t b, size_t c) {
  if (a != b || (c != SIZE_MAX && c != a)) {
    return Fail(
        ErrorCode::kInvalidArgument,
        fmt::format("{}: input columns differ in length ({} and {})", what, a, a != b ? b : c));
  }
  return {};
}

}  // namespace cryptoscope::analysis
