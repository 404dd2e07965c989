#include <algorithm>
#include <numeric>

#include "fake/fake_internal.h"

namespace cryptoscope::fake::internal {

ScenarioIndex::ScenarioIndex(Scenario s) : scenario(std::move(s)) {
  const auto& coins = scenario.coins;
  ranking.resize(coins.size());
  std::iota(ranking.begin(), ranking.end(), size_t{0});
  std::stable_sort(ranking.begin(), ranking.end(), [&](size_t a, size_t b) {
    if (coins[a].market_cap != coins[b].market_cap)
      return coins[a].market_cap > coins[b].market_cap;
    return coins[a].symbol < coins[b].symbol;
  });
  for (size_t i = 0; i < coins.size(); ++i) {
    by_cc_symbol.emplace(coins[i].symbol, i);
    if (coins[i].binance_base) {
      by_binance_symbol.emplace(coins[i].binance_symbol(), binance_listings.size());
      binance_listings.push_back(coins[i]);
    }
  }
  // Extra pairs become listings too; their own symbol seeds their candles.
  for (const FakePair& pair : scenario.extra_binance_pairs) {
    FakeCoin c;
    c.symbol = pair.symbol;
    c.name = pair.symbol;
    c.price = pair.price;
    c.binance_base = pair.base;
    c.binance_quote = pair.quote;
    c.binance_status = pair.status;
    c.binance_first_day = pair.first_day;
    c.binance_last_day = pair.last_day;
    if (by_binance_symbol.emplace(pair.symbol, binance_listings.size()).second) {
      binance_listings.push_back(std::move(c));
    }
  }
}

std::string ParamOr(const httplib::Params& params, const std::string& key, std::string fallback) {
  auto it = params.find(key);
  return it == params.end() ? fallback : it->second;
}

bool HasParam(const httplib::Params& params, const std::string& key) {
  return params.find(key) != params.end();
}

}  // namespace cryptoscope::fake::internal
