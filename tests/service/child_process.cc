#include "child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

namespace leakhound::service_test {
namespace {

pid_t Spawn(const std::string& program, const std::vector<std::string>& args, int output,
            int errors) {
  const pid_t pid = fork();
  if (pid != 0) return pid;
  dup2(output, STDOUT_FILENO);
  dup2(errors, STDERR_FILENO);
  const int null = open("/dev/null", O_RDONLY);
  dup2(null, STDIN_FILENO);
  // The test runner may have blocked signals; the child starts with none blocked.
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(program.c_str()));
  for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  execv(program.c_str(), argv.data());
  _exit(127);
}

int ExitCode(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

ChildProcess::ChildProcess(const std::string& program, const std::vector<std::string>& args,
                           const std::string& log_path)
    : log_path_(log_path) {
  const int output = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  pid_ = Spawn(program, args, output, output);
  close(output);
}

ChildProcess::~ChildProcess() {
  if (running()) {
    Kill(SIGKILL);
    Wait(std::chrono::seconds(10));
  }
}

void ChildProcess::Kill(int signal) {
  if (pid_ > 0) kill(pid_, signal);
}

bool ChildProcess::running() {
  if (pid_ <= 0) return false;
  int status = 0;
  const pid_t done = waitpid(pid_, &status, WNOHANG);
  if (done == pid_) {
    status_ = ExitCode(status);
    pid_ = -1;
    return false;
  }
  return true;
}

int ChildProcess::Wait(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (running()) {
    if (std::chrono::steady_clock::now() > deadline) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return status_;
}

std::string ChildProcess::log() const {
  std::ifstream in(log_path_);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::pair<int, std::string> RunProgram(const std::string& program,
                                       const std::vector<std::string>& args,
                                       std::chrono::milliseconds timeout, bool with_stderr) {
  char out_path[] = "/tmp/leakhound-out-XXXXXX";
  char err_path[] = "/tmp/leakhound-err-XXXXXX";
  const int output = mkstemp(out_path);
  const int errors = mkstemp(err_path);
  const pid_t pid = Spawn(program, args, output, with_stderr ? output : errors);
  close(output);
  close(errors);
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int code = -1;
  for (;;) {
    if (waitpid(pid, &status, WNOHANG) == pid) {
      code = ExitCode(status);
      break;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::ifstream in(out_path);
  std::ostringstream text;
  text << in.rdbuf();
  unlink(out_path);
  unlink(err_path);
  return {code, text.str()};
}

}  // namespace leakhound::service_test
