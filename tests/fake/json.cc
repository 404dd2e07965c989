// Minimal JSON writing for the fake: the bodies are assembled as text so that key order, number
// forms and quirks (prices as strings, integers as integers) are exactly what the providers send.
#include <fmt/format.h>

#include <cmath>

#include "fake/fake_internal.h"

namespace cryptoscope::fake::internal {

std::string JsonString(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out.push_back('"');
  for (unsigned char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          out += fmt::format("\\u{:04x}", c);
        } else {
          out.push_back(static_cast<char>(c));  // UTF-8 passes through unchanged.
        }
    }
  }
  out.push_back('"');
  return out;
}

std::string JsonNumber(double value) {
  if (!std::isfinite(value)) return "0";
  // fmt's default form is the shortest text that parses back to the same double.
  return fmt::format("{}", value);
}

}  // namespace cryptoscope::fake::internal
