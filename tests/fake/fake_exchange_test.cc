// The server around the handlers: records, the clock, control endpoints, concurrency, ports, and
// the sandbox executable.
#include "fake/fake_exchange.h"

#include <curl/curl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <thread>

#include "fake/test_util.h"

namespace cryptoscope::fake {
namespace {

using testing::CcGet;
using testing::HttpGet;
using testing::Json;
using testing::TestToday;

// `curl -X POST <url>`: a POST without a body or Content-Length, as a person would type it.
long BarePost(const std::string& url, std::string* body) {
  CURL* handle = curl_easy_init();
  curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
  curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, "POST");
  curl_easy_setopt(handle, CURLOPT_TIMEOUT, 10L);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, body);
  curl_easy_setopt(
      handle, CURLOPT_WRITEFUNCTION, +[](char* data, size_t size, size_t count, void* out) {
        static_cast<std::string*>(out)->append(data, size * count);
        return size * count;
      });
  long status = 0;
  if (curl_easy_perform(handle) == CURLE_OK) {
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
  }
  curl_easy_cleanup(handle);
  return status;
}

TEST(FakeExchangeTest, ListensOnLoopbackAtTheReportedPort) {
  FakeExchange fake(GenerateScenario(10, 1, TestToday()));
  EXPECT_GT(fake.port(), 0);
  EXPECT_EQ(fake.base_url(), fmt::format("http://127.0.0.1:{}", fake.port()));
  EXPECT_EQ(HttpGet(fake, "/api/v3/ping").body, "{}");
  EXPECT_EQ(HttpGet(fake, "/nothing/here").status, 404);
}

TEST(FakeExchangeTest, ABusyPortIsAnErrorNotASharedPort) {
  FakeExchange first(GenerateScenario(5, 1, TestToday()));
  Options options;
  options.port = first.port();
  EXPECT_THROW(FakeExchange(GenerateScenario(5, 1, TestToday()), options), std::runtime_error);
}

TEST(FakeExchangeTest, RecordsKeepPathRawQueryLowerCaseHeadersAndStatus) {
  FakeExchange fake(GenerateScenario(10, 1, TestToday()));
  HttpGet(fake, "/data/v2/histoday?fsym=BTC&tsym=USD&limit=2",
          {{"Authorization", "Apikey test-key"}, {"X-Custom", "1"}});
  HttpGet(fake, "/api/v3/klines?symbol=NOPE&interval=1d");
  const auto records = fake.requests();
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].method, "GET");
  EXPECT_EQ(records[0].path, "/data/v2/histoday");
  EXPECT_EQ(records[0].query, "fsym=BTC&tsym=USD&limit=2");
  EXPECT_EQ(records[0].headers.at("authorization"), "Apikey test-key");
  EXPECT_EQ(records[0].headers.at("x-custom"), "1");
  EXPECT_EQ(records[0].status, 200);
  EXPECT_EQ(records[1].status, 400);
  EXPECT_LE(records[0].at_ms_real, records[1].at_ms_real);
  EXPECT_EQ(fake.CountRequests("/api/v3/klines"), 1u);
  EXPECT_EQ(fake.CountRequests("/api/v3/exchangeInfo"), 0u);
}

TEST(FakeExchangeTest, ClearRequestsForgetsRecordsAndCounters) {
  FakeExchange fake(GenerateScenario(10, 1, TestToday()));
  fake.ScriptFault("/api/v3/time", FaultKind::kHttp500);
  HttpGet(fake, "/api/v3/time");
  HttpGet(fake, "/data/v2/histoday?fsym=BTC&tsym=USD&api_key=test-key");
  EXPECT_EQ(fake.CountFaults(), 1u);
  EXPECT_EQ(fake.CountKeyInUrl(), 1u);
  fake.ClearRequests();
  EXPECT_TRUE(fake.requests().empty());
  EXPECT_EQ(fake.CountRequests("/api/v3/time"), 0u);
  EXPECT_EQ(fake.CountFaults(), 0u);
  EXPECT_EQ(fake.CountKeyInUrl(), 0u);
}

TEST(FakeExchangeTest, EditScenarioTakesEffectImmediately) {
  FakeExchange fake(GenerateScenario(10, 1, TestToday()));
  EXPECT_EQ(HttpGet(fake, "/api/v3/exchangeInfo?symbol=ZZZUSDT").status, 400);
  fake.EditScenario([](Scenario& s) {
    FakeCoin coin;
    coin.symbol = "ZZZ";
    coin.name = "Zzz";
    coin.market_cap = 1;
    coin.binance_base = "ZZZ";
    coin.binance_first_day = TestToday() - std::chrono::days{3};
    coin.cc_first_day = coin.binance_first_day;
    s.coins.push_back(coin);
    s.required_api_key = "";
  });
  EXPECT_EQ(HttpGet(fake, "/api/v3/exchangeInfo?symbol=ZZZUSDT").status, 200);
  EXPECT_EQ(HttpGet(fake, "/data/v2/histoday?fsym=ZZZ&tsym=USD").status, 200);  // No key needed.
  EXPECT_EQ(fake.scenario().coins.size(), 11u);
}

