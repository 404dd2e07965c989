// TradingView UDF face under /udf (serving.md section 3): config, symbols, search, history, time.
// UDF clients expect HTTP 200 with {"s":"error","errmsg":..} for bad input, never an error
// status; /history returns only bars inside [from, to) (or the `countback` bars before `to`) and
// says no_data (with nextTime when older bars exist) rather than an empty ok.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "cryptoscope/query/bars.h"
#include "cryptoscope/serve/json_writer.h"
#include "cryptoscope/serve/routes.h"

namespace cryptoscope::serve {
namespace {

using query::Bar;
using query::Interval;
using query::SymbolSummary;

constexpr int64_t kMaxSearchResults = 1000;
constexpr int64_t kMaxBars = 10'000;
constexpr int64_t kAllDays = 1'000'000;
constexpr int64_t kMaxSeconds = 253'402'300'799;  // 9999-12-31T23:59:59Z.

Reply UdfError(std::string_view message) {
  JsonWriter json;
  json.BeginObject().Key("s").String("error").Key("errmsg").String(message).EndObject();
  return JsonReply(json.Take(), Freshness::kNoStore);
}

void WriteResolutions(JsonWriter& json) {
  json.BeginArray().String("1D").String("1W").String("1M").EndArray();
}

// "D", "1D", "W", "1W", "M", "1M" (TradingView sends both spellings).
std::optional<Interval> ParseResolution(std::string_view text) {
  if (text == "D" || text == "1D") return Interval::kDay;
  if (text == "W" || text == "1W") return Interval::kWeek;
  if (text == "M" || text == "1M") return Interval::kMonth;
  return std::nullopt;
}

// A ticker as sent back by the client: "BTC" or "EXCHANGE:BTC".
Result<const SymbolSummary*> UdfCoin(const Request& req, Context& ctx) {
  auto text = req.params.One("symbol");
  if (!text) return tl::unexpected(std::move(text.error()));
  if (!*text) return Fail(ErrorCode::kInvalidArgument, "symbol is required");
  std::string_view ticker = **text;
  if (const size_t colon = ticker.rfind(':'); colon != std::string_view::npos) {
    ticker.remove_prefix(colon + 1);
  }
  auto symbol = ValidateSymbol(ticker);
  if (!symbol) return tl::unexpected(std::move(symbol.error()));
  auto catalog = ctx.catalog();
  if (!catalog) return tl::unexpected(std::move(catalog.error()));
  const SymbolSummary* coin = (*catalog)->Find(*symbol);
  if (coin == nullptr) return Fail(ErrorCode::kNotFound, "unknown symbol");
  return coin;
}

// 10^decimals with at least 4 significant digits for `price` (2..12 decimals): prices span
// 1e-8 to 1e5, so one scale for all coins would either flatten small ones or show noise.
int64_t PriceScale(std::optional<double> price) {
  int decimals = 2;
  if (price && *price > 0 && std::isfinite(*price)) {
    decimals = std::clamp(static_cast<int>(std::ceil(-std::log10(*price))) + 4, 2, 12);
  }
  int64_t scale = 1;
  for (int i = 0; i < decimals; ++i) scale *= 10;
  return scale;
}

// The quote currency of the coin's prices: "USDT" for a Binance *USDT pair, else "USD".
std::string_view CurrencyOf(const SymbolSummary& coin) {
  if (coin.pair && coin.pair->size() > 4 &&
      std::string_view(*coin.pair).substr(coin.pair->size() - 4) == "USDT") {
    return "USDT";
  }
  if (coin.pair && coin.pair->size() > 3 &&
      std::string_view(*coin.pair).substr(coin.pair->size() - 3) == "BTC") {
    return "BTC";
  }
  return "USD";
}

Reply Config(const Request&, Context&) {
  JsonWriter json;
  json.BeginObject().Key("supported_resolutions");
  WriteResolutions(json);
  json.Key("supports_search").Bool(true).Key("supports_group_request").Bool(false);
  json.Key("supports_marks").Bool(false).Key("supports_timescale_marks").Bool(false);
  json.Key("supports_time").Bool(true).Key("exchanges").BeginArray();
  for (const auto& [value, name] : {std::pair<const char*, const char*>{"", "All sources"},
                                    {"binance", "Binance"},
                                    {"cryptocompare", "CryptoCompare"}}) {
    json.BeginObject().Key("value").String(value).Key("name").String(name);
    json.Key("desc").String(name).EndObject();
  }
  json.EndArray().Key("symbols_types").BeginArray();
  json.BeginObject().Key("name").String("All types").Key("value").String("").EndObject();
  json.BeginObject().Key("name").String("Crypto").Key("value").String("crypto").EndObject();
  json.EndArray().EndObject();
  return JsonReply(json.Take(), Freshness::kShort);
}

Reply Symbols(const Request& req, Context& ctx) {
  auto coin = UdfCoin(req, ctx);
  if (!coin) return UdfError(coin.error().message);
  const SymbolSummary& c = **coin;
  const std::string exchange = c.source.value_or("");
  // The scale follows the price; without one from discovery, the last stored close.
  std::optional<double> price = c.price;
  if (!price && c.last_day) {
    auto reader = ctx.reader();
    if (!reader) return ErrorReply(reader.error());
    auto last = (*reader)->Bars(c.symbol, *c.last_day, *c.last_day, 1);
    if (!last) return ErrorReply(last.error());
    if (!last->empty()) price = last->back().close;
  }
  JsonWriter json;
  json.BeginObject().Key("name").String(c.symbol).Key("ticker").String(c.symbol);
  json.Key("description").String(c.name.value_or(c.symbol)).Key("type").String("crypto");
  json.Key("session").String("24x7").Key("timezone").String("Etc/UTC");
  json.Key("exchange").String(exchange).Key("listed_exchange").String(exchange);
  json.Key("format").String("price").Key("minmov").Int(1);
  json.Key("pricescale").Int(PriceScale(price)).Key("has_intraday").Bool(false);
  json.Key("has_daily").Bool(true).Key("has_weekly_and_monthly").Bool(true);
  json.Key("supported_resolutions");
  WriteResolutions(json);
  json.Key("visible_plots_set").String("ohlcv").Key("volume_precision").Int(4);
  json.Key("data_status").String("endofday").Key("currency_code").String(CurrencyOf(c));
  json.EndObject();
  return JsonReply(json.Take(), Freshness::kShort);
}

Reply Search(const Request& req, Context& ctx) {
  auto query = req.params.One("query");
  auto type = req.params.One("type");
  auto exchange = req.params.One("exchange");
  auto limit_text = req.params.One("limit");
  if (!query || !type || !exchange || !limit_text) return UdfError("a parameter is repeated");
  query::SymbolFilter filter;
  filter.q = query->value_or("");
  filter.source = exchange->value_or("");
  filter.limit = 30;
  if (*limit_text) {
    auto limit = ValidateInt("limit", **limit_text, 1, kMaxSearchResults);
    if (!limit) return UdfError(limit.error().message);
    filter.limit = *limit;
  }
  auto catalog = ctx.catalog();
  if (!catalog) return ErrorReply(catalog.error());
  JsonWriter json;
  json.BeginArray();
  const std::string type_text = type->value_or("");
  if (type_text.empty() || type_text == "crypto") {
    for (const auto* coin : query::ListSymbols(**catalog, filter).data) {
      json.BeginObject().Key("symbol").String(coin->symbol).Key("full_name").String(coin->symbol);
      json.Key("description").String(coin->name.value_or(coin->symbol));
      json.Key("exchange").String(coin->source.value_or("")).Key("ticker").String(coin->symbol);
      json.Key("type").String("crypto").EndObject();
    }
  }
  json.EndArray();
  return JsonReply(json.Take(), Freshness::kShort);
}

Result<std::optional<int64_t>> OptionalInteger(const Request& req, std::string_view name,
                                               int64_t min, int64_t max) {
  auto text = req.params.One(name);
  if (!text) return tl::unexpected(std::move(text.error()));
  if (!*text) return std::optional<int64_t>();
  auto value = ValidateInt(name, **text, min, max);
  if (!value) return tl::unexpected(std::move(value.error()));
  return std::optional<int64_t>(*value);
}

int64_t BarTime(const Bar& bar) {
  const auto day = ParseDay(bar.date);
  return day ? UnixSeconds(*day) : 0;
}

Reply History(const Request& req, Context& ctx) {
  auto coin = UdfCoin(req, ctx);
  if (!coin) return UdfError(coin.error().message);
  auto resolution_text = req.params.One("resolution");
  if (!resolution_text) return UdfError(resolution_text.error().message);
  const auto resolution = ParseResolution(resolution_text->value_or("1D"));
  if (!resolution) return UdfError("resolution must be 1D, 1W or 1M (or D, W, M)");
  auto from = OptionalInteger(req, "from", -kMaxSeconds, kMaxSeconds);
  auto to = OptionalInteger(req, "to", -kMaxSeconds, kMaxSeconds);
  auto countback = OptionalInteger(req, "countback", 1, kMaxBars);
  if (!from) return UdfError(from.error().message);
  if (!to) return UdfError(to.error().message);
  if (!countback) return UdfError(countback.error().message);
  if (!*to) return UdfError("to is required (Unix seconds, exclusive)");
  if (!*from && !*countback) return UdfError("from or countback is required");

  auto reader = ctx.reader();
  if (!reader) return ErrorReply(reader.error());
  auto days = (*reader)->Bars((*coin)->symbol, "0000-01-01", "9999-12-31", kAllDays);
  if (!days) return ErrorReply(days.error());
  const std::vector<Bar> bars = query::Aggregate(*days, *resolution);
  // Bars before `to` (exclusive), then those at or after `from` unless countback decides.
  const auto end = std::partition_point(bars.begin(), bars.end(),
                                        [&](const Bar& b) { return BarTime(b) < **to; });
  auto begin = bars.begin();
  if (*countback) {
    begin = end - std::min<int64_t>(**countback, end - bars.begin());
  } else {
    begin =
        std::partition_point(bars.begin(), end, [&](const Bar& b) { return BarTime(b) < **from; });
  }
  if (end - begin > kMaxBars) begin = end - kMaxBars;  // Keep the newest, as the sample server.
  // Final when every bar before `to` is a closed period older than the newest stored day: the
  // bar of the period holding that day starts at PeriodStart(newest).
  auto catalog = ctx.catalog();
  if (!catalog) return ErrorReply(catalog.error());
  Freshness freshness = Freshness::kShort;
  if (const auto newest = (*catalog)->latest_day ? ParseDay(*(*catalog)->latest_day) : std::nullopt;
      newest && **to <= UnixSeconds(query::PeriodStart(*newest, *resolution))) {
    freshness = Freshness::kImmutable;
  }
  JsonWriter json;
  json.BeginObject();
  if (begin == end) {
    json.Key("s").String("no_data");
    if (begin != bars.begin()) json.Key("nextTime").Int(BarTime(*(begin - 1)));
    json.EndObject();
    return JsonReply(json.Take(), freshness);
  }
  json.Key("s").String("ok");
  const auto column = [&](const char* key, auto value) {
    json.Key(key).BeginArray();
    for (auto it = begin; it != end; ++it) value(*it);
    json.EndArray();
  };
  column("t", [&](const Bar& b) { json.Int(BarTime(b)); });
  column("o", [&](const Bar& b) { json.Number(b.open); });
  column("h", [&](const Bar& b) { json.Number(b.high); });
  column("l", [&](const Bar& b) { json.Number(b.low); });
  column("c", [&](const Bar& b) { json.Number(b.close); });
  column("v", [&](const Bar& b) { json.Number(b.volume); });
  json.EndObject();
  return JsonReply(json.Take(), freshness);
}

Reply Time(const Request&, Context&) {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  Reply reply = JsonReply(std::to_string(now.time_since_epoch().count()), Freshness::kNoStore);
  reply.content_type = "text/plain; charset=utf-8";
  return reply;
}

}  // namespace

void AddUdfRoutes(Router& router) {
  router.Get("/udf/config", Config);
  router.Get("/udf/symbols", Symbols);
  router.Get("/udf/search", Search);
  router.Get("/udf/history", History);
  router.Get("/udf/time", Time);
}

}  // namespace cryptoscope::serve
