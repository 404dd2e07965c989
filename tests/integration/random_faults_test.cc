// Random faults (issue 3, part 7): 5% of discovery and history requests get a transient fault of
// any kind (5xx, 429, Type 99, CryptoCompare 429, reset, truncated or invalid body, slower than
// the request timeout). The database still ends exactly as without faults, no request ignores a
// Retry-After, and Binance never bans us; the same holds for the update run days later.
#include "integration/fault_fixture.h"

namespace cryptoscope::testing {
namespace {

constexpr int kTopN = 100;

class RandomFaultsTest : public FaultFixture, public ::testing::WithParamInterface<uint64_t> {
 protected:
  RunResult IngestWithFaults() {
    return Ingest(Env(kTopN, /*concurrency=*/8),
                  {"--max-retries", "8", "--retry-base-ms", "20", "--request-timeout", "1"});
  }

  void ExpectNoViolation() {
    EXPECT_EQ(fake_->CountBinanceBans(), 0u);
    EXPECT_EQ(fake_->CountRequestsDuringRetryAfter(), 0u);
    EXPECT_EQ(CountStatus(418), 0u);
  }

  std::set<std::string> KindsSeen() const {
    std::set<std::string> kinds;
    for (const auto& record : fake_->requests()) {
      if (record.fault) kinds.insert(std::string(fake::FaultKindName(*record.fault)));
    }
    return kinds;
  }
};

TEST_P(RandomFaultsTest, FivePercentTransientFaultsStillGiveTheFaultFreeDatabase) {
  fake::FaultOptions faults;
  faults.seed = GetParam();
  faults.fault_rate = 0.05;  // Every transient kind (FaultOptions::kinds left empty).
  faults.slow_ms = 1300;     // Beyond --request-timeout 1.
  StartFake(kTopN, faults);

  const auto first = IngestWithFaults();
  ASSERT_EQ(first.exit_code, 0) << first.err << first.out;
  ExpectDatabaseExact(kTopN);
  ExpectNoViolation();
  const size_t first_faults = fake_->CountFaults();
  EXPECT_GE(first_faults, 4u);
  const auto first_kinds = KindsSeen();

  // Two days later: the update run meets new draws.
  fake_->AdvanceDays(2);
  fake_->ClearRequests();
  const auto update = IngestWithFaults();
  ASSERT_EQ(update.exit_code, 0) << update.err << update.out;
  ExpectDatabaseExact(kTopN);
  ExpectNoViolation();
  std::string kinds;
  for (const auto& kind : first_kinds) kinds += kind + " ";
  for (const auto& kind : KindsSeen()) kinds += kind + " ";
  RecordProperty("faults", fmt::format("{} + {}: {}", first_faults, fake_->CountFaults(), kinds));
  EXPECT_GE(first_kinds.size() + KindsSeen().size(), 4u) << kinds;
}

INSTANTIATE_TEST_SUITE_P(Seeds, RandomFaultsTest, ::testing::Values(101, 202));

}  // namespace
}  // namespace cryptoscope::testing
