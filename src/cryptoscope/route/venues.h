// Route along an ordered list of venues: each coin goes to the first venue in `order` that trades
// it spot against USDT (CryptoCompare, when listed, takes every coin). Pure.
//
// Matching uses each venue's own base/quote fields, never cut symbol strings; the coin's ticker,
// or its alias (MIOTA -> IOTA), must equal the base. Binance: as route.h (TRADING, spot allowed,
// no per-1000-unit assets). OKX: instruments with state "live" -> pair = instId ("BTC-USDT").
// Bybit: status "Trading" -> pair = symbol ("BTCUSDT").
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cryptoscope/core/day.h"
#include "cryptoscope/core/types.h"
#include "cryptoscope/parse/binance.h"
#include "cryptoscope/parse/bybit.h"
#include "cryptoscope/parse/okx.h"
#include "cryptoscope/route/route.h"

namespace cryptoscope::route {

// Each venue's market list; nullopt = not known (not asked yet, or the request failed).
struct VenueMarkets {
  std::optional<std::vector<parse::BinancePair>> binance;
  std::optional<std::vector<parse::OkxInstrument>> okx;
  std::optional<std::vector<parse::BybitInstrument>> bybit;
};

struct VenueRouting {
  std::vector<RoutedCoin> routed;  // In coin order.
  std::vector<Coin> no_market;     // No venue in the order trades it.
  // Coins whose turn came to a venue whose list is unknown, with that venue: their route cannot
  // be decided until the list is had.
  std::vector<std::pair<Coin, Source>> undecided;
  // OKX instId -> listing day, for the routed OKX coins whose instrument states one.
  std::map<std::string, Day> okx_listed_on;
};

VenueRouting RouteByVenues(const std::vector<Coin>& coins, const VenueMarkets& markets,
                           const std::vector<Source>& order, const AliasMap& aliases);

}  // namespace cryptoscope::route
