// What a handler gets and gives: a request as plain values and a whole response body with the
// caching it allows. No HTTP library types, so handlers are plain functions.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cryptoscope/core/result.h"
#include "cryptoscope/query/catalog.h"
#include "cryptoscope/query/database.h"
#include "cryptoscope/serve/params.h"

namespace cryptoscope::serve {

// How long a client or proxy may keep a response.
enum class Freshness {
  kImmutable,   // Only closed days older than the newest stored day: one year, immutable.
  kShort,       // May change with the next ingest: 60 s, then revalidate with the ETag.
  kRevalidate,  // Static page files: always revalidate (no-cache), 304 when unchanged.
  kNoStore,     // Errors.
};

struct Reply {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  Freshness freshness = Freshness::kShort;
  std::vector<std::pair<std::string, std::string>> headers;  // Extra, e.g. Content-Disposition.
};

// Error codes of the error body, by status: bad_request, not_found, method_not_allowed, ...
// {"error":{"code":..,"message":..}} with Freshness::kNoStore.
Reply ErrorReply(int status, std::string_view message);
// kInvalidArgument -> 400, kNotFound -> 404, anything else -> 500 (logged).
Reply ErrorReply(const Error& error);

struct Request {
  std::string path;                   // As sent, without the query.
  std::vector<std::string> segments;  // Decoded path segments.
  std::vector<std::string> captures;  // Values of the route's {name} segments, in order.
  Params params;
  bool accepts_csv = false;  // Accept names text/csv.
};

// Per-request access to the store: the data version this reply is cached under, a Reader, and
// the catalog of that version (both loaded on first use).
class Context {
 public:
  // Queries made through reader() stop at `deadline`.
  Context(query::Database& db, uint64_t generation, std::chrono::steady_clock::time_point deadline)
      : db_(db), generation_(generation), deadline_(deadline) {}
  ~Context();
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;
  uint64_t generation() const { return generation_; }
  [[nodiscard]] Result<query::Reader*> reader();
  [[nodiscard]] Result<const query::Catalog*> catalog();

 private:
  query::Database& db_;
  uint64_t generation_;
  std::chrono::steady_clock::time_point deadline_;
  std::optional<query::Database::Lease> lease_;
  std::shared_ptr<const query::Catalog> catalog_;
};

using Handler = std::function<Reply(const Request&, Context&)>;

}  // namespace cryptoscope::serve
