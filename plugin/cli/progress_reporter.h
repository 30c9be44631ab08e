// ProgressReporter: the scan's progress line on stderr: records, bytes, percentage of the
// input when its size is known, rate, detections and rejects. Redrawn in place on a
// terminal; a plain line every few seconds otherwise (only when asked for).
//
// Thread-safety: one reporter per scan, used by the scanning thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace leakhound {

enum class ProgressMode { kAuto, kAlways, kNever };

class ProgressReporter {
 public:
  ProgressReporter(ProgressMode mode, uint64_t total_bytes);

  // Cheap: looks at the clock only every 4096 calls.
  void Tick(uint64_t records, uint64_t bytes, uint64_t detections, uint64_t rejected) {
    if ((++calls_ & 4095) == 0 && enabled_) Update(records, bytes, detections, rejected);
  }
  // Clears the progress line before the summary is printed.
  void Finish();

 private:
  void Update(uint64_t records, uint64_t bytes, uint64_t detections, uint64_t rejected);

  bool enabled_ = false;
  bool terminal_ = false;
  uint64_t total_bytes_;
  uint64_t calls_ = 0;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
};

// "1.2M", "345k", "999".
std::string HumanCount(double value);
// "12.3 MB".
std::string HumanBytes(double bytes);

}  // namespace leakhound
