// The fixture of the serve tests: a database written by the real `cryptoscope ingest` from the
// fake exchange (its today pinned to kToday), then the real `cryptoscope serve` on it, spoken to
// over loopback with cpp-httplib's client. Expected bodies are built from the database's rows.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sqlite3.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "integration/harness.h"

namespace cryptoscope::testing {

class ServeFixture : public ::testing::Test {
 protected:
  static constexpr const char* kKey = "serve-test-key";
  static constexpr const char* kToday = "2026-11-25";  // A Wednesday.
  static constexpr int kCoins = 30;

  void SetUp() override {
    fake::Scenario scenario = fake::GenerateScenario(kCoins + 5, /*seed=*/11, *ParseDay(kToday));
    scenario.required_api_key = kKey;
    fake_ = std::make_unique<fake::FakeExchange>(std::move(scenario));
    const RunResult ingest = Ingest();
    ASSERT_EQ(ingest.exit_code, 0) << ingest.out << ingest.err;
  }

  void TearDown() override {
    if (server_pid_ > 0) {
      client_.reset();
      kill(server_pid_, SIGTERM);
      EXPECT_EQ(Wait(server_pid_), 0) << ReadFile(dir_.path() / "serve.err");
    }
  }

  RunResult Ingest() {
    const std::map<std::string, std::string> env = {
        {"CRYPTOCOMPARE_API_KEY", kKey},         {"DB_PATH", db().string()},
        {"TOP_N", std::to_string(kCoins)},       {"MAX_CONCURRENCY", "4"},
        {"BINANCE_BASE_URL", fake_->base_url()}, {"CRYPTOCOMPARE_BASE_URL", fake_->base_url()}};
    return RunProgram({CRYPTOSCOPE_BINARY, "ingest", "--progress", "none"}, env, dir_);
  }

  // Starts `cryptoscope serve` on a free port and waits for its "serving" log line.
  void StartServer(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {CRYPTOSCOPE_BINARY, "--log-level", "info", "serve",
                                     "--listen",         "127.0.0.1:0", "--db", db().string()};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto err = dir_.path() / "serve.err";
    server_pid_ = Spawn(args, {}, dir_.path() / "serve.out", err);
    const std::regex serving("on http://127\\.0\\.0\\.1:([0-9]+)/");
    for (int i = 0; i < 1000 && port_ == 0; ++i) {
      std::smatch match;
      const std::string log = ReadFile(err);
      if (std::regex_search(log, match, serving)) port_ = std::stoi(match[1]);
      if (port_ == 0) usleep(10'000);
    }
    ASSERT_NE(port_, 0) << "serve did not start: " << ReadFile(err);
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
    client_->set_decompress(false);
    client_->set_keep_alive(true);
  }

  httplib::Result Get(const std::string& target, httplib::Headers headers = {}) {
    return client_->Get(target.c_str(), headers);
  }
  // The JSON body of a 200 answer to `target`.
  nlohmann::json GetJson(const std::string& target) {
    auto res = Get(target);
    EXPECT_TRUE(res) << target;
    if (!res) return nullptr;
    EXPECT_EQ(res->status, 200) << target << ": " << res->body;
    return nlohmann::json::parse(res->body);
  }

  std::filesystem::path db() const { return dir_.path() / "crypto.db"; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  // Stored rows of `symbol` with from <= date <= to, ascending.
  std::vector<Row> Rows(const std::string& symbol, const std::string& from = "0000",
                        const std::string& to = "9999") const {
    std::vector<Row> rows;
    for (auto& row : ReadOhlcv(db())) {
      if (row.symbol == symbol && row.date >= from && row.date <= to) rows.push_back(row);
    }
    return rows;
  }

  // The ohlcv body the API must give for `rows`, written out independently of the server.
  static std::string OhlcvJson(const std::string& symbol, const std::string& interval,
                               const std::string& source, const std::string& pair,
                               bool partial_last, const std::vector<Row>& rows) {
    std::string body = fmt::format(
        R"({{"symbol":"{}","interval":"{}","source":"{}","pair":"{}","partial_last":{},"rows":[)",
        symbol, interval, source, pair, partial_last);
    for (size_t i = 0; i < rows.size(); ++i) {
      const Row& r = rows[i];
      body += fmt::format(
          R"({}{{"date":"{}","open":{},"high":{},"low":{},"close":{},"volume":{},"quote_volume":{}}})",
          i ? "," : "", r.date, r.open, r.high, r.low, r.close, r.volume, r.quote_volume);
    }
    return body + "]}";
  }

  // One row per coin of the symbols table as the API must list it, typed (NULL -> null).
  static nlohmann::json SymbolsFromDb(const std::filesystem::path& db) {
    nlohmann::json out = nlohmann::json::array();
    sqlite3* handle = nullptr;
    sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(handle,
                       "SELECT rank, symbol, name, source, pair, market_cap, price, "
                       "(SELECT min(date) FROM ohlcv o WHERE o.symbol = s.symbol), "
                       "(SELECT max(date) FROM ohlcv o WHERE o.symbol = s.symbol), "
                       "(SELECT count(*) FROM ohlcv o WHERE o.symbol = s.symbol) "
                       "FROM symbols s ORDER BY symbol",
                       -1, &s, nullptr);
    const char* names[] = {"rank",       "symbol", "name",      "source",   "pair",
                           "market_cap", "price",  "first_day", "last_day", "rows"};
    while (sqlite3_step(s) == SQLITE_ROW) {
      nlohmann::json coin = nlohmann::json::object();
      for (int i = 0; i < 10; ++i) {
        switch (sqlite3_column_type(s, i)) {
          case SQLITE_NULL:
            coin[names[i]] = nullptr;
            break;
          case SQLITE_INTEGER:
            coin[names[i]] = sqlite3_column_int64(s, i);
            break;
          case SQLITE_FLOAT:
            coin[names[i]] = sqlite3_column_double(s, i);
            break;
          default:
            coin[names[i]] = reinterpret_cast<const char*>(sqlite3_column_text(s, i));
        }
      }
      out.push_back(coin);
    }
    sqlite3_finalize(s);
    sqlite3_close(handle);
    return out;
  }

  TempDir dir_;
  std::unique_ptr<fake::FakeExchange> fake_;
  pid_t server_pid_ = -1;
  int port_ = 0;
  std::unique_ptr<httplib::Client> client_;
};

}  // namespace cryptoscope::testing
