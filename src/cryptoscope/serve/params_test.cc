#include "cryptoscope/serve/params.h"

#include <gtest/gtest.h>

namespace cryptoscope::serve {
namespace {

TEST(ParamsTest, SplitsAndDecodes) {
  auto params = Params::Parse("q=bit+coin&sort=-rank&&x=%41%2c&flag");
  ASSERT_TRUE(params) << params.error().message;
  ASSERT_EQ(params->all().size(), 4u);
  EXPECT_EQ(*params->One("q").value(), "bit coin");
  EXPECT_EQ(*params->One("x").value(), "A,");
  EXPECT_EQ(*params->One("flag").value(), "");
  EXPECT_EQ(params->One("missing").value(), std::nullopt);
}

TEST(ParamsTest, RepeatedParameterIsAnError) {
  auto params = Params::Parse("from=2024-01-01&from=2024-01-02");
  ASSERT_TRUE(params);
  EXPECT_EQ(params->One("from").error().message, "parameter from given more than once");
}

TEST(ParamsTest, UnknownParameterNamesWhatIsAllowed) {
  auto params = Params::Parse("limit=1&_=123&bogus=1");
  ASSERT_TRUE(params);
  EXPECT_EQ(params->OnlyAllowed({"limit", "offset"}).error().message,
            "unknown parameter 'bogus'; allowed: limit, offset");
  EXPECT_TRUE(Params::Parse("_=1")->OnlyAllowed({}));
}

TEST(ParamsTest, RejectsBadEscapesNulAndTooMuch) {
  EXPECT_FALSE(Params::Parse("a=%4"));
  EXPECT_FALSE(Params::Parse("a=%zz"));
  EXPECT_FALSE(Params::Parse("a=%00"));
  std::string many;
  for (int i = 0; i < 65; ++i) many += "a=1&";
  EXPECT_EQ(Params::Parse(many).error().message, "more than 64 query parameters");
  EXPECT_FALSE(Params::Parse(std::string(kMaxQueryBytes + 1, 'a')));
}

TEST(ValidateTest, Symbols) {
  EXPECT_EQ(ValidateSymbol("BTM*").value(), "BTM*");
  EXPECT_FALSE(ValidateSymbol(""));
  EXPECT_FALSE(ValidateSymbol("BTC'; DROP TABLE ohlcv;--"));
  EXPECT_FALSE(ValidateSymbol(std::string(33, 'A')));
  EXPECT_FALSE(ValidateSymbol("\xC3\xA9"));
}

TEST(ValidateTest, DaysAndIntegers) {
  EXPECT_TRUE(ValidateDay("from", "2024-02-29"));
  EXPECT_EQ(ValidateDay("from", "2023-02-29").error().message,
            "from '2023-02-29' is not a date: use YYYY-MM-DD");
  EXPECT_EQ(ValidateInt("limit", "10", 1, 100).value(), 10);
  EXPECT_FALSE(ValidateInt("limit", "0", 1, 100));
  EXPECT_FALSE(ValidateInt("limit", "+5", 1, 100));
  EXPECT_FALSE(ValidateInt("limit", "5 ", 1, 100));
  EXPECT_EQ(ValidateInt("limit", "99999999999999999999999", 1, 100).error().message,
            "limit '99999999999999999999999' is not valid: an integer from 1 to 100");
}

TEST(SplitPathTest, DecodesSegmentsAndRefusesTraversal) {
  EXPECT_EQ(SplitPath("/api/v1/ohlcv/BTM%2A"),
            (std::vector<std::string>{"api", "v1", "ohlcv", "BTM*"}));
  EXPECT_EQ(SplitPath("/"), std::vector<std::string>{""});
  EXPECT_FALSE(SplitPath("/assets/../secret"));
  EXPECT_FALSE(SplitPath("/assets/%2e%2e/secret"));
  EXPECT_FALSE(SplitPath("/assets/a%2fb"));
  EXPECT_FALSE(SplitPath("//x"));
  EXPECT_FALSE(SplitPath("x"));
}

}  // namespace
}  // namespace cryptoscope::serve
