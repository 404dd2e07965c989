#include "cryptoscope/fetch/backoff.h"

#include <gtest/gtest.h>

namespace cryptoscope::fetch {
namespace {

TEST(BackoffTest, EachRetryWaitsAtLeastTheBaseDoubledPerAttemptAndAtMostTwiceThat) {
  Backoff backoff(BackoffOptions{Millis{100}, Millis{30'000}}, /*seed=*/42);
  for (int round = 0; round < 200; ++round) {
    for (int attempt = 1; attempt <= 4; ++attempt) {
      const Millis floor{100LL << (attempt - 1)};
      const Millis delay = backoff.Delay(attempt);
      EXPECT_GE(delay, floor) << "attempt " << attempt;
      EXPECT_LE(delay, 2 * floor) << "attempt " << attempt;
    }
  }
}

TEST(BackoffTest, DelaysAreJittered) {
  Backoff backoff(BackoffOptions{Millis{100}, Millis{30'000}}, /*seed=*/7);
  const Millis first = backoff.Delay(1);
  bool differs = false;
  for (int i = 0; i < 20 && !differs; ++i) differs = backoff.Delay(1) != first;
  EXPECT_TRUE(differs);
}

TEST(BackoffTest, TheCapBoundsEveryDelay) {
  Backoff backoff(BackoffOptions{Millis{500}, Millis{2'000}}, /*seed=*/1);
  EXPECT_EQ(backoff.Delay(3), Millis{2'000});  // Floor 2000 = cap.
  EXPECT_EQ(backoff.Delay(20), Millis{2'000});
  EXPECT_EQ(backoff.Delay(100), Millis{2'000});  // Shift clamped: no overflow.
  const Millis second = backoff.Delay(2);        // [1000, 2000].
  EXPECT_GE(second, Millis{1'000});
  EXPECT_LE(second, Millis{2'000});
}

}  // namespace
}  // namespace cryptoscope::fetch
