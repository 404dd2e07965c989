#include "cryptoscope/fetch/backoff.h"

#include <algorithm>

namespace cryptoscope::fetch {

Millis Backoff::Delay(int attempt) {
  const int shift = std::clamp(attempt - 1, 0, 20);
  const int64_t floor = std::min<int64_t>(options_.cap.count(), options_.base.count() << shift);
  const int64_t ceiling =
      std::min<int64_t>(options_.cap.count(), options_.base.count() << (shift + 1));
  std::uniform_int_distribution<int64_t> pick(floor, std::max(floor, ceiling));
  return Millis{pick(random_)};
}

}  // namespace cryptoscope::fetch
