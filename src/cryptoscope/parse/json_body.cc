#include "cryptoscope/parse/json_body.h"

#include <fmt/format.h>

namespace cryptoscope::parse::internal {

PaddedBody::PaddedBody(const std::string& body) {
  // Bodies arrive from the HTTP layer as std::string; curl's growth usually leaves enough spare
  // capacity to parse in place. simdjson reads (never writes) up to SIMDJSON_PADDING bytes past
  // the end, and bytes past size() are allocated memory of the string.
  if (body.capacity() - body.size() >= simdjson::SIMDJSON_PADDING) {
    view_ = simdjson::padded_string_view(body.data(), body.size(), body.capacity());
  } else {
    copy_ = simdjson::padded_string(body.data(), body.size());
    view_ = copy_;
  }
}

simdjson::ondemand::parser& ThreadParser() {
  // One parser per thread keeps its buffers across calls: no allocation per body once warm.
  thread_local simdjson::ondemand::parser parser;
  return parser;
}

bool AtEnd(simdjson::ondemand::document& doc) {
  // simdjson 3.0.1 has no document::at_end(); current_location() says OUT_OF_BOUNDS at the end.
  return doc.current_location().error() == simdjson::OUT_OF_BOUNDS;
}

std::string InvalidJson(simdjson::error_code error) {
  return fmt::format("invalid json ({})", simdjson::error_message(error));
}

}  // namespace cryptoscope::parse::internal
