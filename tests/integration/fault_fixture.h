// The fixture of the resilience tests: one fake exchange and one database folder per test, the
// real binary run against them, and exact comparisons of the database with what the fake serves.
#pragma once

#include <fmt/ostream.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "integration/harness.h"

namespace cryptoscope::testing {

class FaultFixture : public ::testing::Test {
 protected:
  static constexpr const char* kKey = "resilience-key-5a4b3c2d1e0f";
  static constexpr const char* kToday = "2026-11-25";

  void StartFake(int coins, fake::FaultOptions faults = {}, fake::Options options = {}) {
    fake::Scenario scenario = fake::GenerateScenario(coins, /*seed=*/7, *ParseDay(kToday));
    scenario.required_api_key = kKey;
    fake_.reset();
    fake_ = std::make_unique<fake::FakeExchange>(std::move(scenario), options);
    fake_->SetFaults(std::move(faults));
  }

  // Starts a fake of `coins` coins after `edit` changed its scenario (missing days, delays).
  void StartFakeWith(int coins, const std::function<void(fake::Scenario&)>& edit) {
    StartFake(coins);
    fake_->EditScenario(edit);
  }

  std::map<std::string, std::string> Env(int top_n, int concurrency = 4) const {
    return {
        {"CRYPTOCOMPARE_API_KEY", kKey},         {"DB_PATH", db().string()},
        {"TOP_N", std::to_string(top_n)},        {"MAX_CONCURRENCY", std::to_string(concurrency)},
        {"BINANCE_BASE_URL", fake_->base_url()}, {"CRYPTOCOMPARE_BASE_URL", fake_->base_url()}};
  }

  std::vector<std::string> Argv(const std::vector<std::string>& args) const {
    std::vector<std::string> argv = {CRYPTOSCOPE_BINARY, "ingest", "--progress", "none"};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
  }

  RunResult Ingest(const std::map<std::string, std::string>& env,
                   const std::vector<std::string>& args = {}) {
    return RunProgram(Argv(args), env, dir_);
  }
  RunResult Ingest(int top_n, const std::vector<std::string>& args = {}) {
    return Ingest(Env(top_n), args);
  }

  std::filesystem::path db() const { return dir_.path() / "crypto.db"; }

  // The top `top_n` coins, by rank.
  std::vector<fake::FakeCoin> TopCoins(int top_n) const {
    auto ranked = fake::RankedCoins(fake_->scenario());
    ranked.resize(std::min<size_t>(ranked.size(), static_cast<size_t>(top_n)));
    return ranked;
  }
  // Symbols of the top coins routed to `source` (with at least one closed day).
  std::vector<std::string> SymbolsOf(int top_n, Source source) const {
    std::vector<std::string> symbols;
    for (const auto& coin : TopCoins(top_n)) {
      if (ExpectedSource(coin) == source && ExpectedDays(coin, fake_->today())) {
        symbols.push_back(coin.symbol);
      }
    }
    return symbols;
  }
  fake::FakeCoin Coin(const std::string& symbol) const {
    for (const auto& coin : fake_->scenario().coins) {
      if (coin.symbol == symbol) return coin;
    }
    ADD_FAILURE() << "no coin " << symbol;
    return {};
  }

  std::vector<Row> Expected(int top_n) const {
    return ExpectedRows(fake_->scenario(), top_n, fake_->today());
  }
  // The expected rows, keeping those `keep` accepts.
  std::vector<Row> Expected(int top_n, const std::function<bool(const Row&)>& keep) const {
    std::vector<Row> rows = Expected(top_n);
    std::erase_if(rows, [&](const Row& row) { return !keep(row); });
    return rows;
  }

