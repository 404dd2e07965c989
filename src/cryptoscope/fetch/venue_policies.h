// Governors and answer classifiers of the keyless venues. Limits: docs/keyless-sources.md.
//
// OKX: 20 requests per 2 s per IP on history candles and instruments; paced at `okx_per_2s`
//   (default 18). Errors keep HTTP 200 with a non-zero `code`: 51001 (unknown instrument) fails
//   the request as kNotFound, 50011 or HTTP 429 waits (Retry-After, else 2 s), 50001/50004/50013
//   and 5xx are retried.
// Bybit: 600 requests per 5 s per IP; beyond it HTTP 403 and a ban of at least 10 minutes, which
//   we must never trigger: paced at `bybit_per_5s` (default 400). A 403 closes the host and is
//   reported through ban_until(). retCode 10001 is kNotFound, 10006 (too many visits) waits,
//   10016 and 5xx are retried.
// CoinGecko: a per-minute ceiling (`coingecko_per_minute`, default 5 without a key: the low end
//   of the public tier's documented 5-30 a minute, since it varies per IP and a rerun right after
//   a run shares the minute; a top 1000 is 4 calls); 429 waits for Retry-After (else 60 s); 401/403
//   or error codes 10010/10011 (a key for the wrong host) close the host as kUnauthorized.
#pragma once

#include <cstdint>

#include "cryptoscope/fetch/paced_policy.h"

namespace cryptoscope::fetch {

struct VenueLimits {
  int64_t okx_per_2s = 18;
  int64_t bybit_per_5s = 400;
  int64_t coingecko_per_minute = 5;
};

class OkxPolicy final : public PacedPolicy {
 public:
  OkxPolicy(const VenueLimits& limits, Millis max_wait);
  Verdict Classify(const Result<Response>& result, const Request& request, TimePoint now) override;
};

class BybitPolicy final : public PacedPolicy {
 public:
  static constexpr Millis kBanLength{600'000};  // "at least 10 minutes".
  BybitPolicy(const VenueLimits& limits, Millis max_wait);
  Verdict Classify(const Result<Response>& result, const Request& request, TimePoint now) override;
};

class CoinGeckoPolicy final : public PacedPolicy {
 public:
  CoinGeckoPolicy(const VenueLimits& limits, Millis max_wait);
  Verdict Classify(const Result<Response>& result, const Request& request, TimePoint now) override;
};

}  // namespace cryptoscope::fetch
