#include "cryptoscope/fetch/retry_after.h"

#include <charconv>

namespace cryptoscope::fetch {

std::optional<Millis> RetryAfter(const Response& response) {
  const auto value = response.Header("retry-after");
  if (!value) return std::nullopt;
  long long seconds = 0;
  auto [ptr, ec] = std::from_chars(value->data(), value->data() + value->size(), seconds);
  if (ec != std::errc() || ptr != value->data() + value->size() || seconds < 0) {
    return std::nullopt;
  }
  return Millis{seconds * 1000};
}

}  // namespace cryptoscope::fetch
