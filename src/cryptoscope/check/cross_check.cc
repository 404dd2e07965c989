#include "cryptoscope/check/cross_check.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>

#include "cryptoscope/fetch/binance_policy.h"
#include "cryptoscope/fetch/cryptocompare_policy.h"
#include "cryptoscope/fetch/engine.h"
#include "cryptoscope/pipeline/config_loader.h"
#include "cryptoscope/source/cryptocompare_source.h"

namespace cryptoscope::check {
namespace {

// The top Binance-routed coins with stored rows, by rank.
std::vector<query::SymbolSummary> Candidates(std::vector<query::SymbolSummary> all, int count) {
  std::erase_if(all, [](const query::SymbolSummary& coin) {
    return coin.source != "binance" || !coin.rank || !coin.first_day;
  });
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return *a.rank < *b.rank; });
  if (static_cast<int>(all.size()) > count) all.resize(static_cast<size_t>(count));
  return all;
}

int64_t WallClockMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Result<CrossCheckReport> CrossCheck(query::Reader& reader, const pipeline::Config& config,
                                    const CrossCheckOptions& options) {
  auto summaries = reader.Summaries();
  if (!summaries) return tl::unexpected(summaries.error());
  const auto coins = Candidates(std::move(*summaries), options.coins);

  // Stored closes by coin and day, read before any request so the answers only compare.
  std::map<std::string, std::map<std::string, double>> stored;
  for (const auto& coin : coins) {
    auto bars = reader.Bars(coin.symbol, *coin.first_day, *coin.last_day,
                            std::numeric_limits<int64_t>::max());
    if (!bars) return tl::unexpected(bars.error());
    auto& closes = stored[coin.symbol];
    for (const auto& bar : *bars) closes.emplace(bar.date, bar.close);
  }

  fetch::BinancePolicy binance(config.max_wait);  // Unused: no Binance request is made.
  fetch::CryptoComparePolicy cryptocompare(config.cryptocompare_limits, config.max_wait);
  fetch::Engine engine(pipeline::EngineOptionsFor(config), binance, cryptocompare);
  source::CryptoCompareSource source(config.cryptocompare_base_url);
  // Only stored days are compared, and they are all closed: the local clock only decides which
  // of CryptoCompare's newest rows to drop, none of which is stored.
  const int64_t now_ms = WallClockMillis();

  CrossCheckReport report;
  for (const auto& coin : coins) {
    report.coins.push_back(coin.symbol);
    FetchPlan plan{RoutedCoin{Coin{coin.symbol, coin.name.value_or(""), 0, {}, {}},
                              Source::kCryptoCompare, coin.symbol + "-USD"},
                   DayRange{*ParseDay(*coin.first_day), *ParseDay(*coin.last_day)},
                   /*backfill=*/true};
    const fetch::Request request = source.FirstRequest(plan);
    engine.Submit(
        request,
        [&, plan, symbol = coin.symbol](fetch::Response& response) -> Status {
          auto page = source.ReadPage(plan, response, now_ms);
          if (!page) return tl::unexpected(page.error());
          const auto& closes = stored[symbol];
          for (const Candle& candle : page->candles) {
            const auto it = closes.find(FormatDay(candle.day));
            if (it == closes.end() || candle.close <= 0) continue;
            ++report.days_compared;
            const double relative = std::abs(it->second - candle.close) / candle.close;
            if (relative > options.threshold) {
              report.differences.push_back({symbol, it->first, it->second, candle.close, relative});
            }
          }
          return {};
        },
        [&, symbol = coin.symbol](const Error& error) {
          report.failures.push_back({symbol, error.message});
        });
  }
  engine.Run();
  std::sort(report.differences.begin(), report.differences.end(), [](const auto& a, const auto& b) {
    return std::tie(a.symbol, a.date) < std::tie(b.symbol, b.date);
  });
  return report;
}

}  // namespace cryptoscope::check
