// Injected faults: scripted and random, how each looks on the wire, and their reproducibility.
#include <curl/curl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "fake/fake_exchange.h"
#include "fake/test_util.h"

namespace cryptoscope::fake {
namespace {

using testing::CcGet;
using testing::HttpGet;
using testing::Json;
using testing::TestToday;

struct CurlResult {
  CURLcode code = CURLE_OK;
  long status = 0;
  std::string body;
};

// libcurl, as the pipeline uses it, to see exactly which transport error a fault causes.
CurlResult CurlGet(const std::string& url) {
  CurlResult result;
  CURL* handle = curl_easy_init();
  curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
  curl_easy_setopt(handle, CURLOPT_TIMEOUT, 10L);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &result.body);
  curl_easy_setopt(
      handle, CURLOPT_WRITEFUNCTION, +[](char* data, size_t size, size_t count, void* out) {
        static_cast<std::string*>(out)->append(data, size * count);
        return size * count;
      });
  result.code = curl_easy_perform(handle);
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &result.status);
  curl_easy_cleanup(handle);
  return result;
}

class FakeFaultsTest : public ::testing::Test {
 protected:
  FakeFaultsTest() : fake_(GenerateScenario(40, 3, TestToday())) {}

  int KlinesStatus() { return HttpGet(fake_, "/api/v3/klines?symbol=BTCUSDT&interval=1d").status; }

  FakeExchange fake_;
};

TEST_F(FakeFaultsTest, ScriptedFaultsAreConsumedInOrderForTheirPathOnly) {
  FaultOptions faults;
  faults.Script("/api/v3/klines", FaultKind::kHttp500, 2);
  faults.Script("/api/v3/klines", FaultKind::kHttp503);
  fake_.SetFaults(faults);
  EXPECT_EQ(HttpGet(fake_, "/api/v3/time").status, 200);
  EXPECT_EQ(KlinesStatus(), 500);
  EXPECT_EQ(KlinesStatus(), 500);
  EXPECT_EQ(KlinesStatus(), 503);
  EXPECT_EQ(KlinesStatus(), 200);
  fake_.ScriptFault("*", FaultKind::kHttp504);
  EXPECT_EQ(HttpGet(fake_, "/api/v3/time").status, 504);
  EXPECT_EQ(fake_.CountFaults(), 4u);
  const auto records = fake_.requests();
  ASSERT_EQ(records.size(), 6u);
  EXPECT_EQ(records[1].fault, FaultKind::kHttp500);
  EXPECT_EQ(records[4].fault, std::nullopt);
}

TEST_F(FakeFaultsTest, HttpFaultsCarryTheProvidersBodies) {
  fake_.ScriptFault("/api/v3/klines", FaultKind::kHttp500);
  EXPECT_EQ(HttpGet(fake_, "/api/v3/klines?symbol=BTCUSDT&interval=1d").body,
            R"({"code":-1000,"msg":"An unknown error occurred while processing the request."})");
  fake_.ScriptFault("/api/v3/klines", FaultKind::kHttp451);
  const auto restricted = HttpGet(fake_, "/api/v3/klines?symbol=BTCUSDT&interval=1d");
  EXPECT_EQ(restricted.status, 451);
  EXPECT_EQ(Json(restricted.body).root["code"].get_int64().value(), 0);
  fake_.ScriptFault("/api/v3/klines", FaultKind::kBinanceUnknownSymbol);
  const auto unknown = HttpGet(fake_, "/api/v3/klines?symbol=BTCUSDT&interval=1d");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.body, R"({"code":-1121,"msg":"Invalid symbol."})");
  fake_.ScriptFault("/data/v2/histoday", FaultKind::kHttp503);
  const auto unavailable = CcGet(fake_, "/data/v2/histoday?fsym=BTC&tsym=USD");
  EXPECT_EQ(unavailable.status, 503);
  EXPECT_EQ(unavailable.header("Content-Type"), "text/html");
}

