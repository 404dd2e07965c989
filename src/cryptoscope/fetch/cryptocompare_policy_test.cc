#include "cryptoscope/fetch/cryptocompare_policy.h"

#include <gtest/gtest.h>

namespace cryptoscope::fetch {
namespace {

const TimePoint kT0{Millis{1'700'000'040'000}};  // On a whole second.
const Request kHistoDay{Host::kCryptoCompare, "http://x/data/v2/histoday", 1,
                        "cryptocompare histoday BTC-USD"};

// A Type 99 body whose `window` is used up.
std::string Type99(const std::string& window) {
  return R"({"Response":"Error","Message":"You are over your rate limit please upgrade your )"
         R"(account!","Type":99,"RateLimit":{"calls_made":{")" +
         window + R"(":20},"max_calls":{")" + window + R"(":20}},"Data":{}})";
}

Response Answer(long status, std::string body,
                std::vector<std::pair<std::string, std::string>> headers = {}) {
  return Response{status, std::move(body), std::move(headers)};
}

TEST(CryptoComparePolicyTest, Type99WaitsForTheExhaustedSecondToTurn) {
  CryptoComparePolicy policy(CryptoCompareLimits{});
  const TimePoint now = kT0 + Millis{100};
  const Verdict verdict = policy.Classify(Answer(200, Type99("second")), kHistoDay, now);
  EXPECT_EQ(verdict.kind, Verdict::Kind::kRetryAfter);
  EXPECT_GE(verdict.not_before, kT0 + Millis{1'000});
  EXPECT_LT(verdict.not_before, kT0 + Millis{2'000});
  EXPECT_EQ(policy.NextSlot(now, 1), verdict.not_before);
}

// A 429 late in a second says Retry-After: 1; the second turning sooner must not cut it short.
TEST(CryptoComparePolicyTest, RetryAfterIsHonouredEvenWhenTheExhaustedWindowTurnsSooner) {
  CryptoComparePolicy policy(CryptoCompareLimits{});
  const TimePoint now = kT0 + Millis{900};
  const Verdict verdict =
      policy.Classify(Answer(429, Type99("second"), {{"retry-after", "1"}}), kHistoDay, now);
  EXPECT_EQ(verdict.kind, Verdict::Kind::kRetryAfter);
  EXPECT_GE(verdict.not_before, now + Millis{1'000});
  EXPECT_GE(policy.NextSlot(now, 1), now + Millis{1'000});
}

TEST(CryptoComparePolicyTest, RetryAfterAloneIsWaitedExactly) {
  CryptoComparePolicy policy(CryptoCompareLimits{});
  const Verdict verdict =
      policy.Classify(Answer(429, "{}", {{"retry-after", "3"}}), kHistoDay, kT0 + Millis{10});
  EXPECT_EQ(verdict.kind, Verdict::Kind::kRetryAfter);
  EXPECT_EQ(verdict.not_before, kT0 + Millis{3'010});
}

TEST(CryptoComparePolicyTest, RetryAfterLongerThanMaxWaitEndsCryptoCompareWork) {
  CryptoComparePolicy policy(CryptoCompareLimits{}, Millis{5'000});
  const Verdict verdict =
      policy.Classify(Answer(429, "{}", {{"retry-after", "60"}}), kHistoDay, kT0);
  EXPECT_EQ(verdict.kind, Verdict::Kind::kHostFatal);
  EXPECT_EQ(verdict.error->code, ErrorCode::kRateLimited);
}

TEST(CryptoComparePolicyTest, ExhaustedDayFromTheProviderEndsCryptoCompareWork) {
  CryptoComparePolicy policy(CryptoCompareLimits{});
  const Verdict verdict = policy.Classify(Answer(200, Type99("day")), kHistoDay, kT0);
  EXPECT_EQ(verdict.kind, Verdict::Kind::kHostFatal);
  EXPECT_NE(verdict.error->message.find("day call limit is used up"), std::string::npos);
}

TEST(CryptoComparePolicyTest, ConfiguredDayBudgetIsExhaustedAfterThatManyCalls) {
  CryptoCompareLimits limits;
  limits.per_day = 3;
  CryptoComparePolicy policy(limits);
  for (int i = 0; i < 3; ++i) {
    EXPECT_FALSE(policy.Exhausted()) << i;
    policy.OnStart(kT0, 1);
  }
  const auto exhausted = policy.Exhausted();
  ASSERT_TRUE(exhausted);
  EXPECT_EQ(exhausted->code, ErrorCode::kRateLimited);
  EXPECT_NE(exhausted->message.find("CC_CALLS_PER_DAY"), std::string::npos) << exhausted->message;
}

// Ceilings set from the plan replace the configured ones: the windows pace to them, and a used-up
// day names the plan rather than a setting the user never made.
TEST(CryptoComparePolicyTest, PlanCeilingsPaceAndAUsedUpPlanDayNamesThePlan) {
  CryptoComparePolicy policy(CryptoCompareLimits{});
  CryptoCompareLimits plan{2, 300, 3'000, 2, 50'000};
  policy.SetLimits(plan, /*day_from_plan=*/true, /*month_from_plan=*/false);
  policy.OnStart(kT0, 1);
  EXPECT_EQ(policy.NextSlot(kT0, 1), kT0);
  policy.OnStart(kT0, 1);
  EXPECT_GT(policy.NextSlot(kT0, 1), kT0 + Millis{1'000});  // Two per second, window turns.
  const auto exhausted = policy.Exhausted();
  ASSERT_TRUE(exhausted);
  EXPECT_EQ(exhausted->message,
            "cryptocompare: the plan's day call limit is used up (2 calls were left when this run "
            "started); rerun when it resets or raise the plan");
}

TEST(CryptoComparePolicyTest, ConfiguredMonthBudgetIsExhaustedToo) {
  CryptoCompareLimits limits;
  limits.per_month = 2;
  CryptoComparePolicy policy(limits);
  policy.OnStart(kT0, 1);
  EXPECT_FALSE(policy.Exhausted());
  policy.OnStart(kT0, 1);
  ASSERT_TRUE(policy.Exhausted());
  EXPECT_NE(policy.Exhausted()->message.find("CC_CALLS_PER_MONTH"), std::string::npos);
}

}  // namespace
}  // namespace cryptoscope::fetch

namespace cryptoscope::fetch {
namespace {

TEST(CryptoComparePolicyTest, StatedLowerCeilingReplacesTheConfiguredOne) {
  CryptoComparePolicy policy(CryptoCompareLimits{});  // 20 per second configured.
  const std::string body =
      R"({"Response":"Error","Message":"over your rate limit","Type":99,"RateLimit":)"
      R"({"calls_made":{"second":5},"max_calls":{"second":5,"minute":600}},"Data":{}})";
  const TimePoint later = kT0 + Millis{5'000};
  policy.Classify(Answer(200, body), kHistoDay, kT0);
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(policy.NextSlot(later, 1), later) << i;
    policy.OnStart(later, 1);
  }
  // 5 per second now, not 20 (paced on a window a little longer than a second).
  EXPECT_GE(policy.NextSlot(later, 1), later + Millis{1'000});
  EXPECT_LT(policy.NextSlot(later, 1), later + Millis{1'200});
}

}  // namespace
}  // namespace cryptoscope::fetch