TEST(FakeExchangeTest, ControlEndpointsMoveTheClockAndReportStats) {
  FakeExchange fake(GenerateScenario(10, 1, TestToday()));
  HttpGet(fake, "/api/v3/time");
  std::string body;
  EXPECT_EQ(BarePost(fake.base_url() + "/__control/advance?days=2", &body), 200);
  EXPECT_EQ(body, fmt::format(R"({{"now_ms":{},"today":"2026-03-03"}})",
                              UnixMillis(TestToday()) + 2 * kMillisPerDay + 45296789));
  EXPECT_EQ(fake.today(), TestToday() + std::chrono::days{2});
  body.clear();
  EXPECT_EQ(BarePost(fake.base_url() + "/__control/now?ms=86400000", &body), 200);
  EXPECT_EQ(fake.now_ms(), 86400000);
  EXPECT_EQ(HttpGet(fake, "/__control/advance?days=1").status, 405);

  Json stats(HttpGet(fake, "/__control/stats").body);
  EXPECT_EQ(int64_t(stats.root["now_ms"]), 86400000);
  EXPECT_EQ(std::string_view(stats.root["today"]), "1970-01-02");
  EXPECT_EQ(int64_t(stats.root["total_requests"]), 1);  // Control requests are not recorded.
  EXPECT_EQ(int64_t(stats.root["requests"]["/api/v3/time"]), 1);
  EXPECT_EQ(int64_t(stats.root["binance_bans"]), 0);
  EXPECT_EQ(int64_t(stats.root["requests_during_retry_after"]["binance"]), 0);
  EXPECT_EQ(int64_t(stats.root["cc_rate_limited"]), 0);
}

TEST(FakeExchangeTest, ServesManyConcurrentKeepAliveClients) {
  Options options;
  options.threads = 16;
  options.latency_ms = 2;
  FakeExchange fake(GenerateScenario(100, 1, TestToday()), options);
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 16; ++c) {
    clients.emplace_back([&, c] {
      httplib::Client client("127.0.0.1", fake.port());
      client.set_keep_alive(true);
      for (int i = 0; i < 20; ++i) {
        auto res = (c + i) % 2 == 0
                       ? client.Get(fmt::format(
                             "/api/v3/klines?symbol=BTCUSDT&interval=1d&limit={}", i + 1))
                       : client.Get("/data/v2/histoday?fsym=ETH&tsym=USD&limit=10",
                                    {{"authorization", "Apikey test-key"}});
        if (res && res->status == 200) ++ok;
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(ok.load(), 320);
  EXPECT_EQ(fake.CountRequests("/api/v3/klines") + fake.CountRequests("/data/v2/histoday"), 320u);
}

TEST(FakeExchangeTest, StandardScenarioSizeServesTheFullExchangeInfo) {
  FakeExchange fake(GenerateScenario(5000, 2, TestToday()));
  Json json(HttpGet(fake, "/api/v3/exchangeInfo").body);
  EXPECT_GT(json.root["symbols"].get_array().size(), 3900u);
  Json again(HttpGet(fake, "/api/v3/exchangeInfo").body);  // Served from the cache.
  EXPECT_EQ(again.root["symbols"].get_array().size(), json.root["symbols"].get_array().size());
}

TEST(SandboxTest, HelpExplainsEveryOption) {
  FILE* pipe = popen(CRYPTOSCOPE_SANDBOX_BINARY " --help", "r");
  ASSERT_NE(pipe, nullptr);
  std::string help;
  char buffer[512];
  while (size_t n = fread(buffer, 1, sizeof(buffer), pipe)) help.append(buffer, n);
  EXPECT_EQ(pclose(pipe), 0);
  for (const char* option : {"--port", "--coins", "--seed", "--today", "--latency-ms", "--threads",
                             "--fault-rate", "--api-key"}) {
    EXPECT_NE(help.find(option), std::string::npos) << option;
  }
}

TEST(SandboxTest, PrintsItsAddressServesAndStopsOnSigterm) {
  int out[2];
  ASSERT_EQ(pipe(out), 0);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    close(out[1]);
    execl(CRYPTOSCOPE_SANDBOX_BINARY, CRYPTOSCOPE_SANDBOX_BINARY, "--port", "0", "--coins", "30",
          "--today", "2026-03-01", "--api-key", "k1", static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  FILE* stream = fdopen(out[0], "r");
  char line[256] = {};
  ASSERT_NE(fgets(line, sizeof(line), stream), nullptr);  // Blocks until the server listens.
  int port = 0;
  ASSERT_EQ(sscanf(line, "sandbox listening on http://127.0.0.1:%d (api key: k1)", &port), 1)
      << line;
  httplib::Client client("127.0.0.1", port);
  auto res = client.Get("/api/v3/time");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->body, fmt::format(R"({{"serverTime":{}}})", UnixMillis(TestToday()) + 45296789));
  auto histoday =
      client.Get("/data/v2/histoday?fsym=BTC&tsym=USD", {{"authorization", "Apikey k1"}});
  ASSERT_TRUE(histoday);
  EXPECT_EQ(histoday->status, 200);
  kill(pid, SIGTERM);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  fclose(stream);
}

}  // namespace
}  // namespace cryptoscope::fake
