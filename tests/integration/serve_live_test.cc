// serve keeps answering while an ingest writes, and shows the new days without a restart.
#include "integration/serve_fixture.h"

namespace cryptoscope::testing {
namespace {

TEST_F(ServeFixture, NewDaysFromAConcurrentIngestShowWithoutRestart) {
  StartServer();
  const std::string target = "/api/v1/ohlcv/BTC?from=2026-11-20";
  auto before = Get(target);
  ASSERT_EQ(before->status, 200);
  EXPECT_EQ(nlohmann::json::parse(before->body)["rows"].size(), 5u);
  EXPECT_EQ(GetJson("/api/v1/health")["last_day"], "2026-11-24");

  fake_->AdvanceDays(3);  // Today 2026-11-28: three more closed days to fetch.
  const pid_t ingest = Spawn({CRYPTOSCOPE_BINARY, "ingest", "--progress", "none"},
                             {{"CRYPTOCOMPARE_API_KEY", kKey},
                              {"DB_PATH", db().string()},
                              {"TOP_N", std::to_string(kCoins)},
                              {"MAX_CONCURRENCY", "4"},
                              {"BINANCE_BASE_URL", fake_->base_url()},
                              {"CRYPTOCOMPARE_BASE_URL", fake_->base_url()}},
                             dir_.path() / "ingest2.out", dir_.path() / "ingest2.err");
  // While it runs, every answer is whole and consistent: 5 to 8 rows, all as stored at the end.
  int polls = 0;
  int status = -1;
  while (waitpid(ingest, &status, WNOHANG) == 0) {
    auto during = Get(target);
    ASSERT_TRUE(during);
    ASSERT_EQ(during->status, 200) << during->body;
    const auto rows = nlohmann::json::parse(during->body)["rows"].size();
    EXPECT_GE(rows, 5u);
    EXPECT_LE(rows, 8u);
    ASSERT_EQ(Get("/api/v1/symbols?limit=1000")->status, 200);
    ++polls;
  }
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0) << ReadFile(dir_.path() / "ingest2.err");
  EXPECT_GT(polls, 0);

  // Same server process: the cached answers of the old data are gone.
  auto after = Get(target);
  EXPECT_EQ(after->body,
            OhlcvJson("BTC", "1d", "binance", "BTCUSDT", false, Rows("BTC", "2026-11-20")));
  EXPECT_EQ(nlohmann::json::parse(after->body)["rows"].size(), 8u);
  EXPECT_NE(after->get_header_value("ETag"), before->get_header_value("ETag"));
  EXPECT_EQ(Get(target, {{"If-None-Match", before->get_header_value("ETag")}})->status, 200);
  const auto health = GetJson("/api/v1/health");
  EXPECT_EQ(health["last_day"], "2026-11-27");
  EXPECT_EQ(health["rows"], ReadOhlcv(db()).size());
  // Counts per coin are recounted for the coins the ingest touched.
  EXPECT_EQ(GetJson("/api/v1/symbols?limit=1000&sort=symbol")["data"], SymbolsFromDb(db()));
  // 2026-11-24 is now older than the newest day: a range ending there is final.
  EXPECT_EQ(Get("/api/v1/ohlcv/BTC?to=2026-11-24")->get_header_value("Cache-Control"),
            "public, max-age=31536000, immutable");
}

}  // namespace
}  // namespace cryptoscope::testing
