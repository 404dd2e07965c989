// The analysis endpoints over real HTTP: the server of `cryptoscope serve` (in-process, port 0 on
// loopback) on a database written by `cryptoscope ingest` from the fake exchange. Bodies are
// compared exactly where the formula is the same operations as the textbook one written in
// textbook.h; sums in another order are compared to 1e-12 relative.
#include <gtest/gtest.h>
#include <httplib.h>

#include <thread>

#include "cryptoscope/query/database.h"
#include "cryptoscope/serve/http_server.h"
#include "cryptoscope/serve/routes.h"
#include "integration/harness.h"
#include "integration/textbook.h"

namespace cryptoscope::testing {
namespace {

constexpr const char* kKey = "test-key-analysis-api";

// The number after "\"<key>\":" at or after `from` in `body` (NaN when absent or null).
double NumberAfter(const std::string& body, const std::string& key, size_t from = 0) {
  const std::string needle = "\"" + key + "\":";
  const size_t at = body.find(needle, from);
  if (at == std::string::npos || body.compare(at + needle.size(), 4, "null") == 0) return NAN;
  return std::strtod(body.c_str() + at + needle.size(), nullptr);
}

class AnalysisApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    fake::Scenario scenario = fake::GenerateScenario(12, /*seed=*/11, *ParseDay("2026-11-25"));
    scenario.required_api_key = kKey;
    {
      fake::FakeExchange fake(std::move(scenario));
      const std::map<std::string, std::string> env = {{"CRYPTOCOMPARE_API_KEY", kKey},
                                                      {"DB_PATH", Db().string()},
                                                      {"TOP_N", "12"},
                                                      {"MAX_CONCURRENCY", "4"},
                                                      {"BINANCE_BASE_URL", fake.base_url()},
                                                      {"CRYPTOCOMPARE_BASE_URL", fake.base_url()}};
      const auto result =
          RunProgram({CRYPTOSCOPE_BINARY, "ingest", "--progress", "none"}, env, *dir_);
      ASSERT_EQ(result.exit_code, 0) << result.err << result.out;
    }
    auto db = query::Database::Open(Db());
    ASSERT_TRUE(db) << db.error().message;
    db_ = db->release();
    serve::Config config;
    config.port = 0;
    config.threads = 4;
    auto server = serve::HttpServer::Create(config, *db_, serve::BuildRouter());
    ASSERT_TRUE(server) << server.error().message;
    server_ = server->release();
    thread_ = new std::thread([] { (void)server_->Serve(); });
  }

  static void TearDownTestSuite() {
    server_->Stop();
    thread_->join();
    delete thread_;
    delete server_;
    delete db_;
    delete dir_;
  }

  static std::filesystem::path Db() { return dir_->path() / "crypto.db"; }

  static httplib::Result Get(const std::string& path, const httplib::Headers& headers = {}) {
    httplib::Client client("127.0.0.1", server_->port());
    return client.Get(path, headers);
  }

  static TempDir* dir_;
  static query::Database* db_;
  static serve::HttpServer* server_;
  static std::thread* thread_;
};

TempDir* AnalysisApiTest::dir_ = nullptr;
query::Database* AnalysisApiTest::db_ = nullptr;
serve::HttpServer* AnalysisApiTest::server_ = nullptr;
std::thread* AnalysisApiTest::thread_ = nullptr;

