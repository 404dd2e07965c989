// Secrets (issue 3, part 6): the CryptoCompare key goes only into the authorization header of
// CryptoCompare requests. It is never printed (not even at debug or trace level, not on error
// paths), never stored, never put in a URL, and never on the command line of the process.
#include <filesystem>

#include "integration/fault_fixture.h"

namespace cryptoscope::testing {
namespace {

using fake::FaultKind;

class SecretsTest : public FaultFixture {
 protected:
  // Faults whose handling logs request details and server messages.
  static fake::FaultOptions NoisyFaults() {
    fake::FaultOptions faults;
    faults.Script("/api/v3/klines", FaultKind::kHttp500);
    faults.Script("/api/v3/klines", FaultKind::kBinance429);
    faults.Script("/data/v2/histoday", FaultKind::kInvalidJson);
    faults.Script("/data/v2/histoday", FaultKind::kCc429);
    faults.Script("/data/v2/histoday", FaultKind::kBadRowNegative);
    return faults;
  }

  // The key, and a distinctive part of it (a partial leak counts too).
  static std::vector<std::string> Secrets() { return {kKey, std::string(kKey).substr(15)}; }

  void ExpectNoSecretIn(const std::string& text, const std::string& where) {
    for (const auto& secret : Secrets()) {
      EXPECT_EQ(text.find(secret), std::string::npos) << "the key is in " << where;
    }
  }

  // Every file of the test folder: database, WAL, shared memory, lock, captured output.
  void ExpectNoSecretInFiles() {
    size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir_.path())) {
      if (!entry.is_regular_file() || entry.path().filename() == "key.txt") continue;
      ++files;
      ExpectNoSecretIn(ReadFile(entry.path()), entry.path().filename().string());
    }
    EXPECT_GE(files, 3u);  // At least the database, stdout and stderr.
  }

  // The key travels only as CryptoCompare's authorization header.
  void ExpectKeyOnlyInCryptoCompareHeaders() {
    EXPECT_EQ(fake_->CountKeyInUrl(), 0u);
    size_t cryptocompare = 0;
    for (const auto& record : fake_->requests()) {
      ExpectNoSecretIn(record.path + "?" + record.query, "a URL");
      const auto auth = record.headers.find("authorization");
      if (record.path.rfind("/api/", 0) == 0) {
        EXPECT_EQ(auth, record.headers.end()) << "sent to binance: " << record.path;
        continue;
      }
      ++cryptocompare;
      ASSERT_NE(auth, record.headers.end()) << record.path;
      EXPECT_EQ(auth->second, std::string("Apikey ") + kKey);
    }
    EXPECT_GT(cryptocompare, 0u);
  }

  // Starts an ingest whose exchangeInfo answer is slow, returns its pid once it is certainly
  // running (the top list was answered).
  pid_t SpawnSlowIngest(const std::map<std::string, std::string>& env,
                        const std::vector<std::string>& args) {
    fake::FaultOptions faults;
    faults.slow_ms = 800;
    faults.Script("/api/v3/exchangeInfo", FaultKind::kSlow);
    fake_->SetFaults(faults);
    const pid_t pid =
        Spawn(Argv(args), env, dir_.path() / "stdout.txt", dir_.path() / "stderr.txt");
    for (int i = 0; i < 5000 && fake_->CountRequests("/data/top/mktcapfull") == 0; ++i) {
      usleep(1000);
    }
    return pid;
  }

  static std::string ProcFile(pid_t pid, const char* name) {
    std::string content = ReadFile(fmt::format("/proc/{}/{}", pid, name));
    std::replace(content.begin(), content.end(), '\0', ' ');
    return content;
  }
};

class LogLevelSecretsTest : public SecretsTest,
                            public ::testing::WithParamInterface<const char*> {};

TEST_P(LogLevelSecretsTest, KeyNeverAppearsInOutputFilesOrUrls) {
  StartFake(40, NoisyFaults());
  auto env = Env(25);
  env["LOG_LEVEL"] = GetParam();
  const auto result = Ingest(env, {"--retry-base-ms", "20"});
  ASSERT_EQ(result.exit_code, 0) << result.err << result.out;
  ExpectDatabaseExact(25);
  EXPECT_NE(result.err.find("debug: GET "), std::string::npos)
      << "requests were not logged at " << GetParam();
  ExpectNoSecretIn(result.out, "stdout");
  ExpectNoSecretIn(result.err, "stderr");
  ExpectNoSecretInFiles();
  ExpectKeyOnlyInCryptoCompareHeaders();
}

INSTANTIATE_TEST_SUITE_P(Levels, LogLevelSecretsTest, ::testing::Values("debug", "trace"));

TEST_F(SecretsTest, KeyFromTheEnvironmentIsNotOnTheCommandLineOfARunningIngest) {
  StartFake(40);
  const pid_t pid = SpawnSlowIngest(Env(25), {});
  const std::string cmdline = ProcFile(pid, "cmdline");
  EXPECT_NE(cmdline.find("ingest"), std::string::npos) << cmdline;  // The right process.
  ExpectNoSecretIn(cmdline, "/proc/<pid>/cmdline");
  EXPECT_EQ(Wait(pid), 0) << ReadFile(dir_.path() / "stderr.txt");
  ExpectNoSecretInFiles();
  ExpectKeyOnlyInCryptoCompareHeaders();
}

TEST_F(SecretsTest, KeyFromAFileIsNeitherOnTheCommandLineNorInTheEnvironment) {
  StartFake(40);
  const auto key_file = dir_.path() / "key.txt";
  std::ofstream(key_file) << kKey << "\n";
  auto env = Env(25);
  env.erase("CRYPTOCOMPARE_API_KEY");
  env["LOG_LEVEL"] = "trace";
  const pid_t pid = SpawnSlowIngest(env, {"--api-key-file", key_file.string()});
  const std::string cmdline = ProcFile(pid, "cmdline");
  EXPECT_NE(cmdline.find(key_file.string()), std::string::npos) << cmdline;
  ExpectNoSecretIn(cmdline, "/proc/<pid>/cmdline");
  ExpectNoSecretIn(ProcFile(pid, "environ"), "/proc/<pid>/environ");
  EXPECT_EQ(Wait(pid), 0) << ReadFile(dir_.path() / "stderr.txt");
  ExpectDatabaseExact(25);
  ExpectNoSecretInFiles();
  ExpectKeyOnlyInCryptoCompareHeaders();
}

}  // namespace
}  // namespace cryptoscope::testing
