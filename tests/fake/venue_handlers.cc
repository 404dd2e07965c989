// The keyless venues (issue 12): CoinGecko /api/v3/coins/markets, OKX /api/v5/public/instruments
// and /api/v5/market/history-candles (and /candles), Bybit /v5/market/instruments-info and
// /v5/market/kline, with their quirks: newest-first rows, the forming candle included (OKX
// confirm "0"), OKX's UTC+8 `1D` bar beside `1Dutc`, pages capped below the documented maximum,
// a linear answer without category=spot, HTTP 200 errors, 429 and Bybit's 403 ban.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "fake/server_impl.h"

namespace cryptoscope::fake {

std::string FakeCoin::coingecko_symbol() const {
  std::string out;
  for (char c : symbol) {
    if (c != '*') out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

std::string FakeCoin::coingecko_id() const {
  std::string out;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else if (!out.empty() && out.back() != '-') {
      out.push_back('-');
    }
  }
  return out + "-" + coingecko_symbol();  // Names repeat across seeds; ids must not.
}

std::string FakeCoin::keyless_ticker() const {
  std::string out = coingecko_symbol();
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::vector<CoinGeckoEntry> CoinGeckoRanking(const Scenario& scenario) {
  std::vector<CoinGeckoEntry> entries;
  for (size_t i = 0; i < scenario.coins.size(); ++i) {
    const FakeCoin& c = scenario.coins[i];
    entries.push_back({c.coingecko_id(), c.coingecko_symbol(), c.name, c.market_cap, c.price, i});
  }
  for (const FakeImpostor& f : scenario.coingecko_impostors) {
    entries.push_back({f.id, f.symbol, f.name, f.market_cap, f.price, std::nullopt});
  }
  std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    if (a.market_cap != b.market_cap) return a.market_cap > b.market_cap;
    return a.id < b.id;
  });
  return entries;
}

namespace internal {
namespace {

constexpr int64_t kHongKongOffsetMs = 8 * 3'600'000;

std::optional<int64_t> Long(const httplib::Params& params, const char* name) {
  auto it = params.find(name);
  if (it == params.end()) return std::nullopt;
  int64_t value = 0;
  const std::string& text = it->second;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) return -1;
  return value;
}

Reply Json(int status, std::string body) {
  Reply r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

Reply Okx(std::string_view code, std::string_view msg, const std::string& data = "[]") {
  return Json(200,
              fmt::format(R"({{"code":"{}","msg":{},"data":{}}})", code, JsonString(msg), data));
}

Reply Bybit(int ret_code, std::string_view msg, const std::string& result, int64_t now_ms) {
  return Json(200,
              fmt::format(R"({{"retCode":{},"retMsg":{},"result":{},"retExtInfo":{{}},"time":{}}})",
                          ret_code, JsonString(msg), result, now_ms));
}

const FakeCoin* OkxListing(const ScenarioIndex& index, const std::string& inst_id) {
  for (const FakeCoin& c : index.scenario.coins) {
    if (c.okx_first_day && *c.okx_first_day <= index.today() && c.symbol + "-USDT" == inst_id) {
      return &c;
    }
  }
  return nullptr;
}

const FakeCoin* BybitListing(const ScenarioIndex& index, const std::string& symbol) {
  for (const FakeCoin& c : index.scenario.coins) {
    if (c.bybit_first_day && *c.bybit_first_day <= index.today() && c.symbol + "USDT" == symbol) {
      return &c;
    }
  }
  return nullptr;
}

}  // namespace

std::optional<Venue> VenueOfPath(std::string_view path) {
  if (path == "/api/v3/coins/markets") return Venue::kCoinGecko;
  if (path.starts_with("/api/v5/")) return Venue::kOkx;
  if (path.starts_with("/v5/")) return Venue::kBybit;
  return std::nullopt;
}

std::optional<Reply> VenueGate::Admit(Venue venue, const VenueRules& rules, int64_t now_ms) {
  std::lock_guard lock(mutex_);
  const int which = static_cast<int>(venue);
  if (venue == Venue::kBybit && now_ms < bybit_banned_until_) {
    ++rate_limited_;
    return Reply{403, "access too frequent", "text/plain", {}};
  }
  const int64_t window = venue == Venue::kCoinGecko ? 60'000 : venue == Venue::kOkx ? 2'000 : 5'000;
  const int limit = venue == Venue::kCoinGecko ? rules.coingecko_per_minute
                    : venue == Venue::kOkx     ? rules.okx_per_2s
                                               : rules.bybit_per_5s;
  auto& arrivals = arrivals_[which];
  while (!arrivals.empty() && arrivals.front() <= now_ms - window) arrivals.pop_front();
  if (static_cast<int>(arrivals.size()) < limit) {
    arrivals.push_back(now_ms);
    return std::nullopt;
  }
  ++rate_limited_;  // Rejected calls count too, as every venue says.
  arrivals.push_back(now_ms);
  switch (venue) {
    case Venue::kCoinGecko: {
      Reply r = Json(429, R"({"status":{"error_code":429,"error_message":"You've exceeded the )"
                          R"(Rate Limit. Please visit https://www.coingecko.com/en/api/pricing "
                          R"(to subscribe to our API plans for higher rate limits."}})");
      r.headers.emplace_back("Retry-After", "60");
      return r;
    }
    case Venue::kOkx: {
      Reply r = Json(429, R"({"code":"50011","msg":"Too Many Requests","data":[]})");
      return r;
    }
    case Venue::kBybit:
      bybit_banned_until_ = now_ms + int64_t{rules.bybit_ban_s} * 1000;
      return Reply{403, "access too frequent", "text/plain", {}};
  }
  return std::nullopt;
}

