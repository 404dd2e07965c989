#include "cryptoscope/serve/json_writer.h"

#include <gtest/gtest.h>

#include <limits>

namespace cryptoscope::serve {
namespace {

TEST(JsonWriterTest, NestsWithCommas) {
  JsonWriter json;
  json.BeginObject().Key("a").BeginArray().Int(1).Number(0.1).Null().EndArray();
  json.Key("b").Bool(false).Key("c").BeginObject().EndObject().EndObject();
  EXPECT_EQ(json.Take(), R"({"a":[1,0.1,null],"b":false,"c":{}})");
}

TEST(JsonWriterTest, NumbersRoundTripAndNonFiniteIsNull) {
  JsonWriter json;
  json.BeginArray().Number(100).Number(1e-5).Number(65000.1).Number(1.2e12);
  json.Number(std::numeric_limits<double>::quiet_NaN()).Number(1 / 0.0).EndArray();
  EXPECT_EQ(json.Take(), "[100,1e-05,65000.1,1200000000000,null,null]");
}

TEST(JsonWriterTest, EscapesControlsAndReplacesInvalidUtf8) {
  JsonWriter json;
  json.String("a\"b\\c\n\x01 \xC3\xA9 \xFF \xC3 \xED\xA0\x80");
  EXPECT_EQ(json.Take(),
            "\"a\\\"b\\\\c\\n\\u0001 \xC3\xA9 \xEF\xBF\xBD \xEF\xBF\xBD "
            "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
}

}  // namespace
}  // namespace cryptoscope::serve
