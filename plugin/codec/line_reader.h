// LineReader: splits a file or stdin into records at '\n' (NDJSON, log lines), or at the
// line breaks that end a record of a multi-line format (Framing), without reading it whole, with a
// cap on record size that holds even for a gigabyte without a newline: an over-long line is skipped
// to its end and reported, never buffered.
//
// Every line handed out is followed by at least kLinePadding readable bytes, which is what
// simdjson needs to parse it in place without a copy.
//
// Thread-safety: one reader per thread; it owns its buffer, not the file descriptor.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace leakhound {

inline constexpr size_t kLinePadding = 64;  // = SIMDJSON_PADDING

// How a file is cut into records.
enum class Framing {
  kLines,         // one record a line
  kCsv,           // one record a line, but a line break inside double quotes continues it
  kTabContinued,  // lines that start with a tab continue the record (PostgreSQL stderr)
  kJsonValues,    // whole JSON values, however they break lines, and a top-level array's
                  // elements one by one (MySQL's audit file, pretty-printed)
  kMySqlGeneral,  // a line that starts a general log entry starts a record; the others
                  // continue the statement before them
  kMySqlSlow,     // '#' header lines, then the statement: a '#' line after a statement
                  // starts the next record
};

struct Line {
  std::string_view text;  // without the '\n' (and a '\r' before it); valid until Next()
  int64_t number = 0;     // 1-based, of the record's first line
  bool too_long = false;  // the line exceeded max_line_bytes; text is empty
  uint64_t length = 0;    // the line's full length in bytes, even when too long
};

class LineReader {
 public:
  struct Options {
    size_t max_line_bytes = 1 << 20;
    size_t read_bytes = 1 << 20;  // bytes asked of each read(2)
    Framing framing = Framing::kLines;
  };

  // Does not take ownership of `fd`.
  LineReader(int fd, Options options);

  // Sets `line` and returns true, or returns false at the end of input. Fails on a read
  // error.
  Result<bool> Next(Line& line);

  uint64_t bytes_read() const { return bytes_read_; }

 private:
  // Reads more input after end_; returns false at end of input.
  Result<bool> Fill();
  // The end of the record that starts at begin_, searched from `scanned` (a '\n', or end_
  // at end of input); npos when more input is needed. Updates the framing state.
  size_t FindRecordEnd(size_t& scanned);
  // kJsonValues: moves begin_ past whitespace, commas and array brackets between values.
  void SkipBetweenValues();

  int fd_;
  Options options_;
  std::vector<char> buffer_;
  size_t begin_ = 0;  // first unconsumed byte
  size_t end_ = 0;    // one past the last byte read
  bool eof_ = false;
  int64_t line_number_ = 0;
  // Framing state for the record being read.
  bool in_quotes_ = false;     // kCsv, kJsonValues: inside a quoted field or string
  bool escaped_ = false;       // kJsonValues: after a backslash in a string
  int depth_ = 0;              // kJsonValues: nesting of the value
  int64_t record_breaks_ = 0;  // line breaks inside the record
  size_t line_offset_ = 0;     // kMySqlSlow: where the record's current line starts
  bool has_body_ = false;      // kMySqlSlow: the record has a line that is not a header
  uint64_t bytes_read_ = 0;
};

}  // namespace leakhound
