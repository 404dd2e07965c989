#include "cryptoscope/core/json_text.h"

#include <gtest/gtest.h>

namespace cryptoscope {
namespace {

TEST(JsonTextTest, QuotesAndEscapesWhatJsonRequires) {
  EXPECT_EQ(JsonQuoted("a\"b\\c\nd\te\x01"), "\"a\\\"b\\\\c\\nd\\te\\u0001\"");
}

TEST(JsonTextTest, KeepsValidUtf8AndReplacesInvalidBytes) {
  EXPECT_EQ(JsonQuoted("Bitcoin \xE2\x82\xBF"), "\"Bitcoin \xE2\x82\xBF\"");
  EXPECT_EQ(JsonQuoted("bad \xFF end"), "\"bad \xEF\xBF\xBD end\"");
  EXPECT_EQ(JsonQuoted("cut \xE2\x82"), "\"cut \xEF\xBF\xBD\xEF\xBF\xBD\"");
}

}  // namespace
}  // namespace cryptoscope
