// FakeExchange's private state, shared by fake_exchange.cc (the public methods) and
// server_impl.cc (the request path).
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "fake/fake_exchange.h"
#include "fake/gate.h"
#include "fake/venue_gate.h"

namespace cryptoscope::fake {

struct FakeExchange::Impl {
  Impl(Scenario scenario, Options opts);
  ~Impl();  // Defined where Server is complete.

  void Start();  // Binds and listens before returning; throws std::runtime_error if it cannot.
  void Stop();   // Idempotent.
  std::shared_ptr<const internal::ScenarioIndex> Snapshot() const;
  void EditScenario(const std::function<void(Scenario&)>& edit);
  std::string StatsJson() const;

  void Handle(const httplib::Request& req, httplib::Response& res);
  void HandleControl(const httplib::Request& req, httplib::Response& res);
  // CoinGecko, OKX and Bybit (venue_handlers.cc): their own limits, no faults.
  void HandleVenue(internal::Venue venue, const httplib::Request& req, httplib::Response& res,
                   int64_t arrival_ms);
  internal::Reply Serve(const std::shared_ptr<const internal::ScenarioIndex>& index,
                        const httplib::Request& req, bool toplist_shift);
  void Record(const httplib::Request& req, int status, std::optional<FaultKind> fault,
              int64_t arrival_ms);
  bool Wait(int ms);  // false when the server is stopping.

  Options options;
  internal::Gate gate{FaultOptions{}};
  internal::VenueGate venue_gate;

  mutable std::mutex scenario_mutex;
  std::shared_ptr<const internal::ScenarioIndex> index;  // Replaced, never modified.

  std::mutex cache_mutex;  // The full exchangeInfo body is large: built once per scenario.
  std::shared_ptr<const internal::ScenarioIndex> cached_for;
  int cached_limit = -1;
  int cached_window = -1;
  std::string cached_exchange_info;

  mutable std::mutex records_mutex;
  std::vector<RequestRecord> records;
  std::map<std::string, size_t> path_counts;

  class Server;
  std::unique_ptr<Server> server;
  std::thread thread;
  int port = 0;

  std::mutex stop_mutex;
  std::condition_variable stop_cv;
  bool stopping = false;
};

int64_t SteadyNowMs();

}  // namespace cryptoscope::fake
