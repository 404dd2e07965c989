// CryptoCompare min-api endpoints (contract sections 4-6): /data/top/mktcapfull and
// /data/v2/histoday. The key check and the call ceilings are applied by the server around them.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "fake/fake_internal.h"

namespace cryptoscope::fake::internal {
namespace {

constexpr int kDefaultMaxCalls[kCcWindows] = {20, 300, 3000, 7500, 50000};  // 2024 keyless.
constexpr int kAllDataPaddingDays = 30;

Reply CcError(std::string_view message, std::string_view extra_json) {
  Reply r;
  r.body = fmt::format(
      R"({{"Response":"Error","Message":{},"HasWarning":false,"Type":2,"RateLimit":{{}},)"
      R"("Data":{{}}{}}})",
      JsonString(message), extra_json);
  return r;
}

Reply MissingParam(std::string_view name) {
  return CcError(fmt::format("{} is a required param.", name),
                 fmt::format(R"(,"ParamWithError":"{}")", name));
}

Reply MarketMissing(std::string_view fsym, std::string_view tsym) {
  return CcError(fmt::format("cccagg_or_exchange market does not exist for this coin pair ({}-{})",
                             fsym, tsym),
                 R"(,"Cooldown":0)");
}

int64_t IntParam(const httplib::Params& params, const char* name, int64_t fallback) {
  const std::string text = ParamOr(params, name, "");
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) return fallback;
  return value;
}

std::string Lower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

std::string DisplayMoney(double value) {
  constexpr std::pair<double, const char*> kUnits[] = {
      {1e12, "T"}, {1e9, "B"}, {1e6, "M"}, {1e3, "K"}};
  for (const auto& [scale, unit] : kUnits) {
    if (value >= scale) return fmt::format("$ {:.2f} {}", value / scale, unit);
  }
  return fmt::format("$ {:.2f}", value);
}

std::string DisplayPrice(double price) {
  if (price >= 1) return fmt::format("$ {:.2f}", price);
  const int decimals = std::clamp(static_cast<int>(-std::floor(std::log10(price))) + 3, 4, 12);
  return fmt::format("$ {:.{}f}", price, decimals);
}

std::string EntryJson(const FakeCoin& c, std::string_view tsym, int64_t now_s) {
  const uint64_t h = HashString(c.symbol);
  const std::string id = std::to_string(1000 + h % 900000);
  const std::string lower = Lower(c.symbol);
  constexpr const char* kAlgorithms[] = {"SHA-256", "Ethash", "Scrypt", "N/A"};
  constexpr const char* kProofs[] = {"PoW", "PoS", "N/A"};
  std::string out = fmt::format(
      R"({{"CoinInfo":{{"Id":"{}","Name":{},"FullName":{},"Internal":{},)"
      R"("ImageUrl":"/media/{}/{}.png","Url":"/coins/{}/overview","Algorithm":"{}",)"
      R"("ProofType":"{}","Rating":{{"Weiss":{{"Rating":"","TechnologyAdoptionRating":"",)"
      R"("MarketPerformanceRating":""}}}},"NetHashesPerSecond":0,"BlockNumber":0,"BlockTime":0,)"
      R"("BlockReward":0,"AssetLaunchDate":"{}","MaxSupply":-1,"Type":1,)"
      R"("DocumentType":"Webpagecoinp"}})",
      id, JsonString(c.symbol), JsonString(c.name), JsonString(c.symbol), id, lower, lower,
      kAlgorithms[h % 4], kProofs[(h >> 8) % 3], FormatDay(c.cc_first_day));
  if (c.has_raw) {
    const double supply = c.price > 0 ? c.market_cap / c.price : 0;
    const double volume_to = c.market_cap * 0.03;
    out += fmt::format(
        R"(,"RAW":{{"{}":{{"TYPE":"5","MARKET":"CCCAGG","FROMSYMBOL":{},"TOSYMBOL":"{}",)"
        R"("FLAGS":"2049","PRICE":{},"LASTUPDATE":{},"MEDIAN":{},"VOLUME24HOUR":{},)"
        R"("VOLUME24HOURTO":{},"OPEN24HOUR":{},"CHANGEPCT24HOUR":0.5,"SUPPLY":{},"MKTCAP":{},)"
        R"("CIRCULATINGSUPPLY":{},"CIRCULATINGSUPPLYMKTCAP":{},"IMAGEURL":"/media/{}/{}.png"}}}})",
        tsym, JsonString(c.symbol), tsym, JsonNumber(c.price), now_s, JsonNumber(c.price),
        JsonNumber(c.price > 0 ? volume_to / c.price : 0), JsonNumber(volume_to),
        JsonNumber(c.price * 0.995), JsonNumber(supply), JsonNumber(c.market_cap),
        JsonNumber(supply), JsonNumber(c.market_cap), id, lower);
    out += fmt::format(
        R"(,"DISPLAY":{{"{}":{{"FROMSYMBOL":{},"TOSYMBOL":"$","MARKET":"CryptoCompare Index",)"
        R"("PRICE":"{}","MKTCAP":"{}","VOLUME24HOURTO":"{}"}}}})",
        tsym, JsonString(c.symbol), DisplayPrice(c.price), DisplayMoney(c.market_cap),
        DisplayMoney(volume_to));
  }
  out.push_back('}');
  return out;
}

std::string ZeroRow(int64_t time) {
  return fmt::format(
      R"({{"time":{},"high":0,"low":0,"open":0,"volumefrom":0,"volumeto":0,"close":0,)"
      R"("conversionType":"direct","conversionSymbol":""}})",
      time);
}

std::string CandleRow(const Candle& c) {
  return fmt::format(
      R"({{"time":{},"high":{},"low":{},"open":{},"volumefrom":{},"volumeto":{},"close":{},)"
      R"("conversionType":"direct","conversionSymbol":""}})",
      UnixSeconds(c.day), JsonNumber(c.high), JsonNumber(c.low), JsonNumber(c.open),
      JsonNumber(c.volume), JsonNumber(c.quote_volume), JsonNumber(c.close));
}

}  // namespace

