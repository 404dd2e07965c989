// /api/v1: symbols, one symbol with coverage, ohlcv, compare, health. Each handler validates its
// parameters into plain values, asks the query layer, and serializes.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "cryptoscope/query/bars.h"
#include "cryptoscope/query/compare.h"
#include "cryptoscope/query/coverage.h"
#include "cryptoscope/serve/json_writer.h"
#include "cryptoscope/serve/routes.h"
#include "cryptoscope/serve/serialize.h"

namespace cryptoscope::serve {
namespace {

using query::Bar;
using query::Interval;
using query::SymbolSummary;

constexpr int64_t kMaxSymbolsLimit = 10'000;
constexpr int64_t kMaxOhlcvRows = 10'000;
constexpr size_t kMaxCompareSymbols = 10;
constexpr int64_t kAllDays = 1'000'000;  // More than any history (2700 years of days).

// An optional date parameter.
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

// [from, to] as asked; nullopt ends are open.
struct Window {
  std::optional<Day> from;
  std::optional<Day> to;
};

Result<Window> ParseWindow(const Request& req) {
  auto from = OptionalDay(req, "from");
  if (!from) return tl::unexpected(std::move(from.error()));
  auto to = OptionalDay(req, "to");
  if (!to) return tl::unexpected(std::move(to.error()));
  if (*from && *to && **from > **to) {
    return Fail(ErrorCode::kInvalidArgument, "from is after to");
  }
  return Window{*from, *to};
}

// A reply may be kept for a year when it ends before the newest stored day of any coin: such
// days are closed and ingest never rewrites them.
Freshness FreshnessFor(std::optional<Day> last_day_covered, const query::Catalog& catalog) {
  if (!last_day_covered || !catalog.latest_day) return Freshness::kShort;
  return FormatDay(*last_day_covered) < *catalog.latest_day ? Freshness::kImmutable
                                                            : Freshness::kShort;
}

Reply Symbols(const Request& req, Context& ctx) {
  CS_TRY(allowed, req.params.OnlyAllowed({"q", "source", "sort", "limit", "offset", "format"}));
  CS_TRY(csv, WantsCsv(req));
  query::SymbolFilter filter;
  CS_TRY(q, req.params.One("q"));
  CS_TRY(source, req.params.One("source"));
  CS_TRY(sort_text, req.params.One("sort"));
  filter.q = q->value_or("");
  filter.source = source->value_or("");
  if (*sort_text) {
    auto sort = query::ParseSort(**sort_text);
    if (!sort) {
      return ErrorReply(400,
                        "sort must be rank, symbol, market_cap, rows, first_day or "
                        "last_day, optionally prefixed by '-' for descending");
    }
    std::tie(filter.sort, filter.descending) = *sort;
  }
  CS_TRY(limit, OptionalInt(req, "limit", 100, 1, kMaxSymbolsLimit));
  CS_TRY(offset, OptionalInt(req, "offset", 0, 0, kMaxSymbolsLimit * 100));
  filter.limit = *limit;
  filter.offset = *offset;
  CS_TRY(catalog, ctx.catalog());
  const query::SymbolPage page = query::ListSymbols(**catalog, filter);
  if (*csv) return CsvReply(SymbolsCsv(page.data), "symbols", Freshness::kShort);
  JsonWriter json;
  json.BeginObject().Key("total").Int(page.total).Key("limit").Int(filter.limit);
  json.Key("offset").Int(filter.offset).Key("data").BeginArray();
  for (const auto* coin : page.data) {
    json.BeginObject();
    WriteSymbolFields(json, *coin);
    json.EndObject();
  }
  json.EndArray().EndObject();
  return JsonReply(json.Take());
}

Reply Symbol(const Request& req, Context& ctx) {
  CS_TRY(allowed, req.params.OnlyAllowed({}));
  CS_TRY(coin, FindCoin(ctx, req.captures[0]));
  CS_TRY(reader, ctx.reader());
  CS_TRY(dates, (*reader)->Dates((*coin)->symbol));
  CS_TRY(known, (*reader)->KnownGapDates((*coin)->symbol));
  CS_TRY(sync, (*reader)->Sync((*coin)->symbol));
  query::Coverage coverage = query::FindGaps(*dates, *known);
  coverage.synced_through = sync->synced_through;
  coverage.stale_since = sync->stale_since;
  JsonWriter json;
  json.BeginObject();
  WriteSymbolFields(json, **coin);
  json.Key("coverage");
  WriteCoverage(json, coverage);
  json.EndObject();
  return JsonReply(json.Take());
}

Reply Ohlcv(const Request& req, Context& ctx) {
  CS_TRY(allowed, req.params.OnlyAllowed({"from", "to", "interval", "limit", "format"}));
  CS_TRY(coin, FindCoin(ctx, req.captures[0]));
  CS_TRY(window, ParseWindow(req));
  CS_TRY(interval_text, req.params.One("interval"));
  const auto interval = query::ParseInterval(interval_text->value_or("1d"));
  if (!interval) return ErrorReply(400, "interval must be 1d, 1w or 1M");
  CS_TRY(limit, OptionalInt(req, "limit", kMaxOhlcvRows, 1, kMaxOhlcvRows));
  CS_TRY(csv, WantsCsv(req));
  CS_TRY(catalog, ctx.catalog());
  // Whole periods: the bars whose period overlaps [from, to].
  std::optional<Day> from = window->from, to = window->to;
  if (from) from = query::PeriodStart(*from, *interval);
  if (to) to = query::PeriodEnd(*to, *interval);
  CS_TRY(reader, ctx.reader());
  const bool daily = *interval == Interval::kDay;
  CS_TRY(days, (*reader)->Bars((*coin)->symbol, from ? FormatDay(*from) : "0000-01-01",
                               to ? FormatDay(*to) : "9999-12-31", daily ? *limit : kAllDays));
  std::vector<Bar> bars = daily ? std::move(*days) : query::Aggregate(*days, *interval);
  if (static_cast<int64_t>(bars.size()) > *limit) {
    bars.erase(bars.begin(), bars.end() - *limit);  // Keep the newest.
  }
  bool partial_last = false;
  if (!daily && !bars.empty() && (*coin)->last_day) {
    const auto start = ParseDay(bars.back().date);
    partial_last = start && FormatDay(query::PeriodEnd(*start, *interval)) > *(*coin)->last_day;
  }
  const Freshness freshness = FreshnessFor(to, **catalog);
  const auto name = query::IntervalName(*interval);
  if (*csv) return CsvReply(BarsCsv(bars), fmt::format("{}_{}", (*coin)->symbol, name), freshness);
  JsonWriter json;
  json.BeginObject().Key("symbol").String((*coin)->symbol).Key("interval").String(name);
  json.Key("source").Optional((*coin)->source).Key("pair").Optional((*coin)->pair);
  json.Key("partial_last").Bool(partial_last).Key("rows").BeginArray();
  for (const Bar& bar : bars) WriteBar(json, bar);
  json.EndArray().EndObject();
  return JsonReply(json.Take(), freshness);
}

Result<std::vector<const SymbolSummary*>> CompareCoins(const Request& req, Context& ctx) {
  auto list = req.params.One("symbols");
  if (!list) return tl::unexpected(std::move(list.error()));
  const auto bad = [] {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("symbols must list 2 to {} different symbols separated by commas, "
                            "e.g. symbols=BTC,ETH",
                            kMaxCompareSymbols));
  };
  if (!*list) return bad();
  std::vector<const SymbolSummary*> coins;
  std::string_view rest = **list;
  while (true) {
    const size_t comma = rest.find(',');
    auto coin = FindCoin(ctx, rest.substr(0, comma));
    if (!coin) return tl::unexpected(std::move(coin.error()));
    if (std::find(coins.begin(), coins.end(), *coin) != coins.end()) return bad();
    coins.push_back(*coin);
    if (coins.size() > kMaxCompareSymbols) return bad();
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  if (coins.size() < 2) return bad();
  return coins;
}

Reply Compare(const Request& req, Context& ctx) {
  CS_TRY(allowed, req.params.OnlyAllowed({"symbols", "from", "to", "format"}));
  CS_TRY(window, ParseWindow(req));
  CS_TRY(csv, WantsCsv(req));
  CS_TRY(coins, CompareCoins(req, ctx));
  CS_TRY(catalog, ctx.catalog());
  CS_TRY(reader, ctx.reader());
  std::vector<query::CoinBars> series;
  for (const auto* coin : *coins) {
    CS_TRY(bars,
           (*reader)->Bars(coin->symbol, window->from ? FormatDay(*window->from) : "0000-01-01",
                           window->to ? FormatDay(*window->to) : "9999-12-31", kAllDays));
    series.push_back({coin->symbol, std::move(*bars)});
  }
  const auto comparison = query::Compare(series);
  if (!comparison) return ErrorReply(404, "no day in the range on which every symbol has a row");
  const Freshness freshness = FreshnessFor(window->to, **catalog);
  if (*csv) return CsvReply(CompareCsv(*comparison), "compare", freshness);
  JsonWriter json;
  json.BeginObject().Key("base_day").String(comparison->base_day);
  json.Key("last_day").String(comparison->last_day).Key("series").BeginArray();
  for (const auto& s : comparison->series) {
    json.BeginObject().Key("symbol").String(s.symbol).Key("total_return").Number(s.total_return);
    json.Key("points").BeginArray();
    for (const auto& point : s.points) {
      json.BeginObject().Key("date").String(point.date).Key("value").Number(point.value);
      json.EndObject();
    }
    json.EndArray().EndObject();
  }
  json.EndArray().EndObject();
  return JsonReply(json.Take(), freshness);
}

Reply Health(const Request& req, Context& ctx) {
  CS_TRY(allowed, req.params.OnlyAllowed({}));
  CS_TRY(catalog, ctx.catalog());
  CS_TRY(reader, ctx.reader());
  CS_TRY(facts, (*reader)->Facts());
  JsonWriter json;
  json.BeginObject().Key("status").String("ok");
  json.Key("schema_version").Int(facts->schema_version);
  json.Key("coins").Int(static_cast<int64_t>((*catalog)->coins.size()));
  json.Key("rows").Int((*catalog)->total_rows);
  json.Key("last_ingest").Optional(facts->last_ingest);
  json.Key("last_day").Optional((*catalog)->latest_day);
  json.EndObject();
  return JsonReply(json.Take(), Freshness::kRevalidate);
}

}  // namespace

void AddApiRoutes(Router& router) {
  router.Get("/api/v1/symbols", Symbols);
  router.Get("/api/v1/symbols/{symbol}", Symbol);
  router.Get("/api/v1/ohlcv/{symbol}", Ohlcv);
  router.Get("/api/v1/compare", Compare);
  router.Get("/api/v1/health", Health);
}

}  // namespace cryptoscope::serve
