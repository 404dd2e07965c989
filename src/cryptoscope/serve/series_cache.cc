#include "cryptoscope/serve/series_cache.h"

namespace cryptoscope::serve {

size_t SeriesCache::SizeOf(const analysis::Series& s) {
  return s.days.size() * sizeof(Day) +
         (s.open.size() + s.high.size() + s.low.size() + s.close.size() + s.volume.size()) *
             sizeof(double);
}

Result<std::shared_ptr<const analysis::Series>> SeriesCache::Get(const std::string& symbol,
                                                                 uint64_t generation,
                                                                 const Loader& load) {
  {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(symbol);
    if (it != entries_.end() && it->second.generation == generation) {
      lru_.splice(lru_.begin(), lru_, it->second.position);
      return it->second.series;
    }
  }
  auto loaded = load();
  if (!loaded) return tl::unexpected(std::move(loaded.error()));
  auto series = std::make_shared<const analysis::Series>(std::move(*loaded));
  const size_t size = SizeOf(*series);
  if (size > max_bytes_) return series;
  std::lock_guard lock(mutex_);
  auto it = entries_.find(symbol);
  if (it != entries_.end()) {
    // Keep the newer generation when another thread got here first.
    if (it->second.generation > generation) return series;
    bytes_ -= it->second.bytes;
    lru_.erase(it->second.position);
    entries_.erase(it);
  }
  lru_.push_front(symbol);
  entries_[symbol] = Entry{generation, series, size, lru_.begin()};
  bytes_ += size;
  while (bytes_ > max_bytes_ && !lru_.empty()) {
    auto victim = entries_.find(lru_.back());
    bytes_ -= victim->second.bytes;
    entries_.erase(victim);
    lru_.pop_back();
  }
  return series;
}

size_t SeriesCache::bytes() const {
  std::lock_guard lock(mutex_);
  return bytes_;
}

size_t SeriesCache::entries() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace cryptoscope::serve
