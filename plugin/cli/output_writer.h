// OutputWriter: buffered writes of lines to a file descriptor (stdout, a dead-letter
// file), with write errors reported instead of lost; a closed pipe (scan | head) is
// recognised so the scan can stop quietly.
//
// Thread-safety: one writer per thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace leakhound {

class OutputWriter {
 public:
  explicit OutputWriter(int fd, bool owns_fd = false) : fd_(fd), owns_fd_(owns_fd) {}
  ~OutputWriter();
  OutputWriter(const OutputWriter&) = delete;
  OutputWriter& operator=(const OutputWriter&) = delete;

  // Opens (truncating) a file for writing.
  static Result<std::unique_ptr<OutputWriter>> OpenFile(const std::string& path);

  // Appends `line` and a newline; flushes when the buffer passes 64 KiB.
  void WriteLine(std::string_view line);
  Status Flush();

  bool failed() const { return !status_.ok(); }
  bool pipe_closed() const { return pipe_closed_; }
  const Status& status() const { return status_; }

 private:
  int fd_;
  bool owns_fd_;
  std::string buffer_;
  Status status_;
  bool pipe_closed_ = false;
};

}  // namespace leakhound
