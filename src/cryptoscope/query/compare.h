// Closes of several coins normalised to 100 on the first day they all have. Pure.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cryptoscope/query/rows.h"

namespace cryptoscope::query {

struct ComparePoint {
  std::string date;
  double value = 0;  // close / close(base_day) * 100: exactly 100 on base_day.
};

struct CompareSeries {
  std::string symbol;
  double total_return = 0;           // Last close / base close - 1.
  std::vector<ComparePoint> points;  // Days the coin has a row, from base_day on.
};

struct Comparison {
  std::string base_day;  // First day on which every coin has a row.
  std::string last_day;  // Newest day among all points.
  std::vector<CompareSeries> series;
};

struct CoinBars {
  std::string symbol;
  std::vector<Bar> bars;  // Ascending.
};

// nullopt when no day is shared by every coin (or `coins` is empty).
std::optional<Comparison> Compare(const std::vector<CoinBars>& coins);

}  // namespace cryptoscope::query
