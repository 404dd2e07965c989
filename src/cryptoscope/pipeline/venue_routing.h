// Routing along the configured venues (Config::venues), asking each venue for its market list
// only when a coin reaches its turn: a run whose coins all trade on Binance asks OKX and Bybit
// nothing. Coins whose turn comes to a venue whose list could not be had keep the route of the
// last run that ranked them, if it is still fetchable; else they are reported failed.
#pragma once

#include <map>
#include <optional>
#include <vector>

#include "cryptoscope/core/result.h"
#include "cryptoscope/core/types.h"
#include "cryptoscope/fetch/engine.h"
#include "cryptoscope/parse/binance.h"
#include "cryptoscope/pipeline/config.h"
#include "cryptoscope/pipeline/report.h"
#include "cryptoscope/route/venues.h"
#include "cryptoscope/store/candle_store.h"

namespace cryptoscope::pipeline {

struct VenueRoutes {
  std::vector<RoutedCoin> routed;            // Fetchable coins, in rank order.
  std::vector<RoutedCoin> no_market;         // Ranked coins no venue trades (pair empty).
  std::map<std::string, Day> okx_listed_on;  // OKX instId -> listing day.
};

// `binance_pairs`: exchangeInfo's pairs, nullopt when it could not be had (`binance_error`).
// Failed coins go to `report.failures` (and count in report.coins). kIo when the store fails.
[[nodiscard]] Result<VenueRoutes> RouteAlongVenues(
    fetch::Engine& engine, const Config& config, const std::vector<Coin>& coins,
    std::optional<std::vector<parse::BinancePair>> binance_pairs, const Error& binance_error,
    const route::AliasMap& aliases, store::CandleStore& store, RunReport& report,
    const std::function<void()>& on_tick);

}  // namespace cryptoscope::pipeline