TEST_F(AnalysisApiTest, IndicatorsBodyIsExact) {
  const Coin btc = LoadCoin(Db(), "BTC");
  const size_t n = btc.close.size();
  const auto res = Get("/api/v1/indicators/btc?ind=rsi:14,ret,obv&from=" + btc.dates[n - 2]);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const auto rsi = TextbookRsi(btc.close, 14);
  std::vector<double> obv(n, 0);
  for (size_t i = 1; i < n; ++i) {
    obv[i] = obv[i - 1] + (btc.close[i] > btc.close[i - 1]   ? btc.volume[i]
                           : btc.close[i] < btc.close[i - 1] ? -btc.volume[i]
                                                             : 0.0);
  }
  std::string rsi_rows, ret_rows, obv_rows;
  for (size_t i = n - 2; i < n; ++i) {
    const std::string sep = i == n - 2 ? "" : ",";
    rsi_rows += fmt::format("{}{{\"date\":\"{}\",\"value\":{}}}", sep, btc.dates[i], rsi[i]);
    ret_rows += fmt::format("{}{{\"date\":\"{}\",\"value\":{}}}", sep, btc.dates[i],
                            btc.close[i] / btc.close[i - 1] - 1);
    obv_rows += fmt::format("{}{{\"date\":\"{}\",\"value\":{}}}", sep, btc.dates[i], obv[i]);
  }
  EXPECT_EQ(res->body,
            fmt::format("{{\"symbol\":\"BTC\",\"indicators\":["
                        "{{\"id\":\"rsi:14\",\"name\":\"rsi\",\"params\":[14],\"warmup\":14,"
                        "\"columns\":[\"value\"],\"rows\":[{}]}},"
                        "{{\"id\":\"ret\",\"name\":\"ret\",\"params\":[],\"warmup\":1,"
                        "\"columns\":[\"value\"],\"rows\":[{}]}},"
                        "{{\"id\":\"obv\",\"name\":\"obv\",\"params\":[],\"warmup\":0,"
                        "\"columns\":[\"value\"],\"rows\":[{}]}}]}}",
                        rsi_rows, ret_rows, obv_rows));
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/json; charset=utf-8");
}

TEST_F(AnalysisApiTest, IndicatorsAlsoTakeRepeatedNameAndPeriod) {
  const auto ind = Get("/api/v1/indicators/BTC?ind=rsi:14,sma:20,obv&from=2026-11-01");
  const auto named =
      Get("/api/v1/indicators/BTC?name=rsi&period=14&name=sma&period=20&name=obv&from=2026-11-01");
  ASSERT_TRUE(ind && named);
  ASSERT_EQ(named->status, 200) << named->body;
  EXPECT_EQ(named->body, ind->body);
  const auto orphan = Get("/api/v1/indicators/BTC?period=14");
  ASSERT_TRUE(orphan);
  EXPECT_EQ(orphan->status, 400);
  EXPECT_NE(orphan->body.find("period must follow a name"), std::string::npos) << orphan->body;
  const auto both = Get("/api/v1/indicators/BTC?ind=rsi&name=sma");
  ASSERT_TRUE(both);
  EXPECT_EQ(both->status, 400);
}

