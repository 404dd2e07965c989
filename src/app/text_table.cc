#include "app/text_table.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace cryptoscope::app {

void PrintTable(std::FILE* out, const TextTable& table) {
  std::vector<size_t> width(table.header.size(), 0);
  auto widen = [&](const std::vector<std::string>& row) {
    for (size_t c = 0; c < row.size() && c < width.size(); ++c) {
      width[c] = std::max(width[c], row[c].size());
    }
  };
  widen(table.header);
  for (const auto& row : table.rows) widen(row);
  auto print = [&](const std::vector<std::string>& row) {
    std::string line;
    for (size_t c = 0; c < row.size() && c < width.size(); ++c) {
      if (c > 0) line += "  ";
      line += c == 0 ? fmt::format("{:<{}}", row[c], width[c])
                     : fmt::format("{:>{}}", row[c], width[c]);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    fmt::print(out, "{}\n", line);
  };
  print(table.header);
  for (const auto& row : table.rows) print(row);
}

namespace {

std::string CsvCell(const std::string& cell) {
  if (cell.find_first_of(",\"\n\r") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (char c : cell) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

}  // namespace

void PrintCsv(std::FILE* out, const TextTable& table) {
  auto print = [&](const std::vector<std::string>& row) {
    std::string line;
    for (size_t c = 0; c < row.size(); ++c) {
      if (c > 0) line += ',';
      line += CsvCell(row[c]);
    }
    fmt::print(out, "{}\n", line);
  };
  print(table.header);
  for (const auto& row : table.rows) print(row);
}

std::string HumanNumber(double value) {
  if (!std::isfinite(value)) return "";
  return fmt::format("{:.8g}", value);
}

std::string ExactNumber(double value) {
  if (!std::isfinite(value)) return "";
  return fmt::format("{}", value);
}

}  // namespace cryptoscope::app
