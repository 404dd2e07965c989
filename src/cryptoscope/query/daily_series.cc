#include "cryptoscope/query/daily_series.h"

#include <fmt/format.h>

namespace cryptoscope::query {

Result<analysis::Series> LoadDailySeries(Reader& reader, std::string_view symbol) {
  constexpr int64_t kAllRows = 1'000'000;  // More than any history.
  auto bars = reader.Bars(symbol, "0000-01-01", "9999-12-31", kAllRows);
  if (!bars) return tl::unexpected(std::move(bars.error()));
  analysis::Series series;
  const size_t n = bars->size();
  series.days.reserve(n);
  series.open.reserve(n);
  series.high.reserve(n);
  series.low.reserve(n);
  series.close.reserve(n);
  series.volume.reserve(n);
  for (const auto& bar : *bars) {
    const auto day = ParseDay(bar.date);
    if (!day) {
      return Fail(ErrorCode::kBadData, fmt::format("{}: unreadable date '{}'", symbol, bar.date));
    }
    series.days.push_back(*day);
    series.open.push_back(bar.open);
    series.high.push_back(bar.high);
    series.low.push_back(bar.low);
    series.close.push_back(bar.close);
    series.volume.push_back(bar.volume);
  }
  return series;
}

}  // namespace cryptoscope::query
