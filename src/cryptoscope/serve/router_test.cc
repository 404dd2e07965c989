#include "cryptoscope/serve/router.h"

#include <gtest/gtest.h>

namespace cryptoscope::serve {
namespace {

Reply Named(const char* name) { return Reply{200, "text/plain", name, Freshness::kShort, {}}; }

TEST(RouterTest, LiteralsCapturesAndRest) {
  Router router;
  router.Get("/api/v1/symbols", [](const Request&, Context&) { return Named("list"); });
  router.Get("/api/v1/symbols/{symbol}", [](const Request&, Context&) { return Named("one"); });
  router.Get("/assets/**", [](const Request&, Context&) { return Named("asset"); });
  router.Get("/", [](const Request&, Context&) { return Named("root"); });
  std::vector<std::string> captures;
  ASSERT_NE(router.Match({"api", "v1", "symbols", "BTC"}, &captures), nullptr);
  EXPECT_EQ(captures, std::vector<std::string>{"BTC"});
  ASSERT_NE(router.Match({"assets", "js", "app.js"}, &captures), nullptr);
  EXPECT_EQ(captures, std::vector<std::string>{"js/app.js"});
  EXPECT_NE(router.Match({""}, &captures), nullptr);
  EXPECT_EQ(router.Match({"api", "v1", "symbols", ""}, &captures), nullptr);
  EXPECT_EQ(router.Match({"assets"}, &captures), nullptr);
  EXPECT_EQ(router.Match({"assets", "a", ""}, &captures), nullptr);
  EXPECT_EQ(router.Match({"api", "v1"}, &captures), nullptr);
}

}  // namespace
}  // namespace cryptoscope::serve
