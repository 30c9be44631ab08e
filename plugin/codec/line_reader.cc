#include "codec/line_reader.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "codec/mysql_general_log_decoder.h"  // StartsGeneralLogEntry

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

size_t LineReader::FindRecordEnd(size_t& scanned) {
  const char* data = buffer_.data();
  if (options_.framing == Framing::kJsonValues) {
    // The end of a value: its closing brace or bracket at depth zero, outside strings.
    for (; scanned < end_; ++scanned) {
      const char c = data[scanned];
      if (in_quotes_) {
        if (escaped_) {
          escaped_ = false;
        } else if (c == '\\') {
          escaped_ = true;
        } else if (c == '"') {
          in_quotes_ = false;
        }
        if (c == '\n') ++record_breaks_;
        continue;
      }
      if (c == '"') {
        in_quotes_ = true;
      } else if (c == '{' || c == '[') {
        ++depth_;
      } else if (c == '}' || c == ']') {
        if (--depth_ <= 0) return ++scanned;
      } else if (c == '\n') {
        // A value that is not an object or an array (a number, a stray word) ends with
        // its line.
        if (depth_ <= 0) return scanned;
        ++record_breaks_;
      }
    }
    return eof_ ? end_ : std::string_view::npos;
  }
  for (;;) {
    const void* newline = std::memchr(data + scanned, '\n', end_ - scanned);
    if (newline == nullptr) return eof_ ? end_ : std::string_view::npos;
    const size_t stop = static_cast<size_t>(static_cast<const char*>(newline) - data);
    if (options_.framing == Framing::kCsv) {
      for (size_t i = scanned; i < stop; ++i) {
        if (data[i] == '"') in_quotes_ = !in_quotes_;
      }
      scanned = stop;
      if (in_quotes_) {
        ++record_breaks_;
        ++scanned;
        continue;
      }
    } else if (options_.framing == Framing::kMySqlGeneral ||
               options_.framing == Framing::kMySqlSlow) {
      // The next line decides: read its head (up to its end, or enough of it).
      scanned = stop;
      const size_t next = stop + 1;
      constexpr size_t kHead = 96;
      const size_t limit = std::min(end_, next + kHead);
      const void* head_end = std::memchr(data + next, '\n', limit - next);
      if (head_end == nullptr && limit < next + kHead && !eof_) return std::string_view::npos;
      const size_t head_size =
          head_end == nullptr
              ? limit - next
              : static_cast<size_t>(static_cast<const char*>(head_end) - data) - next;
      const std::string_view head(data + next, head_size);
      bool starts = next >= end_;
      if (options_.framing == Framing::kMySqlGeneral) {
        starts = starts || StartsGeneralLogEntry(head);
      } else {
        if (begin_ + line_offset_ < stop && data[begin_ + line_offset_] != '#') has_body_ = true;
        starts = starts || (has_body_ && !head.empty() && head.front() == '#');
      }
      if (!starts) {
        ++record_breaks_;
        line_offset_ = next - begin_;
        ++scanned;
        continue;
      }
    } else if (options_.framing == Framing::kTabContinued) {
      scanned = stop;
      if (stop + 1 == end_ && !eof_) return std::string_view::npos;  // the next line decides
      if (stop + 1 < end_ && data[stop + 1] == '\t') {
        ++record_breaks_;
        ++scanned;
        continue;
      }
    }
    return stop;
  }
}

void LineReader::SkipBetweenValues() {
  for (;;) {
    while (begin_ < end_) {
      const char c = buffer_[begin_];
      if (c == '\n') {
        ++line_number_;
      } else if (c != ' ' && c != '\t' && c != '\r' && c != ',' && c != '[' && c != ']') {
        return;
      }
      ++begin_;
    }
    if (eof_) return;
    Result<bool> more = Fill();
    if (!more.ok() || !*more) return;  // a read error shows on the next Fill()
  }
}

Result<bool> LineReader::Next(Line& line) {
  line = Line{};
  if (options_.framing == Framing::kJsonValues) SkipBetweenValues();
  in_quotes_ = false;
  escaped_ = false;
  depth_ = 0;
  record_breaks_ = 0;
  line_offset_ = 0;
  has_body_ = false;
  size_t scanned = begin_;  // bytes before this were searched already
  uint64_t skipped = 0;     // bytes of an over-long record already thrown away
  for (;;) {
    const size_t found = FindRecordEnd(scanned);
    if ((found != std::string_view::npos &&
         (found > begin_ || !eof_ || skipped > 0 || found < end_)) ||
        (eof_ && skipped > 0)) {
      const size_t stop = found == std::string_view::npos ? end_ : found;
      const bool newline = stop < end_ && buffer_[stop] == '\n';
      const size_t length = stop - begin_;
      if (options_.framing == Framing::kJsonValues) {
        // SkipBetweenValues counted the line breaks before the value; a value that ends
        // with its line (not at a brace) has its break consumed here.
        line.number = line_number_ + 1;
        line_number_ += record_breaks_ + (newline ? 1 : 0);
      } else {
        line.number = ++line_number_;
        line_number_ += record_breaks_;
      }
      line.length = skipped + length;
      if (skipped > 0 || length > options_.max_line_bytes) {
        line.too_long = true;
      } else {
        size_t text_length = length;
        if (text_length > 0 && buffer_[begin_ + text_length - 1] == '\r') --text_length;
        line.text = std::string_view(buffer_.data() + begin_, text_length);
      }
      begin_ = newline ? stop + 1 : stop;
      return true;
    }
    if (eof_) return false;
    // No end yet: drop the bytes of a record that is already too long, then read more.
    if (end_ - begin_ > options_.max_line_bytes) {
      skipped += end_ - begin_;
      begin_ = end_;
      scanned = end_;
    }
    const size_t consumed_before_fill = begin_;
    Result<bool> more = Fill();
    if (!more.ok()) return more.status();
    scanned -= consumed_before_fill;  // Fill() moved the tail to the front
  }
}

}  // namespace leakhound
