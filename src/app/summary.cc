#include "app/summary.h"

#include <fmt/format.h>

#include <string>
#include <vector>

#include "cryptoscope/plan/plan.h"

namespace cryptoscope::app {

void PrintSummary(std::FILE* out, const pipeline::RunReport& report) {
  // The keyless venues are named only when they served something, so a run with a key reads as
  // it always did.
  const bool venues = report.okx_coins + report.bybit_coins > 0 ||
                      report.coingecko_requests + report.okx_requests + report.bybit_requests > 0;
  if (venues) {
    fmt::print(out,
               "coins: {} ({} binance, {} okx, {} bybit, {} cryptocompare); {} up to date, {} "
               "updated\n",
               report.coins, report.binance_coins, report.okx_coins, report.bybit_coins,
               report.cryptocompare_coins, report.up_to_date, report.updated);
  } else {
    fmt::print(out, "coins: {} ({} binance, {} cryptocompare); {} up to date, {} updated\n",
               report.coins, report.binance_coins, report.cryptocompare_coins, report.up_to_date,
               report.updated);
  }
  fmt::print(out, "rows written: {}\n", report.rows_written);
  if (venues) {
    fmt::print(out,
               "requests: {} binance, {} coingecko, {} okx, {} bybit, {} cryptocompare ({} "
               "retries, {} rate-limit waits)\n",
               report.binance_requests, report.coingecko_requests, report.okx_requests,
               report.bybit_requests, report.cryptocompare_requests, report.retries,
               report.rate_limit_waits);
  } else {
    fmt::print(out, "requests: {} binance, {} cryptocompare ({} retries, {} rate-limit waits)\n",
               report.binance_requests, report.cryptocompare_requests, report.retries,
               report.rate_limit_waits);
  }
  if (!report.paced.empty()) {
    std::vector<std::string> hosts;
    for (const auto& paced : report.paced) {
      hosts.push_back(fmt::format("{} {:.1f} s", paced.host, paced.seconds));
    }
    fmt::print(out, "waited for rate limits: {}\n", fmt::join(hosts, ", "));
  }
  fmt::print(out, "cpu: parse+validate {:.3f} s, store {:.3f} s\n", report.parse_cpu_s,
             report.store_cpu_s);
  if (!report.cryptocompare_ceilings.empty()) {
    fmt::print(out, "cryptocompare ceilings: {}\n", report.cryptocompare_ceilings);
  }
  if (!report.no_market.empty()) {
    fmt::print(out, "no market: {} ({})\n", report.no_market.size(),
               fmt::join(report.no_market, ", "));
  }
  if (!report.awaiting.empty()) {
    fmt::print(out, "awaiting newest days (asked again next run): {} ({})\n",
               report.awaiting.size(), fmt::join(report.awaiting, ", "));
  }
  if (!report.stale.empty()) {
    fmt::print(out, "stale (no new candle for {}+ days; checked every {} days): {} ({})\n",
               plan::kStaleAfterDays, plan::kStaleCheckEveryDays, report.stale.size(),
               fmt::join(report.stale, ", "));
  }
  if (!report.known_gaps.empty()) {
    int64_t days = 0;
    std::vector<std::string> coins;
    for (const auto& gap : report.known_gaps) {
      days += gap.days;
      coins.push_back(fmt::format("{} {}", gap.symbol, gap.days));
    }
    fmt::print(out, "known gaps found (days without trading, not asked again): {} ({})\n", days,
               fmt::join(coins, ", "));
  }
  fmt::print(out, "failures: {}\n", report.failures.size());
  for (const auto& failure : report.failures) {
    fmt::print(out, "  {} ({}): {}\n", failure.symbol, SourceName(failure.source), failure.reason);
  }
  if (report.interrupted) {
    fmt::print(out, "interrupted: what was fetched is stored; the next run continues from there\n");
  }
  fmt::print(out, "total runtime: {:.2f} s\n", report.seconds);
}

}  // namespace cryptoscope::app
