// Bad configuration of any kind: one clear line naming the problem, exit code 2, no request
// made and the database untouched.
#include <gtest/gtest.h>

#include "integration/harness.h"

namespace cryptoscope::testing {
namespace {

class ConfigErrorsTest : public ::testing::Test {
 protected:
  ConfigErrorsTest()
      : fake_(fake::GenerateScenario(10, 1, *ParseDay("2026-11-25")), fake::Options{}) {}

  std::map<std::string, std::string> GoodEnv() const {
    return {{"CRYPTOCOMPARE_API_KEY", "test-key"},
            {"DB_PATH", (dir_.path() / "x.db").string()},
            {"BINANCE_BASE_URL", fake_.base_url()},
            {"CRYPTOCOMPARE_BASE_URL", fake_.base_url()}};
  }

  // Runs ingest with `env` changed by `changes` (an empty value removes the variable).
  RunResult IngestWith(std::map<std::string, std::string> changes,
                       std::vector<std::string> args = {}) {
    auto env = GoodEnv();
    for (auto& [key, value] : changes) {
      if (value.empty()) {
        env.erase(key);
      } else {
        env[key] = value;
      }
    }
    std::vector<std::string> argv = {CRYPTOSCOPE_BINARY, "ingest"};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunProgram(argv, env, dir_);
  }

  void ExpectRejected(const RunResult& result, const std::string& needle) {
    EXPECT_EQ(result.exit_code, 2) << result.err;
    EXPECT_NE(result.err.find(needle), std::string::npos) << result.err;
    // One line, on stderr.
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
    EXPECT_FALSE(std::filesystem::exists(dir_.path() / "x.db"));
    EXPECT_EQ(fake_.requests().size(), 0u);
  }

  TempDir dir_;
  fake::FakeExchange fake_;
};

TEST_F(ConfigErrorsTest, TopNMustBeAPositiveWholeNumber) {
  ExpectRejected(IngestWith({{"TOP_N", "abc"}}), "TOP_N=abc");
  ExpectRejected(IngestWith({{"TOP_N", "0"}}), "TOP_N=0");
  ExpectRejected(IngestWith({{"TOP_N", "-5"}}), "TOP_N=-5");
}

TEST_F(ConfigErrorsTest, MaxConcurrencyMustBePositive) {
  ExpectRejected(IngestWith({{"MAX_CONCURRENCY", "0"}}), "MAX_CONCURRENCY=0");
}

TEST_F(ConfigErrorsTest, UrlMustBeHttpOrHttps) {
  ExpectRejected(IngestWith({{"BINANCE_BASE_URL", "file:///etc/passwd"}}), "BINANCE_BASE_URL=");
  ExpectRejected(IngestWith({{"CRYPTOCOMPARE_BASE_URL", "not a url"}}), "CRYPTOCOMPARE_BASE_URL=");
}

TEST_F(ConfigErrorsTest, DatabaseFolderMustExist) {
  ExpectRejected(IngestWith({{"DB_PATH", "/nonexistent-dir/crypto.db"}}), "does not exist");
}

TEST_F(ConfigErrorsTest, FileThatIsNotADatabaseIsRejectedAndLeftAlone) {
  const auto path = dir_.path() / "notes.csv";
  std::ofstream(path) << "date,close\n2024-01-01,42000\n";
  const auto result = IngestWith({{"DB_PATH", path.string()}});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("not a database; choose another DB_PATH"), std::string::npos)
      << result.err;
  EXPECT_EQ(ReadFile(path), "date,close\n2024-01-01,42000\n");
  EXPECT_EQ(fake_.requests().size(), 0u);
}

TEST_F(ConfigErrorsTest, MissingKeyIsRejected) {
  ExpectRejected(IngestWith({{"CRYPTOCOMPARE_API_KEY", ""}, {"RANKING", "cryptocompare"}}),
                 "CRYPTOCOMPARE_API_KEY is not set");
}

TEST_F(ConfigErrorsTest, FlagOverridesEnvironmentAndIsNamedInTheError) {
  ExpectRejected(IngestWith({{"TOP_N", "10"}}, {"--top-n", "x"}), "--top-n x");
}

TEST_F(ConfigErrorsTest, UnknownFlagIsAUsageError) {
  const auto result = IngestWith({}, {"--no-such-flag"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(fake_.requests().size(), 0u);
}

TEST_F(ConfigErrorsTest, HelpExplainsEveryOptionAndExitCode) {
  const auto result = RunProgram({CRYPTOSCOPE_BINARY, "ingest", "--help"}, {}, dir_);
  EXPECT_EQ(result.exit_code, 0);
  for (const char* needle : {"--db", "DB_PATH", "--top-n", "TOP_N", "--max-concurrency",
                             "MAX_CONCURRENCY", "--api-key-file", "CRYPTOCOMPARE_API_KEY",
                             "BINANCE_BASE_URL", "CRYPTOCOMPARE_BASE_URL", "Exit codes"}) {
    EXPECT_NE(result.out.find(needle), std::string::npos) << needle;
  }
  const auto top = RunProgram({CRYPTOSCOPE_BINARY, "--help"}, {}, dir_);
  EXPECT_EQ(top.exit_code, 0);
  EXPECT_NE(top.out.find("ingest"), std::string::npos);
}

}  // namespace
}  // namespace cryptoscope::testing
