// MySqlGeneralLogDecoder: MySQL's general query log (general_log = ON, log_output = FILE),
// both layouts:
//
//   2016-06-07T19:07:02.558581Z    4 Connect	root@localhost on shop using Socket     (5.7+)
//   2016-06-07T19:07:02.558713Z    4 Query	SELECT * FROM customers
//   061226 15:42:36	     11 Connect     root@localhost on                         (<= 5.6)
//   		     11 Query       SELECT foo         (the time of the line before)
//                                FROM tbl                  (a statement's further lines)
//
// A record is one entry: its first line and the lines of its statement that follow. Query
// and Execute entries become events; Connect, Init DB, Change user and Quit are not
// queries but carry what the Query lines lack:
//
// State across records: a Query line names only the connection id, so the decoder keeps,
// per id, the user, host and database of its Connect line (and of Init DB and Change user),
// for at most kMaxConnections connections, forgotten at Quit. A connection whose Connect
// line the decoder did not see (opened before the log was) has no principal. The legacy
// layout writes a time only when it changes: lines without one take the last time seen.
// All of a server's log must reach one decoder, in order. Times without a zone are UTC.
//
// Thread-safety: holds the connection table; one per thread.
#pragma once

#include <memory>
#include <string_view>

#include "codec/decoder.h"

namespace leakhound {

// Whether `line` starts an entry of the general log (or is one of the server's banner
// lines): the framing of a general log file uses it to tell entries from the further lines
// of a statement.
bool StartsGeneralLogEntry(std::string_view line);

class MySqlGeneralLogDecoder final : public Decoder {
 public:
  struct Options {
    size_t max_record_bytes = 1 << 20;
  };
  static constexpr size_t kMaxConnections = 100000;

  explicit MySqlGeneralLogDecoder(Options options);
  ~MySqlGeneralLogDecoder() override;

  DecodeResult Decode(RecordView record, const SourceRef& source,
                      const EventCallback& on_event) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace leakhound
