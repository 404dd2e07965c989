#include "cryptoscope/discover/discover.h"

#include <fmt/format.h>

#include <unordered_set>

#include "cryptoscope/fetch/url.h"

namespace cryptoscope::discover {
namespace {

// Extra pages we ask for at most to make up for duplicates in a shifting list.
constexpr int kMaxExtraPages = 3;

}  // namespace

fetch::Request TopListRequest(const std::string& base_url, int page) {
  return fetch::Request{
      fetch::Host::kCryptoCompare,
      fetch::JoinUrl(
          base_url, fmt::format("/data/top/mktcapfull?limit={}&page={}&tsym=USD", kPageSize, page)),
      1, fmt::format("cryptocompare top list page {}", page)};
}

std::vector<Coin> MergePages(const std::map<int, parse::TopListPage>& pages, int top_n) {
  std::vector<Coin> coins;
  std::unordered_set<std::string> seen;
  for (const auto& [page, content] : pages) {
    for (const Coin& coin : content.coins) {
      if (static_cast<int>(coins.size()) >= top_n) return coins;
      if (!seen.insert(coin.symbol).second) continue;
      coins.push_back(coin);
      coins.back().rank = static_cast<int>(coins.size());
    }
  }
  return coins;
}

bool Discovery::SubmitPages(fetch::Engine& engine) {
  if (!errors_.empty()) return false;
  int wanted = (top_n_ + kPageSize - 1) / kPageSize;
  if (pages_asked_ > 0) {
    // A later round: only if the list went on (last page full) and duplicates left a shortfall.
    const auto last = pages_.find(pages_asked_ - 1);
    const bool list_goes_on =
        last != pages_.end() && last->second.entries >= static_cast<size_t>(kPageSize);
    const int have = static_cast<int>(MergePages(pages_, top_n_).size());
    const int max_pages = wanted + kMaxExtraPages;
    if (!list_goes_on || have >= top_n_ || pages_asked_ >= max_pages) return false;
    wanted = std::min(max_pages, pages_asked_ + (top_n_ - have + kPageSize - 1) / kPageSize);
  }
  if (wanted <= pages_asked_) return false;
  for (int page = pages_asked_; page < wanted; ++page) {
    engine.Submit(
        TopListRequest(base_url_, page),
        [this, page](fetch::Response& response) -> Status {
          auto parsed = parse::ParseTopList(response.body, page, kPageSize);
          if (!parsed) {
            return Fail(parsed.error().code, fmt::format("cryptocompare top list page {}: {}", page,
                                                         parsed.error().message));
          }
          pages_[page] = std::move(*parsed);
          return {};
        },
        [this, page](const Error& error) { errors_.emplace(page, error); });
  }
  pages_asked_ = wanted;
  return true;
}

Result<std::vector<Coin>> Discovery::Take() {
  std::map<int, parse::TopListPage> pages;
  for (int page = 0; page < pages_asked_; ++page) {
    if (auto failed = errors_.find(page); failed != errors_.end()) {
      return tl::unexpected(failed->second);
    }
    auto& content = pages_.at(page);
    const bool short_page = content.entries < static_cast<size_t>(kPageSize);
    pages.emplace(page, std::move(content));
    if (short_page) break;  // The list ends here; later pages hold nothing.
  }
  return MergePages(pages, top_n_);
}

}  // namespace cryptoscope::discover
