// Binance Spot endpoints (contract sections 1-3): /api/v3/exchangeInfo, /api/v3/klines,
// /api/v3/time, /api/v3/ping. Rate limiting and faults are applied by the server around them.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <set>

#include "fake/fake_internal.h"

namespace cryptoscope::fake::internal {
namespace {

constexpr const char* kIntervals[] = {"1s", "1m", "3m", "5m",  "15m", "30m", "1h", "2h",
                                      "4h", "6h", "8h", "12h", "1d",  "3d",  "1w", "1M"};

bool Listed(const FakeCoin& listing, Day today) { return listing.binance_first_day <= today; }

std::string SymbolJson(const FakeCoin& c) {
  return fmt::format(
      R"({{"symbol":{},"status":{},"baseAsset":{},"baseAssetPrecision":8,"quoteAsset":{},)"
      R"("quotePrecision":8,"quoteAssetPrecision":8,"baseCommissionPrecision":8,)"
      R"("quoteCommissionPrecision":8,"orderTypes":["LIMIT","LIMIT_MAKER","MARKET",)"
      R"("STOP_LOSS_LIMIT","TAKE_PROFIT_LIMIT"],"icebergAllowed":true,"ocoAllowed":true,)"
      R"("otoAllowed":true,"quoteOrderQtyMarketAllowed":true,"allowTrailingStop":true,)"
      R"("cancelReplaceAllowed":true,"amendAllowed":true,"isSpotTradingAllowed":true,)"
      R"("isMarginTradingAllowed":false,"filters":[],"permissions":[],)"
      R"("permissionSets":[["SPOT"]],"defaultSelfTradePreventionMode":"EXPIRE_MAKER",)"
      R"("allowedSelfTradePreventionModes":["EXPIRE_TAKER","EXPIRE_MAKER","EXPIRE_BOTH"]}})",
      JsonString(c.binance_symbol()), JsonString(c.binance_status), JsonString(*c.binance_base),
      JsonString(c.binance_quote));
}

// `symbols=["BTCUSDT","ETHUSDT"]` -> names; nullopt when not a JSON array of strings.
std::optional<std::vector<std::string>> ParseSymbolList(std::string_view text) {
  if (text.size() < 2 || text.front() != '[' || text.back() != ']') return std::nullopt;
  std::vector<std::string> out;
  size_t pos = 1;
  while (pos < text.size() - 1) {
    if (text[pos] == ',' || text[pos] == ' ') {
      ++pos;
      continue;
    }
    if (text[pos] != '"') return std::nullopt;
    const size_t end = text.find('"', pos + 1);
    if (end == std::string_view::npos) return std::nullopt;
    out.emplace_back(text.substr(pos + 1, end - pos - 1));
    pos = end + 1;
  }
  return out;
}

Reply Mandatory(const char* name) {
  return BinanceError(400, -1102,
                      fmt::format("Mandatory parameter '{}' was not sent, was empty/null, or "
                                  "malformed.",
                                  name));
}

Reply InvalidSymbol() { return BinanceError(400, -1121, "Invalid symbol."); }

// Parses an optional non-negative integer parameter. false = illegal characters.
bool ParseLong(const httplib::Params& params, const char* name, std::optional<int64_t>& out) {
  auto it = params.find(name);
  if (it == params.end()) return true;
  const std::string& text = it->second;
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() || value < 0) {
    return false;
  }
  out = value;
  return true;
}

Reply IllegalChars(const char* name) {
  return BinanceError(400, -1100,
                      fmt::format("Illegal characters found in parameter '{}'; legal range is "
                                  "'^[0-9]{{1,20}}$'.",
                                  name));
}

}  // namespace

Reply BinanceError(int status, int code, std::string_view msg) {
  Reply r;
  r.status = status;
  r.body = fmt::format(R"({{"code":{},"msg":{}}})", code, JsonString(msg));
  return r;
}

int BinanceWeight(std::string_view path) {
  if (path == "/api/v3/exchangeInfo") return 20;
  if (path == "/api/v3/klines") return 2;
  return 1;
}

Reply BinanceTime(int64_t now_ms) {
  Reply r;
  r.body = fmt::format(R"({{"serverTime":{}}})", now_ms);
  return r;
}

std::pair<int, const char*> BinanceWeightInterval(int weight_window_s) {
  const int seconds = std::max(1, weight_window_s);
  if (seconds % 60 == 0) return {seconds / 60, "MINUTE"};
  return {seconds, "SECOND"};
}

std::string BinanceWeightHeader(int weight_window_s) {
  const auto [count, unit] = BinanceWeightInterval(weight_window_s);
  return fmt::format("x-mbx-used-weight-{}{}", count, unit[0] == 'M' ? 'm' : 's');
}

