// Plain-text output of `cryptoscope analyze`: a table aligned for a terminal, or RFC 4180 CSV.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

namespace cryptoscope::app {

struct TextTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

// Columns padded to their widest cell; the first column left-aligned, the others right-aligned.
void PrintTable(std::FILE* out, const TextTable& table);
// Header then rows, comma-separated; cells with a comma, quote or newline are quoted.
void PrintCsv(std::FILE* out, const TextTable& table);

// Numbers for humans: 8 significant digits; "" for NaN. For CSV: shortest round-trip text.
std::string HumanNumber(double value);
std::string ExactNumber(double value);

}  // namespace cryptoscope::app
