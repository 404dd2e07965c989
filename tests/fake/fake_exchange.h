// The fake Binance Spot + CryptoCompare min-api server: an in-process HTTP server on loopback that
// emulates both providers as described in docs/api-contract.md (sections 2-6 and the emulator
// checklist of section 9), quirks included: string prices and a still-open last kline, toplists
// without a `Response` key, all-zero pre-listing histoday rows, HTTP 200 errors, 401 without a key,
// Binance weight limits (429, then 418 bans) and CryptoCompare Type 99 limits.
//
// Used by integration tests (run the real binary against base_url(), then compare the database
// with BinanceCandle()/CryptoCompareCandle()), by benchmarks and by build/cryptoscope-sandbox.
//
// Clocks: the *fake* clock (Scenario::now_ms, SetNowMs, AdvanceDays) decides which days exist and
// which candle is still open. Rate-limit windows and Retry-After periods use *real* steady time.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cryptoscope/core/day.h"
#include "cryptoscope/core/types.h"

namespace cryptoscope::fake {

// One coin of the CryptoCompare ranking, optionally listed on Binance (one pair at most).
struct FakeCoin {
  std::string symbol;     // CryptoCompare ticker (CoinInfo.Name): "BTC", "MIOTA", "BTM*".
  std::string name;       // CoinInfo.FullName.
  double market_cap = 0;  // Ranking: market_cap descending, ties by symbol ascending.
  double price = 1;       // RAW.USD.PRICE; candles of both sources move around it.
  bool has_raw = true;    // false: the toplist entry has neither RAW nor DISPLAY.
  // Binance listing.
  std::optional<std::string> binance_base;  // baseAsset: "BTC", "IOTA" (for MIOTA), "1000SATS".
  std::string binance_quote = "USDT";       // "BTC" for a BTC-only coin.
  std::string binance_status = "TRADING";   // or "BREAK", "HALT", "END_OF_DAY".
  Day binance_first_day;                    // First kline (listing day). Not listed before it.
  std::optional<Day> binance_last_day;      // Delisted: no klines after this day.
  double binance_price_multiplier = 1;      // Binance price = USD price * this (1000 for 1000SATS,
                                            // 1/BTC price for a BTC-quoted pair).
  // CryptoCompare history.
  bool cc_market_exists = true;  // false: histoday answers Type 2 "market does not exist".
  Day cc_first_day;              // Earlier days are served as all-zero rows.
  // Days without trading on either source, ascending: Binance serves no kline for them,
  // CryptoCompare an all-zero row (its way of saying "no data").
  std::vector<Day> missing_days;

  bool Missing(Day day) const {
    return std::binary_search(missing_days.begin(), missing_days.end(), day);
  }
  // ---- Keyless venues (issue 12): CoinGecko ranks every coin; OKX lists <SYMBOL>-USDT and
  // Bybit <SYMBOL>USDT from their first day on.
  std::optional<Day> okx_first_day;
  std::string okx_state = "live";  // or "suspend", "preopen".
  bool okx_list_time = true;       // false: the instrument's listTime is "".
  std::optional<Day> bybit_first_day;
  std::string bybit_status = "Trading";  // or "PreLaunch".

  // CoinGecko's slug and lower-case symbol ('*' dropped): "bitcoin"-like ids, "btm" for "BTM*".
  std::string coingecko_id() const;
  std::string coingecko_symbol() const;
  // The ticker a keyless run stores: coingecko_symbol() upper-cased.
  std::string keyless_ticker() const;

