// Countdown: a count that threads take down and others wait on, with a bounded wait (what
// std::latch lacks): the service waits for its workers to reach a barrier, but never past a
// deadline.
//
// Thread-safety: every method locks; safe from any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>

namespace leakhound {

class Countdown {
 public:
  explicit Countdown(size_t count) : count_(count) {}

  void CountDown() {
    std::lock_guard lock(mutex_);
    if (count_ > 0 && --count_ == 0) done_.notify_all();
  }

  // True when the count reached zero within `timeout`.
  template <typename Rep, typename Period>
  bool WaitFor(std::chrono::duration<Rep, Period> timeout) {
    std::unique_lock lock(mutex_);
    return done_.wait_for(lock, timeout, [&] { return count_ == 0; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable done_;
  size_t count_;
};

}  // namespace leakhound
