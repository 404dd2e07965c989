// The server: httplib on its own thread pool, one catch-all route that records the request, asks
// the gate, runs the handler, applies the fault and the latency, and writes the answer.
#include "fake/fake_exchange.h"

#include <sys/socket.h>

#include <csignal>
#include <stdexcept>

#include "fake/server_impl.h"

namespace cryptoscope::fake {

FakeExchange::FakeExchange(Scenario scenario, Options options)
    : impl_(std::make_unique<Impl>(std::move(scenario), std::move(options))) {
  std::signal(SIGPIPE, SIG_IGN);  // A client that hangs up must not kill the process.
  impl_->Start();
}

FakeExchange::~FakeExchange() { impl_->Stop(); }

int FakeExchange::port() const { return impl_->port; }

std::string FakeExchange::base_url() const {
  return "http://" + impl_->options.host + ":" + std::to_string(impl_->port);
}

void FakeExchange::SetNowMs(int64_t now_ms) {
  EditScenario([now_ms](Scenario& s) { s.now_ms = now_ms; });
}

void FakeExchange::AdvanceDays(int days) {
  EditScenario([days](Scenario& s) { s.now_ms += int64_t{days} * kMillisPerDay; });
}

int64_t FakeExchange::now_ms() const { return impl_->Snapshot()->scenario.now_ms; }

Day FakeExchange::today() const { return impl_->Snapshot()->today(); }

Scenario FakeExchange::scenario() const { return impl_->Snapshot()->scenario; }

void FakeExchange::EditScenario(const std::function<void(Scenario&)>& edit) {
  impl_->EditScenario(edit);
}

std::vector<RequestRecord> FakeExchange::requests() const {
  std::lock_guard lock(impl_->records_mutex);
  return impl_->records;
}

size_t FakeExchange::CountRequests(std::string_view path) const {
  std::lock_guard lock(impl_->records_mutex);
  auto it = impl_->path_counts.find(std::string(path));
  return it == impl_->path_counts.end() ? 0 : it->second;
}

void FakeExchange::ClearRequests() {
  {
    std::lock_guard lock(impl_->records_mutex);
    impl_->records.clear();
    impl_->path_counts.clear();
  }
  impl_->gate.ResetCounters();
  impl_->venue_gate.ResetCounters();
}

void FakeExchange::SetFaults(FaultOptions faults) { impl_->gate.SetFaults(std::move(faults)); }

void FakeExchange::ScriptFault(std::string path, FaultKind kind, int count,
                               std::string query_contains) {
  impl_->gate.Script(ScriptedFault{std::move(path), kind, count, std::move(query_contains)});
}

void FakeExchange::ResetRateLimits() {
  impl_->gate.ResetRateLimits();
  impl_->venue_gate.ResetRateLimits();
}

size_t FakeExchange::CountVenueRateLimited() const { return impl_->venue_gate.rate_limited(); }

size_t FakeExchange::CountBinanceBans() const { return impl_->gate.counters().bans; }

size_t FakeExchange::CountRequestsDuringRetryAfter() const {
  const auto c = impl_->gate.counters();
  return c.during_retry_after[0] + c.during_retry_after[1];
}

size_t FakeExchange::CountRequestsDuringRetryAfter(Api api) const {
  return impl_->gate.counters().during_retry_after[static_cast<int>(api)];
}

size_t FakeExchange::CountCcRateLimited() const { return impl_->gate.counters().cc_rate_limited; }

size_t FakeExchange::CountKeyInUrl() const { return impl_->gate.counters().key_in_url; }

size_t FakeExchange::CountFaults() const { return impl_->gate.counters().faults; }

std::string FakeExchange::StatsJson() const { return impl_->StatsJson(); }

}  // namespace cryptoscope::fake