Reply CcKeyRequired() {
  Reply r;
  r.status = 401;
  r.body = R"({"Data":{},"Err":{"type":2,"message":"API key required, please refer to the )"
           R"(documentation at https://developers.coindesk.com/","http_status_code":401,)"
           R"("frontend":{}}})";
  return r;
}

Reply CcTopList(const ScenarioIndex& index, const httplib::Params& params, bool shift) {
  const std::string tsym = ParamOr(params, "tsym", "");
  if (tsym.empty()) return MissingParam("tsym");
  int64_t limit = IntParam(params, "limit", 10);
  if (limit < 1) limit = 10;
  limit = std::min<int64_t>(limit, 100);
  const int64_t page = IntParam(params, "page", 0);
  const int64_t now_s = index.scenario.now_ms / 1000;
  const auto& coins = index.scenario.coins;
  const int64_t total = static_cast<int64_t>(index.ranking.size());
  // A live list shifting between page requests: later pages start one rank early.
  const int64_t start = page * limit - (shift && page >= 1 ? 1 : 0);
  Reply r;
  r.body = fmt::format(R"({{"Message":"Success","Type":100,"MetaData":{{"Count":{}}},)", total);
  r.body += R"("SponsoredData":[)";
  FakeCoin promo;
  promo.symbol = "PRMO";
  promo.name = "Promo Sponsored Coin";
  promo.price = 0.42;
  promo.market_cap = 4.2e6;
  promo.cc_first_day = index.today() - std::chrono::days{90};
  r.body += EntryJson(promo, tsym, now_s);
  if (total > 0) {  // A real coin out of its ranked place, as sponsored entries are.
    r.body.push_back(',');
    r.body += EntryJson(coins[index.ranking.back()], tsym, now_s);
  }
  r.body += R"(],"Data":[)";
  if (page >= 0) {
    for (int64_t i = std::max<int64_t>(start, 0); i < std::min(start + limit, total); ++i) {
      if (i > std::max<int64_t>(start, 0)) r.body.push_back(',');
      r.body += EntryJson(coins[index.ranking[static_cast<size_t>(i)]], tsym, now_s);
    }
  }
  r.body += R"(],"RateLimit":{},"HasWarning":false})";
  return r;
}

