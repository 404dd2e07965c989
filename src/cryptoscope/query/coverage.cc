#include "cryptoscope/query/coverage.h"

#include <algorithm>
#include <chrono>

#include "cryptoscope/core/day.h"

namespace cryptoscope::query {

Coverage FindGaps(const std::vector<std::string>& dates, const std::vector<std::string>& known) {
  Coverage coverage;
  auto close_run = [&](Day from, Day to, bool is_known) {
    const int64_t days = DaysBetween(from, to) + 1;
    coverage.gaps.push_back({FormatDay(from), FormatDay(to), days, is_known});
    (is_known ? coverage.known_gap_days : coverage.missing_days) += days;
  };
  std::optional<Day> previous;
  for (const auto& text : dates) {
    const auto day = ParseDay(text);
    if (!day) continue;
    if (previous) {
      // Missing days previous+1 .. day-1, split into runs of equal known-ness.
      std::optional<Day> run_start;
      bool run_known = false;
      for (Day d = *previous + std::chrono::days{1}; d < *day; d += std::chrono::days{1}) {
        const bool is_known = std::binary_search(known.begin(), known.end(), FormatDay(d));
        if (run_start && is_known != run_known) {
          close_run(*run_start, d - std::chrono::days{1}, run_known);
          run_start.reset();
        }
        if (!run_start) {
          run_start = d;
          run_known = is_known;
        }
      }
      if (run_start) close_run(*run_start, *day - std::chrono::days{1}, run_known);
    }
    previous = day;
  }
  return coverage;
}

}  // namespace cryptoscope::query
