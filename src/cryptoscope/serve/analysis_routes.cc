// /api/v1/indicators/{symbol}, /stats, /correlation, /screener: the analysis answers in the shapes
// of the API notes (analysis/report_json.h), computed over whole stored histories read through
// the request's Reader. Cached like every reply (response_cache.h) by request and data version.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <mutex>

#include "cryptoscope/analysis/indicator_spec.h"
#include "cryptoscope/analysis/report_json.h"
#include "cryptoscope/analysis/reports.h"
#include "cryptoscope/query/daily_series.h"
#include "cryptoscope/serve/routes.h"
#include "cryptoscope/serve/series_cache.h"

// Binds `var` to the value of a Result, or returns its error as the reply.
#define CS_TRY(var, expr) \
  auto var = (expr);      \
  if (!var) return ErrorReply((var).error());

namespace cryptoscope::serve {
namespace {

namespace an = cryptoscope::analysis;
using query::SymbolSummary;

constexpr const char* kDefaultIndicators = "sma:20,rsi:14,macd:12:26:9,bb:20:2";
constexpr size_t kMaxIndicators = 10;
constexpr size_t kMaxStatsSymbols = 20;
constexpr size_t kMaxCorrelationSymbols = 100;
constexpr int64_t kDefaultDays = 365;
// About 200 coins of 3000 days: the coins people look at stay in memory.
constexpr size_t kSeriesCacheBytes = 32u << 20;

using SeriesPtr = std::shared_ptr<const an::Series>;

// FindCoin (routes.h), but a coin without rows is not found either: nothing to analyse.
Result<const SymbolSummary*> FindCoinWithRows(Context& ctx, std::string_view text) {
  auto coin = FindCoin(ctx, text);
  const bool unknown = coin ? (*coin)->rows == 0 : coin.error().code == ErrorCode::kNotFound;
  if (unknown) {
    return Fail(ErrorCode::kNotFound,
                fmt::format("unknown symbol '{}' (or no stored rows); see /api/v1/symbols",
                            text));
  }
  return coin;
}

// Every stored row of `symbol`, from SQLite.
Result<an::Series> ReadSeries(Context& ctx, const std::string& symbol) {
  auto reader = ctx.reader();
  if (!reader) return tl::unexpected(std::move(reader.error()));
  return query::LoadDailySeries(**reader, symbol);
}

// The series of `symbol` at the request's data version, from `cache` when kept there.
Result<SeriesPtr> LoadSeries(SeriesCache& cache, Context& ctx, const std::string& symbol) {
  return cache.Get(symbol, ctx.generation(), [&] { return ReadSeries(ctx, symbol); });
}

Result<std::optional<Day>> OptionalDay(const Request& req, std::string_view name) {
  auto text = req.params.One(name);
  if (!text) return tl::unexpected(std::move(text.error()));
  if (!*text) return std::optional<Day>();
  auto day = ValidateDay(name, **text);
  if (!day) return tl::unexpected(std::move(day.error()));
  return std::optional<Day>(*day);
}

Result<int64_t> OptionalInt(const Request& req, std::string_view name, int64_t fallback,
                            int64_t min, int64_t max) {
  auto text = req.params.One(name);
  if (!text) return tl::unexpected(std::move(text.error()));
  if (!*text) return fallback;
  return ValidateInt(name, **text, min, max);
}

struct Range {
  Day from, to;
  bool to_asked = false;  // `to` came from the request (else from the data).
};

// to = `to` or `last`; from = `from`, else `first` when given, else to - days.
Result<Range> ResolveRange(const Request& req, Day last, std::optional<Day> first) {
  auto from = OptionalDay(req, "from");
  if (!from) return tl::unexpected(std::move(from.error()));
  auto to = OptionalDay(req, "to");
  if (!to) return tl::unexpected(std::move(to.error()));
  auto days = OptionalInt(req, "days", kDefaultDays, 1, 100'000);
  if (!days) return tl::unexpected(std::move(days.error()));
  Range range;
  range.to = to->value_or(last);
  range.to_asked = to->has_value();
  range.from = *from ? **from : first ? *first : range.to - std::chrono::days{*days};
  if (range.from > range.to) return Fail(ErrorCode::kInvalidArgument, "from is after to");
  return range;
}

Result<Day> LatestDay(Context& ctx) {
  auto catalog = ctx.catalog();
  if (!catalog) return tl::unexpected(std::move(catalog.error()));
  const auto day = (*catalog)->latest_day ? ParseDay(*(*catalog)->latest_day) : std::nullopt;
  if (!day) return Fail(ErrorCode::kNotFound, "the database holds no rows yet");
  return *day;
}

// Closed days before the newest stored day never change: such answers keep for a year.
// Only an asked `to`: a default one follows the data, so the answer changes with the next ingest.
Result<Freshness> FreshnessOf(Context& ctx, const Range& range) {
  if (!range.to_asked) return Freshness::kShort;
  auto latest = LatestDay(ctx);
  if (!latest) return tl::unexpected(std::move(latest.error()));
  return range.to < *latest ? Freshness::kImmutable : Freshness::kShort;
}

// symbols=A,B,... (validated, known, distinct) within [min, max].
Result<std::vector<const SymbolSummary*>> SymbolList(Context& ctx, std::string_view list,
                                                     size_t min, size_t max) {
  const auto bad = [&] {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("symbols must list {} to {} different symbols separated by commas, "
                            "e.g. symbols=BTC,ETH",
                            min, max));
  };
  std::vector<const SymbolSummary*> coins;
  while (true) {
    const size_t comma = list.find(',');
    auto coin = FindCoinWithRows(ctx, list.substr(0, comma));
    if (!coin) return tl::unexpected(std::move(coin.error()));
    if (std::find(coins.begin(), coins.end(), *coin) != coins.end()) return bad();
    coins.push_back(*coin);
    if (coins.size() > max) return bad();
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  if (coins.size() < min) return bad();
  return coins;
}

// Coins in the top N (rank not null) that have rows, by rank.
Result<std::vector<const SymbolSummary*>> RankedCoins(Context& ctx) {
  auto catalog = ctx.catalog();
  if (!catalog) return tl::unexpected(std::move(catalog.error()));
  std::vector<const SymbolSummary*> coins;
  for (const auto& coin : (*catalog)->coins) {
    if (coin.rank && coin.rows > 0) coins.push_back(&coin);
  }
  std::sort(coins.begin(), coins.end(), [](const SymbolSummary* a, const SymbolSummary* b) {
    return std::tie(*a->rank, a->symbol) < std::tie(*b->rank, b->symbol);
  });
  return coins;
}

// The indicator list: ind=rsi:14,macd (API notes), or the repeated form
// name=rsi&period=14&name=sma&period=20, each period belonging to the name before it.
Result<std::string> IndicatorList(const Request& req) {
  auto ind = req.params.One("ind");
  if (!ind) return tl::unexpected(std::move(ind.error()));
  std::string list;
  for (const auto& [key, value] : req.params.all()) {
    if (key == "name") {
      if (!list.empty()) list += ',';
      list += value;
    } else if (key == "period") {
      if (list.empty() || list.back() == ',') {
        return Fail(ErrorCode::kInvalidArgument,
                    "period must follow a name, e.g. name=rsi&period=14");
      }
      list += ':' + value;
    }
  }
  if (*ind && !list.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "give ind or name/period, not both");
  }
  if (*ind) return **ind;
  return list.empty() ? std::string(kDefaultIndicators) : list;
}

Reply Indicators(SeriesCache& cache, const Request& req, Context& ctx) {
  CS_TRY(allowed, req.params.OnlyAllowed({"ind", "name", "period", "from", "to"}));
  CS_TRY(coin, FindCoinWithRows(ctx, req.captures[0]));
  CS_TRY(text, IndicatorList(req));
  CS_TRY(specs, an::ParseIndicators(*text));
  if (specs->size() > kMaxIndicators) {
    return ErrorReply(400, fmt::format("ind lists at most {} indicators", kMaxIndicators));
  }
  CS_TRY(loaded, LoadSeries(cache, ctx, (*coin)->symbol));
  const an::Series* series = loaded->get();
  if (series->size() == 0) return ErrorReply(404, "no stored rows");
  CS_TRY(range, ResolveRange(req, series->days.back(), series->days.front()));
  std::vector<an::IndicatorValues> values;
  for (const auto& spec : *specs) {
    CS_TRY(computed, an::ComputeIndicator(spec, *series));
    values.push_back(std::move(*computed));
  }
  CS_TRY(freshness, FreshnessOf(ctx, *range));
  return JsonReply(an::IndicatorsJson((*coin)->symbol, *series, values, range->from, range->to),
                   *freshness);
}

Reply Stats(SeriesCache& cache, const Request& req, Context& ctx) {
  CS_TRY(allowed, req.params.OnlyAllowed({"symbols", "from", "to", "days", "rf", "benchmark"}));
  CS_TRY(list, req.params.One("symbols"));
  if (!*list) return ErrorReply(400, "symbols is required, e.g. symbols=BTC,ETH");
  CS_TRY(coins, SymbolList(ctx, **list, 1, kMaxStatsSymbols));
  CS_TRY(rf_text, req.params.One("rf"));
  double rf = 0;
  if (*rf_text) {
    char* end = nullptr;
    rf = std::strtod((*rf_text)->c_str(), &end);
    if ((*rf_text)->empty() || *end != '\0' || !std::isfinite(rf)) {
      return ErrorReply(400, "rf must be an annual rate as a fraction, e.g. rf=0.04");
    }
  }
  CS_TRY(latest, LatestDay(ctx));
  CS_TRY(range, ResolveRange(req, *latest, std::nullopt));
  // Beta against `benchmark` (it must exist), else BTC when stored, else none.
  CS_TRY(benchmark_text, req.params.One("benchmark"));
  std::string benchmark;
  SeriesPtr benchmark_series;
  {
    auto found = FindCoinWithRows(ctx, benchmark_text->value_or("BTC"));
    if (!found && *benchmark_text) return ErrorReply(found.error());
    if (found) {
      benchmark = (*found)->symbol;
      CS_TRY(loaded, LoadSeries(cache, ctx, benchmark));
      benchmark_series = std::move(*loaded);
    }
  }
  std::vector<an::CoinStats> stats;
  for (const auto* coin : *coins) {
    CS_TRY(series, LoadSeries(cache, ctx, coin->symbol));
    CS_TRY(one, an::StatsInRange(coin->symbol, **series, range->from, range->to, rf));
    if (benchmark_series) {
      CS_TRY(beta, an::BetaInRange(**series, *benchmark_series, range->from, range->to));
      one->beta = *beta;
    }
    stats.push_back(std::move(*one));
  }
  CS_TRY(freshness, FreshnessOf(ctx, *range));
  return JsonReply(an::StatsJson(range->from, range->to, rf, benchmark, stats), *freshness);
}

Reply Correlation(SeriesCache& cache, const Request& req, Context& ctx) {
  CS_TRY(allowed, req.params.OnlyAllowed({"symbols", "top", "from", "to", "days"}));
  CS_TRY(list, req.params.One("symbols"));
  CS_TRY(top_text, req.params.One("top"));
  if (*list && *top_text) return ErrorReply(400, "give symbols or top, not both");
  std::vector<const SymbolSummary*> coins;
  if (*list) {
    CS_TRY(listed, SymbolList(ctx, **list, 2, kMaxCorrelationSymbols));
    coins = std::move(*listed);
  } else {
    CS_TRY(top, OptionalInt(req, "top", 20, 2, kMaxCorrelationSymbols));
    CS_TRY(ranked, RankedCoins(ctx));
    coins.assign(ranked->begin(),
                 ranked->begin() + std::min<size_t>(ranked->size(), static_cast<size_t>(*top)));
    if (coins.size() < 2) return ErrorReply(404, "fewer than 2 ranked coins have rows");
  }
  CS_TRY(latest, LatestDay(ctx));
  CS_TRY(range, ResolveRange(req, *latest, std::nullopt));
  std::vector<SeriesPtr> loaded;
  loaded.reserve(coins.size());
  for (const auto* coin : coins) {
    CS_TRY(series, LoadSeries(cache, ctx, coin->symbol));
    loaded.push_back(std::move(*series));
  }
  std::vector<an::NamedSeries> named;
  for (size_t i = 0; i < coins.size(); ++i) {
    named.push_back({coins[i]->symbol, "", loaded[i].get()});
  }
  CS_TRY(report, an::CorrelateInRange(named, range->from, range->to));
  CS_TRY(freshness, FreshnessOf(ctx, *range));
  return JsonReply(an::CorrelationJson(*report), *freshness);
}

// Every ranked coin's screener measures for one data generation: a few numbers per coin, so any
// by/order/top is answered without reading the store again until the next ingest.
class ScreenTable {
 public:
  Result<std::shared_ptr<const std::vector<an::ScreenEntry>>> Get(Context& ctx) {
    {
      std::lock_guard lock(mutex_);
      if (entries_ && generation_ == ctx.generation()) return entries_;
    }
    auto ranked = RankedCoins(ctx);
    if (!ranked) return tl::unexpected(std::move(ranked.error()));
    auto entries = std::make_shared<std::vector<an::ScreenEntry>>();
    // Read each coin directly (the whole store would only churn the series cache), measure it,
    // and let it go: memory stays at one series.
    for (const auto* coin : *ranked) {
      auto series = ReadSeries(ctx, coin->symbol);
      if (!series) return tl::unexpected(std::move(series.error()));
      auto entry = an::MeasureForScreen({coin->symbol, coin->name.value_or(""), &*series});
      if (entry) entries->push_back(std::move(*entry));
    }
    std::lock_guard lock(mutex_);
    if (!entries_ || ctx.generation() >= generation_) {
      entries_ = entries;
      generation_ = ctx.generation();
    }
    return std::shared_ptr<const std::vector<an::ScreenEntry>>(entries);
  }