  // "" when equal, else the first differences (missing, extra or different rows).
  static std::string Diff(const std::vector<Row>& actual, const std::vector<Row>& expected) {
    std::string out;
    int shown = 0;
    size_t a = 0, e = 0;
    auto note = [&](const std::string& what, const Row& row) {
      if (shown++ < 5) out += fmt::format("{} {}\n", what, fmt::streamed(row));
    };
    while (a < actual.size() || e < expected.size()) {
      if (e == expected.size() || (a < actual.size() && actual[a] < expected[e])) {
        note("extra:   ", actual[a++]);
      } else if (a == actual.size() || expected[e] < actual[a]) {
        note("missing: ", expected[e++]);
      } else {
        if (!(actual[a] == expected[e])) note("differs: ", actual[a]);
        ++a;
        ++e;
      }
    }
    if (shown > 5) out += fmt::format("... {} differences in all\n", shown);
    if (!out.empty()) {
      out = fmt::format("{} rows, {} expected\n", actual.size(), expected.size()) + out;
    }
    return out;
  }

  // The database holds exactly the closed candles of the top `top_n` coins, and every coin with
  // candles is synced through its last expected day from its routed source.
  void ExpectDatabaseExact(int top_n) {
    EXPECT_EQ(Diff(ReadOhlcv(db()), Expected(top_n)), "");
    const auto sync = ReadSyncState(db());
    for (const auto& coin : TopCoins(top_n)) {
      const auto days = ExpectedDays(coin, fake_->today());
      if (!days) continue;
      auto it = sync.find(coin.symbol);
      if (it == sync.end()) {
        ADD_FAILURE() << coin.symbol << " has no sync_state row";
        continue;
      }
      EXPECT_EQ(it->second.source, SourceName(*ExpectedSource(coin))) << coin.symbol;
      Day last = days->last;  // The last day delivered: a day without trading is not.
      while (last > days->first && coin.Missing(last)) last -= std::chrono::days{1};
      EXPECT_EQ(it->second.synced_through, FormatDay(last)) << coin.symbol;
    }
  }

  // What a crash may leave: each coin's rows are exactly its expected rows through its sync
  // marker (none without a marker), so the marker never vouches for a missing row.
  void ExpectOnlyWholePages(int top_n) {
    const auto sync = ReadSyncState(db());
    const auto expected = Expected(top_n, [&](const Row& row) {
      auto it = sync.find(row.symbol);
      return it != sync.end() && row.date <= it->second.synced_through &&
             row.source == it->second.source;
    });
    EXPECT_EQ(Diff(ReadOhlcv(db()), expected), "");
  }

  // Records of requests to `path`, in completion order.
  std::vector<fake::RequestRecord> Records(std::string_view path) const {
    std::vector<fake::RequestRecord> records;
    for (auto& record : fake_->requests()) {
      if (record.path == path) records.push_back(std::move(record));
    }
    return records;
  }

  // The fake records a request when it answers it; a slow answer is recorded late (even after
  // the client gave up on it). Waits (at most 10 s) until `path` has `count` records.
  void AwaitRecords(std::string_view path, size_t count) const {
    for (int i = 0; i < 10'000 && fake_->CountRequests(path) < count; ++i) usleep(1000);
  }

  // Requests (all paths) that got `kind`.
  std::vector<fake::RequestRecord> WithFault(fake::FaultKind kind) const {
    std::vector<fake::RequestRecord> records;
    for (auto& record : fake_->requests()) {
      if (record.fault == kind) records.push_back(std::move(record));
    }
    return records;
  }

  size_t CountStatus(int status) const {
    size_t count = 0;
    for (const auto& record : fake_->requests()) count += record.status == status;
    return count;
  }

  // Binance requests (the fake serves both APIs; Binance paths start with /api/).
  std::vector<fake::RequestRecord> BinanceRecords() const {
    std::vector<fake::RequestRecord> records;
    for (auto& record : fake_->requests()) {
      if (record.path.rfind("/api/", 0) == 0) records.push_back(std::move(record));
    }
    return records;
  }

  TempDir dir_;
  std::unique_ptr<fake::FakeExchange> fake_;
};

}  // namespace cryptoscope::testing
