// Settings of `cryptoscope serve`. Defaults live here; main fills them from flags and env.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>

#include "cryptoscope/core/result.h"

namespace cryptoscope::serve {

struct Config {
  std::string host = "127.0.0.1";                    // Loopback unless told otherwise.
  int port = 8080;                                   // 0 = any free port (tests).
  std::filesystem::path db_path = "crypto_data.db";  // As ingest, analyze and check.
  // Worker threads. A keep-alive connection holds one while it is open (cpp-httplib is
  // blocking), so this bounds the concurrent connections served without queueing.
  int threads = 64;
  std::string cors_origin;  // "" = no CORS headers.
  size_t cache_bytes = 64u << 20;
  int listen_backlog = 1024;
  int keep_alive_max_requests = 100'000;
  int keep_alive_timeout_s = 10;
  int read_timeout_s = 5;  // Per read: a client silent this long is dropped (408 or close).
  int write_timeout_s = 5;
  int query_time_limit_ms = 2000;  // SQLite work per request; then 503.
  size_t max_body_bytes = 1024;    // GET needs no body; larger -> 413.
};

// "HOST:PORT" ("127.0.0.1:8080", "[::1]:8080", ":8080" = loopback). kInvalidArgument otherwise.
[[nodiscard]] Result<std::pair<std::string, int>> ParseListen(std::string_view text);

}  // namespace cryptoscope::serve