size_t VenueGate::rate_limited() const {
  std::lock_guard lock(mutex_);
  return rate_limited_;
}

void VenueGate::ResetCounters() {
  std::lock_guard lock(mutex_);
  rate_limited_ = 0;
}

void VenueGate::ResetRateLimits() {
  std::lock_guard lock(mutex_);
  for (auto& arrivals : arrivals_) arrivals.clear();
  bybit_banned_until_ = 0;
}

Reply CoinGeckoMarkets(const ScenarioIndex& index, const httplib::Params& params) {
  if (ParamOr(params, "vs_currency", "") != "usd") {
    return Json(400, R"({"error":"Missing parameter vs_currency"})");
  }
  const int64_t per_page = std::clamp<int64_t>(Long(params, "per_page").value_or(100), 1, 250);
  const int64_t page = std::max<int64_t>(1, Long(params, "page").value_or(1));
  const auto ranking = CoinGeckoRanking(index.scenario);
  std::string body = "[";
  for (int64_t i = (page - 1) * per_page;
       i < page * per_page && i < static_cast<int64_t>(ranking.size()); ++i) {
    const CoinGeckoEntry& e = ranking[static_cast<size_t>(i)];
    if (body.size() > 1) body.push_back(',');
    body += fmt::format(
        R"({{"id":{},"symbol":{},"name":{},"image":"https://example.invalid/x.png",)"
        R"("current_price":{},"market_cap":{},"market_cap_rank":{},"fully_diluted_valuation":null,)"
        R"("total_volume":{},"high_24h":null,"low_24h":null,"circulating_supply":1000.0,)"
        R"("max_supply":null,"last_updated":"2026-01-01T00:00:00.000Z"}})",
        JsonString(e.id), JsonString(e.symbol), JsonString(e.name), JsonNumber(e.price),
        JsonNumber(e.market_cap), i + 1, JsonNumber(e.market_cap / 50));
  }
  body.push_back(']');
  return Json(200, std::move(body));
}

