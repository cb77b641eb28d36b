#include "sim/progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace sim {

Progress::Progress(std::size_t total, std::string unit, bool enabled)
    : total_(total),
      unit_(std::move(unit)),
      enabled_(enabled),
      start_(std::chrono::steady_clock::now()) {
  draw(true);
}

Progress::~Progress() {
  finish();
}

bool Progress::terminal() {
  return isatty(STDOUT_FILENO) == 1 && isatty(STDERR_FILENO) == 1;
}

void Progress::advance(std::size_t n) {
  done_ += n;
  draw(done_.load() == total_);
}

void Progress::finish() {
  std::lock_guard lock(mutex_);
  if (!enabled_ || finished_) return;
  finished_ = true;
  std::fputs("\r\033[K", stderr);
  std::fflush(stderr);
}

void Progress::draw(bool force) {
  if (!enabled_) return;
  std::lock_guard lock(mutex_);
  if (finished_) return;
  const auto now = std::chrono::steady_clock::now();
  if (!force && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  const std::size_t done = done_.load();
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0.0;
  const double fraction = total_ ? static_cast<double>(done) / static_cast<double>(total_) : 1.0;
  constexpr int width = 30;
  const int filled = static_cast<int>(fraction * width);
  char bar[width + 1];
  for (int i = 0; i < width; ++i) bar[i] = i < filled ? '#' : '.';
  bar[width] = '\0';
  if (rate > 0 && done < total_) {
    const double left = static_cast<double>(total_ - done) / rate;
    std::fprintf(stderr, "\r\033[K[%s] %zu/%zu %s  %.1f/s  %.0f s left", bar, done, total_,
                 unit_.c_str(), rate, left);
  } else {
    std::fprintf(stderr, "\r\033[K[%s] %zu/%zu %s", bar, done, total_, unit_.c_str());
  }
  std::fflush(stderr);
}

}  // namespace sim
