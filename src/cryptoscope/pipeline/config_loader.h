// Builds a Config from command-line flags and the environment. A flag beats its environment
// variable, which beats the default. Every value is checked before anything touches the network
// or the database; the first bad one comes back as kInvalidArgument with a one-line message that
// names where it came from (`TOP_N=abc` or `--top-n abc`), what is allowed, and what to do.
// The API key itself never appears in a message.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "cryptoscope/core/result.h"
#include "cryptoscope/fetch/engine.h"
#include "cryptoscope/pipeline/config.h"

namespace cryptoscope::pipeline {

// One setting the user can give: its flag, its environment variable, and its help text.
struct SettingSpec {
  const char* key;   // Internal name, e.g. "top_n".
  const char* flag;  // "--top-n"
  const char* env;   // "TOP_N"
  const char* help;  // For --help; states the default and the allowed values.
};

// Every setting of `cryptoscope ingest`, in --help order. The API keys are read only from
// CRYPTOCOMPARE_API_KEY / COINGECKO_API_KEY or a file (--api-key-file, --coingecko-key-file): a
// key typed on the command line would show in `ps`. Without a CryptoCompare key the run is
// keyless: CoinGecko ranks and Binance, OKX and Bybit supply history (RANKING, VENUES).
const std::vector<SettingSpec>& IngestSettings();

using EnvLookup = std::function<std::optional<std::string>(const char* name)>;
// Reads the process environment.
std::optional<std::string> ProcessEnv(const char* name);

// The fetch engine's settings a Config asks for (connections, timeouts, key, retries).
fetch::EngineOptions EngineOptionsFor(const Config& config);

// `flags`: values given on the command line, by SettingSpec::key.
[[nodiscard]] Result<Config> LoadConfig(const std::map<std::string, std::string>& flags,
                                        const EnvLookup& env);

}  // namespace cryptoscope::pipeline
