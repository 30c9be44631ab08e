// MySqlAuditDecoder: the JSON audit logs of the MySQL family:
//
//  - MySQL Enterprise Audit (audit_log_format = JSON) and Percona's audit_log_filter
//    component, which share a schema: {"timestamp", "class", "event", "connection_id",
//    "account": {"user", "host"}, "login": {"ip"}, "general_data": {"query", "status"},
//    "query_statistics": {"query_time", "rows_sent"}}.
//  - Percona's audit_log plugin (audit_log_format = JSON): {"audit_record": {"name",
//    "timestamp", "connection_id", "sqltext", "user", "host", "ip", "db", "status"}}.
//
// Both write their file as one JSON array, so a record may be the whole array, one
// element, or one element followed by the "," that separated it (a line of the file), or
// the "[" and "]" lines alone (skipped).
//
// Which records are statements: class general with event status (written once per
// statement when it ends, with its status; the `log` event before it and the query and
// table_access classes would count the statement again), and Percona's Query records.
// Connects, disconnects and the audit's own records are skipped (counted).
//
// State across records: MySQL writes the default database and the client program
// (connection_attributes.program_name) only at connect (and change user), so the decoder
// remembers them per connection id from those records, for at most
// kMaxConnections connections, forgotten at disconnect. Records of one connection must
// reach the same decoder for that (key the topic by connection or host).
//
// The principal is the account's user: "root[root] @ localhost []" (Percona's spelling)
// gives "root". query_statistics.rows_sent is the rows, query_time (seconds) the duration.
//
// Thread-safety: holds a parser and the connection table; one per thread.
#pragma once

#include <memory>

#include "codec/decoder.h"

namespace leakhound {

class MySqlAuditDecoder final : public Decoder {
 public:
  struct Options {
    size_t max_record_bytes = 1 << 20;
  };
  static constexpr size_t kMaxConnections = 100000;

  explicit MySqlAuditDecoder(Options options);
  ~MySqlAuditDecoder() override;

  DecodeResult Decode(RecordView record, const SourceRef& source,
                      const EventCallback& on_event) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// "root[root] @ localhost [10.0.0.1]" -> "root"; any other text unchanged.
std::string_view MySqlAccountUser(std::string_view account);

}  // namespace leakhound
