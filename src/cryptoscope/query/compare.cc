#include "cryptoscope/query/compare.h"

#include <algorithm>

namespace cryptoscope::query {

std::optional<Comparison> Compare(const std::vector<CoinBars>& coins) {
  if (coins.empty()) return std::nullopt;
  // Walk the first coin's days; the first one every other coin has (binary search) is the base.
  std::optional<std::string> base;
  for (const Bar& bar : coins.front().bars) {
    const bool everywhere = std::all_of(coins.begin() + 1, coins.end(), [&](const CoinBars& c) {
      return std::binary_search(c.bars.begin(), c.bars.end(), bar,
                                [](const Bar& a, const Bar& b) { return a.date < b.date; });
    });
    if (everywhere) {
      base = bar.date;
      break;
    }
  }
  if (!base) return std::nullopt;
  Comparison out;
  out.base_day = *base;
  for (const CoinBars& coin : coins) {
    CompareSeries series;
    series.symbol = coin.symbol;
    auto it = std::lower_bound(coin.bars.begin(), coin.bars.end(), *base,
                               [](const Bar& b, const std::string& d) { return b.date < d; });
    const double base_close = it->close;
    for (; it != coin.bars.end(); ++it) {
      series.points.push_back({it->date, it->close / base_close * 100});
    }
    series.total_return = coin.bars.back().close / base_close - 1;
    out.last_day = std::max(out.last_day, coin.bars.back().date);
    out.series.push_back(std::move(series));
  }
  return out;
}

}  // namespace cryptoscope::query
