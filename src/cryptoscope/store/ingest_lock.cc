#include "cryptoscope/store/ingest_lock.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <system_error>
#include <utility>

namespace cryptoscope::store {
namespace {

std::string ErrnoText(int error) { return std::generic_category().message(error); }

}  // namespace

std::filesystem::path IngestLock::LockPath(const std::filesystem::path& db_path) {
  std::filesystem::path lock_path = db_path;
  lock_path += ".lock";
  return lock_path;
}

Result<IngestLock> IngestLock::Acquire(const std::filesystem::path& db_path) {
  const std::filesystem::path lock_path = LockPath(db_path);
  // CLOEXEC: a child we spawn must not inherit the lock and keep it after we exit. The file is
  // never deleted: unlinking it would let a third process lock a fresh inode while the second
  // still waits on the old one.
  int fd = -1;
  do {
    fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) {
    return Fail(ErrorCode::kIo,
                fmt::format("{}: cannot open lock file: {}", lock_path.string(), ErrnoText(errno)));
  }
  IngestLock lock(fd);  // Closes the file on every path below.
  // flock locks belong to the open file description, so a second open in this same process
  // conflicts too, and the kernel drops the lock when the process dies.
  int rc = 0;
  do {
    rc = ::flock(fd, LOCK_EX | LOCK_NB);
  } while (rc != 0 && errno == EINTR);
  if (rc != 0) {
    if (errno == EWOULDBLOCK) {
      return Fail(ErrorCode::kBusy,
                  fmt::format("another ingest is running on {} (lock held on {}); wait for it "
                              "to finish",
                              db_path.string(), lock_path.string()));
    }
    return Fail(ErrorCode::kIo,
                fmt::format("{}: cannot lock: {}", lock_path.string(), ErrnoText(errno)));
  }
  return lock;
}

IngestLock::IngestLock(IngestLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

IngestLock& IngestLock::operator=(IngestLock&& other) noexcept {
  if (this != &other) {
    Release();
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

IngestLock::~IngestLock() { Release(); }

void IngestLock::Release() noexcept {
  if (fd_ < 0) return;
  ::flock(fd_, LOCK_UN);  // Explicit, in case a forked child still shares the description.
  ::close(fd_);
  fd_ = -1;
}

}  // namespace cryptoscope::store
