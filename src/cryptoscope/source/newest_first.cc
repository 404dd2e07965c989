#include "cryptoscope/source/newest_first.h"

namespace cryptoscope::source {

NewestFirstStep StepNewestFirst(const FetchPlan& plan, NewestFirstRows rows, Day floor) {
  const DayRange range = *plan.range;
  NewestFirstStep step;
  step.page.candles.reserve(rows.candles.size());
  for (const Candle& candle : rows.candles) {
    if (candle.day >= range.first && candle.day <= range.last) step.page.candles.push_back(candle);
  }
  const bool complete = rows.rows == 0 || !rows.oldest_row_day || *rows.oldest_row_day <= floor;
  if (!complete) {
    step.page.synced_through = range.first - std::chrono::days{1};
    step.older_than = *rows.oldest_row_day;
    return step;
  }
  step.page.synced_through = range.last;
  if (rows.first_open_day && *rows.first_open_day <= range.last) {
    // The venue has not closed that day yet (it lags after midnight): ask for it again next run.
    step.page.synced_through = std::max(range.first, *rows.first_open_day) - std::chrono::days{1};
  }
  return step;
}

}  // namespace cryptoscope::source
