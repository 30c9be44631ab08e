// MongoDB's audit log and mongod's "Slow query" lines from the real samples in
// tests/corpus/real, as SQL-shaped events (profile mongodb).
#include <gtest/gtest.h>

#include "support/decoder_test_support.h"
#include "support/test_support.h"

namespace leakhound {
namespace {

using testing::DecodeCorpusFile;
using testing::DecodedFile;
using testing::DecodeRecord;
using testing::DecoderFor;

TEST(MongoDbDecoderTest, AuditLogSyslogWrappedPlainAtlasAndEscaped) {
  const DecodedFile file = DecodeCorpusFile("mongodb_audit.jsonl", "mongodb");
  EXPECT_EQ(file.records.size(), 7u);
  EXPECT_TRUE(file.rejected.empty());
  // A query filter example, dropCollection, createIndex, dropIndex (the escaped ones).
  EXPECT_EQ(file.skipped, 4u);
  ASSERT_EQ(file.events.size(), 3u);
  const testing::DecodedEvent& syslog = file.events[0];
  EXPECT_EQ(syslog.statement, "SELECT * FROM \"admin\".\"USERS\"");
  EXPECT_EQ(syslog.principal, "realAdmin");
  EXPECT_EQ(syslog.client, "9.148.202.94:60185");
  EXPECT_EQ(syslog.database, "admin");
  EXPECT_EQ(syslog.time, "2020-06-11T13:44:11.070Z");
  EXPECT_EQ(syslog.status, "0");
  const testing::DecodedEvent& plain = file.events[1];
  // The filter's values never reach the statement; the projection gives the columns.
  EXPECT_EQ(plain.statement,
            "SELECT \"_id\" FROM \"config\".\"transactions\" WHERE \"lastWriteDate\" = ?");
  EXPECT_EQ(plain.principal, "");  // an internal operation: no users
  EXPECT_EQ(plain.client, "127.0.20.1");
  EXPECT_EQ(file.events[2].statement, "SELECT * FROM \"local\".\"clustermanager\" LIMIT 1");
  EXPECT_EQ(file.events[2].principal, "mms-automation");
}

TEST(MongoDbDecoderTest, SlowQueryLinesWithRowsDurationAndTheUserFromItsConnection) {
  const DecodedFile file = DecodeCorpusFile("mongodb_log_slowquery.jsonl", "mongodb");
  EXPECT_EQ(file.records.size(), 17u);
  EXPECT_TRUE(file.rejected.empty());
  EXPECT_EQ(file.skipped, 7u);  // connections, client metadata, a hello command
  ASSERT_EQ(file.events.size(), 10u);
  const testing::DecodedEvent& aggregate = file.events[0];
  EXPECT_EQ(aggregate.statement, "SELECT * FROM \"testdb\".\"favorites\"");
  EXPECT_EQ(aggregate.rows, 1);
  EXPECT_EQ(aggregate.application, "Keyhole Lib");
  const testing::DecodedEvent& update = file.events[1];
  EXPECT_EQ(update.statement, "UPDATE \"testdb\".\"dealers\" SET ? = ? WHERE \"_id\" = ?");
  EXPECT_EQ(update.rows, 0);  // nModified
  const testing::DecodedEvent& find = file.events[2];
  EXPECT_EQ(find.statement,
            "SELECT \"color\", \"brand\" FROM \"testdb\".\"vehicles\" WHERE \"color\" = ?");
  EXPECT_EQ(find.rows, 101);
  EXPECT_EQ(find.duration_us, 90000);
  EXPECT_EQ(find.client, "172.31.255.125:62755");
  EXPECT_EQ(find.session_id, "conn225");
  EXPECT_EQ(find.database, "testdb");
  EXPECT_EQ(find.time, "2023-09-23T20:25:13.475Z");
  EXPECT_EQ(find.status, "0");
  // The removed document's e-mail address is masked.
  EXPECT_EQ(file.events[5].statement, "DELETE FROM \"testdb\".\"__examples\" WHERE \"email\" = ?");
  EXPECT_EQ(file.events[6].statement, "SELECT DISTINCT \"color\" FROM \"testdb\".\"vehicles\"");

  // The user comes from the connection's authentication line.
  const std::unique_ptr<Decoder> decoder = DecoderFor("mongodb");
  EXPECT_EQ(DecodeRecord(*decoder,
                         R"({"t":{"$date":"2026-03-02T02:14:00Z"},"s":"I","c":"ACCESS","id":20250,)"
                         R"("ctx":"conn7","msg":"Successfully authenticated","attr":{"user":)"
                         R"("mallory","db":"admin","mechanism":"SCRAM-SHA-256"}})")
                .result.skipped,
            1u);
  const testing::DecodedRecord read = DecodeRecord(
      *decoder, R"({"t":{"$date":"2026-03-02T02:14:07Z"},"ctx":"conn7","msg":"Slow query","attr":)"
                R"({"type":"command","ns":"crm.customers","command":{"aggregate":"customers",)"
                R"("pipeline":[{"$match":{"country":"FR"}},{"$lookup":{"from":"passports"}},)"
                R"({"$out":"dump"}],"$db":"crm"},"nreturned":0,"durationMillis":5400}})");
  ASSERT_EQ(read.events.size(), 1u) << read.result.detail;
  EXPECT_EQ(read.events[0].principal, "mallory");
  EXPECT_EQ(read.events[0].statement,
            "INSERT INTO \"crm\".\"dump\" SELECT * FROM \"crm\".\"customers\" JOIN "
            "\"crm\".\"passports\" WHERE \"country\" = ?");
}

TEST(MongoDbDecoderTest, DocumentDbAuthEventsAreClassifiedNotQueries) {
  // The sample is a CloudWatch Logs Insights table; its message column holds the records.
  const std::unique_ptr<Decoder> decoder = DecoderFor("mongodb");
  size_t records = 0;
  size_t skipped = 0;
  for (const std::string& line : testing::SplitLines(
           testing::ReadFile(testing::SourcePath("tests/corpus/real/documentdb_audit.txt")))) {
    const size_t open = line.find('{');
    if (!line.starts_with("| ") || open == std::string::npos) continue;
    const testing::DecodedRecord decoded =
        DecodeRecord(*decoder, line.substr(open, line.rfind('}') - open + 1));
    EXPECT_TRUE(decoded.result.ok()) << decoded.result.detail;
    ++records;
    skipped += decoded.result.skipped;
  }
  EXPECT_EQ(records, 23u);
  EXPECT_EQ(skipped, 23u);

  const testing::DecodedRecord check = DecodeRecord(
      *decoder, R"({"atype":"authCheck","ts":1642760998400,"remote_ip":"172.31.45.103:40528",)"
                R"("user":"app","param":{"command":"find","ns":"shop.customers","args":{"find":)"
                R"("customers","filter":{}}}})");
  ASSERT_EQ(check.events.size(), 1u);
  EXPECT_EQ(check.events[0].principal, "app");
  EXPECT_EQ(check.events[0].client, "172.31.45.103:40528");
  EXPECT_EQ(check.events[0].time, "2022-01-21T10:29:58.400Z");
}

TEST(MongoDbDecoderTest, ProfilerDocumentInShellSyntaxIsRefusedWithTheReason) {
  std::string document;
  for (const std::string& line : testing::SplitLines(
           testing::ReadFile(testing::SourcePath("tests/corpus/real/mongodb_profiler.js")))) {
    if (!line.starts_with("//")) document += line + "\n";
  }
  const std::unique_ptr<Decoder> decoder = DecoderFor("mongodb");
  const testing::DecodedRecord decoded = DecodeRecord(*decoder, document);
  EXPECT_EQ(decoded.result.reason, RejectReason::kNotJson);
  EXPECT_TRUE(decoded.result.detail.ends_with(
      " (mongosh syntax such as ISODate() is not JSON: have the shipper write Extended JSON)"))
      << decoded.result.detail;
  EXPECT_EQ(DecodeRecord(*decoder, R"({"a": 1})").result.detail,
            "neither an audit record (atype) nor a server log line (t, msg)");
}

}  // namespace
}  // namespace leakhound
