// ParseHistoDay: /data/v2/histoday pages, the hot path of a CryptoCompare backfill.
#include <fmt/format.h>
#include <simdjson.h>

#include <cstdint>
#include <utility>

#include "cryptoscope/parse/candle_check.h"
#include "cryptoscope/parse/cc_envelope.h"
#include "cryptoscope/parse/cryptocompare.h"
#include "cryptoscope/parse/json_body.h"

namespace cryptoscope::parse {
namespace {

namespace od = simdjson::ondemand;
using internal::InvalidJson;
using internal::IsWrongType;
using internal::KeyIs;

// Fields every row must carry, in the order messages report them missing.
enum RowField : unsigned { kTime, kOpen, kHigh, kLow, kClose, kVolumeFrom, kVolumeTo, kFieldCount };
constexpr const char* kFieldNames[kFieldCount] = {"time",  "open",       "high",    "low",
                                                  "close", "volumefrom", "volumeto"};

struct HistoRow {
  int64_t time = 0;
  Candle candle;
  unsigned seen = 0;    // Bit per RowField.
  std::string problem;  // First field of the wrong type, reported after `time` is known.

  bool Has(RowField field) const { return (seen >> field) & 1u; }
  // Its day, when `time` is a plausible seconds timestamp (not necessarily midnight).
  std::optional<Day> day() const {
    if (!Has(kTime) || time < 0 || time > internal::kMaxPlausibleSeconds) return std::nullopt;
    return DayFromUnixSeconds(time);
  }
  bool IsZero() const {
    const Candle& c = candle;
    return c.open == 0 && c.high == 0 && c.low == 0 && c.close == 0 && c.volume == 0 &&
           c.quote_volume == 0;
  }
};

// Which RowField a key names; kFieldCount for keys we skip (conversionType, ...). Dispatches on
// the first byte so most keys cost one comparison.
RowField FieldOf(od::raw_json_string key) {
  switch (key.raw()[0]) {
    case 't':
      return KeyIs(key, "time") ? kTime : kFieldCount;
    case 'o':
      return KeyIs(key, "open") ? kOpen : kFieldCount;
    case 'h':
      return KeyIs(key, "high") ? kHigh : kFieldCount;
    case 'l':
      return KeyIs(key, "low") ? kLow : kFieldCount;
    case 'c':
      return KeyIs(key, "close") ? kClose : kFieldCount;
    case 'v':
      return KeyIs(key, "volumefrom") ? kVolumeFrom
             : KeyIs(key, "volumeto") ? kVolumeTo
                                      : kFieldCount;
    default:
      return kFieldCount;
  }
}

// Errors only for invalid JSON; shape problems go to `row.problem`.
simdjson::error_code ReadRow(od::object& object, HistoRow& row) {
  double* const numbers[kFieldCount] = {
      nullptr,           &row.candle.open,   &row.candle.high,        &row.candle.low,
      &row.candle.close, &row.candle.volume, &row.candle.quote_volume};
  for (auto field_result : object) {
    od::field field;
    if (auto error = std::move(field_result).get(field)) return error;
    const RowField which = FieldOf(field.key());
    if (which == kFieldCount) continue;
    const simdjson::error_code error = which == kTime
                                           ? field.value().get_int64().get(row.time)
                                           : field.value().get_double().get(*numbers[which]);
    if (!error) {
      row.seen |= 1u << which;
    } else if (!IsWrongType(error)) {
      return error;
    } else if (row.problem.empty()) {
      row.problem = fmt::format("{} is not {}", kFieldNames[which],
                                which == kTime ? "an integer" : "a number");
    }
  }
  return simdjson::SUCCESS;
}

std::optional<std::string> TimeProblem(int64_t time) {
  if (time < 0) return fmt::format("time {} is before 1970", time);
  if (time > internal::kMaxPlausibleSeconds) {
    return fmt::format("time {} looks like milliseconds, not seconds", time);
  }
  if (time % kSecondsPerDay != 0) return fmt::format("time {} is not on utc midnight", time);
  return std::nullopt;
}

Status ReadRows(od::array& rows, int64_t now_s, HistoDayPage& page) {
  auto bad_row = [](std::string_view label, std::string_view problem) {
    return Fail(ErrorCode::kBadData, fmt::format("histoday row {}: {}", label, problem));
  };
  internal::DayOrder order;
  for (auto row_result : rows) {
    const size_t index = page.rows++;
    od::value value;
    od::object object;
    simdjson::error_code error = std::move(row_result).get(value);
    if (!error) error = value.get_object().get(object);
    if (error) {
      return bad_row(std::to_string(index),
                     IsWrongType(error) ? "not an object" : InvalidJson(error));
    }
    HistoRow row;
    if (auto json_error = ReadRow(object, row))
      return bad_row(std::to_string(index), InvalidJson(json_error));
    const std::optional<Day> day = row.day();
    if (index == 0) page.first_row_day = day;
    std::optional<std::string> problem;
    if (!row.problem.empty()) problem = std::move(row.problem);
    for (unsigned field = 0; !problem && field < kFieldCount; ++field) {
      if (!row.Has(RowField(field))) problem = fmt::format("missing {}", kFieldNames[field]);
    }
    // Days before listing (and a few inside histories) come as all-zero rows: padding, not data.
    if (!problem && row.IsZero()) {
      ++page.zero_rows;
      continue;
    }
    if (!problem) problem = TimeProblem(row.time);
    if (!problem) problem = internal::CandleProblem(row.candle);
    if (!problem) problem = order.Add(*day);
    if (problem) return bad_row(internal::RowLabel(day, index), *problem);
    row.candle.day = *day;
    // The last row is today, still open: closed iff the whole day lies before now.
    if (row.time + kSecondsPerDay <= now_s) page.candles.push_back(row.candle);
  }
  return {};
}

}  // namespace

Result<HistoDayPage> ParseHistoDay(const std::string& body, int64_t now_s) {
  HistoDayPage page;
  auto read_data = [&](od::value& data) -> Status {
    auto bad = [](std::string_view problem) {
      return Fail(ErrorCode::kBadData, fmt::format("histoday: {}", problem));
    };
    od::object object;
    if (auto error = data.get_object().get(object)) {
      return bad(IsWrongType(error) ? "Data is not an object" : InvalidJson(error));
    }
    bool rows_seen = false;
    for (auto field_result : object) {
      od::field field;
      if (auto error = std::move(field_result).get(field)) return bad(InvalidJson(error));
      if (rows_seen || !KeyIs(field.key(), "Data")) continue;  // TimeFrom, TimeTo, Aggregated.
      rows_seen = true;
      od::array rows;
      if (auto error = field.value().get_array().get(rows)) {
        return bad(IsWrongType(error) ? "Data.Data is not an array" : InvalidJson(error));
      }
      page.candles.reserve(2001);  // limit=2000 returns 2001 rows.
      if (Status status = ReadRows(rows, now_s, page); !status) return status;
    }
    if (!rows_seen) return bad("no Data.Data array");
    return {};
  };
  if (Status status = internal::WalkEnvelopeAndData(body, "histoday", read_data); !status) {
    return tl::unexpected(std::move(status.error()));
  }
  return page;
}

}  // namespace cryptoscope::parse
