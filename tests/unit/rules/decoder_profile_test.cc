#include "rules/decoder_profile.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/test_support.h"

namespace leakhound {
namespace {

using ::leakhound::testing::TempFile;
using ::testing::ElementsAre;

std::vector<std::string> Errors(const Diagnostics& diagnostics) {
  std::vector<std::string> out;
  for (const Diagnostic& d : diagnostics.all()) out.push_back(d.ToString());
  return out;
}

TEST(DecoderProfileTest, MapsFieldsAndUnits) {
  TempFile file(R"(decoder: json
fields:
  time: [/timestamp, /@timestamp]
  user: /user/name
  statement: /query
  duration: /elapsed
time_unit: ms
duration_unit: s
statement_required: false
)",
                ".yaml");
  FieldMap map = FieldMap::Native();
  Diagnostics diagnostics;
  LoadDecoderProfile(file.path(), map, diagnostics);
  EXPECT_FALSE(diagnostics.has_errors()) << diagnostics.ToString();
  EXPECT_THAT(map.PointersFor(InputField::kTime), ElementsAre("/timestamp", "/@timestamp"));
  EXPECT_THAT(map.PointersFor(InputField::kPrincipal), ElementsAre("/user/name"));
  EXPECT_THAT(map.PointersFor(InputField::kStatement), ElementsAre("/query"));
  EXPECT_THAT(map.PointersFor(InputField::kDuration), ElementsAre("/elapsed"));
  // Fields the profile does not name keep the native pointers.
  EXPECT_THAT(map.PointersFor(InputField::kRows), ElementsAre("/rows"));
  EXPECT_EQ(map.time_unit, EpochUnit::kMilliseconds);
  EXPECT_EQ(map.duration_unit, EpochUnit::kSeconds);
  EXPECT_FALSE(map.statement_required);
}

TEST(DecoderProfileTest, EveryProblemWithItsPosition) {
  TempFile file(R"(decoder: xml
fields:
  principle: /user
  statement: query
time_unit: minutes
colour: blue
)",
                ".yaml");
  FieldMap map = FieldMap::Native();
  Diagnostics diagnostics;
  LoadDecoderProfile(file.path(), map, diagnostics);
  const std::string& f = file.path();
  EXPECT_THAT(
      Errors(diagnostics),
      ElementsAre(f + ":6:1: error: unknown key 'colour' in a decoder profile (allowed: decoder "
                      "fields time_unit duration_unit statement_required statement_format "
                      "log_line_prefix envelope)",
                  f + ":1:10: error: unknown decoder 'xml'; the decoders are:\n"
                      "  native: leakhound's own NDJSON (time, principal, statement, ...)\n"
                      "  json: any JSON, through `fields` (JSON pointers; the native ones by "
                      "default)\n"
                      "  pg-jsonlog: PostgreSQL jsonlog (15+) with pgaudit\n"
                      "  pg-csvlog: PostgreSQL csvlog (22 to 26 columns) with pgaudit\n"
                      "  pg-stderr: PostgreSQL stderr lines with pgaudit (set log_line_prefix)\n"
                      "  mysql-audit: MySQL Enterprise Audit and Percona audit_log / "
                      "audit_log_filter JSON\n"
                      "  mariadb-audit: MariaDB server_audit lines\n"
                      "  mysql-general: MySQL general query log (users from the Connect lines)\n"
                      "  mysql-slow: MySQL and Percona slow query log\n"
                      "  mongodb: MongoDB audit log and mongod \"Slow query\" lines\n"
                      "  aws-das: decrypted AWS Database Activity Streams records\n"
                      "  gcp-audit: Google Cloud audit log entries: Cloud SQL (PostgreSQL, "
                      "MySQL), BigQuery\n"
                      "  auto: each record's source told by its shape (one record a line in "
                      "files)",
                  f + ":3:3: error: unknown field 'principle'; did you mean 'principal'?",
                  f + ":4:14: error: JSON pointer 'query' must start with '/', e.g. /user or "
                      "/query/text",
                  f + ":5:12: error: time_unit must be auto, s, ms, us or ns"));
}

TEST(DecoderProfileTest, PgJsonlogPresetsTheFieldsAndFieldsStillMoveThem) {
  TempFile file("decoder: pg-jsonlog\nfields:\n  client: /host\n", ".yaml");
  FieldMap map = FieldMap::Native();
  Diagnostics diagnostics;
  LoadDecoderProfile(file.path(), map, diagnostics);
  EXPECT_THAT(Errors(diagnostics), ElementsAre());
  EXPECT_EQ(map.statement_format, StatementFormat::kPgaudit);
  EXPECT_THAT(map.PointersFor(InputField::kStatement), ElementsAre("/message"));
  EXPECT_THAT(map.PointersFor(InputField::kPrincipal), ElementsAre("/user"));
  EXPECT_THAT(map.PointersFor(InputField::kDatabase), ElementsAre("/dbname"));
  EXPECT_THAT(map.PointersFor(InputField::kClient), ElementsAre("/host"));
  EXPECT_THAT(map.PointersFor(InputField::kRows), ElementsAre());  // pgaudit's ROWS, if any
}

