#include "cryptoscope/serve/reply.h"

#include <spdlog/spdlog.h>

#include "cryptoscope/serve/json_writer.h"

namespace cryptoscope::serve {
namespace {

std::string_view CodeFor(int status) {
  switch (status) {
    case 400:
      return "bad_request";
    case 404:
      return "not_found";
    case 405:
      return "method_not_allowed";
    case 408:
      return "request_timeout";
    case 413:
      return "payload_too_large";
    case 414:
      return "uri_too_long";
    case 416:
      return "range_not_satisfiable";
    case 431:
      return "header_too_large";
    case 503:
      return "unavailable";
    default:
      return status >= 500 ? "internal" : "bad_request";
  }
}

}  // namespace

Reply ErrorReply(int status, std::string_view message) {
  JsonWriter json;
  json.BeginObject().Key("error").BeginObject();
  json.Key("code").String(CodeFor(status)).Key("message").String(message);
  json.EndObject().EndObject();
  return Reply{status, "application/json; charset=utf-8", json.Take(), Freshness::kNoStore, {}};
}

Reply ErrorReply(const Error& error) {
  switch (error.code) {
    case ErrorCode::kInvalidArgument:
      return ErrorReply(400, error.message);
    case ErrorCode::kNotFound:
      return ErrorReply(404, error.message);
    case ErrorCode::kBusy:
    case ErrorCode::kUnavailable:
      spdlog::warn("{}", error.message);
      return ErrorReply(503, "the database is busy; retry shortly");
    default:
      // The details (paths, SQLite messages) go to the log, not to the client.
      spdlog::error("{}", error.message);
      return ErrorReply(500, "internal error; see the server log");
  }
}

Context::~Context() {
  if (lease_) (*lease_)->SetDeadline(std::chrono::steady_clock::time_point::max());
}

Result<query::Reader*> Context::reader() {
  if (!lease_) {
    auto lease = db_.Acquire();
    if (!lease) return tl::unexpected(std::move(lease.error()));
    lease_.emplace(std::move(*lease));
    (*lease_)->SetDeadline(deadline_);
  }
  return &**lease_;
}

Result<const query::Catalog*> Context::catalog() {
  if (!catalog_) {
    auto catalog = db_.CatalogFor(generation_);
    if (!catalog) return tl::unexpected(std::move(catalog.error()));
    catalog_ = std::move(*catalog);
  }
  return catalog_.get();
}

}  // namespace cryptoscope::serve
