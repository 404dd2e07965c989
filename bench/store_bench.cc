// Candles stored per second through store::CandleStore::WriteCandles, next to a plain SQLite
// insert loop of the same rows into the same table (same schema and pragmas, one prepared
// INSERT, one transaction per batch) in the same run: the reference for "at least 80%".
//
// Batches: 1000 rows (a klines page), 2000 rows (a histoday backfill) and 1 row per transaction
// (a daily update: one new day per coin, cycling over 1000 coins).
#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "cryptoscope/store/candle_store.h"
#include "gbench_summary.h"

namespace cryptoscope::bench {
namespace {

constexpr int kCoinsPerDay = 1000;  // Batch 1: the coins a daily update cycles over.
const Day kFirstDay = *ParseDay("2018-01-01");

uint64_t Mix(uint64_t x) {  // splitmix64.
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// Unique 3-6 letter tickers in no particular order, like coins finishing in any order.
std::vector<std::string> Tickers(int count) {
  std::vector<std::string> out;
  std::set<std::string> used;
  uint64_t h = 1;
  while (static_cast<int>(out.size()) < count) {
    h = Mix(h);
    std::string ticker;
    for (uint64_t i = 0, x = h; i < 3 + h % 4; ++i, x /= 26) ticker.push_back('A' + x % 26);
    if (used.insert(ticker).second) out.push_back(ticker);
  }
  return out;
}

std::vector<Candle> Candles(int count) {
  std::vector<Candle> out;
  double price = 100;
  for (int i = 0; i < count; ++i) {
    const double next = price * (0.97 + 0.06 * static_cast<double>(Mix(i) % 1000) / 1000);
    out.push_back(Candle{kFirstDay + std::chrono::days{i}, price, std::max(price, next) * 1.01,
                         std::min(price, next) * 0.99, next, 1000.0 + i, (1000.0 + i) * next});
    price = next;
  }
  return out;
}

// A fresh folder per benchmark run, removed at the end.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = std::filesystem::temp_directory_path() / "cryptoscope-bench-XXXXXX";
    path_ = mkdtemp(pattern.data());
  }
  ~ScratchDir() { std::filesystem::remove_all(path_); }
  std::filesystem::path db() const { return path_ / "bench.db"; }

