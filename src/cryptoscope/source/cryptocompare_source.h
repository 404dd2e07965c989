// CryptoCompare daily history (histoday, in USD). A backfill, or a gap longer than one page, is
// one `allData=true` call; an update is one call ending at the plan's last day (`toTs`) whose
// `limit` covers exactly the missing days. Facts: docs/api-contract.md sections 6 and 8.
#pragma once

#include <string>

#include "cryptoscope/source/history_source.h"

namespace cryptoscope::source {

class CryptoCompareSource final : public HistorySource {
 public:
  static constexpr int kMaxLimit = 2000;  // histoday's maximum `limit`.

  explicit CryptoCompareSource(std::string base_url) : base_url_(std::move(base_url)) {}
  Source id() const override { return Source::kCryptoCompare; }
  fetch::Request FirstRequest(const FetchPlan& plan) const override;
  Result<Page> ReadPage(const FetchPlan& plan, const fetch::Response& response,
                        int64_t now_ms) const override;

 private:
  std::string base_url_;
};

}  // namespace cryptoscope::source
