#include "cryptoscope/fetch/sliding_window.h"

#include <gtest/gtest.h>

namespace cryptoscope::fetch {
namespace {

const TimePoint kT0{Millis{1'700'000'000'000}};

TEST(SlidingWindowTest, AdmitsUntilTheLimitThenWaitsForTheOldestToExpire) {
  SlidingWindow window(Millis{60'000}, 10);
  window.Record(kT0, 4);
  window.Record(kT0 + Millis{10'000}, 4);
  EXPECT_EQ(window.EarliestFit(kT0 + Millis{20'000}, 2), kT0 + Millis{20'000});
  window.Record(kT0 + Millis{20'000}, 2);
  // Full: 2 more fit once the first 4 leave the window.
  EXPECT_EQ(window.EarliestFit(kT0 + Millis{30'000}, 2), kT0 + Millis{60'000});
  // 6 more need the first two entries gone.
  EXPECT_EQ(window.EarliestFit(kT0 + Millis{30'000}, 6), kT0 + Millis{70'000});
  EXPECT_EQ(window.UsedAt(kT0 + Millis{65'000}), 6);
}

TEST(SlidingWindowTest, CostAboveTheLimitFitsInAnEmptyWindow) {
  SlidingWindow window(Millis{1'000}, 1);
  EXPECT_EQ(window.EarliestFit(kT0, 5), kT0);
  window.Record(kT0, 5);
  EXPECT_EQ(window.EarliestFit(kT0, 5), kT0 + Millis{1'000});
}

}  // namespace
}  // namespace cryptoscope::fetch
