// The one place that says what an error is. Library code returns Result<T> / Status for every
// failure whose cause lies outside our code; exceptions never cross a stage boundary.
#pragma once

#include <string>
#include <tl/expected.hpp>  // Switch to <expected> once we build as C++23.
#include <utility>

namespace cryptoscope {

// Chosen by what the caller should do next.
enum class ErrorCode {
  kInvalidArgument,  // Bad configuration or input from the user: fix it and rerun.
  kNotFound,         // The thing asked for does not exist (unknown symbol, missing market).
  kUnavailable,      // Transient (network, 5xx, truncated body): retry with backoff.
  kRateLimited,      // The provider says slow down; wait, then retry.
  kBadData,          // A response we cannot trust (wrong shape, implausible values).
  kUnauthorized,     // Missing or rejected API key, restricted location: a configuration error.
  kBusy,             // Another process holds the resource (a second ingest on one database).
  kIo,               // Local disk or database failure.
  kInternal,         // Our own bug.
};

struct Error {
  ErrorCode code;
  std::string message;
};

template <typename T>
using Result = tl::expected<T, Error>;
using Status = Result<void>;

inline tl::unexpected<Error> Fail(ErrorCode code, std::string message) {
  return tl::unexpected<Error>(Error{code, std::move(message)});
}

const char* ErrorCodeName(ErrorCode code);

}  // namespace cryptoscope
