// No CryptoCompare key: CoinGecko ranks, Binance then OKX then Bybit supply the history. The real
// binary against the fake: exact rows per venue, the fewest requests, no 429 or 403, impostor
// symbols resolved by market cap, and a rerun three days later that asks for the new days only.
#include <gtest/gtest.h>

#include <cmath>

#include "integration/harness.h"

namespace cryptoscope::testing {
namespace {

// The venue the keyless order binance, okx, bybit must pick (written from the scenario's facts,
// independently of the route stage).
std::optional<Source> KeylessSource(const fake::FakeCoin& coin, Day today) {
  const std::string ticker = coin.keyless_ticker();
  const std::string base = ticker == "MIOTA" ? "IOTA" : ticker;
  if (coin.binance_base && *coin.binance_base == base && coin.binance_quote == "USDT" &&
      coin.binance_status == "TRADING" && coin.binance_first_day <= today) {
    return Source::kBinance;
  }
  if (coin.okx_first_day && *coin.okx_first_day <= today && coin.okx_state == "live") {
    return Source::kOkx;
  }
  if (coin.bybit_first_day && *coin.bybit_first_day <= today && coin.bybit_status == "Trading") {
    return Source::kBybit;
  }
  return std::nullopt;
}

std::optional<DayRange> KeylessDays(const fake::FakeCoin& coin, Source source, Day today) {
  Day first = source == Source::kBinance ? coin.binance_first_day
              : source == Source::kOkx   ? *coin.okx_first_day
                                         : *coin.bybit_first_day;
  Day last = today - std::chrono::days{1};
  if (source == Source::kBinance && coin.binance_last_day) {
    last = std::min(last, *coin.binance_last_day);
  }
  if (first > last) return std::nullopt;
  return DayRange{first, last};
}

std::string Pair(const fake::FakeCoin& coin, Source source) {
  switch (source) {
    case Source::kBinance:
      return coin.binance_symbol();
    case Source::kOkx:
      return coin.symbol + "-USDT";
    default:
      return coin.symbol + "USDT";
  }
}

std::vector<Row> KeylessRows(const fake::Scenario& scenario, int top_n, Day today) {
  std::vector<Row> rows;
  const auto ranked = fake::RankedCoins(scenario);
  for (int i = 0; i < top_n && i < static_cast<int>(ranked.size()); ++i) {
    const auto& coin = ranked[i];
    const auto source = KeylessSource(coin, today);
    if (!source) continue;
    const auto days = KeylessDays(coin, *source, today);
    if (!days) continue;
    for (Day day = days->first; day <= days->last; day += std::chrono::days{1}) {
      if (coin.Missing(day)) continue;  // No venue has a candle for a day without trading.
      const Candle c = *source == Source::kBinance ? fake::BinanceCandle(coin, day)
                       : *source == Source::kOkx   ? fake::OkxCandle(coin, day)
                                                   : fake::BybitCandle(coin, day);
      rows.push_back(Row{coin.keyless_ticker(), FormatDay(day), c.open, c.high, c.low, c.close,
                         c.volume, c.quote_volume, std::string(SourceName(*source))});
    }
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

// History requests a first run needs per venue: Binance ceil(days / 1000) (one for a coin with no
// closed day yet); OKX ceil(days / page) when the instrument states its listing day, one more
// (the empty answer) when not; Bybit ceil(days / page) + 1, as it states no listing day.
struct Counts {
  size_t klines = 0, okx = 0, bybit = 0, okx_coins = 0, bybit_coins = 0, binance_coins = 0;
};
Counts MinimalRequests(const fake::Scenario& scenario, int top_n, Day today) {
  Counts counts;
  const auto ranked = fake::RankedCoins(scenario);
  auto pages = [](int64_t days, int64_t size) {
    return static_cast<size_t>((days + size - 1) / size);
  };
  for (int i = 0; i < top_n && i < static_cast<int>(ranked.size()); ++i) {
    const auto& coin = ranked[i];
    const auto source = KeylessSource(coin, today);
    if (!source) continue;
    const auto days = KeylessDays(coin, *source, today);
    const int64_t n = days ? days->days() : 0;
    if (*source == Source::kBinance) {
      ++counts.binance_coins;
      counts.klines += n > 0 ? pages(n, 1000) : 1;
    } else if (*source == Source::kOkx) {
      ++counts.okx_coins;
      counts.okx += pages(n, scenario.venue_rules.okx_max_rows) + (coin.okx_list_time ? 0 : 1);
    } else {
      ++counts.bybit_coins;
      counts.bybit += pages(n, scenario.venue_rules.bybit_max_rows) + 1;
    }
  }
  return counts;
}

class KeylessTest : public ::testing::Test {
 protected:
  static constexpr int kTopN = 40;

  void SetUp() override {
    fake::Scenario scenario = fake::GenerateScenario(60, /*seed=*/7, *ParseDay("2026-11-25"));
    fake_ = std::make_unique<fake::FakeExchange>(std::move(scenario));
  }

  std::map<std::string, std::string> Env() const {
    const std::string url = fake_->base_url();
    return {{"DB_PATH", db().string()}, {"TOP_N", std::to_string(kTopN)}, {"MAX_CONCURRENCY", "4"},
            {"BINANCE_BASE_URL", url},  {"COINGECKO_BASE_URL", url},      {"OKX_BASE_URL", url},
            {"BYBIT_BASE_URL", url}};
  }

  RunResult Ingest(std::map<std::string, std::string> env) {
    return RunProgram({CRYPTOSCOPE_BINARY, "ingest", "--progress", "none"}, env, dir_);
  }

  std::filesystem::path db() const { return dir_.path() / "crypto.db"; }

  void ExpectExactRows() {
    const auto expected = KeylessRows(fake_->scenario(), kTopN, fake_->today());
    const auto actual = ReadOhlcv(db());
    ASSERT_EQ(actual.size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) ASSERT_EQ(actual[i], expected[i]) << "row " << i;
  }

  void ExpectNoRateLimitAnswers() {
    EXPECT_EQ(fake_->CountVenueRateLimited(), 0u);
    EXPECT_EQ(fake_->CountRequestsDuringRetryAfter(), 0u);
    for (const auto& record : fake_->requests()) {
      EXPECT_NE(record.status, 429) << record.path << "?" << record.query;
      EXPECT_NE(record.status, 403) << record.path << "?" << record.query;
    }
  }

  TempDir dir_;
  std::unique_ptr<fake::FakeExchange> fake_;
};

TEST_F(KeylessTest, FirstRunStoresExactlyEachVenuesClosedCandles) {
  const auto result = Ingest(Env());
  ASSERT_EQ(result.exit_code, 0) << result.err << result.out;
  ExpectExactRows();
  ExpectNoRateLimitAnswers();
  // Every kind is exercised, so the test proves something about each venue.
  const auto counts = MinimalRequests(fake_->scenario(), kTopN, fake_->today());
  EXPECT_GE(counts.okx_coins, 4u);
  EXPECT_GE(counts.bybit_coins, 3u);
}

TEST_F(KeylessTest, FirstRunMakesTheFewestRequests) {
  ASSERT_EQ(Ingest(Env()).exit_code, 0);
  const auto counts = MinimalRequests(fake_->scenario(), kTopN, fake_->today());
  EXPECT_EQ(fake_->CountRequests("/api/v3/coins/markets"), 1u);
  EXPECT_EQ(fake_->CountRequests("/api/v3/exchangeInfo"), 1u);
  EXPECT_EQ(fake_->CountRequests("/api/v5/public/instruments"), 1u);
  EXPECT_EQ(fake_->CountRequests("/v5/market/instruments-info"), 1u);
  EXPECT_EQ(fake_->CountRequests("/api/v3/klines"), counts.klines);
  EXPECT_EQ(fake_->CountRequests("/api/v5/market/history-candles"), counts.okx);
  EXPECT_EQ(fake_->CountRequests("/v5/market/kline"), counts.bybit);
  EXPECT_EQ(fake_->CountRequests("/data/top/mktcapfull"), 0u);
  EXPECT_EQ(fake_->CountRequests("/data/v2/histoday"), 0u);
  for (const auto& record : fake_->requests()) {
    if (record.path == "/api/v5/market/history-candles") {
      EXPECT_EQ(QueryParam(record.query, "bar"), "1Dutc");
    }
    if (record.path == "/v5/market/kline") {
      EXPECT_EQ(QueryParam(record.query, "category"), "spot");
    }
    EXPECT_EQ(record.headers.count("x-cg-demo-api-key"), 0u);
  }
}

TEST_F(KeylessTest, RankingIsTheMarketCapOrderWithoutImpostors) {
  ASSERT_EQ(Ingest(Env()).exit_code, 0);
  const auto scenario = fake_->scenario();
  ASSERT_FALSE(scenario.coingecko_impostors.empty());
  const auto ranked = fake::RankedCoins(scenario);
  const auto rows = Query(db(),
                          "SELECT symbol, rank, source, pair, coingecko_id FROM symbols "
                          "ORDER BY rank");
  ASSERT_EQ(rows.size(), static_cast<size_t>(kTopN));
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& coin = ranked[i];
    const auto source = KeylessSource(coin, fake_->today());
    EXPECT_EQ(rows[i][0], coin.keyless_ticker());
    EXPECT_EQ(rows[i][1], std::to_string(i + 1));
    EXPECT_EQ(rows[i][2], source ? std::string(SourceName(*source)) : "NULL") << coin.symbol;
    EXPECT_EQ(rows[i][3], source ? Pair(coin, *source) : "NULL") << coin.symbol;
    EXPECT_EQ(rows[i][4], coin.coingecko_id());
  }
}

TEST_F(KeylessTest, RerunThreeDaysLaterAsksOneRequestPerCoinForTheNewDaysOnly) {
  ASSERT_EQ(Ingest(Env()).exit_code, 0);
  const auto first = MinimalRequests(fake_->scenario(), kTopN, fake_->today());
  fake_->AdvanceDays(3);
  fake_->ClearRequests();
  const auto result = Ingest(Env());
  ASSERT_EQ(result.exit_code, 0) << result.err << result.out;
  ExpectExactRows();
  ExpectNoRateLimitAnswers();
  EXPECT_EQ(fake_->CountRequests("/api/v3/klines"), first.binance_coins);
  EXPECT_EQ(fake_->CountRequests("/api/v5/market/history-candles"), first.okx_coins);
  EXPECT_EQ(fake_->CountRequests("/v5/market/kline"), first.bybit_coins);
  // And a rerun the same day asks for no history at all.
  fake_->ClearRequests();
  ASSERT_EQ(Ingest(Env()).exit_code, 0);
  EXPECT_EQ(fake_->CountRequests("/api/v3/klines"), 0u);
  EXPECT_EQ(fake_->CountRequests("/api/v5/market/history-candles"), 0u);
  EXPECT_EQ(fake_->CountRequests("/v5/market/kline"), 0u);
}

TEST(KeylessRankingTest, ImpostorsOnTheFirstPageCostOneMorePage) {
  // 253 coins and 3 impostors among the first 250 entries: page 1 holds 247 distinct coins, so a
  // top 250 needs page 2, and no more.
  fake::FakeExchange fake(fake::GenerateScenario(253, /*seed=*/11, *ParseDay("2026-11-25")));
  TempDir dir;
  const std::string url = fake.base_url();
  const auto db = dir.path() / "crypto.db";
  const auto result = RunProgram({CRYPTOSCOPE_BINARY, "ingest", "--progress", "none"},
                                 {{"DB_PATH", db.string()},
                                  {"TOP_N", "250"},
                                  {"MAX_CONCURRENCY", "8"},
                                  {"BINANCE_BASE_URL", url},
                                  {"COINGECKO_BASE_URL", url},
                                  {"OKX_BASE_URL", url},
                                  {"BYBIT_BASE_URL", url}},
                                 dir);
  ASSERT_EQ(result.exit_code, 0) << result.err << result.out;
  EXPECT_EQ(fake.CountRequests("/api/v3/coins/markets"), 2u);
  const auto ranked = fake::RankedCoins(fake.scenario());
  const auto rows = Query(db, "SELECT symbol FROM symbols WHERE rank IS NOT NULL ORDER BY rank");
  ASSERT_EQ(rows.size(), 250u);
  for (size_t i = 0; i < rows.size(); ++i) EXPECT_EQ(rows[i][0], ranked[i].keyless_ticker());
  EXPECT_EQ(fake.CountVenueRateLimited(), 0u);
}

TEST_F(KeylessTest, DaysWithoutTradingBecomeKnownGapsAcrossABackwardWalk) {
  const Day today = fake_->today();
  // OKB on OKX (within the first page of 100) and LEO on Bybit (on the walk's second page).
  fake_->EditScenario([&](fake::Scenario& s) {
    for (auto& coin : s.coins) {
      if (coin.symbol == "OKB") coin.missing_days = {today - std::chrono::days{50}};
      if (coin.symbol == "LEO") coin.missing_days = {today - std::chrono::days{300}};
    }
  });
  const auto result = Ingest(Env());
  ASSERT_EQ(result.exit_code, 0) << result.err << result.out;
  ExpectExactRows();
  const auto gaps = Query(db(), "SELECT symbol, date FROM known_gaps ORDER BY symbol");
  EXPECT_EQ(gaps, (std::vector<std::vector<std::string>>{
                      {"LEO", FormatDay(today - std::chrono::days{300})},
                      {"OKB", FormatDay(today - std::chrono::days{50})}}));
  const auto sync = ReadSyncState(db());
  EXPECT_EQ(sync.at("OKB").synced_through, FormatDay(today - std::chrono::days{1}));
  EXPECT_EQ(sync.at("LEO").synced_through, FormatDay(today - std::chrono::days{1}));
}

TEST_F(KeylessTest, VenueOrderIsTheUsers) {
  auto env = Env();
  env["VENUES"] = "binance,bybit,okx";
  ASSERT_EQ(Ingest(env).exit_code, 0);
  const auto rows = Query(db(), "SELECT source, pair FROM symbols WHERE symbol = 'WBT'");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], "bybit");  // Listed on both; OKX first by default.
  EXPECT_EQ(rows[0][1], "WBTUSDT");
}

TEST_F(KeylessTest, DemoKeyGoesToCoinGeckoOnlyAndIsNeverPrinted) {
  auto env = Env();
  env["COINGECKO_API_KEY"] = "CG-demo-secret-4242";
  env["LOG_LEVEL"] = "debug";
  const auto result = Ingest(env);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out.find("CG-demo-secret-4242"), std::string::npos);
  EXPECT_EQ(result.err.find("CG-demo-secret-4242"), std::string::npos);
  size_t coingecko = 0;
  for (const auto& record : fake_->requests()) {
    const auto key = record.headers.find("x-cg-demo-api-key");
    if (record.path == "/api/v3/coins/markets") {
      ++coingecko;
      ASSERT_NE(key, record.headers.end());
      EXPECT_EQ(key->second, "CG-demo-secret-4242");
    } else {
      EXPECT_EQ(key, record.headers.end()) << record.path;
    }
    EXPECT_EQ(record.query.find("CG-demo"), std::string::npos);
  }
  EXPECT_EQ(coingecko, 1u);
}

}  // namespace
}  // namespace cryptoscope::testing
