#include "cryptoscope/pipeline/config_loader.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace cryptoscope::pipeline {
namespace {

// A value and where it came from, for messages.
struct Raw {
  std::string origin;  // "TOP_N=abc" or "--top-n abc" (never built for the key itself).
  std::string value;
};

const SettingSpec& Spec(std::string_view key) {
  for (const auto& spec : IngestSettings()) {
    if (spec.key == key) return spec;
  }
  std::abort();  // Our bug: every key used below is in the table.
}

class Resolver {
 public:
  Resolver(const std::map<std::string, std::string>& flags, const EnvLookup& env)
      : flags_(flags), env_(env) {}

  std::optional<Raw> Get(std::string_view key) const {
    const SettingSpec& spec = Spec(key);
    if (auto it = flags_.find(std::string(key)); it != flags_.end()) {
      return Raw{fmt::format("{} {}", spec.flag, it->second), it->second};
    }
    if (spec.env != nullptr && *spec.env) {
      if (auto value = env_(spec.env)) return Raw{fmt::format("{}={}", spec.env, *value), *value};
    }
    return std::nullopt;
  }

 private:
  const std::map<std::string, std::string>& flags_;
  const EnvLookup& env_;
};

tl::unexpected<Error> Invalid(const std::string& message) {
  return Fail(ErrorCode::kInvalidArgument, message);
}

Status ReadInt(const Resolver& resolver, std::string_view key, int64_t min, int64_t max,
               const char* example, auto& out) {
  auto raw = resolver.Get(key);
  if (!raw) return {};
  int64_t value = 0;
  const char* end = raw->value.data() + raw->value.size();
  auto [ptr, ec] = std::from_chars(raw->value.data(), end, value);
  if (raw->value.empty() || ec != std::errc() || ptr != end) {
    return Invalid(fmt::format("{}: not a whole number; use an integer from {} to {}, e.g. {}",
                               raw->origin, min, max, example));
  }
  if (value < min || value > max) {
    return Invalid(fmt::format("{}: out of range; use an integer from {} to {}, e.g. {}",
                               raw->origin, min, max, example));
  }
  out = static_cast<std::remove_reference_t<decltype(out)>>(value);
  return {};
}

Status ReadSeconds(const Resolver& resolver, std::string_view key, std::chrono::milliseconds& out) {
  int64_t seconds = 0;
  auto raw = resolver.Get(key);
  if (!raw) return {};
  if (auto status = ReadInt(resolver, key, 1, 3600, "30", seconds); !status) return status;
  out = std::chrono::seconds{seconds};
  return {};
}

Status ReadMillis(const Resolver& resolver, std::string_view key, int64_t min, int64_t max,
                  const char* example, std::chrono::milliseconds& out) {
  int64_t millis = out.count();
  if (auto status = ReadInt(resolver, key, min, max, example, millis); !status) return status;
  out = std::chrono::milliseconds{millis};
  return {};
}

Status ReadUrl(const Resolver& resolver, std::string_view key, std::string& out) {
  auto raw = resolver.Get(key);
  if (!raw) return {};
  const std::string& url = raw->value;
  const bool scheme = url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
  const size_t host_start = url.find("//") + 2;
  const bool has_host = scheme && url.size() > host_start && url[host_start] != '/';
  const bool clean = url.find_first_of(" \t\r\n?#") == std::string::npos;
  if (!scheme || !has_host || !clean) {
    return Invalid(fmt::format("{}: not an http:// or https:// base URL; use e.g. {}", raw->origin,
                               Spec(key).help));
  }
  out = url;
  return {};
}

Status ReadDbPath(const Resolver& resolver, std::filesystem::path& out) {
  if (auto raw = resolver.Get("db_path")) {
    if (raw->value.empty()) return Invalid(fmt::format("{}: empty; give a file path", raw->origin));
    out = raw->value;
  }
  const std::string origin = resolver.Get("db_path") ? resolver.Get("db_path")->origin
                                                     : fmt::format("DB_PATH={}", out.string());
  std::error_code ec;
  if (std::filesystem::is_directory(out, ec)) {
    return Invalid(fmt::format("{}: is a directory; give a file path such as {}/crypto_data.db",
                               origin, out.string()));
  }
  std::filesystem::path folder = out.parent_path();
  if (folder.empty()) folder = ".";
  if (!std::filesystem::is_directory(folder, ec)) {
    return Invalid(fmt::format("{}: folder {} does not exist; create it or choose another path",
                               origin, folder.string()));
  }
  if (access(folder.c_str(), W_OK | X_OK) != 0) {
    return Invalid(fmt::format("{}: folder {} is not writable; choose a writable location", origin,
                               folder.string()));
  }
  if (std::filesystem::exists(out, ec) && access(out.c_str(), R_OK | W_OK) != 0) {
    return Invalid(
        fmt::format("{}: the file is not readable and writable; fix its permissions", origin));
  }
  return {};
}

// A secret (an API key) from the file named by setting `file_key`, else from the environment
// variable `env_name`; surrounding whitespace trimmed. Messages name its source, never its value;
// `what` names the key in them ("API key"). `source` is left empty when neither is set.
Status ReadSecret(const Resolver& resolver, const EnvLookup& env, const char* file_key,
                  const char* env_name, std::string_view what, std::string& out,
                  std::string& source) {
  if (auto file = resolver.Get(file_key)) {
    std::ifstream in(file->value);
    if (!in) {
      return Invalid(fmt::format("{}: cannot read the {} file; check the path and its permissions",
                                 file->origin, what));
    }
    std::stringstream content;
    content << in.rdbuf();
    out = content.str();
    source = file->origin;
  } else if (auto key = env(env_name)) {
    out = *key;
    source = env_name;
  }
  while (!out.empty() && std::isspace(static_cast<unsigned char>(out.back()))) out.pop_back();
  while (!out.empty() && std::isspace(static_cast<unsigned char>(out.front()))) out.erase(0, 1);
  for (unsigned char c : out) {
    if (std::iscntrl(c) || c == ' ') {
      return Invalid(
          fmt::format("{}: the {} contains spaces or control characters; it must be a single token",
                      source, what));
    }
  }
  return {};
}

// CoinGecko's optional demo key, from COINGECKO_API_KEY or a file.
Status ReadCoinGeckoKey(const Resolver& resolver, const EnvLookup& env, std::string& out) {
  std::string source;
  return ReadSecret(resolver, env, "coingecko_api_key_file", "COINGECKO_API_KEY", "CoinGecko key",
                    out, source);
}

// RANKING and VENUES, with defaults that depend on whether a CryptoCompare key is configured.
Status ResolveKeyless(const Resolver& resolver, Config& config) {
  const bool has_key = !config.api_key.empty();
  const char* kNoKey =
      "CRYPTOCOMPARE_API_KEY is not set; CryptoCompare needs an API key: export "
      "CRYPTOCOMPARE_API_KEY=<key> or pass --api-key-file PATH";
  config.ranking = has_key ? RankingSource::kCryptoCompare : RankingSource::kCoinGecko;
  if (auto raw = resolver.Get("ranking")) {
    if (raw->value == "coingecko") {
      config.ranking = RankingSource::kCoinGecko;
    } else if (raw->value == "cryptocompare") {
      if (!has_key)
        return Invalid(fmt::format("{}: {}, or use RANKING=coingecko", raw->origin, kNoKey));
      config.ranking = RankingSource::kCryptoCompare;
    } else if (raw->value != "auto") {
      return Invalid(
          fmt::format("{}: unknown ranking; use coingecko, cryptocompare or auto", raw->origin));
    }
  }
  config.venues = has_key ? std::vector<Source>{Source::kBinance, Source::kCryptoCompare}
                          : std::vector<Source>{Source::kBinance, Source::kOkx, Source::kBybit};
  if (auto raw = resolver.Get("venues")) {
    std::vector<Source> venues;
    std::string_view rest = raw->value;
    while (!rest.empty()) {
      const size_t comma = rest.find(',');
      const std::string_view name = rest.substr(0, comma);
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
      const auto source = SourceFromName(name);
      if (!source) {
        return Invalid(
            fmt::format("{}: unknown venue '{}'; use a comma-separated list of "
                        "binance, okx, bybit, cryptocompare",
                        raw->origin, name));
      }
      if (std::find(venues.begin(), venues.end(), *source) != venues.end()) {
        return Invalid(fmt::format("{}: {} is listed twice", raw->origin, name));
      }
      if (*source == Source::kCryptoCompare && !has_key) {
        return Invalid(fmt::format("{}: {}, or leave cryptocompare out", raw->origin, kNoKey));
      }
      venues.push_back(*source);
    }
    if (venues.empty()) {
      return Invalid(fmt::format("{}: no venue; use e.g. binance,okx,bybit", raw->origin));
    }
    config.venues = std::move(venues);
  }
  return {};
}

// The CryptoCompare key, from CRYPTOCOMPARE_API_KEY or a file.
Status ReadApiKey(const Resolver& resolver, const EnvLookup& env, std::string& out) {
  std::string source;
  if (auto read = ReadSecret(resolver, env, "api_key_file", "CRYPTOCOMPARE_API_KEY", "API key", out,
                             source);
      !read) {
    return read;
  }
  // No key at all is the keyless mode (ResolveKeyless decides whether that is enough); a key
  // source that holds nothing is a mistake.
  if (!source.empty() && out.empty()) {
    return Invalid(
        fmt::format("{}: the API key is empty; put your CryptoCompare key there, or "
                    "unset it to run without one",
                    source));
  }
  return {};
}

}  // namespace

