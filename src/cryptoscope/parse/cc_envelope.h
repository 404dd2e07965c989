// Internal to parse/: the CryptoCompare min-api envelope, read in the same pass as the payload.
#pragma once

#include <fmt/format.h>
#include <simdjson.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "cryptoscope/core/result.h"
#include "cryptoscope/parse/cryptocompare.h"
#include "cryptoscope/parse/json_body.h"

namespace cryptoscope::parse::internal {

// Collects the envelope fields of a min-api root object, one field at a time.
class EnvelopeReader {
 public:
  // Reads `value` when `key` is Response, Type, Message, Err or RateLimit; ignores other keys and
  // values of unexpected types. Returns an error only when the input is not valid JSON.
  [[nodiscard]] simdjson::error_code Read(simdjson::ondemand::raw_json_string key,
                                          simdjson::ondemand::value& value);
  // The fields read so far say success (Type 100, no Response "Error", no Err).
  bool LooksSuccessful() const;
  // Classifies per cryptocompare.h (ParseCcEnvelope) from the fields read.
  CcEnvelope Finish(int http_status) const;

 private:
  static constexpr size_t kWindows = 5;  // second, minute, hour, day, month.
  using Counters = std::array<std::optional<int64_t>, kWindows>;
  [[nodiscard]] static simdjson::error_code ReadCounters(simdjson::ondemand::value& value,
                                                         Counters& out);

  bool response_error_ = false;
  std::optional<int64_t> type_;
  std::string message_;
  bool has_err_ = false;
  std::string err_message_;
  Counters calls_made_, max_calls_, calls_left_;
};

const char* EnvelopeKindName(CcEnvelope::Kind kind);

// Walks a min-api body once: envelope fields go to an EnvelopeReader and the first "Data" value
// to `read_data` (a callable `Status(simdjson::ondemand::value&)`). min-api puts Response/Type
// before Data, so Data is read during the walk when the envelope read so far says success; else
// it is found again after the walk, once the envelope is known. A non-success envelope is
// kBadData naming its kind and message. `context` prefixes every message ("histoday").
template <typename ReadData>
Status WalkEnvelopeAndData(const std::string& body, std::string_view context,
                           ReadData&& read_data) {
  namespace od = simdjson::ondemand;
  auto bad = [context](std::string_view problem) {
    return Fail(ErrorCode::kBadData, fmt::format("{}: {}", context, problem));
  };
  PaddedBody padded(body);
  od::document doc;
  od::object root;
  if (auto error = ThreadParser().iterate(padded.view()).get(doc)) return bad(InvalidJson(error));
  if (auto error = doc.get_object().get(root)) {
    return bad(error == simdjson::INCORRECT_TYPE ? "body is not a json object"
                                                 : InvalidJson(error));
  }
  EnvelopeReader reader;
  bool data_seen = false;
  bool data_read = false;
  for (auto field_result : root) {
    od::field field;
    if (auto error = std::move(field_result).get(field)) return bad(InvalidJson(error));
    const auto key = field.key();
    if (KeyIs(key, "Data")) {
      if (!data_seen && reader.LooksSuccessful()) {
        if (Status status = read_data(field.value()); !status) return status;
        data_read = true;
      }
      data_seen = true;
      continue;
    }
    if (auto error = reader.Read(key, field.value())) return bad(InvalidJson(error));
  }
  if (!AtEnd(doc)) return bad("trailing content after the json value");
  const CcEnvelope envelope = reader.Finish(200);
  if (envelope.kind != CcEnvelope::Kind::kSuccess) {
    return bad(fmt::format("{} (type {}): {}", EnvelopeKindName(envelope.kind), envelope.type,
                           envelope.message));
  }
  if (!data_seen) return bad("no Data");
  if (data_read) return {};
  doc.rewind();
  od::value data;
  if (auto error = doc.find_field_unordered("Data").get(data)) return bad(InvalidJson(error));
  return read_data(data);
}

}  // namespace cryptoscope::parse::internal
