// Bybit v5 public market bodies -> typed values. Pure: no I/O, no clock (callers pass `now_ms`).
// Thread-safe (one simdjson parser per thread), never throws. Facts: docs/keyless-sources.md.
//
// Every answer is {"retCode": 0, "retMsg": "OK", "result": {...}, "retExtInfo": {}, "time": ms};
// errors keep HTTP 200 with a non-zero retCode (10001: unknown symbol or bad parameter).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cryptoscope/core/result.h"
#include "cryptoscope/core/types.h"

namespace cryptoscope::parse {

struct BybitEnvelope {
  int64_t ret_code = 0;
  std::string ret_msg;
  std::optional<int64_t> time_ms;  // The venue's clock, when the body states it.
};
// The envelope of any Bybit body; nullopt when it is not a JSON object with an integer retCode.
[[nodiscard]] std::optional<BybitEnvelope> ParseBybitEnvelope(const std::string& body);

struct BybitInstrument {
  std::string symbol;  // "BTCUSDT"
  std::string base;    // baseCoin
  std::string quote;   // quoteCoin
  std::string status;  // "Trading", "PreLaunch", ...
};

// /v5/market/instruments-info?category=spot: result.list. kBadData when retCode != 0 or
// result.list is missing or not an array; incomplete entries are skipped.
[[nodiscard]] Result<std::vector<BybitInstrument>> ParseBybitInstruments(const std::string& body);

struct BybitKlinePage {
  std::vector<Candle> candles;        // Closed days, ascending (the body is newest first).
  size_t rows = 0;                    // Rows in result.list, the forming one included.
  std::optional<Day> oldest_row_day;  // For paging backwards (`end`).
  std::optional<Day> first_open_day;  // The oldest row left out as not yet ended by `now_ms`.
};

// /v5/market/kline?category=spot&interval=D. Rows [start, open, high, low, close, volume,
// turnover], all strings; volume is base, turnover quote. result.category, when present, must be
// "spot" (a linear answer quotes a perpetual). Checks as internal::ReadNewestFirstRows; kBadData
// when any row, the category or the envelope is wrong.
[[nodiscard]] Result<BybitKlinePage> ParseBybitKline(const std::string& body, int64_t now_ms);

}  // namespace cryptoscope::parse
