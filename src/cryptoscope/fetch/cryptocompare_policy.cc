#include "cryptoscope/fetch/cryptocompare_policy.h"

#include <algorithm>

#include <fmt/format.h>

#include "cryptoscope/fetch/retry_after.h"
#include "cryptoscope/parse/cryptocompare.h"

namespace cryptoscope::fetch {
namespace {

constexpr Millis kSecond{1'000};
constexpr Millis kMinute{60'000};
constexpr Millis kHour{3'600'000};
// A limit window is taken to turn a little after the aligned boundary, in case clocks differ.
constexpr Millis kBoundarySlack{250};

}  // namespace

CryptoComparePolicy::CryptoComparePolicy(CryptoCompareLimits limits, Millis max_wait)
    : limits_(limits),
      max_wait_(max_wait),
      second_(kSecond, limits.per_second),
      minute_(kMinute, limits.per_minute),
      hour_(kHour, limits.per_hour) {}

TimePoint CryptoComparePolicy::NextSlot(TimePoint now, int /*weight*/) {
  TimePoint slot = std::max(now, blocked_until_);
  for (SlidingWindow* window : {&second_, &minute_, &hour_}) {
    slot = std::max(slot, window->EarliestFit(now, 1));
  }
  return slot;
}

void CryptoComparePolicy::OnStart(TimePoint now, int /*weight*/) {
  for (SlidingWindow* window : {&second_, &minute_, &hour_}) window->Record(now, 1);
  ++calls_this_run_;
}

Verdict CryptoComparePolicy::RateLimited(const std::vector<std::string>& windows,
                                         const std::string& what, TimePoint now) {
  Millis window = kSecond;
  for (const auto& name : windows) {
    if (name == "day" || name == "month") {
      return {Verdict::Kind::kHostFatal, now,
              Error{ErrorCode::kRateLimited,
                    fmt::format("{}: cryptocompare's {} call limit is used up; rerun when it "
                                "resets or raise the plan",
                                what, name)}};
    }
    if (name == "hour") window = std::max(window, kHour);
    if (name == "minute") window = std::max(window, kMinute);
  }
  const TimePoint until = NextAlignedBoundary(now, window) + kBoundarySlack;
  blocked_until_ = std::max(blocked_until_, until);
  if (until - now > max_wait_) {
    return {Verdict::Kind::kHostFatal, until,
            Error{ErrorCode::kRateLimited,
                  fmt::format("{}: cryptocompare's call limit would need a wait of {} s; rerun "
                              "later",
                              what, std::chrono::duration_cast<std::chrono::seconds>(until - now)
                                        .count())}};
  }
  return {Verdict::Kind::kRetryAfter, until, Error{ErrorCode::kRateLimited, what}};
}

Verdict CryptoComparePolicy::Classify(const Result<Response>& result, const Request& request,
                                      TimePoint now) {
  if (!result) {
    const auto kind = result.error().code == ErrorCode::kUnavailable ? Verdict::Kind::kRetry
                                                                      : Verdict::Kind::kHostFatal;
    return {kind, now, result.error()};
  }
  const Response& response = *result;
  if (response.status >= 500) {
    return {Verdict::Kind::kRetry, now + RetryAfter(response).value_or(Millis{0}),
            Error{ErrorCode::kUnavailable,
                  fmt::format("{}: HTTP {}", request.label, response.status)}};
  }
  using Kind = parse::CcEnvelope::Kind;
  const parse::CcEnvelope envelope = parse::ParseCcEnvelope(response.body, response.status);
  const std::string what = fmt::format("{}: HTTP {}{}{}", request.label, response.status,
                                       envelope.message.empty() ? "" : ", ", envelope.message);
  if (response.status == 401 || response.status == 403 || envelope.kind == Kind::kKeyRejected) {
    return {Verdict::Kind::kHostFatal, now,
            Error{ErrorCode::kUnauthorized,
                  fmt::format("{}; cryptocompare rejected the API key: set CRYPTOCOMPARE_API_KEY "
                              "(or --api-key-file) to a valid key",
                              what)}};
  }
  if (response.status == 429 || envelope.kind == Kind::kRateLimited) {
    if (auto wait = RetryAfter(response); wait && envelope.exhausted_windows.empty()) {
      blocked_until_ = std::max(blocked_until_, now + *wait);
      return {Verdict::Kind::kRetryAfter, now + *wait, Error{ErrorCode::kRateLimited, what}};
    }
    return RateLimited(envelope.exhausted_windows, what, now);
  }
  switch (envelope.kind) {
    case Kind::kSuccess:
      if (response.status == 200) return {Verdict::Kind::kDeliver, now, std::nullopt};
      break;
    case Kind::kMarketMissing:
      return {Verdict::Kind::kFail, now, Error{ErrorCode::kNotFound, what}};
    case Kind::kMalformed:  // Invalid JSON, e.g. a body cut short: worth another try.
      return {Verdict::Kind::kRetry, now, Error{ErrorCode::kUnavailable, what}};
    default:
      break;
  }
  return {Verdict::Kind::kFail, now, Error{ErrorCode::kInvalidArgument, what}};
}

}  // namespace cryptoscope::fetch
