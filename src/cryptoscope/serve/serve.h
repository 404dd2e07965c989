// `cryptoscope serve`: opens the store read-only and answers HTTP until SIGINT or SIGTERM, then
// lets requests in flight finish. The stage's one entry point for main.
#pragma once

#include "cryptoscope/core/result.h"
#include "cryptoscope/serve/config.h"

namespace cryptoscope::serve {

// Blocks until stopped by a signal. kNotFound / kInvalidArgument when the database cannot be
// used, kInvalidArgument when the address cannot be bound.
[[nodiscard]] Status Run(const Config& config);

}  // namespace cryptoscope::serve
