#include "cryptoscope/serve/series_cache.h"

#include <gtest/gtest.h>

#include <chrono>

namespace cryptoscope::serve {
namespace {

analysis::Series MakeSeries(size_t rows, double close) {
  analysis::Series s;
  for (size_t i = 0; i < rows; ++i) {
    s.days.push_back(*ParseDay("2024-01-01") + std::chrono::days{i});
    s.open.push_back(close);
    s.high.push_back(close);
    s.low.push_back(close);
    s.close.push_back(close);
    s.volume.push_back(1);
  }
  return s;
}

TEST(SeriesCacheTest, LoadsOncePerGeneration) {
  SeriesCache cache(1 << 20);
  int loads = 0;
  auto loader = [&](double close) {
    return [&loads, close]() -> Result<analysis::Series> {
      ++loads;
      return MakeSeries(10, close);
    };
  };
  auto first = cache.Get("BTC", 1, loader(1));
  auto second = cache.Get("BTC", 1, loader(2));
  ASSERT_TRUE(first && second);
  EXPECT_EQ(loads, 1);
  EXPECT_EQ(first->get(), second->get());
  auto next_generation = cache.Get("BTC", 2, loader(3));
  ASSERT_TRUE(next_generation);
  EXPECT_EQ(loads, 2);
  EXPECT_EQ((*next_generation)->close[0], 3);
  EXPECT_EQ(cache.entries(), 1u);
  EXPECT_EQ(cache.bytes(), SeriesCache::SizeOf(**next_generation));
}

TEST(SeriesCacheTest, EvictsTheLeastRecentlyUsedOverBudget) {
  const size_t one = SeriesCache::SizeOf(MakeSeries(10, 1));
  SeriesCache cache(2 * one);
  int loads = 0;
  auto load = [&]() -> Result<analysis::Series> {
    ++loads;
    return MakeSeries(10, 1);
  };
  ASSERT_TRUE(cache.Get("A", 1, load));
  ASSERT_TRUE(cache.Get("B", 1, load));
  ASSERT_TRUE(cache.Get("A", 1, load));  // A is now the most recent.
  ASSERT_TRUE(cache.Get("C", 1, load));  // Evicts B.
  EXPECT_EQ(loads, 3);
  EXPECT_EQ(cache.entries(), 2u);
  ASSERT_TRUE(cache.Get("A", 1, load));
  EXPECT_EQ(loads, 3);
  ASSERT_TRUE(cache.Get("B", 1, load));
  EXPECT_EQ(loads, 4);
}

TEST(SeriesCacheTest, ErrorsAndOversizedSeriesAreNotKept) {
  SeriesCache cache(SeriesCache::SizeOf(MakeSeries(5, 1)));
  auto failed = cache.Get(
      "X", 1, []() -> Result<analysis::Series> { return Fail(ErrorCode::kIo, "db: boom"); });
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().message, "db: boom");
  auto big = cache.Get("Y", 1, [] { return Result<analysis::Series>(MakeSeries(50, 1)); });
  ASSERT_TRUE(big);
  EXPECT_EQ((*big)->size(), 50u);
  EXPECT_EQ(cache.entries(), 0u);
}

}  // namespace
}  // namespace cryptoscope::serve
