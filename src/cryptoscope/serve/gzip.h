// gzip (RFC 1952) of a whole body, for caching the compressed form next to the raw one.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cryptoscope::serve {

// `body` gzip-compressed at zlib level 6; nullopt if zlib fails.
std::optional<std::string> Gzip(std::string_view body);

}  // namespace cryptoscope::serve
