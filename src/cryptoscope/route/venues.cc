#include "cryptoscope/route/venues.h"

#include <unordered_map>

namespace cryptoscope::route {
namespace {

constexpr std::string_view kQuote = "USDT";

struct Match {
  std::string pair;
  std::optional<Day> listed_on;
};

// Base asset -> the venue's tradable USDT market, per venue.
struct Index {
  std::unordered_map<std::string, Match> binance, okx, bybit;
};

Index BuildIndex(const VenueMarkets& markets) {
  Index index;
  if (markets.binance) {
    for (const auto& pair : *markets.binance) {
      if (pair.quote_asset == kQuote && pair.status == "TRADING" && pair.spot_trading_allowed &&
          !IsMultipliedAsset(pair.base_asset)) {
        index.binance.emplace(pair.base_asset, Match{pair.symbol, std::nullopt});
      }
    }
  }
  if (markets.okx) {
    for (const auto& instrument : *markets.okx) {
      if (instrument.quote == kQuote && instrument.state == "live") {
        index.okx.emplace(instrument.base, Match{instrument.inst_id, instrument.listed_on});
      }
    }
  }
  if (markets.bybit) {
    for (const auto& instrument : *markets.bybit) {
      if (instrument.quote == kQuote && instrument.status == "Trading") {
        index.bybit.emplace(instrument.base, Match{instrument.symbol, std::nullopt});
      }
    }
  }
  return index;
}

}  // namespace

VenueRouting RouteByVenues(const std::vector<Coin>& coins, const VenueMarkets& markets,
                           const std::vector<Source>& order, const AliasMap& aliases) {
  const Index index = BuildIndex(markets);
  VenueRouting out;
  for (const Coin& coin : coins) {
    std::string base = coin.symbol;
    if (auto alias = aliases.find(coin.symbol); alias != aliases.end()) base = alias->second;
    bool decided = false;
    for (Source venue : order) {
      const std::unordered_map<std::string, Match>* table = nullptr;
      bool known = true;
      switch (venue) {
        case Source::kCryptoCompare:
          out.routed.push_back({coin, venue, coin.symbol + "-USD"});
          decided = true;
          break;
        case Source::kBinance:
          table = &index.binance;
          known = markets.binance.has_value();
          break;
        case Source::kOkx:
          table = &index.okx;
          known = markets.okx.has_value();
          break;
        case Source::kBybit:
          table = &index.bybit;
          known = markets.bybit.has_value();
          break;
      }
      if (decided) break;
      if (!known) {
        out.undecided.emplace_back(coin, venue);
        decided = true;
        break;
      }
      if (auto match = table->find(base); match != table->end()) {
        out.routed.push_back({coin, venue, match->second.pair});
        if (venue == Source::kOkx && match->second.listed_on) {
          out.okx_listed_on.emplace(match->second.pair, *match->second.listed_on);
        }
        decided = true;
        break;
      }
    }
    if (!decided) out.no_market.push_back(coin);
  }
  return out;
}

}  // namespace cryptoscope::route
