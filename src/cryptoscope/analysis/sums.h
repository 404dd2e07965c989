// Sums over series. NeumaierSum: compensated summation (Neumaier's variant of Kahan's), the
// running sum of any sequence of additions and subtractions stays within a few ulps of the exact
// sum, without drift. Mean: the plain arithmetic mean, for the statistics over whole windows.
#pragma once

#include <cmath>
#include <span>

namespace cryptoscope::analysis {

class NeumaierSum {
 public:
  void Add(double x) {
    const double t = sum_ + x;
    if (std::fabs(sum_) >= std::fabs(x)) {
      compensation_ += (sum_ - t) + x;
    } else {
      compensation_ += (x - t) + sum_;
    }
    sum_ = t;
  }
  double Value() const { return sum_ + compensation_; }

 private:
  double sum_ = 0;
  double compensation_ = 0;
};

// Sum / count, in one plain pass; NaN when `x` is empty (callers check the length first).
inline double Mean(std::span<const double> x) {
  double sum = 0;
  for (double v : x) sum += v;
  return sum / static_cast<double>(x.size());
}

}  // namespace cryptoscope::analysis
