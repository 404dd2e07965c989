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
  for (const auto& [host, policy] : Policies()) {
    auto pace = store.LoadPace(fetch::HostName(host));
    if (!pace) return tl::unexpected(pace.error());
    if (*pace) {
      policy->Preload(fetch::TimePoint{std::chrono::milliseconds{(*pace)->last_start_ms}},
                      (*pace)->recent);
    }
  }
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

std::array<std::pair<fetch::Host, fetch::PacedPolicy*>, 3> VenueHosts::Policies() {
  return {{{fetch::Host::kCoinGecko, &coingecko_},
           {fetch::Host::kOkx, &okx_},
           {fetch::Host::kBybit, &bybit_}}};
}

void VenueHosts::Persist(store::CandleStore& store, bool final) {
  const auto ban = bybit_.ban_until();
  if (ban && ban != saved_ban_) {
    saved_ban_ = ban;
    if (auto saved = store.SaveBan(kBybitBanKey, Millis(*ban)); !saved) {
      spdlog::warn("could not remember bybit's ban: {}", saved.error().message);
    }
  }
  const fetch::TimePoint now = fetch::Clock::now();
  if (!final && now - pace_saved_at_ < std::chrono::seconds{1}) return;
  pace_saved_at_ = now;
  int index = 0;
  for (const auto& [host, policy] : Policies()) {
    auto& saved = saved_pace_[index++];
    const auto last = policy->last_start();
    if (!last || last == saved) continue;
    saved = last;
    const store::VenuePace pace{Millis(*last), policy->RecentStarts(now)};
    if (auto status = store.SavePace(fetch::HostName(host), pace); !status) {
      spdlog::warn("could not remember {}'s pace: {}", fetch::HostName(host),
                   status.error().message);
    }
  }
}

}  // namespace cryptoscope::pipeline
