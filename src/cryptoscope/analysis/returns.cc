#include "cryptoscope/analysis/returns.h"

#include <fmt/format.h>

#include <cmath>

#include "cryptoscope/analysis/series.h"

namespace cryptoscope::analysis {
namespace {

Status CheckPositive(std::string_view what, std::span<const double> close) {
  for (size_t i = 0; i < close.size(); ++i) {
    if (!(close[i] > 0)) {
      return Fail(
          ErrorCode::kInvalidArgument,
          fmt::format("{}: close at row {} is {}, not a positive price", what, i, close[i]));
    }
  }
  return {};
}

}  // namespace

Result<std::vector<double>> SimpleReturns(std::span<const double> close) {
  if (auto ok = CheckPositive("returns", close); !ok) return tl::unexpected(ok.error());
  std::vector<double> out(close.size(), kNoValue);
  for (size_t i = 1; i < close.size(); ++i) out[i] = close[i] / close[i - 1] - 1.0;
  return out;
}

Result<std::vector<double>> LogReturns(std::span<const double> close) {
  if (auto ok = CheckPositive("log returns", close); !ok) return tl::unexpected(ok.error());
  std::vector<double> out(close.size(), kNoValue);
  for (size_t i = 1; i < close.size(); ++i) out[i] = std::log(close[i] / close[i - 1]);
  return out;
}

}  // namespace cryptoscope::analysis
