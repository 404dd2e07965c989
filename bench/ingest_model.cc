#include "ingest_model.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "integration/harness.h"

namespace cryptoscope::bench {
namespace {

constexpr int64_t kTopListPageSize = 100;
constexpr int64_t kKlinesPageSize = 1000;
constexpr int64_t kExchangeInfoWeight = 20;
constexpr int64_t kKlinesWeight = 2;

int64_t CeilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

int64_t TopListPages(int top_n) { return CeilDiv(top_n, kTopListPageSize); }

// `calls` paced at `limit` per `window_s` (a sliding window): the last one starts no earlier
// than (ceil(calls / limit) - 1) windows after the first, and answers one latency later.
double WindowTurns(int64_t calls, int64_t limit, double window_s, double latency_s) {
  if (calls <= 0 || limit <= 0) return 0;
  return static_cast<double>(CeilDiv(calls, limit) - 1) * window_s + latency_s;
}

}  // namespace

MinimalRequests MinimalFullIngest(const fake::Scenario& scenario, int top_n, Day today) {
  MinimalRequests out;
  out.toplist_pages = TopListPages(top_n);
  const auto ranked = fake::RankedCoins(scenario);
  for (int i = 0; i < top_n && i < static_cast<int>(ranked.size()); ++i) {
    if (testing::ExpectedSource(ranked[i]) != Source::kBinance) {
      ++out.histoday;  // No-market coins too: one question tells the client so.
      continue;
    }
    const auto days = testing::ExpectedDays(ranked[i], today);
    const int64_t pages = days ? CeilDiv(days->days(), kKlinesPageSize) : 1;
    out.klines += pages;
    out.longest_chain = std::max(out.longest_chain, pages);
  }
  if (out.histoday > 0) out.longest_chain = std::max<int64_t>(out.longest_chain, 1);
  return out;
}

int64_t ExpectedRowCount(const fake::Scenario& scenario, int top_n, Day today) {
  int64_t rows = 0;
  const auto ranked = fake::RankedCoins(scenario);
  for (int i = 0; i < top_n && i < static_cast<int>(ranked.size()); ++i) {
    if (const auto days = testing::ExpectedDays(ranked[i], today)) rows += days->days();
  }
  return rows;
}

MinimalRequests MinimalDailyUpdate(const fake::Scenario& scenario, int top_n) {
  MinimalRequests out;
  out.toplist_pages = TopListPages(top_n);
  out.klines = static_cast<int64_t>(testing::CountWithSource(scenario, top_n, Source::kBinance));
  out.histoday =
      static_cast<int64_t>(testing::CountWithSource(scenario, top_n, Source::kCryptoCompare));
  out.longest_chain = out.history() > 0 ? 1 : 0;
  return out;
}

LowerBound ComputeLowerBound(const MinimalRequests& minimal, int latency_ms, int concurrency,
                             const Pacing& pacing) {
  const double latency = latency_ms / 1000.0;
  LowerBound b;
  // Discovery: pages and exchangeInfo in rounds; the pages are CryptoCompare calls, paced too.
  b.discovery_s = std::max(
      static_cast<double>(CeilDiv(minimal.toplist_pages + minimal.exchange_info, concurrency)) *
          latency,
      WindowTurns(minimal.toplist_pages, pacing.cc_per_second, 1, latency));
  const int64_t history_rounds =
      std::max(CeilDiv(minimal.history(), concurrency), minimal.longest_chain);
  b.latency_s = b.discovery_s + static_cast<double>(history_rounds) * latency;

  // Binance: one REQUEST_WEIGHT window, filled to the client's share of it.
  const auto binance_limit = static_cast<int64_t>(
      std::floor(static_cast<double>(pacing.binance_weight_per_minute) * pacing.binance_safety));
  const int64_t klines_weight = minimal.klines * kKlinesWeight;
  b.binance_rate_s = std::max(
      WindowTurns(kExchangeInfoWeight * minimal.exchange_info + klines_weight, binance_limit, 60,
                  latency),
      minimal.klines > 0 ? b.discovery_s + WindowTurns(klines_weight, binance_limit, 60, latency)
                         : 0);

  // CryptoCompare: per-second, per-minute and per-hour windows; over the whole run (pages
  // included) and over the history phase alone (which starts after discovery).
  const int64_t cc_calls = minimal.toplist_pages + minimal.histoday;
  std::string cc_window = "cc per-second";
  const std::pair<int64_t, double> windows[] = {
      {pacing.cc_per_second, 1}, {pacing.cc_per_minute, 60}, {pacing.cc_per_hour, 3600}};
  const char* names[] = {"cc per-second", "cc per-minute", "cc per-hour"};
  for (size_t i = 0; i < std::size(windows); ++i) {
    const auto [limit, seconds] = windows[i];
    double t = WindowTurns(cc_calls, limit, seconds, latency);
    if (minimal.histoday > 0) {
      t = std::max(t, b.discovery_s + WindowTurns(minimal.histoday, limit, seconds, latency));
    }
    if (t > b.cc_rate_s) {
      b.cc_rate_s = t;
      cc_window = names[i];
    }
  }

  b.bound_s = b.latency_s;
  b.binding = "latency";
  if (b.binance_rate_s > b.bound_s) {
    b.bound_s = b.binance_rate_s;
    b.binding = "binance weight";
  }
  if (b.cc_rate_s > b.bound_s) {
    b.bound_s = b.cc_rate_s;
    b.binding = cc_window;
  }
  return b;
}

}  // namespace cryptoscope::bench
