// OKX spot daily candles (bar=1Dutc: UTC days; plain 1D is the UTC+8 day) from
// /api/v5/market/history-candles, paged backwards: `after` = the day after the plan's last day
// (so today's forming candle is never asked for), `before` = just before its first day, so an
// update brings exactly the missing days. Rows come newest first; the next page starts `after`
// the oldest row received. Pages may hold fewer rows than asked (the documented maximum differs
// between sources): the history ends with an empty page or at the coin's first day (the plan's
// first day, or the instrument's listing day when OKX states it), never at a short page.
// Facts: docs/keyless-sources.md.
#pragma once

#include <map>
#include <string>

#include "cryptoscope/source/history_source.h"

namespace cryptoscope::source {

class OkxSource final : public HistorySource {
 public:
  static constexpr int kPageSize = 100;  // The smaller of the documented maxima.

  explicit OkxSource(std::string base_url) : base_url_(std::move(base_url)) {}
  // instId -> listing day (from the instrument list): a backfill asks for nothing older.
  void SetListingDays(std::map<std::string, Day> listed_on) { listed_on_ = std::move(listed_on); }

  Source id() const override { return Source::kOkx; }
  fetch::Request FirstRequest(const FetchPlan& plan) const override;
  bool newest_first() const override { return true; }
  Result<Page> ReadPage(const FetchPlan& plan, const fetch::Response& response,
                        int64_t now_ms) const override;

 private:
  fetch::Request PageRequest(const FetchPlan& plan, int64_t after_ms) const;
  std::string base_url_;
  std::map<std::string, Day> listed_on_;
};

}  // namespace cryptoscope::source
