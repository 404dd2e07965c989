// Gaps in a coin's stored history. Pure.
#pragma once

#include <string>
#include <vector>

#include "cryptoscope/query/rows.h"

namespace cryptoscope::query {

// Runs of days between the first and last of `dates` that have no row, split where the days
// switch between known (in `known`) and unknown. Both inputs ascending 'YYYY-MM-DD'. Fills
// gaps, missing_days and known_gap_days of the result (the sync fields are left empty).
Coverage FindGaps(const std::vector<std::string>& dates, const std::vector<std::string>& known);

}  // namespace cryptoscope::query
