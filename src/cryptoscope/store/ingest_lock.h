// Keeps two ingests off one database: an exclusive flock on '<db>.lock'. The kernel drops the lock
// when the process dies (kill -9 included), so a crash never leaves a stale lock behind.
#pragma once

#include <filesystem>

#include "cryptoscope/core/result.h"

namespace cryptoscope::store {

class IngestLock {
 public:
  // kBusy when another process holds the lock; kIo when the lock file cannot be created.
  [[nodiscard]] static Result<IngestLock> Acquire(const std::filesystem::path& db_path);
  IngestLock(IngestLock&& other) noexcept;
  IngestLock& operator=(IngestLock&& other) noexcept;
  IngestLock(const IngestLock&) = delete;
  IngestLock& operator=(const IngestLock&) = delete;
  ~IngestLock();

 private:
  explicit IngestLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace cryptoscope::store
