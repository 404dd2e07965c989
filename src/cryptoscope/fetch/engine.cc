#include "cryptoscope/fetch/engine.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace cryptoscope::fetch {
namespace {

// Rate-limit answers one request may get before we stop asking; the policies already stop a
// host whose waits grow too long, this only guards against a provider that never relents.
constexpr int kMaxWaits = 50;
constexpr Millis kMaxPoll{500};

}  // namespace

Engine::Engine(EngineOptions options, HostPolicy& binance, HostPolicy& cryptocompare)
    : options_(options), transport_(options.transport), backoff_(options.backoff), hosts_{} {
  SetPolicy(Host::kBinance, binance);
  SetPolicy(Host::kCryptoCompare, cryptocompare);
}

void Engine::SetPolicy(Host host, HostPolicy& policy) { state(host).policy = &policy; }

void Engine::Submit(Request request, OnResponse on_response, OnError on_error) {
  HostState& host = state(request.host);
  if (host.error) {
    on_error(*host.error);
    return;
  }
  if (host.policy == nullptr) {
    on_error(Error{ErrorCode::kInternal,
                   fmt::format("{}: no governor for {}", request.label, HostName(request.host))});
    return;
  }
  host.queue.push_back(
      std::make_unique<Job>(Job{std::move(request), std::move(on_response), std::move(on_error)}));
}

bool Engine::Idle() const {
  if (transport_.in_flight() > 0) return false;
  for (const HostState& host : hosts_) {
    if (!host.queue.empty() || !host.delayed.empty()) return false;
  }
  return true;
}

void Engine::PromoteDelayed(TimePoint now, TimePoint& wake) {
  for (HostState& host : hosts_) {
    auto& delayed = host.delayed;
    for (auto it = delayed.begin(); it != delayed.end();) {
      if ((*it)->not_before <= now) {
        host.queue.push_front(std::move(*it));  // Retries go first: they are oldest.
        it = delayed.erase(it);
      } else {
        wake = std::min(wake, (*it)->not_before);
        ++it;
      }
    }
  }
}

bool Engine::StartOne(Host host, TimePoint now, TimePoint& wake) {
  HostState& state = this->state(host);
  auto& queue = state.queue;
  if (queue.empty()) {
    EndHold(state, now);
    return false;
  }
  if (transport_.in_flight() >= options_.max_in_flight) {
    if (state.held_since && state.held_until <= now) EndHold(state, now);
    return false;
  }
  HostPolicy& policy = *state.policy;
  if (auto exhausted = policy.Exhausted()) {
    CloseHost(host, *exhausted);
    return false;
  }
  const int weight = queue.front()->request.weight;
  const TimePoint slot = policy.NextSlot(now, weight);
  if (slot > now) {
    if (!state.held_since) state.held_since = now;
    state.held_until = slot;
    wake = std::min(wake, slot);
    return false;
  }
  EndHold(state, now);
  std::unique_ptr<Job> job = std::move(queue.front());
  queue.pop_front();
  policy.OnStart(now, weight);
  ++state.stats.requests;
  const uint64_t tag = next_tag_++;
  spdlog::debug("GET {}", job->request.url);
  transport_.Start(job->request, tag);
  in_flight_.emplace(tag, std::move(job));
  return true;
}

void Engine::Run(const std::function<void()>& on_tick) {
  while (!Idle()) {
    TimePoint now = Clock::now();
    TimePoint wake = now + kMaxPoll;
    PromoteDelayed(now, wake);
    // Alternate between hosts, and rotate which one is asked first after every start: slots
    // mostly free one at a time, and a fixed order would hand each to the same busy host while
    // the other (often the rate-paced long pole) waits for its queue to drain.
    for (bool started = true; started;) {
      started = false;
      for (int i = 0; i < kHostCount; ++i) {
        const Host host = static_cast<Host>((first_host_ + i) % kHostCount);
        if (StartOne(host, now, wake)) {
          started = true;
          first_host_ = (static_cast<int>(host) + 1) % kHostCount;
        }
      }
    }
    const auto timeout =
        std::clamp(std::chrono::duration_cast<Millis>(wake - now), Millis{0}, kMaxPoll);
    for (Completed& completed : transport_.Poll(timeout)) {
      Finish(completed.tag, std::move(completed.response));
    }
    if (on_tick) on_tick();
  }
  for (HostState& host : hosts_) EndHold(host, Clock::now());
}

