// A coin's whole stored history as the analysis functions take it (analysis/series.h), read
// through a Reader. Shared by `cryptoscope analyze` and the analysis endpoints.
#pragma once

#include <string_view>

#include "cryptoscope/analysis/series.h"
#include "cryptoscope/core/result.h"
#include "cryptoscope/query/reader.h"

namespace cryptoscope::query {

// Every stored row of `symbol` (exact), in date order; an empty Series when there is none.
// Errors of Reader::Bars; kBadData for a stored date that does not parse.
[[nodiscard]] Result<analysis::Series> LoadDailySeries(Reader& reader, std::string_view symbol);

}  // namespace cryptoscope::query