  std::string binance_symbol() const {  // "" when not on Binance.
    return binance_base ? *binance_base + binance_quote : std::string();
  }
};

// A Binance pair that belongs to no ranked coin (or is a second pair of one, e.g. ETHBTC).
// Serves exchangeInfo entries and klines like a coin listing does.
struct FakePair {
  std::string symbol;  // May hold non-ASCII UTF-8.
  std::string base;
  std::string quote = "USDT";
  std::string status = "TRADING";
  Day first_day;
  std::optional<Day> last_day;
  double price = 1;
};

// A CoinGecko entry that shares a ranked coin's symbol (a bridged or wrapped copy): listed in the
// markets pages by its market cap, traded nowhere.
struct FakeImpostor {
  std::string id;      // "bridged-ether"
  std::string symbol;  // Lower case, as CoinGecko sends it: "eth".
  std::string name;
  double market_cap = 0;
  double price = 1;
};

// The keyless venues' published limits and the quirks the fake gives them.
struct VenueRules {
  int coingecko_per_minute = 30;  // Sliding 60 s; over it: 429 with Retry-After.
  int okx_per_2s = 20;            // Sliding 2 s; over it: 429 with code 50011.
  int bybit_per_5s = 600;         // Sliding 5 s; over it: 403 and a ban of bybit_ban_s.
  int bybit_ban_s = 600;
  int okx_max_rows = 100;    // history-candles answers at most this many rows, whatever `limit`.
  int bybit_max_rows = 200;  // Bybit documents 1000; this fake answers at most 200.
};

struct Scenario {
  std::vector<FakeCoin> coins;
  std::vector<FakeImpostor> coingecko_impostors;
  VenueRules venue_rules;
  std::vector<FakePair> extra_binance_pairs;
  int64_t now_ms = 0;  // The fake clock (UTC ms); today = DayFromUnixMillis(now_ms).
  // How long after UTC midnight (fake clock) each source publishes the day that just closed.
  // Until then that day is absent: Binance serves no kline for it (today's open one still comes),
  // CryptoCompare's answer ends the day before it.
  int64_t binance_publish_delay_ms = 0;
  int64_t cc_publish_delay_ms = 0;
  // CryptoCompare's own clock runs this far from the fake clock (negative: behind). Its histoday
  // answers and its Date header follow it, so around midnight it may still serve as open a day
  // Binance's clock has closed.
  int64_t cc_clock_offset_ms = 0;
  // CryptoCompare requests must carry `authorization: Apikey <key>`; "" disables the check.
  std::string required_api_key = "test-key";
};

// Deterministic scenario of `count` coins with now = today 12:34:56.789 UTC. Ranks 1..25 hold one
// coin of every kind, in this order (a smaller `count` keeps the first ones):
//    1 BTC, 2 ETH     TRADING USDT, listed ~3050 days ago: several klines pages
//    3 USDT           CryptoCompare only (no USDTUSDT pair)
//    4 BNB, 5 XRP     TRADING USDT
//    6 USDC           USDCUSDT TRADING
//    7 MIOTA          Binance base IOTA (IOTAUSDT)
//    8 MATIC          BREAK, delisted: klines end 400 days ago
//    9 XMR, 10 LEO    CryptoCompare only
//   11 KTHX           TRADING, exactly 1000 closed Binance days through yesterday
//   12 CTWO           CryptoCompare only, exactly 2000 closed days through yesterday
//   13 SATS           Binance base 1000SATS, prices x1000
//   14 BTM*           suffixed CryptoCompare ticker, CryptoCompare only
//   15 ANT            HALT (klines end 20 days ago)
//   16 EOS            END_OF_DAY
//   17 NEBL           quote BTC only (NEBLBTC)
//   18 GRIN           no RAW/DISPLAY in the toplist, CryptoCompare only
//   19 WBT            CryptoCompare market does not exist, not on Binance
//   20 NEWY           listed yesterday (one closed day on both sources)
//   21 NEWT           listed today (no closed day)
//   22 OKB, 23 CRO, 24 KAS   CryptoCompare only
//   25 DOGE           TRADING USDT
// then regular coins (seeded tickers): ~80% TRADING USDT pairs (a fifth listed 1001-3000 days
// ago, the rest 2-1000), ~20% CryptoCompare only. The CryptoCompare history starts on or before
// the Binance listing. Extra pairs: ETHBTC, BTCFDUSD, WIFUSDT and a UTF-8 symbol.
// Fast for count up to ~10000 (candles are computed on demand, never stored).
Scenario GenerateScenario(int count, uint64_t seed, Day today);

// The scenario's coins by rank (index 0 = rank 1), as the toplist serves them without shifting.
std::vector<FakeCoin> RankedCoins(const Scenario& scenario);

// CoinGecko's ranking as the fake serves it: the coins and the impostors by market cap
// descending (ties by id). Each entry's coin index, or nullopt for an impostor.
struct CoinGeckoEntry {
  std::string id, symbol, name;
  double market_cap = 0, price = 0;
  std::optional<size_t> coin;  // Index into Scenario::coins.
};
std::vector<CoinGeckoEntry> CoinGeckoRanking(const Scenario& scenario);

// The exact closed candle the fake serves for `day` (a pure function of the coin and the day).
// Binance values are the served decimal strings parsed back (std::stod), so a client that parses
// them with a correctly rounded parser gets identical doubles; CryptoCompare values are printed
// in shortest round-trip form. Always positive, low <= open, close <= high, volume > 0, and the
// two sources differ. volume = base volume, quote_volume = quote volume (Binance quoteVolume,
// CryptoCompare volumeto).
Candle BinanceCandle(const FakeCoin& coin, Day day);
Candle CryptoCompareCandle(const FakeCoin& coin, Day day);
// Every closed day the fake serves for `coin` from `source` as of `today` (days before `today`),
// ascending, without the coin's missing days: what a complete backfill stores (publishing delays
// aside). Binance: binance_first_day through the day before
// today or binance_last_day; empty when not on Binance. CryptoCompare: cc_first_day through the
// day before today (the zero-padding days are not candles); empty when !cc_market_exists.
std::vector<Candle> ClosedCandles(const FakeCoin& coin, Source source, Day today);
// OKX (bar=1Dutc) and Bybit (interval=D) closed candles, parsed back from the served strings.
Candle OkxCandle(const FakeCoin& coin, Day day);
Candle BybitCandle(const FakeCoin& coin, Day day);
// The still-open candle served for today: same open/high/low, different close and volumes.
Candle BinanceOpenCandle(const FakeCoin& coin, Day day);
Candle CryptoCompareOpenCandle(const FakeCoin& coin, Day day);

enum class FaultKind {
  kHttp500,
  kHttp503,
  kHttp504,
  kBinance429,            // 429, Retry-After: 1, code -1003; opens a 1 s Retry-After period.
  kBinance418,            // 418, Retry-After: 2, code -1003 "IP banned until"; a 2 s ban.
  kCcRateLimit99,         // HTTP 200 Type 99, second window exhausted (until the second turns).
  kCc429,                 // HTTP 429, Retry-After: 1, Type 99 body.
  kTruncatedBody,         // Content-Length of the full body, half of it sent, then closed.
  kInvalidJson,           // HTTP 200, complete response, body cut in half.
  kConnectionReset,       // Connection closed without any response (RST).
  kSlow,                  // The normal response after FaultOptions::slow_ms (default 3 s).
  kBinanceUnknownSymbol,  // 400 {"code":-1121,"msg":"Invalid symbol."}.
  kHttp451,  // 451 {"code":0,"msg":"Service unavailable from a restricted location..."}.
  // HTTP 200 with one corrupted row (klines and histoday only; other answers are left as they
  // are). The row is the last but one (the last one when there is only one): a closed day inside
  // the requested range, and never an all-zero CryptoCompare padding row of a listed coin.
  kBadRowLowAboveHigh,  // Its high and low swapped.
  kBadRowNegative,      // Its base volume negative (Binance "-12.5", CryptoCompare -12.5).
  kBadRowTimeUnit,      // Binance open time in seconds; CryptoCompare time in milliseconds.
  kBadRowDuplicateDay,  // The row sent twice in a row.
};
std::string_view FaultKindName(FaultKind kind);  // "http500", "binance429", ...

struct ScriptedFault {
  std::string path;  // Exact request path, e.g. "/api/v3/klines"; "*" = any path.
  FaultKind kind;
  int count = 1;
  // Only requests whose raw query contains this text match ("" = any), e.g. "symbol=BTCUSDT&"
  // to aim at one coin whatever the order of concurrent requests.
  std::string query_contains;
};

struct FaultOptions {
  uint64_t seed = 1;
  // Probability per request to exchangeInfo, klines, mktcapfull and histoday of an injected fault.
  // The draw is a hash of (seed, path, raw query, how often that exact URL was seen before), so a
  // run is reproducible whatever the order of concurrent requests.
  double fault_rate = 0;
  // Kinds to draw from, filtered to those that fit the request's API. Empty = the transient kinds
  // a client must survive (500, 503, 504, 429, Type 99, CC 429, truncated, invalid JSON, reset,
  // slow); the fatal ones (418, 451, unknown symbol) are drawn only when listed here.
  std::vector<FaultKind> kinds;
  // The next `count` requests whose path matches get `kind`, in order; they take precedence
  // over random faults and over normal handling (not over an active Binance ban).
  std::vector<ScriptedFault> scripted;
  void Script(std::string path, FaultKind kind, int count = 1, std::string query_contains = "") {
    scripted.push_back({std::move(path), kind, count, std::move(query_contains)});
  }
  int slow_ms = 3000;

