// `cryptoscope check` on a database written by `cryptoscope ingest` from the fake exchange: clean
// as written, then with planted gaps and bad rows it finds exactly them; --cross-check compares
// with CryptoCompare's closes, one request per coin.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "integration/fault_fixture.h"

namespace cryptoscope::testing {
namespace {

class CheckTest : public FaultFixture {
 protected:
  void SetUp() override {
    StartFake(40);
    const auto ingest = Ingest(40);
    ASSERT_EQ(ingest.exit_code, 0) << ingest.err << ingest.out;
  }
  RunResult Check(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {CRYPTOSCOPE_BINARY, "check", "--db", db().string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunProgram(argv, Env(40), dir_);
  }
  void Exec(const std::string& sql) {
    sqlite3* handle = nullptr;
    ASSERT_EQ(sqlite3_open(db().c_str(), &handle), SQLITE_OK);
    char* error = nullptr;
    EXPECT_EQ(sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
        << (error ? error : "");
    sqlite3_free(error);
    sqlite3_close(handle);
  }
  std::string Day(int days_ago) { return FormatDay(fake_->today() - std::chrono::days{days_ago}); }
};

TEST_F(CheckTest, FreshlyIngestedDatabaseIsClean) {
  const auto result = Check({});
  EXPECT_EQ(result.exit_code, 0) << result.err << result.out;
  EXPECT_NE(result.out.find("integrity (quick_check): ok"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("\nclean\n"), std::string::npos) << result.out;

  const auto json = Check({"--json", "--full"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto doc = nlohmann::json::parse(json.out);
  EXPECT_EQ(doc["clean"], true);
  EXPECT_EQ(doc["integrity"], nlohmann::json::array({"ok"}));
  EXPECT_EQ(doc["totals"]["rows"], ReadOhlcv(db()).size());
  EXPECT_EQ(doc["totals"]["missing_days"], 0);
  EXPECT_EQ(doc["totals"]["bad_rows"], 0);
  EXPECT_EQ(doc["coins"].size(), Query(db(), "SELECT symbol FROM symbols").size());
  for (const auto& coin : doc["coins"]) {
    const std::string symbol = coin["symbol"];
    const auto rows = Query(db(), fmt::format("SELECT count(*), min(date), max(date) FROM ohlcv "
                                              "WHERE symbol = '{}'",
                                              symbol));
    EXPECT_EQ(std::to_string(coin["rows"].get<int64_t>()), rows[0][0]) << symbol;
    if (coin["rows"] > 0) {
      EXPECT_EQ(coin["first_day"], rows[0][1]) << symbol;
      EXPECT_EQ(coin["last_day"], rows[0][2]) << symbol;
    }
  }
}

TEST_F(CheckTest, PlantedGapsAndBadRowsAreFoundExactly) {
  Exec(
      fmt::format("DELETE FROM ohlcv WHERE symbol = 'BTC' AND date IN ('{0}', '{1}');"
                  "DELETE FROM ohlcv WHERE symbol = 'ETH' AND date = '{2}';"
                  "INSERT INTO known_gaps VALUES ('ETH', '{2}', 'binance');"
                  "UPDATE ohlcv SET low = high * 2 WHERE symbol = 'BNB' AND date = '{3}';"
                  "UPDATE ohlcv SET close = 'n/a' WHERE symbol = 'XRP' AND date = '{3}';",
                  Day(100), Day(99), Day(50), Day(10)));
  // The ohlcv view refuses a date that is not a day (schema v4) ...
  {
    sqlite3* handle = nullptr;
    ASSERT_EQ(sqlite3_open(db().c_str(), &handle), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(handle,
                           "INSERT INTO ohlcv VALUES ('XMR', '2024-13-01', 1, 1, 1, 1, 1, 1, "
                           "'cryptocompare')",
                           nullptr, nullptr, nullptr),
              SQLITE_CONSTRAINT);
    EXPECT_STREQ(sqlite3_errmsg(handle),
                 "ohlcv.date must be a calendar day written YYYY-MM-DD, e.g. 2024-01-31");
    sqlite3_close(handle);
  }
  // ... but a hand edit of candles itself can still store one (text in the INTEGER day column),
  // which the audit finds.
  Exec(
      "INSERT INTO candles SELECT id, '2024-13-01', 1, 1, 1, 1, 1, 1, 'cryptocompare' "
      "FROM series WHERE symbol = 'XMR'");
  const auto result = Check({"--json"});
  EXPECT_EQ(result.exit_code, 1) << result.err << result.out;
  const auto doc = nlohmann::json::parse(result.out);
  EXPECT_EQ(doc["clean"], false);
  EXPECT_EQ(doc["totals"]["missing_days"], 2);
  EXPECT_EQ(doc["totals"]["known_gap_days"], 1);
  std::map<std::string, nlohmann::json> coins;
  for (const auto& coin : doc["coins"]) coins[coin["symbol"]] = coin;
  EXPECT_EQ(coins["BTC"]["gaps"],
            nlohmann::json::parse(fmt::format(
                R"([{{"from":"{}","to":"{}","days":2,"known":false}}])", Day(100), Day(99))));
  EXPECT_EQ(coins["ETH"]["gaps"],
            nlohmann::json::parse(
                fmt::format(R"([{{"from":"{0}","to":"{0}","days":1,"known":true}}])", Day(50))));
  EXPECT_EQ(coins["BNB"]["bad_rows"], 1);
  std::vector<std::string> bad;
  for (const auto& row : doc["bad_rows"]) {
    bad.push_back(row["symbol"].get<std::string>() + " " + row["date"].get<std::string>());
  }
  EXPECT_EQ(bad, (std::vector<std::string>{"BNB " + Day(10), "XMR 2024-13-01", "XRP " + Day(10)}));
  EXPECT_NE(doc["bad_rows"][0]["problem"].get<std::string>().find("low"), std::string::npos);
  EXPECT_NE(doc["bad_rows"][1]["problem"].get<std::string>().find("not a YYYY-MM-DD day"),
            std::string::npos);
  EXPECT_NE(doc["bad_rows"][2]["problem"].get<std::string>().find("close nan"), std::string::npos);

  const auto text = Check({});
  EXPECT_EQ(text.exit_code, 1);
  EXPECT_NE(text.out.find(fmt::format("missing days of BTC: {}..{}", Day(100), Day(99))),
            std::string::npos)
      << text.out;
  EXPECT_NE(
      text.out.find(fmt::format("known gaps of ETH (no trading at the provider): {}", Day(50))),
      std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("findings: see above"), std::string::npos);
}

TEST_F(CheckTest, CrossCheckComparesBinanceClosesWithCryptoCompareOneRequestPerCoin) {
  fake_->ClearRequests();
  const auto result = Check({"--cross-check", "3", "--threshold", "1", "--days", "0", "--json"});
  ASSERT_TRUE(result.exit_code == 0 || result.exit_code == 1) << result.err << result.out;
  EXPECT_EQ(fake_->CountRequests("/data/v2/histoday"), 3u);
  EXPECT_EQ(fake_->CountRequests("/api/v3/klines"), 0u);
  const auto doc = nlohmann::json::parse(result.out);
  const auto& cross = doc["cross_check"];
  EXPECT_EQ(cross["coins"], nlohmann::json::array({"BTC", "ETH", "BNB"}));
  EXPECT_TRUE(cross["failures"].empty());
  // The expected differences, computed from the fake's two candle series.
  size_t days = 0;
  std::vector<std::string> expected;
  for (const char* symbol : {"BTC", "BNB", "ETH"}) {
    const auto coin = Coin(symbol);
    for (const auto& binance : fake::ClosedCandles(coin, Source::kBinance, fake_->today())) {
      if (binance.day < coin.cc_first_day) continue;
      ++days;
      const double reference = fake::CryptoCompareCandle(coin, binance.day).close;
      if (std::abs(binance.close - reference) / reference > 0.01) {
        expected.push_back(std::string(symbol) + " " + FormatDay(binance.day));
      }
    }
  }
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(cross["days_compared"], days);
  std::vector<std::string> found;
  for (const auto& d : cross["differences"]) {
    found.push_back(d["symbol"].get<std::string>() + " " + d["date"].get<std::string>());
  }
  EXPECT_EQ(found, expected);
  EXPECT_EQ(result.exit_code, expected.empty() ? 0 : 1);
}

TEST_F(CheckTest, MissingDatabaseIsExitFourNamingThePath) {
  std::vector<std::string> argv = {CRYPTOSCOPE_BINARY, "check", "--db",
                                   (dir_.path() / "nope.db").string()};
  const auto result = RunProgram(argv, {}, dir_);
  EXPECT_EQ(result.exit_code, 4);
  EXPECT_NE(result.err.find("nope.db"), std::string::npos) << result.err;
}

// As ingest and serve: pointing --db at the wrong file is the user's to fix, so usage (2).
TEST_F(CheckTest, AFileThatIsNotADatabaseExitsTwo) {
  const auto path = dir_.path() / "notes.txt";
  std::ofstream(path) << "not a database, just text that is long enough to look like a header";
  const auto result = RunProgram({CRYPTOSCOPE_BINARY, "check", "--db", path.string()}, {}, dir_);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err,
            "error: " + path.string() + ": file is not a database; choose another DB_PATH\n");
}

TEST_F(CheckTest, HelpStatesCheckExitCodesNotIngests) {
  const auto result = RunProgram({CRYPTOSCOPE_BINARY, "check", "--help"}, {}, dir_);
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_NE(result.out.find("Exit codes: 0 clean; 1 findings"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("another ingest is running"), std::string::npos) << result.out;
}

TEST_F(CheckTest, CrossCheckWithoutAKeyIsAUsageError) {
  std::vector<std::string> argv = {CRYPTOSCOPE_BINARY, "check", "--db",        db().string(),
                                   "--cross-check",    "2",     "--reference", "cryptocompare"};
  const auto result = RunProgram(argv, {}, dir_);
  EXPECT_EQ(result.exit_code, 2) << result.out;
  EXPECT_NE(result.err.find("CRYPTOCOMPARE_API_KEY"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("--reference okx"), std::string::npos) << result.err;
}

TEST_F(CheckTest, WithoutAKeyCrossCheckComparesWithOkxAndSkipsCoinsItDoesNotList) {
  fake_->ClearRequests();
  std::vector<std::string> argv = {CRYPTOSCOPE_BINARY, "check", "--db",        db().string(),
                                   "--cross-check",    "3",     "--threshold", "1",
                                   "--days",           "200",   "--json"};
  const auto result = RunProgram(
      argv, {{"OKX_BASE_URL", fake_->base_url()}, {"BYBIT_BASE_URL", "http://127.0.0.1:9"}}, dir_);
  ASSERT_TRUE(result.exit_code == 0 || result.exit_code == 1) << result.err << result.out;
  EXPECT_EQ(fake_->CountRequests("/data/v2/histoday"), 0u);
  EXPECT_GT(fake_->CountRequests("/api/v5/market/history-candles"), 0u);
  const auto doc = nlohmann::json::parse(result.out);
  const auto& cross = doc["cross_check"];
  EXPECT_EQ(cross["reference"], "okx");
  EXPECT_EQ(cross["coins"], nlohmann::json::array({"BTC", "ETH", "BNB"}));
  EXPECT_EQ(cross["not_listed"], nlohmann::json::array({"BNB"}));  // Not on OKX.
  EXPECT_TRUE(cross["failures"].empty()) << cross["failures"];
  // The newest 200 stored days of BTC and ETH, against the fake's OKX candles.
  size_t days = 0;
  std::vector<std::string> expected;
  for (const char* symbol : {"BTC", "ETH"}) {
    const auto coin = Coin(symbol);
    for (int ago = 200; ago >= 1; --ago) {
      const cryptoscope::Day day = fake_->today() - std::chrono::days{ago};
      ++days;
      const double stored = fake::BinanceCandle(coin, day).close;
      const double reference = fake::OkxCandle(coin, day).close;
      if (std::abs(stored - reference) / reference > 0.01) {
        expected.push_back(std::string(symbol) + " " + FormatDay(day));
      }
    }
  }
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(cross["days_compared"], days);
  std::vector<std::string> found;
  for (const auto& d : cross["differences"]) {
    found.push_back(d["symbol"].get<std::string>() + " " + d["date"].get<std::string>());
  }
  EXPECT_EQ(found, expected);
}

}  // namespace
}  // namespace cryptoscope::testing
