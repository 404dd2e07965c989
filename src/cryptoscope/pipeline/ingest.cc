#include "cryptoscope/pipeline/ingest.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <functional>

#include "cryptoscope/discover/coingecko_ranking.h"
#include "cryptoscope/discover/discover.h"
#include "cryptoscope/fetch/binance_policy.h"
#include "cryptoscope/fetch/cryptocompare_policy.h"
#include "cryptoscope/fetch/engine.h"
#include "cryptoscope/fetch/url.h"
#include "cryptoscope/parse/binance.h"
#include "cryptoscope/pipeline/cc_plan.h"
#include "cryptoscope/pipeline/coin_fetcher.h"
#include "cryptoscope/pipeline/config_loader.h"
#include "cryptoscope/pipeline/store_writer.h"
#include "cryptoscope/pipeline/venue_hosts.h"
#include "cryptoscope/pipeline/venue_routing.h"
#include "cryptoscope/plan/plan.h"
#include "cryptoscope/route/route.h"
#include "cryptoscope/source/binance_source.h"
#include "cryptoscope/source/bybit_source.h"
#include "cryptoscope/source/cryptocompare_source.h"
#include "cryptoscope/source/okx_source.h"
#include "cryptoscope/store/candle_store.h"
#include "cryptoscope/store/ingest_lock.h"

namespace cryptoscope::pipeline {
namespace {

constexpr int kExchangeInfoWeight = 20;
constexpr const char* kBinanceBanKey = "binance";

int64_t WallClockMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string IsoTimestamp(int64_t millis) {
  const std::chrono::sys_time<std::chrono::milliseconds> time{std::chrono::milliseconds{millis}};
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}Z", std::chrono::floor<std::chrono::seconds>(time));
}

// The routing table and the providers' clock, from one exchangeInfo request.
struct ExchangeState {
  std::optional<parse::ExchangeInfo> info;
  std::optional<Error> error;
};

void SubmitExchangeInfo(fetch::Engine& engine, const Config& config, fetch::BinancePolicy& binance,
                        ExchangeState& state) {
  engine.Submit(
      fetch::Request{fetch::Host::kBinance,
                     fetch::JoinUrl(config.binance_base_url, "/api/v3/exchangeInfo"),
                     kExchangeInfoWeight, "binance exchangeInfo"},
      [&](fetch::Response& response) -> Status {
        auto info = parse::ParseExchangeInfo(response.body);
        if (!info) {
          return Fail(info.error().code, "binance exchangeInfo: " + info.error().message);
        }
        binance.Configure(info->rate_limits);
        state.info = std::move(*info);
        return {};
      },
      [&](const Error& error) { state.error = error; });
}

// The providers' clock, which alone decides which day is still open: Binance's serverTime, else
// the `Date` header of any answer (Binance's, then CryptoCompare's), so a ban, a 451 or an outage
// of exchangeInfo never lets this machine's clock, which may be off, pick "today".
int64_t ProviderNowMillis(const ExchangeState& exchange, const fetch::Engine& engine) {
  if (exchange.info && exchange.info->server_time_ms > 0) return exchange.info->server_time_ms;
  for (fetch::Host host : fetch::kAllHosts) {
    if (const auto millis = engine.provider_time_ms(host)) return *millis;
  }
  // Unreachable in practice: discovery succeeded, so the ranking's provider answered.
  spdlog::warn("no provider answer carried its time; this machine's clock decides today");
  return WallClockMillis();
}

// Carries Binance's IP ban (HTTP 418) across runs through the database.
class BanKeeper {
 public:
  BanKeeper(store::CandleStore& store, fetch::BinancePolicy& binance)
      : store_(store), binance_(binance) {}

  // Blocks Binance until a stored ban ends; closes it for this run when that is further away
  // than `max_wait`.
  Status Restore(fetch::Engine& engine, std::chrono::milliseconds max_wait) {
    auto ban = store_.LoadBan(kBinanceBanKey, WallClockMillis());
    if (!ban) return tl::unexpected(ban.error());
    if (!*ban) return {};
    const fetch::TimePoint until{std::chrono::milliseconds{**ban}};
    binance_.BlockUntil(until, /*is_ban=*/true);
    saved_ = binance_.ban_until();
    if (until - fetch::Clock::now() > max_wait) {
      engine.CloseHost(fetch::Host::kBinance,
                       Error{ErrorCode::kRateLimited,
                             fmt::format("binance banned this IP until {}; rerun after that",
                                         IsoTimestamp(**ban))});
    }
    return {};
  }

