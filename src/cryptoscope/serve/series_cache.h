// Whole daily series of coins kept in memory between requests, per data generation (see
// query/database.h), least recently used first out when over a byte budget. An analysis request
// that misses the response cache (another range, other indicators) then skips SQLite and only
// computes. Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "cryptoscope/analysis/series.h"
#include "cryptoscope/core/result.h"

namespace cryptoscope::serve {

class SeriesCache {
 public:
  explicit SeriesCache(size_t max_bytes) : max_bytes_(max_bytes) {}
  SeriesCache(const SeriesCache&) = delete;
  SeriesCache& operator=(const SeriesCache&) = delete;

  using Loader = std::function<Result<analysis::Series>()>;
  // The series of `symbol` as of `generation`: the kept one when it is of that generation, else
  // load() (called without the lock held; two threads missing at once may both load). Errors of
  // load() are returned and nothing is kept. A series larger than the budget is returned but
  // not kept.
  [[nodiscard]] Result<std::shared_ptr<const analysis::Series>> Get(const std::string& symbol,
                                                                    uint64_t generation,
                                                                    const Loader& load);

  size_t bytes() const;
  size_t entries() const;

  // Approximate memory of one series (its vectors' elements).
  static size_t SizeOf(const analysis::Series& series);

 private:
  struct Entry {
    uint64_t generation = 0;
    std::shared_ptr<const analysis::Series> series;
    size_t bytes = 0;
    std::list<std::string>::iterator position;  // In lru_.
  };

  const size_t max_bytes_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> lru_;  // Most recently used first.
  size_t bytes_ = 0;
};

}  // namespace cryptoscope::serve
