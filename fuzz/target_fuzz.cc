// libFuzzer target for the request-target parsing of serve: the input is a request target
// ("/path?query"). Runs exactly what the server runs before a handler (SplitPath, Router::Match
// on the real patterns, Params::Parse) plus the validators and the JSON escaping of what it
// decoded, and traps when an invariant breaks: no decoded segment is "." or ".." or holds a
// '/', and escaped text is valid UTF-8 without raw control bytes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "cryptoscope/serve/json_writer.h"
#include "cryptoscope/serve/params.h"
#include "cryptoscope/serve/router.h"

namespace {

using cryptoscope::serve::Context;
using cryptoscope::serve::Reply;
using cryptoscope::serve::Request;

const cryptoscope::serve::Router& Routes() {
  static const auto* router = [] {
    auto* r = new cryptoscope::serve::Router;
    const auto none = [](const Request&, Context&) { return Reply{}; };
    for (const char* pattern :
         {"/api/v1/symbols", "/api/v1/symbols/{symbol}", "/api/v1/ohlcv/{symbol}",
          "/api/v1/compare", "/api/v1/health", "/udf/history", "/", "/assets/**"}) {
      r->Get(pattern, none);
    }
    return r;
  }();
  return *router;
}

// Valid UTF-8 with no byte below 0x20 (what JSON strings may hold raw).
bool CleanJsonText(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20) return false;
    size_t length = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    if (length == 0 || i + length > text.size()) return false;
    for (size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    }
    i += length;
  }
  return true;
}

void CheckEscaped(std::string_view text) {
  std::string out;
  cryptoscope::serve::AppendEscaped(out, text);
  if (!CleanJsonText(out)) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view target(reinterpret_cast<const char*>(data), size);
  const size_t question = target.find('?');
  const auto segments = cryptoscope::serve::SplitPath(target.substr(0, question));
  if (segments) {
    for (const auto& segment : *segments) {
      if (segment == "." || segment == ".." || segment.find('/') != std::string::npos) {
        __builtin_trap();
      }
      CheckEscaped(segment);
    }
    std::vector<std::string> captures;
    if (const auto* route = Routes().Match(*segments, &captures)) {
      if (route->parts.empty()) __builtin_trap();
      for (const auto& capture : captures) (void)cryptoscope::serve::ValidateSymbol(capture);
    }
  }
  if (question == std::string_view::npos) return 0;
  auto params = cryptoscope::serve::Params::Parse(target.substr(question + 1));
  if (!params) {
    CheckEscaped(params.error().message);
    return 0;
  }
  if (params->all().size() > cryptoscope::serve::kMaxParams) __builtin_trap();
  for (const auto& [name, value] : params->all()) {
    CheckEscaped(name);
    CheckEscaped(value);
    (void)params->One(name);
    (void)cryptoscope::serve::ValidateDay("from", value);
    (void)cryptoscope::serve::ValidateInt("limit", value, 1, 10'000);
  }
  if (auto allowed = params->OnlyAllowed({"from", "to", "limit"}); !allowed) {
    CheckEscaped(allowed.error().message);
  }
  return 0;
}
