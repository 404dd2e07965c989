// Compensated summation (Neumaier's variant of Kahan's): the running sum of any sequence of
// additions and subtractions stays within a few ulps of the exact sum, without drift.
#pragma once

#include <cmath>

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

}  // namespace cryptoscope::analysis
