// The keyless venues' governors for one run: CoinGecko, OKX and Bybit, registered on the engine.
// Bybit's ban (HTTP 403, 10 minutes at least) outlives the process like Binance's: remembered in
// host_bans under "bybit" and never knocked on again before it ends. Their pacing outlives it too
// (venue_pace): a run started right after another counts the other's last requests.
#pragma once

#include <array>
#include <optional>
#include <utility>

#include "cryptoscope/core/result.h"
#include "cryptoscope/fetch/engine.h"
#include "cryptoscope/fetch/venue_policies.h"
#include "cryptoscope/pipeline/config.h"
#include "cryptoscope/store/candle_store.h"

namespace cryptoscope::pipeline {

class VenueHosts {
 public:
  explicit VenueHosts(const Config& config);
  VenueHosts(const VenueHosts&) = delete;
  VenueHosts& operator=(const VenueHosts&) = delete;

  // Registers the governors on `engine` (which must not outlive this object) and restores a
  // remembered Bybit ban, closing Bybit for the run when it ends later than max_wait from now.
  // kIo when the store cannot be read.
  [[nodiscard]] Status Attach(fetch::Engine& engine, store::CandleStore& store);
  // Stores a Bybit ban seen in this run, once, and each venue's pacing (at most once a second
  // unless `final`); call on every engine tick so a crash keeps them, and once at the end.
  void Persist(store::CandleStore& store, bool final = false);

 private:
  std::array<std::pair<fetch::Host, fetch::PacedPolicy*>, 3> Policies();

  std::chrono::milliseconds max_wait_;
  fetch::CoinGeckoPolicy coingecko_;
  fetch::OkxPolicy okx_;
  fetch::BybitPolicy bybit_;
  std::optional<fetch::TimePoint> saved_ban_;
  std::optional<fetch::TimePoint> saved_pace_[3];
  fetch::TimePoint pace_saved_at_{};
};

}  // namespace cryptoscope::pipeline