const std::vector<SettingSpec>& IngestSettings() {
  static const std::vector<SettingSpec> specs = {
      {"db_path", "--db", "DB_PATH", "SQLite database file (default crypto_data.db)"},
      {"top_n", "--top-n", "TOP_N", "number of top coins by market cap, 1-10000 (default 1000)"},
      {"max_concurrency", "--max-concurrency", "MAX_CONCURRENCY",
       "HTTP requests in flight at once, 1-256 (default 5)"},
      {"api_key_file", "--api-key-file", "CRYPTOCOMPARE_API_KEY_FILE",
       "file holding the CryptoCompare API key (else CRYPTOCOMPARE_API_KEY is used)"},
      {"binance_base_url", "--binance-url", "BINANCE_BASE_URL", "https://api.binance.com"},
      {"cryptocompare_base_url", "--cryptocompare-url", "CRYPTOCOMPARE_BASE_URL",
       "https://min-api.cryptocompare.com"},
      {"alias_file", "--alias-file", "ALIAS_FILE",
       "file of CC_TICKER=BINANCE_BASE lines mapping tickers that differ (MIOTA=IOTA is built in)"},
      {"max_retries", "--max-retries", "MAX_RETRIES",
       "retries of a request after a transient failure, 0-20 (default 5)"},
      {"retry_base_ms", "--retry-base-ms", "RETRY_BASE_MS",
       "milliseconds the first retry waits at least (at most twice that), doubling per retry, "
       "1-60000 (default 500)"},
      {"connect_timeout", "--connect-timeout", "CONNECT_TIMEOUT",
       "seconds to wait for a connection, 1-3600 (default 10)"},
      {"request_timeout", "--request-timeout", "REQUEST_TIMEOUT",
       "seconds one request may take in all, 1-3600 (default 30)"},
      {"max_wait", "--max-wait", "MAX_WAIT",
       "longest wait a provider may impose (Retry-After, rate window) before its coins are "
       "reported failed, in seconds, 1-3600 (default 300)"},
      {"cc_per_second", "--cc-calls-per-second", "CC_CALLS_PER_SECOND",
       "CryptoCompare calls per second (default 20)"},
      {"cc_per_minute", "--cc-calls-per-minute", "CC_CALLS_PER_MINUTE",
       "CryptoCompare calls per minute (default 300)"},
      {"cc_per_hour", "--cc-calls-per-hour", "CC_CALLS_PER_HOUR",
       "CryptoCompare calls per hour (default 3000)"},
      {"cc_per_day", "--cc-calls-per-day", "CC_CALLS_PER_DAY",
       "CryptoCompare calls per day (default 7500)"},
      {"cc_per_month", "--cc-calls-per-month", "CC_CALLS_PER_MONTH",
       "CryptoCompare calls per month (default 50000)"},
      {"ranking", "--ranking", "RANKING",
       "who ranks the top N: coingecko (no key needed), cryptocompare (needs its key) or auto "
       "(default: cryptocompare with a key, else coingecko)"},
      {"venues", "--venues", "VENUES",
       "history sources in order of preference, comma-separated, from binance, okx, bybit, "
       "cryptocompare (needs its key) (default binance,okx,bybit without a key, "
       "binance,cryptocompare with one)"},
      {"coingecko_base_url", "--coingecko-url", "COINGECKO_BASE_URL", "https://api.coingecko.com"},
      {"okx_base_url", "--okx-url", "OKX_BASE_URL", "https://www.okx.com"},
      {"bybit_base_url", "--bybit-url", "BYBIT_BASE_URL", "https://api.bybit.com"},
      {"coingecko_api_key_file", "--coingecko-key-file", "COINGECKO_API_KEY_FILE",
       "file holding an optional CoinGecko demo key (else COINGECKO_API_KEY is used; "
       "sent as x-cg-demo-api-key)"},
      {"coingecko_per_minute", "--coingecko-calls-per-minute", "COINGECKO_CALLS_PER_MINUTE",
       "CoinGecko calls per minute, 1-500 (default 5; 30 with a demo key)"},
      {"okx_per_2s", "--okx-calls-per-2s", "OKX_CALLS_PER_2S",
       "OKX requests per 2 seconds, 1-20 (default 18; OKX allows 20)"},
      {"bybit_per_5s", "--bybit-calls-per-5s", "BYBIT_CALLS_PER_5S",
       "Bybit requests per 5 seconds, 1-600 (default 400; beyond 600 Bybit bans the IP)"},
  };
  return specs;
}

