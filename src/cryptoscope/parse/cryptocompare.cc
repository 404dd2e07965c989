#include "cryptoscope/parse/cryptocompare.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <limits>
#include <utility>

#include "cryptoscope/parse/cc_envelope.h"
#include "cryptoscope/parse/json_body.h"
#include "cryptoscope/parse/json_fields.h"

namespace cryptoscope::parse {
namespace internal {
namespace {

namespace od = simdjson::ondemand;

constexpr std::string_view kWindowNames[] = {"second", "minute", "hour", "day", "month"};

bool ContainsIgnoringCase(std::string_view text, std::string_view needle) {
  auto lower = [](char c) { return std::tolower(static_cast<unsigned char>(c)); };
  return std::search(text.begin(), text.end(), needle.begin(), needle.end(),
                     [&](char a, char b) { return lower(a) == lower(b); }) != text.end();
}

}  // namespace

simdjson::error_code EnvelopeReader::ReadCounters(od::value& value, Counters& out) {
  return internal::ForEachField(value, [&](od::raw_json_string key, od::value& count_value) {
    for (size_t window = 0; window < kWindows; ++window) {
      if (!KeyIs(key, kWindowNames[window])) continue;
      int64_t count = 0;
      bool found = false;
      if (auto error = ReadInt(count_value, count, found)) return error;
      if (found) out[window] = count;
      break;
    }
    return simdjson::SUCCESS;
  });
}

simdjson::error_code EnvelopeReader::Read(od::raw_json_string key, od::value& value) {
  if (KeyIs(key, "Response")) {
    std::string response;
    bool found = false;
    if (auto error = ReadString(value, response, found)) return error;
    response_error_ = found && response == "Error";
  } else if (KeyIs(key, "Type")) {
    int64_t type = 0;
    bool found = false;
    if (auto error = ReadInt(value, type, found)) return error;
    if (found) type_ = type;
  } else if (KeyIs(key, "Message")) {
    bool found = false;
    return ReadString(value, message_, found);
  } else if (KeyIs(key, "Err")) {
    // The newer CoinDesk envelope, seen on keyless calls: {"Data":{},"Err":{"type":2,...}}.
    od::object err;
    if (auto error = value.get_object().get(err))
      return IsWrongType(error) ? simdjson::SUCCESS : error;
    for (auto field_result : err) {
      od::field field;
      if (auto error = std::move(field_result).get(field)) return error;
      has_err_ = true;  // An empty Err object is no error.
      if (!KeyIs(field.key(), "message")) continue;
      bool found = false;
      if (auto error = ReadString(field.value(), err_message_, found)) return error;
    }
  } else if (KeyIs(key, "RateLimit")) {
    od::object rate_limit;
    if (auto error = value.get_object().get(rate_limit)) {
      return IsWrongType(error) ? simdjson::SUCCESS : error;
    }
    for (auto field_result : rate_limit) {
      od::field field;
      if (auto error = std::move(field_result).get(field)) return error;
      const auto name = field.key();
      Counters* counters = KeyIs(name, "calls_made")   ? &calls_made_
                           : KeyIs(name, "max_calls")  ? &max_calls_
                           : KeyIs(name, "calls_left") ? &calls_left_
                                                       : nullptr;
      if (counters == nullptr) continue;
      if (auto error = ReadCounters(field.value(), *counters)) return error;
    }
  }
  return simdjson::SUCCESS;
}

bool EnvelopeReader::LooksSuccessful() const {
  return type_ == 100 && !response_error_ && !has_err_;
}

CcEnvelope EnvelopeReader::Finish(int http_status) const {
  using Kind = CcEnvelope::Kind;
  CcEnvelope envelope;
  if (type_ && *type_ >= std::numeric_limits<int>::min() &&
      *type_ <= std::numeric_limits<int>::max()) {
    envelope.type = static_cast<int>(*type_);
  }
  envelope.message = has_err_ && !err_message_.empty() ? err_message_ : message_;
  if (http_status == 401 || has_err_) {
    envelope.kind = Kind::kKeyRejected;
  } else if (http_status == 429 || type_ == 99) {
    envelope.kind = Kind::kRateLimited;
    for (size_t window = 0; window < kWindows; ++window) {
      // Current bodies give calls_made and max_calls; older ones calls_left.
      const bool made_all =
          calls_made_[window] && max_calls_[window] && *calls_made_[window] >= *max_calls_[window];
      const bool none_left = calls_left_[window] && *calls_left_[window] <= 0;
      if (made_all || none_left) envelope.exhausted_windows.emplace_back(kWindowNames[window]);
      if (max_calls_[window] && *max_calls_[window] > 0) {
        envelope.max_calls.emplace_back(kWindowNames[window], *max_calls_[window]);
      }
    }
  } else if (http_status == 200 && !response_error_ && type_ == 100) {
    envelope.kind = Kind::kSuccess;
  } else if (ContainsIgnoringCase(envelope.message, "api key")) {
    envelope.kind = Kind::kKeyRejected;
  } else if (response_error_ && (type_ == 1 || type_ == 2) &&
             ContainsIgnoringCase(envelope.message, "market does not exist")) {
    envelope.kind = Kind::kMarketMissing;
  } else {
    envelope.kind = Kind::kError;
  }
  if (envelope.message.empty() && envelope.kind != Kind::kSuccess) {
    envelope.message = fmt::format("http {}, type {}", http_status, envelope.type);
  }
  return envelope;
}

const char* EnvelopeKindName(CcEnvelope::Kind kind) {
  switch (kind) {
    case CcEnvelope::Kind::kSuccess:
      return "success";
    case CcEnvelope::Kind::kRateLimited:
      return "rate limited";
    case CcEnvelope::Kind::kKeyRejected:
      return "api key rejected";
    case CcEnvelope::Kind::kMarketMissing:
      return "market missing";
    case CcEnvelope::Kind::kError:
      return "error";
    case CcEnvelope::Kind::kMalformed:
      return "malformed";
  }
  return "unknown";
}

}  // namespace internal

CcEnvelope ParseCcEnvelope(const std::string& body, int http_status) {
  namespace od = simdjson::ondemand;
  internal::EnvelopeReader reader;
  std::string problem;  // Why the body is not a JSON object; empty when it is one.
  internal::PaddedBody padded(body);
  od::document doc;
  od::object root;
  if (auto error = internal::ThreadParser().iterate(padded.view()).get(doc)) {
    problem = internal::InvalidJson(error);
  } else if (auto error = doc.get_object().get(root)) {
    problem = error == simdjson::INCORRECT_TYPE ? "body is not a json object"
                                                : internal::InvalidJson(error);
  } else {
    for (auto field_result : root) {
      od::field field;
      simdjson::error_code error = std::move(field_result).get(field);
      if (!error) error = reader.Read(field.key(), field.value());
      if (error) {
        problem = internal::InvalidJson(error);
        break;
      }
    }
    if (problem.empty() && !internal::AtEnd(doc)) problem = "trailing content after the json value";
  }
  // The status alone decides 401 and 429, whatever the body (a proxy may answer them in HTML).
  if (!problem.empty() && http_status != 401 && http_status != 429) {
    CcEnvelope malformed;
    malformed.kind = CcEnvelope::Kind::kMalformed;
    malformed.message = std::move(problem);
    return malformed;
  }
  return reader.Finish(http_status);
}

}  // namespace cryptoscope::parse
