#include "cli/signal_watcher.h"

#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <ctime>

namespace leakhound {
namespace {

sigset_t WatchedSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  return set;
}

}  // namespace

SignalWatcher::SignalWatcher(std::function<void()> on_stop, std::function<void()> on_reload)
    : on_stop_(std::move(on_stop)), on_reload_(std::move(on_reload)) {
  const sigset_t set = WatchedSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  thread_ = std::thread([this, set] {
    bool stopping = false;
    const timespec tick{0, 200'000'000};  // to notice done_
    while (!done_.load()) {
      const int signal = sigtimedwait(&set, nullptr, &tick);
      if (signal == SIGHUP) {
        on_reload_();
      } else if (signal == SIGINT || signal == SIGTERM) {
        if (stopping) {
          static constexpr char kMessage[] = "leakhound: second stop signal, exiting now\n";
          (void)!write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
          std::_Exit(128 + signal);
        }
        stopping = true;
        on_stop_();
      }
    }
  });
}

SignalWatcher::~SignalWatcher() {
  done_.store(true);
  if (thread_.joinable()) thread_.join();
}

}  // namespace leakhound
