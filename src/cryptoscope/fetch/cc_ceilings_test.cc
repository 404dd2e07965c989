#include "cryptoscope/fetch/cc_ceilings.h"

#include <gtest/gtest.h>

namespace cryptoscope::fetch {
namespace {

constexpr CcLimitsSet kNoneSet{};
constexpr CcLimitsSet kAllSet{true, true, true, true, true};

// The usage a paid key reported in 2025 (docs/api-contract.md 4.2), a few calls already made.
parse::CcRateLimitStatus PaidPlan() {
  parse::CcRateLimitStatus plan;
  plan.calls_made = {1, 5, 40, 300, 9'000};
  plan.calls_left = {49, 1'995, 99'960, 1'499'700, 14'991'000};
  return plan;
}

TEST(ChooseCcCeilingsTest, WithoutAnAnswerTheDefaultsStand) {
  const CcCeilings c = ChooseCcCeilings(CryptoCompareLimits{}, kNoneSet, std::nullopt);
  EXPECT_EQ(c.limits.per_second, 20);
  EXPECT_EQ(c.limits.per_minute, 300);
  EXPECT_EQ(c.limits.per_hour, 3'000);
  EXPECT_EQ(c.limits.per_day, 7'500);
  EXPECT_EQ(c.limits.per_month, 50'000);
  for (CeilingOrigin origin : c.origin) EXPECT_EQ(origin, CeilingOrigin::kDefault);
}

TEST(ChooseCcCeilingsTest, WithoutAnAnswerConfiguredValuesStand) {
  CryptoCompareLimits configured;
  configured.per_second = 5;
  const CcCeilings c =
      ChooseCcCeilings(configured, CcLimitsSet{true, false, false, false, false}, std::nullopt);
  EXPECT_EQ(c.limits.per_second, 5);
  EXPECT_EQ(c.origin[0], CeilingOrigin::kConfigured);
  EXPECT_EQ(c.origin[1], CeilingOrigin::kDefault);
}

TEST(ChooseCcCeilingsTest, AHigherPlanReplacesTheDefaults) {
  const CcCeilings c = ChooseCcCeilings(CryptoCompareLimits{}, kNoneSet, PaidPlan());
  EXPECT_EQ(c.limits.per_second, 50);  // made + left.
  EXPECT_EQ(c.limits.per_minute, 2'000);
  EXPECT_EQ(c.limits.per_hour, 100'000);
  EXPECT_EQ(c.limits.per_day, 1'499'700);  // What is left of the budgets.
  EXPECT_EQ(c.limits.per_month, 14'991'000);
  for (CeilingOrigin origin : c.origin) EXPECT_EQ(origin, CeilingOrigin::kPlan);
}

TEST(ChooseCcCeilingsTest, ALowerPlanIsRespectedEvenAgainstTheDefaults) {
  parse::CcRateLimitStatus plan;
  plan.calls_made = {0, 10, 10, 7'000, 7'000};
  plan.calls_left = {10, 50, 1'190, 3'000, 13'000};
  const CcCeilings c = ChooseCcCeilings(CryptoCompareLimits{}, kNoneSet, plan);
  EXPECT_EQ(c.limits.per_second, 10);
  EXPECT_EQ(c.limits.per_minute, 60);
  EXPECT_EQ(c.limits.per_hour, 1'200);
  EXPECT_EQ(c.limits.per_day, 3'000);
  EXPECT_EQ(c.limits.per_month, 13'000);
}

TEST(ChooseCcCeilingsTest, ConfiguredValuesStayAnUpperBound) {
  CryptoCompareLimits configured{30, 5'000, 50, 1'000'000'000, 100};
  const CcCeilings c = ChooseCcCeilings(configured, kAllSet, PaidPlan());
  EXPECT_EQ(c.limits.per_second, 30);  // Configured, below the plan's 50.
  EXPECT_EQ(c.origin[0], CeilingOrigin::kConfigured);
  EXPECT_EQ(c.limits.per_minute, 2'000);  // The plan's, below the configured 5000.
  EXPECT_EQ(c.origin[1], CeilingOrigin::kPlan);
  EXPECT_EQ(c.limits.per_hour, 50);
  EXPECT_EQ(c.limits.per_day, 1'499'700);
  EXPECT_EQ(c.origin[3], CeilingOrigin::kPlan);
  EXPECT_EQ(c.limits.per_month, 100);
  EXPECT_EQ(c.origin[4], CeilingOrigin::kConfigured);
}

TEST(ChooseCcCeilingsTest, MaxCallsServesWhereCallsLeftIsMissing) {
  parse::CcRateLimitStatus plan;
  plan.calls_made = {0, 0, 0, 100, 100};
  plan.max_calls = {40, 400, 4'000, 9'000, 90'000};
  const CcCeilings c = ChooseCcCeilings(CryptoCompareLimits{}, kNoneSet, plan);
  EXPECT_EQ(c.limits.per_second, 40);
  EXPECT_EQ(c.limits.per_day, 8'900);
  EXPECT_EQ(c.limits.per_month, 89'900);
}

TEST(ChooseCcCeilingsTest, WindowsTheAnswerLacksKeepTheirConfiguredValue) {
  parse::CcRateLimitStatus plan;
  plan.calls_made[0] = 0;
  plan.calls_left[0] = 100;
  plan.calls_left[3] = 0;  // Used up today.
  const CcCeilings c = ChooseCcCeilings(CryptoCompareLimits{}, kNoneSet, plan);
  EXPECT_EQ(c.limits.per_second, 100);
  EXPECT_EQ(c.origin[0], CeilingOrigin::kPlan);
  EXPECT_EQ(c.limits.per_minute, 300);  // Only calls_left or only calls_made: unknown.
  EXPECT_EQ(c.origin[1], CeilingOrigin::kDefault);
  EXPECT_EQ(c.limits.per_day, 0);
  EXPECT_EQ(c.origin[3], CeilingOrigin::kPlan);
}

TEST(DescribeCcCeilingsTest, NamesEachValueAndItsOrigin) {
  CryptoCompareLimits configured;
  configured.per_month = 100;
  const CcCeilings c =
      ChooseCcCeilings(configured, CcLimitsSet{false, false, false, false, true}, PaidPlan());
  EXPECT_EQ(DescribeCcCeilings(c),
            "50/s (plan), 2000/min (plan), 100000/h (plan), 1499700 left today (plan), 100 left "
            "this month (configured)");
}

}  // namespace
}  // namespace cryptoscope::fetch
