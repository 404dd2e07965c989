#pragma once

#include <string>
#include <string_view>

namespace cryptoscope::fetch {

// Percent-encodes a query value (UTF-8 symbols included), via libcurl.
std::string EscapeQueryValue(std::string_view value);

// `base` without trailing slashes + `path`: "http://h:1/" + "/api" -> "http://h:1/api".
std::string JoinUrl(std::string_view base, std::string_view path);

}  // namespace cryptoscope::fetch
