#include "cryptoscope/serve/response_cache.h"

#include <fmt/format.h>

#include <functional>

#include "cryptoscope/serve/gzip.h"

namespace cryptoscope::serve {
namespace {

// libstdc++'s 64-bit string hash (about a byte per cycle): an ETag needs only to change when
// the body does, not cryptographic strength.
uint64_t Hash(std::string_view data) { return std::hash<std::string_view>{}(data); }

constexpr size_t kMinGzipBytes = 256;  // Below this, headers dominate and gzip barely helps.

}  // namespace

CachedResponse::CachedResponse(Reply reply) : reply_(std::move(reply)) {
  const uint64_t hash = Hash(reply_.body) ^ (Hash(reply_.content_type) * 31);
  etag_ = fmt::format("\"{:016x}\"", hash);
  gzip_etag_ = fmt::format("\"{:016x}-gz\"", hash);
}

const char* CachedResponse::cache_control() const {
  switch (reply_.freshness) {
    case Freshness::kImmutable:
      return "public, max-age=31536000, immutable";
    case Freshness::kShort:
      return "public, max-age=60";
    case Freshness::kRevalidate:
      return "no-cache";
    case Freshness::kNoStore:
      return "no-store";
  }
  return "no-store";
}

const std::string* CachedResponse::Gzipped() const {
  std::call_once(gzip_once_, [this] {
    if (reply_.body.size() < kMinGzipBytes) return;
    auto compressed = Gzip(reply_.body);
    if (!compressed || compressed->size() >= reply_.body.size()) return;
    gzip_ = std::move(*compressed);
    has_gzip_ = true;
  });
  return has_gzip_ ? &gzip_ : nullptr;
}

std::shared_ptr<const CachedResponse> ResponseCache::Find(const std::string& key,
                                                          uint64_t generation) {
  std::lock_guard lock(mutex_);
  if (generation != generation_) return nullptr;
  auto it = entries_.find(key);
  return it == entries_.end() ? nullptr : it->second;
}

void ResponseCache::Insert(const std::string& key, uint64_t generation,
                           std::shared_ptr<const CachedResponse> response) {
  // Counted as if gzip were made too (at most the raw size again), plus the key.
  const size_t size = 2 * response->reply().body.size() + key.size() + 256;
  std::lock_guard lock(mutex_);
  if (generation < generation_) return;  // Computed from data older than what is cached.
  if (generation != generation_ || bytes_ + size > max_bytes_) {
    entries_.clear();
    bytes_ = 0;
    generation_ = generation;
  }
  if (size > max_bytes_) return;
  if (entries_.try_emplace(key, std::move(response)).second) bytes_ += size;
}

}  // namespace cryptoscope::serve
