// ParseKlines lives apart from the other Binance parsers: it is the hot path of a backfill.
#include <fmt/format.h>
#include <simdjson.h>

#include <string_view>
#include <utility>

#include "cryptoscope/parse/binance.h"
#include "cryptoscope/parse/candle_check.h"
#include "cryptoscope/parse/json_body.h"

namespace cryptoscope::parse {
namespace {

namespace od = simdjson::ondemand;
using internal::InvalidJson;
using internal::IsWrongType;

// The fields we read; 8..11 (trades, taker volumes, "unused") are skipped unread.
constexpr size_t kFieldsRead = 8;
constexpr std::string_view kFieldNames[kFieldsRead] = {
    "open time", "open", "high", "low", "close", "volume", "close time", "quote volume"};

struct KlineRow {
  std::optional<Day> day;  // Known once the open time passed its unit check.
  int64_t open_ms = 0;
  int64_t close_ms = 0;
  Candle candle;
};

std::optional<std::string> CheckOpenTime(KlineRow& row) {
  const int64_t open_ms = row.open_ms;
  if (open_ms < 0) return fmt::format("open time {} is before 1970", open_ms);
  // A seconds value here would be read as a day in January 1970 (see docs/api-contract.md section 0).
  if (open_ms < internal::kMinPlausibleMillis) {
    return fmt::format("open time {} looks like seconds, not milliseconds", open_ms);
  }
  if (open_ms >= internal::kMaxPlausibleMillis) {
    return fmt::format("open time {} looks like microseconds, not milliseconds", open_ms);
  }
  row.day = DayFromUnixMillis(open_ms);
  if (open_ms % kMillisPerDay != 0) {
    return fmt::format("open time {} is not on utc midnight", open_ms);
  }
  return std::nullopt;
}

// Reads fields 0..7 of one row into `out`; returns the first problem.
std::optional<std::string> ReadRow(od::array& fields, const char* body_end, KlineRow& out) {
  double* const decimals[kFieldsRead] = {
      nullptr,           &out.candle.open,   &out.candle.high, &out.candle.low,
      &out.candle.close, &out.candle.volume, nullptr,          &out.candle.quote_volume};
  size_t index = 0;
  for (auto field_result : fields) {
    od::value field;
    if (auto error = std::move(field_result).get(field)) return InvalidJson(error);
    if (decimals[index] == nullptr) {  // Open or close time: JSON integers in milliseconds.
      int64_t& time = index == 0 ? out.open_ms : out.close_ms;
      if (auto error = field.get_int64().get(time)) {
        return IsWrongType(error) ? fmt::format("{} is not an integer", kFieldNames[index])
                                  : InvalidJson(error);
      }
      if (index == 0) {
        if (auto problem = CheckOpenTime(out)) return problem;
      } else if (out.close_ms <= out.open_ms || out.close_ms - out.open_ms > kMillisPerDay) {
        // Binance sends open + 1 day - 1 ms; the end of the day itself is tolerated, as it
        // changes no candle, but anything beyond a day means this is not a daily row.
        return fmt::format("close time {} is not within the open day", out.close_ms);
      }
    } else {
      // Prices and volumes are JSON strings. Parse straight from the body's bytes (no
      // unescaping copy); an escape sequence is garbage here anyway.
      od::raw_json_string raw;
      if (auto error = field.get_raw_json_string().get(raw)) {
        return IsWrongType(error) ? fmt::format("{} is not a string", kFieldNames[index])
                                  : InvalidJson(error);
      }
      if (auto problem = internal::ParseDecimalString(kFieldNames[index], raw.raw(), body_end,
                                                      *decimals[index])) {
        return problem;
      }
    }
    if (++index == kFieldsRead) break;  // The parent's iteration skips the rest of the row.
  }
  if (index < kFieldsRead) {
    return fmt::format("has {} fields, expected at least {}", index, kFieldsRead);
  }
  return std::nullopt;
}

}  // namespace

Result<KlinesPage> ParseKlines(const std::string& body, int64_t now_ms) {
  auto bad_row = [](std::string_view label, std::string_view problem) {
    return Fail(ErrorCode::kBadData, fmt::format("klines row {}: {}", label, problem));
  };
  auto bad = [](std::string_view problem) {
    return Fail(ErrorCode::kBadData, fmt::format("klines: {}", problem));
  };
  internal::PaddedBody padded(body);
  od::document doc;
  od::array rows;
  if (auto error = internal::ThreadParser().iterate(padded.view()).get(doc)) {
    return bad(InvalidJson(error));
  }
  if (auto error = doc.get_array().get(rows)) {
    return bad(error == simdjson::INCORRECT_TYPE ? "body is not a json array" : InvalidJson(error));
  }
  KlinesPage page;
  page.candles.reserve(body.size() / 160 + 1);  // A real row is about 190 bytes.
  internal::DayOrder order;
  for (auto row_result : rows) {
    const size_t index = page.rows++;
    od::value row_value;
    od::array fields;
    if (auto error = std::move(row_result).get(row_value)) return bad(InvalidJson(error));
    if (auto error = row_value.get_array().get(fields)) {
      return bad_row(std::to_string(index),
                     IsWrongType(error) ? "not an array" : InvalidJson(error));
    }
    KlineRow row;
    std::optional<std::string> problem = ReadRow(fields, padded.end(), row);
    if (!problem) problem = internal::CandleProblem(row.candle);
    if (!problem) problem = order.Add(*row.day);
    if (problem) return bad_row(internal::RowLabel(row.day, index), *problem);
    row.candle.day = *row.day;
    page.last_row_day = row.day;
    // The last row may be today's candle, still open (close time inclusive, in the future).
    if (row.close_ms < now_ms) page.candles.push_back(row.candle);
  }
  if (!internal::AtEnd(doc)) return bad("trailing content after the json value");
  return page;
}

}  // namespace cryptoscope::parse
