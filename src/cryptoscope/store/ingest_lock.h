// Keeps two ingests off one database: an exclusive flock on '<db>.lock'. The kernel drops the lock
// when the process dies (kill -9 included), so a crash never leaves a stale lock behind. The lock
// file itself is left in place (empty); deleting it is harmless once no ingest runs.
#pragma once

#include <filesystem>

#include "cryptoscope/core/result.h"

namespace cryptoscope::store {

class IngestLock {
 public:
  // Creates (if needed) and locks LockPath(db_path) without waiting. kBusy when another holder
  // has it, in this process or another ("another ingest is running on <db> (lock held on
  // <lock>); wait for it to finish"); kIo naming the lock file and the OS error when the file
  // cannot be created or locked (e.g. its folder is missing). Held until destruction.
  [[nodiscard]] static Result<IngestLock> Acquire(const std::filesystem::path& db_path);

  // `db_path` with ".lock" appended to its file name: "data/c.db" -> "data/c.db.lock".
  static std::filesystem::path LockPath(const std::filesystem::path& db_path);

  IngestLock(IngestLock&& other) noexcept;
  IngestLock& operator=(IngestLock&& other) noexcept;  // Releases the lock held before.
  IngestLock(const IngestLock&) = delete;
  IngestLock& operator=(const IngestLock&) = delete;
  ~IngestLock();  // Unlocks and closes the file; never throws.

 private:
  explicit IngestLock(int fd) : fd_(fd) {}
  void Release() noexcept;
  int fd_ = -1;
};

}  // namespace cryptoscope::store
