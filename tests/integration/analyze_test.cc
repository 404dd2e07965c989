// `cryptoscope analyze` on a database written by `cryptoscope ingest` from the fake exchange.
// Expected numbers are computed here, independently and in the plainest textbook form, from the
// rows the test reads back from the database. Where the binary sums in another order (compensated
// window sums, two-pass deviations) values are compared to 1e-12 relative; formulas that are the
// same operations (returns, Wilder's recurrences, drawdown days) are compared exactly.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>

#include "integration/harness.h"
#include "integration/textbook.h"

namespace cryptoscope::testing {
namespace {

constexpr const char* kKey = "test-key-analyze";

std::vector<std::string> Split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, separator)) parts.push_back(part);
  if (!text.empty() && text.back() == separator) parts.push_back("");
  return parts;
}

// CSV rows (header included) of `out`.
std::vector<std::vector<std::string>> Csv(const std::string& out) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& line : Split(out, '\n')) {
    if (!line.empty()) rows.push_back(Split(line, ','));
  }
  return rows;
}

void ExpectNear(const std::string& text, double expected, const std::string& what) {
  if (std::isnan(expected)) {
    EXPECT_EQ(text, "") << what;
    return;
  }
  ASSERT_FALSE(text.empty()) << what;
  const double actual = std::strtod(text.c_str(), nullptr);
  EXPECT_NEAR(actual, expected, 1e-12 * std::max(1.0, std::fabs(expected))) << what;
}

class AnalyzeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    fake::Scenario scenario = fake::GenerateScenario(12, /*seed=*/11, *ParseDay("2026-11-25"));
    scenario.required_api_key = kKey;
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
    // A provider gap: ETH lacks 2026-06-10 (indicators skip it; returns span it).
    sqlite3* db = nullptr;
    sqlite3_open(Db().c_str(), &db);
    sqlite3_exec(db, "DELETE FROM ohlcv WHERE symbol = 'ETH' AND date = '2026-06-10'", nullptr,
                 nullptr, nullptr);
    sqlite3_close(db);
  }
  static void TearDownTestSuite() { delete dir_; }

  static std::filesystem::path Db() { return dir_->path() / "crypto.db"; }

  static Coin Load(const std::string& symbol) { return LoadCoin(Db(), symbol); }

  static RunResult Analyze(std::vector<std::string> args) {
    std::vector<std::string> argv = {CRYPTOSCOPE_BINARY, "analyze"};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunProgram(argv, {{"DB_PATH", Db().string()}}, *dir_);
  }

  static TempDir* dir_;
};

TempDir* AnalyzeTest::dir_ = nullptr;

