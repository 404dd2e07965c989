#include "cryptoscope/parse/bybit.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <utility>

#include "cryptoscope/parse/json_body.h"
#include "cryptoscope/parse/json_fields.h"
#include "cryptoscope/parse/string_rows.h"

namespace cryptoscope::parse {
namespace {

namespace od = simdjson::ondemand;
using internal::InvalidJson;
using internal::IsWrongType;
using internal::KeyIs;

// Walks the envelope in any key order; `read_list(value, body_end)` runs on result.list and
// `check_result(key, value)` on result's other fields.
template <typename ReadList, typename CheckResult>
Status WalkBybit(const std::string& body, std::string_view kind, ReadList&& read_list,
                 CheckResult&& check_result) {
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
  int64_t ret_code = -1;
  bool has_code = false;
  bool has_list = false;
  std::string ret_msg;
  Status inner;
  for (auto field_result : root) {
    od::field field;
    if (auto error = std::move(field_result).get(field)) return bad(InvalidJson(error));
    const auto key = field.key();
    simdjson::error_code error = simdjson::SUCCESS;
    bool found = false;
    if (KeyIs(key, "retCode")) {
      error = internal::ReadInt(field.value(), ret_code, has_code);
    } else if (KeyIs(key, "retMsg")) {
      error = internal::ReadString(field.value(), ret_msg, found);
    } else if (KeyIs(key, "result")) {
      error = internal::ForEachField(field.value(), [&](od::raw_json_string name, od::value& v) {
        if (!inner) return simdjson::SUCCESS;
        if (KeyIs(name, "list")) {
          has_list = true;
          inner = read_list(v, padded.end());
        } else {
          inner = check_result(name, v);
        }
        return simdjson::SUCCESS;
      });
    }
    if (error) return bad(InvalidJson(error));
    if (!inner) return inner;
  }
  if (!internal::AtEnd(doc)) return bad("trailing content after the json value");
  if (!has_code) return bad("no integer retCode");
  if (ret_code != 0) return bad(fmt::format("retCode {}: {}", ret_code, ret_msg));
  if (!has_list) return bad("no result.list");
  return {};
}

}  // namespace

std::optional<BybitEnvelope> ParseBybitEnvelope(const std::string& body) {
  BybitEnvelope envelope;
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
    if (KeyIs(field.key(), "retCode")) {
      if (internal::ReadInt(field.value(), envelope.ret_code, has_code)) return std::nullopt;
    } else if (KeyIs(field.key(), "retMsg")) {
      if (internal::ReadString(field.value(), envelope.ret_msg, found)) return std::nullopt;
    } else if (KeyIs(field.key(), "time")) {
      int64_t time = 0;
      if (internal::ReadInt(field.value(), time, found)) return std::nullopt;
      if (found) envelope.time_ms = time;
    }
  }
  if (!has_code) return std::nullopt;
  return envelope;
}

Result<std::vector<BybitInstrument>> ParseBybitInstruments(const std::string& body) {
  std::vector<BybitInstrument> out;
  auto read_list = [&](od::value& list, const char*) -> Status {
    od::array entries;
    if (auto error = list.get_array().get(entries)) {
      return Fail(ErrorCode::kBadData,
                  fmt::format("bybit instruments: {}",
                              IsWrongType(error) ? "list is not an array" : InvalidJson(error)));
    }
    for (auto entry_result : entries) {
      od::value entry;
      BybitInstrument instrument;
      bool symbol = false, base = false, quote = false, status = false;
      simdjson::error_code error = std::move(entry_result).get(entry);
      if (!error) {
        error = internal::ForEachField(entry, [&](od::raw_json_string key, od::value& value) {
          if (KeyIs(key, "symbol")) return internal::ReadString(value, instrument.symbol, symbol);
          if (KeyIs(key, "baseCoin")) return internal::ReadString(value, instrument.base, base);
          if (KeyIs(key, "quoteCoin")) return internal::ReadString(value, instrument.quote, quote);
          if (KeyIs(key, "status")) return internal::ReadString(value, instrument.status, status);
          return simdjson::SUCCESS;
        });
      }
      if (error) return Fail(ErrorCode::kBadData, "bybit instruments: " + InvalidJson(error));
      if (!symbol || !base || !quote || !status || instrument.symbol.empty()) continue;
      out.push_back(std::move(instrument));
    }
    return {};
  };
  auto ignore = [](od::raw_json_string, od::value&) -> Status { return {}; };
  if (Status status = WalkBybit(body, "bybit instruments", read_list, ignore); !status) {
    return tl::unexpected(std::move(status.error()));
  }
  return out;
}

Result<BybitKlinePage> ParseBybitKline(const std::string& body, int64_t now_ms) {
  static constexpr internal::StringRowLayout kLayout{.kind = "bybit kline",
                                                     .fields = 7,
                                                     .time = 0,
                                                     .open = 1,
                                                     .high = 2,
                                                     .low = 3,
                                                     .close = 4,
                                                     .volume = 5,
                                                     .quote_volume = 6,
                                                     .confirm = std::nullopt};
  internal::NewestFirstPage page;
  auto read_list = [&](od::value& list, const char* end) -> Status {
    if (auto problem = internal::ReadNewestFirstRows(list, end, kLayout, now_ms, page)) {
      return Fail(ErrorCode::kBadData, *problem);
    }
    return {};
  };
  auto check_category = [](od::raw_json_string key, od::value& value) -> Status {
    if (!KeyIs(key, "category")) return {};
    std::string category;
    bool found = false;
    if (auto error = internal::ReadString(value, category, found)) {
      return Fail(ErrorCode::kBadData, "bybit kline: " + InvalidJson(error));
    }
    if (!found || category != "spot") {
      return Fail(ErrorCode::kBadData,
                  fmt::format("bybit kline: category is '{}', not spot", category.substr(0, 16)));
    }
    return {};
  };
  if (Status status = WalkBybit(body, "bybit kline", read_list, check_category); !status) {
    return tl::unexpected(std::move(status.error()));
  }
  return BybitKlinePage{std::move(page.candles), page.rows, page.oldest_row_day,
                        page.first_open_day};
}

}  // namespace cryptoscope::parse
