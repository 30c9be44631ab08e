// Clock: the one place leakhound reads the wall clock, injectable so that tests and
// reproducible scans (--fixed-time) control "now". Event-time logic never uses it.
//
// Thread-safety: implementations are safe to call from any thread.
#pragma once

#include <atomic>
#include <chrono>

#include "core/time.h"

namespace leakhound {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint Now() const override {
    return std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());
  }
};

class FixedClock final : public Clock {
 public:
  explicit FixedClock(TimePoint now) : now_(now.time_since_epoch().count()) {}
  TimePoint Now() const override { return TimePoint(Duration(now_.load())); }
  void Set(TimePoint now) { now_ = now.time_since_epoch().count(); }

 private:
  std::atomic<int64_t> now_;
};

}  // namespace leakhound