TEST(DecoderProfileTest, SourceDecodersPrefixAndEnvelope) {
  TempFile file(
      "decoder: pg-stderr\nlog_line_prefix: '%t [%p]: user=%u,db=%d '\nenvelope: filebeat\n",
      ".yaml");
  FieldMap map = FieldMap::Native();
  Diagnostics diagnostics;
  LoadDecoderProfile(file.path(), map, diagnostics);
  EXPECT_THAT(Errors(diagnostics), ElementsAre());
  EXPECT_EQ(map.record_format, RecordFormat::kPostgresStderr);
  EXPECT_EQ(map.statement_format, StatementFormat::kPgaudit);
  EXPECT_EQ(map.log_line_prefix, "%t [%p]: user=%u,db=%d ");
  EXPECT_THAT(map.envelope_pointers, ElementsAre("/message"));
  EXPECT_EQ(map.framing(), Framing::kLines);  // the shipper sent one line a record

  TempFile bad("decoder: pg-stderr\nlog_line_prefix: '%m %'\nenvelope: [logstash]\n", ".yaml");
  Diagnostics refused;
  LoadDecoderProfile(bad.path(), map, refused);
  EXPECT_THAT(
      Errors(refused),
      ElementsAre(bad.path() + ":2:18: error: log_line_prefix '%m %' ends with a lone '%'",
                  bad.path() + ":3:11: error: envelope must be none, filebeat, elastic-agent, "
                               "fluent-bit, vector, or JSON pointers to the member holding the "
                               "line (/message); found 'logstash'"));
}

TEST(DecoderProfileTest, ANameStandsForAProfileWhenNoFileHasIt) {
  FieldMap map;
  Diagnostics diagnostics;
  ResolveDecoderProfile("mariadb-audit+fluent-bit", map, diagnostics);
  EXPECT_THAT(Errors(diagnostics), ElementsAre());
  EXPECT_EQ(map.record_format, RecordFormat::kMariaDbAudit);
  EXPECT_THAT(map.envelope_pointers, ElementsAre("/log"));
  Diagnostics unknown;
  ResolveDecoderProfile("mysql-binlog", map, unknown);
  ASSERT_EQ(unknown.error_count(), 1u);
  EXPECT_THAT(unknown.all()[0].message,
              ::testing::StartsWith("no such profile file, and not a decoder name (with an "
                                    "optional +filebeat, +elastic-agent, +fluent-bit or +vector); "
                                    "the decoders are:\n  native: "));
}

TEST(DecoderProfileTest, StatementFormatIsPlainOrPgaudit) {
  TempFile good("decoder: json\nstatement_format: pgaudit\n", ".yaml");
  FieldMap map = FieldMap::Native();
  Diagnostics diagnostics;
  LoadDecoderProfile(good.path(), map, diagnostics);
  EXPECT_THAT(Errors(diagnostics), ElementsAre());
  EXPECT_EQ(map.statement_format, StatementFormat::kPgaudit);
  EXPECT_THAT(map.PointersFor(InputField::kStatement), ElementsAre("/statement"));

  TempFile bad("statement_format: csv\n", ".yaml");
  Diagnostics refused;
  LoadDecoderProfile(bad.path(), map, refused);
  EXPECT_THAT(Errors(refused),
              ElementsAre(bad.path() + ":1:19: error: statement_format must be plain (the SQL), "
                                       "pgaudit (AUDIT: messages), pg-statements (log_statement's "
                                       "\"statement: ...\" messages) or postgres (both)"));
}

TEST(DecoderProfileTest, UnreadableAndMalformedFiles) {
  FieldMap map = FieldMap::Native();
  Diagnostics missing;
  LoadDecoderProfile("/nonexistent/profile.yaml", map, missing);
  EXPECT_THAT(Errors(missing),
              ElementsAre("/nonexistent/profile.yaml: error: cannot read the decoder profile"));
  TempFile broken("fields: [unclosed\n", ".yaml");
  Diagnostics syntax;
  LoadDecoderProfile(broken.path(), map, syntax);
  ASSERT_EQ(syntax.error_count(), 1u);
  EXPECT_THAT(syntax.all()[0].message, ::testing::HasSubstr("YAML syntax"));
}

}  // namespace
}  // namespace leakhound
