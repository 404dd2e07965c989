// Internal to parse/: tolerant field readers for On-Demand values. Each returns SUCCESS when the
// value was read or had another JSON type (then `found` stays false and the caller decides), and
// an error only when the input is not valid JSON.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "cryptoscope/parse/json_body.h"

namespace cryptoscope::parse::internal {

inline simdjson::error_code ReadString(simdjson::ondemand::value& value, std::string& out,
                                       bool& found) {
  std::string_view text;
  const simdjson::error_code error = value.get_string().get(text);
  if (error) return IsWrongType(error) ? simdjson::SUCCESS : error;
  out.assign(text);
  found = true;
  return simdjson::SUCCESS;
}

inline simdjson::error_code ReadInt(simdjson::ondemand::value& value, int64_t& out, bool& found) {
  const simdjson::error_code error = value.get_int64().get(out);
  if (error) return IsWrongType(error) ? simdjson::SUCCESS : error;
  found = true;
  return simdjson::SUCCESS;
}

// A JSON number, or nullopt for null, another type or a number beyond double's range.
inline simdjson::error_code ReadOptionalDouble(simdjson::ondemand::value& value,
                                               std::optional<double>& out) {
  double number = 0;
  const simdjson::error_code error = value.get_double().get(number);
  if (error) return IsWrongType(error) ? simdjson::SUCCESS : error;
  out = number;
  return simdjson::SUCCESS;
}

// Runs `read_field(key, value)` over the fields of `value` when it is an object; other types
// are ignored. Errors only for invalid JSON or when `read_field` fails.
template <typename ReadField>
simdjson::error_code ForEachField(simdjson::ondemand::value& value, ReadField&& read_field) {
  simdjson::ondemand::object object;
  if (auto error = value.get_object().get(object)) {
    return IsWrongType(error) ? simdjson::SUCCESS : error;
  }
  for (auto field_result : object) {
    simdjson::ondemand::field field;
    if (auto error = std::move(field_result).get(field)) return error;
    if (auto error = read_field(field.key(), field.value())) return error;
  }
  return simdjson::SUCCESS;
}

}  // namespace cryptoscope::parse::internal
