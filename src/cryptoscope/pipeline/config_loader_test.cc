#include "cryptoscope/pipeline/config_loader.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

namespace cryptoscope::pipeline {
namespace {

class ConfigLoaderTest : public ::testing::Test {
 protected:
  Result<Config> Load(std::map<std::string, std::string> flags = {}) {
    EnvLookup env = [this](const char* name) -> std::optional<std::string> {
      auto it = env_.find(name);
      if (it == env_.end()) return std::nullopt;
      return it->second;
    };
    return LoadConfig(flags, env);
  }
  std::string Error(std::map<std::string, std::string> flags = {}) {
    auto config = Load(std::move(flags));
    EXPECT_FALSE(config);
    if (config) return "";
    EXPECT_EQ(config.error().code, ErrorCode::kInvalidArgument);
    return config.error().message;
  }
  std::map<std::string, std::string> env_ = {{"CRYPTOCOMPARE_API_KEY", "secret-key-123"}};
};

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_F(ConfigLoaderTest, DefaultsAreTheSeedReadmes) {
  auto config = Load();
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->top_n, 1000);
  EXPECT_EQ(config->max_concurrency, 5);
  EXPECT_EQ(config->db_path, "crypto_data.db");
  EXPECT_EQ(config->binance_base_url, "https://api.binance.com");
  EXPECT_EQ(config->cryptocompare_base_url, "https://min-api.cryptocompare.com");
  EXPECT_EQ(config->api_key, "secret-key-123");
}

TEST_F(ConfigLoaderTest, FlagBeatsEnvironment) {
  env_["TOP_N"] = "200";
  EXPECT_EQ(Load()->top_n, 200);
  EXPECT_EQ(Load({{"top_n", "50"}})->top_n, 50);
}

TEST_F(ConfigLoaderTest, BadNumbersNameTheVariableAndTheValue) {
  for (const char* bad : {"abc", "0", "-5", "12x", ""}) {
    env_["TOP_N"] = bad;
    const std::string message = Error();
    EXPECT_TRUE(Contains(message, std::string("TOP_N=") + bad)) << message;
    EXPECT_TRUE(Contains(message, "1 to 10000")) << message;
  }
  env_.erase("TOP_N");
  env_["MAX_CONCURRENCY"] = "0";
  EXPECT_TRUE(Contains(Error(), "MAX_CONCURRENCY=0"));
  EXPECT_TRUE(Contains(Error({{"max_concurrency", "x"}}), "--max-concurrency x"));
}

TEST_F(ConfigLoaderTest, UrlsMustBeHttpOrHttps) {
  env_["BINANCE_BASE_URL"] = "ftp://example.com";
  EXPECT_TRUE(Contains(Error(), "BINANCE_BASE_URL=ftp://example.com"));
  env_["BINANCE_BASE_URL"] = "http://127.0.0.1:8080/";
  EXPECT_TRUE(Load());
  EXPECT_TRUE(Contains(Error({{"cryptocompare_base_url", "localhost:80"}}), "--cryptocompare-url"));
}

TEST_F(ConfigLoaderTest, DbPathFolderMustExistAndBeWritable) {
  env_["DB_PATH"] = "/nonexistent-folder/x.db";
  EXPECT_TRUE(Contains(Error(), "does not exist"));
  env_["DB_PATH"] = ::testing::TempDir();
  EXPECT_TRUE(Contains(Error(), "is a directory"));
  if (geteuid() != 0) {  // root writes anywhere
    env_["DB_PATH"] = "/proc/x.db";
    EXPECT_TRUE(Contains(Error(), "not writable"));
  }
}

TEST_F(ConfigLoaderTest, MissingKeyIsAConfigurationErrorOnlyWhenCryptoCompareIsAskedFor) {
  env_.erase("CRYPTOCOMPARE_API_KEY");
  env_["RANKING"] = "cryptocompare";
  EXPECT_TRUE(Contains(Error(), "CRYPTOCOMPARE_API_KEY is not set"));
  env_.erase("RANKING");
  env_["VENUES"] = "binance,cryptocompare";
  EXPECT_TRUE(Contains(Error(), "VENUES=binance,cryptocompare: CRYPTOCOMPARE_API_KEY is not set"));
  env_.erase("VENUES");
  env_["CRYPTOCOMPARE_API_KEY"] = "  ";
  EXPECT_TRUE(Contains(Error(), "empty"));
}

TEST_F(ConfigLoaderTest, WithoutAKeyCoinGeckoRanksAndTheKeylessVenuesSupplyHistory) {
  env_.erase("CRYPTOCOMPARE_API_KEY");
  auto config = Load();
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->ranking, RankingSource::kCoinGecko);
  EXPECT_EQ(config->venues, (std::vector<Source>{Source::kBinance, Source::kOkx, Source::kBybit}));
  EXPECT_EQ(config->venue_limits.coingecko_per_minute, 5);
  EXPECT_EQ(config->coingecko_base_url, "https://api.coingecko.com");
}

