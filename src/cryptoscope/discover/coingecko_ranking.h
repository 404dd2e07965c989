// Discover without a key: the top N coins by market cap from CoinGecko's /api/v3/coins/markets.
//
// Asks for ceil(N / 250) pages at once (page numbers start at 1). CoinGecko's symbols are not
// unique (bridged and wrapped copies share a big coin's symbol) while our table is keyed on the
// ticker: entries are deduplicated by id, then by symbol keeping the higher market cap (the
// earlier entry on a tie). When that leaves fewer than N coins and the last page was full, one
// more page is asked for (up to kMaxExtraPages). A short page ends the list. Each coin's CoinGecko
// id is kept beside its ticker (ids()).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "cryptoscope/discover/ranking.h"
#include "cryptoscope/parse/coingecko.h"

namespace cryptoscope::discover {

inline constexpr int kCoinGeckoPageSize = 250;  // /coins/markets' maximum per_page.

// Page `page` (1-based) of the ranking.
fetch::Request CoinGeckoPageRequest(const std::string& base_url, int page);

struct MergedRanking {
  std::vector<Coin> coins;                 // Ranked 1..n in page order.
  std::map<std::string, std::string> ids;  // Ticker -> CoinGecko id of the coin kept.
};

// The first `top_n` coins of `pages` (by page number) after the deduplication described above.
MergedRanking MergeCoinGeckoPages(const std::map<int, parse::CoinGeckoPage>& pages, int top_n);

class CoinGeckoDiscovery final : public Ranking {
 public:
  static constexpr int kMaxExtraPages = 3;

  CoinGeckoDiscovery(std::string base_url, int top_n)
      : base_url_(std::move(base_url)), top_n_(top_n) {}

  bool SubmitPages(fetch::Engine& engine) override;
  // A failed page is an error unless an earlier page already ended the list.
  [[nodiscard]] Result<std::vector<Coin>> Take() override;
  // Ticker -> CoinGecko id, for the coins Take() returned.
  const std::map<std::string, std::string>& ids() const { return ids_; }

 private:
  std::string base_url_;
  int top_n_;
  int pages_asked_ = 0;
  std::map<int, parse::CoinGeckoPage> pages_;
  std::map<int, Error> errors_;
  std::map<std::string, std::string> ids_;
};

}  // namespace cryptoscope::discover
