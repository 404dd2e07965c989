#include "cryptoscope/store/ingest_lock.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <optional>
#include <utility>

#include "cryptoscope/store/test_temp_dir.h"

namespace cryptoscope::store {
namespace {

using ::testing::HasSubstr;

TEST(IngestLockTest, LockPathAppendsLockToTheFileName) {
  EXPECT_EQ(IngestLock::LockPath("data/c.db"), std::filesystem::path("data/c.db.lock"));
  EXPECT_EQ(IngestLock::LockPath("/tmp/crypto"), std::filesystem::path("/tmp/crypto.lock"));
}

TEST(IngestLockTest, AcquireCreatesTheLockFileBesideTheDatabaseOnly) {
  TestTempDir dir;
  const auto db = dir.path() / "c.db";
  auto lock = IngestLock::Acquire(db);
  ASSERT_TRUE(lock) << lock.error().message;
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "c.db.lock"));
  EXPECT_FALSE(std::filesystem::exists(db));
}

TEST(IngestLockTest, SecondAcquireIsBusyUntilTheFirstIsReleased) {
  TestTempDir dir;
  const auto db = dir.path() / "c.db";
  std::optional<Result<IngestLock>> first = IngestLock::Acquire(db);
  ASSERT_TRUE(*first) << (*first).error().message;

  // A second open file description in the same process conflicts, like another process would.
  auto second = IngestLock::Acquire(db);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kBusy);
  EXPECT_EQ(second.error().message, "another ingest is running on " + db.string() +
                                        " (lock held on " + db.string() +
                                        ".lock); wait for it to finish");

  first.reset();
  auto third = IngestLock::Acquire(db);
  EXPECT_TRUE(third) << third.error().message;
}

TEST(IngestLockTest, LockIsHeldAgainstAnotherProcess) {
  TestTempDir dir;
  const auto db = dir.path() / "c.db";
  auto lock = IngestLock::Acquire(db);
  ASSERT_TRUE(lock) << lock.error().message;

  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto attempt = IngestLock::Acquire(db);
    _exit(!attempt && attempt.error().code == ErrorCode::kBusy ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "the child process got the lock";
}

TEST(IngestLockTest, MovedLockStaysHeldAndMoveAssignmentReleasesTheOldOne) {
  TestTempDir dir;
  const auto db_a = dir.path() / "a.db";
  const auto db_b = dir.path() / "b.db";
  auto a = IngestLock::Acquire(db_a);
  ASSERT_TRUE(a) << a.error().message;
  std::optional<IngestLock> holder(std::move(*a));
  a = Fail(ErrorCode::kInternal, "moved from");  // Destroys the moved-from lock.
  EXPECT_FALSE(IngestLock::Acquire(db_a));

  auto b = IngestLock::Acquire(db_b);
  ASSERT_TRUE(b) << b.error().message;
  *holder = std::move(*b);  // Releases a, now holds b.
  EXPECT_TRUE(IngestLock::Acquire(db_a));
  EXPECT_FALSE(IngestLock::Acquire(db_b));
  holder.reset();
  EXPECT_TRUE(IngestLock::Acquire(db_b));
}

TEST(IngestLockTest, DifferentDatabasesDoNotConflict) {
  TestTempDir dir;
  auto a = IngestLock::Acquire(dir.path() / "a.db");
  auto b = IngestLock::Acquire(dir.path() / "b.db");
  EXPECT_TRUE(a);
  EXPECT_TRUE(b);
}

TEST(IngestLockTest, MissingFolderIsIoNamingTheLockFile) {
  TestTempDir dir;
  const auto db = dir.path() / "missing" / "c.db";
  auto lock = IngestLock::Acquire(db);
  ASSERT_FALSE(lock);
  EXPECT_EQ(lock.error().code, ErrorCode::kIo);
  EXPECT_EQ(lock.error().message,
            db.string() + ".lock: cannot open lock file: No such file or directory");
}

}  // namespace
}  // namespace cryptoscope::store
