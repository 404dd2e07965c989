// CryptoCompare min-api response bodies -> typed values. Pure: no I/O, no clock.
// All functions are thread-safe (one simdjson parser per thread) and never throw.
// Facts: docs/api-contract.md sections 4-6.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cryptoscope/core/result.h"
#include "cryptoscope/core/types.h"

namespace cryptoscope::parse {

// What a min-api envelope says, before looking at the payload.
// Success = HTTP 200 and `Response` absent or != "Error" and `Type` == 100.
struct CcEnvelope {
  enum class Kind {
    kSuccess,
    kRateLimited,    // Type 99 (HTTP 200 or 429).
    kKeyRejected,    // HTTP 401, the {"Err":{...}} envelope, or a message about the API key.
    kMarketMissing,  // Type 1/2 "market does not exist for this coin pair".
    kError,          // Any other Response:"Error" (message kept).
    kMalformed,      // Not JSON, or not an object.
  };
  Kind kind = Kind::kMalformed;
  int type = 0;
  std::string message;
  // Type 99: the windows whose calls_made >= max_calls (or whose calls_left <= 0), among
  // "second", "minute", "hour", "day", "month".
  std::vector<std::string> exhausted_windows;
  // Type 99: the plan's ceilings the body states (RateLimit.max_calls), by window name, so the
  // client can pace to the real limits from then on.
  std::vector<std::pair<std::string, int64_t>> max_calls;
};
// In order: HTTP 401 -> kKeyRejected and HTTP 429 -> kRateLimited whatever the body; a body that
// is not a JSON object -> kMalformed; a non-empty `Err` object -> kKeyRejected (even with 429);
// Type 99 -> kRateLimited; success; a message containing "api key" (any case) -> kKeyRejected;
// Response "Error" with Type 1/2 and "market does not exist" -> kMarketMissing; else kError.
// `message` is Message (or Err.message), or "http <status>, type <type>" when the body has none.
[[nodiscard]] CcEnvelope ParseCcEnvelope(const std::string& body, int http_status);

struct TopListPage {
  std::vector<Coin> coins;  // In page order; rank = page * page_size + index + 1.
  size_t entries = 0;       // Entries in Data (for "short last page").
};

// /data/top/mktcapfull. Skips SponsoredData; entries that are not objects or lack a non-empty
// string CoinInfo.Name are skipped but keep their rank slot; a missing or null RAW (or a
// RAW.USD.MKTCAP/PRICE that is not a non-negative number) leaves market_cap/price empty.
// kBadData when the envelope is not a success (the message names its kind, Type and Message),
// or Data is missing or not an array. Reads the body once, in the same pass as the envelope.
[[nodiscard]] Result<TopListPage> ParseTopList(const std::string& body, int page, int page_size);

struct HistoDayPage {
  std::vector<Candle> candles;       // Closed, non-zero days, strictly ascending.
  size_t rows = 0;                   // Rows in Data.Data.
  size_t zero_rows = 0;              // All-zero rows dropped (pre-listing padding).
  std::optional<Day> first_row_day;  // Day of the first row (zero or not).
};

// /data/v2/histoday. A row is closed iff time + 86400 <= `now_s`; the open day is dropped.
// Every row must be an object with an integer `time` and numeric open/high/low/close/volumefrom/
// volumeto (other keys ignored). All-zero rows (open=high=low=close=volumefrom=volumeto=0) are
// then dropped and counted wherever they appear, without further checks. Every other row is
// validated as in ParseKlines (time >= 0, on UTC midnight, in seconds: > 1e11 is milliseconds;
// non-negative numbers; low <= high; open/close within [low, high]; strictly ascending days, so a
// duplicate day is rejected); one bad row rejects the body with kBadData naming the day (or the
// 0-based row index) and the problem, e.g. "histoday row 2024-03-01: low 5 > high 4". A
// non-success envelope, or Data/Data.Data of the wrong type, is kBadData too.
[[nodiscard]] Result<HistoDayPage> ParseHistoDay(const std::string& body, int64_t now_s);

}  // namespace cryptoscope::parse
