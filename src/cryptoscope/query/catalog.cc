#include "cryptoscope/query/catalog.h"

#include <algorithm>
#include <cctype>
#include <tuple>

namespace cryptoscope::query {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool ContainsIgnoreCase(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) return true;
  if (needle.size() > haystack.size()) return false;
  for (size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
    if (EqualsIgnoreCase(haystack.substr(i, needle.size()), needle)) return true;
  }
  return false;
}

// -1, 0, 1 with a null (nullopt) after every value.
template <typename T>
int CompareNullsLast(const std::optional<T>& a, const std::optional<T>& b, bool descending) {
  if (!a || !b) return a ? -1 : (b ? 1 : 0);
  if (*a == *b) return 0;
  return (*a < *b) != descending ? -1 : 1;
}

int CompareBy(const SymbolSummary& a, const SymbolSummary& b, SortKey key, bool descending) {
  switch (key) {
    case SortKey::kRank:
      return CompareNullsLast(a.rank, b.rank, descending);
    case SortKey::kMarketCap:
      return CompareNullsLast(a.market_cap, b.market_cap, descending);
    case SortKey::kRows:
      return CompareNullsLast<int64_t>(a.rows, b.rows, descending);
    case SortKey::kFirstDay:
      return CompareNullsLast(a.first_day, b.first_day, descending);
    case SortKey::kLastDay:
      return CompareNullsLast(a.last_day, b.last_day, descending);
    case SortKey::kSymbol:
      return CompareNullsLast<std::string>(a.symbol, b.symbol, descending);
  }
  return 0;
}

}  // namespace

const SymbolSummary* Catalog::Find(std::string_view symbol) const {
  auto it = std::lower_bound(
      coins.begin(), coins.end(), symbol,
      [](const SymbolSummary& coin, std::string_view s) { return coin.symbol < s; });
  if (it != coins.end() && it->symbol == symbol) return &*it;
  const SymbolSummary* found = nullptr;
  for (const auto& coin : coins) {
    if (!EqualsIgnoreCase(coin.symbol, symbol)) continue;
    if (found != nullptr) return nullptr;  // Ambiguous: only an exact match will do.
    found = &coin;
  }
  return found;
}

Catalog BuildCatalog(std::vector<SymbolSummary> coins) {
  Catalog catalog;
  std::sort(coins.begin(), coins.end(),
            [](const auto& a, const auto& b) { return a.symbol < b.symbol; });
  for (const auto& coin : coins) {
    catalog.total_rows += coin.rows;
    if (coin.last_day && (!catalog.latest_day || *coin.last_day > *catalog.latest_day)) {
      catalog.latest_day = coin.last_day;
    }
  }
  catalog.coins = std::move(coins);
  return catalog;
}

std::vector<const SymbolSummary*> RankedCoinsWithRows(const Catalog& catalog) {
  std::vector<const SymbolSummary*> coins;
  for (const auto& coin : catalog.coins) {
    if (coin.rank && coin.rows > 0) coins.push_back(&coin);
  }
  std::sort(coins.begin(), coins.end(), [](const SymbolSummary* a, const SymbolSummary* b) {
    return std::tie(*a->rank, a->symbol) < std::tie(*b->rank, b->symbol);
  });
  return coins;
}

SymbolPage ListSymbols(const Catalog& catalog, const SymbolFilter& filter) {
  SymbolPage page;
  std::vector<const SymbolSummary*> matches;
  for (const auto& coin : catalog.coins) {
    if (!filter.source.empty() && coin.source != filter.source) continue;
    if (!ContainsIgnoreCase(coin.symbol, filter.q) &&
        !(coin.name && ContainsIgnoreCase(*coin.name, filter.q))) {
      continue;
    }
    matches.push_back(&coin);
  }
  std::stable_sort(matches.begin(), matches.end(), [&](const auto* a, const auto* b) {
    const int order = CompareBy(*a, *b, filter.sort, filter.descending);
    return order != 0 ? order < 0 : a->symbol < b->symbol;
  });
  page.total = static_cast<int64_t>(matches.size());
  const auto first = std::min<int64_t>(filter.offset, page.total);
  const auto last = std::min<int64_t>(first + filter.limit, page.total);
  page.data.assign(matches.begin() + first, matches.begin() + last);
  return page;
}

std::optional<std::pair<SortKey, bool>> ParseSort(std::string_view text) {
  const bool descending = !text.empty() && text.front() == '-';
  if (descending) text.remove_prefix(1);
  static constexpr std::pair<std::string_view, SortKey> kKeys[] = {
      {"rank", SortKey::kRank},
      {"symbol", SortKey::kSymbol},
      {"market_cap", SortKey::kMarketCap},
      {"rows", SortKey::kRows},
      {"first_day", SortKey::kFirstDay},
      {"last_day", SortKey::kLastDay}};
  for (const auto& [name, key] : kKeys) {
    if (text == name) return std::make_pair(key, descending);
  }
  return std::nullopt;
}

}  // namespace cryptoscope::query
