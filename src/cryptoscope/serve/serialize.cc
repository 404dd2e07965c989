#include "cryptoscope/serve/serialize.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <map>

namespace cryptoscope::serve {
namespace {

// Quotes a CSV field when it holds a comma, quote or line break (RFC 4180).
void AppendCsvText(std::string& out, std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += text;
    return;
  }
  out += '"';
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

template <typename T>
void AppendCsvOptional(std::string& out, const std::optional<T>& value) {
  if (!value) return;
  if constexpr (std::is_same_v<T, std::string>) {
    AppendCsvText(out, *value);
  } else if constexpr (std::is_integral_v<T>) {
    out += std::to_string(*value);
  } else {
    out += CsvNumber(*value);
  }
}

}  // namespace

void WriteSymbolFields(JsonWriter& json, const query::SymbolSummary& coin) {
  json.Key("rank").Optional(coin.rank);
  json.Key("symbol").String(coin.symbol);
  json.Key("name").Optional(coin.name);
  json.Key("source").Optional(coin.source);
  json.Key("pair").Optional(coin.pair);
  json.Key("market_cap").Optional(coin.market_cap);
  json.Key("price").Optional(coin.price);
  json.Key("first_day").Optional(coin.first_day);
  json.Key("last_day").Optional(coin.last_day);
  json.Key("rows").Int(coin.rows);
}

void WriteBar(JsonWriter& json, const query::Bar& bar) {
  json.BeginObject();
  json.Key("date").String(bar.date);
  json.Key("open").Number(bar.open);
  json.Key("high").Number(bar.high);
  json.Key("low").Number(bar.low);
  json.Key("close").Number(bar.close);
  json.Key("volume").Number(bar.volume);
  json.Key("quote_volume").Optional(bar.quote_volume);
  json.EndObject();
}

void WriteCoverage(JsonWriter& json, const query::Coverage& coverage) {
  json.BeginObject();
  json.Key("synced_through").Optional(coverage.synced_through);
  json.Key("stale_since").Optional(coverage.stale_since);
  json.Key("gaps").BeginArray();
  for (const auto& gap : coverage.gaps) {
    json.BeginObject();
    json.Key("from").String(gap.from).Key("to").String(gap.to);
    json.Key("days").Int(gap.days).Key("known").Bool(gap.known);
    json.EndObject();
  }
  json.EndArray();
  json.Key("missing_days").Int(coverage.missing_days);
  json.Key("known_gap_days").Int(coverage.known_gap_days);
  json.EndObject();
}

std::string CsvNumber(double value) {
  if (!std::isfinite(value)) return "";
  std::string text = fmt::format("{}", value);
  const size_t e = text.find('e');
  if (e == std::string::npos) return text;
  // "-1.234e-05" -> sign, digits "1234", point after 1 digit, exponent -5.
  const bool negative = text[0] == '-';
  std::string mantissa = text.substr(negative ? 1 : 0, e - (negative ? 1 : 0));
  const int exponent = std::atoi(text.c_str() + e + 1);
  const size_t dot = mantissa.find('.');
  int point = static_cast<int>(dot == std::string::npos ? mantissa.size() : dot) + exponent;
  if (dot != std::string::npos) mantissa.erase(dot, 1);
  std::string out = negative ? "-" : "";
  if (point <= 0) {
    out += "0." + std::string(static_cast<size_t>(-point), '0') + mantissa;
  } else if (point >= static_cast<int>(mantissa.size())) {
    out += mantissa + std::string(static_cast<size_t>(point) - mantissa.size(), '0');
  } else {
    out += mantissa.substr(0, static_cast<size_t>(point)) + "." +
           mantissa.substr(static_cast<size_t>(point));
  }
  return out;
}

std::string SymbolsCsv(const std::vector<const query::SymbolSummary*>& coins) {
  std::string out = "rank,symbol,name,source,pair,market_cap,price,first_day,last_day,rows\r\n";
  for (const auto* coin : coins) {
    AppendCsvOptional(out, coin->rank);
    out += ',';
    AppendCsvText(out, coin->symbol);
    out += ',';
    AppendCsvOptional(out, coin->name);
    out += ',';
    AppendCsvOptional(out, coin->source);
    out += ',';
    AppendCsvOptional(out, coin->pair);
    out += ',';
    AppendCsvOptional(out, coin->market_cap);
    out += ',';
    AppendCsvOptional(out, coin->price);
    out += ',';
    AppendCsvOptional(out, coin->first_day);
    out += ',';
    AppendCsvOptional(out, coin->last_day);
    out += ',';
    out += std::to_string(coin->rows);
    out += "\r\n";
  }
  return out;
}

std::string BarsCsv(const std::vector<query::Bar>& bars) {
  std::string out = "date,open,high,low,close,volume,quote_volume\r\n";
  for (const auto& bar : bars) {
    out += bar.date;
    for (double v : {bar.open, bar.high, bar.low, bar.close, bar.volume}) {
      out += ',';
      out += CsvNumber(v);
    }
    out += ',';
    AppendCsvOptional(out, bar.quote_volume);
    out += "\r\n";
  }
  return out;
}

std::string CompareCsv(const query::Comparison& comparison) {
  std::string out = "date";
  std::map<std::string, std::vector<std::optional<double>>> by_date;
  const size_t n = comparison.series.size();
  for (size_t i = 0; i < n; ++i) {
    out += ',';
    AppendCsvText(out, comparison.series[i].symbol);
    for (const auto& point : comparison.series[i].points) {
      auto& row = by_date[point.date];
      row.resize(n);
      row[i] = point.value;
    }
  }
  out += "\r\n";
  for (const auto& [date, values] : by_date) {
    out += date;
    for (const auto& value : values) {
      out += ',';
      AppendCsvOptional(out, value);
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace cryptoscope::serve