TEST_F(AnalyzeTest, IndicatorsMatchTextbookFormulasOverTheWholeHistory) {
  const Coin btc = Load("BTC");
  ASSERT_GT(btc.close.size(), 400u);
  const std::string from = btc.dates[btc.dates.size() - 120];
  const auto result = Analyze({"btc", "--indicators", "sma:20,rsi:14,bb:20:2,macd,stoch:14:3,obv",
                               "--from", from, "--format", "csv"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto rows = Csv(result.out);
  ASSERT_EQ(rows.size(), 121u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{
                         "date", "close", "sma:20", "rsi:14", "bb:20:2.middle", "bb:20:2.upper",
                         "bb:20:2.lower", "macd:12:26:9.macd", "macd:12:26:9.signal",
                         "macd:12:26:9.histogram", "stoch:14:3.k", "stoch:14:3.d", "obv"}));
  const auto rsi = TextbookRsi(btc.close, 14);
  const auto fast = TextbookEma(btc.close, 0, 12);
  const auto slow = TextbookEma(btc.close, 0, 26);
  std::vector<double> line(btc.close.size(), NAN);
  for (size_t i = 25; i < line.size(); ++i) line[i] = fast[i] - slow[i];
  const auto signal = TextbookEma(line, 25, 9);
  std::vector<double> k(btc.close.size(), NAN), obv(btc.close.size(), 0);
  for (size_t i = 13; i < k.size(); ++i) {
    double hh = -1e300, ll = 1e300;
    for (size_t j = i - 13; j <= i; ++j) {
      hh = std::max(hh, btc.high[j]);
      ll = std::min(ll, btc.low[j]);
    }
    k[i] = 100 * (btc.close[i] - ll) / (hh - ll);
  }
  for (size_t i = 1; i < obv.size(); ++i) {
    obv[i] = obv[i - 1] + (btc.close[i] > btc.close[i - 1]   ? btc.volume[i]
                           : btc.close[i] < btc.close[i - 1] ? -btc.volume[i]
                                                             : 0.0);
  }
  const size_t first = btc.close.size() - 120;
  for (size_t r = 1; r < rows.size(); ++r) {
    const size_t i = first + r - 1;
    const auto& row = rows[r];
    ASSERT_EQ(row.size(), 13u);
    EXPECT_EQ(row[0], btc.dates[i]);
    EXPECT_EQ(std::strtod(row[1].c_str(), nullptr), btc.close[i]);
    const double sma = Mean(btc.close, i - 19, i);
    double var = 0;
    for (size_t j = i - 19; j <= i; ++j) var += (btc.close[j] - sma) * (btc.close[j] - sma);
    const double sd = std::sqrt(var / 20);
    ExpectNear(row[2], sma, "sma " + row[0]);
    EXPECT_EQ(std::strtod(row[3].c_str(), nullptr), rsi[i]) << "rsi " << row[0];
    ExpectNear(row[4], sma, "bb middle " + row[0]);
    ExpectNear(row[5], sma + 2 * sd, "bb upper " + row[0]);
    ExpectNear(row[6], sma - 2 * sd, "bb lower " + row[0]);
    ExpectNear(row[7], line[i], "macd " + row[0]);
    ExpectNear(row[8], signal[i], "signal " + row[0]);
    ExpectNear(row[9], line[i] - signal[i], "histogram " + row[0]);
    ExpectNear(row[10], k[i], "%k " + row[0]);
    ExpectNear(row[11], (k[i] + k[i - 1] + k[i - 2]) / 3, "%d " + row[0]);
    EXPECT_EQ(std::strtod(row[12].c_str(), nullptr), obv[i]) << "obv " << row[0];
  }
}

TEST_F(AnalyzeTest, IndicatorsJsonHasTheAgreedShape) {
  const Coin btc = Load("BTC");
  const size_t n = btc.close.size();
  const auto result =
      Analyze({"BTC", "--indicators", "rsi:2", "--from", btc.dates[n - 2], "--format", "json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto rsi = TextbookRsi(btc.close, 2);
  EXPECT_EQ(result.out,
            fmt::format("{{\"symbol\":\"BTC\",\"indicators\":[{{\"id\":\"rsi:2\",\"name\":\"rsi\","
                        "\"params\":[2],\"warmup\":2,\"columns\":[\"value\"],\"rows\":["
                        "{{\"date\":\"{}\",\"value\":{}}},{{\"date\":\"{}\",\"value\":{}}}]}}]}}\n",
                        btc.dates[n - 2], rsi[n - 2], btc.dates[n - 1], rsi[n - 1]));
}

TEST_F(AnalyzeTest, IndicatorsRunOverStoredRowsAcrossAGap) {
  const Coin eth = Load("ETH");
  const auto gap = std::find(eth.dates.begin(), eth.dates.end(), "2026-06-11") - eth.dates.begin();
  ASSERT_EQ(eth.dates[gap - 1], "2026-06-09");
  const auto result = Analyze({"ETH", "--indicators", "ret,rsi:14", "--from", "2026-06-09", "--to",
                               "2026-06-11", "--format", "csv"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto rows = Csv(result.out);
  ASSERT_EQ(rows.size(), 3u);  // Header, 06-09, 06-11: nothing is filled in.
  EXPECT_EQ(rows[2][0], "2026-06-11");
  EXPECT_EQ(std::strtod(rows[2][2].c_str(), nullptr), eth.close[gap] / eth.close[gap - 1] - 1);
  EXPECT_EQ(std::strtod(rows[2][3].c_str(), nullptr), TextbookRsi(eth.close, 14)[gap]);
}

TEST_F(AnalyzeTest, StatsOverARange) {
  const auto result = Analyze({"--stats", "BTC,ETH", "--from", "2026-01-01", "--to", "2026-06-30",
                               "--rf", "0.0365", "--format", "csv"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto rows = Csv(result.out);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0],
            (std::vector<std::string>{"symbol", "days", "first_day", "last_day", "total_return",
                                      "volatility", "max_dd", "dd_peak", "dd_trough", "dd_recovery",
                                      "sharpe", "sortino", "beta"}));
  for (size_t r = 1; r <= 2; ++r) {
    const std::string symbol = r == 1 ? "BTC" : "ETH";
    const Coin coin = Load(symbol);
    std::vector<double> c;
    std::vector<std::string> d;
    for (size_t i = 0; i < coin.close.size(); ++i) {
      if (coin.dates[i] >= "2026-01-01" && coin.dates[i] <= "2026-06-30") {
        c.push_back(coin.close[i]);
        d.push_back(coin.dates[i]);
      }
    }
    std::vector<double> ret;
    for (size_t i = 1; i < c.size(); ++i) ret.push_back(c[i] / c[i - 1] - 1);
    const double mean = Mean(ret, 0, ret.size() - 1);
    double var = 0, down = 0;
    const double target = 0.0365 / 365;
    for (double x : ret) {
      var += (x - mean) * (x - mean);
      down += std::pow(std::min(0.0, x - target), 2);
    }
    const double sd = std::sqrt(var / (ret.size() - 1));
    double peak = c[0], depth = 0;
    size_t peak_i = 0, best_peak = 0, trough = 0;
    for (size_t i = 1; i < c.size(); ++i) {
      if (c[i] > peak) {
        peak = c[i];
        peak_i = i;
      } else if (c[i] / peak - 1 < depth) {
        depth = c[i] / peak - 1;
        best_peak = peak_i;
        trough = i;
      }
    }
    std::string recovery;
    for (size_t i = trough + 1; i < c.size() && depth < 0; ++i) {
      if (c[i] >= c[best_peak]) {
        recovery = d[i];
        break;
      }
    }
    const auto& row = rows[r];
    EXPECT_EQ(row[0], symbol);
    EXPECT_EQ(row[1], std::to_string(c.size()));
    EXPECT_EQ(c.size(), symbol == "ETH" ? 180u : 181u);  // BTC has every day; ETH lacks one.
    EXPECT_EQ(row[2], "2026-01-01");
    EXPECT_EQ(row[3], "2026-06-30");
    EXPECT_EQ(std::strtod(row[4].c_str(), nullptr), c.back() / c.front() - 1);
    ExpectNear(row[5], sd * std::sqrt(365.0), symbol + " volatility");
    EXPECT_EQ(std::strtod(row[6].c_str(), nullptr), depth);
    EXPECT_EQ(row[7], d[best_peak]);
    EXPECT_EQ(row[8], d[trough]);
    EXPECT_EQ(row[9], recovery);
    ExpectNear(row[10], (mean - target) / sd * std::sqrt(365.0), symbol + " sharpe");
    ExpectNear(row[11], (mean - target) / std::sqrt(down / ret.size()) * std::sqrt(365.0),
               symbol + " sortino");
    ExpectNear(row[12], TextbookBeta(coin, Load("BTC"), "2026-01-01", "2026-06-30"),
               symbol + " beta against BTC");
  }
}

TEST_F(AnalyzeTest, CorrelationUsesTheDaysEveryCoinHas) {
  const auto result = Analyze({"--correlation", "--symbols", "BTC,ETH", "--to", "2026-11-24",
                               "--days", "365", "--format", "json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const Coin btc = Load("BTC"), eth = Load("ETH");
  std::map<std::string, double> btc_close;
  for (size_t i = 0; i < btc.close.size(); ++i) btc_close[btc.dates[i]] = btc.close[i];
  std::vector<double> a, b;
  double prev_a = 0, prev_b = 0;
  bool first = true;
  for (size_t i = 0; i < eth.close.size(); ++i) {
    if (eth.dates[i] < "2025-11-24" || eth.dates[i] > "2026-11-24") continue;
    if (!btc_close.count(eth.dates[i])) continue;
    const double ca = btc_close[eth.dates[i]], cb = eth.close[i];
    if (!first) {
      a.push_back(ca / prev_a - 1);
      b.push_back(cb / prev_b - 1);
    }
    first = false;
    prev_a = ca;
    prev_b = cb;
  }
  ASSERT_EQ(a.size(), 364u);  // 366 days, one missing for ETH: 365 common days.
  const double ma = Mean(a, 0, a.size() - 1), mb = Mean(b, 0, b.size() - 1);
  double sab = 0, saa = 0, sbb = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
  }
  const double r = sab / std::sqrt(saa * sbb);
  const std::string prefix =
      "{\"symbols\":[\"BTC\",\"ETH\"],\"from\":\"2025-11-24\",\"to\":\"2026-11-24\",\"days\":364,"
      "\"matrix\":[[1,";
  ASSERT_EQ(result.out.substr(0, prefix.size()), prefix) << result.out;
  const double printed = std::strtod(result.out.c_str() + prefix.size(), nullptr);
  EXPECT_NEAR(printed, r, 1e-12);
}

TEST_F(AnalyzeTest, ScreenRanksTheStoredTopCoins) {
  const auto result = Analyze({"--screen", "--by", "return_30d", "--top", "3", "--format", "csv"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  // Independent ranking: every ranked coin's close on its last day over the close 30 days before.
  std::vector<std::pair<double, std::string>> expected;
  for (const auto& row : Query(Db(), "SELECT symbol FROM symbols WHERE rank IS NOT NULL")) {
    const double value = TextbookReturn30d(Load(row[0]));
    if (!std::isnan(value)) expected.push_back({value, row[0]});
  }
  std::sort(expected.begin(), expected.end(), [](const auto& x, const auto& y) {
    return x.first != y.first ? x.first > y.first : x.second < y.second;
  });
  const auto rows = Csv(result.out);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0],
            (std::vector<std::string>{"rank", "symbol", "name", "return_30d", "last_day"}));
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(rows[i + 1][0], std::to_string(i + 1));
    EXPECT_EQ(rows[i + 1][1], expected[i].second);
    EXPECT_EQ(std::strtod(rows[i + 1][3].c_str(), nullptr), expected[i].first);
  }
}

TEST_F(AnalyzeTest, UsageErrorsExitTwoAndDatabaseProblemsFour) {
  auto unknown = Analyze({"NOPE"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("no rows for symbol 'NOPE'"), std::string::npos) << unknown.err;
  EXPECT_EQ(Analyze({"BTC", "--indicators", "macd:26:12"}).exit_code, 2);
  EXPECT_EQ(Analyze({"--stats", "BTC", "--correlation"}).exit_code, 2);
  EXPECT_EQ(Analyze({"BTC", "--from", "2026-02-30"}).exit_code, 2);
  auto missing = Analyze({"--stats", "BTC", "--db", (dir_->path() / "none.db").string()});
  EXPECT_EQ(missing.exit_code, 4);
  EXPECT_NE(missing.err.find("none.db"), std::string::npos) << missing.err;
  EXPECT_FALSE(std::filesystem::exists(dir_->path() / "none.db"));  // Read-only: never created.
}

TEST_F(AnalyzeTest, RangeAndRateErrorsNameTheFlagAndWhatIsAllowed) {
  const auto future = Analyze({"BTC", "--from", "2099-01-01"});
  EXPECT_EQ(future.exit_code, 2);
  EXPECT_EQ(future.err.rfind("error: --from 2099-01-01 is after the newest stored day, ", 0), 0)
      << future.err;
  const auto inverted = Analyze({"BTC", "--from", "2026-02-10", "--to", "2026-02-01"});
  EXPECT_EQ(inverted.exit_code, 2);
  EXPECT_EQ(inverted.err, "error: --from 2026-02-10 is after --to 2026-02-01\n");
  const auto rate = Analyze({"--stats", "BTC", "--rf", "5"});
  EXPECT_EQ(rate.exit_code, 2);
  EXPECT_EQ(rate.err,
            "error: --rf 5: give the annual risk-free rate as a fraction between -1 and 1, e.g. "
            "0.04 for 4%\n");
}

// As ingest and serve: pointing --db at the wrong file is the user's to fix, so usage (2).
TEST_F(AnalyzeTest, AFileThatIsNotADatabaseExitsTwo) {
  const auto path = dir_->path() / "notes.txt";
  std::ofstream(path) << "not a database, just text that is long enough to look like a header";
  const auto result = Analyze({"BTC", "--db", path.string()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err,
            "error: " + path.string() + ": file is not a database; choose another DB_PATH\n");
}

}  // namespace
}  // namespace cryptoscope::testing
