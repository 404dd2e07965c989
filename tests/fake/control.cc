// /__control/* endpoints for a person driving the sandbox by hand, and the stats document.
#include <fmt/format.h>

#include <charconv>

#include "fake/server_impl.h"

namespace cryptoscope::fake {
namespace {

std::optional<int64_t> IntParam(const httplib::Request& req, const char* name) {
  if (!req.has_param(name)) return std::nullopt;
  const std::string text = req.get_param_value(name);
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

void Json(httplib::Response& res, int status, const std::string& body) {
  res.status = status;
  res.set_content(body, "application/json");
}

}  // namespace

void FakeExchange::Impl::HandleControl(const httplib::Request& req, httplib::Response& res) {
  if (req.path == "/__control/stats") return Json(res, 200, StatsJson());
  const bool advance = req.path == "/__control/advance";
  if (!advance && req.path != "/__control/now") {
    return Json(res, 404, R"({"error":"unknown control endpoint"})");
  }
  if (req.method != "POST") return Json(res, 405, R"({"error":"use POST"})");
  const std::optional<int64_t> value = IntParam(req, advance ? "days" : "ms");
  if (req.has_param(advance ? "days" : "ms") && !value) {
    return Json(res, 400, R"({"error":"not an integer"})");
  }
  if (!advance && !value) return Json(res, 400, R"({"error":"ms is required"})");
  EditScenario([&](Scenario& s) {
    s.now_ms = advance ? s.now_ms + value.value_or(1) * kMillisPerDay : *value;
  });
  const auto snapshot = Snapshot();
  Json(res, 200,
       fmt::format(R"({{"now_ms":{},"today":"{}"}})", snapshot->scenario.now_ms,
                   FormatDay(snapshot->today())));
}

std::string FakeExchange::Impl::StatsJson() const {
  const internal::GateCounters c = gate.counters();
  const auto snapshot = Snapshot();
  std::string paths;
  size_t total = 0;
  {
    std::lock_guard lock(records_mutex);
    for (const auto& [path, count] : path_counts) {
      if (!paths.empty()) paths.push_back(',');
      paths += fmt::format("{}:{}", internal::JsonString(path), count);
      total += count;
    }
  }
  return fmt::format(
      R"({{"now_ms":{},"today":"{}","coins":{},"total_requests":{},"requests":{{{}}},)"
      R"("binance_bans":{},"binance_weight_used":{},"requests_during_retry_after":)"
      R"({{"binance":{},"cryptocompare":{}}},"cc_rate_limited":{},"key_in_url":{},)"
      R"("faults":{}}})",
      snapshot->scenario.now_ms, FormatDay(snapshot->today()), snapshot->scenario.coins.size(),
      total, paths, c.bans, c.binance_weight_used, c.during_retry_after[0], c.during_retry_after[1],
      c.cc_rate_limited, c.key_in_url, c.faults);
}

}  // namespace cryptoscope::fake
