// Binance Spot response bodies -> typed values. Pure: no I/O, no clock (callers pass `now`).
// All functions are thread-safe and never throw; messages start with the body's kind.
// Facts: docs/api-contract.md sections 1-3.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cryptoscope/core/result.h"
#include "cryptoscope/core/types.h"

namespace cryptoscope::parse {

// One entry of exchangeInfo.rateLimits, e.g. {REQUEST_WEIGHT, MINUTE, 1, 6000}.
struct RateLimitRule {
  std::string type;      // "REQUEST_WEIGHT", "RAW_REQUESTS", "ORDERS", ...
  std::string interval;  // "SECOND", "MINUTE", "HOUR", "DAY"
  int interval_num = 1;
  int64_t limit = 0;
};

struct BinancePair {
  std::string symbol;                // "ETHUSDT"; may hold non-ASCII UTF-8.
  std::string base_asset;            // "ETH"
  std::string quote_asset;           // "USDT"
  std::string status;                // "TRADING", "BREAK", ... unknown values are kept verbatim.
  bool spot_trading_allowed = true;  // isSpotTradingAllowed; true when the field is absent.
};

struct ExchangeInfo {
  int64_t server_time_ms = 0;  // 0 when the field is absent.
  std::vector<RateLimitRule> rate_limits;
  std::vector<BinancePair> pairs;
};

// kBadData when the body is not JSON, not an object, lacks the `symbols` array, or has
// `symbols`/`rateLimits` that are not arrays or a `serverTime` that is not an integer. Unknown
// keys are ignored. Entries missing symbol/baseAsset/quoteAsset/status (or not objects) are
// skipped, not fatal, as are incomplete rateLimits entries. A non-boolean isSpotTradingAllowed
// reads as false.
[[nodiscard]] Result<ExchangeInfo> ParseExchangeInfo(const std::string& body);

struct KlinesPage {
  std::vector<Candle> candles;      // Closed days only, ascending.
  size_t rows = 0;                  // Rows in the body, the still-open one included (for paging).
  std::optional<Day> last_row_day;  // Day of the body's last row, open or closed.
};

// Parses a 1d klines body. A row is closed iff its close time < `now_ms`; the open row is dropped.
// Every row (the open one too) is validated; one bad row rejects the whole body with kBadData
// naming the row's day (or its 0-based index while the day is unknown) and the problem, e.g.
// "klines row 2024-03-01: low 5 > high 4": not an array of >= 8 fields (quote volume is field
// 7), open time not an integer or not on UTC midnight, an open time in seconds (< 1e11) or
// microseconds (>= 1e14) where milliseconds are expected, a close time not within the open's
// day, a price or volume that is not a decimal string (std::from_chars, nothing else inside
// the quotes) or is empty/negative/non-finite, low > high, open or close outside [low, high],
// days not strictly ascending (duplicates included). Fields 8..11 are not read.
// Thread-safe: uses one simdjson parser per thread; parses `body` in place when its spare
// capacity covers simdjson::SIMDJSON_PADDING, else copies it.
[[nodiscard]] Result<KlinesPage> ParseKlines(const std::string& body, int64_t now_ms);

// Binance error envelope {"code": -1121, "msg": "Invalid symbol."}; nullopt if not that shape.
struct BinanceError {
  int code = 0;
  std::string msg;
};
[[nodiscard]] std::optional<BinanceError> ParseBinanceError(const std::string& body);

// {"serverTime": 1767225600123} from /api/v3/time. kBadData when absent, not an integer, or not
// plausibly milliseconds (< 1e11 or >= 1e14).
[[nodiscard]] Result<int64_t> ParseServerTime(const std::string& body);

}  // namespace cryptoscope::parse
