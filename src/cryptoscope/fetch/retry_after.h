#pragma once

#include <optional>

#include "cryptoscope/fetch/clock.h"
#include "cryptoscope/fetch/http.h"

namespace cryptoscope::fetch {

// The `Retry-After` header as a delay: whole seconds (what both providers send) or an HTTP date
// is not supported and yields nullopt, as does a missing or malformed value.
std::optional<Millis> RetryAfter(const Response& response);

}  // namespace cryptoscope::fetch
