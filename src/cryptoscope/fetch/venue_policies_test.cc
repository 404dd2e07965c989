#include "cryptoscope/fetch/venue_policies.h"

#include <gtest/gtest.h>

namespace cryptoscope::fetch {
namespace {

const TimePoint kT0{Millis{1'700'000'040'000}};
const Millis kMaxWait{300'000};
const Request kOkx{Host::kOkx, "http://x/api/v5/market/history-candles", 1, "okx candles BTC-USDT"};
const Request kBybit{Host::kBybit, "http://x/v5/market/kline", 1, "bybit kline BTCUSDT"};
const Request kGecko{Host::kCoinGecko, "http://x/api/v3/coins/markets", 1, "coingecko page 1"};

Response Answer(long status, std::string body,
                std::vector<std::pair<std::string, std::string>> headers = {}) {
  return Response{status, std::move(body), std::move(headers)};
}

TEST(OkxPolicyTest, PacesTwentyPerTwoSecondsWithAMargin) {
  OkxPolicy policy(VenueLimits{}, kMaxWait);
  for (int i = 0; i < 18; ++i) {
    ASSERT_EQ(policy.NextSlot(kT0, 1), kT0) << i;
    policy.OnStart(kT0, 1);
  }
  EXPECT_EQ(policy.NextSlot(kT0, 1), kT0 + Millis{2'100});
}

TEST(OkxPolicyTest, ClassifiesEnvelopeCodes) {
  OkxPolicy policy(VenueLimits{}, kMaxWait);
  EXPECT_EQ(policy.Classify(Answer(200, R"({"code":"0","msg":"","data":[]})"), kOkx, kT0).kind,
            Verdict::Kind::kDeliver);
  const Verdict missing = policy.Classify(
      Answer(200, R"({"code":"51001","msg":"Instrument ID does not exist","data":[]})"), kOkx, kT0);
  EXPECT_EQ(missing.kind, Verdict::Kind::kFail);
  EXPECT_EQ(missing.error->code, ErrorCode::kNotFound);
  EXPECT_EQ(missing.error->message,
            "okx candles BTC-USDT: HTTP 200 (code 51001: Instrument ID does not exist)");
  EXPECT_EQ(policy.Classify(Answer(200, R"({"code":"50013","msg":"busy"})"), kOkx, kT0).kind,
            Verdict::Kind::kRetry);
  EXPECT_EQ(policy.Classify(Answer(200, R"({"code":"0","da)"), kOkx, kT0).kind,
            Verdict::Kind::kRetry);
  EXPECT_EQ(policy.Classify(Answer(502, "bad gateway"), kOkx, kT0).kind, Verdict::Kind::kRetry);
}

TEST(OkxPolicyTest, TooManyRequestsBlocksTheHostForRetryAfter) {
  OkxPolicy policy(VenueLimits{}, kMaxWait);
  const Verdict verdict = policy.Classify(
      Answer(429, R"({"code":"50011","msg":"Too Many Requests"})", {{"retry-after", "3"}}), kOkx,
      kT0);
  EXPECT_EQ(verdict.kind, Verdict::Kind::kRetryAfter);
  EXPECT_EQ(verdict.not_before, kT0 + Millis{3'000});
  EXPECT_EQ(policy.NextSlot(kT0, 1), kT0 + Millis{3'000});
  // The same code with HTTP 200 and no Retry-After: the 2 s window.
  OkxPolicy other(VenueLimits{}, kMaxWait);
  EXPECT_EQ(other.Classify(Answer(200, R"({"code":"50011","msg":"x"})"), kOkx, kT0).not_before,
            kT0 + Millis{2'000});
}

TEST(BybitPolicyTest, ForbiddenIsABanThatClosesTheHost) {
  BybitPolicy policy(VenueLimits{}, kMaxWait);
  const Verdict verdict = policy.Classify(Answer(403, "access too frequent"), kBybit, kT0);
  EXPECT_EQ(verdict.kind, Verdict::Kind::kHostFatal);
  EXPECT_EQ(verdict.error->code, ErrorCode::kRateLimited);
  EXPECT_EQ(verdict.error->message,
            "bybit kline BTCUSDT: HTTP 403; bybit bans this IP for 10 minutes: rerun after that");
  ASSERT_TRUE(policy.ban_until());
  EXPECT_EQ(*policy.ban_until(), kT0 + Millis{600'000});
}

TEST(BybitPolicyTest, ClassifiesRetCodes) {
  BybitPolicy policy(VenueLimits{}, kMaxWait);
  EXPECT_EQ(
      policy.Classify(Answer(200, R"({"retCode":0,"retMsg":"OK","result":{}})"), kBybit, kT0).kind,
      Verdict::Kind::kDeliver);
  const Verdict missing = policy.Classify(
      Answer(200, R"({"retCode":10001,"retMsg":"Not supported symbols"})"), kBybit, kT0);
  EXPECT_EQ(missing.kind, Verdict::Kind::kFail);
  EXPECT_EQ(missing.error->code, ErrorCode::kNotFound);
  EXPECT_EQ(
      policy.Classify(Answer(200, R"({"retCode":10006,"retMsg":"Too many visits!"})"), kBybit, kT0)
          .kind,
      Verdict::Kind::kRetryAfter);
}

TEST(BybitPolicyTest, PacesWellUnderSixHundredPerFiveSeconds) {
  BybitPolicy policy(VenueLimits{}, kMaxWait);
  for (int i = 0; i < 400; ++i) policy.OnStart(kT0, 1);
  EXPECT_EQ(policy.NextSlot(kT0, 1), kT0 + Millis{5'100});
}

TEST(CoinGeckoPolicyTest, RateLimitHonoursRetryAfterAndGivesUpBeyondMaxWait) {
  CoinGeckoPolicy policy(VenueLimits{}, kMaxWait);
  const Verdict wait = policy.Classify(
      Answer(429, R"({"status":{"error_code":429}})", {{"retry-after", "30"}}), kGecko, kT0);
  EXPECT_EQ(wait.kind, Verdict::Kind::kRetryAfter);
  EXPECT_EQ(wait.not_before, kT0 + Millis{30'000});
  const Verdict long_wait =
      policy.Classify(Answer(429, "{}", {{"retry-after", "3600"}}), kGecko, kT0);
  EXPECT_EQ(long_wait.kind, Verdict::Kind::kHostFatal);
}

TEST(CoinGeckoPolicyTest, RejectedKeyClosesTheHost) {
  CoinGeckoPolicy policy(VenueLimits{}, kMaxWait);
  const Verdict verdict = policy.Classify(
      Answer(400, R"({"status":{"error_code":10011,"error_message":"wrong host"}})"), kGecko, kT0);
  EXPECT_EQ(verdict.kind, Verdict::Kind::kHostFatal);
  EXPECT_EQ(verdict.error->code, ErrorCode::kUnauthorized);
}

TEST(CoinGeckoPolicyTest, PacesToThePerMinuteLimit) {
  CoinGeckoPolicy policy(VenueLimits{.coingecko_per_minute = 2}, kMaxWait);
  policy.OnStart(kT0, 1);
  policy.OnStart(kT0 + Millis{1'000}, 1);
  EXPECT_EQ(policy.NextSlot(kT0 + Millis{2'000}, 1), kT0 + Millis{60'100});
}

}  // namespace
}  // namespace cryptoscope::fetch
