// ChildProcess: the leakhound binary (or kcat) run as a process of its own, so that a test
// can kill -9 it, send it SIGTERM, and read what it logged.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace leakhound::service_test {

class ChildProcess {
 public:
  // Starts `program` with `args`; stdout and stderr go to `log_path`.
  ChildProcess(const std::string& program, const std::vector<std::string>& args,
               const std::string& log_path);
  ~ChildProcess();  // kills it if it still runs
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  void Kill(int signal);
  // Waits for the exit; the exit code, 128 + the signal that ended it, or -1 on timeout.
  int Wait(std::chrono::milliseconds timeout);
  bool running();
  std::string log() const;

 private:
  pid_t pid_ = -1;
  std::string log_path_;
  int status_ = -1;
};

// Runs a program to its end and gives (exit code, stdout); stderr is dropped, or, with
// `with_stderr`, interleaved with stdout as a terminal would show them.
std::pair<int, std::string> RunProgram(const std::string& program,
                                       const std::vector<std::string>& args,
                                       std::chrono::milliseconds timeout, bool with_stderr = false);

}  // namespace leakhound::service_test
