#include "cli/progress_reporter.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace leakhound {

std::string HumanCount(double value) {
  char buffer[32];
  if (value >= 1e9) {
    std::snprintf(buffer, sizeof buffer, "%.2fG", value / 1e9);
  } else if (value >= 1e6) {
    std::snprintf(buffer, sizeof buffer, "%.2fM", value / 1e6);
  } else if (value >= 1e4) {
    std::snprintf(buffer, sizeof buffer, "%.1fk", value / 1e3);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.0f", value);
  }
  return buffer;
}

std::string HumanBytes(double bytes) {
  char buffer[32];
  if (bytes >= 1e9) {
    std::snprintf(buffer, sizeof buffer, "%.2f GB", bytes / 1e9);
  } else if (bytes >= 1e6) {
    std::snprintf(buffer, sizeof buffer, "%.1f MB", bytes / 1e6);
  } else if (bytes >= 1e3) {
    std::snprintf(buffer, sizeof buffer, "%.1f kB", bytes / 1e3);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.0f B", bytes);
  }
  return buffer;
}

ProgressReporter::ProgressReporter(ProgressMode mode, uint64_t total_bytes)
    : total_bytes_(total_bytes) {
  terminal_ = ::isatty(STDERR_FILENO) == 1;
  enabled_ = mode == ProgressMode::kAlways || (mode == ProgressMode::kAuto && terminal_);
  start_ = last_ = std::chrono::steady_clock::now();
}

void ProgressReporter::Update(uint64_t records, uint64_t bytes, uint64_t detections,
                              uint64_t rejected) {
  const auto now = std::chrono::steady_clock::now();
  const auto interval = terminal_ ? std::chrono::milliseconds(250) : std::chrono::seconds(5);
  if (now - last_ < interval) return;
  last_ = now;
  const double seconds = std::chrono::duration<double>(now - start_).count();
  std::string percent;
  if (total_bytes_ > 0) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, " %3.0f%%",
                  100.0 * static_cast<double>(bytes) / static_cast<double>(total_bytes_));
    percent = buffer;
  }
  std::fprintf(
      stderr, "%sleakhound:%s %s records, %s, %s records/s, %llu detections, %llu rejected%s",
      terminal_ ? "\r" : "", percent.c_str(), HumanCount(static_cast<double>(records)).c_str(),
      HumanBytes(static_cast<double>(bytes)).c_str(),
      HumanCount(static_cast<double>(records) / std::max(seconds, 1e-9)).c_str(),
      static_cast<unsigned long long>(detections), static_cast<unsigned long long>(rejected),
      terminal_ ? "\033[K" : "\n");
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressReporter::Finish() {
  if (drawn_ && terminal_) std::fprintf(stderr, "\r\033[K");
}

}  // namespace leakhound
