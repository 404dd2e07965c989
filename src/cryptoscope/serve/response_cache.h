// Whole responses kept in memory, keyed by request and data version, the way a CDN keeps them:
// a repeated request never reaches SQLite, and its gzip form is compressed once, on the first
// request that accepts it. Thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "cryptoscope/serve/reply.h"

namespace cryptoscope::serve {

// A finished response: body, strong ETag (a hash of the body) and Cache-Control. Immutable but
// for the lazily made gzip body.
class CachedResponse {
 public:
  explicit CachedResponse(Reply reply);
  const Reply& reply() const { return reply_; }
  const std::string& etag() const { return etag_; }  // "\"<16 hex>\"".
  const std::string& gzip_etag() const { return gzip_etag_; }
  const char* cache_control() const;
  // The gzip body, or nullptr when the body is small or does not shrink. Made at most once.
  const std::string* Gzipped() const;

 private:
  Reply reply_;
  std::string etag_;
  std::string gzip_etag_;
  mutable std::once_flag gzip_once_;
  mutable std::string gzip_;
  mutable bool has_gzip_ = false;
};

class ResponseCache {
 public:
  // Keeps at most about `max_bytes` of bodies (raw + gzip); when full, starts over.
  explicit ResponseCache(size_t max_bytes) : max_bytes_(max_bytes) {}

  std::shared_ptr<const CachedResponse> Find(const std::string& key, uint64_t generation);
  // Drops every entry of an older generation first.
  void Insert(const std::string& key, uint64_t generation,
              std::shared_ptr<const CachedResponse> response);

 private:
  const size_t max_bytes_;
  std::mutex mutex_;
  uint64_t generation_ = 0;
  size_t bytes_ = 0;
  std::unordered_map<std::string, std::shared_ptr<const CachedResponse>> entries_;
};

}  // namespace cryptoscope::serve
