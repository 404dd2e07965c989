#include "cryptoscope/pipeline/progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <utility>

namespace cryptoscope::pipeline {
namespace {

constexpr std::chrono::milliseconds kBarInterval{100};
constexpr int kBarWidth = 30;

}  // namespace

Progress::Mode Progress::AutoMode(std::FILE* stream) {
  return isatty(fileno(stream)) ? Mode::kBar : Mode::kLines;
}

Progress::Progress(std::FILE* stream, Mode mode, std::chrono::milliseconds line_interval)
    : stream_(stream), mode_(mode), line_interval_(line_interval) {}

void Progress::Stage(const std::string& what) {
  if (mode_ == Mode::kNone) return;
  fmt::print(stream_, "{}\n", what);
  std::fflush(stream_);
}

void Progress::Start(int coins_to_fetch) {
  total_ = coins_to_fetch;
  started_ = last_draw_ = std::chrono::steady_clock::now();
  Draw(false);
}

void Progress::CoinDone(bool failed) {
  ++done_;
  if (failed) ++failed_;
}

void Progress::Tick(int64_t requests, std::string note) {
  requests_ = requests;
  note_ = std::move(note);
  const auto now = std::chrono::steady_clock::now();
  const auto interval = mode_ == Mode::kBar ? kBarInterval : line_interval_;
  if (now - last_draw_ >= interval) {
    last_draw_ = now;
    Draw(false);
  }
}

void Progress::Finish() { Draw(true); }

void Progress::Draw(bool final) {
  if (mode_ == Mode::kNone || total_ == 0) return;
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  const double fraction = static_cast<double>(done_) / total_;
  std::string eta = "";
  // A rate limit's hold (the note) would make the rate so far a poor guide: no eta then.
  if (done_ > 0 && done_ < total_ && note_.empty()) {
    eta = fmt::format(" eta {:.0f}s", elapsed / fraction - elapsed);
  }
  std::string counts = fmt::format("{}/{} coins, {} rows, {} requests, {} failed, {:.1f}s{}",
                                   done_, total_, rows_, requests_, failed_, elapsed, eta);
  if (!note_.empty() && !final) counts += "; " + note_;
  if (mode_ == Mode::kBar) {
    const int filled = static_cast<int>(fraction * kBarWidth);
    fmt::print(stream_, "\r[{}{}] {}\x1b[K", std::string(filled, '#'),
               std::string(kBarWidth - filled, '.'), counts);
    if (final) fmt::print(stream_, "\n");
  } else {
    fmt::print(stream_, "progress: {}\n", counts);
  }
  std::fflush(stream_);
}

}  // namespace cryptoscope::pipeline
