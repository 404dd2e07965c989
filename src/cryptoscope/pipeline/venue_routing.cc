#include "cryptoscope/pipeline/venue_routing.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

#include "cryptoscope/fetch/url.h"
#include "cryptoscope/parse/bybit.h"
#include "cryptoscope/parse/okx.h"

namespace cryptoscope::pipeline {
namespace {

// Asks `venue` for its spot market list; the answer lands in `markets`, a failure in `errors`.
void SubmitList(fetch::Engine& engine, const Config& config, Source venue,
                route::VenueMarkets& markets, std::map<Source, Error>& errors) {
  auto on_error = [&errors, venue](const Error& error) { errors.insert_or_assign(venue, error); };
  if (venue == Source::kOkx) {
    engine.Submit(
        fetch::Request{
            fetch::Host::kOkx,
            fetch::JoinUrl(config.okx_base_url, "/api/v5/public/instruments?instType=SPOT"), 1,
            "okx instruments"},
        [&markets](fetch::Response& response) -> Status {
          auto list = parse::ParseOkxInstruments(response.body);
          if (!list) return tl::unexpected(list.error());
          markets.okx = std::move(*list);
          return {};
        },
        on_error);
  } else if (venue == Source::kBybit) {
    engine.Submit(
        fetch::Request{
            fetch::Host::kBybit,
            fetch::JoinUrl(config.bybit_base_url, "/v5/market/instruments-info?category=spot"), 1,
            "bybit instruments"},
        [&markets](fetch::Response& response) -> Status {
          auto list = parse::ParseBybitInstruments(response.body);
          if (!list) return tl::unexpected(list.error());
          markets.bybit = std::move(*list);
          return {};
        },
        on_error);
  }
}

bool Fetchable(Source source, const std::map<Source, Error>& errors) {
  return errors.find(source) == errors.end();
}

}  // namespace

Result<VenueRoutes> RouteAlongVenues(fetch::Engine& engine, const Config& config,
                                     const std::vector<Coin>& coins,
                                     std::optional<std::vector<parse::BinancePair>> binance_pairs,
                                     const Error& binance_error, const route::AliasMap& aliases,
                                     store::CandleStore& store, RunReport& report,
                                     const std::function<void()>& on_tick) {
  route::VenueMarkets markets;
  std::map<Source, Error> errors;  // Venues whose list (or history) cannot be had in this run.
  if (binance_pairs) {
    markets.binance = std::move(binance_pairs);
  } else {
    errors.emplace(Source::kBinance, binance_error);
  }
  std::set<Source> asked = {Source::kBinance};
  route::VenueRouting routing;
  while (true) {
    routing = route::RouteByVenues(coins, markets, config.venues, aliases);
    std::set<Source> wanted;
    for (const auto& [coin, venue] : routing.undecided) {
      if (!asked.contains(venue)) wanted.insert(venue);
    }
    if (wanted.empty()) break;
    for (Source venue : wanted) {
      asked.insert(venue);
      SubmitList(engine, config, venue, markets, errors);
    }
    engine.Run(on_tick);
    for (Source venue : wanted) {
      const bool have = venue == Source::kOkx ? markets.okx.has_value() : markets.bybit.has_value();
      if (!have && !errors.contains(venue)) {
        errors.emplace(venue, Error{ErrorCode::kInternal, "no answer"});
      }
    }
  }

  VenueRoutes out;
  out.okx_listed_on = std::move(routing.okx_listed_on);
  out.routed = std::move(routing.routed);
  for (Coin& coin : routing.no_market) {
    out.no_market.push_back(RoutedCoin{std::move(coin), config.venues.front(), ""});
  }
  if (!routing.undecided.empty()) {
    // Lists missing: the last run's route stands in, when its venue can be fetched now.
    auto previous = store.LoadRoutes();
    if (!previous) return tl::unexpected(previous.error());
    for (auto& [coin, venue] : routing.undecided) {
      const Error& cause = errors.at(venue);
      const auto route = previous->find(coin.symbol);
      const bool usable = route != previous->end() &&
                          std::find(config.venues.begin(), config.venues.end(),
                                    route->second.source) != config.venues.end() &&
                          Fetchable(route->second.source, errors);
      if (usable) {
        out.routed.push_back({coin, route->second.source, route->second.pair});
        continue;
      }
      ++report.coins;
      report.failures.push_back(
          {coin.symbol, venue,
           fmt::format("its source needs {}'s market list: {}", SourceName(venue), cause.message)});
    }
    // Rank order again, as the store and the summary expect.
    std::stable_sort(
        out.routed.begin(), out.routed.end(),
        [](const RoutedCoin& a, const RoutedCoin& b) { return a.coin.rank < b.coin.rank; });
  }
  return out;
}

}  // namespace cryptoscope::pipeline
