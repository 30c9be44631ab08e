#include "codec/field_map.h"

#include <utility>

namespace leakhound {
namespace {

constexpr std::string_view kNames[kInputFieldCount] = {
    "time",      "principal",  "client", "application", "database",
    "statement", "session_id", "status", "rows",        "duration"};

}  // namespace

std::string_view InputFieldName(InputField field) { return kNames[static_cast<size_t>(field)]; }

std::optional<InputField> FindInputField(std::string_view name) {
  for (size_t i = 0; i < kInputFieldCount; ++i) {
    if (kNames[i] == name) return static_cast<InputField>(i);
  }
  if (name == "user") return InputField::kPrincipal;
  if (name == "duration_ms") return InputField::kDuration;
  return std::nullopt;
}

FieldMap FieldMap::Native() {
  FieldMap map;
  map.PointersFor(InputField::kTime) = {"/time"};
  map.PointersFor(InputField::kPrincipal) = {"/principal", "/user"};
  map.PointersFor(InputField::kClient) = {"/client"};
  map.PointersFor(InputField::kApplication) = {"/application"};
  map.PointersFor(InputField::kDatabase) = {"/database"};
  map.PointersFor(InputField::kStatement) = {"/statement"};
  map.PointersFor(InputField::kSessionId) = {"/session_id"};
  map.PointersFor(InputField::kStatus) = {"/status"};
  map.PointersFor(InputField::kRows) = {"/rows"};
  map.PointersFor(InputField::kDuration) = {"/duration_ms"};
  map.duration_unit = EpochUnit::kMilliseconds;
  return map;
}

FieldMap FieldMap::PostgresJsonlog() {
  FieldMap map;
  map.PointersFor(InputField::kTime) = {"/timestamp"};
  map.PointersFor(InputField::kPrincipal) = {"/user"};
  map.PointersFor(InputField::kClient) = {"/remote_host"};
  map.PointersFor(InputField::kApplication) = {"/application_name"};
  map.PointersFor(InputField::kDatabase) = {"/dbname"};
  map.PointersFor(InputField::kStatement) = {"/message"};
  map.PointersFor(InputField::kSessionId) = {"/session_id"};
  map.PointersFor(InputField::kStatus) = {"/state_code"};
  map.statement_format = StatementFormat::kPgaudit;
  return map;
}

FieldMap FieldMap::GcpAuditLog() {
  FieldMap map;
  map.PointersFor(InputField::kTime) = {"/timestamp"};
  map.PointersFor(InputField::kPrincipal) = {"/protoPayload/request/user",
                                             "/protoPayload/authenticationInfo/principalEmail"};
  map.PointersFor(InputField::kClient) = {"/protoPayload/request/ip",
                                          "/protoPayload/requestMetadata/callerIp"};
  map.PointersFor(InputField::kDatabase) = {"/protoPayload/request/database"};
  map.PointersFor(InputField::kStatement) = {
      "/protoPayload/request/statement", "/protoPayload/request/query",
      "/protoPayload/metadata/jobChange/job/jobConfig/queryConfig/query"};
  map.PointersFor(InputField::kSessionId) = {"/protoPayload/request/databaseSessionId",
                                             "/protoPayload/request/threadId"};
  map.PointersFor(InputField::kStatus) = {"/protoPayload/request/errCode",
                                          "/protoPayload/request/status"};
  map.skip_without_statement = true;
  return map;
}

Result<std::vector<std::string>> ParseJsonPointer(std::string_view pointer) {
  if (pointer.empty() || pointer.front() != '/') {
    return InvalidArgument("JSON pointer '" + std::string(pointer) +
                           "' must start with '/', e.g. /user or /query/text");
  }
  std::vector<std::string> tokens;
  std::string token;
  for (size_t i = 1; i <= pointer.size(); ++i) {
    if (i == pointer.size() || pointer[i] == '/') {
      tokens.push_back(std::move(token));
      token.clear();
      continue;
    }
    if (pointer[i] == '~') {
      if (i + 1 < pointer.size() && (pointer[i + 1] == '0' || pointer[i + 1] == '1')) {
        token += pointer[i + 1] == '0' ? '~' : '/';
        ++i;
        continue;
      }
      return InvalidArgument("JSON pointer '" + std::string(pointer) +
                             "' has a '~' that is not ~0 or ~1");
    }
    token += pointer[i];
  }
  return tokens;
}

namespace {

constexpr DecoderName kDecoderNames[] = {
    {"native", "leakhound's own NDJSON (time, principal, statement, ...)"},
    {"json", "any JSON, through `fields` (JSON pointers; the native ones by default)"},
    {"pg-jsonlog", "PostgreSQL jsonlog (15+) with pgaudit"},
    {"pg-csvlog", "PostgreSQL csvlog (22 to 26 columns) with pgaudit"},
    {"pg-stderr", "PostgreSQL stderr lines with pgaudit (set log_line_prefix)"},
    {"mysql-audit", "MySQL Enterprise Audit and Percona audit_log / audit_log_filter JSON"},
    {"mariadb-audit", "MariaDB server_audit lines"},
    {"mysql-general", "MySQL general query log (users from the Connect lines)"},
    {"mysql-slow", "MySQL and Percona slow query log"},
    {"mongodb", "MongoDB audit log and mongod \"Slow query\" lines"},
    {"aws-das", "decrypted AWS Database Activity Streams records"},
    {"gcp-audit", "Google Cloud audit log entries: Cloud SQL (PostgreSQL, MySQL), BigQuery"},
    {"auto", "each record's source told by its shape (one record a line in files)"},
};

}  // namespace

std::span<const DecoderName> DecoderNames() { return kDecoderNames; }

std::optional<FieldMap> FieldMapForDecoder(std::string_view name) {
  FieldMap map;
  if (name == "native") return FieldMap::Native();
  if (name == "json") return FieldMap::Native();  // `fields` moves what the source puts elsewhere
  if (name == "pg-jsonlog") return FieldMap::PostgresJsonlog();
  if (name == "gcp-audit") return FieldMap::GcpAuditLog();
  if (name == "pg-csvlog" || name == "pg-stderr") {
    map.record_format =
        name == "pg-csvlog" ? RecordFormat::kPostgresCsvlog : RecordFormat::kPostgresStderr;
    map.statement_format = StatementFormat::kPgaudit;
    return map;
  }
  static constexpr std::pair<std::string_view, RecordFormat> kOwnDecoders[] = {
      {"mysql-audit", RecordFormat::kMySqlAudit},
      {"mariadb-audit", RecordFormat::kMariaDbAudit},
      {"mongodb", RecordFormat::kMongoDb},
      {"aws-das", RecordFormat::kAwsDas},
      {"mysql-general", RecordFormat::kMySqlGeneralLog},
      {"mysql-slow", RecordFormat::kMySqlSlowLog},
      {"auto", RecordFormat::kAuto}};
  for (const auto& [own, format] : kOwnDecoders) {
    if (name == own) {
      map.record_format = format;
      return map;
    }
  }
  return std::nullopt;
}

std::optional<std::vector<std::string>> EnvelopePointers(std::string_view shipper) {
  if (shipper == "filebeat" || shipper == "elastic-agent" || shipper == "vector") {
    return std::vector<std::string>{"/message"};
  }
  if (shipper == "fluent-bit") return std::vector<std::string>{"/log"};
  return std::nullopt;
}

Framing FieldMap::framing() const {
  if (!envelope_pointers.empty()) return Framing::kLines;  // the shipper wrote one per line
  switch (record_format) {
    case RecordFormat::kPostgresCsvlog:
      return Framing::kCsv;
    case RecordFormat::kPostgresStderr:
      return Framing::kTabContinued;
    case RecordFormat::kMySqlAudit:
      return Framing::kJsonValues;
    case RecordFormat::kMySqlGeneralLog:
      return Framing::kMySqlGeneral;
    case RecordFormat::kMySqlSlowLog:
      return Framing::kMySqlSlow;
    default:
      return Framing::kLines;
  }
}

}  // namespace leakhound
