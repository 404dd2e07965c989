#include "cryptoscope/route/route.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace cryptoscope::route {
namespace {

parse::BinancePair Pair(std::string base, std::string quote, std::string status = "TRADING") {
  return {base + quote, base, quote, std::move(status), true};
}

Coin C(std::string symbol) { return Coin{symbol, symbol + " coin", 1, 1e9, 1.0}; }

RoutedCoin RouteOne(const std::string& symbol, const std::vector<parse::BinancePair>& pairs,
                    const AliasMap& aliases = DefaultAliases()) {
  return RouteCoins({C(symbol)}, pairs, aliases).at(0);
}

TEST(RouteCoinsTest, TradingUsdtPairGoesToBinance) {
  const auto routed = RouteOne("BTC", {Pair("BTC", "USDT")});
  EXPECT_EQ(routed.source, Source::kBinance);
  EXPECT_EQ(routed.pair, "BTCUSDT");
}

TEST(RouteCoinsTest, EveryKindOfNonTradingCoinFallsBackToCryptoCompare) {
  const std::vector<parse::BinancePair> pairs = {
      Pair("DEAD", "USDT", "BREAK"), Pair("HALTED", "USDT", "HALT"), Pair("ONLYBTC", "BTC"),
      Pair("EOD", "USDT", "END_OF_DAY"), Pair("NEW", "USDT", "SOME_FUTURE_STATUS")};
  for (const char* symbol : {"DEAD", "HALTED", "ONLYBTC", "EOD", "NEW", "USDT", "BTM*"}) {
    const auto routed = RouteOne(symbol, pairs);
    EXPECT_EQ(routed.source, Source::kCryptoCompare) << symbol;
    EXPECT_EQ(routed.pair, std::string(symbol) + "-USD");
  }
}

TEST(RouteCoinsTest, SpotTradingNotAllowedFallsBack) {
  auto pair = Pair("MRG", "USDT");
  pair.spot_trading_allowed = false;
  EXPECT_EQ(RouteOne("MRG", {pair}).source, Source::kCryptoCompare);
}

TEST(RouteCoinsTest, MatchesOnBaseAssetFieldNotOnSymbolText) {
  // A symbol string that looks like XUSDT but whose fields say otherwise must not match.
  parse::BinancePair misleading{"ABCUSDT", "ABCU", "SDT", "TRADING", true};
  EXPECT_EQ(RouteOne("ABC", {misleading}).source, Source::kCryptoCompare);
}

TEST(RouteCoinsTest, AliasMapsMiotaToIota) {
  const auto routed = RouteOne("MIOTA", {Pair("IOTA", "USDT")});
  EXPECT_EQ(routed.source, Source::kBinance);
  EXPECT_EQ(routed.pair, "IOTAUSDT");
}

TEST(RouteCoinsTest, PerThousandTokenIsNeverMatched) {
  EXPECT_EQ(RouteOne("SATS", {Pair("1000SATS", "USDT")}).source, Source::kCryptoCompare);
  EXPECT_EQ(RouteOne("SATS", {Pair("1000SATS", "USDT")}, {{"SATS", "1000SATS"}}).source,
            Source::kCryptoCompare);
  EXPECT_EQ(RouteOne("1INCH", {Pair("1INCH", "USDT")}).source, Source::kBinance);
}

TEST(RouteCoinsTest, StablecoinWithUsdtPairGoesToBinance) {
  EXPECT_EQ(RouteOne("USDC", {Pair("USDC", "USDT")}).source, Source::kBinance);
}

TEST(RouteCoinsTest, KeepsOrderAndCoinData) {
  const auto routed = RouteCoins({C("A"), C("B")}, {Pair("B", "USDT")}, {});
  ASSERT_EQ(routed.size(), 2u);
  EXPECT_EQ(routed[0].coin.symbol, "A");
  EXPECT_EQ(routed[1].coin.name, "B coin");
}

class AliasFileTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& text) {
    std::ofstream(path_) << text;
    return path_;
  }
  void TearDown() override { unlink(path_.c_str()); }
  std::string path_ = ::testing::TempDir() + "/aliases_" + std::to_string(getpid()) + ".txt";
};

TEST_F(AliasFileTest, ReadsEntriesCommentsAndBlankLines) {
  auto aliases = LoadAliasFile(Write("# comment\n\nNANO = XNO  # renamed\n"), DefaultAliases());
  ASSERT_TRUE(aliases) << aliases.error().message;
  EXPECT_EQ(aliases->at("NANO"), "XNO");
  EXPECT_EQ(aliases->at("MIOTA"), "IOTA");
}

TEST_F(AliasFileTest, MalformedLineNamesFileAndLine) {
  auto aliases = LoadAliasFile(Write("A=B\nnonsense\n"), {});
  ASSERT_FALSE(aliases);
  EXPECT_EQ(aliases.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(aliases.error().message.find("line 2"), std::string::npos);
}

TEST_F(AliasFileTest, PerThousandTargetIsRejected) {
  auto aliases = LoadAliasFile(Write("SATS=1000SATS\n"), {});
  ASSERT_FALSE(aliases);
  EXPECT_NE(aliases.error().message.find("1000 units"), std::string::npos);
}

TEST_F(AliasFileTest, MissingFileIsIoError) {
  auto aliases = LoadAliasFile("/nonexistent/aliases.txt", {});
  ASSERT_FALSE(aliases);
  EXPECT_EQ(aliases.error().code, ErrorCode::kIo);
}

}  // namespace
}  // namespace cryptoscope::route
