#include "cryptoscope/parse/okx.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <charconv>
#include <utility>

#include "cryptoscope/parse/candle_check.h"
#include "cryptoscope/parse/json_body.h"
#include "cryptoscope/parse/json_fields.h"
#include "cryptoscope/parse/string_rows.h"

namespace cryptoscope::parse {
namespace {

namespace od = simdjson::ondemand;
using internal::InvalidJson;
using internal::IsWrongType;
using internal::KeyIs;

// Walks {"code","msg","data"} in any key order; `read_data` runs on `data` when it is met.
template <typename ReadData>
Status WalkOkx(const std::string& body, std::string_view kind, OkxEnvelope& envelope,
               ReadData&& read_data) {
  auto bad = [kind](std::string_view problem) {
    return Fail(ErrorCode::kBadData, fmt::format("{}: {}", kind, problem));
  };
  internal::PaddedBody padded(body);
  od::document doc;
  od::object root;
  if (auto error = internal::ThreadParser().iterate(padded.view()).get(doc)) {
    return bad(InvalidJson(error));
  }
  if (auto error = doc.get_object().get(root)) {
    return bad(error == simdjson::INCORRECT_TYPE ? "body is not a json object"
                                                 : InvalidJson(error));
  }
  bool has_code = false;
  bool has_data = false;
  for (auto field_result : root) {
    od::field field;
    if (auto error = std::move(field_result).get(field)) return bad(InvalidJson(error));
    const auto key = field.key();
    bool found = false;
    if (KeyIs(key, "code")) {
      if (auto error = internal::ReadString(field.value(), envelope.code, found)) {
        return bad(InvalidJson(error));
      }
      has_code = found;
    } else if (KeyIs(key, "msg")) {
      if (auto error = internal::ReadString(field.value(), envelope.msg, found)) {
        return bad(InvalidJson(error));
      }
    } else if (KeyIs(key, "data")) {
      has_data = true;
      if (Status status = read_data(field.value(), padded.end()); !status) return status;
    }
  }
  if (!internal::AtEnd(doc)) return bad("trailing content after the json value");
  if (!has_code) return bad("no string code");
  if (envelope.code != "0") return bad(fmt::format("code {}: {}", envelope.code, envelope.msg));
  if (!has_data) return bad("no data");
  return {};
}

std::optional<Day> ListDay(const std::string& text) {
  int64_t millis = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), millis);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() ||
      millis < internal::kMinPlausibleMillis || millis >= internal::kMaxPlausibleMillis) {
    return std::nullopt;
  }
  return DayFromUnixMillis(millis);
}

}  // namespace

std::optional<OkxEnvelope> ParseOkxEnvelope(const std::string& body) {
  OkxEnvelope envelope;
  internal::PaddedBody padded(body);
  od::document doc;
  od::object root;
  if (internal::ThreadParser().iterate(padded.view()).get(doc) || doc.get_object().get(root)) {
    return std::nullopt;
  }
  bool has_code = false;
  for (auto field_result : root) {
    od::field field;
    if (std::move(field_result).get(field)) return std::nullopt;
    bool found = false;
    if (KeyIs(field.key(), "code")) {
      if (internal::ReadString(field.value(), envelope.code, found)) return std::nullopt;
      has_code = found;
    } else if (KeyIs(field.key(), "msg")) {
      if (internal::ReadString(field.value(), envelope.msg, found)) return std::nullopt;
    }
  }
  if (!has_code) return std::nullopt;
  return envelope;
}

Result<std::vector<OkxInstrument>> ParseOkxInstruments(const std::string& body) {
  std::vector<OkxInstrument> out;
  OkxEnvelope envelope;
  auto read = [&](od::value& data, const char*) -> Status {
    od::array entries;
    if (auto error = data.get_array().get(entries)) {
      return Fail(ErrorCode::kBadData,
                  fmt::format("okx instruments: {}",
                              IsWrongType(error) ? "data is not an array" : InvalidJson(error)));
    }
    for (auto entry_result : entries) {
      od::value entry;
      OkxInstrument instrument;
      std::string list_time;
      bool id = false, base = false, quote = false, state = false, listed = false;
      simdjson::error_code error = std::move(entry_result).get(entry);
      if (!error) {
        error = internal::ForEachField(entry, [&](od::raw_json_string key, od::value& value) {
          if (KeyIs(key, "instId")) return internal::ReadString(value, instrument.inst_id, id);
          if (KeyIs(key, "baseCcy")) return internal::ReadString(value, instrument.base, base);
          if (KeyIs(key, "quoteCcy")) return internal::ReadString(value, instrument.quote, quote);
          if (KeyIs(key, "state")) return internal::ReadString(value, instrument.state, state);
          if (KeyIs(key, "listTime")) return internal::ReadString(value, list_time, listed);
          return simdjson::SUCCESS;
        });
      }
      if (error) return Fail(ErrorCode::kBadData, "okx instruments: " + InvalidJson(error));
      if (!id || !base || !quote || !state || instrument.inst_id.empty()) continue;
      if (listed) instrument.listed_on = ListDay(list_time);
      out.push_back(std::move(instrument));
    }
    return {};
  };
  if (Status status = WalkOkx(body, "okx instruments", envelope, read); !status) {
    return tl::unexpected(std::move(status.error()));
  }
  return out;
}

Result<OkxCandlesPage> ParseOkxCandles(const std::string& body, int64_t now_ms) {
  static constexpr internal::StringRowLayout kLayout{.kind = "okx candles",
                                                     .fields = 9,
                                                     .time = 0,
                                                     .open = 1,
                                                     .high = 2,
                                                     .low = 3,
                                                     .close = 4,
                                                     .volume = 5,
                                                     .quote_volume = 7,
                                                     .confirm = 8};
  internal::NewestFirstPage page;
  OkxEnvelope envelope;
  auto read = [&](od::value& data, const char* end) -> Status {
    if (auto problem = internal::ReadNewestFirstRows(data, end, kLayout, now_ms, page)) {
      return Fail(ErrorCode::kBadData, *problem);
    }
    return {};
  };
  if (Status status = WalkOkx(body, "okx candles", envelope, read); !status) {
    return tl::unexpected(std::move(status.error()));
  }
  return OkxCandlesPage{std::move(page.candles), page.rows, page.oldest_row_day,
                        page.first_open_day};
}

}  // namespace cryptoscope::parse
