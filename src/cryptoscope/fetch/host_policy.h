// What the engine asks of each provider: when may the next request start (the rate governor),
// and what does a finished transfer mean (success, retry, give up, or stop using this host).
#pragma once

#include <optional>

#include "cryptoscope/core/result.h"
#include "cryptoscope/fetch/clock.h"
#include "cryptoscope/fetch/http.h"

namespace cryptoscope::fetch {

struct Verdict {
  enum class Kind {
    kDeliver,     // Hand the response to the caller.
    kRetry,       // Transient: try again, not before `not_before` (backoff is added on top).
    kRetryAfter,  // The provider asked us to wait (rate limit): retry at `not_before` exactly;
                  // does not use up an attempt.
    kFail,        // Permanent for this request.
    kHostFatal,   // Permanent for every request to this host (bad key, ban, restricted region).
  };
  Kind kind = Kind::kDeliver;
  TimePoint not_before{};
  std::optional<Error> error;
};

// A transfer that brought no HTTP answer: kUnavailable (connect, reset, timeout, cut body) is
// retried; anything else (a refused TLS certificate, a malformed URL) will fail for every request.
inline Verdict ClassifyTransportFailure(const Error& error, TimePoint now) {
  const auto kind =
      error.code == ErrorCode::kUnavailable ? Verdict::Kind::kRetry : Verdict::Kind::kHostFatal;
  return {kind, now, error};
}

class HostPolicy {
 public:
  virtual ~HostPolicy() = default;
  // The earliest time a request of `weight` may start; `now` when it may start now.
  virtual TimePoint NextSlot(TimePoint now, int weight) = 0;
  // A request of `weight` has started at `now`.
  virtual void OnStart(TimePoint now, int weight) = 0;
  // Judges a finished transfer and learns from it (usage headers, Retry-After, limit errors).
  virtual Verdict Classify(const Result<Response>& result, const Request& request,
                           TimePoint now) = 0;
  // Set when no further request may start in this run (a call budget is used up): the engine
  // then closes the host with this error.
  virtual std::optional<Error> Exhausted() const { return std::nullopt; }
};

}  // namespace cryptoscope::fetch
