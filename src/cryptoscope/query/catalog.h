// The coin list of one data version: every SymbolSummary, loaded once per version and shared
// read-only between request threads. Filtering, sorting and paging are pure functions over it,
// so no ORDER BY is ever built from a request.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cryptoscope/query/rows.h"

namespace cryptoscope::query {

struct Catalog {
  std::vector<SymbolSummary> coins;       // Ordered by symbol (binary search).
  std::optional<std::string> latest_day;  // Newest stored day of any coin.
  int64_t total_rows = 0;

  // The coin `symbol`: an exact match, else the only case-insensitive match; nullptr if none.
  const SymbolSummary* Find(std::string_view symbol) const;
};

Catalog BuildCatalog(std::vector<SymbolSummary> coins);

enum class SortKey { kRank, kSymbol, kMarketCap, kRows, kFirstDay, kLastDay };

struct SymbolFilter {
  std::string q;       // Case-insensitive substring of symbol or name; "" = all.
  std::string source;  // Exact source name; "" = all.
  SortKey sort = SortKey::kRank;
  bool descending = false;
  int64_t limit = 100;
  int64_t offset = 0;
};

struct SymbolPage {
  int64_t total = 0;  // Matches before paging.
  std::vector<const SymbolSummary*> data;
};

// Matches of `filter`, sorted by its key (nulls last in either direction, ties by symbol), paged.
SymbolPage ListSymbols(const Catalog& catalog, const SymbolFilter& filter);

// The coins in the top N (rank not null) that have stored rows, by rank then symbol: what the
// screener and a `top` correlation run over. Pointers into `catalog`.
std::vector<const SymbolSummary*> RankedCoinsWithRows(const Catalog& catalog);

// "rank", "-market_cap", ...: nullopt for an unknown key.
std::optional<std::pair<SortKey, bool>> ParseSort(std::string_view text);

}  // namespace cryptoscope::query
