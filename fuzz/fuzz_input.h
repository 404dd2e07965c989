// Shared by the fuzz targets: runs a parser on the input twice, once from a std::string without
// spare capacity (the padded-copy path) and once from one with spare capacity (the in-place
// path), and traps when the two disagree.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace cryptoscope::fuzz {

inline std::string Tight(const uint8_t* data, size_t size) {
  std::string body(reinterpret_cast<const char*>(data), size);
  body.shrink_to_fit();
  return body;
}

// Spare capacity as an HTTP client leaves it: stale bytes, here the most hostile ones for a
// JSON scanner (closing brackets or quotes right after the end).
inline std::string Roomy(const uint8_t* data, size_t size) {
  std::string body(size + 128, "}]\""[size % 3]);
  body.replace(0, size, reinterpret_cast<const char*>(data), size);
  body.resize(size);  // Keeps the capacity and the stale bytes after the terminating NUL.
  return body;
}

// `parse(body)` returns a Result<T>; `same(a, b)` compares two values of T.
template <typename Parse, typename Same>
void ParseBothWays(const uint8_t* data, size_t size, Parse parse, Same same) {
  const auto tight = parse(Tight(data, size));
  const auto roomy = parse(Roomy(data, size));
  if (tight.has_value() != roomy.has_value()) __builtin_trap();
  if (tight.has_value() ? !same(*tight, *roomy) : tight.error().message != roomy.error().message) {
    __builtin_trap();
  }
}

}  // namespace cryptoscope::fuzz
