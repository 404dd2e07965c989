// Internal to parse/: how the parsers hand a response body to simdjson On-Demand.
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>

namespace cryptoscope::parse::internal {

// A body ready for simdjson: the caller's own buffer when its spare capacity covers
// simdjson::SIMDJSON_PADDING (no copy), else a padded copy. Must outlive every document iterated
// from it. Not copyable: the view may point into the owned copy.
class PaddedBody {
 public:
  explicit PaddedBody(const std::string& body);
  PaddedBody(const PaddedBody&) = delete;
  PaddedBody& operator=(const PaddedBody&) = delete;

  simdjson::padded_string_view view() const { return view_; }
  // One past the last byte of the JSON text (the padding follows it).
  const char* end() const { return view_.data() + view_.size(); }

 private:
  simdjson::padded_string copy_;
  simdjson::padded_string_view view_;
};

// The calling thread's parser. A document it returns stays valid until the next iterate() on
// the same thread, so no parse function may call another while it holds a document.
simdjson::ondemand::parser& ThreadParser();

// True once iteration has consumed the whole document (nothing trails the root value).
bool AtEnd(simdjson::ondemand::document& doc);

// Compares a key without unescaping it; `name` is a constant free of quotes and escapes.
inline bool KeyIs(simdjson::ondemand::raw_json_string key, std::string_view name) {
  return key.unsafe_is_equal(name);
}

// A type mismatch the caller may tolerate; every other error means the input is not valid JSON.
inline bool IsWrongType(simdjson::error_code error) {
  return error == simdjson::INCORRECT_TYPE || error == simdjson::NUMBER_ERROR ||
         error == simdjson::NUMBER_OUT_OF_RANGE;
}

// "invalid json (<simdjson's reason>)".
std::string InvalidJson(simdjson::error_code error);

}  // namespace cryptoscope::parse::internal
