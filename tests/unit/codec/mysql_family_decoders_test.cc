// The MySQL family's audit logs from the real samples in tests/corpus/real: MySQL
// Enterprise Audit and Percona audit_log(_filter) JSON (profile mysql-audit), MariaDB
// server_audit lines (mariadb-audit), also inside Filebeat's Kafka records.
#include <gtest/gtest.h>

#include "support/decoder_test_support.h"

namespace leakhound {
namespace {

using testing::DecodeCorpusFile;
using testing::DecodedFile;
using testing::DecodeRecord;
using testing::DecoderFor;

std::vector<std::string> Statements(const DecodedFile& file) {
  std::vector<std::string> statements;
  for (const testing::DecodedEvent& event : file.events) statements.push_back(event.statement);
  return statements;
}

TEST(MySqlAuditTest, EnterpriseAuditLinesWithTheirTrailingCommas) {
  const DecodedFile file = DecodeCorpusFile("mysql_enterprise_audit.json", "mysql-audit");
  EXPECT_EQ(file.records.size(), 17u);
  EXPECT_TRUE(file.rejected.empty());
  // Startup, shutdown, connects, disconnects, table_access and an Init DB without a
  // statement are not queries.
  EXPECT_EQ(file.skipped, 9u);
  EXPECT_EQ(
      Statements(file),
      (std::vector<std::string>{
          "select @@version_comment limit 1",
          "GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' IDENTIFIED BY 'password'",
          "CREATE USER 'audit_test_user'@'localhost' IDENTIFIED BY <secret>",
          "GRANT ALL PRIVILEGES ON *.* TO \u2018audit_test_user2\u2019@\u2019hades.home\u2019",
          "create database audit_test", "show tables",
          "INSERT INTO audit_test_table values ('John', 'Smith')",
          "select * from audit_test_table"}));
  const testing::DecodedEvent& first = file.events[0];
  EXPECT_EQ(first.time, "2020-10-19T19:25:51Z");
  EXPECT_EQ(first.principal, "root");
  EXPECT_EQ(first.client, "localhost");  // no login.ip over the socket: the account's host
  EXPECT_EQ(first.session_id, "13");
  EXPECT_EQ(first.status, "0");
  EXPECT_EQ(first.database, "");
  EXPECT_EQ(file.events[1].status, "1064");
  const testing::DecodedEvent& read = file.events[7];
  EXPECT_EQ(read.principal, "audit_test_user2");
  EXPECT_EQ(read.client, "192.168.2.5");
  // Known from the table_access record of the same connection.
  EXPECT_EQ(read.database, "audit_test");
  EXPECT_EQ(read.rows, std::nullopt);
}

TEST(MySqlAuditTest, QueryStatisticsGiveRowsAndDuration) {
  const std::unique_ptr<Decoder> decoder = DecoderFor("mysql-audit");
  const testing::DecodedRecord decoded = DecodeRecord(
      *decoder,
      R"({ "timestamp": "2024-05-02 02:11:09", "id": 3, "class": "general", "event": "status",)"
      R"( "connection_id": 42, "account": { "user": "mallory", "host": "%" },)"
      R"( "login": { "user": "mallory", "os": "", "ip": "10.9.8.7", "proxy": "" },)"
      R"( "general_data": { "command": "Query", "sql_command": "select",)"
      R"( "query": "select * from customers", "status": 0 },)"
      R"( "query_statistics": { "query_time": 0.116250, "bytes_sent": 18384,)"
      R"( "bytes_received": 78858, "rows_sent": 250000, "rows_examined": 250000 } },)");
  ASSERT_EQ(decoded.events.size(), 1u) << decoded.result.detail;
  EXPECT_EQ(decoded.events[0].rows, 250000);
  EXPECT_EQ(decoded.events[0].duration_us, 116250);
}

// Members given as numbers keep each their own text (a shared buffer let a later one
// overwrite an earlier one's, as the aws_das_decoder fuzzer found in that decoder).
TEST(MySqlAuditTest, EveryNumericMemberKeepsItsOwnText) {
  const std::unique_ptr<Decoder> decoder = DecoderFor("mysql-audit");
  const testing::DecodedRecord decoded = DecodeRecord(
      *decoder, R"({ "timestamp": "2024-05-02 02:11:09", "class": "general", "event": "status",)"
                R"( "connection_id": 111111111111111111, "login": { "user": 222222222222222222,)"
                R"( "ip": 333333333333333333 }, "general_data": { "command": "Query",)"
                R"( "query": "select * from customers", "status": 444444444444444444 } },)");
  ASSERT_EQ(decoded.events.size(), 1u) << decoded.result.detail;
  EXPECT_EQ(decoded.events[0].statement, "select * from customers");
  EXPECT_EQ(decoded.events[0].session_id, "111111111111111111");
  EXPECT_EQ(decoded.events[0].principal, "222222222222222222");
  EXPECT_EQ(decoded.events[0].client, "333333333333333333");
  EXPECT_EQ(decoded.events[0].status, "444444444444444444");
}

TEST(MySqlAuditTest, PerconaAuditLogJsonAndItsCsvFormatRefusedWithAdvice) {
  const DecodedFile file = DecodeCorpusFile("percona_audit_log.json", "mysql-audit");
  ASSERT_EQ(file.events.size(), 1u);
  const testing::DecodedEvent& event = file.events[0];
  EXPECT_EQ(event.statement, "show databases");
  EXPECT_EQ(event.principal, "root");  // from "root[root] @ localhost []"
  EXPECT_EQ(event.client, "localhost");
  EXPECT_EQ(event.session_id, "2");
  EXPECT_EQ(event.status, "0");
  EXPECT_EQ(event.time, "2021-06-30T15:07:58Z");
  ASSERT_EQ(file.rejected.size(), 1u);
  EXPECT_EQ(file.rejected[0].result.reason, RejectReason::kNotJson);
  EXPECT_TRUE(file.rejected[0].result.detail.ends_with(
      " (a CSV audit log: set audit_log_format=JSON on the server)"))
      << file.rejected[0].result.detail;
}

TEST(MySqlAuditTest, PerconaAuditLogFilterArrayPrettyPrinted) {
  // One JSON array over 70 lines: framed value by value, each element a record.
  const DecodedFile file = DecodeCorpusFile("percona_audit_log_filter.json", "mysql-audit");
  EXPECT_EQ(file.records.size(), 7u);
  EXPECT_EQ(file.skipped, 6u);  // audit, command_start/end, general log, query start/end
  EXPECT_TRUE(file.rejected.empty());
  ASSERT_EQ(Statements(file), std::vector<std::string>{"CREATE TABLE t1 (c1 INT)"});
  EXPECT_EQ(file.events[0].principal, "root");
  EXPECT_EQ(file.events[0].session_id, "11");
  EXPECT_EQ(file.records[2].line, 20);

  // The same array as one Kafka message.
  const std::unique_ptr<Decoder> decoder = DecoderFor("mysql-audit");
  const std::string whole =
      testing::DecodeCorpusFile("percona_audit_log_filter.json", "mysql-audit").records[0].text;
  const testing::DecodedRecord array = DecodeRecord(
      *decoder, "[" + whole + ",\n" + file.records[2].text + ",\n" + file.records[5].text + "]");
  EXPECT_EQ(array.events.size(), 1u);  // the general/status element
  EXPECT_EQ(array.result.skipped, 2u);
  EXPECT_EQ(DecodeRecord(*decoder, "[").result.skipped, 1u);
  EXPECT_EQ(DecodeRecord(*decoder, "[1, 2]").result.detail,
            "an element of the audit log's array is not an object");
}

TEST(MariaDbAuditTest, ServerAuditLinesWithBackslashQuotesAndCutStatements) {
  const DecodedFile file = DecodeCorpusFile("mariadb_server_audit.log", "mariadb-audit");
  EXPECT_EQ(file.records.size(), 40u);
  EXPECT_TRUE(file.rejected.empty());
  EXPECT_EQ(file.events.size(), 21u);
  EXPECT_EQ(file.skipped, 19u);  // connects, disconnects and the per-table operations
  const testing::DecodedEvent& first = file.events[0];
  EXPECT_EQ(first.time, "2021-05-27T11:04:43Z");
  EXPECT_EQ(first.principal, "dba_grb");
  EXPECT_EQ(first.client, "localhost");
  EXPECT_EQ(first.session_id, "653");
  EXPECT_EQ(first.database, "");
  EXPECT_EQ(first.status, "0");
  EXPECT_EQ(first.statement, "select 'a' , b from test.hehe ;");
  EXPECT_EQ(file.events[2].database, "gulf");
  EXPECT_EQ(file.events[2].statement,
            "select     t2.*     from t_terminal_vehicle t1 left join t_vehicle t2 on "
            "t1.vehicle_id = t2.vehicle_id     where t1.terminal_id = '862932043955344'");
  // MariaDB's own test output masks the time: no time, not an error.
  EXPECT_EQ(file.events[4].time, "");
  EXPECT_EQ(file.events[4].statement, "set global server_audit_logging=on");
  EXPECT_EQ(file.events[5].statement, "set global server_audit_incl_users='odin, root, dva, tri'");
  const auto cut = std::find_if(file.events.begin(), file.events.end(),
                                [](const auto& e) { return e.statement == "select 'A', "; });
  EXPECT_NE(cut, file.events.end());
}

TEST(MariaDbAuditTest, SyslogOutputAndBadLines) {
  const std::unique_ptr<Decoder> decoder = DecoderFor("mariadb-audit");
  const testing::DecodedRecord syslog = DecodeRecord(
      *decoder,
      "Jul 31 09:14:22 mdb1 mysql-server_auditing: mdb1,mallory,10.1.2.3:5512,7,99,QUERY,crm,"
      "'select * from customers',0");
  ASSERT_EQ(syslog.events.size(), 1u) << syslog.result.detail;
  EXPECT_EQ(syslog.events[0].principal, "mallory");
  EXPECT_EQ(syslog.events[0].client, "10.1.2.3:5512");
  EXPECT_EQ(syslog.events[0].database, "crm");
  EXPECT_EQ(syslog.events[0].statement, "select * from customers");
  EXPECT_EQ(DecodeRecord(*decoder, "a,b,c").result.detail,
            "server_audit: 3 fields where a line has 10 (timestamp,serverhost,username,host,"
            "connectionid,queryid,operation,database,object,retcode)");
  EXPECT_EQ(
      DecodeRecord(*decoder, "20210527 11:04:43,h,u,localhost,1,2,QUERY,,'select 1").result.reason,
      RejectReason::kTruncated);
  EXPECT_EQ(
      DecodeRecord(*decoder, "2021-05-27,h,u,localhost,1,2,QUERY,,'select 1',0").result.detail,
      "server_audit: timestamp '2021-05-27' is not yyyymmdd hh:mm:ss");
}

TEST(MariaDbAuditTest, FilebeatKafkaRecordsUnwrapped) {
  const DecodedFile file =
      DecodeCorpusFile("filebeat_kafka_mariadb_audit.jsonl", "mariadb-audit+filebeat");
  EXPECT_EQ(file.records.size(), 3u);
  EXPECT_TRUE(file.rejected.empty());
  EXPECT_EQ(file.skipped, 1u);  // a DISCONNECT
  ASSERT_EQ(file.events.size(), 2u);
  EXPECT_EQ(file.events[0].statement, "select * from stu");
  EXPECT_EQ(file.events[0].principal, "dba_grb");
  EXPECT_EQ(file.events[0].database, "hehe");
  EXPECT_EQ(file.events[0].time, "2021-05-26T17:34:44Z");
  EXPECT_EQ(file.events[1].time, "2021-05-26T17:34:49Z");
}

}  // namespace
}  // namespace leakhound