TEST_F(AnalysisApiTest, IndicatorsAreCachedWithAnETag) {
  const auto first = Get("/api/v1/indicators/ETH?ind=macd&from=2026-11-01");
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200);
  const std::string etag = first->get_header_value("ETag");
  ASSERT_FALSE(etag.empty());
  const auto again =
      Get("/api/v1/indicators/ETH?ind=macd&from=2026-11-01", {{"If-None-Match", etag}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  // A range that ends before the newest stored day never changes.
  const auto closed = Get("/api/v1/indicators/ETH?ind=rsi:14&from=2026-01-01&to=2026-01-31");
  ASSERT_TRUE(closed);
  EXPECT_EQ(closed->get_header_value("Cache-Control"), "public, max-age=31536000, immutable");
  // Without `to` the answer follows the data: it may change with the next ingest.
  const auto open = Get("/api/v1/indicators/ETH?ind=rsi:14&from=2026-01-01");
  ASSERT_TRUE(open);
  EXPECT_EQ(open->get_header_value("Cache-Control"), "public, max-age=60");
}

TEST_F(AnalysisApiTest, StatsMatchTheTextbook) {
  const auto res = Get("/api/v1/stats?symbols=ETH&from=2026-01-01&to=2026-06-30&rf=0.0365");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const Coin eth = LoadCoin(Db(), "ETH");
  std::vector<double> c;
  std::vector<std::string> d;
  for (size_t i = 0; i < eth.close.size(); ++i) {
    if (eth.dates[i] >= "2026-01-01" && eth.dates[i] <= "2026-06-30") {
      c.push_back(eth.close[i]);
      d.push_back(eth.dates[i]);
    }
  }
  std::vector<double> r;
  for (size_t i = 1; i < c.size(); ++i) r.push_back(c[i] / c[i - 1] - 1);
  const double mean = Mean(r, 0, r.size() - 1);
  const double target = 0.0365 / 365;
  double var = 0, down = 0;
  for (double x : r) {
    var += (x - mean) * (x - mean);
    down += std::pow(std::min(0.0, x - target), 2);
  }
  const double sd = std::sqrt(var / (r.size() - 1));
  const std::string head = fmt::format(
      "{{\"from\":\"2026-01-01\",\"to\":\"2026-06-30\",\"rf\":0.0365,\"benchmark\":\"BTC\","
      "\"stats\":[{{\"symbol\":"
      "\"ETH\",\"days\":{},\"first_day\":\"2026-01-01\",\"last_day\":\"2026-06-30\","
      "\"total_return\":{},",
      c.size(), c.back() / c.front() - 1);
  EXPECT_EQ(res->body.substr(0, head.size()), head) << res->body;
  auto near = [](double actual, double expected) {
    EXPECT_NEAR(actual, expected, 1e-12 * std::max(1.0, std::fabs(expected)));
  };
  near(NumberAfter(res->body, "volatility"), sd * std::sqrt(365.0));
  near(NumberAfter(res->body, "sharpe"), (mean - target) / sd * std::sqrt(365.0));
  near(NumberAfter(res->body, "sortino"),
       (mean - target) / std::sqrt(down / r.size()) * std::sqrt(365.0));
  near(NumberAfter(res->body, "beta"),
       TextbookBeta(eth, LoadCoin(Db(), "BTC"), "2026-01-01", "2026-06-30"));
  // Against another coin, and an unknown benchmark.
  const auto vs_eth = Get("/api/v1/stats?symbols=ETH&from=2026-01-01&to=2026-06-30&benchmark=ETH");
  ASSERT_TRUE(vs_eth);
  near(NumberAfter(vs_eth->body, "beta"), 1.0);
  EXPECT_NE(vs_eth->body.find("\"benchmark\":\"ETH\""), std::string::npos);
  const auto unknown = Get("/api/v1/stats?symbols=ETH&benchmark=NOPE");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
}

TEST_F(AnalysisApiTest, CorrelationOverTheCommonDays) {
  const auto res = Get("/api/v1/correlation?symbols=BTC,ETH&from=2026-01-01&to=2026-03-31");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const Coin btc = LoadCoin(Db(), "BTC"), eth = LoadCoin(Db(), "ETH");
  std::vector<double> a, b;
  for (size_t i = 1; i < btc.close.size(); ++i) {
    if (btc.dates[i - 1] < "2026-01-01" || btc.dates[i] > "2026-03-31") continue;
    const auto j = std::find(eth.dates.begin(), eth.dates.end(), btc.dates[i]) - eth.dates.begin();
    a.push_back(btc.close[i] / btc.close[i - 1] - 1);
    b.push_back(eth.close[j] / eth.close[j - 1] - 1);
  }
  ASSERT_EQ(a.size(), 89u);  // 90 days, every one common.
  const double ma = Mean(a, 0, a.size() - 1), mb = Mean(b, 0, b.size() - 1);
  double sab = 0, saa = 0, sbb = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
  }
  const std::string head =
      "{\"symbols\":[\"BTC\",\"ETH\"],\"from\":\"2026-01-01\",\"to\":\"2026-03-31\",\"days\":89,"
      "\"matrix\":[[1,";
  ASSERT_EQ(res->body.substr(0, head.size()), head) << res->body;
  EXPECT_NEAR(std::strtod(res->body.c_str() + head.size(), nullptr), sab / std::sqrt(saa * sbb),
              1e-12);
}

