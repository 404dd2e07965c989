#include "cryptoscope/serve/params.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace cryptoscope::serve {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

tl::unexpected<Error> Bad(std::string message) {
  return Fail(ErrorCode::kInvalidArgument, std::move(message));
}

// Echoes user input in messages, cut short so an error body stays small.
std::string Shorten(std::string_view text) {
  if (text.size() <= 40) return std::string(text);
  return std::string(text.substr(0, 40)) + "...";
}

}  // namespace

std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int high = HexValue(text[i + 1]);
      const int low = HexValue(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      c = static_cast<char>(high * 16 + low);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      c = ' ';
    }
    if (c == '\0') return std::nullopt;
    out += c;
  }
  return out;
}

Result<Params> Params::Parse(std::string_view query) {
  if (query.size() > kMaxQueryBytes) {
    return Bad(
        fmt::format("query string of {} bytes: at most {} allowed", query.size(), kMaxQueryBytes));
  }
  Params params;
  size_t start = 0;
  while (start < query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    const std::string_view pair = query.substr(start, end - start);
    start = end + 1;
    if (pair.empty()) continue;  // "a=1&&b=2" or a trailing '&'.
    if (params.items_.size() == kMaxParams) {
      return Bad(fmt::format("more than {} query parameters", kMaxParams));
    }
    const size_t equals = pair.find('=');
    auto name = PercentDecode(pair.substr(0, equals), true);
    auto value = PercentDecode(
        equals == std::string_view::npos ? std::string_view() : pair.substr(equals + 1), true);
    if (!name || !value) {
      return Bad(
          fmt::format("query parameter '{}' is not percent-encoded correctly", Shorten(pair)));
    }
    params.items_.emplace_back(std::move(*name), std::move(*value));
  }
  return params;
}

Result<std::optional<std::string>> Params::One(std::string_view name) const {
  std::optional<std::string> found;
  for (const auto& [key, value] : items_) {
    if (key != name) continue;
    if (found) return Bad(fmt::format("parameter {} given more than once", name));
    found = value;
  }
  return found;
}

Status Params::OnlyAllowed(std::initializer_list<std::string_view> allowed) const {
  for (const auto& [key, value] : items_) {
    if (!key.empty() && key.front() == '_') continue;
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string names;
    for (auto name : allowed) names += names.empty() ? std::string(name) : ", " + std::string(name);
    return Bad(fmt::format("unknown parameter '{}'; allowed: {}", Shorten(key),
                           names.empty() ? "none" : names));
  }
  return {};
}

Result<std::string> ValidateSymbol(std::string_view text) {
  const bool ok = !text.empty() && text.size() <= kMaxSymbolBytes &&
                  std::all_of(text.begin(), text.end(), [](char c) {
                    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                           (c >= '0' && c <= '9') ||
                           std::string_view("*._-$@+").find(c) != std::string_view::npos;
                  });
  if (!ok) {
    return Bad(fmt::format("symbol '{}' is not valid: 1 to {} letters, digits or *._-$@+",
                           Shorten(text), kMaxSymbolBytes));
  }
  return std::string(text);
}

Result<Day> ValidateDay(std::string_view name, std::string_view text) {
  auto day = ParseDay(text);
  if (!day) {
    return Bad(fmt::format("{} '{}' is not a date: use YYYY-MM-DD", name, Shorten(text)));
  }
  return *day;
}

Result<int64_t> ValidateInt(std::string_view name, std::string_view text, int64_t min,
                            int64_t max) {
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < min ||
      value > max) {
    return Bad(fmt::format("{} '{}' is not valid: an integer from {} to {}", name, Shorten(text),
                           min, max));
  }
  return value;
}

std::optional<std::vector<std::string>> SplitPath(std::string_view path) {
  if (path.empty() || path.front() != '/') return std::nullopt;
  std::vector<std::string> segments;
  size_t start = 1;
  while (true) {
    size_t end = path.find('/', start);
    const bool last = end == std::string_view::npos;
    if (last) end = path.size();
    auto segment = PercentDecode(path.substr(start, end - start), false);
    if (!segment) return std::nullopt;
    if (segment->empty() && !last) return std::nullopt;
    if (*segment == "." || *segment == "..") return std::nullopt;
    if (segment->find('/') != std::string::npos) return std::nullopt;  // An encoded '/'.
    segments.push_back(std::move(*segment));
    if (last) break;
    start = end + 1;
  }
  return segments;
}

}  // namespace cryptoscope::serve
