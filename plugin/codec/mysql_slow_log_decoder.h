// MySqlSlowLogDecoder: MySQL's and Percona Server's slow query log (slow_query_log = ON,
// log_output = FILE; long_query_time = 0 logs every statement):
//
//   # Time: 2016-07-20T18:13:25.698433Z
//   # User@Host: root[root] @ localhost [127.0.0.1]  Id:     3
//   # Query_time: 0.003464  Lock_time: 0.000324 Rows_sent: 1000  Rows_examined: 2000
//   use shop;
//   SET timestamp=1469038405;
//   SELECT * FROM customers LIMIT 0, 1000;
//
// A record is one entry: its '#' header lines and the lines after them (the framing cuts
// before the '#' line that follows a statement). Rows_sent is the rows, Query_time the
// duration; `use db;` and `SET timestamp=N;` lines set the database and the time and are
// not part of the statement. Percona's extra header lines (Thread_id, Schema, QC_Hit,
// InnoDB_*) are read for the session and database, the rest ignored.
//
// State across records: the server writes `# Time:` only when the second changes and
// `use` only when the database does, and Percona writes `# User@Host:` once per
// connection: an entry without them has those of the entry before. All of a server's log
// must reach one decoder, in order. Times without a zone are UTC.
//
// Thread-safety: holds that state; one per thread.
#pragma once

#include <memory>

#include "codec/decoder.h"

namespace leakhound {

class MySqlSlowLogDecoder final : public Decoder {
 public:
  struct Options {
    size_t max_record_bytes = 1 << 20;
  };

  explicit MySqlSlowLogDecoder(Options options);
  ~MySqlSlowLogDecoder() override;

  DecodeResult Decode(RecordView record, const SourceRef& source,
                      const EventCallback& on_event) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace leakhound