Reply OkxInstruments(const ScenarioIndex& index, const httplib::Params& params) {
  if (ParamOr(params, "instType", "") != "SPOT") {
    return Okx("51000", "Parameter instType error");  // Only spot is emulated.
  }
  std::string data = "[";
  auto add = [&](const std::string& base, const std::string& quote, const std::string& state,
                 const std::string& list_time) {
    if (data.size() > 1) data.push_back(',');
    data += fmt::format(
        R"({{"instType":"SPOT","instId":{},"uly":"","instFamily":"","baseCcy":{},"quoteCcy":{},)"
        R"("settleCcy":"","ctValCcy":"","state":{},"listTime":{},"tickSz":"0.1","lotSz":"0.0001"}})",
        JsonString(base + "-" + quote), JsonString(base), JsonString(quote), JsonString(state),
        JsonString(list_time));
  };
  for (const FakeCoin& c : index.scenario.coins) {
    if (!c.okx_first_day || *c.okx_first_day > index.today()) continue;
    // Listed at 10:00 UTC on its first day.
    add(c.symbol, "USDT", c.okx_state,
        c.okx_list_time ? std::to_string(UnixMillis(*c.okx_first_day) + 36'000'000) : "");
    add(c.symbol, "USDC", "live", "");  // Another quote: never a route.
  }
  data.push_back(']');
  return Okx("0", "", data);
}

Reply OkxCandles(const ScenarioIndex& index, const httplib::Params& params) {
  const std::string inst_id = ParamOr(params, "instId", "");
  if (inst_id.empty()) return Okx("50014", "Parameter instId can not be empty");
  const std::string bar = ParamOr(params, "bar", "1m");
  if (bar != "1Dutc" && bar != "1D") return Okx("51000", "Parameter bar error");
  const auto after = Long(params, "after");
  const auto before = Long(params, "before");
  const auto limit = Long(params, "limit");
  if ((after && *after < 0) || (before && *before < 0) || (limit && *limit <= 0)) {
    return Okx("51000", "Parameter error");
  }
  const FakeCoin* coin = OkxListing(index, inst_id);
  if (coin == nullptr) return Okx("51001", "Instrument ID does not exist");
  const bool hong_kong = bar == "1D";
  const int64_t max_rows =
      std::min<int64_t>(limit.value_or(100), index.scenario.venue_rules.okx_max_rows);
  const Day today = index.today();
  std::string data = "[";
  int64_t rows = 0;
  for (Day day = today; day >= *coin->okx_first_day && rows < max_rows;
       day -= std::chrono::days{1}) {
    const int64_t ts = UnixMillis(day) - (hong_kong ? kHongKongOffsetMs : 0);
    if (after && ts >= *after) continue;
    if (before && ts <= *before) break;
    if (coin->Missing(day)) continue;  // No trading that day: no candle.
    const bool forming = ts + kMillisPerDay > index.scenario.now_ms;
    const VenueRow row = VenueRowFor(*coin, day, hong_kong ? kOkxHongKongSalt : kOkxSalt, forming);
    if (rows++ > 0) data.push_back(',');
    // volCcy (quote for spot) and volCcyQuote carry the same amount.
    data += fmt::format(R"(["{}","{}","{}","{}","{}","{}","{}","{}","{}"])", ts, row.open, row.high,
                        row.low, row.close, row.volume, row.quote_volume, row.quote_volume,
                        forming ? "0" : "1");
  }
  data.push_back(']');
  return Okx("0", "", data);
}

Reply BybitInstruments(const ScenarioIndex& index, const httplib::Params& params) {
  const int64_t now = index.scenario.now_ms;
  if (ParamOr(params, "category", "") != "spot") {
    return Bybit(10001, "Illegal category", "{}", now);
  }
  std::string list = "[";
  for (const FakeCoin& c : index.scenario.coins) {
    if (!c.bybit_first_day || *c.bybit_first_day > index.today()) continue;
    if (list.size() > 1) list.push_back(',');
    list += fmt::format(
        R"({{"symbol":{},"baseCoin":{},"quoteCoin":"USDT","innovation":"0","status":{},)"
        R"("marginTrading":"none","lotSizeFilter":{{}},"priceFilter":{{}}}})",
        JsonString(c.symbol + "USDT"), JsonString(c.symbol), JsonString(c.bybit_status));
  }
  list.push_back(']');
  return Bybit(0, "OK", fmt::format(R"({{"category":"spot","list":{}}})", list), now);
}

