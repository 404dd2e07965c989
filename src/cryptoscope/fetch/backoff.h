// Exponential backoff with jitter: retry n (1 = the first) waits a uniformly random time in
// [min(cap, base * 2^(n-1)), min(cap, base * 2^n)]. Never less than `base`, so a failing
// provider gets a real pause, and random, so many clients failing together do not retry together.
#pragma once

#include <cstdint>
#include <random>

#include "cryptoscope/fetch/clock.h"

namespace cryptoscope::fetch {

struct BackoffOptions {
  Millis base{500};
  Millis cap{30'000};
};

class Backoff {
 public:
  explicit Backoff(BackoffOptions options, uint64_t seed = std::random_device{}())
      : options_(options), random_(seed) {}

  // The wait before retry number `attempt` (1 = first retry).
  Millis Delay(int attempt);

 private:
  BackoffOptions options_;
  std::mt19937_64 random_;
};

}  // namespace cryptoscope::fetch