 private:
  std::filesystem::path path_;
};

// What iteration `k` writes: `batch` rows of one coin.
struct Batch {
  int coin;
  int first_day;
};
Batch BatchOf(int64_t k, int batch) {
  if (batch == 1) return {static_cast<int>(k % kCoinsPerDay), static_cast<int>(k / kCoinsPerDay)};
  return {static_cast<int>(k), 0};
}

int64_t IterationsFor(int batch) { return batch == 1 ? 3 * kCoinsPerDay : 300'000 / batch; }

void BM_CandleStoreWrite(benchmark::State& state) {
  const int batch = static_cast<int>(state.range(0));
  const int64_t iterations = state.max_iterations;
  const auto tickers = Tickers(batch == 1 ? kCoinsPerDay : static_cast<int>(iterations));
  const auto candles =
      Candles(batch == 1 ? static_cast<int>(iterations / kCoinsPerDay) + 1 : batch);
  ScratchDir dir;
  auto store = store::CandleStore::Open(dir.db());
  if (!store) {
    state.SkipWithError(store.error().message.c_str());
    return;
  }
  int64_t k = 0;
  for (auto _ : state) {
    const Batch b = BatchOf(k++, batch);
    const std::span<const Candle> rows(candles.data() + b.first_day, static_cast<size_t>(batch));
    if (auto status =
            (*store)->WriteCandles(tickers[b.coin], Source::kBinance, rows, rows.back().day);
        !status) {
      state.SkipWithError(status.error().message.c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations() * batch);
  state.counters["units"] = static_cast<double>(state.iterations() * batch);
}

// The reference: the same rows, the same table, nothing but SQLite.
void BM_PlainSqliteInsert(benchmark::State& state) {
  const int batch = static_cast<int>(state.range(0));
  const int64_t iterations = state.max_iterations;
  const auto tickers = Tickers(batch == 1 ? kCoinsPerDay : static_cast<int>(iterations));
  const auto candles =
      Candles(batch == 1 ? static_cast<int>(iterations / kCoinsPerDay) + 1 : batch);
  ScratchDir dir;
  // The store creates the identical schema and leaves the file in WAL mode; then it is closed.
  if (auto created = store::CandleStore::Open(dir.db()); !created) {
    state.SkipWithError(created.error().message.c_str());
    return;
  }
  sqlite3* db = nullptr;
  sqlite3_open_v2(dir.db().c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  sqlite3_exec(db, "PRAGMA synchronous = NORMAL", nullptr, nullptr, nullptr);
  // Schema v4: a series id per ticker (ids 1..n in ticker order), candles keyed on integers.
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  for (size_t i = 0; i < tickers.size(); ++i) {
    sqlite3_stmt* add = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO series (id, symbol) VALUES (?1, ?2)", -1, &add, nullptr);
    sqlite3_bind_int64(add, 1, static_cast<sqlite3_int64>(i + 1));
    sqlite3_bind_text(add, 2, tickers[i].data(), static_cast<int>(tickers[i].size()),
                      SQLITE_STATIC);
    sqlite3_step(add);
    sqlite3_finalize(add);
  }
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_stmt* insert = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO candles VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", -1,
                     &insert, nullptr);
  int64_t k = 0;
  for (auto _ : state) {
    const Batch b = BatchOf(k++, batch);
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    sqlite3_bind_int64(insert, 1, static_cast<sqlite3_int64>(b.coin) + 1);
    sqlite3_bind_text(insert, 9, "binance", 7, SQLITE_STATIC);
    for (int i = b.first_day; i < b.first_day + batch; ++i) {
      const Candle& c = candles[static_cast<size_t>(i)];
      sqlite3_bind_int64(insert, 2, c.day.time_since_epoch().count());
      sqlite3_bind_double(insert, 3, c.open);
      sqlite3_bind_double(insert, 4, c.high);
      sqlite3_bind_double(insert, 5, c.low);
      sqlite3_bind_double(insert, 6, c.close);
      sqlite3_bind_double(insert, 7, c.volume);
      sqlite3_bind_double(insert, 8, c.quote_volume);
      if (sqlite3_step(insert) != SQLITE_DONE) {
        state.SkipWithError(sqlite3_errmsg(db));
        break;
      }
      sqlite3_reset(insert);
    }
    if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
      state.SkipWithError(sqlite3_errmsg(db));
      break;
    }
  }
  sqlite3_finalize(insert);
  sqlite3_close(db);
  state.SetItemsProcessed(state.iterations() * batch);
  state.counters["units"] = static_cast<double>(state.iterations() * batch);
}

// The same fixed work for both, so both databases grow to the same size. Google Benchmark
// fixes the iteration count per registration, hence one registration per batch size.
#define CRYPTOSCOPE_STORE_BENCH(function, batch) \
  BENCHMARK(function)->Arg(batch)->Iterations(IterationsFor(batch))->Repetitions(3)

CRYPTOSCOPE_STORE_BENCH(BM_CandleStoreWrite, 1000);
CRYPTOSCOPE_STORE_BENCH(BM_PlainSqliteInsert, 1000);
CRYPTOSCOPE_STORE_BENCH(BM_CandleStoreWrite, 2000);
CRYPTOSCOPE_STORE_BENCH(BM_PlainSqliteInsert, 2000);
CRYPTOSCOPE_STORE_BENCH(BM_CandleStoreWrite, 1);
CRYPTOSCOPE_STORE_BENCH(BM_PlainSqliteInsert, 1);

}  // namespace
}  // namespace cryptoscope::bench

// Besides Google Benchmark's flags: --summary_out=<file> writes the ratios as JSON.
int main(int argc, char** argv) {
  const std::string summary_out = cryptoscope::bench::TakeFlag(argc, argv, "summary_out");
  cryptoscope::bench::SummaryReporter reporter;
  if (!cryptoscope::bench::RunBenchmarks(argc, argv, reporter)) return 1;

  const auto medians = reporter.Medians();
  std::string json = "{\n  \"benchmark\": \"store\",\n  \"target_ratio\": 0.8,\n  \"cases\": [";
  fmt::print(
      "\n| rows per transaction | CandleStore rows/CPU-s | plain SQLite rows/CPU-s | ratio "
      "| CandleStore rows/wall-s | plain rows/wall-s | ratio (wall) | target >= 0.80 (CPU) "
      "|\n|--:|--:|--:|--:|--:|--:|--:|---|\n");
  bool first = true;
  for (int batch : {1000, 2000, 1}) {
    const auto store = medians.find(fmt::format("BM_CandleStoreWrite/{}", batch));
    const auto plain = medians.find(fmt::format("BM_PlainSqliteInsert/{}", batch));
    if (store == medians.end() || plain == medians.end()) continue;
    const auto& s = store->second;
    const auto& p = plain->second;
    const double ratio = s.per_cpu_second / p.per_cpu_second;
    const double wall_ratio = s.per_real_second / p.per_real_second;
    fmt::print("| {} | {:.0f} | {:.0f} | {:.2f} | {:.0f} | {:.0f} | {:.2f} | {} |\n", batch,
               s.per_cpu_second, p.per_cpu_second, ratio, s.per_real_second, p.per_real_second,
               wall_ratio, ratio >= 0.8 ? "met" : "MISSED");
    json += fmt::format(
        "{}\n    {{\"batch\": {}, \"store_rows_per_cpu_s\": {:.0f}, "
        "\"plain_rows_per_cpu_s\": {:.0f}, \"ratio\": {:.3f}, "
        "\"store_rows_per_wall_s\": {:.0f}, \"plain_rows_per_wall_s\": {:.0f}, "
        "\"wall_ratio\": {:.3f}, \"met\": {}}}",
        first ? "" : ",", batch, s.per_cpu_second, p.per_cpu_second, ratio, s.per_real_second,
        p.per_real_second, wall_ratio, ratio >= 0.8);
    first = false;
  }
  json += "\n  ]\n}\n";
  if (!summary_out.empty()) std::ofstream(summary_out) << json;
  return 0;
}
