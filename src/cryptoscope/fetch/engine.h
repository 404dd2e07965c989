// The fetch engine: every HTTP request of a run goes through it, so it alone owns concurrency,
// rate limits and retries.
//
// At most `max_in_flight` transfers run at once over all hosts. Each host's policy decides when
// a request may start and what a finished transfer means. Transient failures are retried with
// backoff up to `max_retries` times; a rate-limit answer stops the whole host for the wait it
// asks for. Callbacks run on the thread that calls Run(), one at a time, and may submit more
// requests. Not thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "cryptoscope/core/result.h"
#include "cryptoscope/fetch/backoff.h"
#include "cryptoscope/fetch/host_policy.h"
#include "cryptoscope/fetch/http.h"
#include "cryptoscope/fetch/transport.h"

namespace cryptoscope::fetch {

struct EngineOptions {
  TransportOptions transport;
  int max_in_flight = 5;
  int max_retries = 5;
  BackoffOptions backoff;
};

struct HostStats {
  int64_t requests = 0;  // Transfers started (retries included).
  int64_t retries = 0;
  int64_t rate_limited = 0;  // Answers that asked us to wait.
  int64_t bytes = 0;
  // Time a queued request waited because the host's policy held it (rate limits: the provider's
  // windows, its usage header, a Retry-After), not for a free connection.
  Millis paced{0};
};

class Engine {
 public:
  // Gets a delivered response. Returning kUnavailable or kBadData retries the request like a
  // transient failure (a cut or corrupted body); any other error is final and goes to on_error.
  using OnResponse = std::function<Status(Response&)>;
  // Gets the final error of a request that will not be retried.
  using OnError = std::function<void(const Error&)>;

  Engine(EngineOptions options, HostPolicy& binance, HostPolicy& cryptocompare);
  // Gives `host` its governor (replacing any earlier one); `policy` must outlive the engine. A
  // request to a host without one fails with kInternal.
  void SetPolicy(Host host, HostPolicy& policy);

  void Submit(Request request, OnResponse on_response, OnError on_error);
  // Runs until every submitted request, and every request submitted by callbacks, is finished.
  // `on_tick`, if set, is called at least twice a second (progress, persisting a ban).
  void Run(const std::function<void()>& on_tick = {});
  // Fails every queued and future request to `host` with `error` (e.g. a ban known at start);
  // transfers in flight are still delivered, but a failed one is not retried. Also done by the
  // engine when the host's policy reports Exhausted().
  void CloseHost(Host host, const Error& error);
  // Graceful stop (Ctrl-C): requests not yet started fail with `error`; transfers in flight
  // finish and are delivered as usual, so what they bring is still stored.
  void Stop(const Error& error);

  const HostStats& stats(Host host) const { return state(host).stats; }
  // The error that closed a host for this run, if one did. Set (and logged once, as an error)
  // before any request is failed with it, so callbacks can tell it from a request's own error.
  const std::optional<Error>& host_error(Host host) const { return state(host).error; }
  // The latest `Date` header `host` answered with (ms since the epoch; any status, even a ban),
  // or nullopt before its first answer: the provider's clock, independent of this machine's.
  std::optional<int64_t> provider_time_ms(Host host) const { return state(host).provider_time_ms; }
  // While the host's policy holds its next queued request: when it may start. Else nullopt.
  std::optional<TimePoint> held_until(Host host) const {
    const HostState& held = state(host);
    return held.held_since ? std::optional(held.held_until) : std::nullopt;
  }

 private:
  struct Job {
    Request request;
    OnResponse on_response;
    OnError on_error;
    int attempts = 0;  // Transient failures so far.
    int waits = 0;     // Rate-limit answers so far.
    TimePoint not_before{};
  };
  // Everything the engine keeps per host.
  struct HostState {
    HostPolicy* policy = nullptr;
    std::deque<std::unique_ptr<Job>> queue;
    std::vector<std::unique_ptr<Job>> delayed;  // Waiting to retry.
    HostStats stats;
    std::optional<Error> error;               // Set once the host is closed for this run.
    std::optional<int64_t> provider_time_ms;  // The latest Date header it answered with.
    std::optional<TimePoint> held_since;      // The policy holds the queue's head since then,
    TimePoint held_until{};                   // until then (the latest slot it named).
  };
  HostState& state(Host host) { return hosts_[static_cast<int>(host)]; }
  const HostState& state(Host host) const { return hosts_[static_cast<int>(host)]; }
  void PromoteDelayed(TimePoint now, TimePoint& wake);
  bool StartOne(Host host, TimePoint now, TimePoint& wake);
  // Adds a hold to stats.paced, counting up to its slot at the latest: after the slot the
  // request waits for a connection, not for the policy.
  static void EndHold(HostState& state, TimePoint now);
  bool Idle() const;
  void Finish(uint64_t tag, Result<Response> result);
  void Retry(std::unique_ptr<Job> job, TimePoint not_before, const Error& error, bool is_wait);

  EngineOptions options_;
  Transport transport_;
  Backoff backoff_;
  std::array<HostState, kHostCount> hosts_;
  std::unordered_map<uint64_t, std::unique_ptr<Job>> in_flight_;  // By transfer tag.
  uint64_t next_tag_ = 1;
  int first_host_ = 0;  // The host asked first for a free slot; rotates after each start.
};

}  // namespace cryptoscope::fetch
