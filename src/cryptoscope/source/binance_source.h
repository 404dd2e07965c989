// Binance daily klines: pages of 1000 by startTime, endTime at the close of the plan's last day,
// so the still-open day is never asked for. A backfill starts before any listing; Binance
// answers from the coin's first candle. Facts: docs/api-contract.md section 3.
#pragma once

#include <string>

#include "cryptoscope/source/history_source.h"

namespace cryptoscope::source {

class BinanceSource final : public HistorySource {
 public:
  static constexpr int kPageSize = 1000;  // Binance's maximum `limit`.
  static constexpr int kWeight = 2;

  explicit BinanceSource(std::string base_url) : base_url_(std::move(base_url)) {}
  Source id() const override { return Source::kBinance; }
  fetch::Request FirstRequest(const FetchPlan& plan) const override;
  Result<Page> ReadPage(const FetchPlan& plan, const fetch::Response& response,
                        int64_t now_ms) const override;

 private:
  fetch::Request PageRequest(const FetchPlan& plan, Day first) const;
  std::string base_url_;
};

}  // namespace cryptoscope::source
