// FieldMap: where each QueryEvent field lives in a JSON record, as JSON Pointers (RFC
// 6901), with the coercions a source needs. It configures the generic JSON decoder for any
// schema; several pointers per field are tried in order (the first present wins).
//
//   time:       [/timestamp, /@timestamp]  RFC 3339 text or an epoch number
//   principal:  /user
//   rows:       /rows                      a number, or a number in a string ("1200")
//   duration:   /duration_ms               a number in `duration_unit`
//
// Thread-safety: a value.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "codec/line_reader.h"  // Framing
#include "core/result.h"
#include "core/time.h"

namespace leakhound {

enum class InputField {
  kTime,
  kPrincipal,
  kClient,
  kApplication,
  kDatabase,
  kStatement,
  kSessionId,
  kStatus,
  kRows,
  kDuration,
};
inline constexpr size_t kInputFieldCount = 10;

std::string_view InputFieldName(InputField field);
std::optional<InputField> FindInputField(std::string_view name);

// What the statement field holds: the SQL itself, or PostgreSQL log messages from which the
// statement is taken: pgaudit's ("AUDIT: SESSION,1,1,READ,SELECT,...,\"select ...\",<none>,42",
// with ROWS), PostgreSQL's own statement logging ("duration: 1.2 ms  statement: select ..."),
// or both. Both counts a statement twice when a server writes it both ways (pgaudit and
// log_min_duration_statement): choose the one the server is set up for.
enum class StatementFormat { kPlain, kPgaudit, kPgStatements, kPostgres };

// How records are laid out: one JSON object a record, read through the pointers below, or
// a source with a decoder of its own (the pointers are then unused).
enum class RecordFormat {
  kJson,
  kAwsDas,           // decrypted AWS Database Activity Streams records
  kPostgresCsvlog,   // PostgreSQL csvlog lines (pgaudit in the message column)
  kPostgresStderr,   // PostgreSQL stderr lines after `log_line_prefix`
  kMySqlAudit,       // MySQL Enterprise Audit, Percona audit_log(_filter) JSON
  kMariaDbAudit,     // MariaDB server_audit lines
  kMongoDb,          // MongoDB audit log and "Slow query" server log lines
  kMySqlGeneralLog,  // MySQL's general query log
  kMySqlSlowLog,     // MySQL's and Percona's slow query log
  kAuto,             // each record's source told by its shape (codec/auto_decoder.h)
};

struct FieldMap {
  std::array<std::vector<std::string>, kInputFieldCount> pointers;
  std::optional<EpochUnit> time_unit;  // unset: guess from the magnitude
  EpochUnit duration_unit = EpochUnit::kMilliseconds;
  bool statement_required = true;
  // A record without the statement is skipped (counted as no query), not rejected: for
  // sources that also log other things in the same shape (GCP audit log entries).
  bool skip_without_statement = false;
  StatementFormat statement_format = StatementFormat::kPlain;
  RecordFormat record_format = RecordFormat::kJson;
  // For kPostgresStderr: the server's log_line_prefix (Debian's default).
  std::string log_line_prefix = "%m [%p] %q%u@%d ";
  // A shipper's envelope around each line (Filebeat, Fluent Bit, Vector): the members
  // that hold the line, tried in order; empty when records are the lines themselves.
  std::vector<std::string> envelope_pointers;

  // How a file of these records is cut into records (a Kafka message is always one).
  Framing framing() const;

  const std::vector<std::string>& PointersFor(InputField field) const {
    return pointers[static_cast<size_t>(field)];
  }
  std::vector<std::string>& PointersFor(InputField field) {
    return pointers[static_cast<size_t>(field)];
  }

  // leakhound's own NDJSON: {"time", "principal" (or "user"), "client", "application",
  // "database", "statement", "session_id", "status", "rows", "duration_ms"}.
  static FieldMap Native();
  // PostgreSQL's jsonlog (log_destination = jsonlog, PostgreSQL 15+) carrying pgaudit
  // messages: {"timestamp", "user", "dbname", "remote_host", "application_name",
  // "session_id", "message": "AUDIT: ..."}.
  static FieldMap PostgresJsonlog();
  // Google Cloud audit log entries (data_access): Cloud SQL for PostgreSQL (pgaudit
  // fields in protoPayload.request), Cloud SQL for MySQL (MysqlAuditEntry) and BigQuery
  // query jobs (jobChange); entries without a statement are skipped.
  static FieldMap GcpAuditLog();
};

// The decoders a profile names with `decoder:`, and what each reads.
struct DecoderName {
  std::string_view name;
  std::string_view reads;
};
std::span<const DecoderName> DecoderNames();
// The field map a decoder name stands for (with its preset fields and format), or nullopt.
std::optional<FieldMap> FieldMapForDecoder(std::string_view name);
// The members that hold the log line in a shipper's envelope: filebeat, elastic-agent,
// vector (/message), fluent-bit (/log); nullopt for another name.
std::optional<std::vector<std::string>> EnvelopePointers(std::string_view shipper);

// Splits "/a/b~1c" into {"a", "b/c"}; fails for pointers that do not start with '/' or
// hold a bad '~' escape.
Result<std::vector<std::string>> ParseJsonPointer(std::string_view pointer);

}  // namespace leakhound
