// Plain values passed between the pipeline stages:
//   discover -> Coin -> route -> RoutedCoin -> plan -> FetchPlan -> fetch/parse -> Candle -> store
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cryptoscope/core/day.h"

namespace cryptoscope {

// Where a coin's daily history comes from. Stored as text: see SourceName().
// kOkx and kBybit are the keyless venues (spot, quoted in USDT).
enum class Source { kBinance, kCryptoCompare, kOkx, kBybit };

std::string_view SourceName(Source source);  // "binance" | "cryptocompare" | "okx" | "bybit"
std::optional<Source> SourceFromName(std::string_view name);

// One entry of the market-cap ranking (CryptoCompare's, or CoinGecko's without a key).
struct Coin {
  std::string symbol;  // Ticker (CoinInfo.Name, or CoinGecko's symbol upper-cased), e.g. "BTC";
                       // the database key.
  std::string name;    // CoinInfo.FullName / CoinGecko's name, e.g. "Bitcoin".
  int rank = 0;        // 1-based position in the concatenated pages.
  std::optional<double> market_cap;  // RAW.USD.MKTCAP; absent when RAW is missing.
  std::optional<double> price;       // RAW.USD.PRICE; absent when RAW is missing.
};

// A coin and the source its history is fetched from.
struct RoutedCoin {
  Coin coin;
  Source source = Source::kCryptoCompare;
  // Binance: the exchange symbol, e.g. "BTCUSDT". CryptoCompare: "<fsym>-USD", e.g. "BTC-USD".
  // OKX: the instId, e.g. "BTC-USDT". Bybit: the spot symbol, e.g. "BTCUSDT".
  std::string pair;
};

// Both ends included.
struct DayRange {
  Day first;
  Day last;
  int64_t days() const { return DaysBetween(first, last) + 1; }
};

// What the store knows of a coin's history: the last day its source delivered, the providers' day
// of the last completed request for it, and since when it has been stale (see plan.h).
struct CoinSync {
  Source source = Source::kCryptoCompare;
  Day synced_through;
  std::optional<Day> checked_on;
  std::optional<Day> stale_since;
};

// The days one coin still needs. `range` is empty when the coin is up to date.
struct FetchPlan {
  RoutedCoin routed;
  std::optional<DayRange> range;
  bool backfill = false;  // Nothing stored yet: fetch the whole history.
};

// One closed UTC day. Prices are in the pair's quote (USDT on Binance, USD on CryptoCompare).
struct Candle {
  Day day;
  double open = 0;
  double high = 0;
  double low = 0;
  double close = 0;
  double volume = 0;        // Base asset.
  double quote_volume = 0;  // Quote asset.
};

}  // namespace cryptoscope
