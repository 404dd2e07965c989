#include "cryptoscope/parse/coingecko.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <cctype>
#include <utility>

#include "cryptoscope/parse/json_body.h"
#include "cryptoscope/parse/json_fields.h"

namespace cryptoscope::parse {
namespace {

namespace od = simdjson::ondemand;
using internal::InvalidJson;
using internal::KeyIs;

simdjson::error_code ReadMarket(od::value& entry, CoinGeckoMarket& market, bool& complete) {
  bool id = false, symbol = false, name = false;
  auto error = internal::ForEachField(entry, [&](od::raw_json_string key, od::value& value) {
    if (KeyIs(key, "id")) return internal::ReadString(value, market.id, id);
    if (KeyIs(key, "symbol")) return internal::ReadString(value, market.symbol, symbol);
    if (KeyIs(key, "name")) return internal::ReadString(value, market.name, name);
    std::optional<double>* target = KeyIs(key, "market_cap")      ? &market.market_cap
                                    : KeyIs(key, "current_price") ? &market.price
                                                                  : nullptr;
    if (target == nullptr) return simdjson::SUCCESS;
    target->reset();
    if (auto e = internal::ReadOptionalDouble(value, *target)) return e;
    if (*target && !(**target >= 0)) target->reset();
    return simdjson::SUCCESS;
  });
  complete = id && symbol && !market.id.empty() && !market.symbol.empty();
  return error;
}

}  // namespace

Result<CoinGeckoPage> ParseCoinGeckoMarkets(const std::string& body) {
  auto bad = [](std::string_view problem) {
    return Fail(ErrorCode::kBadData, fmt::format("coingecko markets: {}", problem));
  };
  internal::PaddedBody padded(body);
  od::document doc;
  od::array entries;
  if (auto error = internal::ThreadParser().iterate(padded.view()).get(doc)) {
    return bad(InvalidJson(error));
  }
  if (auto error = doc.get_array().get(entries)) {
    return bad(error == simdjson::INCORRECT_TYPE ? "body is not a json array" : InvalidJson(error));
  }
  CoinGeckoPage page;
  for (auto entry_result : entries) {
    ++page.entries;
    od::value entry;
    CoinGeckoMarket market;
    bool complete = false;
    simdjson::error_code error = std::move(entry_result).get(entry);
    if (!error) error = ReadMarket(entry, market, complete);
    if (error) return bad(InvalidJson(error));
    if (!complete) continue;
    for (char& c : market.symbol) {
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    page.markets.push_back(std::move(market));
  }
  if (!internal::AtEnd(doc)) return bad("trailing content after the json value");
  return page;
}

}  // namespace cryptoscope::parse
