#include "cryptoscope/serve/config.h"

#include <fmt/format.h>

#include <charconv>

namespace cryptoscope::serve {

Result<std::pair<std::string, int>> ParseListen(std::string_view text) {
  const size_t colon = text.rfind(':');
  auto bad = [&] {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("--listen '{}': expected HOST:PORT, e.g. 127.0.0.1:8080", text));
  };
  if (colon == std::string_view::npos) return bad();
  std::string host(text.substr(0, colon));
  const std::string_view port_text = text.substr(colon + 1);
  int port = -1;
  const auto [end, ec] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || ec != std::errc() || end != port_text.data() + port_text.size() ||
      port < 0 || port > 65535) {
    return bad();
  }
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host.empty()) host = "127.0.0.1";
  return std::make_pair(host, port);
}

}  // namespace cryptoscope::serve
