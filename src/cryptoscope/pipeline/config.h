// Everything a run needs to know, with the defaults of the seed README. Filled by LoadConfig()
// from flags and environment; every field is valid once it is here.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "cryptoscope/core/types.h"
#include "cryptoscope/fetch/cc_ceilings.h"
#include "cryptoscope/fetch/cryptocompare_policy.h"
#include "cryptoscope/fetch/venue_policies.h"

namespace cryptoscope::pipeline {

// Who ranks the top N: CryptoCompare (needs a key) or CoinGecko (keyless).
enum class RankingSource { kCryptoCompare, kCoinGecko };

struct Config {
  std::string api_key;  // CryptoCompare; secret: never logged, stored or shown. May be empty.
  std::filesystem::path db_path = "crypto_data.db";
  int top_n = 1000;
  int max_concurrency = 5;  // HTTP requests in flight, over both providers.
  std::string binance_base_url = "https://api.binance.com";
  std::string cryptocompare_base_url = "https://min-api.cryptocompare.com";
  std::optional<std::filesystem::path> alias_file;
  int max_retries = 5;
  // The first retry of a request waits between this and twice this; each further one doubles.
  std::chrono::milliseconds retry_base{500};
  std::chrono::milliseconds connect_timeout{10'000};
  // A stalled transfer holds one of few slots; Binance itself gives up on a request after 10 s.
  std::chrono::milliseconds request_timeout{30'000};
  // The longest wait a provider may impose (Retry-After, a limit window) before the run gives up
  // on that provider and reports its coins as failed.
  std::chrono::milliseconds max_wait{300'000};
  fetch::CryptoCompareLimits cryptocompare_limits;
  // Which of cryptocompare_limits the user set (CC_CALLS_PER_*): those stay an upper bound on
  // the plan's ceilings that CryptoCompare's rate-limit endpoint states at the start of a run.
  fetch::CcLimitsSet cryptocompare_limits_set{};

  // ---- The keyless path (issue 12). LoadConfig() picks CoinGecko and the keyless venues when
  // there is no CryptoCompare key, CryptoCompare and Binance-then-CryptoCompare when there is.
  RankingSource ranking = RankingSource::kCryptoCompare;
  // History sources in order of preference; each coin goes to the first that trades it.
  std::vector<Source> venues = {Source::kBinance, Source::kCryptoCompare};
  std::string coingecko_base_url = "https://api.coingecko.com";
  std::string okx_base_url = "https://www.okx.com";
  std::string bybit_base_url = "https://api.bybit.com";
  std::string coingecko_api_key;  // Optional demo key; secret like api_key.
  fetch::VenueLimits venue_limits;
};

}  // namespace cryptoscope::pipeline
