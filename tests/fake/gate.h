// The admission gate in front of the handlers: emulated rate limits (Binance request weight with
// 429 then 418 bans, CryptoCompare call ceilings with Type 99), the API key check, Retry-After
// bookkeeping and the fault draw. All times are real steady milliseconds. Thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "fake/fake_internal.h"

namespace cryptoscope::fake::internal {

struct RequestInfo {
  Api api = Api::kBinance;
  std::string path;
  std::string query;
  int64_t arrival_ms = 0;   // Steady clock.
  int64_t wall_now_ms = 0;  // Epoch ms, for "banned until" messages.
  bool authorized = true;   // CryptoCompare: carries the key.
  bool key_in_url = false;  // CryptoCompare: an api_key query parameter.
  int latency_ms = 0;       // The response leaves this much later than the decision.
};

struct Admission {
  std::optional<Reply> reply;      // Set when the gate answers by itself (418, 429, 99, 401).
  std::optional<FaultKind> fault;  // Else: serve normally, then apply this fault.
  int64_t binance_weight_used = 0;
};

struct GateCounters {
  size_t bans = 0;
  size_t during_retry_after[2] = {0, 0};  // Indexed by Api.
  size_t cc_rate_limited = 0;
  size_t key_in_url = 0;
  size_t faults = 0;
  int64_t binance_weight_used = 0;
};

class Gate {
 public:
  explicit Gate(FaultOptions options) : options_(std::move(options)) { Rescript(); }

  Admission Admit(const RequestInfo& info);

  void SetFaults(FaultOptions options);
  void Script(ScriptedFault fault);
  FaultOptions faults() const;
  void ResetRateLimits();
  void ResetCounters();
  GateCounters counters() const;
  FaultContext Context(int64_t wall_now_ms) const;
  // The /stats/rate/limit answer at `wall_now_ms`, nullopt when the endpoint is switched off;
  // not counted as a CryptoCompare call.
  std::optional<Reply> CcRateLimitStatus(int64_t wall_now_ms) const;

 private:
  struct Period {  // An announced wait: Retry-After, a ban, an exhausted Type 99 window.
    int64_t until = 0;
    int64_t grace_until = 0;
    bool Covers(int64_t t) const { return t < until; }
    bool Violated(int64_t t) const { return t < until && t >= grace_until; }
  };

  void Rescript();
  std::optional<FaultKind> DrawFault(const RequestInfo& info);
  Period Announce(const RequestInfo& info, int64_t until) const;
  Admission AdmitBinance(const RequestInfo& info, std::optional<FaultKind> fault);
  Admission AdmitCryptoCompare(const RequestInfo& info, std::optional<FaultKind> fault);
  Reply Ban(const RequestInfo& info);

  mutable std::mutex mutex_;
  FaultOptions options_;
  std::vector<ScriptedFault> scripted_;  // Pending, in order.
  std::unordered_map<std::string, uint64_t> url_seen_;
  // Binance.
  int64_t weight_window_index_ = -1;  // Wall-clock window number.
  int64_t weight_used_ = 0;
  Period binance_retry_;
  Period binance_ban_;
  // CryptoCompare.
  int64_t cc_window_index_[kCcWindows] = {-1, -1, -1, -1, -1};
  int64_t cc_calls_[kCcWindows] = {};
  int64_t cc_total_calls_ = 0;
  Period cc_retry_;
  GateCounters counters_;
};

}  // namespace cryptoscope::fake::internal
