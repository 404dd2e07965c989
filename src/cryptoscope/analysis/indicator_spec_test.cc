#include "cryptoscope/analysis/indicator_spec.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>

#include "cryptoscope/analysis/oscillators.h"
#include "cryptoscope/analysis/screen.h"

namespace cryptoscope::analysis {
namespace {

Series MakeSeries(int n) {
  Series s;
  for (int i = 0; i < n; ++i) {
    s.days.push_back(*ParseDay("2024-01-01") + std::chrono::days{i});
    const double c = 100 + 10 * std::sin(i * 0.1) + i * 0.05;
    s.open.push_back(c - 0.5);
    s.high.push_back(c + 1);
    s.low.push_back(c - 1);
    s.close.push_back(c);
    s.volume.push_back(1000 + i);
  }
  return s;
}

TEST(ParseIndicatorTest, FillsDefaultsAndGivesACanonicalId) {
  auto macd = ParseIndicator("macd");
  ASSERT_TRUE(macd);
  EXPECT_EQ(macd->Id(), "macd:12:26:9");
  auto bb = ParseIndicator("BB:20");
  ASSERT_TRUE(bb);
  EXPECT_EQ(bb->Id(), "bb:20:2");
  EXPECT_EQ(ParseIndicator("bb:10:2.5")->Id(), "bb:10:2.5");
  EXPECT_EQ(ParseIndicator("obv")->Id(), "obv");
  auto list = ParseIndicators("rsi:14,macd,bb:20:2");
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ((*list)[0].Id(), "rsi:14");
}

TEST(ParseIndicatorTest, RejectsWhatItCannotCompute) {
  EXPECT_EQ(ParseIndicator("foo").error().message,
            "indicator 'foo': unknown name; use sma, ema, wma, rsi, atr, bb, macd, stoch, obv, "
            "vol, ret or logret");
  EXPECT_EQ(ParseIndicator("rsi:14.5").error().message,
            "indicator 'rsi:14.5': parameter 1 ('14.5') must be a whole number of days from 1 to "
            "10000");
  EXPECT_EQ(ParseIndicator("rsi:x").error().message,
            "indicator 'rsi:x': parameter 1 ('x') is not a number");
  EXPECT_EQ(ParseIndicator("rsi:14:2").error().message,
            "indicator 'rsi:14:2': takes at most 1 parameter(s)");
  EXPECT_EQ(ParseIndicator("macd:26:12:9").error().message,
            "indicator 'macd:26:12:9': macd: fast period (26) must be shorter than slow period "
            "(12)");
  EXPECT_FALSE(ParseIndicator("rsi:"));
  EXPECT_FALSE(ParseIndicator("sma:0"));
  EXPECT_FALSE(ParseIndicator("bb:20:-1"));
  EXPECT_FALSE(ParseIndicators(""));
  EXPECT_FALSE(ParseIndicators("rsi,,sma"));
}

TEST(ComputeIndicatorTest, WarmupIsTheFirstCompleteRow) {
  const Series s = MakeSeries(100);
  for (const char* text : {"sma:20", "ema:20", "wma:20", "rsi:14", "atr:14", "bb:20:2",
                           "macd:12:26:9", "stoch:14:3", "obv", "vol:30", "ret", "logret"}) {
    auto values = ComputeIndicator(*ParseIndicator(text), s);
    ASSERT_TRUE(values) << text;
    size_t first = 0;
    while (!values->RowComplete(first)) ++first;
    EXPECT_EQ(first, static_cast<size_t>(values->warmup)) << text;
    EXPECT_EQ(values->columns.size(), values->values.size()) << text;
  }
  auto macd = ComputeIndicator(*ParseIndicator("macd"), s);
  EXPECT_EQ(macd->columns, (std::vector<std::string>{"macd", "signal", "histogram"}));
  EXPECT_EQ(macd->warmup, 33);
  const auto line = ComputeMacd(s.close)->macd;
  for (size_t i = 25; i < line.size(); ++i) EXPECT_EQ(macd->values[0][i], line[i]);
}

TEST(ScreenTest, MeasuresAtTheLastRow) {
  const Series s = MakeSeries(100);
  EXPECT_DOUBLE_EQ(ScreenValue(ScreenMeasure::kReturn30d, s), s.close[99] / s.close[69] - 1);
  EXPECT_DOUBLE_EQ(ScreenValue(ScreenMeasure::kRsi14, s), Rsi(s.close, 14)->back());
  double high = 0;
  for (double c : s.close) high = std::max(high, c);
  EXPECT_DOUBLE_EQ(ScreenValue(ScreenMeasure::kDrawdown, s), s.close.back() / high - 1);
  EXPECT_TRUE(std::isnan(ScreenValue(ScreenMeasure::kReturn30d, MakeSeries(30))));
  EXPECT_EQ(ScreenMeasureFromName("rsi_14"), ScreenMeasure::kRsi14);
  EXPECT_FALSE(ScreenMeasureFromName("rsi"));
}

TEST(ScreenTest, ReturnOverAGapUsesTheLastRowBeforeTheWindow) {
  Series s = MakeSeries(100);
  // Drop day 69 (30 days before the last): the base becomes day 68.
  s.days.erase(s.days.begin() + 69);
  s.close.erase(s.close.begin() + 69);
  s.open.erase(s.open.begin() + 69);
  s.high.erase(s.high.begin() + 69);
  s.low.erase(s.low.begin() + 69);
  s.volume.erase(s.volume.begin() + 69);
  EXPECT_DOUBLE_EQ(ScreenValue(ScreenMeasure::kReturn30d, s), s.close.back() / s.close[68] - 1);
}

}  // namespace
}  // namespace cryptoscope::analysis
