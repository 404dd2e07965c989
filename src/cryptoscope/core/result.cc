#include "cryptoscope/core/result.h"

namespace cryptoscope {

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return "invalid argument";
    case ErrorCode::kNotFound:
      return "not found";
    case ErrorCode::kUnavailable:
      return "unavailable";
    case ErrorCode::kRateLimited:
      return "rate limited";
    case ErrorCode::kBadData:
      return "bad data";
    case ErrorCode::kUnauthorized:
      return "unauthorized";
    case ErrorCode::kBusy:
      return "busy";
    case ErrorCode::kIo:
      return "i/o error";
    case ErrorCode::kInternal:
      return "internal error";
  }
  return "unknown error";
}

}  // namespace cryptoscope
