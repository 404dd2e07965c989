// CryptoCompare's /stats/rate/limit answer: the calling key's usage per window
// (docs/api-contract.md section 4.2).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "cryptoscope/core/result.h"

namespace cryptoscope::parse {

// Windows in the order second, minute, hour, day, month.
inline constexpr size_t kCcRateWindows = 5;
using CcWindowCounts = std::array<std::optional<int64_t>, kCcRateWindows>;

struct CcRateLimitStatus {
  CcWindowCounts calls_made;
  CcWindowCounts calls_left;
  CcWindowCounts max_calls;  // Some variants state the ceiling itself instead of (or beside) left.
};

// Reads Data.calls_made, Data.calls_left and Data.max_calls (each {"second": n, ...}; any may be
// absent, unknown windows and non-integer counts are skipped). kBadData "rate limit: ..." when the
// body is not a successful min-api envelope (an error, Type 99) or not JSON.
[[nodiscard]] Result<CcRateLimitStatus> ParseCcRateLimit(const std::string& body);

}  // namespace cryptoscope::parse
