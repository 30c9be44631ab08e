// PostgresCsvlogDecoder: PostgreSQL's csvlog (log_destination = csvlog), one CSV record per
// log message. All the column layouts PostgreSQL has written are read: 22 columns (8.4), 23
// (9.0-12, application_name added), 24 (13, backend_type) and 26 (14+, leader_pid and
// query_id). A quoted message may span lines.
//
// Each record becomes one event whose statement is the message column: MakeDecoder puts
// the pgaudit reader around it (PgauditStatementDecoder), which keeps the AUDIT entries and
// skips the rest (connections, checkpoints, durations). Columns used: log_time,
// user_name, database_name, connection_from (host:port) as the client, session_id,
// sql_state_code as the status, application_name.
//
// Thread-safety: holds a CSV parser; one per thread.
#pragma once

#include "codec/decoder.h"
#include "core/csv_row.h"
#include "core/time.h"

namespace leakhound {

class PostgresCsvlogDecoder final : public Decoder {
 public:
  struct Options {
    size_t max_record_bytes = 1 << 20;
  };
  explicit PostgresCsvlogDecoder(Options options) : options_(options), csv_({}) {}

  DecodeResult Decode(RecordView record, const SourceRef& source,
                      const EventCallback& on_event) override;

 private:
  Options options_;
  CsvRowParser csv_;
  TimestampParser times_;
  std::string error_;
};

}  // namespace leakhound