Reply CcHistoDay(const ScenarioIndex& index, const httplib::Params& params) {
  const std::string fsym = ParamOr(params, "fsym", "");
  if (fsym.empty()) return MissingParam("fsym");
  const std::string tsym = ParamOr(params, "tsym", "");
  if (tsym.empty()) return MissingParam("tsym");
  auto it = index.by_cc_symbol.find(fsym);
  if (tsym != "USD" || it == index.by_cc_symbol.end() ||
      !index.scenario.coins[it->second].cc_market_exists) {
    return MarketMissing(fsym, tsym);
  }
  const FakeCoin& coin = index.scenario.coins[it->second];
  const int64_t now_ms = index.scenario.now_ms + index.scenario.cc_clock_offset_ms;
  const Day today = DayFromUnixMillis(now_ms);
  int64_t limit = std::clamp<int64_t>(IntParam(params, "limit", 30), 1, 2000);
  const int64_t to_ts = IntParam(params, "toTs", now_ms / 1000);
  Day last = std::min(today, DayFromUnixSeconds(to_ts));
  if (now_ms - UnixMillis(today) < index.scenario.cc_publish_delay_ms) {
    last = std::min(last, today - std::chrono::days{2});  // Yesterday is not out yet.
  }
  const std::string all_data = ParamOr(params, "allData", "false");
  Day first = last - std::chrono::days{limit};  // limit + 1 points, the last one included.
  if (all_data == "true" || all_data == "1") {
    first = std::min(last, coin.cc_first_day - std::chrono::days{kAllDataPaddingDays});
  }
  Reply r;
  r.body = fmt::format(
      R"({{"Response":"Success","Message":"","HasWarning":false,"Type":100,"RateLimit":{{}},)"
      R"("Data":{{"Aggregated":false,"TimeFrom":{},"TimeTo":{},"Data":[)",
      UnixSeconds(first), UnixSeconds(last));
  r.body.reserve(r.body.size() + static_cast<size_t>(DaysBetween(first, last) + 1) * 200);
  for (Day day = first; day <= last; day += std::chrono::days{1}) {
    if (day != first) r.body.push_back(',');
    if (day < coin.cc_first_day || coin.Missing(day)) {
      r.body += ZeroRow(UnixSeconds(day));  // Before the coin existed: zeros, not an error.
    } else if (day == today) {
      r.body += CandleRow(CryptoCompareOpenCandle(coin, day));
    } else {
      r.body += CandleRow(CryptoCompareCandle(coin, day));
    }
  }
  r.body += "]}}";
  return r;
}

Reply CcRateLimitStatusReply(const int64_t (&calls_made)[kCcWindows],
                             const int64_t (&max_calls)[kCcWindows]) {
  std::string made, left;
  for (int i = 0; i < kCcWindows; ++i) {
    const char* comma = i > 0 ? "," : "";
    made += fmt::format(R"({}"{}":{})", comma, kCcWindowNames[i], calls_made[i]);
    left += fmt::format(R"({}"{}":{})", comma, kCcWindowNames[i],
                        std::max<int64_t>(0, max_calls[i] - calls_made[i]));
  }
  Reply r;
  r.body = fmt::format(
      R"({{"Response":"Success","Message":"","HasWarning":false,"Type":100,"RateLimit":{{}},)"
      R"("Data":{{"calls_made":{{{}}},"calls_left":{{{}}}}}}})",
      made, left);
  return r;
}

Reply CcRateLimitReply(const int64_t (&calls_made)[kCcWindows], int64_t total_calls,
                       const int (&max_calls)[kCcWindows], int http_status) {
  std::string made, max;
  for (int i = 0; i < kCcWindows; ++i) {
    const int ceiling = max_calls[i] > 0 ? max_calls[i] : kDefaultMaxCalls[i];
    made += fmt::format(R"("{}":{},)", kCcWindowNames[i], calls_made[i]);
    max += fmt::format(R"({}"{}":{})", i > 0 ? "," : "", kCcWindowNames[i], ceiling);
  }
  Reply r;
  r.status = http_status;
  r.body = fmt::format(
      R"({{"Response":"Error","Message":"You are over your rate limit please upgrade your )"
      R"(account!","HasWarning":false,"Type":99,"RateLimit":{{"calls_made":{{{}"total_calls":{}}},)"
      R"("max_calls":{{{}}}}},"Data":{{}}}})",
      made, total_calls, max);
  return r;
}

}  // namespace cryptoscope::fake::internal
