#include "fake/gate.h"

#include <fmt/format.h>

#include <algorithm>

namespace cryptoscope::fake::internal {
namespace {

// What a client must survive; the fatal kinds are drawn only when asked for.
constexpr FaultKind kTransientKinds[] = {FaultKind::kHttp500,         FaultKind::kHttp503,
                                         FaultKind::kHttp504,         FaultKind::kBinance429,
                                         FaultKind::kCcRateLimit99,   FaultKind::kCc429,
                                         FaultKind::kTruncatedBody,   FaultKind::kInvalidJson,
                                         FaultKind::kConnectionReset, FaultKind::kSlow};

// Faults applied on top of the normal answer (which therefore goes through the limits).
bool ServesNormally(std::optional<FaultKind> fault) {
  if (!fault) return true;
  switch (*fault) {
    case FaultKind::kTruncatedBody:
    case FaultKind::kInvalidJson:
    case FaultKind::kSlow:
    case FaultKind::kBadRowLowAboveHigh:
    case FaultKind::kBadRowNegative:
    case FaultKind::kBadRowTimeUnit:
    case FaultKind::kBadRowDuplicateDay:
      return true;
    default:
      return false;
  }
}

// The steady time at which the wall-clock-aligned `window_ms` window holding `info` ends.
int64_t AlignedWindowEnd(const RequestInfo& info, int64_t window_ms) {
  return info.arrival_ms + (info.wall_now_ms / window_ms + 1) * window_ms - info.wall_now_ms;
}

int64_t CeilSeconds(int64_t ms) { return std::max<int64_t>(1, (ms + 999) / 1000); }

}  // namespace

Gate::Period Gate::Announce(const RequestInfo& info, int64_t until) const {
  // Requests that arrive before the client can have read this answer were already in flight.
  return Period{until, info.arrival_ms + info.latency_ms + options_.retry_after_grace_ms};
}

Reply Gate::Ban(const RequestInfo& info) {
  ++counters_.bans;
  const int64_t remaining = binance_ban_.until - info.arrival_ms;
  Reply r = BinanceError(418, -1003,
                         fmt::format("Way too much request weight used; IP banned until {}. "
                                     "Please use WebSocket Streams for live updates to avoid bans.",
                                     info.wall_now_ms + remaining));
  r.headers.emplace_back("Retry-After", std::to_string(CeilSeconds(remaining)));
  return r;
}

Admission Gate::Admit(const RequestInfo& info) {
  std::lock_guard lock(mutex_);
  const int64_t t = info.arrival_ms;
  if (info.api == Api::kBinance) {
    if (binance_ban_.Covers(t) || binance_retry_.Violated(t)) {
      if (binance_ban_.Violated(t) || binance_retry_.Violated(t)) {
        ++counters_.during_retry_after[static_cast<int>(Api::kBinance)];
      }
      // Ignoring a Retry-After gets the IP banned (contract 1.2).
      if (!binance_ban_.Covers(t)) {
        binance_ban_ = Announce(info, t + int64_t{options_.binance_ban_seconds} * 1000);
      }
      Admission a;
      a.reply = Ban(info);
      a.binance_weight_used = weight_used_;
      return a;
    }
    if (binance_retry_.Covers(t)) {  // In flight when the 429 left: the same answer again.
      Admission a;
      a.reply = BinanceError(429, -1003, "Too much request weight used; please wait.");
      a.reply->headers.emplace_back("Retry-After",
                                    std::to_string(CeilSeconds(binance_retry_.until - t)));
      a.binance_weight_used = weight_used_;
      return a;
    }
  } else {
    if (cc_retry_.Violated(t))
      ++counters_.during_retry_after[static_cast<int>(Api::kCryptoCompare)];
    if (info.key_in_url) ++counters_.key_in_url;
  }
  const std::optional<FaultKind> fault = DrawFault(info);
  if (fault) ++counters_.faults;
  return info.api == Api::kBinance ? AdmitBinance(info, fault) : AdmitCryptoCompare(info, fault);
}

Admission Gate::AdmitBinance(const RequestInfo& info, std::optional<FaultKind> fault) {
  const int64_t t = info.arrival_ms;
  // Binance's windows turn on the wall clock (a 1-minute window at every whole minute).
  const int64_t window_ms = int64_t{std::max(1, options_.binance_weight_window_s)} * 1000;
  const int64_t window_index = info.wall_now_ms / window_ms;
  if (window_index != weight_window_index_) {
    weight_window_index_ = window_index;
    weight_used_ = options_.binance_weight_used_by_others;
  }
  weight_used_ += BinanceWeight(info.path);
  Admission a;
  a.fault = fault;
  a.binance_weight_used = weight_used_;
  if (fault == FaultKind::kBinance429) binance_retry_ = Announce(info, t + info.latency_ms + 1000);
  if (fault == FaultKind::kBinance418) {
    binance_ban_ = Announce(info, t + info.latency_ms + 2000);
    ++counters_.bans;
  }
  if (ServesNormally(fault) && weight_used_ > options_.binance_weight_limit) {
    const int64_t window_end = AlignedWindowEnd(info, window_ms);
    const auto interval = BinanceWeightInterval(options_.binance_weight_window_s);
    binance_retry_ = Announce(info, window_end);
    a.fault.reset();
    a.reply = BinanceError(
        429, -1003,
        fmt::format("Too much request weight used; current limit is {} request weight per {} "
                    "{}. Please use WebSocket Streams for live updates to avoid polling the API.",
                    options_.binance_weight_limit, interval.first, interval.second));
    a.reply->headers.emplace_back("Retry-After", std::to_string(CeilSeconds(window_end - t)));
  }
  return a;
}

Admission Gate::AdmitCryptoCompare(const RequestInfo& info, std::optional<FaultKind> fault) {
  const int64_t t = info.arrival_ms;
  Admission a;
  a.fault = fault;
  if (fault == FaultKind::kCcRateLimit99 || fault == FaultKind::kCc429) {
    // Type 99 says the second is used up: it frees when the second turns. A 429 also says
    // Retry-After: 1.
    const int64_t until =
        fault == FaultKind::kCc429 ? t + info.latency_ms + 1000 : AlignedWindowEnd(info, 1000);
    if (!cc_retry_.Covers(t)) cc_retry_ = Announce(info, until);
    return a;
  }
  if (!ServesNormally(fault)) return a;
  if (!info.authorized) {
    a.reply = CcKeyRequired();
    return a;
  }
  const int max_calls[kCcWindows] = {options_.cc_max_per_second, options_.cc_max_per_minute,
                                     options_.cc_max_per_hour, options_.cc_max_per_day,
                                     options_.cc_max_per_month};
  int64_t exhausted_until = -1;
  for (int i = 0; i < kCcWindows; ++i) {
    const int64_t index = info.wall_now_ms / kCcWindowMs[i];  // Windows turn on the wall clock.
    if (index != cc_window_index_[i]) {
      cc_window_index_[i] = index;
      cc_calls_[i] = 0;
    }
    if (max_calls[i] > 0 && cc_calls_[i] >= max_calls[i]) {
      exhausted_until = std::max(exhausted_until, AlignedWindowEnd(info, kCcWindowMs[i]));
    }
  }
  if (exhausted_until >= 0) {
    ++counters_.cc_rate_limited;
    if (cc_retry_.Covers(t)) {
      cc_retry_.until = std::max(cc_retry_.until, exhausted_until);  // Keep the first grace.
    } else {
      cc_retry_ = Announce(info, exhausted_until);
    }
    a.fault.reset();
    a.reply = CcRateLimitReply(cc_calls_, cc_total_calls_, max_calls, 200);
    return a;
  }
  for (int64_t& calls : cc_calls_) ++calls;
  ++cc_total_calls_;
  return a;
}

std::optional<FaultKind> Gate::DrawFault(const RequestInfo& info) {
  for (auto it = scripted_.begin(); it != scripted_.end(); ++it) {
    if (it->path != "*" && it->path != info.path) continue;
    if (info.query.find(it->query_contains) == std::string::npos) continue;
    const FaultKind kind = it->kind;
    if (--it->count <= 0) scripted_.erase(it);
    return kind;
  }
  if (!IsFaultablePath(info.path)) return std::nullopt;
  // Keyed by the exact URL and how often it was seen: reproducible under any interleaving.
  const std::string key = info.path + '?' + info.query;
  const uint64_t seen = url_seen_[key]++;
  if (options_.fault_rate <= 0) return std::nullopt;
  const uint64_t h = Mix(options_.seed ^ Mix(HashString(key) ^ Mix(seen)));
  if (Unit(h) >= options_.fault_rate) return std::nullopt;
  std::vector<FaultKind> candidates;
  const std::vector<FaultKind> transient(std::begin(kTransientKinds), std::end(kTransientKinds));
  for (FaultKind kind : options_.kinds.empty() ? transient : options_.kinds) {
    if (FaultFits(kind, info.api)) candidates.push_back(kind);
  }
  if (candidates.empty()) return std::nullopt;
  return candidates[Mix(h ^ 0x5EEDULL) % candidates.size()];
}

void Gate::Rescript() {
  scripted_.clear();
  for (const ScriptedFault& f : options_.scripted) {
    if (f.count > 0) scripted_.push_back(f);
  }
}

void Gate::SetFaults(FaultOptions options) {
  std::lock_guard lock(mutex_);
  options_ = std::move(options);
  Rescript();
}

void Gate::Script(ScriptedFault fault) {
  std::lock_guard lock(mutex_);
  if (fault.count > 0) scripted_.push_back(std::move(fault));
}

FaultOptions Gate::faults() const {
  std::lock_guard lock(mutex_);
  return options_;
}

void Gate::ResetRateLimits() {
  std::lock_guard lock(mutex_);
  weight_window_index_ = -1;
  weight_used_ = 0;
  binance_retry_ = binance_ban_ = cc_retry_ = Period{};
  std::fill(std::begin(cc_window_index_), std::end(cc_window_index_), -1);
  std::fill(std::begin(cc_calls_), std::end(cc_calls_), 0);
  cc_total_calls_ = 0;
}

void Gate::ResetCounters() {
  std::lock_guard lock(mutex_);
  counters_ = GateCounters{};
}

GateCounters Gate::counters() const {
  std::lock_guard lock(mutex_);
  GateCounters c = counters_;
  c.binance_weight_used = weight_used_;
  return c;
}

std::optional<Reply> Gate::CcRateLimitStatus(int64_t wall_now_ms) const {
  std::lock_guard lock(mutex_);
  if (!options_.cc_rate_limit_endpoint) return std::nullopt;
  const int max_calls[kCcWindows] = {options_.cc_max_per_second, options_.cc_max_per_minute,
                                     options_.cc_max_per_hour, options_.cc_max_per_day,
                                     options_.cc_max_per_month};
  int64_t made[kCcWindows] = {};
  int64_t ceilings[kCcWindows] = {};
  for (int i = 0; i < kCcWindows; ++i) {
    // A window that has turned since the last counted call holds no calls yet.
    made[i] = wall_now_ms / kCcWindowMs[i] == cc_window_index_[i] ? cc_calls_[i] : 0;
    ceilings[i] = max_calls[i] > 0 ? max_calls[i] : kUnlimitedPlanCalls;
  }
  return CcRateLimitStatusReply(made, ceilings);
}

FaultContext Gate::Context(int64_t wall_now_ms) const {
  std::lock_guard lock(mutex_);
  FaultContext c;
  c.wall_now_ms = wall_now_ms;
  c.binance_weight_limit = options_.binance_weight_limit;
  c.slow_ms = options_.slow_ms;
  const int max_calls[kCcWindows] = {options_.cc_max_per_second, options_.cc_max_per_minute,
                                     options_.cc_max_per_hour, options_.cc_max_per_day,
                                     options_.cc_max_per_month};
  std::copy(std::begin(max_calls), std::end(max_calls), std::begin(c.cc_max_calls));
  return c;
}

}  // namespace cryptoscope::fake::internal
