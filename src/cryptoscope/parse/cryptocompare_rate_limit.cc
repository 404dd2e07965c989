#include "cryptoscope/parse/cryptocompare_rate_limit.h"

#include <simdjson.h>

#include <string_view>

#include "cryptoscope/parse/cc_envelope.h"
#include "cryptoscope/parse/json_fields.h"

namespace cryptoscope::parse {
namespace {

namespace od = simdjson::ondemand;

constexpr std::string_view kWindowNames[kCcRateWindows] = {"second", "minute", "hour", "day",
                                                           "month"};

simdjson::error_code ReadCounts(od::value& value, CcWindowCounts& out) {
  return internal::ForEachField(value, [&](od::raw_json_string key, od::value& count) {
    for (size_t window = 0; window < kCcRateWindows; ++window) {
      if (!internal::KeyIs(key, kWindowNames[window])) continue;
      int64_t calls = 0;
      bool found = false;
      if (auto error = internal::ReadInt(count, calls, found)) return error;
      if (found && calls >= 0) out[window] = calls;
      break;
    }
    return simdjson::SUCCESS;
  });
}

}  // namespace

Result<CcRateLimitStatus> ParseCcRateLimit(const std::string& body) {
  CcRateLimitStatus status;
  const Status walked =
      internal::WalkEnvelopeAndData(body, "rate limit", [&](od::value& data) -> Status {
        const auto error =
            internal::ForEachField(data, [&](od::raw_json_string key, od::value& value) {
              CcWindowCounts* counts = internal::KeyIs(key, "calls_made")   ? &status.calls_made
                                       : internal::KeyIs(key, "calls_left") ? &status.calls_left
                                       : internal::KeyIs(key, "max_calls")  ? &status.max_calls
                                                                            : nullptr;
              return counts == nullptr ? simdjson::SUCCESS : ReadCounts(value, *counts);
            });
        if (error) return Fail(ErrorCode::kBadData, "rate limit: " + internal::InvalidJson(error));
        return {};
      });
  if (!walked) return tl::unexpected(walked.error());
  return status;
}

}  // namespace cryptoscope::parse
