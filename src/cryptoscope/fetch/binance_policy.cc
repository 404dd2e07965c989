#include "cryptoscope/fetch/binance_policy.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "cryptoscope/fetch/retry_after.h"

namespace cryptoscope::fetch {
namespace {

std::optional<std::pair<Millis, char>> IntervalLength(const std::string& interval, int count) {
  if (interval == "SECOND") return std::pair{Millis{1'000LL * count}, 's'};
  if (interval == "MINUTE") return std::pair{Millis{60'000LL * count}, 'm'};
  if (interval == "HOUR") return std::pair{Millis{3'600'000LL * count}, 'h'};
  if (interval == "DAY") return std::pair{Millis{86'400'000LL * count}, 'd'};
  return std::nullopt;
}

std::string Describe(const Response& response) {
  if (auto error = parse::ParseBinanceError(response.body)) {
    return fmt::format("HTTP {} (code {}: {})", response.status, error->code, error->msg);
  }
  return fmt::format("HTTP {}", response.status);
}

}  // namespace

BinancePolicy::BinancePolicy(Millis max_wait) : max_wait_(max_wait) {
  // Binance's documented default until exchangeInfo says otherwise (docs/api-contract.md 1.4).
  Configure({{"REQUEST_WEIGHT", "MINUTE", 1, 6000}});
}

void BinancePolicy::Configure(const std::vector<parse::RateLimitRule>& rules) {
  std::vector<Limit> limits;
  for (const auto& rule : rules) {
    const bool weight = rule.type == "REQUEST_WEIGHT";
    if ((!weight && rule.type != "RAW_REQUESTS") || rule.limit <= 0) continue;
    const auto length = IntervalLength(rule.interval, std::max(rule.interval_num, 1));
    if (!length) continue;
    std::string header =
        weight ? fmt::format("x-mbx-used-weight-{}{}", rule.interval_num, length->second) : "";
    limits.push_back(
        Limit{SlidingWindow(length->first, rule.limit), weight, std::move(header), rule.limit});
  }
  if (limits.empty()) return;  // Keep what we had rather than run unpaced.
  limits_ = std::move(limits);
  ApplySafety();
}

void BinancePolicy::ApplySafety() {
  for (auto& limit : limits_) {
    limit.own.set_limit(std::max<int64_t>(
        1,
        static_cast<int64_t>(std::floor(static_cast<double>(limit.configured_limit) * safety_))));
  }
}

void BinancePolicy::BlockUntil(TimePoint until, bool is_ban) {
  blocked_until_ = std::max(blocked_until_, until);
  if (is_ban) ban_until_ = std::max(ban_until_.value_or(until), until);
}

TimePoint BinancePolicy::NextSlot(TimePoint now, int weight) {
  TimePoint slot = std::max(now, blocked_until_);
  for (auto& limit : limits_) {
    const int64_t cost = limit.counts_weight ? weight : 1;
    slot = std::max(slot, limit.own.EarliestFit(now, cost));
    if (!limit.header.empty() && now < limit.header_window_end &&
        limit.header_used + cost > limit.own.limit()) {
      slot = std::max(slot, limit.header_window_end);  // Others on this IP use the budget.
    }
  }
  return slot;
}

void BinancePolicy::OnStart(TimePoint now, int weight) {
  for (auto& limit : limits_) limit.own.Record(now, limit.counts_weight ? weight : 1);
}

void BinancePolicy::ReadUsageHeaders(const Response& response, TimePoint now) {
  for (auto& limit : limits_) {
    if (limit.header.empty()) continue;
    const auto value = response.Header(limit.header);
    if (!value) continue;
    int64_t used = 0;
    auto [ptr, ec] = std::from_chars(value->data(), value->data() + value->size(), used);
    if (ec != std::errc()) continue;
    const TimePoint window_end = NextAlignedBoundary(now, limit.own.window());
    if (window_end != limit.header_window_end) {
      limit.header_window_end = window_end;
      limit.header_used = 0;
    }
    limit.header_used = std::max(limit.header_used, used);
  }
}

Verdict BinancePolicy::Classify(const Result<Response>& result, const Request& request,
                                TimePoint now) {
  if (!result) return ClassifyTransportFailure(result.error(), now);
  const Response& response = *result;
  ReadUsageHeaders(response, now);
  const long status = response.status;
  if (status >= 200 && status < 300) return {Verdict::Kind::kDeliver, now, std::nullopt};

  const std::string what = fmt::format("{}: {}", request.label, Describe(response));
  if (status == 429 || status == 418) {
    // Keep going after a 429 and Binance bans the IP (418, up to 3 days): stop every request.
    const Millis wait = RetryAfter(response).value_or(Millis{status == 418 ? 120'000 : 60'000});
    BlockUntil(now + wait, status == 418);
    safety_ = std::max(0.25, safety_ * 0.5);
    ApplySafety();
    if (wait > max_wait_) {
      return {Verdict::Kind::kHostFatal, now + wait,
              Error{ErrorCode::kRateLimited,
                    fmt::format("{}; binance asks us to wait {} s, more than this run will; "
                                "rerun after that",
                                what, wait.count() / 1000)}};
    }
    return {Verdict::Kind::kRetryAfter, now + wait, Error{ErrorCode::kRateLimited, what}};
  }
  if (status == 451) {
    return {Verdict::Kind::kHostFatal, now,
            Error{ErrorCode::kUnauthorized,
                  fmt::format("{}; binance refuses this location: set BINANCE_BASE_URL="
                              "https://data-api.binance.vision",
                              what)}};
  }
  if (status == 403) {
    return {Verdict::Kind::kHostFatal, now,
            Error{ErrorCode::kUnauthorized,
                  fmt::format("{}; blocked by binance's firewall: wait a few minutes and rerun",
                              what)}};
  }
  if (status >= 500) {
    return {Verdict::Kind::kRetry, now + RetryAfter(response).value_or(Millis{0}),
            Error{ErrorCode::kUnavailable, what}};
  }
  const auto error = parse::ParseBinanceError(response.body);
  if (error && (error->code == -1000 || error->code == -1001 || error->code == -1007 ||
                error->code == -1008)) {
    // UNKNOWN, DISCONNECTED, TIMEOUT, SERVER_BUSY: Binance's side, worth another try.
    return {Verdict::Kind::kRetry, now, Error{ErrorCode::kUnavailable, what}};
  }
  const ErrorCode code =
      error && error->code == -1121 ? ErrorCode::kNotFound : ErrorCode::kInvalidArgument;
  return {Verdict::Kind::kFail, now, Error{code, what}};
}

}  // namespace cryptoscope::fetch
