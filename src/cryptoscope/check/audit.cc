#include "cryptoscope/check/audit.h"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

#include "cryptoscope/core/candle_rules.h"
#include "cryptoscope/core/day.h"
#include "cryptoscope/query/coverage.h"

namespace cryptoscope::check {
namespace {

// The problem of one stored row, or nullopt: the date must be a real 'YYYY-MM-DD' day written
// the canonical way (text order is date order only then), the values must keep the candle rules.
std::optional<std::string> RowProblem(const query::StoredRow& row) {
  const std::optional<Day> day = ParseDay(row.date);
  if (!day || FormatDay(*day) != row.date) {
    return fmt::format("date '{}' is not a YYYY-MM-DD day", row.date);
  }
  return CandleProblem(
      Candle{*day, row.open, row.high, row.low, row.close, row.volume, row.quote_volume});
}

bool ByRank(const CoinAudit& a, const CoinAudit& b) {
  const auto key = [](const CoinAudit& coin) {
    return std::make_tuple(!coin.summary.rank.has_value(), coin.summary.rank.value_or(0),
                           std::string_view(coin.summary.symbol));
  };
  return key(a) < key(b);
}

}  // namespace

bool AuditReport::clean() const {
  return missing_days == 0 && bad_rows.empty() && integrity == std::vector<std::string>{"ok"};
}

Result<AuditReport> Audit(query::Reader& reader, bool full) {
  AuditReport report;
  auto integrity = reader.IntegrityCheck(full);
  if (!integrity) return tl::unexpected(integrity.error());
  report.integrity = std::move(*integrity);

  auto summaries = reader.Summaries();
  if (!summaries) return tl::unexpected(summaries.error());
  for (query::SymbolSummary& summary : *summaries) {
    auto dates = reader.Dates(summary.symbol);
    if (!dates) return tl::unexpected(dates.error());
    auto known = reader.KnownGapDates(summary.symbol);
    if (!known) return tl::unexpected(known.error());
    auto sync = reader.Sync(summary.symbol);
    if (!sync) return tl::unexpected(sync.error());
    CoinAudit coin{std::move(summary), query::FindGaps(*dates, *known)};
    coin.coverage.synced_through = sync->synced_through;
    coin.coverage.stale_since = sync->stale_since;
    report.rows += coin.summary.rows;
    report.missing_days += coin.coverage.missing_days;
    report.known_gap_days += coin.coverage.known_gap_days;
    report.stale_coins += coin.coverage.stale_since.has_value();
    report.coins.push_back(std::move(coin));
  }
  std::sort(report.coins.begin(), report.coins.end(), ByRank);

  auto scanned = reader.ScanRows([&](const query::StoredRow& row) {
    if (auto problem = RowProblem(row)) {
      report.bad_rows.push_back({std::string(row.symbol), std::string(row.date), *problem});
    }
    return true;
  });
  if (!scanned) return tl::unexpected(scanned.error());
  // A v4 file's ohlcv_rejected rows come after the candles: merge them into (symbol, date) order.
  std::stable_sort(report.bad_rows.begin(), report.bad_rows.end(),
                   [](const BadRow& a, const BadRow& b) {
                     return std::tie(a.symbol, a.date) < std::tie(b.symbol, b.date);
                   });
  return report;
}

}  // namespace cryptoscope::check