  // Binance REQUEST_WEIGHT per window; over it -> 429 with Retry-After = seconds to the end of
  // the window. A request inside an announced Retry-After -> 418 ban of ban_seconds.
  int binance_weight_limit = 6000;
  // The weight window, aligned to the wall clock like Binance's (a 1-minute window turns at
  // every whole UTC minute). exchangeInfo.rateLimits reports it (MINUTE when a multiple of 60,
  // else SECOND), and the usage header is named after it: x-mbx-used-weight-1m, -2s, ...
  int binance_weight_window_s = 60;
  // Weight another client on the same IP uses at the start of every window: it counts against
  // the limit and shows in the usage header, but the client under test did not send it.
  int binance_weight_used_by_others = 0;
  int binance_ban_seconds = 120;
  // Requests arriving this soon after a 429/418/Type 99 was sent were in flight already: they
  // get the same answer but are not counted as violations and do not start a ban.
  int retry_after_grace_ms = 200;

  bool toplist_shift = false;  // Pages >= 1 start one rank early: page 1 repeats the last coin of
                               // page 0 and every later coin moves one place down.
  // CryptoCompare call ceilings per (real) second/minute/hour/day/month; 0 = unlimited. Over a
  // ceiling -> HTTP 200 Type 99 with RateLimit.calls_made/max_calls. Rejected calls do not count.
  // Windows are aligned to the wall clock (a second turns at every whole UTC second).
  int cc_max_per_second = 0;
  int cc_max_per_minute = 0;
  int cc_max_per_hour = 0;
  int cc_max_per_day = 0;
  int cc_max_per_month = 0;
  // GET /stats/rate/limit answers the key's usage like the real endpoint (calls_made and
  // calls_left per window, from the ceilings above; an unlimited window reports a plan of
  // internal::kUnlimitedPlanCalls). It is not counted as a call. false = HTTP 404, as from a
  // server without the endpoint.
  bool cc_rate_limit_endpoint = true;
};

struct Options {
  int threads = 16;    // Server threads. A keep-alive connection holds a thread while it is
                       // open: use at least as many threads as the client's parallel transfers.
  int latency_ms = 0;  // Added to every response.
  std::string host = "127.0.0.1";
  int port = 0;                  // 0 = the OS picks a free port.
  int keep_alive_timeout_s = 2;  // Idle keep-alive connections are closed after this.
};

struct RequestRecord {
  std::string method;
  std::string path;
  std::string query;                           // Raw query string, without '?'.
  std::map<std::string, std::string> headers;  // Lower-case names.
  int status = 0;                              // 0 = connection reset, no response.
  std::optional<FaultKind> fault;              // The injected fault, if any.
  int64_t at_ms_real = 0;                      // Arrival, steady clock ms.
};

enum class Api { kBinance, kCryptoCompare };

// Starts listening in the constructor (no waiting needed) and serves both APIs on one port until
// destroyed. Every method is thread-safe. Besides the provider endpoints it serves
//   POST /__control/advance?days=N, POST /__control/now?ms=T, GET /__control/stats (JSON)
// which are not recorded. Ignores SIGPIPE process-wide (writes to closed sockets).
class FakeExchange {
 public:
  // Throws std::runtime_error when the port cannot be bound (busy ports are not shared).
  explicit FakeExchange(Scenario scenario, Options options = {});
  // Stops and joins. Pending delays (latency, kSlow) are cut short; a connection a client still
  // holds open idle delays this by up to keep_alive_timeout_s, so close clients first.
  ~FakeExchange();
  FakeExchange(const FakeExchange&) = delete;
  FakeExchange& operator=(const FakeExchange&) = delete;

