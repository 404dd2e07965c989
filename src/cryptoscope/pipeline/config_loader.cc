#include "cryptoscope/pipeline/config_loader.h"

#include <fmt/format.h>
#include <unistd.h>

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

// The key is a secret: messages name its source, never its value.
Status ReadApiKey(const Resolver& resolver, const EnvLookup& env, std::string& out) {
  std::string source;
  if (auto file = resolver.Get("api_key_file")) {
    std::ifstream in(file->value);
    if (!in) {
      return Invalid(
          fmt::format("{}: cannot read the API key file; check the path and its "
                      "permissions",
                      file->origin));
    }
    std::stringstream content;
    content << in.rdbuf();
    out = content.str();
    source = file->origin;
  } else if (auto key = env("CRYPTOCOMPARE_API_KEY")) {
    out = *key;
    source = "CRYPTOCOMPARE_API_KEY";
  }
  while (!out.empty() && std::isspace(static_cast<unsigned char>(out.back()))) out.pop_back();
  while (!out.empty() && std::isspace(static_cast<unsigned char>(out.front()))) out.erase(0, 1);
  if (out.empty()) {
    return Invalid(
        source.empty()
            ? "CRYPTOCOMPARE_API_KEY is not set; CryptoCompare needs an API key: export "
              "CRYPTOCOMPARE_API_KEY=<key> or pass --api-key-file PATH"
            : fmt::format("{}: the API key is empty; put your CryptoCompare key there", source));
  }
  for (unsigned char c : out) {
    if (std::iscntrl(c) || c == ' ') {
      return Invalid(
          fmt::format("{}: the API key contains spaces or control characters; it "
                      "must be a single token",
                      source));
    }
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
  };
  for (const Status& status : steps) {
    if (!status) return tl::unexpected(status.error());
  }
  const char* const cc_names[] = {"cc_per_second", "cc_per_minute", "cc_per_hour", "cc_per_day",
                                  "cc_per_month"};
  for (size_t window = 0; window < config.cryptocompare_limits_set.size(); ++window) {
    config.cryptocompare_limits_set[window] = resolver.Get(cc_names[window]).has_value();
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
  options.max_in_flight = config.max_concurrency;
  options.max_retries = config.max_retries;
  options.backoff.base = config.retry_base;
  return options;
}

}  // namespace cryptoscope::pipeline
