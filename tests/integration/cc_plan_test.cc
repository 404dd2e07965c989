// The plan's own ceilings (issue 11, part 3): at the start of a run the client asks
// CryptoCompare's /stats/rate/limit what the key may do and paces to that; values the user set
// stay an upper bound; without an answer the configured (or default) ceilings stand. The summary
// says which ceilings were used and where they came from.
#include <algorithm>

#include "integration/fault_fixture.h"

namespace cryptoscope::testing {
namespace {

class CcPlanTest : public FaultFixture {
 protected:
  // The most CryptoCompare history calls that arrived at the fake within any 1000 ms.
  size_t MostHistoryCallsInOneSecond() const {
    std::vector<int64_t> arrivals;
    for (const auto& record : Records("/data/v2/histoday")) arrivals.push_back(record.at_ms_real);
    std::sort(arrivals.begin(), arrivals.end());
    size_t most = 0;
    for (size_t first = 0, last = 0; last < arrivals.size(); ++last) {
      while (arrivals[last] - arrivals[first] >= 1000) ++first;
      most = std::max(most, last - first + 1);
    }
    return most;
  }

  static std::string CeilingsLine(const std::string& out) {
    const auto at = out.find("cryptocompare ceilings: ");
    if (at == std::string::npos) return "";
    return out.substr(at, out.find('\n', at) - at);
  }
};

// The fake limits nothing, so its plan states 1e9 calls per window: the client leaves the
// keyless default of 20 calls a second behind (it would never put 21 in one second).
TEST_F(CcPlanTest, AHigherPlanIsUsedAndIngestsFaster) {
  StartFake(120);
  ASSERT_GT(SymbolsOf(120, Source::kCryptoCompare).size(), 24u);
  const auto result = Ingest(Env(120, /*concurrency=*/16));
  ASSERT_EQ(result.exit_code, 0) << result.err << result.out;
  ExpectDatabaseExact(120);
  // The budgets are what is left: 1e9 less the calls already counted when the answer was made.
  const std::string line = CeilingsLine(result.out);
  EXPECT_EQ(line.rfind("cryptocompare ceilings: 1000000000/s (plan), 1000000000/min (plan), "
                       "1000000000/h (plan), ",
                       0),
            0u)
      << line;
  EXPECT_NE(line.find(" left today (plan), "), std::string::npos) << line;
  EXPECT_NE(line.find(" left this month (plan)"), std::string::npos) << line;
  EXPECT_GT(MostHistoryCallsInOneSecond(), 20u);
  EXPECT_EQ(fake_->CountRequests("/stats/rate/limit"), 1u);
}

// Without the endpoint the same run keeps to the defaults, and says so. (That the client keeps
// to configured ceilings is RateLimitTest's; arrival times are too loose to show it here.)
TEST_F(CcPlanTest, WithoutTheEndpointTheDefaultsStand) {
  fake::FaultOptions faults;
  faults.cc_rate_limit_endpoint = false;
  StartFake(120, faults);
  const auto result = Ingest(Env(120, /*concurrency=*/16));
  ASSERT_EQ(result.exit_code, 0) << result.err << result.out;
  ExpectDatabaseExact(120);
  EXPECT_EQ(CeilingsLine(result.out),
            "cryptocompare ceilings: 20/s (default), 300/min (default), 3000/h (default), 7500 "
            "left today (default), 50000 left this month (default); the plan is unknown: "
            "cryptocompare rate limit: HTTP 404");
  EXPECT_EQ(fake_->CountRequests("/stats/rate/limit"), 1u);  // Not retried.
}

// A plan below the defaults is respected with nothing configured: no call draws a Type 99.
TEST_F(CcPlanTest, ALowerPlanIsRespected) {
  fake::FaultOptions faults;
  faults.cc_max_per_second = 3;
  StartFake(40, faults);
  const auto result = Ingest(Env(12));  // 5 CryptoCompare coins and the top list: 6 calls.
  ASSERT_EQ(result.exit_code, 0) << result.err << result.out;
  ExpectDatabaseExact(12);
  EXPECT_NE(CeilingsLine(result.out).find("3/s (plan)"), std::string::npos) << result.out;
  EXPECT_EQ(fake_->CountCcRateLimited(), 0u);
}

// A value the user set is an upper bound on the plan's.
TEST_F(CcPlanTest, ConfiguredValuesCapThePlan) {
  fake::FaultOptions faults;
  faults.cc_max_per_second = 3;
  StartFake(40, faults);
  auto env = Env(12);
  env["CC_CALLS_PER_SECOND"] = "2";
  env["CC_CALLS_PER_DAY"] = "100";
  const auto result = Ingest(env);
  ASSERT_EQ(result.exit_code, 0) << result.err << result.out;
  ExpectDatabaseExact(12);
  const std::string line = CeilingsLine(result.out);
  EXPECT_EQ(line.rfind("cryptocompare ceilings: 2/s (configured), 1000000000/min (plan), "
                       "1000000000/h (plan), 100 left today (configured), ",
                       0),
            0u)
      << line;
  EXPECT_EQ(fake_->CountCcRateLimited(), 0u);
}

}  // namespace
}  // namespace cryptoscope::testing
