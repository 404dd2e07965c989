// Route: decides each coin's history source. Pure: everything arrives as arguments.
//
// A coin goes to Binance when a pair <base>USDT exists with status TRADING and spot trading
// allowed, where <base> is the coin's CryptoCompare ticker or its alias. Pairs are matched on
// exchangeInfo's baseAsset/quoteAsset fields, never by cutting symbol strings. Everything else
// (stablecoins without a USDT pair, BREAK/HALT pairs, BTC-only coins, suffixed tickers such as
// BTM*) falls back to CryptoCompare's <ticker>-USD. Binance's per-1000-unit tokens (1000SATS)
// quote a different price and never match a plain ticker.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "cryptoscope/core/result.h"
#include "cryptoscope/core/types.h"
#include "cryptoscope/parse/binance.h"

namespace cryptoscope::route {

// CryptoCompare ticker -> Binance base asset, for coins the two list under different tickers.
using AliasMap = std::map<std::string, std::string, std::less<>>;

// The aliases known to be right (docs/api-contract.md section 7): MIOTA -> IOTA.
AliasMap DefaultAliases();

// Reads an alias file: one `CC_TICKER=BINANCE_BASE` per line; blank lines and `#` comments are
// ignored. Entries override the defaults. kInvalidArgument naming the file and line when a line
// is malformed or maps to a per-1000-unit asset (e.g. 1000SATS), kIo when the file is unreadable.
[[nodiscard]] Result<AliasMap> LoadAliasFile(const std::filesystem::path& path, AliasMap base);

// True for Binance assets quoted per 1000 / 1M units, e.g. "1000SATS", "1MBABYDOGE".
bool IsMultipliedAsset(std::string_view asset);

// Routes every coin, keeping their order.
std::vector<RoutedCoin> RouteCoins(const std::vector<Coin>& coins,
                                   const std::vector<parse::BinancePair>& pairs,
                                   const AliasMap& aliases);

}  // namespace cryptoscope::route
