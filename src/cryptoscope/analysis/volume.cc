#include "cryptoscope/analysis/volume.h"

#include "cryptoscope/analysis/params.h"

namespace cryptoscope::analysis {

Result<std::vector<double>> Obv(std::span<const double> close, std::span<const double> volume) {
  if (auto ok = CheckSameSize("obv", close.size(), volume.size()); !ok) {
    return tl::unexpected(ok.error());
  }
  std::vector<double> out(close.size());
  if (close.empty()) return out;
  // A plain running sum, the same order of additions as every reference implementation.
  double obv = 0;
  out[0] = 0;
  for (size_t i = 1; i < close.size(); ++i) {
    if (close[i] > close[i - 1]) obv += volume[i];
    if (close[i] < close[i - 1]) obv -= volume[i];
    out[i] = obv;
  }
  return out;
}

}  // namespace cryptoscope::analysis
