// The plan's own ceilings: at the start of a run, ask CryptoCompare what the key may do
// (/stats/rate/limit, docs/api-contract.md section 4.2) and pace CryptoCompare to that.
#pragma once

#include <string>

#include "cryptoscope/fetch/cryptocompare_policy.h"
#include "cryptoscope/fetch/engine.h"
#include "cryptoscope/pipeline/config.h"

namespace cryptoscope::pipeline {

// Submits the rate-limit request to `engine` (one CryptoCompare call, paced like the others).
// When it completes, `policy` gets the ceilings fetch::ChooseCcCeilings picks from the answer and
// `config` (values the user set stay an upper bound); when it fails (no such endpoint, an error
// envelope, a transport failure after retries), the configured or default ceilings stand.
// `described` says which ceilings are in force and where they came from, from the moment of the
// call; both references must outlive the engine's run.
void SubmitPlanQuery(fetch::Engine& engine, const Config& config,
                     fetch::CryptoComparePolicy& policy, std::string& described);

}  // namespace cryptoscope::pipeline