Reply BybitKline(const ScenarioIndex& index, const httplib::Params& params) {
  const int64_t now = index.scenario.now_ms;
  const std::string category = ParamOr(params, "category", "linear");  // Bybit's default.
  const std::string symbol = ParamOr(params, "symbol", "");
  if (ParamOr(params, "interval", "") != "D") return Bybit(10001, "Invalid period!", "{}", now);
  const auto start = Long(params, "start");
  const auto end = Long(params, "end");
  const auto limit = Long(params, "limit");
  if ((start && *start < 0) || (end && *end < 0) || (limit && (*limit < 1 || *limit > 1000))) {
    return Bybit(10001, "Illegal parameter", "{}", now);
  }
  const FakeCoin* coin = BybitListing(index, symbol);
  if (coin == nullptr) return Bybit(10001, "Not supported symbols", "{}", now);
  const int64_t max_rows =
      std::min<int64_t>(limit.value_or(200), index.scenario.venue_rules.bybit_max_rows);
  const Day today = index.today();
  std::string list = "[";
  int64_t rows = 0;
  for (Day day = today; day >= *coin->bybit_first_day && rows < max_rows;
       day -= std::chrono::days{1}) {
    const int64_t ts = UnixMillis(day);
    if (end && ts > *end) continue;
    if (start && ts < *start) break;
    if (coin->Missing(day)) continue;
    const bool forming = ts + kMillisPerDay > now;
    // The linear perpetual of the same name trades at another price.
    const VenueRow row =
        VenueRowFor(*coin, day, category == "spot" ? kBybitSalt : kBybitSalt + 1, forming);
    if (rows++ > 0) list.push_back(',');
    list += fmt::format(R"(["{}","{}","{}","{}","{}","{}","{}"])", ts, row.open, row.high, row.low,
                        row.close, row.volume, row.quote_volume);
  }
  list.push_back(']');
  return Bybit(0, "OK",
               fmt::format(R"({{"category":{},"symbol":{},"list":{}}})", JsonString(category),
                           JsonString(symbol), list),
               now);
}

}  // namespace internal

void FakeExchange::Impl::HandleVenue(internal::Venue venue, const httplib::Request& req,
                                     httplib::Response& res, int64_t arrival_ms) {
  auto snapshot = Snapshot();
  const internal::ScenarioIndex& ix = *snapshot;
  std::optional<internal::Reply> reply =
      venue_gate.Admit(venue, ix.scenario.venue_rules, arrival_ms);
  if (!reply) {
    const std::string& path = req.path;
    if (path == "/api/v3/coins/markets") {
      reply = internal::CoinGeckoMarkets(ix, req.params);
    } else if (path == "/api/v5/public/instruments") {
      reply = internal::OkxInstruments(ix, req.params);
    } else if (path == "/api/v5/market/history-candles" || path == "/api/v5/market/candles") {
      reply = internal::OkxCandles(ix, req.params);
    } else if (path == "/v5/market/instruments-info") {
      reply = internal::BybitInstruments(ix, req.params);
    } else if (path == "/v5/market/kline") {
      reply = internal::BybitKline(ix, req.params);
    } else {
      reply = internal::Reply{
          404, "<html><body><h1>404 Not Found</h1></body></html>\n", "text/html", {}};
    }
  }
  if (options.latency_ms > 0) Wait(options.latency_ms);
  for (const auto& [name, value] : reply->headers) res.set_header(name, value);
  res.status = reply->status;
  Record(req, reply->status, std::nullopt, arrival_ms);
  res.set_content(std::move(reply->body), reply->content_type);
}

}  // namespace cryptoscope::fake
