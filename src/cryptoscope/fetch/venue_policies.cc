#include "cryptoscope/fetch/venue_policies.h"

#include <fmt/format.h>

#include "cryptoscope/fetch/retry_after.h"
#include "cryptoscope/parse/bybit.h"
#include "cryptoscope/parse/okx.h"

namespace cryptoscope::fetch {
namespace {

constexpr Millis kTwoSeconds{2'000};
constexpr Millis kFiveSeconds{5'000};
constexpr Millis kMinute{60'000};

Verdict Deliver(TimePoint now) { return {Verdict::Kind::kDeliver, now, std::nullopt}; }

Verdict FailWith(ErrorCode code, std::string what, TimePoint now) {
  return {Verdict::Kind::kFail, now, Error{code, std::move(what)}};
}

}  // namespace

OkxPolicy::OkxPolicy(const VenueLimits& limits, Millis max_wait)
    : PacedPolicy("okx", {{kTwoSeconds, limits.okx_per_2s}}, max_wait) {}

Verdict OkxPolicy::Classify(const Result<Response>& result, const Request& request, TimePoint now) {
  if (!result) return ClassifyTransportFailure(result.error(), now);
  const Response& response = *result;
  const auto envelope = parse::ParseOkxEnvelope(response.body);
  const std::string what = envelope ? fmt::format("{}: HTTP {} (code {}: {})", request.label,
                                                  response.status, envelope->code, envelope->msg)
                                    : fmt::format("{}: HTTP {}", request.label, response.status);
  if (response.status == 429 || (envelope && envelope->code == "50011")) {
    return Wait(what, RetryAfter(response).value_or(kTwoSeconds), now);
  }
  if (response.status >= 500) {
    return Transient(what, now + RetryAfter(response).value_or(Millis{0}));
  }
  if (response.status == 200 && !envelope) return Transient(what, now);  // A cut body.
  if (envelope &&
      (envelope->code == "50001" || envelope->code == "50004" || envelope->code == "50013")) {
    return Transient(what, now);  // Service unavailable, timeout, system busy.
  }
  if (envelope && envelope->code == "51001") return FailWith(ErrorCode::kNotFound, what, now);
  if (response.status == 200 && envelope && envelope->code == "0") return Deliver(now);
  return FailWith(ErrorCode::kInvalidArgument, what, now);
}

BybitPolicy::BybitPolicy(const VenueLimits& limits, Millis max_wait)
    : PacedPolicy("bybit", {{kFiveSeconds, limits.bybit_per_5s}}, max_wait) {}

Verdict BybitPolicy::Classify(const Result<Response>& result, const Request& request,
                              TimePoint now) {
  if (!result) return ClassifyTransportFailure(result.error(), now);
  const Response& response = *result;
  if (response.status == 403) {
    // "access too frequent": the IP is blocked for 10 minutes at least; asking again extends it.
    return Ban(fmt::format("{}: HTTP 403", request.label), kBanLength, now);
  }
  const auto envelope = parse::ParseBybitEnvelope(response.body);
  const std::string what = envelope
                               ? fmt::format("{}: HTTP {} (retCode {}: {})", request.label,
                                             response.status, envelope->ret_code, envelope->ret_msg)
                               : fmt::format("{}: HTTP {}", request.label, response.status);
  if (response.status == 429 || (envelope && envelope->ret_code == 10006)) {
    return Wait(what, RetryAfter(response).value_or(kFiveSeconds), now);
  }
  if (response.status >= 500) {
    return Transient(what, now + RetryAfter(response).value_or(Millis{0}));
  }
  if (response.status == 200 && !envelope) return Transient(what, now);
  if (envelope && envelope->ret_code == 10016) return Transient(what, now);  // Server error.
  if (envelope && envelope->ret_code == 10001) return FailWith(ErrorCode::kNotFound, what, now);
  if (response.status == 200 && envelope && envelope->ret_code == 0) return Deliver(now);
  return FailWith(ErrorCode::kInvalidArgument, what, now);
}

CoinGeckoPolicy::CoinGeckoPolicy(const VenueLimits& limits, Millis max_wait)
    : PacedPolicy("coingecko", {{kMinute, limits.coingecko_per_minute}}, max_wait) {}

Verdict CoinGeckoPolicy::Classify(const Result<Response>& result, const Request& request,
                                  TimePoint now) {
  if (!result) return ClassifyTransportFailure(result.error(), now);
  const Response& response = *result;
  const std::string what = fmt::format("{}: HTTP {}", request.label, response.status);
  if (response.status == 429) return Wait(what, RetryAfter(response).value_or(kMinute), now);
  const bool wrong_key = response.body.find("10010") != std::string::npos ||
                         response.body.find("10011") != std::string::npos;
  if (response.status == 401 || response.status == 403 || (response.status >= 400 && wrong_key)) {
    return {Verdict::Kind::kHostFatal, now,
            Error{ErrorCode::kUnauthorized,
                  fmt::format("{}; coingecko refused the request: check COINGECKO_API_KEY (a "
                              "demo key; pro keys need another host) or unset it",
                              what)}};
  }
  if (response.status >= 500) {
    return Transient(what, now + RetryAfter(response).value_or(Millis{0}));
  }
  if (response.status == 200) return Deliver(now);
  return FailWith(ErrorCode::kInvalidArgument, what, now);
}

}  // namespace cryptoscope::fetch
