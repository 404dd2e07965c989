// CryptoCompare min-api response bodies -> typed values. Pure: no I/O, no clock.
// Facts: shared/api-contract.md sections 4-6.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
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
};
[[nodiscard]] CcEnvelope ParseCcEnvelope(const std::string& body, int http_status);

struct TopListPage {
  std::vector<Coin> coins;  // In page order; rank = page * page_size + index + 1.
  size_t entries = 0;       // Entries in Data (for "short last page").
};

// /data/top/mktcapfull. Skips SponsoredData; entries without CoinInfo.Name are skipped; a missing
// RAW leaves market_cap/price empty. kBadData when the envelope is not a success or Data is not
// an array.
[[nodiscard]] Result<TopListPage> ParseTopList(const std::string& body, int page, int page_size);

struct HistoDayPage {
  std::vector<Candle> candles;        // Closed, non-zero days, ascending, deduplicated.
  size_t rows = 0;                    // Rows in Data.Data.
  size_t zero_rows = 0;               // All-zero rows dropped (pre-listing padding).
  std::optional<Day> first_row_day;   // Day of the first row (zero or not).
};

// /data/v2/histoday. A row is closed iff time + 86400 <= `now_s`; the open day is dropped.
// All-zero rows (open=high=low=close=volumefrom=volumeto=0) are dropped and counted.
// Every other row is validated as in ParseKlines (time on UTC midnight in seconds, not ms; finite
// non-negative numbers; low <= high; open/close within [low, high]; strictly ascending days);
// one bad row rejects the body with kBadData naming the day and the problem.
[[nodiscard]] Result<HistoDayPage> ParseHistoDay(const std::string& body, int64_t now_s);

}  // namespace cryptoscope::parse
