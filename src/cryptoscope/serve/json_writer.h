// A small streaming JSON writer: appends to one string, commas handled by a nesting stack.
// Numbers are printed in shortest round-trip form (fmt "{}"), so a reader gets the stored double
// back exactly; NaN and infinities become null. Strings are escaped; bytes that are not valid
// UTF-8 (possible in echoed request input) become U+FFFD, so the output is always valid JSON.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "cryptoscope/core/json_text.h"

namespace cryptoscope::serve {

class JsonWriter {
 public:
  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  JsonWriter& Key(std::string_view key);
  JsonWriter& String(std::string_view value);
  JsonWriter& Number(double value);
  JsonWriter& Int(int64_t value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();
  // Appends `json` as one value, unchecked (for pre-serialised fragments).
  JsonWriter& Raw(std::string_view json);

  template <typename T>
  JsonWriter& Optional(const std::optional<T>& value) {
    if (!value) return Null();
    if constexpr (std::is_same_v<T, std::string>) {
      return String(*value);
    } else if constexpr (std::is_integral_v<T>) {
      return Int(*value);
    } else {
      return Number(*value);
    }
  }

  std::string Take() { return std::move(out_); }

 private:
  void BeforeValue();

  std::string out_;
  std::vector<bool> has_items_;  // Per open container: a value was written already.
  bool after_key_ = false;
};

// Appends `text` JSON-escaped (without quotes) to `out`: see core/json_text.h.
inline void AppendEscaped(std::string& out, std::string_view text) { AppendJsonEscaped(out, text); }

}  // namespace cryptoscope::serve
