#include "cryptoscope/parse/binance.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <limits>
#include <string_view>
#include <utility>

#include "cryptoscope/parse/json_body.h"
#include "cryptoscope/parse/json_fields.h"

namespace cryptoscope::parse {
namespace {

namespace od = simdjson::ondemand;
using internal::InvalidJson;
using internal::IsWrongType;
using internal::KeyIs;
using internal::ReadInt;
using internal::ReadString;

bool FitsInt(int64_t value) {
  return value >= std::numeric_limits<int>::min() && value <= std::numeric_limits<int>::max();
}

// Malformed rate-limit entries are skipped: the fetcher falls back to its configured limits.
simdjson::error_code ReadRateLimit(od::value& value, std::vector<RateLimitRule>& out) {
  od::object object;
  if (auto error = value.get_object().get(object))
    return IsWrongType(error) ? simdjson::SUCCESS : error;
  RateLimitRule rule;
  int64_t interval_num = 0;
  bool has_type = false, has_interval = false, has_num = false, has_limit = false;
  for (auto field_result : object) {
    od::field field;
    if (auto error = std::move(field_result).get(field)) return error;
    const auto key = field.key();
    simdjson::error_code error = simdjson::SUCCESS;
    if (KeyIs(key, "rateLimitType")) {
      error = ReadString(field.value(), rule.type, has_type);
    } else if (KeyIs(key, "interval")) {
      error = ReadString(field.value(), rule.interval, has_interval);
    } else if (KeyIs(key, "intervalNum")) {
      error = ReadInt(field.value(), interval_num, has_num);
    } else if (KeyIs(key, "limit")) {
      error = ReadInt(field.value(), rule.limit, has_limit);
    }
    if (error) return error;
  }
  if (has_type && has_interval && has_num && has_limit && FitsInt(interval_num)) {
    rule.interval_num = static_cast<int>(interval_num);
    out.push_back(std::move(rule));
  }
  return simdjson::SUCCESS;
}

// Entries lacking one of the four strings are skipped; every other key (dozens, growing over
// time: filters, permissionSets, ocoAllowed, ...) is skipped without being materialised.
simdjson::error_code ReadPair(od::value& value, std::vector<BinancePair>& out) {
  od::object object;
  if (auto error = value.get_object().get(object))
    return IsWrongType(error) ? simdjson::SUCCESS : error;
  BinancePair pair;
  bool has_symbol = false, has_base = false, has_quote = false, has_status = false;
  for (auto field_result : object) {
    od::field field;
    if (auto error = std::move(field_result).get(field)) return error;
    const auto key = field.key();
    simdjson::error_code error = simdjson::SUCCESS;
    if (KeyIs(key, "symbol")) {
      error = ReadString(field.value(), pair.symbol, has_symbol);
    } else if (KeyIs(key, "status")) {
      error = ReadString(field.value(), pair.status, has_status);
    } else if (KeyIs(key, "baseAsset")) {
      error = ReadString(field.value(), pair.base_asset, has_base);
    } else if (KeyIs(key, "quoteAsset")) {
      error = ReadString(field.value(), pair.quote_asset, has_quote);
    } else if (KeyIs(key, "isSpotTradingAllowed")) {
      // A non-boolean value reads as "not allowed": never route to a pair we cannot vouch for.
      bool allowed = false;
      error = field.value().get_bool().get(allowed);
      if (IsWrongType(error)) error = simdjson::SUCCESS;
      pair.spot_trading_allowed = allowed;
    }
    if (error) return error;
  }
  if (has_symbol && has_base && has_quote && has_status) out.push_back(std::move(pair));
  return simdjson::SUCCESS;
}

tl::unexpected<Error> BadExchangeInfo(std::string_view problem) {
  return Fail(ErrorCode::kBadData, fmt::format("exchangeinfo: {}", problem));
}

}  // namespace

Result<ExchangeInfo> ParseExchangeInfo(const std::string& body) {
  internal::PaddedBody padded(body);
  od::document doc;
  od::object root;
  if (auto error = internal::ThreadParser().iterate(padded.view()).get(doc)) {
    return BadExchangeInfo(InvalidJson(error));
  }
  if (auto error = doc.get_object().get(root)) {
    return BadExchangeInfo(error == simdjson::INCORRECT_TYPE ? "body is not a json object"
                                                             : InvalidJson(error));
  }
  ExchangeInfo info;
  bool has_symbols = false;
  for (auto field_result : root) {
    od::field field;
    if (auto error = std::move(field_result).get(field)) return BadExchangeInfo(InvalidJson(error));
    const auto key = field.key();
    if (KeyIs(key, "serverTime")) {
      if (auto error = field.value().get_int64().get(info.server_time_ms)) {
        return BadExchangeInfo(IsWrongType(error) ? "serverTime is not an integer"
                                                  : InvalidJson(error));
      }
    } else if (KeyIs(key, "rateLimits") || KeyIs(key, "symbols")) {
      const bool symbols = KeyIs(key, "symbols");
      od::array array;
      if (auto error = field.value().get_array().get(array)) {
        return BadExchangeInfo(IsWrongType(error) ? fmt::format("{} is not an array",
                                                                symbols ? "symbols" : "rateLimits")
                                                  : InvalidJson(error));
      }
      for (auto entry_result : array) {
        od::value entry;
        simdjson::error_code error = std::move(entry_result).get(entry);
        if (!error) {
          error = symbols ? ReadPair(entry, info.pairs) : ReadRateLimit(entry, info.rate_limits);
        }
        if (error) return BadExchangeInfo(InvalidJson(error));
      }
      has_symbols = has_symbols || symbols;
    }
  }
  if (!internal::AtEnd(doc)) return BadExchangeInfo("trailing content after the json value");
  if (!has_symbols) return BadExchangeInfo("no symbols array");
  return info;
}

std::optional<BinanceError> ParseBinanceError(const std::string& body) {
  internal::PaddedBody padded(body);
  od::document doc;
  od::object root;
  if (internal::ThreadParser().iterate(padded.view()).get(doc) || doc.get_object().get(root)) {
    return std::nullopt;
  }
  BinanceError result;
  int64_t code = 0;
  bool has_code = false, has_msg = false;
  for (auto field_result : root) {
    od::field field;
    if (std::move(field_result).get(field)) return std::nullopt;
    const auto key = field.key();
    simdjson::error_code error = simdjson::SUCCESS;
    if (KeyIs(key, "code")) {
      error = ReadInt(field.value(), code, has_code);
    } else if (KeyIs(key, "msg")) {
      error = ReadString(field.value(), result.msg, has_msg);
    }
    if (error) return std::nullopt;
  }
  if (!internal::AtEnd(doc) || !has_code || !has_msg || !FitsInt(code)) return std::nullopt;
  result.code = static_cast<int>(code);
  return result;
}

Result<int64_t> ParseServerTime(const std::string& body) {
  auto bad = [](std::string_view problem) {
    return Fail(ErrorCode::kBadData, fmt::format("server time: {}", problem));
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
  int64_t server_time = 0;
  bool found = false;
  for (auto field_result : root) {
    od::field field;
    if (auto error = std::move(field_result).get(field)) return bad(InvalidJson(error));
    if (!KeyIs(field.key(), "serverTime")) continue;
    if (auto error = field.value().get_int64().get(server_time)) {
      return bad(IsWrongType(error) ? "serverTime is not an integer" : InvalidJson(error));
    }
    found = true;
  }
  if (!internal::AtEnd(doc)) return bad("trailing content after the json value");
  if (!found) return bad("no serverTime");
  // Same unit heuristic as klines open times: 1e11 ms is 1973, 1e14 ms is year 5138.
  if (server_time < 100'000'000'000) {
    return bad(fmt::format("{} looks like seconds, not milliseconds", server_time));
  }
  if (server_time >= 100'000'000'000'000) {
    return bad(fmt::format("{} looks like microseconds, not milliseconds", server_time));
  }
  return server_time;
}

}  // namespace cryptoscope::parse
