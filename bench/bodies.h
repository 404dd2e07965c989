// Realistic response bodies for the parse benchmark, generated in code (no files): a Binance
// klines page and a CryptoCompare histoday page, shaped and formatted like the real ones
// (docs/api-contract.md sections 3 and 6).
#pragma once

#include <cstdint>
#include <string>

#include "cryptoscope/core/day.h"

namespace cryptoscope::bench {

// `rows` consecutive 1d klines starting at `first`, all closed by `first + rows` days: 12 fields
// each, prices and volumes as 8-decimal strings ("94210.01000000"), a random walk around 95000.
// The string's spare capacity covers simdjson's padding, as the transport leaves it.
std::string KlinesBody(Day first, int rows);

// A v2 histoday success envelope with `rows` rows starting at `first` (keys in CryptoCompare's
// order: time, high, low, open, volumefrom, volumeto, close, conversionType, conversionSymbol),
// numbers in shortest round-trip form with up to 2-8 decimals. Padded like KlinesBody.
std::string HistoDayBody(Day first, int rows);

}  // namespace cryptoscope::bench
