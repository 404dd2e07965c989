// GenerateScenario and the candle functions: no server involved.
#include <gtest/gtest.h>

#include <set>

#include "fake/fake_exchange.h"
#include "fake/fake_internal.h"
#include "fake/test_util.h"

namespace cryptoscope::fake {
namespace {

using testing::DaysAgo;
using testing::TestToday;

const FakeCoin& Find(const Scenario& s, const std::string& symbol) {
  for (const FakeCoin& c : s.coins) {
    if (c.symbol == symbol) return c;
  }
  ADD_FAILURE() << "no coin " << symbol;
  static const FakeCoin kNone;
  return kNone;
}

TEST(GenerateScenarioTest, HasOneCoinOfEveryKind) {
  const Scenario s = GenerateScenario(300, 1, TestToday());
  ASSERT_EQ(s.coins.size(), 300u);
  EXPECT_EQ(DayFromUnixMillis(s.now_ms), TestToday());
  EXPECT_EQ(s.now_ms % kMillisPerDay, 45296789);  // 12:34:56.789

  EXPECT_EQ(Find(s, "BTC").binance_symbol(), "BTCUSDT");
  EXPECT_GT(DaysBetween(Find(s, "BTC").binance_first_day, TestToday()), 2000);
  EXPECT_FALSE(Find(s, "USDT").binance_base.has_value());
  EXPECT_EQ(Find(s, "USDC").binance_symbol(), "USDCUSDT");
  EXPECT_EQ(Find(s, "MIOTA").binance_symbol(), "IOTAUSDT");
  EXPECT_EQ(Find(s, "SATS").binance_symbol(), "1000SATSUSDT");
  EXPECT_EQ(Find(s, "SATS").binance_price_multiplier, 1000);
  EXPECT_FALSE(Find(s, "BTM*").binance_base.has_value());
  EXPECT_EQ(Find(s, "MATIC").binance_status, "BREAK");
  EXPECT_EQ(Find(s, "MATIC").binance_last_day, DaysAgo(400));
  EXPECT_EQ(Find(s, "ANT").binance_status, "HALT");
  EXPECT_EQ(Find(s, "EOS").binance_status, "END_OF_DAY");
  EXPECT_EQ(Find(s, "NEBL").binance_symbol(), "NEBLBTC");
  EXPECT_FALSE(Find(s, "GRIN").has_raw);
  EXPECT_FALSE(Find(s, "WBT").cc_market_exists);
  EXPECT_FALSE(Find(s, "WBT").binance_base.has_value());
  EXPECT_EQ(Find(s, "NEWY").binance_first_day, DaysAgo(1));
  EXPECT_EQ(Find(s, "NEWT").binance_first_day, TestToday());
  EXPECT_EQ(Find(s, "KTHX").binance_first_day, DaysAgo(1000));  // 1000 closed days.
  EXPECT_EQ(Find(s, "CTWO").cc_first_day, DaysAgo(2000));       // 2000 closed days.
  EXPECT_FALSE(Find(s, "CTWO").binance_base.has_value());

  std::set<std::string> symbols;
  int long_listed = 0, cc_only = 0;
  for (const FakeCoin& c : s.coins) {
    EXPECT_TRUE(symbols.insert(c.symbol).second) << c.symbol;
    EXPECT_LE(c.cc_first_day, TestToday());
    if (!c.binance_base) ++cc_only;
    if (c.binance_base && DaysBetween(c.binance_first_day, TestToday()) > 1000) ++long_listed;
  }
  EXPECT_GT(long_listed, 20);
  EXPECT_GT(cc_only, 30);
  EXPECT_EQ(s.extra_binance_pairs.size(), 4u);
}

TEST(GenerateScenarioTest, IsDeterministicAndSeedDependent) {
  const Scenario a = GenerateScenario(200, 5, TestToday());
  const Scenario b = GenerateScenario(200, 5, TestToday());
  const Scenario c = GenerateScenario(200, 6, TestToday());
  ASSERT_EQ(a.coins.size(), b.coins.size());
  bool differs = false;
  for (size_t i = 0; i < a.coins.size(); ++i) {
    EXPECT_EQ(a.coins[i].symbol, b.coins[i].symbol);
    EXPECT_EQ(a.coins[i].price, b.coins[i].price);
    EXPECT_EQ(a.coins[i].binance_first_day, b.coins[i].binance_first_day);
    EXPECT_EQ(a.coins[i].cc_first_day, b.coins[i].cc_first_day);
    differs |= a.coins[i].symbol != c.coins[i].symbol;
  }
  EXPECT_TRUE(differs);
}

TEST(GenerateScenarioTest, SmallCountKeepsTheTopSpecialCoins) {
  const Scenario s = GenerateScenario(3, 1, TestToday());
  ASSERT_EQ(s.coins.size(), 3u);
  EXPECT_EQ(s.coins[0].symbol, "BTC");
  EXPECT_EQ(s.coins[1].symbol, "ETH");
  EXPECT_EQ(s.coins[2].symbol, "USDT");
}

TEST(GenerateScenarioTest, ThousandsOfCoinsHaveUniqueSymbols) {
  const Scenario s = GenerateScenario(5000, 9, TestToday());
  std::set<std::string> symbols;
  for (const FakeCoin& c : s.coins) symbols.insert(c.symbol);
  EXPECT_EQ(symbols.size(), 5000u);
}

TEST(RankedCoinsTest, OrdersByMarketCapThenSymbol) {
  Scenario s;
  s.coins.resize(3);
  s.coins[0].symbol = "B";
  s.coins[0].market_cap = 5;
  s.coins[1].symbol = "A";
  s.coins[1].market_cap = 5;
  s.coins[2].symbol = "C";
  s.coins[2].market_cap = 9;
  const auto ranked = RankedCoins(s);
  EXPECT_EQ(ranked[0].symbol, "C");
  EXPECT_EQ(ranked[1].symbol, "A");
  EXPECT_EQ(ranked[2].symbol, "B");
}

TEST(CandleTest, ValuesAreValidDeterministicAndDifferBySource) {
  const Scenario s = GenerateScenario(40, 1, TestToday());
  for (const FakeCoin& coin : s.coins) {
    for (int age : {1, 2, 17, 365, 999}) {
      const Day day = DaysAgo(age);
      for (const Candle& c : {BinanceCandle(coin, day), CryptoCompareCandle(coin, day),
                              BinanceOpenCandle(coin, day), CryptoCompareOpenCandle(coin, day)}) {
        EXPECT_EQ(c.day, day);
        EXPECT_GT(c.low, 0) << coin.symbol;
        EXPECT_LE(c.low, c.open) << coin.symbol;
        EXPECT_LE(c.low, c.close) << coin.symbol;
        EXPECT_GE(c.high, c.open) << coin.symbol;
        EXPECT_GE(c.high, c.close) << coin.symbol;
        EXPECT_GT(c.volume, 0) << coin.symbol;
        EXPECT_GT(c.quote_volume, 0) << coin.symbol;
      }
      EXPECT_EQ(BinanceCandle(coin, day).close, BinanceCandle(coin, day).close);
      EXPECT_EQ(CryptoCompareCandle(coin, day).volume, CryptoCompareCandle(coin, day).volume);
      EXPECT_NE(BinanceCandle(coin, day).close, CryptoCompareCandle(coin, day).close);
      EXPECT_NE(BinanceCandle(coin, day).volume, BinanceOpenCandle(coin, day).volume);
      EXPECT_NE(CryptoCompareCandle(coin, day).close, CryptoCompareOpenCandle(coin, day).close);
    }
  }
}

TEST(CandleTest, PricesStayNearTheRawPrice) {
  const Scenario s = GenerateScenario(40, 1, TestToday());
  for (const FakeCoin& coin : s.coins) {
    const double binance_price = coin.price * coin.binance_price_multiplier;
    const Candle b = BinanceCandle(coin, DaysAgo(1));
    const Candle c = CryptoCompareCandle(coin, DaysAgo(1));
    if (binance_price >= 1e-2) {
      EXPECT_NEAR(b.close / binance_price, 1, 0.1) << coin.symbol;
    }
    EXPECT_NEAR(c.close / coin.price, 1, 0.1) << coin.symbol;
  }
}

TEST(CandleTest, BinanceCandleIsTheServedTextParsedBack) {
  const Scenario s = GenerateScenario(30, 1, TestToday());
  for (const FakeCoin& coin : s.coins) {
    const internal::BinanceRow row = internal::BinanceRowFor(coin, DaysAgo(3), false);
    const Candle c = BinanceCandle(coin, DaysAgo(3));
    EXPECT_EQ(std::stod(row.open), c.open);
    EXPECT_EQ(std::stod(row.close), c.close);
    EXPECT_EQ(std::stod(row.quote_volume), c.quote_volume);
    EXPECT_EQ(row.open.size() - row.open.find('.'), 9u) << row.open;  // 8 decimals.
  }
}

TEST(CandleTest, KnownValueNeverChanges) {
  // Pinned so that a change to the generator (which would break stored expectations) is noticed.
  FakeCoin coin;
  coin.symbol = "BTC";
  coin.price = 95000;
  EXPECT_EQ(internal::BinanceRowFor(coin, TestToday(), false).close, "97723.22673409");
}

TEST(ClosedCandlesTest, CoverExactlyTheServedClosedDays) {
  const Scenario s = GenerateScenario(30, 1, TestToday());
  const FakeCoin& kthx = Find(s, "KTHX");
  const auto binance = ClosedCandles(kthx, Source::kBinance, TestToday());
  ASSERT_EQ(binance.size(), 1000u);
  EXPECT_EQ(binance.front().day, DaysAgo(1000));
  EXPECT_EQ(binance.back().day, DaysAgo(1));
  EXPECT_EQ(binance.back().close, BinanceCandle(kthx, DaysAgo(1)).close);
  EXPECT_EQ(ClosedCandles(Find(s, "CTWO"), Source::kCryptoCompare, TestToday()).size(), 2000u);
  EXPECT_EQ(ClosedCandles(Find(s, "NEWY"), Source::kBinance, TestToday()).size(), 1u);
  EXPECT_TRUE(ClosedCandles(Find(s, "NEWT"), Source::kBinance, TestToday()).empty());
  EXPECT_TRUE(ClosedCandles(Find(s, "WBT"), Source::kCryptoCompare, TestToday()).empty());
  EXPECT_TRUE(ClosedCandles(Find(s, "USDT"), Source::kBinance, TestToday()).empty());
  const auto matic = ClosedCandles(Find(s, "MATIC"), Source::kBinance, TestToday());
  EXPECT_EQ(matic.back().day, DaysAgo(400));
}

}  // namespace
}  // namespace cryptoscope::fake
