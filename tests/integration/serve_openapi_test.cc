// Real responses of every endpoint validated against the served OpenAPI 3.1 document by an npm
// validator (tests/js/openapi_check.mjs; ajv 8 + ajv-formats 3, pinned in package.json).
#include <cstdlib>

#include "integration/serve_fixture.h"

namespace cryptoscope::testing {
namespace {

TEST_F(ServeFixture, ResponsesConformToTheOpenApiDocument) {
  const std::filesystem::path root = CRYPTOSCOPE_SOURCE_DIR;
  ASSERT_TRUE(std::filesystem::exists(root / "node_modules" / "ajv"))
      << "node_modules missing: run scripts/install-deps.sh (it runs npm ci)";
  StartServer();
  const char* path = std::getenv("PATH");
  const RunResult check = RunProgram(
      {"/usr/bin/env", "node", (root / "tests" / "js" / "openapi_check.mjs").string(), base_url()},
      {{"PATH", path ? path : "/usr/bin:/bin"}}, dir_);
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  EXPECT_NE(check.out.find("document valid"), std::string::npos) << check.out;
}

}  // namespace
}  // namespace cryptoscope::testing
