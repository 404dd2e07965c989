#include "cryptoscope/pipeline/progress.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace cryptoscope::pipeline {
namespace {

// What `progress` wrote to its stream, read back from a temporary file.
std::string Written(std::FILE* stream) {
  std::fflush(stream);
  std::rewind(stream);
  std::string text;
  for (int c = std::fgetc(stream); c != EOF; c = std::fgetc(stream)) {
    text.push_back(static_cast<char>(c));
  }
  return text;
}

std::string Tail(const std::string& text, size_t from) { return text.substr(from); }

TEST(ProgressTest, LinesSayWhyNoRequestStartsWhileARateLimitHolds) {
  std::FILE* stream = std::tmpfile();
  ASSERT_NE(stream, nullptr);
  {
    Progress progress(stream, Progress::Mode::kLines, std::chrono::milliseconds{0});
    progress.Start(4);
    progress.CoinDone(false);
    progress.RowsWritten(1000);
    const size_t before = Written(stream).size();
    progress.Tick(3, "binance paced by its rate limit, 38s to go");
    const std::string line = Tail(Written(stream), before);
    EXPECT_EQ(line.rfind("progress: 1/4 coins, 1000 rows, 3 requests, 0 failed, ", 0), 0u) << line;
    EXPECT_NE(line.find("s; binance paced by its rate limit, 38s to go\n"), std::string::npos)
        << line;
    EXPECT_EQ(line.find("eta"), std::string::npos) << "no eta during a hold: " << line;

    // The hold is over: the next line has no note, nor has the final one.
    const size_t held = Written(stream).size();
    progress.Tick(4);
    progress.CoinDone(false);
    progress.Finish();
    const std::string after = Tail(Written(stream), held);
    EXPECT_EQ(after.find("paced"), std::string::npos) << after;
    EXPECT_NE(after.find("progress: 1/4 coins, 1000 rows, 4 requests, 0 failed, "),
              std::string::npos)
        << after;
    EXPECT_NE(after.find(" eta "), std::string::npos) << after;
    EXPECT_NE(after.find("progress: 2/4 coins"), std::string::npos) << after;
  }
  std::fclose(stream);
}

TEST(ProgressTest, NoneModeWritesNothing) {
  std::FILE* stream = std::tmpfile();
  ASSERT_NE(stream, nullptr);
  {
    Progress progress(stream, Progress::Mode::kNone, std::chrono::milliseconds{0});
    progress.Stage("discovering");
    progress.Start(1);
    progress.Tick(1, "binance paced by its rate limit, 38s to go");
    progress.Finish();
  }
  EXPECT_EQ(Written(stream), "");
  std::fclose(stream);
}

}  // namespace
}  // namespace cryptoscope::pipeline
