// ParseTopList: /data/top/mktcapfull pages.
#include <fmt/format.h>
#include <simdjson.h>

#include <cstdint>
#include <utility>

#include "cryptoscope/parse/cc_envelope.h"
#include "cryptoscope/parse/cryptocompare.h"
#include "cryptoscope/parse/json_body.h"
#include "cryptoscope/parse/json_fields.h"

namespace cryptoscope::parse {
namespace {

namespace od = simdjson::ondemand;
using internal::ForEachField;
using internal::IsWrongType;
using internal::KeyIs;

// RAW.USD.{MKTCAP,PRICE}: optional market data. Anything but a non-negative number reads as
// unknown; DISPLAY (formatted strings) is never read.
simdjson::error_code ReadRaw(od::value& raw, Coin& coin) {
  return ForEachField(raw, [&](od::raw_json_string key, od::value& usd) {
    if (!KeyIs(key, "USD")) return simdjson::SUCCESS;
    return ForEachField(usd, [&](od::raw_json_string name, od::value& number) {
      std::optional<double>* target = KeyIs(name, "MKTCAP")  ? &coin.market_cap
                                      : KeyIs(name, "PRICE") ? &coin.price
                                                             : nullptr;
      if (target == nullptr) return simdjson::SUCCESS;
      target->reset();
      if (auto error = internal::ReadOptionalDouble(number, *target)) return error;
      if (*target && **target < 0) target->reset();
      return simdjson::SUCCESS;
    });
  });
}

// One Data entry; `has_symbol` is set when CoinInfo.Name is a non-empty string.
simdjson::error_code ReadEntry(od::value& entry, Coin& coin, bool& has_symbol) {
  return ForEachField(entry, [&](od::raw_json_string key, od::value& value) {
    if (KeyIs(key, "RAW")) return ReadRaw(value, coin);
    if (!KeyIs(key, "CoinInfo")) return simdjson::SUCCESS;
    return ForEachField(value, [&](od::raw_json_string name, od::value& text) {
      bool found = false;
      if (KeyIs(name, "Name")) {
        if (auto error = internal::ReadString(text, coin.symbol, found)) return error;
        has_symbol = found && !coin.symbol.empty();
      } else if (KeyIs(name, "FullName")) {
        if (auto error = internal::ReadString(text, coin.name, found)) return error;
      }
      return simdjson::SUCCESS;
    });
  });
}

}  // namespace

Result<TopListPage> ParseTopList(const std::string& body, int page, int page_size) {
  TopListPage result;
  auto read_data = [&](od::value& data) -> Status {
    od::array entries;
    if (auto error = data.get_array().get(entries)) {
      return Fail(ErrorCode::kBadData,
                  fmt::format("toplist: {}", IsWrongType(error) ? "Data is not an array"
                                                                : internal::InvalidJson(error)));
    }
    const int64_t first_rank = int64_t{page} * page_size + 1;
    for (auto entry_result : entries) {
      const size_t index = result.entries++;  // Skipped entries keep their rank slot.
      od::value entry;
      Coin coin;
      bool has_symbol = false;
      simdjson::error_code error = std::move(entry_result).get(entry);
      if (!error) error = ReadEntry(entry, coin, has_symbol);
      if (error) return Fail(ErrorCode::kBadData, "toplist: " + internal::InvalidJson(error));
      if (!has_symbol) continue;
      coin.rank = static_cast<int>(first_rank + static_cast<int64_t>(index));
      result.coins.push_back(std::move(coin));
    }
    return {};
  };
  // SponsoredData (promoted coins, not ranked) and MetaData are skipped unread.
  if (Status status = internal::WalkEnvelopeAndData(body, "toplist", read_data); !status) {
    return tl::unexpected(std::move(status.error()));
  }
  return result;
}

}  // namespace cryptoscope::parse