TEST_F(FakeFaultsTest, Binance429FaultOpensARetryAfterThatBansImpatientClients) {
  FaultOptions faults;
  faults.retry_after_grace_ms = 0;
  faults.Script("/api/v3/klines", FaultKind::kBinance429);
  fake_.SetFaults(faults);
  const auto limited = HttpGet(fake_, "/api/v3/klines?symbol=BTCUSDT&interval=1d");
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.header("Retry-After"), "1");
  EXPECT_EQ(Json(limited.body).root["code"].get_int64().value(), -1003);
  EXPECT_EQ(KlinesStatus(), 418);  // Within the second: banned.
  EXPECT_EQ(fake_.CountBinanceBans(), 1u);
  EXPECT_EQ(fake_.CountRequestsDuringRetryAfter(Api::kBinance), 1u);
}

TEST_F(FakeFaultsTest, Binance418FaultIsABanWithRetryAfter) {
  FaultOptions faults;
  faults.retry_after_grace_ms = 0;
  faults.Script("/api/v3/exchangeInfo", FaultKind::kBinance418);
  fake_.SetFaults(faults);
  const auto banned = HttpGet(fake_, "/api/v3/exchangeInfo");
  EXPECT_EQ(banned.status, 418);
  EXPECT_EQ(banned.header("Retry-After"), "2");
  EXPECT_NE(Json(banned.body).root["msg"].get_string().value().find("IP banned until"),
            std::string_view::npos);
  EXPECT_EQ(KlinesStatus(), 418);
  EXPECT_EQ(fake_.CountBinanceBans(), 2u);
  EXPECT_EQ(fake_.CountRequestsDuringRetryAfter(), 1u);
}

TEST_F(FakeFaultsTest, CryptoCompareRateLimitFaultsAnnounceAWait) {
  FaultOptions faults;
  faults.retry_after_grace_ms = 0;
  faults.Script("/data/v2/histoday", FaultKind::kCcRateLimit99);
  faults.Script("/data/top/mktcapfull", FaultKind::kCc429);
  fake_.SetFaults(faults);
  const auto type99 = CcGet(fake_, "/data/v2/histoday?fsym=BTC&tsym=USD");
  EXPECT_EQ(type99.status, 200);
  Json json(type99.body);
  EXPECT_EQ(int64_t(json.root["Type"]), 99);
  EXPECT_EQ(int64_t(json.root["RateLimit"]["calls_made"]["second"]), 20);
  EXPECT_EQ(int64_t(json.root["RateLimit"]["max_calls"]["second"]), 20);
  const auto too_many = CcGet(fake_, "/data/top/mktcapfull?tsym=USD");  // Inside the second.
  EXPECT_EQ(too_many.status, 429);
  EXPECT_EQ(too_many.header("Retry-After"), "1");
  EXPECT_EQ(fake_.CountRequestsDuringRetryAfter(Api::kCryptoCompare), 1u);
}

TEST_F(FakeFaultsTest, TruncatedBodyAnnouncesMoreThanItSends) {
  fake_.ScriptFault("/api/v3/klines", FaultKind::kTruncatedBody);
  const auto result = CurlGet(fake_.base_url() + "/api/v3/klines?symbol=BTCUSDT&interval=1d");
  EXPECT_EQ(result.code, CURLE_PARTIAL_FILE);
  EXPECT_EQ(result.status, 200);
  EXPECT_FALSE(result.body.empty());
  const auto full = HttpGet(fake_, "/api/v3/klines?symbol=BTCUSDT&interval=1d").body;
  EXPECT_EQ(result.body, full.substr(0, full.size() / 2));
}

