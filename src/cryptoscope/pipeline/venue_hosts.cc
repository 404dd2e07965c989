#include "cryptoscope/pipeline/venue_hosts.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace cryptoscope::pipeline {
namespace {

constexpr const char* kBybitBanKey = "bybit";

int64_t Millis(fetch::TimePoint time) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

}  // namespace

VenueHosts::VenueHosts(const Config& config)
    : max_wait_(config.max_wait),
      coingecko_(config.venue_limits, config.max_wait),
      okx_(config.venue_limits, config.max_wait),
      bybit_(config.venue_limits, config.max_wait) {}

Status VenueHosts::Attach(fetch::Engine& engine, store::CandleStore& store) {
  engine.SetPolicy(fetch::Host::kCoinGecko, coingecko_);
  engine.SetPolicy(fetch::Host::kOkx, okx_);
  engine.SetPolicy(fetch::Host::kBybit, bybit_);
  const fetch::TimePoint now = fetch::Clock::now();
  auto ban = store.LoadBan(kBybitBanKey, Millis(now));
  if (!ban) return tl::unexpected(ban.error());
  if (!*ban) return {};
  const fetch::TimePoint until{std::chrono::milliseconds{**ban}};
  bybit_.BlockUntil(until);
  saved_ban_ = until;
  if (until - now > max_wait_) {
    const auto seconds = std::chrono::floor<std::chrono::seconds>(until);
    engine.CloseHost(fetch::Host::kBybit,
                     Error{ErrorCode::kRateLimited,
                           fmt::format("bybit banned this IP until {:%Y-%m-%dT%H:%M:%S}Z; rerun "
                                       "after that",
                                       seconds)});
  }
  return {};
}

void VenueHosts::PersistBans(store::CandleStore& store) {
  const auto ban = bybit_.ban_until();
  if (!ban || ban == saved_ban_) return;
  saved_ban_ = ban;
  if (auto saved = store.SaveBan(kBybitBanKey, Millis(*ban)); !saved) {
    spdlog::warn("could not remember bybit's ban: {}", saved.error().message);
  }
}

}  // namespace cryptoscope::pipeline
