#include "cli/output_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace leakhound {

OutputWriter::~OutputWriter() {
  (void)Flush();
  if (owns_fd_) ::close(fd_);
}

Result<std::unique_ptr<OutputWriter>> OutputWriter::OpenFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (fd < 0) return IoError("cannot open " + path + " for writing: " + std::strerror(errno));
  return std::make_unique<OutputWriter>(fd, /*owns_fd=*/true);
}

void OutputWriter::WriteLine(std::string_view line) {
  buffer_.append(line);
  buffer_ += '\n';
  if (buffer_.size() >= 64 * 1024) (void)Flush();
}

Status OutputWriter::Flush() {
  size_t written = 0;
  while (written < buffer_.size() && status_.ok()) {
    const ssize_t n = ::write(fd_, buffer_.data() + written, buffer_.size() - written);
    if (n >= 0) {
      written += static_cast<size_t>(n);
    } else if (errno == EPIPE) {
      pipe_closed_ = true;
      status_ = IoError("the reader closed the output");
    } else if (errno != EINTR) {
      status_ = IoError(std::string("write failed: ") + std::strerror(errno));
    }
  }
  buffer_.clear();
  return status_;
}

}  // namespace leakhound