TEST_F(AnalysisApiTest, ScreenerBodyIsExact) {
  const auto res = Get("/api/v1/screener?by=return_30d&top=2&order=asc");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  struct Entry {
    double value;
    std::string symbol, name, last_day;
  };
  std::vector<Entry> entries;
  for (const auto& row :
       Query(Db(), "SELECT symbol, name FROM symbols WHERE rank IS NOT NULL ORDER BY symbol")) {
    const Coin coin = LoadCoin(Db(), row[0]);
    const double value = TextbookReturn30d(coin);
    if (!std::isnan(value)) entries.push_back({value, row[0], row[1], coin.dates.back()});
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& x, const Entry& y) {
    return x.value != y.value ? x.value < y.value : x.symbol < y.symbol;
  });
  ASSERT_GE(entries.size(), 2u);
  std::string as_of;
  for (const auto& e : entries) as_of = std::max(as_of, e.last_day);
  EXPECT_EQ(
      res->body,
      fmt::format("{{\"by\":\"return_30d\",\"order\":\"asc\",\"as_of\":\"{}\",\"data\":["
                  "{{\"rank\":1,\"symbol\":\"{}\",\"name\":\"{}\",\"value\":{},"
                  "\"last_day\":\"{}\"}},{{\"rank\":2,\"symbol\":\"{}\",\"name\":\"{}\","
                  "\"value\":{},\"last_day\":\"{}\"}}]}}",
                  as_of, entries[0].symbol, entries[0].name, entries[0].value, entries[0].last_day,
                  entries[1].symbol, entries[1].name, entries[1].value, entries[1].last_day));
}

TEST_F(AnalysisApiTest, BadRequestsSayWhatIsWrong) {
  struct Case {
    std::string path;
    int status;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"/api/v1/indicators/BTC?ind=macd:26:12", 400,
       "indicator 'macd:26:12': macd: fast period (26) must be shorter than slow period (12)"},
      {"/api/v1/indicators/NOPE", 404,
       "unknown symbol 'NOPE' (or no stored rows); see "
       "/api/v1/symbols"},
      {"/api/v1/stats", 400, "symbols is required, e.g. symbols=BTC,ETH"},
      {"/api/v1/stats?symbols=BTC&rf=2", 400,
       "BTC: stats: rf must be an annual rate as a fraction in (-1, 1), got 2"},
      {"/api/v1/correlation?symbols=BTC", 400,
       "symbols must list 2 to 100 different symbols separated by commas, e.g. symbols=BTC,ETH"},
      {"/api/v1/correlation?symbols=BTC,ETH&top=3", 400, "give symbols or top, not both"},
      {"/api/v1/screener?by=sharpe", 400,
       "by must be one of return_30d, volatility_30d, rsi_14, drawdown"},
      {"/api/v1/screener?order=up", 400, "order must be desc or asc"},
  };
  for (const auto& c : cases) {
    const auto res = Get(c.path);
    ASSERT_TRUE(res) << c.path;
    EXPECT_EQ(res->status, c.status) << c.path << " " << res->body;
    if (!c.message.empty()) {
      EXPECT_NE(res->body.find("\"message\":\"" + c.message + "\""), std::string::npos)
          << c.path << " " << res->body;
    }
  }
}

TEST_F(AnalysisApiTest, OpenApiDocumentListsTheAnalysisEndpoints) {
  const auto res = Get("/api/v1/openapi.json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  for (const char* path : {"\"/api/v1/indicators/{symbol}\"", "\"/api/v1/stats\"",
                           "\"/api/v1/correlation\"", "\"/api/v1/screener\""}) {
    EXPECT_NE(res->body.find(path), std::string::npos) << path;
  }
}

}  // namespace
}  // namespace cryptoscope::testing
