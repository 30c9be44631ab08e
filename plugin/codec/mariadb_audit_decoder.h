// MariaDbAuditDecoder: lines of MariaDB's server_audit plugin (server_audit_output_type =
// file, also loaded by MySQL and Percona servers):
//
//   20210527 11:04:43,dbhost,alice,10.0.0.7,653,1252216,QUERY,crm,'select * from t',0
//
// timestamp, serverhost, username, host, connectionid, queryid, operation, database,
// object, retcode. The object of a QUERY is the statement in single quotes, with quotes
// inside written as \' ; the server cuts statements longer than
// server_audit_query_log_limit (1024 bytes by default) and still closes the quote, so a
// cut statement reads as one that ends early (the SQL analysis copes with that).
//
// QUERY operations (and the QUERY_DDL / QUERY_DML / QUERY_DCL forms) become events;
// CONNECT, DISCONNECT, FAILED_CONNECT, CHANGE_USER and the per-table operations (READ,
// WRITE, CREATE, ALTER, RENAME, DROP, which precede their QUERY) are skipped. The
// timestamp is the server's local time without a zone: read as UTC. A line whose
// timestamp is masked ("TIME", as MariaDB's own tests write) has no time, and neither has
// a line of the syslog output type (its time is the syslog header's).
//
// Thread-safety: holds a CSV parser; one per thread.
#pragma once

#include "codec/decoder.h"
#include "core/csv_row.h"

namespace leakhound {

class MariaDbAuditDecoder final : public Decoder {
 public:
  struct Options {
    size_t max_record_bytes = 1 << 20;
  };
  explicit MariaDbAuditDecoder(Options options)
      : options_(options),
        csv_({.quote = '\'', .backslash_escapes = true, .max_fields = kFields}) {}

  DecodeResult Decode(RecordView record, const SourceRef& source,
                      const EventCallback& on_event) override;

 private:
  static constexpr size_t kFields = 10;
  Options options_;
  CsvRowParser csv_;
  std::string error_;
  std::vector<std::string_view> fields_;
};

}  // namespace leakhound
