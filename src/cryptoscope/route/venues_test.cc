#include "cryptoscope/route/venues.h"

#include <gtest/gtest.h>

namespace cryptoscope::route {
namespace {

Coin C(std::string symbol) {
  Coin coin;
  coin.symbol = symbol;
  coin.name = symbol;
  return coin;
}

VenueMarkets Markets() {
  VenueMarkets m;
  m.binance = std::vector<parse::BinancePair>{{"BTCUSDT", "BTC", "USDT", "TRADING", true},
                                              {"MATICUSDT", "MATIC", "USDT", "BREAK", true},
                                              {"IOTAUSDT", "IOTA", "USDT", "TRADING", true}};
  m.okx = std::vector<parse::OkxInstrument>{
      {"BTC-USDT", "BTC", "USDT", "live", std::nullopt},
      {"MATIC-USDT", "MATIC", "USDT", "live", *ParseDay("2019-04-26")},
      {"OKB-USDT", "OKB", "USDT", "live", std::nullopt},
      {"LEO-USDT", "LEO", "USDT", "suspend", std::nullopt},
      {"KAS-USDC", "KAS", "USDC", "live", std::nullopt}};
  m.bybit = std::vector<parse::BybitInstrument>{{"OKBUSDT", "OKB", "USDT", "Trading"},
                                                {"LEOUSDT", "LEO", "USDT", "Trading"},
                                                {"KASUSDT", "KAS", "USDT", "PreLaunch"}};
  return m;
}

const std::vector<Source> kOrder = {Source::kBinance, Source::kOkx, Source::kBybit};

TEST(RouteByVenuesTest, FirstVenueInOrderThatTradesTheCoinAgainstUsdtWins) {
  const auto routing =
      RouteByVenues({C("BTC"), C("MATIC"), C("OKB"), C("LEO"), C("KAS"), C("MIOTA")}, Markets(),
                    kOrder, DefaultAliases());
  ASSERT_EQ(routing.routed.size(), 5u);
  auto expect = [&](size_t i, std::string symbol, Source source, std::string pair) {
    EXPECT_EQ(routing.routed[i].coin.symbol, symbol);
    EXPECT_EQ(routing.routed[i].source, source) << symbol;
    EXPECT_EQ(routing.routed[i].pair, pair);
  };
  expect(0, "BTC", Source::kBinance, "BTCUSDT");
  expect(1, "MATIC", Source::kOkx, "MATIC-USDT");  // BREAK on Binance.
  expect(2, "OKB", Source::kOkx, "OKB-USDT");
  expect(3, "LEO", Source::kBybit, "LEOUSDT");  // Suspended on OKX.
  expect(4, "MIOTA", Source::kBinance, "IOTAUSDT");
  ASSERT_EQ(routing.no_market.size(), 1u);  // KAS: USDC on OKX, PreLaunch on Bybit.
  EXPECT_EQ(routing.no_market[0].symbol, "KAS");
  EXPECT_EQ(FormatDay(routing.okx_listed_on.at("MATIC-USDT")), "2019-04-26");
  EXPECT_TRUE(routing.undecided.empty());
}

TEST(RouteByVenuesTest, OrderIsTheUsers) {
  const auto routing = RouteByVenues({C("OKB"), C("BTC")}, Markets(),
                                     {Source::kBybit, Source::kOkx}, DefaultAliases());
  ASSERT_EQ(routing.routed.size(), 2u);
  EXPECT_EQ(routing.routed[0].source, Source::kBybit);
  EXPECT_EQ(routing.routed[1].source, Source::kOkx);
}

TEST(RouteByVenuesTest, CryptoCompareTakesEveryCoinLeft) {
  const auto routing =
      RouteByVenues({C("KAS")}, Markets(), {Source::kBinance, Source::kCryptoCompare}, {});
  ASSERT_EQ(routing.routed.size(), 1u);
  EXPECT_EQ(routing.routed[0].source, Source::kCryptoCompare);
  EXPECT_EQ(routing.routed[0].pair, "KAS-USD");
}

TEST(RouteByVenuesTest, UnknownListLeavesCoinsThatReachItUndecided) {
  VenueMarkets markets = Markets();
  markets.okx.reset();
  const auto routing = RouteByVenues({C("BTC"), C("LEO")}, markets, kOrder, {});
  ASSERT_EQ(routing.routed.size(), 1u);  // BTC is decided before OKX's turn.
  ASSERT_EQ(routing.undecided.size(), 1u);
  EXPECT_EQ(routing.undecided[0].first.symbol, "LEO");
  EXPECT_EQ(routing.undecided[0].second, Source::kOkx);
}

}  // namespace
}  // namespace cryptoscope::route
