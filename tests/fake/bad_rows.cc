// The kBadRow* faults: a well-formed answer with one row a client must refuse. Works on the text
// the handlers wrote (their layout is known and has no nested brackets inside a row).
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fake/fake_internal.h"

namespace cryptoscope::fake::internal {
namespace {

struct RowSpan {
  size_t begin = 0;  // The row's opening bracket.
  size_t end = 0;    // One past its closing bracket.
};

// Klines rows: the inner arrays of a body that starts with "[[".
std::vector<RowSpan> KlineRows(const std::string& body) {
  std::vector<RowSpan> rows;
  if (!body.starts_with("[[")) return rows;
  size_t pos = 1;
  while (pos < body.size() && body[pos] == '[') {
    const size_t close = body.find(']', pos);
    if (close == std::string::npos) break;
    rows.push_back({pos, close + 1});
    pos = close + 1;
    if (pos < body.size() && body[pos] == ',') ++pos;
  }
  return rows;
}

// Histoday rows: the objects that start with {"time":.
std::vector<RowSpan> HistoDayRows(const std::string& body) {
  std::vector<RowSpan> rows;
  for (size_t pos = body.find(R"({"time":)"); pos != std::string::npos;
       pos = body.find(R"({"time":)", pos + 1)) {
    const size_t close = body.find('}', pos);
    if (close == std::string::npos) break;
    rows.push_back({pos, close + 1});
  }
  return rows;
}

std::vector<std::string> SplitFields(std::string_view row) {  // Row without its brackets.
  std::vector<std::string> fields;
  size_t start = 0;
  while (true) {
    const size_t comma = row.find(',', start);
    fields.emplace_back(row.substr(start, comma - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return fields;
}

std::string JoinFields(const std::vector<std::string>& fields, char open, char close) {
  std::string out(1, open);
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out.push_back(',');
    out += fields[i];
  }
  out.push_back(close);
  return out;
}

// Binance row: [openTime,"open","high","low","close","volume",closeTime,...].
std::string CorruptKline(FaultKind kind, std::string_view row) {
  auto fields = SplitFields(row.substr(1, row.size() - 2));
  if (fields.size() < 7) return std::string(row);
  switch (kind) {
    case FaultKind::kBadRowLowAboveHigh:
      std::swap(fields[2], fields[3]);
      break;
    case FaultKind::kBadRowNegative:
      fields[5].insert(1, "-");  // After the opening quote.
      break;
    case FaultKind::kBadRowTimeUnit:
      fields[0] = std::to_string(std::stoll(fields[0]) / 1000);
      break;
    default:
      break;
  }
  return JoinFields(fields, '[', ']');
}

// CryptoCompare row: {"time":T,"high":H,"low":L,"open":O,"volumefrom":V,...}.
std::string CorruptHistoDay(FaultKind kind, std::string_view row) {
  auto fields = SplitFields(row.substr(1, row.size() - 2));
  auto find = [&](std::string_view key) -> std::string* {
    const std::string prefix = "\"" + std::string(key) + "\":";
    for (auto& field : fields) {
      if (field.starts_with(prefix)) return &field;
    }
    return nullptr;
  };
  auto value_start = [](const std::string& field) { return field.find(':') + 1; };
  std::string* time = find("time");
  std::string* high = find("high");
  std::string* low = find("low");
  std::string* volume = find("volumefrom");
  if (!time || !high || !low || !volume) return std::string(row);
  switch (kind) {
    case FaultKind::kBadRowLowAboveHigh: {
      std::string high_value = high->substr(value_start(*high));
      std::string low_value = low->substr(value_start(*low));
      *high = "\"high\":" + low_value;
      *low = "\"low\":" + high_value;
      break;
    }
    case FaultKind::kBadRowNegative:
      volume->insert(value_start(*volume), "-");
      break;
    case FaultKind::kBadRowTimeUnit:
      *time = "\"time\":" + std::to_string(std::stoll(time->substr(value_start(*time))) * 1000);
      break;
    default:
      break;
  }
  return JoinFields(fields, '{', '}');
}

}  // namespace

void CorruptRow(FaultKind kind, std::string& body) {
  const bool klines = body.starts_with("[[");
  const std::vector<RowSpan> rows = klines ? KlineRows(body) : HistoDayRows(body);
  if (rows.empty()) return;
  const RowSpan target = rows[rows.size() >= 2 ? rows.size() - 2 : 0];
  const std::string row = body.substr(target.begin, target.end - target.begin);
  if (kind == FaultKind::kBadRowDuplicateDay) {
    body.insert(target.end, "," + row);
    return;
  }
  body.replace(target.begin, target.end - target.begin,
               klines ? CorruptKline(kind, row) : CorruptHistoDay(kind, row));
}

}  // namespace cryptoscope::fake::internal
