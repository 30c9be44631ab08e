// PostgreSQL's csvlog and stderr logs, with pgaudit and with PostgreSQL's own statement
// logging, decoded from the real samples in tests/corpus/real through the profiles
// pg-csvlog and pg-stderr (MakeDecoder, with the files framed as `scan` frames them).
#include <gtest/gtest.h>

#include "support/decoder_test_support.h"

namespace leakhound {
namespace {

using testing::DecodeCorpusFile;
using testing::DecodedFile;
using testing::DecodeRecord;
using testing::DecoderFor;

TEST(PostgresCsvlogTest, PgauditSampleGivesEverySessionEntryAndSkipsTheRest) {
  // 112 records: 51 SESSION entries; connections, OBJECT entries (a statement's tables,
  // logged after it) and errors are not queries.
  const DecodedFile file = DecodeCorpusFile("postgres_pgaudit_csvlog.csv", "pg-csvlog");
  EXPECT_EQ(file.records.size(), 112u);
  EXPECT_EQ(file.events.size(), 51u);
  EXPECT_EQ(file.skipped, 61u);
  EXPECT_TRUE(file.rejected.empty());

  const testing::DecodedEvent& first = file.events[0];
  EXPECT_EQ(first.line, 11);
  EXPECT_EQ(first.time, "2015-08-12T16:13:44.854Z");
  EXPECT_EQ(first.principal, "vagrant");
  EXPECT_EQ(first.database, "postgres");
  EXPECT_EQ(first.client, "[local]");
  EXPECT_EQ(first.application, "psql");
  EXPECT_EQ(first.session_id, "55cb70b8.5856");
  EXPECT_EQ(first.status, "00000");
  EXPECT_EQ(first.statement, "SELECT current_user ");
  EXPECT_EQ(first.rows, std::nullopt);

  // A quoted message over two lines, its doubled quotes undone by both CSV layers.
  const testing::DecodedEvent& spanning = file.events[1];
  EXPECT_EQ(spanning.line, 20);
  EXPECT_EQ(spanning.principal, "user2");
  EXPECT_EQ(spanning.statement, "SELECT *\n  FROM test3, test2;");
  EXPECT_EQ(file.events[3].line, 27);
  EXPECT_EQ(file.events[3].statement,
            "WITH CTE AS\n(\n\tSELECT id\n\t  FROM test2\n)\nINSERT INTO test3\nSELECT id\n"
            "  FROM cte;");
}

TEST(PostgresCsvlogTest, ModernLayoutsAndStatementLoggingWithTheDuration) {
  // PostgreSQL 15 (26 columns) and 11 (23 columns) without pgaudit: with the default
  // statement_format (pgaudit) nothing is a query; with `postgres` the log_statement and
  // log_min_duration_statement messages are.
  const DecodedFile audit_only = DecodeCorpusFile("postgres_csvlog_modern.csv", "pg-csvlog");
  EXPECT_EQ(audit_only.records.size(), 16u);
  EXPECT_TRUE(audit_only.events.empty());
  EXPECT_EQ(audit_only.skipped, 16u);

  FieldMap map = *FieldMapForDecoder("pg-csvlog");
  map.statement_format = StatementFormat::kPostgres;
  const DecodedFile file = DecodeCorpusFile("postgres_csvlog_modern.csv", map);
  ASSERT_EQ(file.events.size(), 3u);
  EXPECT_EQ(file.skipped, 13u);
  EXPECT_TRUE(file.rejected.empty());
  EXPECT_EQ(file.events[0].statement, "select pg_reload_conf();");
  EXPECT_EQ(file.events[0].duration_us, std::nullopt);
  EXPECT_EQ(file.events[0].client, "172.24.0.1:42608");
  EXPECT_EQ(file.events[0].time, "2021-01-04T00:18:01.055Z");
  EXPECT_EQ(file.events[1].statement, "select generate_series(1, 1000000);");
  EXPECT_EQ(file.events[1].duration_us, 148472);
  EXPECT_EQ(file.events[2].statement, "SELECT 'multi',\n'line';");
  EXPECT_EQ(file.events[2].principal, "postgres");
  EXPECT_EQ(file.events[2].application, "psql");
}

TEST(PostgresCsvlogTest, ZoneAbbreviationsAndBadRecords) {
  const std::unique_ptr<Decoder> decoder = DecoderFor("pg-csvlog");
  // PostgreSQL 15 writes the server's zone: EDT is UTC-4.
  const std::string edt =
      "2025-04-21 03:27:13.543 EDT,\"postgres\",\"template1\",403397,\"[local]\","
      "6805f351.627c5,3,\"idle\",2025-04-21 03:27:13 EDT,3/0,0,LOG,00000,\"AUDIT: "
      "SESSION,1,1,READ,SELECT,,,select 1,<not logged>,1\",,,,,,,,,\"psql\",\"client "
      "backend\",,0";
  const testing::DecodedRecord decoded = DecodeRecord(*decoder, edt);
  ASSERT_EQ(decoded.events.size(), 1u);
  EXPECT_EQ(decoded.events[0].time, "2025-04-21T07:27:13.543Z");
  EXPECT_EQ(decoded.events[0].rows, 1);

  const testing::DecodedRecord few = DecodeRecord(*decoder, "a,b,c");
  EXPECT_EQ(few.result.reason, RejectReason::kWrongType);
  EXPECT_EQ(few.result.detail,
            "csvlog: 3 columns where PostgreSQL writes 22 to 26: not a csvlog record");
  const testing::DecodedRecord cut = DecodeRecord(*decoder, "2025-04-21 03:27:13 UTC,\"post");
  EXPECT_EQ(cut.result.reason, RejectReason::kTruncated);
  EXPECT_EQ(cut.result.detail,
            "csvlog: field 2 opens a quote that the record never closes (the record may be "
            "cut short)");
  const testing::DecodedRecord time =
      DecodeRecord(*decoder, "yesterday,,,1,,s,1,,,,0,LOG,00000,\"AUDIT: x\",,,,,,,,,\"psql\"");
  EXPECT_EQ(time.result.detail, "csvlog: log_time 'yesterday' is not a timestamp");
}

TEST(PostgresStderrTest, PgauditSampleWithItsPrefixAndTheTruncatedLineRejected) {
  FieldMap map = *FieldMapForDecoder("pg-stderr");
  map.log_line_prefix = "%m [%p] ";
  const DecodedFile file = DecodeCorpusFile("postgres_pgaudit_stderr.log", map);
  EXPECT_EQ(file.records.size(), 120u);
  EXPECT_EQ(file.events.size(), 119u);
  ASSERT_EQ(file.rejected.size(), 1u);
  // The sample's second record lost its continuation lines upstream: an open quote.
  EXPECT_EQ(file.rejected[0].line, 3);
  EXPECT_EQ(file.rejected[0].result.detail,
            "the statement field: pgaudit: a quoted field has no closing quote (the line may "
            "be truncated)");
  const testing::DecodedEvent& first = file.events[0];
  EXPECT_EQ(first.time, "2023-02-03T20:29:44.139Z");
  EXPECT_EQ(first.session_id, "143");  // %p: no %c in this prefix
  EXPECT_EQ(first.principal, "");      // nor %u
  EXPECT_EQ(first.statement,
            "create table audit_trail (id VARCHAR, ts TIMESTAMP, usr VARCHAR, action INTEGER, "
            "sourceip VARCHAR, context VARCHAR, PRIMARY KEY(id));");
  EXPECT_EQ(file.events[2].statement, "select * from audit_trail;");
  EXPECT_EQ(file.events[2].session_id, "156");
}

TEST(PostgresStderrTest, PrefixFieldsContinuationLinesAndSessionlessProcesses) {
  FieldMap map = *FieldMapForDecoder("pg-stderr");  // Debian's "%m [%p] %q%u@%d "
  const std::unique_ptr<Decoder> decoder = DecoderFor(map);
  const testing::DecodedRecord decoded = DecodeRecord(
      *decoder,
      "2026-03-02 02:14:07.412 UTC [4242] mallory@crm LOG:  AUDIT: "
      "SESSION,7,1,READ,SELECT,,,\"select *\n\tfrom passengers\",<not logged>,120000\n");
  ASSERT_EQ(decoded.events.size(), 1u) << decoded.result.detail;
  EXPECT_EQ(decoded.events[0].principal, "mallory");
  EXPECT_EQ(decoded.events[0].database, "crm");
  EXPECT_EQ(decoded.events[0].statement, "select *\nfrom passengers");
  EXPECT_EQ(decoded.events[0].rows, 120000);

  // The checkpointer has no session: the prefix stops at %q; not a query.
  const testing::DecodedRecord checkpoint =
      DecodeRecord(*decoder, "2026-03-02 02:14:07.412 UTC [31] LOG:  checkpoint starting: time");
  EXPECT_TRUE(checkpoint.result.ok());
  EXPECT_EQ(checkpoint.result.skipped, 1u);

  const testing::DecodedRecord other = DecodeRecord(*decoder, "Mar  2 02:14:07 host postgres");
  EXPECT_EQ(other.result.reason, RejectReason::kWrongType);
  EXPECT_EQ(other.result.detail,
            "stderr: the line does not start with log_line_prefix '%m [%p] %q%u@%d ' and a "
            "severity (LOG:  ); set log_line_prefix in the profile to the server's setting");
}

TEST(PostgresStderrTest, IbmCloudPrefixInsideAContainerLineInsideAShipperEnvelope) {
  // shipper_envelopes.txt [B]: syslog header, JSON {"message": CRI line}, then a PostgreSQL
  // line with the prefix "%t [%a] [%e] [%p]: [%l-1] user=%u,db=%d,client=%h ".
  FieldMap map = *FieldMapForDecoder("pg-stderr");
  map.log_line_prefix = "%t [%a] [%e] [%p]: [%l-1] user=%u,db=%d,client=%h ";
  map.envelope_pointers = {"/message"};
  const DecodedFile file = DecodeCorpusFile("shipper_envelopes.txt", map);
  // [A] (a web server's line through Fluent Bit's `log`) has no `message`, [C] is not
  // JSON; of [B]'s six lines two lost the rest of their statement to the line shipper.
  std::vector<std::string> statements;
  for (const testing::DecodedEvent& event : file.events) statements.push_back(event.statement);
  EXPECT_EQ(statements,
            (std::vector<std::string>{"drop table sst1_report;", "CREATE TABLE student(name TEXT);",
                                      "ALTER TABLE science_report RENAME TO "
                                      "socialscience_report;"}));
  ASSERT_EQ(file.events.size(), 3u);
  EXPECT_EQ(file.events[0].principal, "admin");
  EXPECT_EQ(file.events[0].database, "ibmclouddb");
  EXPECT_EQ(file.events[0].client, "10.163.20.125");
  EXPECT_EQ(file.events[0].application, "pgAdmin 4 - CONN:3040112");
  EXPECT_EQ(file.events[0].session_id, "7971");
  EXPECT_EQ(file.events[0].time, "2022-08-10T11:29:26Z");
  ASSERT_EQ(file.rejected.size(), 4u);
  EXPECT_EQ(file.rejected[0].result.detail,
            "the shipper's envelope has no log line (looked for /message)");
  EXPECT_EQ(file.rejected[1].result.reason, RejectReason::kWrongType);  // [B] line 1, cut
  EXPECT_EQ(file.rejected[3].result.reason, RejectReason::kNotJson);    // [C]
}

}  // namespace
}  // namespace leakhound
