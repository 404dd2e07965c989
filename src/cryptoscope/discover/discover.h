// Discover: the top N coins by market cap from CryptoCompare's /data/top/mktcapfull.
//
// Asks for ceil(N / 100) pages of 100 at once. The list is live and may shift between pages, so
// tickers are deduplicated (first rank wins); only when duplicates leave fewer than N coins and
// the last page was full are further pages asked for. A short or empty page ends the list.
// Sponsored entries are ignored (the parser skips them).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cryptoscope/core/result.h"
#include "cryptoscope/core/types.h"
#include "cryptoscope/discover/ranking.h"
#include "cryptoscope/fetch/engine.h"
#include "cryptoscope/parse/cryptocompare.h"

namespace cryptoscope::discover {

inline constexpr int kPageSize = 100;  // mktcapfull's maximum `limit`.

// Page `page` of the ranking, 0-based.
fetch::Request TopListRequest(const std::string& base_url, int page);

// The first `top_n` distinct tickers of `pages` taken in page order. Ranks are renumbered
// 1..n in that order, so a coin repeated by a shifting list does not leave a gap.
std::vector<Coin> MergePages(const std::map<int, parse::TopListPage>& pages, int top_n);

class Discovery final : public Ranking {
 public:
  Discovery(std::string base_url, int top_n) : base_url_(std::move(base_url)), top_n_(top_n) {}

  // Queues the pages still needed on `engine`; returns false when none are (the list is done).
  bool SubmitPages(fetch::Engine& engine) override;
  // The coins, once SubmitPages() returned false. A page that failed is an error unless an
  // earlier page already ended the list (past the end a provider may answer with an error).
  [[nodiscard]] Result<std::vector<Coin>> Take() override;

 private:
  std::string base_url_;
  int top_n_;
  int pages_asked_ = 0;
  std::map<int, parse::TopListPage> pages_;
  std::map<int, Error> errors_;
};

}  // namespace cryptoscope::discover
