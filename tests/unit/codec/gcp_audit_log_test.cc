// Google Cloud audit log entries (tests/corpus/real/gcp_cloudsql_audit.jsonl and
// gcp_bigquery_audit.jsonl) through the gcp-audit profile: a field map preset of the
// generic JSON decoder, with entries that hold no statement skipped.
#include <gtest/gtest.h>

#include "support/decoder_test_support.h"

namespace leakhound {
namespace {

using testing::DecodeCorpusFile;
using testing::DecodedFile;

TEST(GcpAuditLogTest, CloudSqlPostgresAndMySqlEntries) {
  const DecodedFile file = DecodeCorpusFile("gcp_cloudsql_audit.jsonl", "gcp-audit");
  EXPECT_EQ(file.records.size(), 3u);
  EXPECT_TRUE(file.rejected.empty());
  ASSERT_EQ(file.events.size(), 3u);
  const testing::DecodedEvent& postgres = file.events[0];
  EXPECT_EQ(postgres.statement, "insert into dummy_table values('DEF','location-C',40);");
  EXPECT_EQ(postgres.principal, "postgres");
  EXPECT_EQ(postgres.database, "postgres");
  EXPECT_EQ(postgres.session_id, "1150");
  EXPECT_EQ(postgres.time, "2021-10-07T10:02:42.796Z");
  const testing::DecodedEvent& mysql = file.events[1];
  EXPECT_EQ(mysql.statement, "/* ApplicationName=DBeaver 23.1.2 - Metadata */ SELECT DATABASE()");
  EXPECT_EQ(mysql.principal, "root");
  EXPECT_EQ(mysql.client, "136.226.255.2");
  EXPECT_EQ(mysql.session_id, "11159");
  EXPECT_EQ(mysql.status, "successful");
  EXPECT_EQ(file.events[2].status, "1051");  // the error code, when there is one
}

TEST(GcpAuditLogTest, BigQueryJobsWithAQueryAndTheRestSkipped) {
  const DecodedFile file = DecodeCorpusFile("gcp_bigquery_audit.jsonl", "gcp-audit");
  EXPECT_EQ(file.records.size(), 3u);
  EXPECT_TRUE(file.rejected.empty());
  // Two InsertJob entries carry no query text (the job was created elsewhere).
  EXPECT_EQ(file.skipped, 2u);
  ASSERT_EQ(file.events.size(), 1u);
  EXPECT_EQ(file.events[0].principal, "user@example.com");
  EXPECT_EQ(file.events[0].statement,
            "SELECT\n  name,\n  SUM(number) AS total\nFROM\n  "
            "`bigquery-public-data.usa_names.usa_1910_2013`\nGROUP BY\n  name\nORDER BY\n  "
            "total DESC\nLIMIT\n  10;");
  EXPECT_EQ(file.events[0].client, "2401:4900:502b:8c5c:dc45:6786:b235:6f28");
}

}  // namespace
}  // namespace leakhound
