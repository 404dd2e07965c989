#include "cryptoscope/analysis/indicator_spec.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <cmath>

#include "cryptoscope/analysis/moving_averages.h"
#include "cryptoscope/analysis/oscillators.h"
#include "cryptoscope/analysis/returns.h"
#include "cryptoscope/analysis/volatility.h"
#include "cryptoscope/analysis/volume.h"

namespace cryptoscope::analysis {
namespace {

struct Definition {
  std::string_view name;
  std::vector<double> defaults;
  size_t integer_params;  // The first this many params are periods (whole numbers).
};

const std::vector<Definition>& Definitions() {
  static const std::vector<Definition> definitions = {
      {"sma", {20}, 1}, {"ema", {20}, 1},   {"wma", {20}, 1},         {"rsi", {14}, 1},
      {"atr", {14}, 1}, {"bb", {20, 2}, 1}, {"macd", {12, 26, 9}, 3}, {"stoch", {14, 3}, 2},
      {"obv", {}, 0},   {"vol", {30}, 1},   {"ret", {}, 0},           {"logret", {}, 0},
  };
  return definitions;
}

std::string FormatParam(double v) { return fmt::format("{}", v); }

tl::unexpected<Error> Bad(std::string_view text, std::string_view why) {
  return Fail(ErrorCode::kInvalidArgument, fmt::format("indicator '{}': {}", text, why));
}

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return parts;
}

}  // namespace

std::string IndicatorSpec::Id() const {
  std::string id = name;
  for (double p : params) id += ":" + FormatParam(p);
  return id;
}

bool IndicatorValues::RowComplete(size_t i) const {
  for (const auto& column : values) {
    if (!HasValue(column[i])) return false;
  }
  return true;
}

Result<IndicatorSpec> ParseIndicator(std::string_view text) {
  const auto parts = Split(text, ':');
  std::string name;
  for (char c : parts[0]) name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const Definition* definition = nullptr;
  for (const auto& d : Definitions()) {
    if (d.name == name) definition = &d;
  }
  if (definition == nullptr) {
    return Bad(text,
               "unknown name; use sma, ema, wma, rsi, atr, bb, macd, stoch, obv, vol, ret or "
               "logret");
  }
  if (parts.size() - 1 > definition->defaults.size()) {
    return Bad(text, fmt::format("takes at most {} parameter(s)", definition->defaults.size()));
  }
  IndicatorSpec spec{name, definition->defaults};
  for (size_t i = 1; i < parts.size(); ++i) {
    const std::string_view part = parts[i];
    double value = 0;
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (part.empty() || ec != std::errc() || end != part.data() + part.size() ||
        !std::isfinite(value)) {
      return Bad(text, fmt::format("parameter {} ('{}') is not a number", i, part));
    }
    if (i - 1 < definition->integer_params &&
        (value != std::floor(value) || value < 1 || value > kMaxPeriod)) {
      return Bad(text,
                 fmt::format("parameter {} ('{}') must be a whole number of days from 1 to {}", i,
                             part, kMaxPeriod));
    }
    spec.params[i - 1] = value;
  }
  // Let the indicator itself judge the combination (macd fast < slow, bb width >= 0, ...).
  Series empty;
  if (auto ok = ComputeIndicator(spec, empty); !ok) return Bad(text, ok.error().message);
  return spec;
}

Result<std::vector<IndicatorSpec>> ParseIndicators(std::string_view text) {
  std::vector<IndicatorSpec> specs;
  if (text.empty()) return Fail(ErrorCode::kInvalidArgument, "indicators: the list is empty");
  for (std::string_view part : Split(text, ',')) {
    if (part.empty()) {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("indicators '{}': an entry is empty", text));
    }
    auto spec = ParseIndicator(part);
    if (!spec) return tl::unexpected(spec.error());
    specs.push_back(std::move(*spec));
  }
  return specs;
}

Result<IndicatorValues> ComputeIndicator(const IndicatorSpec& spec, const Series& series) {
  IndicatorValues out;
  out.spec = spec;
  const auto& p = spec.params;
  auto period = [&](size_t i) { return static_cast<int>(p.at(i)); };
  auto single = [&](Result<std::vector<double>> values, int warmup) -> Result<IndicatorValues> {
    if (!values) return tl::unexpected(values.error());
    out.warmup = warmup;
    out.columns = {"value"};
    out.values.push_back(std::move(*values));
    return std::move(out);
  };
  const std::string& name = spec.name;
  if (name == "sma") return single(Sma(series.close, period(0)), SmaWarmup(period(0)));
  if (name == "ema") return single(Ema(series.close, period(0)), EmaWarmup(period(0)));
  if (name == "wma") return single(Wma(series.close, period(0)), WmaWarmup(period(0)));
  if (name == "rsi") return single(Rsi(series.close, period(0)), RsiWarmup(period(0)));
  if (name == "atr") {
    return single(Atr(series.high, series.low, series.close, period(0)), AtrWarmup(period(0)));
  }
  if (name == "obv") return single(Obv(series.close, series.volume), ObvWarmup());
  if (name == "vol") {
    return single(RollingVolatility(series.close, period(0)), RollingVolatilityWarmup(period(0)));
  }
  if (name == "ret") return single(SimpleReturns(series.close), 1);
  if (name == "logret") return single(LogReturns(series.close), 1);
  if (name == "bb") {
    auto bands = ComputeBollinger(series.close, period(0), p.at(1));
    if (!bands) return tl::unexpected(bands.error());
    out.warmup = BollingerWarmup(period(0));
    out.columns = {"middle", "upper", "lower"};
    out.values = {std::move(bands->middle), std::move(bands->upper), std::move(bands->lower)};
    return out;
  }
  if (name == "macd") {
    auto macd = ComputeMacd(series.close, period(0), period(1), period(2));
    if (!macd) return tl::unexpected(macd.error());
    out.warmup = MacdWarmup(period(1), period(2));
    out.columns = {"macd", "signal", "histogram"};
    out.values = {std::move(macd->macd), std::move(macd->signal), std::move(macd->histogram)};
    return out;
  }
  if (name == "stoch") {
    auto stoch = ComputeStochastic(series.high, series.low, series.close, period(0), period(1));
    if (!stoch) return tl::unexpected(stoch.error());
    out.warmup = StochasticWarmup(period(0), period(1));
    out.columns = {"k", "d"};
    out.values = {std::move(stoch->k), std::move(stoch->d)};
    return out;
  }
  return Fail(ErrorCode::kInvalidArgument, fmt::format("indicator '{}': unknown name", name));
}

}  // namespace cryptoscope::analysis