  int port() const;
  std::string base_url() const;  // "http://127.0.0.1:<port>": both APIs.

  // The fake clock.
  void SetNowMs(int64_t now_ms);
  void AdvanceDays(int days);
  int64_t now_ms() const;
  Day today() const;

  Scenario scenario() const;                                      // A copy.
  void EditScenario(const std::function<void(Scenario&)>& edit);  // Under the lock.

  // Recorded before the answer is written, so a client that got its answer finds its record.
  std::vector<RequestRecord> requests() const;  // In the order they were answered.
  size_t CountRequests(std::string_view path) const;
  // Forgets the records and zeroes every counter below; rate-limit state is kept.
  void ClearRequests();

  // Replaces the fault options (pending scripted faults included); rate-limit state is kept.
  void SetFaults(FaultOptions faults);
  void ScriptFault(std::string path, FaultKind kind, int count = 1,
                   std::string query_contains = "");  // Appends.
  // Forgets weight used, CryptoCompare calls made, Retry-After periods and bans.
  void ResetRateLimits();

  size_t CountBinanceBans() const;  // 418 responses sent (emulated bans and injected ones).
  // Requests that arrived inside a Retry-After period (429/418) or an exhausted CryptoCompare
  // window already announced by Type 99, after the grace time: the client did not wait.
  size_t CountRequestsDuringRetryAfter() const;
  size_t CountRequestsDuringRetryAfter(Api api) const;
  size_t CountCcRateLimited() const;  // Type 99 answers from the emulated call ceilings.
  size_t CountKeyInUrl() const;       // CryptoCompare requests with an `api_key` query parameter.
  size_t CountFaults() const;         // Injected faults (scripted and random).
  // Keyless venues: answers that said "too many" (CoinGecko/OKX 429, Bybit 403, bans included).
  size_t CountVenueRateLimited() const;
  std::string StatsJson() const;  // What GET /__control/stats returns.

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace cryptoscope::fake
