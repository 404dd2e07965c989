// Bybit spot daily klines (category=spot: without it Bybit answers with the linear perpetual;
// interval=D) from /v5/market/kline, paged backwards: `start` = the plan's first day, `end` = the
// last millisecond of its last day (so today's forming candle is never asked for). Rows come
// newest first; the next page ends just before the oldest row received. Pages may be shorter
// than the `limit` asked for: the history ends with an empty page or at the plan's first day.
// Facts: docs/keyless-sources.md.
#pragma once

#include <string>

#include "cryptoscope/source/history_source.h"

namespace cryptoscope::source {

class BybitSource final : public HistorySource {
 public:
  static constexpr int kPageSize = 1000;  // kline's documented maximum `limit`.

  explicit BybitSource(std::string base_url) : base_url_(std::move(base_url)) {}
  Source id() const override { return Source::kBybit; }
  fetch::Request FirstRequest(const FetchPlan& plan) const override;
  bool newest_first() const override { return true; }
  Result<Page> ReadPage(const FetchPlan& plan, const fetch::Response& response,
                        int64_t now_ms) const override;

 private:
  fetch::Request PageRequest(const FetchPlan& plan, int64_t end_ms) const;
  std::string base_url_;
};

}  // namespace cryptoscope::source