std::optional<std::string> ProcessEnv(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

Result<Config> LoadConfig(const std::map<std::string, std::string>& flags, const EnvLookup& env) {
  const Resolver resolver(flags, env);
  Config config;
  auto& limits = config.cryptocompare_limits;
  const Status steps[] = {
      ReadInt(resolver, "top_n", 1, 10'000, "1000", config.top_n),
      ReadInt(resolver, "max_concurrency", 1, 256, "8", config.max_concurrency),
      ReadUrl(resolver, "binance_base_url", config.binance_base_url),
      ReadUrl(resolver, "cryptocompare_base_url", config.cryptocompare_base_url),
      ReadInt(resolver, "max_retries", 0, 20, "5", config.max_retries),
      ReadMillis(resolver, "retry_base_ms", 1, 60'000, "500", config.retry_base),
      ReadSeconds(resolver, "connect_timeout", config.connect_timeout),
      ReadSeconds(resolver, "request_timeout", config.request_timeout),
      ReadSeconds(resolver, "max_wait", config.max_wait),
      ReadInt(resolver, "cc_per_second", 1, 1'000'000, "20", limits.per_second),
      ReadInt(resolver, "cc_per_minute", 1, 100'000'000, "300", limits.per_minute),
      ReadInt(resolver, "cc_per_hour", 1, 1'000'000'000, "3000", limits.per_hour),
      ReadInt(resolver, "cc_per_day", 1, 1'000'000'000, "7500", limits.per_day),
      ReadInt(resolver, "cc_per_month", 1, 1'000'000'000, "50000", limits.per_month),
      ReadDbPath(resolver, config.db_path),
      ReadApiKey(resolver, env, config.api_key),
      ReadUrl(resolver, "coingecko_base_url", config.coingecko_base_url),
      ReadUrl(resolver, "okx_base_url", config.okx_base_url),
      ReadUrl(resolver, "bybit_base_url", config.bybit_base_url),
      ReadCoinGeckoKey(resolver, env, config.coingecko_api_key),
      ReadInt(resolver, "okx_per_2s", 1, 20, "18", config.venue_limits.okx_per_2s),
      ReadInt(resolver, "bybit_per_5s", 1, 600, "400", config.venue_limits.bybit_per_5s),
  };
  for (const Status& status : steps) {
    if (!status) return tl::unexpected(status.error());
  }
  const char* const cc_names[] = {"cc_per_second", "cc_per_minute", "cc_per_hour", "cc_per_day",
                                  "cc_per_month"};
  for (size_t window = 0; window < config.cryptocompare_limits_set.size(); ++window) {
    config.cryptocompare_limits_set[window] = resolver.Get(cc_names[window]).has_value();
  }
  if (!config.coingecko_api_key.empty()) config.venue_limits.coingecko_per_minute = 30;
  if (auto status = ReadInt(resolver, "coingecko_per_minute", 1, 500, "5",
                            config.venue_limits.coingecko_per_minute);
      !status) {
    return tl::unexpected(status.error());
  }
  if (auto status = ResolveKeyless(resolver, config); !status) {
    return tl::unexpected(status.error());
  }
  if (auto alias = resolver.Get("alias_file")) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(alias->value, ec)) {
      return Invalid(
          fmt::format("{}: no such file; give the path of an alias file", alias->origin));
    }
    config.alias_file = alias->value;
  }
  return config;
}

fetch::EngineOptions EngineOptionsFor(const Config& config) {
  fetch::EngineOptions options;
  options.transport.max_connections = config.max_concurrency;
  options.transport.connect_timeout = config.connect_timeout;
  options.transport.request_timeout = config.request_timeout;
  options.transport.cryptocompare_api_key = config.api_key;
  options.transport.coingecko_api_key = config.coingecko_api_key;
  options.max_in_flight = config.max_concurrency;
  options.max_retries = config.max_retries;
  options.backoff.base = config.retry_base;
  return options;
}

}  // namespace cryptoscope::pipeline
