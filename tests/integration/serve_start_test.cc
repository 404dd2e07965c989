// `cryptoscope serve` refuses what it cannot serve, with a message and its documented exit code.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "integration/harness.h"

namespace cryptoscope::testing {
namespace {

TEST(ServeStartTest, MissingDatabaseExitsFourAndSaysWhatToDo) {
  TempDir dir;
  const auto missing = (dir.path() / "none.db").string();
  const RunResult run = RunProgram(
      {CRYPTOSCOPE_BINARY, "serve", "--listen", "127.0.0.1:0", "--db", missing}, {}, dir);
  EXPECT_EQ(run.exit_code, 4);
  EXPECT_EQ(run.err, "error: " + missing +
                         ": no such database; run `cryptoscope ingest` first or choose another "
                         "DB_PATH\n");
  EXPECT_FALSE(std::filesystem::exists(missing)) << "serve must never create the file";
}

TEST(ServeStartTest, ForeignFileExitsTwo) {
  TempDir dir;
  const auto path = dir.path() / "notes.db";
  std::ofstream(path) << "not a database, just text that is long enough to look like a header";
  const RunResult run = RunProgram(
      {CRYPTOSCOPE_BINARY, "serve", "--listen", "127.0.0.1:0", "--db", path.string()}, {}, dir);
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_EQ(run.err,
            "error: " + path.string() + ": file is not a database; choose another DB_PATH\n");
}

TEST(ServeStartTest, BadListenAddressExitsTwo) {
  TempDir dir;
  const RunResult run =
      RunProgram({CRYPTOSCOPE_BINARY, "serve", "--listen", "localhost", "--db", "x.db"}, {}, dir);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "error: --listen 'localhost': expected HOST:PORT, e.g. 127.0.0.1:8080\n");
}

}  // namespace
}  // namespace cryptoscope::testing
