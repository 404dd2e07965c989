// CoinGecko /api/v3/coins/markets pages -> typed values. Pure, thread-safe, never throws.
// Facts: docs/keyless-sources.md.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "cryptoscope/core/result.h"

namespace cryptoscope::parse {

struct CoinGeckoMarket {
  std::string id;      // Unique slug, "bitcoin".
  std::string symbol;  // Upper-cased ("BTC"); not unique: bridged copies share it.
  std::string name;
  std::optional<double> market_cap;  // USD; absent when null, negative or not a number.
  std::optional<double> price;       // current_price, same rules.
};

struct CoinGeckoPage {
  std::vector<CoinGeckoMarket> markets;  // In page order (market cap descending).
  size_t entries = 0;                    // Entries in the body, skipped ones included.
};

// kBadData when the body is not a JSON array (CoinGecko's error object {"status": {...}}
// included) or is invalid JSON. Entries that are not objects, or lack a non-empty string `id` or
// `symbol`, are skipped but counted in `entries`. Symbols are upper-cased (ASCII only).
[[nodiscard]] Result<CoinGeckoPage> ParseCoinGeckoMarkets(const std::string& body);

}  // namespace cryptoscope::parse
