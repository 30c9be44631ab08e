// SignalWatcher: SIGINT and SIGTERM ask the service to stop (drain, commit, exit 0); a
// second one exits at once. SIGHUP asks it to reload its rules.
//
// The signals are blocked in the constructing thread and handled by a thread of the
// watcher's own (sigtimedwait), so construct it before any other thread starts (librdkafka
// starts threads): they inherit the blocked mask and no signal lands in one of them.
//
// Thread-safety: the callbacks run on the watcher's thread.
#pragma once

#include <atomic>
#include <functional>
#include <thread>

namespace leakhound {

class SignalWatcher {
 public:
  SignalWatcher(std::function<void()> on_stop, std::function<void()> on_reload);
  ~SignalWatcher();
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

 private:
  std::function<void()> on_stop_;
  std::function<void()> on_reload_;
  std::atomic<bool> done_{false};
  std::thread thread_;
};

}  // namespace leakhound
