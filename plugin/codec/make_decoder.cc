#include "codec/make_decoder.h"

#include "codec/auto_decoder.h"
#include "codec/aws_das_decoder.h"
#include "codec/envelope_decoder.h"
#include "codec/mariadb_audit_decoder.h"
#include "codec/mongodb_decoder.h"
#include "codec/mysql_audit_decoder.h"
#include "codec/mysql_general_log_decoder.h"
#include "codec/mysql_slow_log_decoder.h"
#include "codec/pgaudit_statement_decoder.h"
#include "codec/postgres_csvlog_decoder.h"
#include "codec/postgres_stderr_decoder.h"

namespace leakhound {
namespace {

// The decoder of the records themselves, before any pgaudit reading or envelope.
Result<std::unique_ptr<Decoder>> MakeRecordDecoder(const FieldMap& map,
                                                   JsonFieldDecoder::Options options) {
  const size_t max_bytes = options.max_record_bytes;
  switch (map.record_format) {
    case RecordFormat::kAwsDas:
      return std::unique_ptr<Decoder>(
          std::make_unique<AwsDasDecoder>(AwsDasDecoder::Options{max_bytes}));
    case RecordFormat::kPostgresCsvlog:
      return std::unique_ptr<Decoder>(
          std::make_unique<PostgresCsvlogDecoder>(PostgresCsvlogDecoder::Options{max_bytes}));
    case RecordFormat::kPostgresStderr: {
      Result<LogLinePrefix> prefix = LogLinePrefix::Parse(map.log_line_prefix);
      if (!prefix.ok()) return prefix.status();
      return std::unique_ptr<Decoder>(std::make_unique<PostgresStderrDecoder>(
          std::move(*prefix), PostgresStderrDecoder::Options{max_bytes}));
    }
    case RecordFormat::kMySqlAudit:
      return std::unique_ptr<Decoder>(
          std::make_unique<MySqlAuditDecoder>(MySqlAuditDecoder::Options{max_bytes}));
    case RecordFormat::kMariaDbAudit:
      return std::unique_ptr<Decoder>(
          std::make_unique<MariaDbAuditDecoder>(MariaDbAuditDecoder::Options{max_bytes}));
    case RecordFormat::kMongoDb:
      return std::unique_ptr<Decoder>(
          std::make_unique<MongoDbDecoder>(MongoDbDecoder::Options{max_bytes}));
    case RecordFormat::kMySqlGeneralLog:
      return std::unique_ptr<Decoder>(
          std::make_unique<MySqlGeneralLogDecoder>(MySqlGeneralLogDecoder::Options{max_bytes}));
    case RecordFormat::kMySqlSlowLog:
      return std::unique_ptr<Decoder>(
          std::make_unique<MySqlSlowLogDecoder>(MySqlSlowLogDecoder::Options{max_bytes}));
    case RecordFormat::kAuto:
      return std::unique_ptr<Decoder>(std::make_unique<AutoDecoder>(map, options));
    case RecordFormat::kJson:
      break;
  }
  Result<std::unique_ptr<JsonFieldDecoder>> json = JsonFieldDecoder::Create(map, options);
  if (!json.ok()) return json.status();
  return std::unique_ptr<Decoder>(std::move(*json));
}

}  // namespace

Result<std::unique_ptr<Decoder>> MakeDecoder(const FieldMap& map,
                                             JsonFieldDecoder::Options options) {
  Result<std::unique_ptr<Decoder>> made = MakeRecordDecoder(map, options);
  if (!made.ok()) return made.status();
  std::unique_ptr<Decoder> decoder = std::move(*made);
  if (map.statement_format != StatementFormat::kPlain && map.record_format != RecordFormat::kAuto) {
    PgauditStatementDecoder::Options messages;
    messages.audit = map.statement_format != StatementFormat::kPgStatements;
    messages.statements = map.statement_format != StatementFormat::kPgaudit;
    decoder = std::make_unique<PgauditStatementDecoder>(std::move(decoder), messages);
  }
  if (!map.envelope_pointers.empty()) {
    decoder = std::make_unique<EnvelopeDecoder>(
        std::move(decoder),
        EnvelopeDecoder::Options{map.envelope_pointers, options.max_record_bytes * 2});
  }
  return decoder;
}

}  // namespace leakhound
