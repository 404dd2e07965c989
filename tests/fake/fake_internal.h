// Pieces shared by the fake exchange's .cc files. Not part of the fixture's public API.
#pragma once

#include <httplib.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "fake/fake_exchange.h"

namespace cryptoscope::fake::internal {

// ---- hashing (stable across platforms: the candles must never change between builds) ----
inline uint64_t Mix(uint64_t x) {  // splitmix64 finalizer.
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}
inline uint64_t HashString(std::string_view text) {  // FNV-1a.
  uint64_t h = 0xCBF29CE484222325ULL;
  for (unsigned char c : text) h = (h ^ c) * 0x100000001B3ULL;
  return h;
}
inline double Unit(uint64_t h) { return static_cast<double>(h >> 11) * 0x1.0p-53; }  // [0, 1)

// ---- JSON writing ----
std::string JsonString(std::string_view text);  // Quoted and escaped.
std::string JsonNumber(double value);           // Shortest round-trip form; finite only.

// ---- an HTTP answer, before faults and latency are applied ----
struct Reply {
  int status = 200;
  std::string body;
  std::string content_type = "application/json;charset=UTF-8";
  std::vector<std::pair<std::string, std::string>> headers;
};

// ---- the scenario with lookup tables ----
struct ScenarioIndex {
  Scenario scenario;
  std::vector<size_t> ranking;  // Coin indices by rank.
  // Binance symbol -> listing, as a FakeCoin (extra pairs are turned into coins).
  std::vector<FakeCoin> binance_listings;
  std::unordered_map<std::string, size_t> by_binance_symbol;  // -> binance_listings index.
  std::unordered_map<std::string, size_t> by_cc_symbol;       // -> scenario.coins index.

  explicit ScenarioIndex(Scenario s);
  Day today() const { return DayFromUnixMillis(scenario.now_ms); }
};

// ---- candles with their served text ----
struct BinanceRow {
  std::string open, high, low, close, volume, quote_volume, taker_base, taker_quote;
  int64_t trades = 0;
};
BinanceRow BinanceRowFor(const FakeCoin& coin, Day day, bool open_candle);

// OKX and Bybit rows (issue 12): prices around the coin's USD price, 8-decimal strings.
inline constexpr uint64_t kOkxSalt = 0x0C5ULL;
inline constexpr uint64_t kOkxHongKongSalt = 0x0C5818ULL;  // bar=1D: another candle entirely.
inline constexpr uint64_t kBybitSalt = 0xB7B17ULL;
struct VenueRow {
  std::string open, high, low, close, volume, quote_volume;
};
VenueRow VenueRowFor(const FakeCoin& coin, Day day, uint64_t salt, bool open_candle);

// ---- the keyless venues' listings and CoinGecko impostors (scenario_venues.cc) ----
void AddKeylessVenues(Scenario& scenario, uint64_t seed, Day today);

// ---- handlers: pure functions of the scenario, the parameters and the fake clock ----
std::string ParamOr(const httplib::Params& params, const std::string& key, std::string fallback);
bool HasParam(const httplib::Params& params, const std::string& key);

// `now_ms` as an HTTP Date header value (IMF-fixdate, second resolution): "Wed, 25 Nov 2026 ...".
std::string HttpDate(int64_t now_ms);

Reply BinanceError(int status, int code, std::string_view msg);
Reply BinanceExchangeInfo(const ScenarioIndex& index, const httplib::Params& params,
                          int weight_limit, int weight_window_s);
// How exchangeInfo states a weight window: {1, "MINUTE"} for 60 s, {2, "SECOND"} for 2 s.
std::pair<int, const char*> BinanceWeightInterval(int weight_window_s);
// "x-mbx-used-weight-1m" for a 60 s window, "x-mbx-used-weight-2s" for 2 s.
std::string BinanceWeightHeader(int weight_window_s);
Reply BinanceKlines(const ScenarioIndex& index, const httplib::Params& params);
Reply BinanceTime(int64_t now_ms);
int BinanceWeight(std::string_view path);  // exchangeInfo 20, klines 2, time/ping 1.

Reply CcKeyRequired();  // HTTP 401 with the {"Data":{},"Err":{...}} envelope.
Reply CcTopList(const ScenarioIndex& index, const httplib::Params& params, bool shift);
Reply CcHistoDay(const ScenarioIndex& index, const httplib::Params& params);

// CryptoCompare windows, in the order second, minute, hour, day, month.
inline constexpr int kCcWindows = 5;
inline constexpr const char* kCcWindowNames[kCcWindows] = {"second", "minute", "hour", "day",
                                                           "month"};
inline constexpr int64_t kCcWindowMs[kCcWindows] = {1'000, 60'000, 3'600'000, 86'400'000,
                                                    30LL * 86'400'000};
// The Type 99 body; `max_calls` 0 entries are printed as the 2024 keyless defaults.
// What /stats/rate/limit states as the ceiling of a window the fake does not limit.
inline constexpr int64_t kUnlimitedPlanCalls = 1'000'000'000;
// The /stats/rate/limit success body: calls_made and calls_left per window.
Reply CcRateLimitStatusReply(const int64_t (&calls_made)[kCcWindows],
                             const int64_t (&max_calls)[kCcWindows]);
Reply CcRateLimitReply(const int64_t (&calls_made)[kCcWindows], int64_t total_calls,
                       const int (&max_calls)[kCcWindows], int http_status);

// ---- faults ----
Api ApiOfPath(std::string_view path);
bool IsFaultablePath(std::string_view path);  // exchangeInfo, klines, mktcapfull, histoday.
bool FaultFits(FaultKind kind, Api api);
struct FaultContext {
  int64_t wall_now_ms = 0;  // For the "IP banned until <ms>" message.
  int binance_weight_limit = 6000;
  int cc_max_calls[kCcWindows] = {};
  int slow_ms = 3000;
};
// Rewrites `reply` (the normal answer) into the fault's answer; kTruncatedBody, kConnectionReset
// and kSlow are carried out by the server and leave `reply` as is.
void ApplyFaultToReply(const FaultContext& context, FaultKind kind, Api api, Reply& reply);

// Applies one of the kBadRow* faults to a klines or histoday body (see FaultKind); leaves any
// other body unchanged.
void CorruptRow(FaultKind kind, std::string& body);

// Makes the peer of the connection (local_port, remote_port) see a reset: sets SO_LINGER 0 and
// shuts the socket down, so httplib's writes fail and its close sends RST. false if not found.
bool ResetConnection(int local_port, int remote_port);

}  // namespace cryptoscope::fake::internal
