// cpp-httplib glue: one pre-routing handler takes every request, answers from the response
// cache or the router, and writes ETag/304, gzip, Cache-Control, CORS and error bodies.
// Create() binds (so a test knows the port before serving); Serve() blocks until Stop().
#pragma once

#include <memory>

#include "cryptoscope/core/result.h"
#include "cryptoscope/query/database.h"
#include "cryptoscope/serve/config.h"
#include "cryptoscope/serve/router.h"

namespace cryptoscope::serve {

class HttpServer {
 public:
  // kInvalidArgument when the address cannot be bound. `db` must outlive the server.
  [[nodiscard]] static Result<std::unique_ptr<HttpServer>> Create(const Config& config,
                                                                  query::Database& db,
                                                                  Router router);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  int port() const;
  // Serves until Stop(); requests in flight finish first.
  [[nodiscard]] Status Serve();
  // Thread-safe; may be called before Serve().
  void Stop();

  struct Impl;

 private:
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace cryptoscope::serve
