// Progress on stderr while coins are fetched: a live bar redrawn in place when the stream is a
// terminal, otherwise one line every few seconds (logs and CI stay readable).
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace cryptoscope::pipeline {

class Progress {
 public:
  enum class Mode { kNone, kBar, kLines };
  // kBar when `stream` is a terminal, else kLines.
  static Mode AutoMode(std::FILE* stream);

  Progress(std::FILE* stream, Mode mode,
           std::chrono::milliseconds line_interval = std::chrono::seconds{5});

  void Stage(const std::string& what);  // "discovering the top 1000 coins".
  void Start(int coins_to_fetch);
  // A coin is finished (stored or failed); `rows` were written for it in all.
  void CoinDone(bool failed);
  void RowsWritten(int64_t rows) { rows_ += rows; }
  // Redraws if due. `note`, when not empty, follows the counts until the next Tick, e.g. why no
  // request is starting: "binance paced by its rate limit, 38s to go".
  void Tick(int64_t requests, std::string note = {});
  void Finish();

 private:
  void Draw(bool final);

  std::FILE* stream_;
  Mode mode_;
  std::chrono::milliseconds line_interval_;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_draw_;
  int total_ = 0;
  int done_ = 0;
  int failed_ = 0;
  int64_t rows_ = 0;
  int64_t requests_ = 0;
  std::string note_;
};

}  // namespace cryptoscope::pipeline
