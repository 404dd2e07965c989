#include "cryptoscope/fetch/cryptocompare_policy.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <tuple>

#include "cryptoscope/fetch/retry_after.h"
#include "cryptoscope/parse/cryptocompare.h"

namespace cryptoscope::fetch {
namespace {

constexpr Millis kSecond{1'000};
constexpr Millis kMinute{60'000};
constexpr Millis kHour{3'600'000};
// CryptoCompare counts calls by when they arrive in fixed windows; we pace on when they start.
// Transfer times differ, so 20 calls started within one second can arrive within another:
// pacing on slightly longer windows keeps a full window from ever holding one call too many.
constexpr Millis kArrivalJitter{50};
// A limit window is taken to turn a little after the aligned boundary, in case clocks differ.
constexpr Millis kBoundarySlack{250};

}  // namespace

CryptoComparePolicy::CryptoComparePolicy(CryptoCompareLimits limits, Millis max_wait)
    : limits_(limits),
      max_wait_(max_wait),
      second_(kSecond + kArrivalJitter, limits.per_second),
      minute_(kMinute + kArrivalJitter, limits.per_minute),
      hour_(kHour + kArrivalJitter, limits.per_hour) {}

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

std::optional<Error> CryptoComparePolicy::Exhausted() const {
  // Calls of earlier runs today are unknown to us; this run alone must not exceed the plan.
  const std::tuple<const char*, int64_t, bool> budgets[] = {
      {"DAY", limits_.per_day, day_from_plan_}, {"MONTH", limits_.per_month, month_from_plan_}};
  for (const auto& [name, budget, from_plan] : budgets) {
    if (calls_this_run_ >= budget && from_plan) {
      const bool day = name[0] == 'D';
      return Error{ErrorCode::kRateLimited,
                   fmt::format("cryptocompare: the plan's {} call limit is used up ({} calls were "
                               "left when this run started); rerun when it resets or raise the "
                               "plan",
                               day ? "day" : "month", budget)};
    }
    if (calls_this_run_ >= budget) {
      return Error{ErrorCode::kRateLimited,
                   fmt::format("cryptocompare: this run has made the {} calls CC_CALLS_PER_{} "
                               "allows; rerun when the plan's {} budget resets, or raise "
                               "CC_CALLS_PER_{} to the plan's limit",
                               budget, name, name[0] == 'D' ? "daily" : "monthly", name)};
    }
  }
  return std::nullopt;
}

void CryptoComparePolicy::SetLimits(const CryptoCompareLimits& limits, bool day_from_plan,
                                    bool month_from_plan) {
  limits_ = limits;
  day_from_plan_ = day_from_plan;
  month_from_plan_ = month_from_plan;
  second_.set_limit(limits_.per_second);
  minute_.set_limit(limits_.per_minute);
  hour_.set_limit(limits_.per_hour);
}

Verdict CryptoComparePolicy::RateLimited(const std::vector<std::string>& windows,
                                         std::optional<Millis> retry_after, const std::string& what,
                                         TimePoint now) {
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
  // The exhausted window's end, unless only a Retry-After was given; never before Retry-After.
  TimePoint until =
      windows.empty() && retry_after ? now : NextAlignedBoundary(now, window) + kBoundarySlack;
  if (retry_after) until = std::max(until, now + *retry_after);
  blocked_until_ = std::max(blocked_until_, until);
  if (until - now > max_wait_) {
    return {
        Verdict::Kind::kHostFatal, until,
        Error{ErrorCode::kRateLimited,
              fmt::format("{}: cryptocompare's call limit would need a wait of {} s; rerun "
                          "later",
                          what,
                          std::chrono::duration_cast<std::chrono::seconds>(until - now).count())}};
  }
  return {Verdict::Kind::kRetryAfter, until, Error{ErrorCode::kRateLimited, what}};
}

void CryptoComparePolicy::AdoptStatedLimits(
    const std::vector<std::pair<std::string, int64_t>>& max_calls) {
  for (const auto& [window, limit] : max_calls) {
    int64_t* configured = window == "second"   ? &limits_.per_second
                          : window == "minute" ? &limits_.per_minute
                          : window == "hour"   ? &limits_.per_hour
                          : window == "day"    ? &limits_.per_day
                          : window == "month"  ? &limits_.per_month
                                               : nullptr;
    if (configured == nullptr || limit >= *configured) continue;
    spdlog::info("cryptocompare states {} calls per {}; pacing to that", limit, window);
    *configured = limit;
  }
  second_.set_limit(limits_.per_second);
  minute_.set_limit(limits_.per_minute);
  hour_.set_limit(limits_.per_hour);
}

Verdict CryptoComparePolicy::Classify(const Result<Response>& result, const Request& request,
                                      TimePoint now) {
  if (!result) return ClassifyTransportFailure(result.error(), now);
  const Response& response = *result;
  if (response.status >= 500) {
    return {
        Verdict::Kind::kRetry, now + RetryAfter(response).value_or(Millis{0}),
        Error{ErrorCode::kUnavailable, fmt::format("{}: HTTP {}", request.label, response.status)}};
  }
  if (response.status == 404) {  // No such endpoint: asking again will not make one.
    return {Verdict::Kind::kFail, now,
            Error{ErrorCode::kInvalidArgument, fmt::format("{}: HTTP 404", request.label)}};
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
    AdoptStatedLimits(envelope.max_calls);
    return RateLimited(envelope.exhausted_windows, RetryAfter(response), what, now);
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
