// RulePackWatcher: notices that a rule pack on disk changed (a file added, removed,
// rewritten) by looking at its files' sizes and modification times every `interval`, and
// calls back once per change. Polling, not inotify: it also sees a ConfigMap volume swap
// its symlinks in Kubernetes, and costs a few stat calls per interval.
//
// Thread-safety: the callback runs on the watcher's thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace leakhound {

class RulePackWatcher {
 public:
  RulePackWatcher(std::string path, std::chrono::milliseconds interval,
                  std::function<void()> on_change);
  ~RulePackWatcher();
  RulePackWatcher(const RulePackWatcher&) = delete;
  RulePackWatcher& operator=(const RulePackWatcher&) = delete;

  // A hash of what the pack's files look like now (names, sizes, times).
  static uint64_t Fingerprint(const std::string& path);

 private:
  std::string path_;
  std::chrono::milliseconds interval_;
  std::function<void()> on_change_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool done_ = false;
  std::thread thread_;
};

}  // namespace leakhound
