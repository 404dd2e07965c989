// What the pipeline asks of a ranking source (CryptoCompare's top list, CoinGecko's markets):
// queue the pages it still needs, then hand over the top N coins.
#pragma once

#include <vector>

#include "cryptoscope/core/result.h"
#include "cryptoscope/core/types.h"
#include "cryptoscope/fetch/engine.h"

namespace cryptoscope::discover {

class Ranking {
 public:
  virtual ~Ranking() = default;
  // Queues the pages still needed on `engine`; returns false when none are (the list is done).
  // Called again after every engine.Run() until it returns false.
  virtual bool SubmitPages(fetch::Engine& engine) = 0;
  // The coins, ranked 1..n, once SubmitPages() returned false.
  [[nodiscard]] virtual Result<std::vector<Coin>> Take() = 0;
};

}  // namespace cryptoscope::discover
