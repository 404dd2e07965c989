#include "cryptoscope/fetch/backoff.h"

#include <algorithm>

namespace cryptoscope::fetch {

Millis Backoff::Delay(int attempt) {
  const int shift = std::clamp(attempt - 1, 0, 20);
  const int64_t ceiling = std::min<int64_t>(options_.cap.count(), options_.base.count() << shift);
  std::uniform_int_distribution<int64_t> pick(ceiling / 2, ceiling);  // Never retry at once.
  return Millis{pick(random_)};
}

}  // namespace cryptoscope::fetch
