#include "cryptoscope/parse/string_rows.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstring>

#include "cryptoscope/parse/candle_check.h"
#include "cryptoscope/parse/json_body.h"

namespace cryptoscope::parse::internal {
namespace {

namespace od = simdjson::ondemand;

// The text of a raw JSON string up to its closing quote; nullopt when it is not closed.
std::optional<std::string_view> RawText(const char* first, const char* last) {
  const void* quote = std::memchr(first, '"', static_cast<size_t>(last - first));
  if (quote == nullptr) return std::nullopt;
  return std::string_view(first, static_cast<const char*>(quote) - first);
}

std::optional<std::string> ReadTime(std::string_view text, int64_t& millis,
                                    std::optional<Day>& day) {
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), millis);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) {
    return fmt::format("open time \"{}\" is not an integer", text.substr(0, 32));
  }
  if (millis < kMinPlausibleMillis) {
    return fmt::format("open time {} looks like seconds, not milliseconds", millis);
  }
  if (millis >= kMaxPlausibleMillis) {
    return fmt::format("open time {} looks like microseconds, not milliseconds", millis);
  }
  day = DayFromUnixMillis(millis);
  // A venue's "daily" bar on another time zone (OKX's 1D opens at 16:00 UTC) lands here.
  if (millis % kMillisPerDay != 0)
    return fmt::format("open time {} is not on utc midnight", millis);
  return std::nullopt;
}

struct Row {
  int64_t open_ms = 0;
  std::optional<Day> day;
  Candle candle;
  bool confirmed = true;
};

std::optional<std::string> ReadRow(od::array& fields, const char* body_end,
                                   const StringRowLayout& layout, Row& row) {
  size_t index = 0;
  for (auto field_result : fields) {
    od::value field;
    if (auto error = std::move(field_result).get(field)) return InvalidJson(error);
    od::raw_json_string raw;
    if (auto error = field.get_raw_json_string().get(raw)) {
      return IsWrongType(error) ? fmt::format("field {} is not a string", index)
                                : InvalidJson(error);
    }
    const char* first = raw.raw();
    struct Target {
      size_t at;
      const char* name;
      double* value;
    };
    const Target decimals[] = {{layout.open, "open", &row.candle.open},
                               {layout.high, "high", &row.candle.high},
                               {layout.low, "low", &row.candle.low},
                               {layout.close, "close", &row.candle.close},
                               {layout.volume, "volume", &row.candle.volume},
                               {layout.quote_volume, "quote volume", &row.candle.quote_volume}};
    if (index == layout.time) {
      const auto text = RawText(first, body_end);
      if (!text) return std::string("open time is not a closed string");
      if (auto problem = ReadTime(*text, row.open_ms, row.day)) return problem;
    } else if (layout.confirm && index == *layout.confirm) {
      const auto text = RawText(first, body_end);
      if (!text || (*text != "0" && *text != "1"))
        return std::string("confirm is not \"0\" or \"1\"");
      row.confirmed = *text == "1";
    } else {
      for (const Target& target : decimals) {
        if (target.at != index) continue;
        if (auto problem = ParseDecimalString(target.name, first, body_end, *target.value)) {
          return problem;
        }
      }
    }
    ++index;
  }
  if (index < layout.fields) {
    return fmt::format("has {} fields, expected at least {}", index, layout.fields);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> ReadNewestFirstRows(od::value& rows_value, const char* body_end,
                                               const StringRowLayout& layout, int64_t now_ms,
                                               NewestFirstPage& out) {
  od::array rows;
  if (auto error = rows_value.get_array().get(rows)) {
    return fmt::format(
        "{}: {}", layout.kind,
        IsWrongType(error) ? std::string("rows are not an array") : InvalidJson(error));
  }
  std::optional<Day> previous;
  for (auto row_result : rows) {
    const size_t index = out.rows++;
    od::value row_value;
    od::array fields;
    if (auto error = std::move(row_result).get(row_value)) {
      return fmt::format("{}: {}", layout.kind, InvalidJson(error));
    }
    Row row;
    std::optional<std::string> problem;
    if (auto error = row_value.get_array().get(fields)) {
      problem = IsWrongType(error) ? "not an array" : InvalidJson(error);
    }
    if (!problem) problem = ReadRow(fields, body_end, layout, row);
    if (!problem) problem = CandleProblem(row.candle);
    if (!problem && previous && *row.day == *previous) problem = "duplicate day";
    if (!problem && previous && *row.day > *previous) {
      problem = fmt::format("day out of order (newest first, after {})", FormatDay(*previous));
    }
    if (problem) {
      return fmt::format("{} row {}: {}", layout.kind, RowLabel(row.day, index), *problem);
    }
    previous = row.day;
    out.oldest_row_day = row.day;
    row.candle.day = *row.day;
    if (row.confirmed && row.open_ms + kMillisPerDay <= now_ms) {
      out.candles.push_back(row.candle);
    } else {
      out.first_open_day = row.day;  // Rows go back in time: the last one seen is the oldest.
    }
  }
  std::reverse(out.candles.begin(), out.candles.end());
  return std::nullopt;
}

}  // namespace cryptoscope::parse::internal
