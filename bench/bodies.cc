#include "bodies.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cmath>

namespace cryptoscope::bench {
namespace {

// A deterministic random walk: every run parses the same bytes.
class Walk {
 public:
  explicit Walk(double start) : price_(start) {}
  double Unit() {  // [0, 1), xorshift64*.
    state_ ^= state_ >> 12;
    state_ ^= state_ << 25;
    state_ ^= state_ >> 27;
    return static_cast<double>((state_ * 0x2545F4914F6CDD1DULL) >> 11) * 0x1.0p-53;
  }
  double Next() { return price_ *= 0.97 + 0.06 * Unit(); }

 private:
  double price_;
  uint64_t state_ = 0x9E3779B97F4A7C15ULL;
};

double Round(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::round(value * scale) / scale;
}

struct Ohlc {
  double open, high, low, close;
};

Ohlc NextDay(Walk& walk, double& previous_close, int decimals) {
  Ohlc c;
  c.open = Round(previous_close, decimals);
  c.close = Round(walk.Next(), decimals);
  c.high = Round(std::max(c.open, c.close) * (1 + 0.02 * walk.Unit()), decimals);
  c.low = Round(std::min(c.open, c.close) * (1 - 0.02 * walk.Unit()), decimals);
  c.high = std::max({c.high, c.open, c.close});
  c.low = std::min({c.low, c.open, c.close});
  previous_close = c.close;
  return c;
}

void Pad(std::string& body) { body.reserve(body.size() + simdjson::SIMDJSON_PADDING); }

}  // namespace

std::string KlinesBody(Day first, int rows) {
  Walk walk(95000);
  double close = 95000;
  std::string body = "[";
  body.reserve(static_cast<size_t>(rows) * 200 + 64);
  for (int i = 0; i < rows; ++i) {
    const int64_t open_ms = UnixMillis(first + std::chrono::days{i});
    const Ohlc c = NextDay(walk, close, 2);
    const double volume = Round(5000 + 20000 * walk.Unit(), 5);
    const double taker = Round(volume * (0.3 + 0.4 * walk.Unit()), 5);
    fmt::format_to(std::back_inserter(body),
                   R"({}[{},"{:.8f}","{:.8f}","{:.8f}","{:.8f}","{:.8f}",{},"{:.8f}",{},"{:.8f}",)"
                   R"("{:.8f}","0"])",
                   i == 0 ? "" : ",", open_ms, c.open, c.high, c.low, c.close, volume,
                   open_ms + kMillisPerDay - 1, Round(volume * c.close, 8),
                   800000 + static_cast<int>(walk.Unit() * 1e6), taker, Round(taker * c.close, 8));
  }
  body += "]";
  Pad(body);
  return body;
}

std::string HistoDayBody(Day first, int rows) {
  const Day last = first + std::chrono::days{rows - 1};
  std::string body = fmt::format(
      R"({{"Response":"Success","Message":"","HasWarning":false,"Type":100,"RateLimit":{{}},)"
      R"("Data":{{"Aggregated":false,"TimeFrom":{},"TimeTo":{},"Data":[)",
      UnixSeconds(first), UnixSeconds(last));
  body.reserve(body.size() + static_cast<size_t>(rows) * 180 + 64);
  Walk walk(3300);
  double close = 3300;
  for (int i = 0; i < rows; ++i) {
    const Ohlc c = NextDay(walk, close, 2);
    const double volume_from = Round(100000 + 900000 * walk.Unit(), 2);
    fmt::format_to(std::back_inserter(body),
                   R"({}{{"time":{},"high":{},"low":{},"open":{},"volumefrom":{},"volumeto":{},)"
                   R"("close":{},"conversionType":"direct","conversionSymbol":""}})",
                   i == 0 ? "" : ",", UnixSeconds(first + std::chrono::days{i}), c.high, c.low,
                   c.open, volume_from, Round(volume_from * c.close, 8), c.close);
  }
  body += "]}}";
  Pad(body);
  return body;
}

}  // namespace cryptoscope::bench