  // Stores a ban seen in this run, once; called on every engine tick so a crash keeps it.
  void Persist() {
    const auto ban = binance_.ban_until();
    if (!ban || ban == saved_) return;
    saved_ = ban;
    const auto millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(ban->time_since_epoch());
    if (auto saved = store_.SaveBan(kBinanceBanKey, millis.count()); !saved) {
      spdlog::warn("could not remember binance's ban: {}", saved.error().message);
    }
  }

 private:
  store::CandleStore& store_;
  fetch::BinancePolicy& binance_;
  std::optional<fetch::TimePoint> saved_;
};

void CountCoin(RunReport& report, Source source) {
  switch (source) {
    case Source::kBinance:
      ++report.binance_coins;
      break;
    case Source::kCryptoCompare:
      ++report.cryptocompare_coins;
      break;
    case Source::kOkx:
      ++report.okx_coins;
      break;
    case Source::kBybit:
      ++report.bybit_coins;
      break;
  }
}

// The plans of the coins that need fetching; counts the rest in `report`.
std::vector<FetchPlan> PlanCoins(const std::vector<RoutedCoin>& routed,
                                 const std::map<std::string, store::SyncState>& synced,
                                 const std::map<std::string, Day>& no_market, Day today,
                                 RunReport& report) {
  std::vector<FetchPlan> plans;
  for (const RoutedCoin& coin : routed) {
    ++report.coins;
    CountCoin(report, coin.source);
    const auto sync = synced.find(coin.coin.symbol);
    const auto checked = no_market.find(coin.coin.symbol);
    // A marker of another source vouches for another venue's history: the new one backfills.
    const bool same_source = sync != synced.end() && sync->second.source == coin.source;
    plan::CoinPlan decided = plan::PlanCoin(
        coin, same_source ? std::optional(sync->second) : std::nullopt,
        checked == no_market.end() ? std::nullopt : std::optional(checked->second), today);
    switch (decided.decision) {
      case plan::Decision::kFetch:
        plans.push_back(std::move(decided.plan));
        break;
      case plan::Decision::kUpToDate:
        ++report.up_to_date;
        break;
      case plan::Decision::kStale:
        report.stale.push_back(coin.coin.symbol);
        break;
      case plan::Decision::kNoMarket:
        report.no_market.push_back(coin.coin.symbol);
        break;
    }
  }
  return plans;
}

// Without Binance's pair list (exchangeInfo failed), coins keep the route of the last run that
// ranked them; coins new to the top N, whose source cannot be decided, are reported failed. Fails
// with `cause` when no coin has a previous route, as on a first run.
Result<std::vector<RoutedCoin>> RouteFromLastRun(store::CandleStore& store,
                                                 const std::vector<Coin>& coins, const Error& cause,
                                                 RunReport& report) {
  auto previous = store.LoadRoutes();
  if (!previous) return tl::unexpected(previous.error());
  if (previous->empty()) return tl::unexpected(cause);
  spdlog::warn("{}; coins keep the source of the last run and binance coins wait for the next",
               cause.message);
  std::vector<RoutedCoin> routed;
  for (const Coin& coin : coins) {
    if (const auto route = previous->find(coin.symbol); route != previous->end()) {
      routed.push_back({coin, route->second.source, route->second.pair});
      continue;
    }
    ++report.coins;
    report.failures.push_back(
        {coin.symbol, Source::kCryptoCompare,
         fmt::format("new in the top N; its source needs binance's pair list: {}", cause.message)});
  }
  return routed;
}

// Takes the Binance coins out of `routed` as failures: their history cannot be fetched now.
std::vector<RoutedCoin> WithoutBinanceCoins(std::vector<RoutedCoin> routed, const Error& cause,
                                            RunReport& report) {
  std::erase_if(routed, [&](const RoutedCoin& coin) {
    if (coin.source != Source::kBinance) return false;
    ++report.coins;
    ++report.binance_coins;
    report.failures.push_back(
        {coin.coin.symbol, Source::kBinance, fmt::format("not fetched: {}", cause.message)});
    return true;
  });
  return routed;
}

// ---- The phases of a run; each hands a plain value to the next. ----

// discover: the top N from CryptoCompare (or CoinGecko, keyless) and, at the same time, Binance's
// pairs and clock.
struct Discovered {
  std::vector<Coin> coins;
  std::map<std::string, std::string> coingecko_ids;  // Ticker -> id, when CoinGecko ranked.
  ExchangeState exchange;
  int64_t now_ms = 0;                  // The providers' clock.
  std::string cryptocompare_ceilings;  // In force, and where they came from.
};

Result<Discovered> DiscoverPhase(fetch::Engine& engine, const Config& config,
                                 fetch::BinancePolicy& binance,
                                 fetch::CryptoComparePolicy& cryptocompare,
                                 const std::function<void()>& on_tick) {
  Discovered out;
  // Alongside discovery, whose few calls fit any plan; the history phase paces to the answer.
  // Only with a CryptoCompare key: the keyless path never calls CryptoCompare.
  if (!config.api_key.empty()) {
    SubmitPlanQuery(engine, config, cryptocompare, out.cryptocompare_ceilings);
  }
  std::unique_ptr<discover::Ranking> discovery;
  discover::CoinGeckoDiscovery* coingecko = nullptr;  // Set when CoinGecko ranks.
  if (config.ranking == RankingSource::kCoinGecko) {
    auto ranking =
        std::make_unique<discover::CoinGeckoDiscovery>(config.coingecko_base_url, config.top_n);
    coingecko = ranking.get();
    discovery = std::move(ranking);
  } else {
    discovery = std::make_unique<discover::Discovery>(config.cryptocompare_base_url, config.top_n);
  }
  discovery->SubmitPages(engine);
  SubmitExchangeInfo(engine, config, binance, out.exchange);
  engine.Run(on_tick);
  while (discovery->SubmitPages(engine)) engine.Run(on_tick);
  auto coins = discovery->Take();
  if (!coins) return tl::unexpected(coins.error());
  out.coins = std::move(*coins);
  if (coingecko != nullptr) out.coingecko_ids = coingecko->ids();
  out.now_ms = ProviderNowMillis(out.exchange, engine);
  return out;
}

// route: each coin's source, saved with the ranking. Binance's coins are left out (reported
// failed) when its pair list could not be had; the last run's routes stand in for it.
Result<std::vector<RoutedCoin>> RoutePhase(store::CandleStore& store, const Discovered& found,
                                           const route::AliasMap& aliases, RunReport& report) {
  const ExchangeState& exchange = found.exchange;
  if (exchange.info) {
    auto routed = route::RouteCoins(found.coins, exchange.info->pairs, aliases);
    if (auto saved = store.SaveSymbols(routed, IsoTimestamp(found.now_ms)); !saved) {
      return tl::unexpected(saved.error());
    }
    return routed;
  }
  const Error cause =
      exchange.error.value_or(Error{ErrorCode::kInternal, "binance exchangeInfo: no answer"});
  auto routed = RouteFromLastRun(store, found.coins, cause, report);
  if (!routed) return tl::unexpected(routed.error());
  if (auto saved = store.SaveSymbols(*routed, IsoTimestamp(found.now_ms)); !saved) {
    return tl::unexpected(saved.error());
  }
  return WithoutBinanceCoins(std::move(*routed), cause, report);
}

// route along VENUES (the keyless path, issue 12): each venue's market list is asked for only
// when a coin reaches its turn. Ranked coins no venue trades are saved without a source and
// reported as having no market.
Result<std::vector<RoutedCoin>> VenueRoutePhase(fetch::Engine& engine, const Config& config,
                                                store::CandleStore& store, const Discovered& found,
                                                const route::AliasMap& aliases, RunReport& report,
                                                std::map<std::string, Day>& okx_listed_on,
                                                const std::function<void()>& on_tick) {
  const ExchangeState& exchange = found.exchange;
  const Error cause =
      exchange.error.value_or(Error{ErrorCode::kInternal, "binance exchangeInfo: no answer"});
  auto venues = RouteAlongVenues(engine, config, found.coins,
                                 exchange.info ? std::optional(exchange.info->pairs) : std::nullopt,
                                 cause, aliases, store, report, on_tick);
  if (!venues) return tl::unexpected(venues.error());
  std::vector<RoutedCoin> ranked = venues->routed;
  ranked.insert(ranked.end(), venues->no_market.begin(), venues->no_market.end());
  if (auto saved = store.SaveSymbols(ranked, IsoTimestamp(found.now_ms)); !saved) {
    return tl::unexpected(saved.error());
  }
  for (const RoutedCoin& coin : venues->no_market) {
    ++report.coins;
    report.no_market.push_back(coin.coin.symbol);
  }
  okx_listed_on = std::move(venues->okx_listed_on);
  return std::move(venues->routed);
}

// plan: what each coin still needs, from what the store holds.
struct Planned {
  std::vector<FetchPlan> plans;
  std::map<std::string, Day> no_market;
};

Result<Planned> PlanPhase(store::CandleStore& store, const std::vector<RoutedCoin>& routed,
                          Day today, RunReport& report) {
  auto synced = store.LoadSyncState();
  if (!synced) return tl::unexpected(synced.error());
  auto no_market = store.LoadNoMarket();
  if (!no_market) return tl::unexpected(no_market.error());
  Planned out;
  out.plans = PlanCoins(routed, *synced, *no_market, today, report);
  out.no_market = std::move(*no_market);
  return out;
}

// Why the run is quiet, for the progress line: the hosts whose rate limit holds their next
// request for more than a few seconds (a Binance weight window another run used up, a
// CryptoCompare minute or hour ceiling), e.g. "binance paced by its rate limit, 38s to go".
std::string PacingNote(const fetch::Engine& engine) {
  constexpr auto kWorthSaying = std::chrono::seconds{2};
  const auto now = fetch::Clock::now();
  std::vector<std::string> held;
  for (fetch::Host host : fetch::kAllHosts) {
    const auto until = engine.held_until(host);
    if (!until || *until - now < kWorthSaying) continue;
    held.push_back(fmt::format("{} paced by its rate limit, {:.0f}s to go", fetch::HostName(host),
                               std::chrono::duration<double>(*until - now).count()));
  }
  return fmt::format("{}", fmt::join(held, "; "));
}

// The candles the store writer may hold queued: ~56 bytes each, so ~3.5 MiB, about 64 klines
// pages; enough to ride out a slow commit (a checkpoint) without stalling the transfers.
constexpr int64_t kMaxQueuedCandles = 64 * 1024;

// fetch + parse on this thread, store on the writer's: every plan through the engine, each page
// stored as it arrives.
void FetchPhase(fetch::Engine& engine, store::CandleStore& store, const Config& config,
                const Planned& planned, int64_t now_ms, std::map<std::string, Day> okx_listed_on,
                Progress& progress, RunReport& report, const std::atomic<bool>* stop,
                const std::function<void()>& persist_ban) {
  source::BinanceSource binance_source(config.binance_base_url);
  source::CryptoCompareSource cryptocompare_source(config.cryptocompare_base_url);
  source::OkxSource okx_source(config.okx_base_url);
  okx_source.SetListingDays(std::move(okx_listed_on));
  source::BybitSource bybit_source(config.bybit_base_url);
  StoreWriter writer(store, kMaxQueuedCandles);
  CoinFetcher fetcher(engine, writer, binance_source, cryptocompare_source, now_ms,
                      planned.no_market, progress, report);
  fetcher.AddSource(okx_source);
  fetcher.AddSource(bybit_source);
  progress.Start(static_cast<int>(planned.plans.size()));
  for (const FetchPlan& plan : planned.plans) fetcher.Fetch(plan);
  auto requests = [&] {
    int64_t total = 0;
    for (fetch::Host host : fetch::kAllHosts) total += engine.stats(host).requests;
    return total;
  };
  // A ban or a venue's pace is saved under the writer's lock, which waits for a commit in
  // progress: at most every 100 ms rather than on every poll, and once more at the end.
  auto persisted_at = std::chrono::steady_clock::time_point{};
  engine.Run([&] {
    if (const auto now = std::chrono::steady_clock::now();
        now - persisted_at >= std::chrono::milliseconds{100}) {
      writer.RunLocked(persist_ban);
      persisted_at = now;
    }
    progress.Tick(requests(), PacingNote(engine));
    if (stop != nullptr && stop->load() && !report.interrupted) {
      report.interrupted = true;
      engine.Stop(Error{ErrorCode::kUnavailable, "interrupted before it was fetched"});
    }
  });
  fetcher.AddWriteTotals(writer.Finish());  // Every parsed page is committed (or failed) here.
  persist_ban();
  progress.Tick(requests());
  progress.Finish();
}

}  // namespace

