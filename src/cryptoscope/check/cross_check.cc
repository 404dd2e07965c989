#include "cryptoscope/check/cross_check.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <memory>

#include "cryptoscope/fetch/binance_policy.h"
#include "cryptoscope/fetch/cryptocompare_policy.h"
#include "cryptoscope/fetch/engine.h"
#include "cryptoscope/fetch/venue_policies.h"
#include "cryptoscope/pipeline/config_loader.h"
#include "cryptoscope/source/bybit_source.h"
#include "cryptoscope/source/cryptocompare_source.h"
#include "cryptoscope/source/okx_source.h"

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

// The reference's pair for a coin: CryptoCompare against USD, the venues against USDT.
std::string PairOn(Source reference, const std::string& symbol) {
  switch (reference) {
    case Source::kOkx:
      return symbol + "-USDT";
    case Source::kBybit:
      return symbol + "USDT";
    default:
      return symbol + "-USD";
  }
}

int64_t WallClockMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// One coin's comparison, page by page (the venues page backwards).
struct CoinCheck {
  FetchPlan plan;
  std::map<std::string, double> stored;  // Date -> stored close.
};

class Checker {
 public:
  Checker(fetch::Engine& engine, const source::HistorySource& source, double threshold,
          CrossCheckReport& report)
      : engine_(engine), source_(source), threshold_(threshold), report_(report) {}

  void Start(std::shared_ptr<const CoinCheck> coin) {
    Submit(coin, source_.FirstRequest(coin->plan));
  }

 private:
  void Submit(std::shared_ptr<const CoinCheck> coin, fetch::Request request) {
    engine_.Submit(
        std::move(request),
        [this, coin](fetch::Response& response) -> Status {
          // Only stored days are compared, and they are all closed: the clock only decides
          // which of the reference's newest rows to drop, none of which is stored.
          auto page = source_.ReadPage(coin->plan, response, WallClockMillis());
          if (!page) return tl::unexpected(page.error());
          Compare(*coin, page->candles);
          if (page->next) Submit(coin, std::move(*page->next));
          return {};
        },
        [this, coin](const Error& error) {
          const std::string& symbol = coin->plan.routed.coin.symbol;
          if (error.code == ErrorCode::kNotFound) {
            report_.not_listed.push_back(symbol);
          } else {
            report_.failures.push_back({symbol, error.message});
          }
        });
  }

  void Compare(const CoinCheck& coin, const std::vector<Candle>& candles) {
    for (const Candle& candle : candles) {
      const auto it = coin.stored.find(FormatDay(candle.day));
      if (it == coin.stored.end() || candle.close <= 0) continue;
      ++report_.days_compared;
      const double relative = std::abs(it->second - candle.close) / candle.close;
      if (relative > threshold_) {
        report_.differences.push_back(
            {coin.plan.routed.coin.symbol, it->first, it->second, candle.close, relative});
      }
    }
  }

  fetch::Engine& engine_;
  const source::HistorySource& source_;
  double threshold_;
  CrossCheckReport& report_;
};

}  // namespace

Result<CrossCheckReport> CrossCheck(query::Reader& reader, const pipeline::Config& config,
                                    const CrossCheckOptions& options) {
  auto summaries = reader.Summaries();
  if (!summaries) return tl::unexpected(summaries.error());
  const auto coins = Candidates(std::move(*summaries), options.coins);

  fetch::BinancePolicy binance(config.max_wait);  // Unused: no Binance request is made.
  fetch::CryptoComparePolicy cryptocompare(config.cryptocompare_limits, config.max_wait);
  fetch::OkxPolicy okx(config.venue_limits, config.max_wait);
  fetch::BybitPolicy bybit(config.venue_limits, config.max_wait);
  fetch::Engine engine(pipeline::EngineOptionsFor(config), binance, cryptocompare);
  engine.SetPolicy(fetch::Host::kOkx, okx);
  engine.SetPolicy(fetch::Host::kBybit, bybit);
  source::CryptoCompareSource cryptocompare_source(config.cryptocompare_base_url);
  source::OkxSource okx_source(config.okx_base_url);
  source::BybitSource bybit_source(config.bybit_base_url);
  const source::HistorySource* source = &cryptocompare_source;
  if (options.reference == Source::kOkx) source = &okx_source;
  if (options.reference == Source::kBybit) source = &bybit_source;

  CrossCheckReport report;
  Checker checker(engine, *source, options.threshold, report);
  for (const auto& coin : coins) {
    report.coins.push_back(coin.symbol);
    const Day last = *ParseDay(*coin.last_day);
    Day first = *ParseDay(*coin.first_day);
    if (options.days > 0) first = std::max(first, last - std::chrono::days{options.days - 1});
    auto check = std::make_shared<CoinCheck>();
    check->plan = FetchPlan{RoutedCoin{Coin{coin.symbol, coin.name.value_or(""), 0, {}, {}},
                                       options.reference, PairOn(options.reference, coin.symbol)},
                            DayRange{first, last}, /*backfill=*/false};
    // Stored closes, read before any request so the answers only compare.
    auto bars = reader.Bars(coin.symbol, FormatDay(first), *coin.last_day,
                            std::numeric_limits<int64_t>::max());
    if (!bars) return tl::unexpected(bars.error());
    for (const auto& bar : *bars) check->stored.emplace(bar.date, bar.close);
    checker.Start(std::move(check));
  }
  engine.Run();
  std::sort(report.differences.begin(), report.differences.end(), [](const auto& a, const auto& b) {
    return std::tie(a.symbol, a.date) < std::tie(b.symbol, b.date);
  });
  std::sort(report.failures.begin(), report.failures.end(),
            [](const auto& a, const auto& b) { return a.symbol < b.symbol; });
  std::sort(report.not_listed.begin(), report.not_listed.end());
  return report;
}

}  // namespace cryptoscope::check
