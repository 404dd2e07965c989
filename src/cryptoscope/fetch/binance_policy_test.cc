#include "cryptoscope/fetch/binance_policy.h"

#include <gtest/gtest.h>

namespace cryptoscope::fetch {
namespace {

const TimePoint kT0{Millis{1'700'000'040'000}};  // 22:14:00 UTC, on a minute boundary.
const Request kKlines{Host::kBinance, "http://x/api/v3/klines", 2, "binance klines BTCUSDT"};

Response Answer(long status, std::string body = "[]",
                std::vector<std::pair<std::string, std::string>> headers = {}) {
  return Response{status, std::move(body), std::move(headers)};
}

TEST(BinancePolicyTest, PacesUnderTheConfiguredShareOfTheWeightLimit) {
  BinancePolicy policy;
  policy.Configure({{"REQUEST_WEIGHT", "MINUTE", 1, 100}, {"ORDERS", "SECOND", 10, 1}});
  // 90% of 100 = 90 weight: 45 klines requests, then wait for the window.
  for (int i = 0; i < 45; ++i) {
    ASSERT_EQ(policy.NextSlot(kT0, 2), kT0) << i;
    policy.OnStart(kT0, 2);
  }
  EXPECT_EQ(policy.NextSlot(kT0, 2), kT0 + Millis{60'000});
}

TEST(BinancePolicyTest, UsedWeightHeaderOfOtherClientsHoldsRequestsUntilTheWindowTurns) {
  BinancePolicy policy;
  policy.Configure({{"REQUEST_WEIGHT", "MINUTE", 1, 6000}});
  const TimePoint now = kT0 + Millis{15'000};
  auto verdict =
      policy.Classify(Answer(200, "[]", {{"x-mbx-used-weight-1m", "5399"}}), kKlines, now);
  EXPECT_EQ(verdict.kind, Verdict::Kind::kDeliver);
  EXPECT_EQ(policy.NextSlot(now, 2), kT0 + Millis{60'000});
}

TEST(BinancePolicyTest, HeaderWindowFollowsTheRateLimitInterval) {
  BinancePolicy policy;
  policy.Configure({{"REQUEST_WEIGHT", "SECOND", 10, 100}});
  policy.Classify(Answer(200, "[]", {{"x-mbx-used-weight-1m", "99"}}), kKlines, kT0);
  EXPECT_EQ(policy.NextSlot(kT0, 2), kT0);  // The 1m header is not this limit's.
  policy.Classify(Answer(200, "[]", {{"x-mbx-used-weight-10s", "89"}}), kKlines, kT0);
  EXPECT_EQ(policy.NextSlot(kT0, 2), kT0 + Millis{10'000});
}

TEST(BinancePolicyTest, Http429StopsAllRequestsForRetryAfterAndSlowsDown) {
  BinancePolicy policy;
  auto verdict = policy.Classify(
      Answer(429, R"({"code":-1003,"msg":"Too much request weight used"})", {{"retry-after", "7"}}),
      kKlines, kT0);
  EXPECT_EQ(verdict.kind, Verdict::Kind::kRetryAfter);
  EXPECT_EQ(verdict.not_before, kT0 + Millis{7'000});
  EXPECT_EQ(policy.NextSlot(kT0 + Millis{6'999}, 2), kT0 + Millis{7'000});
  EXPECT_LT(policy.safety(), 0.9);
  EXPECT_FALSE(policy.ban_until());
}

TEST(BinancePolicyTest, Http418IsRememberedAsABanAndLongBansCloseTheHost) {
  BinancePolicy policy(Millis{60'000});
  auto verdict = policy.Classify(Answer(418, "{}", {{"retry-after", "7200"}}), kKlines, kT0);
  EXPECT_EQ(verdict.kind, Verdict::Kind::kHostFatal);
  ASSERT_TRUE(policy.ban_until());
  EXPECT_EQ(*policy.ban_until(), kT0 + Millis{7'200'000});
}

TEST(BinancePolicyTest, ClassifiesStatuses) {
  BinancePolicy policy;
  EXPECT_EQ(policy.Classify(Answer(503), kKlines, kT0).kind, Verdict::Kind::kRetry);
  auto unknown =
      policy.Classify(Answer(400, R"({"code":-1121,"msg":"Invalid symbol."})"), kKlines, kT0);
  EXPECT_EQ(unknown.kind, Verdict::Kind::kFail);
  EXPECT_EQ(unknown.error->code, ErrorCode::kNotFound);
  EXPECT_NE(unknown.error->message.find("-1121"), std::string::npos);
  auto busy = policy.Classify(Answer(400, R"({"code":-1008,"msg":"Server busy"})"), kKlines, kT0);
  EXPECT_EQ(busy.kind, Verdict::Kind::kRetry);
  auto restricted =
      policy.Classify(Answer(451, R"({"code":0,"msg":"restricted location"})"), kKlines, kT0);
  EXPECT_EQ(restricted.kind, Verdict::Kind::kHostFatal);
  EXPECT_NE(restricted.error->message.find("data-api.binance.vision"), std::string::npos);
  EXPECT_EQ(policy
                .Classify(Result<Response>(tl::unexpected(Error{ErrorCode::kUnavailable, "reset"})),
                          kKlines, kT0)
                .kind,
            Verdict::Kind::kRetry);
}

}  // namespace
}  // namespace cryptoscope::fetch