Result<RunReport> RunIngest(const Config& config, Progress& progress,
                            const std::atomic<bool>* stop) {
  const auto started = std::chrono::steady_clock::now();
  auto lock = store::IngestLock::Acquire(config.db_path);
  if (!lock) return tl::unexpected(lock.error());
  auto aliases = route::DefaultAliases();
  if (config.alias_file) {
    auto loaded = route::LoadAliasFile(*config.alias_file, std::move(aliases));
    if (!loaded) return tl::unexpected(loaded.error());
    aliases = std::move(*loaded);
  }
  auto store = store::CandleStore::Open(config.db_path);
  if (!store) return tl::unexpected(store.error());

  fetch::BinancePolicy binance(config.max_wait);
  fetch::CryptoComparePolicy cryptocompare(config.cryptocompare_limits, config.max_wait);
  fetch::Engine engine(EngineOptionsFor(config), binance, cryptocompare);

  // A ban from an earlier run outlives the process: never knock on a banned door.
  BanKeeper bans(**store, binance);
  if (auto restored = bans.Restore(engine, config.max_wait); !restored) {
    return tl::unexpected(restored.error());
  }
  // The keyless venues' governors (issue 12); Bybit's ban is remembered like Binance's.
  VenueHosts venue_hosts(config);
  if (auto attached = venue_hosts.Attach(engine, **store); !attached) {
    return tl::unexpected(attached.error());
  }
  const std::function<void()> persist_ban = [&] {
    bans.Persist();
    venue_hosts.Persist(**store);
  };

  progress.Stage(fmt::format("discovering the top {} coins and binance's pairs", config.top_n));
  auto found = DiscoverPhase(engine, config, binance, cryptocompare, persist_ban);
  if (!found) return tl::unexpected(found.error());
  RunReport report;
  report.cryptocompare_ceilings = found->cryptocompare_ceilings;
  std::map<std::string, Day> okx_listed_on;
  const bool classic =
      config.venues == std::vector<Source>{Source::kBinance, Source::kCryptoCompare};
  auto routed = classic ? RoutePhase(**store, *found, aliases, report)
                        : VenueRoutePhase(engine, config, **store, *found, aliases, report,
                                          okx_listed_on, persist_ban);
  if (!routed) return tl::unexpected(routed.error());
  if (!found->coingecko_ids.empty()) {
    if (auto saved = (*store)->SaveCoinGeckoIds(found->coingecko_ids); !saved) {
      return tl::unexpected(saved.error());
    }
  }
  auto planned = PlanPhase(**store, *routed, DayFromUnixMillis(found->now_ms), report);
  if (!planned) return tl::unexpected(planned.error());
  progress.Stage(fmt::format(
      "{} coins ({} binance, {} okx, {} bybit, {} cryptocompare); {} up to date, fetching {}",
      report.coins, report.binance_coins, report.okx_coins, report.bybit_coins,
      report.cryptocompare_coins, report.up_to_date, planned->plans.size()));
  FetchPhase(engine, **store, config, *planned, found->now_ms, std::move(okx_listed_on), progress,
             report, stop, persist_ban);
  venue_hosts.Persist(**store, /*final=*/true);

  for (fetch::Host host : fetch::kAllHosts) {
    report.retries += engine.stats(host).retries;
    report.rate_limit_waits += engine.stats(host).rate_limited;
    const double paced = std::chrono::duration<double>(engine.stats(host).paced).count();
    if (paced >= 0.1) report.paced.push_back({fetch::HostName(host), paced});
  }
  report.binance_requests = engine.stats(fetch::Host::kBinance).requests;
  report.cryptocompare_requests = engine.stats(fetch::Host::kCryptoCompare).requests;
  report.coingecko_requests = engine.stats(fetch::Host::kCoinGecko).requests;
  report.okx_requests = engine.stats(fetch::Host::kOkx).requests;
  report.bybit_requests = engine.stats(fetch::Host::kBybit).requests;
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

}  // namespace cryptoscope::pipeline
