// The keyless venues' rate limits as the fake enforces them (VenueRules), on real steady time:
// CoinGecko per minute (429 + Retry-After), OKX per 2 s (429, code 50011), Bybit per 5 s (403,
// then a ban during which every Bybit request gets 403). Sliding windows over arrivals, stricter
// than the venues' own, so a client that passes here passes there. Thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string_view>

#include "fake/fake_internal.h"

namespace cryptoscope::fake::internal {

enum class Venue { kCoinGecko, kOkx, kBybit };

// The venue that serves `path`, or nullopt for the other APIs.
std::optional<Venue> VenueOfPath(std::string_view path);

class VenueGate {
 public:
  // The rate-limit answer when the request is over a limit (or inside a ban); nullopt to serve.
  std::optional<Reply> Admit(Venue venue, const VenueRules& rules, int64_t now_ms);
  size_t rate_limited() const;
  void ResetCounters();
  void ResetRateLimits();

 private:
  mutable std::mutex mutex_;
  std::deque<int64_t> arrivals_[3];
  int64_t bybit_banned_until_ = 0;
  size_t rate_limited_ = 0;
};

// Handlers: pure functions of the scenario, the parameters and the fake clock.
Reply CoinGeckoMarkets(const ScenarioIndex& index, const httplib::Params& params);
Reply OkxInstruments(const ScenarioIndex& index, const httplib::Params& params);
Reply OkxCandles(const ScenarioIndex& index, const httplib::Params& params);
Reply BybitInstruments(const ScenarioIndex& index, const httplib::Params& params);
Reply BybitKline(const ScenarioIndex& index, const httplib::Params& params);

}  // namespace cryptoscope::fake::internal
