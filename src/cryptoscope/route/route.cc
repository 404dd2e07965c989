#include "cryptoscope/route/route.h"

#include <fmt/format.h>

#include <cctype>
#include <fstream>
#include <unordered_map>

namespace cryptoscope::route {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

}  // namespace

AliasMap DefaultAliases() { return {{"MIOTA", "IOTA"}}; }

bool IsMultipliedAsset(std::string_view asset) {
  // "1000SATS", "1000000MOG", "1MBABYDOGE"; but "1INCH" is a coin of its own.
  if (asset.size() > 4 && asset.substr(0, 4) == "1000") return true;
  return asset.size() > 2 && asset[0] == '1' && asset[1] == 'M' &&
         std::isupper(static_cast<unsigned char>(asset[2]));
}

Result<AliasMap> LoadAliasFile(const std::filesystem::path& path, AliasMap aliases) {
  std::ifstream in(path);
  if (!in) {
    return Fail(ErrorCode::kIo,
                fmt::format("alias file {}: cannot be read; check the path", path.string()));
  }
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    std::string_view text = Trim(std::string_view(line).substr(0, line.find('#')));
    if (text.empty()) continue;
    const size_t equals = text.find('=');
    const std::string_view from = Trim(text.substr(0, equals));
    const std::string_view to =
        equals == std::string_view::npos ? std::string_view{} : Trim(text.substr(equals + 1));
    if (from.empty() || to.empty()) {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("alias file {} line {}: expected CC_TICKER=BINANCE_BASE, got '{}'",
                              path.string(), number, text));
    }
    if (IsMultipliedAsset(to)) {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("alias file {} line {}: {} is quoted per 1000 units on binance, "
                              "so its prices would not be {}'s; remove the line",
                              path.string(), number, to, from));
    }
    aliases[std::string(from)] = std::string(to);
  }
  return aliases;
}

std::vector<RoutedCoin> RouteCoins(const std::vector<Coin>& coins,
                                   const std::vector<parse::BinancePair>& pairs,
                                   const AliasMap& aliases) {
  std::unordered_map<std::string_view, const parse::BinancePair*> usdt_by_base;
  for (const auto& pair : pairs) {
    if (pair.quote_asset == "USDT" && pair.status == "TRADING" && pair.spot_trading_allowed) {
      usdt_by_base.emplace(pair.base_asset, &pair);
    }
  }
  std::vector<RoutedCoin> routed;
  routed.reserve(coins.size());
  for (const Coin& coin : coins) {
    std::string_view base = coin.symbol;
    if (auto alias = aliases.find(coin.symbol); alias != aliases.end()) base = alias->second;
    auto match = usdt_by_base.find(base);
    if (match != usdt_by_base.end() && !IsMultipliedAsset(base)) {
      routed.push_back({coin, Source::kBinance, match->second->symbol});
    } else {
      routed.push_back({coin, Source::kCryptoCompare, coin.symbol + "-USD"});
    }
  }
  return routed;
}

}  // namespace cryptoscope::route