Reply BinanceExchangeInfo(const ScenarioIndex& index, const httplib::Params& params,
                          int weight_limit, int weight_window_s) {
  const Day today = index.today();
  std::vector<const FakeCoin*> selected;
  std::vector<std::string> wanted;
  if (HasParam(params, "symbol")) {
    wanted.push_back(ParamOr(params, "symbol", ""));
  } else if (HasParam(params, "symbols")) {
    auto list = ParseSymbolList(ParamOr(params, "symbols", ""));
    if (!list || list->empty()) {
      return BinanceError(400, -1100, "Illegal characters found in parameter 'symbols'.");
    }
    wanted = std::move(*list);
  }
  if (!wanted.empty()) {
    for (const std::string& name : wanted) {  // One unknown name fails the whole request.
      auto it = index.by_binance_symbol.find(name);
      if (it == index.by_binance_symbol.end() ||
          !Listed(index.binance_listings[it->second], today)) {
        return InvalidSymbol();
      }
      selected.push_back(&index.binance_listings[it->second]);
    }
  } else {
    const std::string status_filter = ParamOr(params, "symbolStatus", "");
    for (const FakeCoin& c : index.binance_listings) {
      if (!Listed(c, today)) continue;
      if (!status_filter.empty() && c.binance_status != status_filter) continue;
      selected.push_back(&c);
    }
  }
  Reply r;
  r.body.reserve(256 + selected.size() * 720);
  r.body += fmt::format(
      R"({{"timezone":"UTC","serverTime":{},"rateLimits":[)"
      R"({{"rateLimitType":"REQUEST_WEIGHT","interval":"{}","intervalNum":{},"limit":{}}},)"
      R"({{"rateLimitType":"RAW_REQUESTS","interval":"MINUTE","intervalNum":5,"limit":61000}},)"
      R"({{"rateLimitType":"ORDERS","interval":"SECOND","intervalNum":10,"limit":100}}],)"
      R"("exchangeFilters":[],"symbols":[)",
      index.scenario.now_ms, BinanceWeightInterval(weight_window_s).second,
      BinanceWeightInterval(weight_window_s).first, weight_limit);
  for (size_t i = 0; i < selected.size(); ++i) {
    if (i > 0) r.body.push_back(',');
    r.body += SymbolJson(*selected[i]);
  }
  r.body += "]}";
  return r;
}

Reply BinanceKlines(const ScenarioIndex& index, const httplib::Params& params) {
  const std::string symbol = ParamOr(params, "symbol", "");
  if (symbol.empty()) return Mandatory("symbol");
  const std::string interval = ParamOr(params, "interval", "");
  if (interval.empty()) return Mandatory("interval");
  if (std::find(std::begin(kIntervals), std::end(kIntervals), interval) == std::end(kIntervals) ||
      interval != "1d") {
    return BinanceError(400, -1120, "Invalid interval.");  // Only 1d is emulated.
  }
  std::optional<int64_t> start_ms, end_ms, limit;
  if (!ParseLong(params, "startTime", start_ms)) return IllegalChars("startTime");
  if (!ParseLong(params, "endTime", end_ms)) return IllegalChars("endTime");
  if (!ParseLong(params, "limit", limit)) return IllegalChars("limit");
  if (limit && *limit == 0) return BinanceError(400, -1130, "Invalid data sent for a parameter.");
  const int64_t max_rows = std::min<int64_t>(limit.value_or(500), 1000);  // Silently capped.

  auto it = index.by_binance_symbol.find(symbol);
  const Day today = index.today();
  if (it == index.by_binance_symbol.end() || !Listed(index.binance_listings[it->second], today)) {
    return InvalidSymbol();
  }
  const FakeCoin& listing = index.binance_listings[it->second];
  // startTime rounds up to the next day boundary, endTime down; both inclusive.
  Day first = listing.binance_first_day;
  if (start_ms) first = std::max(first, DayFromUnixMillis(*start_ms + kMillisPerDay - 1));
  Day last = today;
  if (listing.binance_last_day) last = std::min(last, *listing.binance_last_day);
  if (end_ms) last = std::min(last, DayFromUnixMillis(*end_ms));

  // Served rows, then the page: `limit` counts rows, so a day without trading stretches a page.
  const bool yesterday_published =
      index.scenario.now_ms - UnixMillis(today) >= index.scenario.binance_publish_delay_ms;
  std::vector<Day> days;
  for (Day day = first; day <= last; day += std::chrono::days{1}) {
    if (listing.Missing(day)) continue;
    if (day == today - std::chrono::days{1} && !yesterday_published) continue;
    days.push_back(day);
  }
  if (static_cast<int64_t>(days.size()) > max_rows) {
    // startTime given: the oldest rows from it; otherwise the newest up to endTime / now.
    if (start_ms) {
      days.resize(static_cast<size_t>(max_rows));
    } else {
      days.erase(days.begin(), days.end() - max_rows);
    }
  }
  Reply r;
  r.body.push_back('[');  // Not `= "["`: GCC 12 -Wrestrict false positive.
  for (const Day day : days) {
    const BinanceRow row = BinanceRowFor(listing, day, day == today);
    const int64_t open_ms = UnixMillis(day);
    if (day != days.front()) r.body.push_back(',');
    r.body +=
        fmt::format(R"([{},"{}","{}","{}","{}","{}",{},"{}",{},"{}","{}","0"])", open_ms, row.open,
                    row.high, row.low, row.close, row.volume, open_ms + kMillisPerDay - 1,
                    row.quote_volume, row.trades, row.taker_base, row.taker_quote);
  }
  r.body.push_back(']');
  return r;
}

}  // namespace cryptoscope::fake::internal