TEST_F(FakeFaultsTest, InvalidJsonIsAComplete200WithHalfTheBody) {
  const auto full = CcGet(fake_, "/data/v2/histoday?fsym=BTC&tsym=USD").body;
  fake_.ScriptFault("/data/v2/histoday", FaultKind::kInvalidJson);
  const auto broken = CcGet(fake_, "/data/v2/histoday?fsym=BTC&tsym=USD");
  EXPECT_EQ(broken.status, 200);
  EXPECT_EQ(broken.body, full.substr(0, full.size() / 2));
}

TEST_F(FakeFaultsTest, ConnectionResetSendsNoResponse) {
  fake_.ScriptFault("/data/top/mktcapfull", FaultKind::kConnectionReset);
  const auto result = CurlGet(fake_.base_url() + "/data/top/mktcapfull?tsym=USD");
  EXPECT_TRUE(result.code == CURLE_GOT_NOTHING || result.code == CURLE_RECV_ERROR)
      << curl_easy_strerror(result.code);
  EXPECT_TRUE(result.body.empty());
  ASSERT_EQ(fake_.requests().size(), 1u);
  EXPECT_EQ(fake_.requests()[0].status, 0);
  EXPECT_EQ(HttpGet(fake_, "/api/v3/time").status, 200);  // The server carries on.
}

TEST_F(FakeFaultsTest, SlowFaultStillAnswersNormally) {
  FaultOptions faults;
  faults.slow_ms = 20;
  faults.Script("/api/v3/klines", FaultKind::kSlow);
  fake_.SetFaults(faults);
  EXPECT_EQ(KlinesStatus(), 200);
  EXPECT_EQ(fake_.requests()[0].fault, FaultKind::kSlow);
}

std::vector<std::optional<FaultKind>> DrawFaults(const FaultOptions& faults) {
  FakeExchange fake(GenerateScenario(40, 3, TestToday()));
  fake.SetFaults(faults);
  for (int i = 0; i < 40; ++i) {
    HttpGet(fake, fmt::format("/api/v3/klines?symbol=BTCUSDT&interval=1d&limit={}", 1 + i % 20));
  }
  std::vector<std::optional<FaultKind>> drawn;
  for (const RequestRecord& r : fake.requests()) drawn.push_back(r.fault);
  return drawn;
}

TEST(FakeRandomFaultsTest, AreReproducibleFromTheSeed) {
  FaultOptions faults;
  faults.seed = 11;
  faults.fault_rate = 0.4;
  faults.kinds = {FaultKind::kHttp500, FaultKind::kHttp503, FaultKind::kInvalidJson,
                  FaultKind::kCcRateLimit99};  // The last one does not fit Binance.
  const auto first = DrawFaults(faults);
  EXPECT_EQ(first, DrawFaults(faults));
  size_t injected = 0;
  for (const auto& f : first) {
    if (!f) continue;
    ++injected;
    EXPECT_NE(*f, FaultKind::kCcRateLimit99);
  }
  EXPECT_GT(injected, 4u);
  EXPECT_LT(injected, 36u);
  faults.seed = 12;
  EXPECT_NE(first, DrawFaults(faults));
}

TEST(FakeRandomFaultsTest, RateOneAlwaysAndRateZeroNeverInjects) {
  FaultOptions faults;
  faults.fault_rate = 1;
  faults.kinds = {FaultKind::kHttp503};
  for (const auto& f : DrawFaults(faults)) EXPECT_EQ(f, FaultKind::kHttp503);
  faults.fault_rate = 0;
  for (const auto& f : DrawFaults(faults)) EXPECT_EQ(f, std::nullopt);
}

TEST(FakeRandomFaultsTest, SpareTheClockEndpoint) {
  FakeExchange fake(GenerateScenario(5, 3, TestToday()));
  FaultOptions faults;
  faults.fault_rate = 1;
  fake.SetFaults(faults);
  EXPECT_EQ(HttpGet(fake, "/api/v3/time").status, 200);
  EXPECT_EQ(fake.CountFaults(), 0u);
}

}  // namespace
}  // namespace cryptoscope::fake
