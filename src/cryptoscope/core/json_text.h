// JSON string escaping shared by every writer of JSON text (serve, analysis, benchmarks): the
// output is always valid JSON and valid UTF-8, whatever the input bytes.
#pragma once

#include <string>
#include <string_view>

namespace cryptoscope {

// Appends `text` JSON-escaped (without quotes) to `out`: '"', '\\' and control characters
// escaped, valid UTF-8 kept as is, every byte that starts no valid UTF-8 sequence replaced by
// U+FFFD (so echoed request input never makes the output invalid).
void AppendJsonEscaped(std::string& out, std::string_view text);

// `text` as a quoted JSON string.
[[nodiscard]] std::string JsonQuoted(std::string_view text);

}  // namespace cryptoscope
