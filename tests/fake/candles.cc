// Candle values: a pure function of (coin symbol, day, source), computed on demand so scenarios of
// thousands of coins cost nothing until a day is served. Prices wander within about +-7 % of the
// coin's RAW price (a client may check a Binance match against RAW.USD.PRICE with +-10 %).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "fake/fake_internal.h"

namespace cryptoscope::fake {
namespace {

using internal::HashString;
using internal::Mix;
using internal::Unit;

constexpr uint64_t kBinanceSalt = 0xB1A4CEULL;
constexpr uint64_t kCryptoCompareSalt = 0xC0C0A11EULL;
constexpr double kOpenDayShare = 0.37;  // How much of the day's volume the open candle shows.

struct Raw {
  double open, high, low, close, volume, quote_volume, taker_share;
  int64_t trades;
};

bool IsStable(std::string_view symbol) {
  return symbol == "USDT" || symbol == "USDC" || symbol == "FDUSD" || symbol == "DAI";
}

Raw Generate(std::string_view symbol, Day day, uint64_t salt, double base_price, bool open_day) {
  const int64_t day_index = day.time_since_epoch().count();
  const uint64_t symbol_hash = HashString(symbol);
  const uint64_t h0 =
      Mix(symbol_hash ^ Mix(static_cast<uint64_t>(day_index) * 0x2545F491ULL ^ salt));
  auto u = [&](int i) { return Unit(Mix(h0 + static_cast<uint64_t>(i) * 0x9E3779B97F4A7C15ULL)); };
  const double amplitude = IsStable(symbol) ? 0.001 : 0.05;
  // A 90-day triangle wave: only + - * /, which IEEE rounds the same everywhere (unlike sin).
  const int64_t phase = static_cast<int64_t>(Mix(symbol_hash) % 90);
  const int64_t position = ((day_index + phase) % 90 + 90) % 90;
  const double wave = std::abs(static_cast<double>(position) / 45.0 - 1.0) * 2.0 - 1.0;
  const double level = base_price * (1 + amplitude * wave) * (1 + 0.02 * (u(0) - 0.5));
  Raw r{};
  r.open = level * (1 + 0.03 * (u(1) - 0.5));
  r.close = level * (1 + 0.03 * (u(2) - 0.5));
  r.high = std::max(r.open, r.close) * (1 + 0.02 * u(3));
  r.low = std::min(r.open, r.close) * (1 - 0.02 * u(4));
  r.volume = (1e5 + 1e8 * u(5)) / std::max(level, 1e-3);
  r.quote_volume = r.volume * (r.high + r.low) / 2;
  r.taker_share = 0.3 + 0.4 * u(6);
  r.trades = 100 + static_cast<int64_t>(u(7) * 100000);
  if (open_day) {
    // The still-open candle: the day so far. The midpoint stays within [low, high].
    r.close = (r.open + r.close) / 2;
    r.volume *= kOpenDayShare;
    r.quote_volume *= kOpenDayShare;
    r.trades = static_cast<int64_t>(static_cast<double>(r.trades) * kOpenDayShare) + 1;
  }
  return r;
}

std::string Fixed8(double value) { return fmt::format("{:.8f}", value); }

// CryptoCompare numbers: 10 significant digits, then printed in shortest round-trip form.
double Significant10(double value) { return std::stod(fmt::format("{:.10g}", value)); }

Candle CryptoCompareFor(const FakeCoin& coin, Day day, bool open_day) {
  const Raw r =
      Generate(coin.symbol, day, kCryptoCompareSalt, std::max(coin.price, 1e-9), open_day);
  // Rounding is monotone, so low <= open, close <= high survives it.
  return Candle{day,
                Significant10(r.open),
                Significant10(r.high),
                Significant10(r.low),
                Significant10(r.close),
                Significant10(r.volume),
                Significant10(r.quote_volume)};
}

Candle FromRow(const internal::BinanceRow& row, Day day) {
  return Candle{day,
                std::stod(row.open),
                std::stod(row.high),
                std::stod(row.low),
                std::stod(row.close),
                std::stod(row.volume),
                std::stod(row.quote_volume)};
}

}  // namespace

namespace internal {

BinanceRow BinanceRowFor(const FakeCoin& coin, Day day, bool open_candle) {
  // At least 1e-4 so that 8 decimals keep every price positive.
  const double base = std::max(coin.price * coin.binance_price_multiplier, 1e-4);
  const Raw r = Generate(coin.symbol, day, kBinanceSalt, base, open_candle);
  BinanceRow row;
  row.open = Fixed8(r.open);
  row.high = Fixed8(r.high);
  row.low = Fixed8(r.low);
  row.close = Fixed8(r.close);
  row.volume = Fixed8(r.volume);
  row.quote_volume = Fixed8(r.quote_volume);
  row.taker_base = Fixed8(r.volume * r.taker_share);
  row.taker_quote = Fixed8(r.quote_volume * r.taker_share);
  row.trades = r.trades;
  return row;
}

VenueRow VenueRowFor(const FakeCoin& coin, Day day, uint64_t salt, bool open_candle) {
  const Raw r = Generate(coin.symbol, day, salt, std::max(coin.price, 1e-4), open_candle);
  return VenueRow{Fixed8(r.open),  Fixed8(r.high),   Fixed8(r.low),
                  Fixed8(r.close), Fixed8(r.volume), Fixed8(r.quote_volume)};
}

}  // namespace internal

namespace {

Candle FromVenueRow(const internal::VenueRow& row, Day day) {
  return Candle{day,
                std::stod(row.open),
                std::stod(row.high),
                std::stod(row.low),
                std::stod(row.close),
                std::stod(row.volume),
                std::stod(row.quote_volume)};
}

}  // namespace

Candle OkxCandle(const FakeCoin& coin, Day day) {
  return FromVenueRow(internal::VenueRowFor(coin, day, internal::kOkxSalt, false), day);
}
Candle BybitCandle(const FakeCoin& coin, Day day) {
  return FromVenueRow(internal::VenueRowFor(coin, day, internal::kBybitSalt, false), day);
}

Candle BinanceCandle(const FakeCoin& coin, Day day) {
  return FromRow(internal::BinanceRowFor(coin, day, false), day);
}
Candle BinanceOpenCandle(const FakeCoin& coin, Day day) {
  return FromRow(internal::BinanceRowFor(coin, day, true), day);
}
Candle CryptoCompareCandle(const FakeCoin& coin, Day day) {
  return CryptoCompareFor(coin, day, false);
}
Candle CryptoCompareOpenCandle(const FakeCoin& coin, Day day) {
  return CryptoCompareFor(coin, day, true);
}

std::vector<Candle> ClosedCandles(const FakeCoin& coin, Source source, Day today) {
  std::vector<Candle> out;
  const Day yesterday = today - std::chrono::days{1};
  if (source == Source::kBinance) {
    if (!coin.binance_base) return out;
    const Day last =
        coin.binance_last_day ? std::min(*coin.binance_last_day, yesterday) : yesterday;
    for (Day d = coin.binance_first_day; d <= last; d += std::chrono::days{1}) {
      if (!coin.Missing(d)) out.push_back(BinanceCandle(coin, d));
    }
  } else {
    if (!coin.cc_market_exists) return out;
    for (Day d = coin.cc_first_day; d <= yesterday; d += std::chrono::days{1}) {
      if (!coin.Missing(d)) out.push_back(CryptoCompareCandle(coin, d));
    }
  }
  return out;
}

}  // namespace cryptoscope::fake
