#include "codec/line_reader.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace leakhound {

LineReader::LineReader(int fd, Options options) : fd_(fd), options_(options) {
  buffer_.resize(options_.read_bytes + kLinePadding);
}

Result<bool> LineReader::Fill() {
  if (eof_) return false;
  // Keep the unconsumed tail at the front, and room for a full read plus padding.
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (buffer_.size() < end_ + options_.read_bytes + kLinePadding) {
    buffer_.resize(end_ + options_.read_bytes + kLinePadding);
  }
  for (;;) {
    const ssize_t n = ::read(fd_, buffer_.data() + end_, options_.read_bytes);
    if (n > 0) {
      end_ += static_cast<size_t>(n);
      bytes_read_ += static_cast<uint64_t>(n);
      return true;
    }
    if (n == 0) {
      eof_ = true;
      return false;
    }
    if (errno != EINTR) return IoError(std::string("read failed: ") + std::strerror(errno));
  }
}

Result<bool> LineReader::Next(Line& line) {
  line = Line{};
  size_t scanned = begin_;  // bytes before this were searched for '\n' already
  uint64_t skipped = 0;     // bytes of an over-long line already thrown away
  for (;;) {
    const void* newline = std::memchr(buffer_.data() + scanned, '\n', end_ - scanned);
    if (newline != nullptr || (eof_ && end_ > begin_) || (eof_ && skipped > 0)) {
      const size_t stop =
          newline != nullptr
              ? static_cast<size_t>(static_cast<const char*>(newline) - buffer_.data())
              : end_;
      const size_t length = stop - begin_;
      line.number = ++line_number_;
      line.length = skipped + length;
      if (skipped > 0 || length > options_.max_line_bytes) {
        line.too_long = true;
      } else {
        size_t text_length = length;
        if (text_length > 0 && buffer_[begin_ + text_length - 1] == '\r') --text_length;
        line.text = std::string_view(buffer_.data() + begin_, text_length);
      }
      begin_ = newline != nullptr ? stop + 1 : end_;
      return true;
    }
    if (eof_) return false;
    // No newline yet: drop the bytes of a line that is already too long, then read more.
    if (end_ - begin_ > options_.max_line_bytes) {
      skipped += end_ - begin_;
      begin_ = end_;
    }
    scanned = end_;
    const size_t consumed_before_fill = begin_;
    Result<bool> more = Fill();
    if (!more.ok()) return more.status();
    scanned -= consumed_before_fill;  // Fill() moved the tail to the front
  }
}

}  // namespace leakhound
