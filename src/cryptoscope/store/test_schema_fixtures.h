// For tests only: the SQL each released schema wrote (testdata/, one file per shape, with a
// little data), for tests that run once per earlier version.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace cryptoscope::store {

// The text of testdata/`name`; empty when the file is missing (callers assert it is not).
inline std::string SchemaFixture(const std::string& name) {
  std::ifstream in(std::string(CRYPTOSCOPE_SOURCE_DIR) + "/src/cryptoscope/store/testdata/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// INSTANTIATE_TEST_SUITE_P(EachReleasedSchema, Suite, kEachReleasedSchema, SchemaFixtureName)
// runs a TestWithParam<const char*> once per file, named schema_v1, schema_v2 and so on.
inline const auto kEachReleasedSchema = ::testing::Values(
    "schema_v1.sql", "schema_v1_no_market.sql", "schema_v2.sql", "schema_v3.sql");

inline std::string SchemaFixtureName(const ::testing::TestParamInfo<const char*>& info) {
  const std::string name = info.param;
  return name.substr(0, name.find('.'));
}

}  // namespace cryptoscope::store
