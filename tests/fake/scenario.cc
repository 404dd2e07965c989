// GenerateScenario: one coin of every kind the pipeline must route (contract section 7) in the top
// ranks, then regular coins. Everything derives from (count, seed, today): no wall clock.
#include <algorithm>
#include <cmath>
#include <set>

#include "fake/fake_internal.h"

namespace cryptoscope::fake {
namespace {

using internal::Mix;
using internal::Unit;

constexpr double kBtcPrice = 95000;
constexpr int64_t kNoonishMs = ((12 * 60 + 34) * 60 + 56) * 1000 + 789;  // 12:34:56.789 UTC

struct Special {
  const char* symbol;
  const char* name;
  double price;
  const char* binance_base;  // nullptr: not on Binance.
  const char* quote;
  const char* status;
  int binance_age;           // Listing day = today - binance_age.
  int binance_delisted_age;  // > 0: last kline day = today - this.
  int cc_age;                // cc_first_day = today - cc_age.
  double multiplier;
  bool has_raw;
  bool cc_market_exists;
};

// In rank order. Ages are relative to `today` so the edge cases hold for any date.
constexpr Special kSpecials[] = {
    {"BTC", "Bitcoin", kBtcPrice, "BTC", "USDT", "TRADING", 3050, 0, 5600, 1, true, true},
    {"ETH", "Ethereum", 3300, "ETH", "USDT", "TRADING", 3050, 0, 3800, 1, true, true},
    {"USDT", "Tether", 1.0, nullptr, "", "", 0, 0, 3900, 1, true, true},
    {"BNB", "Binance Coin", 650, "BNB", "USDT", "TRADING", 2950, 0, 3000, 1, true, true},
    {"XRP", "XRP", 2.2, "XRP", "USDT", "TRADING", 2800, 0, 4300, 1, true, true},
    {"USDC", "USD Coin", 1.0, "USDC", "USDT", "TRADING", 2400, 0, 2600, 1, true, true},
    {"MIOTA", "IOTA", 0.25, "IOTA", "USDT", "TRADING", 2750, 0, 3100, 1, true, true},
    {"MATIC", "Polygon", 0.45, "MATIC", "USDT", "BREAK", 2000, 400, 2200, 1, true, true},
    {"XMR", "Monero", 180, nullptr, "", "", 0, 0, 4000, 1, true, true},
    {"LEO", "UNUS SED LEO", 9.1, nullptr, "", "", 0, 0, 2300, 1, true, true},
    // Exactly 1000 closed Binance days through yesterday: one full klines page, then [open].
    {"KTHX", "Kthx Protocol", 1.7, "KTHX", "USDT", "TRADING", 1000, 0, 1100, 1, true, true},
    // CryptoCompare only, exactly 2000 closed days through yesterday.
    {"CTWO", "Ctwo Network", 0.8, nullptr, "", "", 0, 0, 2000, 1, true, true},
    {"SATS", "SATS (Ordinals)", 3.1e-7, "1000SATS", "USDT", "TRADING", 700, 0, 750, 1000, true,
     true},
    {"BTM*", "Bytom", 0.004, nullptr, "", "", 0, 0, 2900, 1, true, true},
    {"ANT", "Aragon", 5.5, "ANT", "USDT", "HALT", 2100, 20, 2500, 1, true, true},
    {"EOS", "EOS", 0.7, "EOS", "USDT", "END_OF_DAY", 2900, 0, 3200, 1, true, true},
    {"NEBL", "Neblio", 12, "NEBL", "BTC", "TRADING", 2500, 0, 2700, 1 / kBtcPrice, true, true},
    {"GRIN", "Grin", 0.05, nullptr, "", "", 0, 0, 2200, 1, false, true},
    {"WBT", "WhiteBIT Coin", 25, nullptr, "", "", 0, 0, 900, 1, true, false},
    {"NEWY", "Yesterday Token", 0.12, "NEWY", "USDT", "TRADING", 1, 0, 1, 1, true, true},
    {"NEWT", "Today Token", 0.3, "NEWT", "USDT", "TRADING", 0, 0, 0, 1, true, true},
    {"OKB", "OKB", 48, nullptr, "", "", 0, 0, 2100, 1, true, true},
    {"CRO", "Cronos", 0.09, nullptr, "", "", 0, 0, 2400, 1, true, true},
    {"KAS", "Kaspa", 0.11, nullptr, "", "", 0, 0, 1200, 1, true, true},
    {"DOGE", "Dogecoin", 0.32, "DOGE", "USDT", "TRADING", 2000, 0, 4000, 1, true, true},
};

constexpr const char* kNameSuffixes[] = {" Network", " Protocol", " Token",
                                         " Coin",    " Finance",  " Chain"};

// Strictly decreasing in rank, so the ranking is exactly the generation order.
double MarketCapForRank(int rank) { return std::round(2e12 * std::pow(rank, -1.6)); }

FakeCoin FromSpecial(const Special& s, Day today) {
  FakeCoin c;
  c.symbol = s.symbol;
  c.name = s.name;
  c.price = s.price;
  c.has_raw = s.has_raw;
  c.cc_market_exists = s.cc_market_exists;
  c.cc_first_day = today - std::chrono::days{s.cc_age};
  if (s.binance_base != nullptr) {
    c.binance_base = s.binance_base;
    c.binance_quote = s.quote;
    c.binance_status = s.status;
    c.binance_first_day = today - std::chrono::days{s.binance_age};
    if (s.binance_delisted_age > 0) {
      c.binance_last_day = today - std::chrono::days{s.binance_delisted_age};
    }
    c.binance_price_multiplier = s.multiplier;
  }
  return c;
}

std::string Ticker(uint64_t h) {
  const int length = 3 + static_cast<int>(h % 3);
  std::string out;
  for (int i = 0; i < length; ++i) {
    h = Mix(h);
    out.push_back(static_cast<char>('A' + h % 26));
  }
  return out;
}

FakeCoin Regular(int rank, uint64_t seed, Day today, std::set<std::string>& used) {
  uint64_t h = Mix(seed ^ Mix(static_cast<uint64_t>(rank)));
  std::string ticker = Ticker(h);
  while (used.count(ticker) != 0) ticker = Ticker(h = Mix(h));
  used.insert(ticker);
  auto u = [&](int i) { return Unit(Mix(h + static_cast<uint64_t>(i))); };
  FakeCoin c;
  c.symbol = ticker;
  c.name = ticker.substr(0, 1) + std::string(ticker.begin() + 1, ticker.end());
  std::transform(c.name.begin() + 1, c.name.end(), c.name.begin() + 1,
                 [](char ch) { return static_cast<char>(ch - 'A' + 'a'); });
  c.name += kNameSuffixes[static_cast<size_t>(u(1) * 6)];
  c.price = std::pow(10.0, -3 + 6 * u(2));
  if (u(3) < 0.8) {
    // 20 % listed long ago (several klines pages), the rest within the last 1000 days.
    const int age =
        u(4) < 0.2 ? 1001 + static_cast<int>(u(5) * 2000) : 2 + static_cast<int>(u(5) * 998);
    c.binance_base = ticker;
    c.binance_first_day = today - std::chrono::days{age};
    c.cc_first_day = c.binance_first_day - std::chrono::days{static_cast<int>(u(6) * 800)};
  } else {
    c.cc_first_day = today - std::chrono::days{1 + static_cast<int>(u(6) * 4000)};
  }
  return c;
}

}  // namespace

Scenario GenerateScenario(int count, uint64_t seed, Day today) {
  Scenario s;
  s.now_ms = UnixMillis(today) + kNoonishMs;
  std::set<std::string> used;
  for (const Special& special : kSpecials) used.insert(special.symbol);
  for (const char* reserved : {"WIF", "FDUSD", "IOTA", "USD"}) used.insert(reserved);
  s.coins.reserve(static_cast<size_t>(std::max(count, 0)));
  for (int rank = 1; rank <= count; ++rank) {
    const size_t special = static_cast<size_t>(rank - 1);
    FakeCoin c = special < std::size(kSpecials) ? FromSpecial(kSpecials[special], today)
                                                : Regular(rank, seed, today, used);
    c.market_cap = MarketCapForRank(rank);
    s.coins.push_back(std::move(c));
  }
  auto pair = [&](std::string symbol, std::string base, std::string quote, int age, double price) {
    FakePair p;
    p.symbol = std::move(symbol);
    p.base = std::move(base);
    p.quote = std::move(quote);
    p.first_day = today - std::chrono::days{age};
    p.price = price;
    s.extra_binance_pairs.push_back(std::move(p));
  };
  pair("ETHBTC", "ETH", "BTC", 3050, 3300 / kBtcPrice);  // Not the USDT pair: must be ignored.
  pair("BTCFDUSD", "BTC", "FDUSD", 600, kBtcPrice);
  pair("WIFUSDT", "WIF", "USDT", 650, 1.9);  // Base not in the ranking.
  pair("\xE5\xB8\x81\xE5\xAE\x89\xE4\xBA\xBA\xE7\x94\x9FUSDT",
       "\xE5\xB8\x81\xE5\xAE\x89\xE4\xBA\xBA\xE7\x94\x9F", "USDT", 60,
       0.2);  // UTF-8 symbol (Binance allows them since 2025-12).
  internal::AddKeylessVenues(s, seed, today);
  return s;
}

std::vector<FakeCoin> RankedCoins(const Scenario& scenario) {
  std::vector<FakeCoin> coins = scenario.coins;
  std::stable_sort(coins.begin(), coins.end(), [](const FakeCoin& a, const FakeCoin& b) {
    if (a.market_cap != b.market_cap) return a.market_cap > b.market_cap;
    return a.symbol < b.symbol;
  });
  return coins;
}

}  // namespace cryptoscope::fake
