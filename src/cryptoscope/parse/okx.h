// OKX v5 public market bodies -> typed values. Pure: no I/O, no clock (callers pass `now_ms`).
// Thread-safe (one simdjson parser per thread), never throws. Facts: docs/keyless-sources.md.
//
// Every answer is the envelope {"code": "0", "msg": "", "data": [...]}; errors keep HTTP 200 with
// a non-zero code (51001: unknown instrument; 50011: too many requests).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cryptoscope/core/result.h"
#include "cryptoscope/core/types.h"

namespace cryptoscope::parse {

struct OkxEnvelope {
  std::string code;  // "0" = success.
  std::string msg;
};
// The envelope of any OKX body; nullopt when the body is not a JSON object with a string `code`.
[[nodiscard]] std::optional<OkxEnvelope> ParseOkxEnvelope(const std::string& body);

struct OkxInstrument {
  std::string inst_id;           // "BTC-USDT"
  std::string base;              // baseCcy
  std::string quote;             // quoteCcy
  std::string state;             // "live", "suspend", "preopen", ...
  std::optional<Day> listed_on;  // listTime's UTC day; absent when "" or not a time.
};

// /api/v5/public/instruments?instType=SPOT. kBadData when the body is not a success envelope or
// `data` is not an array. Entries that are not objects or lack one of the four strings are
// skipped.
[[nodiscard]] Result<std::vector<OkxInstrument>> ParseOkxInstruments(const std::string& body);

struct OkxCandlesPage {
  std::vector<Candle> candles;        // Closed days, ascending (the body is newest first).
  size_t rows = 0;                    // Rows in `data`, the forming one included.
  std::optional<Day> oldest_row_day;  // For paging backwards (`after`).
  std::optional<Day> first_open_day;  // The oldest row left out as forming (confirm "0" or not
                                      // yet ended by `now_ms`).
};

// /api/v5/market/history-candles or /candles with bar=1Dutc. Rows are
// [ts, o, h, l, c, vol, volCcy, volCcyQuote, confirm], all strings; volume = vol (base),
// quote_volume = volCcyQuote. Checks as internal::ReadNewestFirstRows; kBadData when any row or
// the envelope is wrong (a non-zero code included).
[[nodiscard]] Result<OkxCandlesPage> ParseOkxCandles(const std::string& body, int64_t now_ms);

}  // namespace cryptoscope::parse