TEST_F(ConfigLoaderTest, WithAKeyTheRankingAndVenuesStayAsBefore) {
  auto config = Load();
  ASSERT_TRUE(config);
  EXPECT_EQ(config->ranking, RankingSource::kCryptoCompare);
  EXPECT_EQ(config->venues, (std::vector<Source>{Source::kBinance, Source::kCryptoCompare}));
  env_["RANKING"] = "coingecko";
  env_["VENUES"] = "bybit,okx,binance,cryptocompare";
  config = Load();
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->ranking, RankingSource::kCoinGecko);
  EXPECT_EQ(config->venues, (std::vector<Source>{Source::kBybit, Source::kOkx, Source::kBinance,
                                                 Source::kCryptoCompare}));
}

TEST_F(ConfigLoaderTest, BadRankingOrVenuesAreNamed) {
  env_["RANKING"] = "gecko";
  EXPECT_TRUE(Contains(Error(), "RANKING=gecko: unknown ranking"));
  env_.erase("RANKING");
  env_["VENUES"] = "okx,kraken";
  EXPECT_TRUE(Contains(Error(), "VENUES=okx,kraken: unknown venue 'kraken'"));
  env_["VENUES"] = "okx,okx";
  EXPECT_TRUE(Contains(Error(), "okx is listed twice"));
  EXPECT_TRUE(Contains(Error({{"venues", ""}}), "--venues : no venue"));
  env_.erase("VENUES");
  env_["OKX_CALLS_PER_2S"] = "21";
  EXPECT_TRUE(Contains(Error(), "OKX_CALLS_PER_2S=21: out of range"));
}

TEST_F(ConfigLoaderTest, CoinGeckoDemoKeyRaisesItsPaceAndIsNeverEchoed) {
  env_["COINGECKO_API_KEY"] = " demo-key-789 \n";
  auto config = Load();
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->coingecko_api_key, "demo-key-789");  // Trimmed.
  EXPECT_EQ(config->venue_limits.coingecko_per_minute, 30);
  env_["COINGECKO_API_KEY"] = "two words";
  const std::string message = Error();
  EXPECT_TRUE(Contains(message, "COINGECKO_API_KEY: the CoinGecko key contains spaces"));
  EXPECT_FALSE(Contains(message, "two words"));
}

TEST_F(ConfigLoaderTest, KeyFileBeatsEnvironmentAndIsNeverEchoed) {
  const std::string path = ::testing::TempDir() + "/key_" + std::to_string(getpid());
  std::ofstream(path) << "file-key-456\n";
  auto config = Load({{"api_key_file", path}});
  ASSERT_TRUE(config);
  EXPECT_EQ(config->api_key, "file-key-456");
  std::ofstream(path) << "bad key with spaces";
  const std::string message = Error({{"api_key_file", path}});
  EXPECT_FALSE(Contains(message, "bad key"));
  EXPECT_TRUE(Contains(message, "spaces"));
  unlink(path.c_str());
  EXPECT_TRUE(Contains(Error({{"api_key_file", path}}), "cannot read"));
}

TEST_F(ConfigLoaderTest, CryptoCompareLimitsAreConfigurable) {
  env_["CC_CALLS_PER_MINUTE"] = "60";
  auto config = Load();
  ASSERT_TRUE(config);
  EXPECT_EQ(config->cryptocompare_limits.per_minute, 60);
  EXPECT_EQ(config->cryptocompare_limits.per_second, 20);
}

// Only the values the user set cap the plan's ceilings; defaults give way to the plan.
TEST_F(ConfigLoaderTest, CryptoCompareLimitsRememberWhichTheUserSet) {
  EXPECT_EQ(Load()->cryptocompare_limits_set, (fetch::CcLimitsSet{}));
  env_["CC_CALLS_PER_MINUTE"] = "60";
  auto config = Load({{"cc_per_month", "100"}});
  ASSERT_TRUE(config);
  EXPECT_EQ(config->cryptocompare_limits_set,
            (fetch::CcLimitsSet{false, true, false, false, true}));
}

TEST_F(ConfigLoaderTest, RetryBaseIsConfigurableInMilliseconds) {
  EXPECT_EQ(Load()->retry_base, std::chrono::milliseconds{500});
  env_["RETRY_BASE_MS"] = "40";
  EXPECT_EQ(Load()->retry_base, std::chrono::milliseconds{40});
  EXPECT_EQ(Load({{"retry_base_ms", "7"}})->retry_base, std::chrono::milliseconds{7});
  env_["RETRY_BASE_MS"] = "0";
  EXPECT_TRUE(Contains(Error(), "RETRY_BASE_MS=0"));
  EXPECT_TRUE(Contains(Error({{"retry_base_ms", "fast"}}), "--retry-base-ms fast"));
}

}  // namespace
}  // namespace cryptoscope::pipeline
