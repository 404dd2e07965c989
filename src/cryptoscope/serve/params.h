// Request targets as plain values: the query string split and percent-decoded, and validators
// that turn one parameter into a typed value or a message saying what is allowed. Pure, no HTTP
// library: the fuzz target (fuzz/query_fuzz.cc) runs exactly this code.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cryptoscope/core/day.h"
#include "cryptoscope/core/result.h"

namespace cryptoscope::serve {

inline constexpr size_t kMaxQueryBytes = 4096;
inline constexpr size_t kMaxParams = 64;
inline constexpr size_t kMaxSymbolBytes = 32;

// Decodes %XX and (in query strings) '+' as space. nullopt for a bad escape or a decoded NUL.
std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space);

class Params {
 public:
  // Splits "a=1&b=2" (without '?'). kInvalidArgument when the string exceeds kMaxQueryBytes, has
  // more than kMaxParams parameters, or a name or value that does not decode.
  [[nodiscard]] static Result<Params> Parse(std::string_view query);

  // The value of `name`, nullopt when absent. kInvalidArgument when given more than once.
  [[nodiscard]] Result<std::optional<std::string>> One(std::string_view name) const;
  // kInvalidArgument naming the first parameter not in `allowed` (names starting with '_', such
  // as cache busters, are ignored) and listing what is allowed.
  [[nodiscard]] Status OnlyAllowed(std::initializer_list<std::string_view> allowed) const;

  const std::vector<std::pair<std::string, std::string>>& all() const { return items_; }

 private:
  std::vector<std::pair<std::string, std::string>> items_;
};

// Symbols as the store keeps them: 1..kMaxSymbolBytes of [A-Za-z0-9] and "*._-$@+".
[[nodiscard]] Result<std::string> ValidateSymbol(std::string_view text);
// 'YYYY-MM-DD', a real date.
[[nodiscard]] Result<Day> ValidateDay(std::string_view name, std::string_view text);
// A base-10 integer in [min, max], no sign unless negative, no spaces.
[[nodiscard]] Result<int64_t> ValidateInt(std::string_view name, std::string_view text, int64_t min,
                                          int64_t max);

// Splits a path into its '/'-separated segments, each percent-decoded ('+' kept). nullopt for a
// path that does not start with '/', holds an empty, "." or ".." segment (other than a final
// empty one), or does not decode.
std::optional<std::vector<std::string>> SplitPath(std::string_view path);

}  // namespace cryptoscope::serve