void Engine::EndHold(HostState& state, TimePoint now) {
  if (!state.held_since) return;
  const TimePoint end = std::max(*state.held_since, std::min(now, state.held_until));
  state.stats.paced += std::chrono::duration_cast<Millis>(end - *state.held_since);
  state.held_since.reset();
}

void Engine::Finish(uint64_t tag, Result<Response> result) {
  auto node = in_flight_.extract(tag);
  std::unique_ptr<Job> job = std::move(node.mapped());
  const Host host = job->request.host;
  const TimePoint now = Clock::now();
  HostState& state = this->state(host);
  if (result) {
    state.stats.bytes += static_cast<int64_t>(result->body.size());
    if (const auto date = result->Header("date")) {
      if (const auto millis = HttpDateMillis(*date)) {
        auto& latest = state.provider_time_ms;
        latest = std::max(latest.value_or(*millis), *millis);
      }
    }
  }

  Verdict verdict = state.policy->Classify(result, job->request, now);
  switch (verdict.kind) {
    case Verdict::Kind::kDeliver: {
      Status status = job->on_response(*result);
      if (status) return;
      const ErrorCode code = status.error().code;
      if (code == ErrorCode::kUnavailable || code == ErrorCode::kBadData) {
        Retry(std::move(job), now, status.error(), /*is_wait=*/false);
      } else {
        job->on_error(status.error());
      }
      return;
    }
    case Verdict::Kind::kRetry:
      Retry(std::move(job), verdict.not_before, *verdict.error, /*is_wait=*/false);
      return;
    case Verdict::Kind::kRetryAfter:
      ++state.stats.rate_limited;
      spdlog::warn("{}; pausing {} requests until the provider's wait is over",
                   verdict.error->message, HostName(host));
      Retry(std::move(job), verdict.not_before, *verdict.error, /*is_wait=*/true);
      return;
    case Verdict::Kind::kFail:
      job->on_error(*verdict.error);
      return;
    case Verdict::Kind::kHostFatal: {
      // Closed first, so that this job's callback already sees host_error() set. A request that
      // was in flight meets the same cause (same code): it fails with the host's error, said once.
      CloseHost(host, *verdict.error);
      const Error& closed = *state.error;
      job->on_error(closed.code == verdict.error->code ? closed : *verdict.error);
      return;
    }
  }
}

void Engine::Retry(std::unique_ptr<Job> job, TimePoint not_before, const Error& error,
                   bool is_wait) {
  const Host host = job->request.host;
  // A transfer that was in flight when its host closed (ban, 451, budget) must not try again.
  if (const auto& closed = state(host).error) {
    job->on_error(*closed);
    return;
  }
  if (is_wait) {
    if (++job->waits > kMaxWaits) {
      job->on_error(Error{error.code, fmt::format("{} (still rate limited after {} waits)",
                                                  error.message, kMaxWaits)});
      return;
    }
  } else {
    if (++job->attempts > options_.max_retries) {
      job->on_error(Error{
          error.code, fmt::format("{} (gave up after {} attempts)", error.message, job->attempts)});
      return;
    }
    not_before = std::max(not_before, Clock::now() + backoff_.Delay(job->attempts));
    spdlog::debug("{}; retry {} of {}", error.message, job->attempts, options_.max_retries);
  }
  ++state(host).stats.retries;
  job->not_before = not_before;
  state(host).delayed.push_back(std::move(job));
}

void Engine::Stop(const Error& error) {
  for (Host host : kAllHosts) {
    if (state(host).policy != nullptr && !state(host).error) CloseHost(host, error);
  }
}

void Engine::CloseHost(Host host, const Error& error) {
  HostState& state = this->state(host);
  if (state.error) return;
  state.error = error;
  spdlog::error("{}; no more {} requests in this run", error.message, HostName(host));
  auto queued = std::move(state.queue);
  auto delayed = std::move(state.delayed);
  state.queue.clear();
  state.delayed.clear();
  for (auto& job : queued) job->on_error(error);
  for (auto& job : delayed) job->on_error(error);
}

}  // namespace cryptoscope::fetch
