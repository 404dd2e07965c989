// The keyless venues in the generated scenario (issue 12): which coins OKX and Bybit list, and
// CoinGecko impostors. Kept apart from scenario.cc; everything derives from (seed, today).
#include <cmath>

#include "fake/fake_internal.h"

namespace cryptoscope::fake::internal {
namespace {

struct VenueSpecial {
  const char* symbol;
  int okx_age;  // Listing day = today - age; < 0: not on OKX.
  const char* okx_state;
  bool okx_list_time;
  int bybit_age;  // < 0: not on Bybit.
  const char* bybit_status;
};

// Binance coins (BTC, ETH) are listed elsewhere too: Binance must still win. The rest reaches
// every branch of the routing: OKX only, OKX suspended so Bybit, OKX without a listTime (paged
// to an empty answer), Bybit only with more than one page, Bybit not yet trading, nowhere.
constexpr VenueSpecial kVenueSpecials[] = {
    {"BTC", 3000, "live", true, 2000, "Trading"},
    {"ETH", 3000, "live", true, 2000, "Trading"},
    {"MATIC", 1800, "live", true, 1500, "Trading"},  // BREAK on Binance: OKX.
    {"LEO", 900, "suspend", true, 700, "Trading"},   // Suspended on OKX: Bybit.
    {"CTWO", -1, "", true, 1300, "Trading"},         // Bybit only, several pages.
    {"ANT", 2000, "live", false, -1, ""},            // HALT on Binance; OKX without listTime.
    {"EOS", -1, "", true, 600, "Trading"},           // END_OF_DAY on Binance: Bybit.
    {"NEBL", 1500, "live", true, -1, ""},            // BTC-only on Binance: OKX.
    {"WBT", 400, "live", true, 400, "Trading"},      // Both: OKX first.
    {"OKB", 2100, "live", true, -1, ""},
    {"CRO", 1200, "live", true, 1200, "Trading"},
    {"KAS", -1, "", true, 300, "PreLaunch"},  // Not trading yet: no market.
    {"NEWY", 1, "live", true, 1, "Trading"},
    // Nowhere: no USDT-USDT market, a privacy coin delisted everywhere, and the like.
    {"USDT", -1, "", true, -1, ""},
    {"XMR", -1, "", true, -1, ""},
    {"GRIN", -1, "", true, -1, ""},
    {"SATS", -1, "", true, -1, ""},
};

}  // namespace

void AddKeylessVenues(Scenario& s, uint64_t seed, Day today) {
  for (FakeCoin& coin : s.coins) {
    bool special = false;
    for (const VenueSpecial& v : kVenueSpecials) {
      if (coin.symbol != v.symbol) continue;
      special = true;
      if (v.okx_age >= 0) {
        coin.okx_first_day = today - std::chrono::days{v.okx_age};
        coin.okx_state = v.okx_state;
        coin.okx_list_time = v.okx_list_time;
      }
      if (v.bybit_age >= 0) {
        coin.bybit_first_day = today - std::chrono::days{v.bybit_age};
        coin.bybit_status = v.bybit_status;
      }
    }
    // Suffixed tickers (BTM*) and the other specials stay off the keyless venues.
    if (special || coin.binance_base || coin.symbol.find('*') != std::string::npos) continue;
    // A regular coin Binance does not list: 40 % OKX, 30 % Bybit, the rest nowhere.
    const uint64_t h = Mix(seed ^ HashString(coin.symbol) ^ 0x6E7E5ULL);
    const double u = Unit(h);
    const int age = 2 + static_cast<int>(Unit(Mix(h)) * 1500);
    if (u < 0.4) {
      coin.okx_first_day = today - std::chrono::days{age};
    } else if (u < 0.7) {
      coin.bybit_first_day = today - std::chrono::days{age};
    }
  }
  // Bridged copies sharing a big coin's symbol, each worth less than the coin itself, so the
  // market-cap rule keeps the real coin. Their caps sit among the top coins'.
  auto impostor = [&](const char* id, const char* symbol, const char* name, size_t below_rank) {
    if (s.coins.size() <= below_rank) return;
    const double cap =
        std::round((s.coins[below_rank - 1].market_cap + s.coins[below_rank].market_cap) / 2);
    s.coingecko_impostors.push_back({id, symbol, name, cap, 1.0});
  };
  impostor("bridged-ether-wormhole", "eth", "Bridged Ether (Wormhole)", 3);
  impostor("binance-peg-xrp", "xrp", "Binance-Peg XRP", 8);
  impostor("okb-bridged", "okb", "OKB (Bridged)", 25);
}

}  // namespace cryptoscope::fake::internal
