#include "cryptoscope/serve/serve.h"

#include <pthread.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <thread>

#include "cryptoscope/query/database.h"
#include "cryptoscope/serve/http_server.h"
#include "cryptoscope/serve/routes.h"

namespace cryptoscope::serve {

Status Run(const Config& config) {
  auto db = query::Database::Open(config.db_path);
  if (!db) return tl::unexpected(std::move(db.error()));
  // Block the stop signals in every thread (the pool inherits this mask) and wait for them in
  // one thread, which then stops the server outside of signal context.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);  // A client that hangs up mid-write must not end the process.

  auto server = HttpServer::Create(config, **db, BuildRouter());
  if (!server) return tl::unexpected(std::move(server.error()));
  std::atomic<bool> signaled{false};
  std::thread waiter([&] {
    int received = 0;
    sigwait(&stop_signals, &received);
    signaled = true;
    spdlog::info("signal {}: stopping after the requests in flight", received);
    (*server)->Stop();
  });
  spdlog::info("serving {} on http://{}:{}/ with {} threads", config.db_path.string(), config.host,
               (*server)->port(), config.threads);
  auto status = (*server)->Serve();
  // Serve() ended without a signal (an error): wake the waiter so it can be joined.
  if (!signaled) pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  return status;
}

}  // namespace cryptoscope::serve
