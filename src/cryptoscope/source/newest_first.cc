#include "cryptoscope/source/newest_first.h"

namespace cryptoscope::source {

NewestFirstStep StepNewestFirst(const FetchPlan& plan, NewestFirstRows rows, Day floor) {
  const DayRange range = *plan.range;
  NewestFirstStep step;
  step.page.candles.reserve(rows.candles.size());
  for (const Candle& candle : rows.candles) {
    if (candle.day >= range.first && candle.day <= range.last) step.page.candles.push_back(candle);
  }
  // A day the venue still calls forming is not delivered: the marker stops before it.
  if (!step.page.candles.empty()) step.page.delivered_through = step.page.candles.back().day;
  const bool complete = rows.rows == 0 || !rows.oldest_row_day || *rows.oldest_row_day <= floor;
  if (!complete) step.older_than = *rows.oldest_row_day;
  return step;
}

}  // namespace cryptoscope::source
