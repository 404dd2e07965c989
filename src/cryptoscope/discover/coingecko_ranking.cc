#include "cryptoscope/discover/coingecko_ranking.h"

#include <fmt/format.h>

#include <unordered_map>
#include <unordered_set>

#include "cryptoscope/fetch/url.h"

namespace cryptoscope::discover {

fetch::Request CoinGeckoPageRequest(const std::string& base_url, int page) {
  return fetch::Request{
      fetch::Host::kCoinGecko,
      fetch::JoinUrl(base_url,
                     fmt::format("/api/v3/coins/markets?vs_currency=usd&order=market_cap_desc"
                                 "&per_page={}&page={}",
                                 kCoinGeckoPageSize, page)),
      1, fmt::format("coingecko markets page {}", page)};
}

MergedRanking MergeCoinGeckoPages(const std::map<int, parse::CoinGeckoPage>& pages, int top_n) {
  // Entries in page order, each id once (a shifting list may repeat a coin on the next page).
  std::vector<const parse::CoinGeckoMarket*> entries;
  std::unordered_set<std::string_view> ids;
  for (const auto& [number, page] : pages) {
    for (const auto& market : page.markets) {
      if (ids.insert(market.id).second) entries.push_back(&market);
    }
  }
  // Per symbol, the entry with the higher market cap (unknown counts as 0; the earlier on a tie).
  std::unordered_map<std::string_view, const parse::CoinGeckoMarket*> best;
  for (const auto* market : entries) {
    auto [it, inserted] = best.emplace(market->symbol, market);
    if (!inserted && market->market_cap.value_or(0) > it->second->market_cap.value_or(0)) {
      it->second = market;
    }
  }
  MergedRanking out;
  for (const auto* market : entries) {
    if (static_cast<int>(out.coins.size()) >= top_n) break;
    if (best.at(market->symbol) != market) continue;
    Coin coin;
    coin.symbol = market->symbol;
    coin.name = market->name;
    coin.rank = static_cast<int>(out.coins.size()) + 1;
    coin.market_cap = market->market_cap;
    coin.price = market->price;
    out.ids.emplace(coin.symbol, market->id);
    out.coins.push_back(std::move(coin));
  }
  return out;
}

bool CoinGeckoDiscovery::SubmitPages(fetch::Engine& engine) {
  if (!errors_.empty()) return false;
  int wanted = (top_n_ + kCoinGeckoPageSize - 1) / kCoinGeckoPageSize;
  if (pages_asked_ > 0) {
    const auto last = pages_.find(pages_asked_);
    const bool list_goes_on =
        last != pages_.end() && last->second.entries >= static_cast<size_t>(kCoinGeckoPageSize);
    const int have = static_cast<int>(MergeCoinGeckoPages(pages_, top_n_).coins.size());
    const int max_pages = wanted + kMaxExtraPages;
    if (!list_goes_on || have >= top_n_ || pages_asked_ >= max_pages) return false;
    // Duplicates are a few per page: one more page at a time is the fewest calls.
    wanted = pages_asked_ + 1;
  }
  if (wanted <= pages_asked_) return false;
  for (int page = pages_asked_ + 1; page <= wanted; ++page) {
    engine.Submit(
        CoinGeckoPageRequest(base_url_, page),
        [this, page](fetch::Response& response) -> Status {
          auto parsed = parse::ParseCoinGeckoMarkets(response.body);
          if (!parsed) {
            return Fail(parsed.error().code,
                        fmt::format("coingecko markets page {}: {}", page, parsed.error().message));
          }
          pages_[page] = std::move(*parsed);
          return {};
        },
        [this, page](const Error& error) { errors_.emplace(page, error); });
  }
  pages_asked_ = wanted;
  return true;
}

Result<std::vector<Coin>> CoinGeckoDiscovery::Take() {
  std::map<int, parse::CoinGeckoPage> pages;
  for (int page = 1; page <= pages_asked_; ++page) {
    if (auto failed = errors_.find(page); failed != errors_.end()) {
      return tl::unexpected(failed->second);
    }
    auto& content = pages_.at(page);
    const bool short_page = content.entries < static_cast<size_t>(kCoinGeckoPageSize);
    pages.emplace(page, std::move(content));
    if (short_page) break;
  }
  MergedRanking merged = MergeCoinGeckoPages(pages, top_n_);
  ids_ = std::move(merged.ids);
  return std::move(merged.coins);
}

}  // namespace cryptoscope::discover
