#include "cryptoscope/parse/cryptocompare_rate_limit.h"

#include <gtest/gtest.h>

namespace cryptoscope::parse {
namespace {

TEST(ParseCcRateLimitTest, ReadsCallsMadeAndLeftPerWindow) {
  // The shape of docs/api-contract.md 4.2.
  const auto status = ParseCcRateLimit(
      R"({"Response":"Success","Message":"","HasWarning":false,"Type":100,"RateLimit":{},)"
      R"("Data":{"calls_made":{"second":1,"minute":5,"hour":40,"day":300,"month":9000},)"
      R"("calls_left":{"second":19,"minute":295,"hour":2960,"day":7200,"month":41000}}})");
  ASSERT_TRUE(status) << status.error().message;
  EXPECT_EQ(status->calls_made, (CcWindowCounts{1, 5, 40, 300, 9'000}));
  EXPECT_EQ(status->calls_left, (CcWindowCounts{19, 295, 2'960, 7'200, 41'000}));
  EXPECT_EQ(status->max_calls, CcWindowCounts{});
}

TEST(ParseCcRateLimitTest, MissingWindowsAndOddValuesAreLeftUnknown) {
  const auto status = ParseCcRateLimit(
      R"({"Type":100,"Data":{"calls_left":{"second":"many","hour":-1,"day":12,"week":3},)"
      R"("max_calls":{"month":50000},"total_calls":7}})");
  ASSERT_TRUE(status) << status.error().message;
  EXPECT_EQ(status->calls_left,
            (CcWindowCounts{std::nullopt, std::nullopt, std::nullopt, 12, std::nullopt}));
  EXPECT_EQ(status->max_calls[4], 50'000);
  EXPECT_EQ(status->calls_made, CcWindowCounts{});
}

TEST(ParseCcRateLimitTest, AnErrorEnvelopeIsBadData) {
  const auto status = ParseCcRateLimit(
      R"({"Response":"Error","Message":"You are over your rate limit please upgrade your )"
      R"(account!","Type":99,"RateLimit":{},"Data":{}})");
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kBadData);
  EXPECT_EQ(status.error().message.rfind("rate limit: ", 0), 0u) << status.error().message;
}

TEST(ParseCcRateLimitTest, NotJsonIsBadData) {
  const auto status = ParseCcRateLimit("<html>404</html>");
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kBadData);
}

}  // namespace
}  // namespace cryptoscope::parse