 private:
  std::mutex mutex_;
  uint64_t generation_ = 0;
  std::shared_ptr<const std::vector<an::ScreenEntry>> entries_;
};

struct AnalysisState {
  SeriesCache series{kSeriesCacheBytes};
  ScreenTable screen;
};

Reply Screener(AnalysisState& state, const Request& req, Context& ctx) {
  CS_TRY(allowed, req.params.OnlyAllowed({"by", "top", "order"}));
  CS_TRY(by_text, req.params.One("by"));
  const auto by = an::ScreenMeasureFromName(by_text->value_or("return_30d"));
  if (!by) {
    return ErrorReply(400, fmt::format("by must be one of {}", an::kScreenMeasureNames));
  }
  CS_TRY(top, OptionalInt(req, "top", 100, 1, 10'000));
  CS_TRY(order, req.params.One("order"));
  const std::string order_text = order->value_or("desc");
  if (order_text != "desc" && order_text != "asc") {
    return ErrorReply(400, "order must be desc or asc");
  }
  CS_TRY(entries, state.screen.Get(ctx));
  const bool ascending = order_text == "asc";
  const auto report = an::RankForScreen(*by, **entries, static_cast<int>(*top), ascending);
  // Measured at each coin's newest day: changes with the next ingest.
  return JsonReply(an::ScreenJson(report, ascending), Freshness::kShort);
}

}  // namespace

void AddAnalysisRoutes(Router& router) {
  auto state = std::make_shared<AnalysisState>();
  auto bind = [state](Reply (*handler)(SeriesCache&, const Request&, Context&)) {
    return [state, handler](const Request& req, Context& ctx) {
      return handler(state->series, req, ctx);
    };
  };
  router.Get("/api/v1/indicators/{symbol}", bind(Indicators));
  router.Get("/api/v1/stats", bind(Stats));
  router.Get("/api/v1/correlation", bind(Correlation));
  router.Get("/api/v1/screener",
             [state](const Request& req, Context& ctx) { return Screener(*state, req, ctx); });
}

}  // namespace cryptoscope::serve
