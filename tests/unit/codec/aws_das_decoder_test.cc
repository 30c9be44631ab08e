// AWS Database Activity Streams, decrypted: every record of AWS's documentation examples and
// the aws-samples lab output (tests/corpus/real/aws_das_activity_events.json, blocks
// separated by "#### block" lines), through MakeDecoder with `decoder: aws-das`.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "codec/make_decoder.h"

namespace leakhound {
namespace {

struct Event {
  std::string principal, client, application, database, statement, session, status, time;
  std::optional<int64_t> rows;
  std::optional<Duration> duration;
};

struct Decoded {
  DecodeResult result;
  std::vector<Event> events;
};

std::unique_ptr<Decoder> DasDecoder() {
  FieldMap map;
  map.record_format = RecordFormat::kAwsDas;
  Result<std::unique_ptr<Decoder>> decoder = MakeDecoder(map);
  EXPECT_TRUE(decoder.ok());
  return std::move(*decoder);
}

Decoded Decode(Decoder& decoder, const std::string& record) {
  Decoded decoded;
  decoded.result = decoder.Decode({record, 0}, SourceRef{}, [&](const QueryEvent& e) {
    decoded.events.push_back(
        {std::string(e.principal), std::string(e.client), std::string(e.application),
         std::string(e.database), std::string(e.statement), std::string(e.session_id),
         std::string(e.status), e.time ? FormatTimestamp(*e.time) : "", e.rows, e.duration});
  });
  return decoded;
}

// The sample's blocks, in order (the first line is its provenance).
std::vector<std::string> Blocks() {
  std::ifstream in(std::string(LEAKHOUND_SOURCE_DIR) +
                   "/tests/corpus/real/aws_das_activity_events.json");
  EXPECT_TRUE(in);
  std::vector<std::string> blocks;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("#### block", 0) == 0) {
      blocks.emplace_back();
    } else if (!blocks.empty()) {
      blocks.back() += line + "\n";
    }
  }
  return blocks;
}

TEST(AwsDasDecoderTest, DecodesEveryDocumentedRecord) {
  const std::vector<std::string> blocks = Blocks();
  ASSERT_EQ(blocks.size(), 10u);
  auto decoder = DasDecoder();
  std::vector<Decoded> decoded;
  for (const std::string& block : blocks) decoded.push_back(Decode(*decoder, block));
  for (size_t i = 0; i < 9; ++i)
    ASSERT_TRUE(decoded[i].result.ok()) << i << decoded[i].result.detail;

  // CONNECTs (Aurora PostgreSQL inside the envelope; Aurora MySQL) are skipped.
  for (size_t i : {0u, 1u}) {
    EXPECT_EQ(decoded[i].result.events, 0u) << i;
    EXPECT_EQ(decoded[i].result.skipped, 1u) << i;
  }
  // Aurora PostgreSQL, in the envelope: a DDL statement, no rows reported.
  ASSERT_EQ(decoded[2].events.size(), 1u);
  const Event& ddl = decoded[2].events[0];
  EXPECT_EQ(ddl.statement, "create table my_table (id serial primary key, name varchar(32));");
  EXPECT_EQ(ddl.principal, "rdsadmin");
  EXPECT_EQ(ddl.client, "172.31.3.195");
  EXPECT_EQ(ddl.database, "postgres");
  EXPECT_EQ(ddl.application, "psql");
  EXPECT_EQ(ddl.session, "5ce73c6f.7e64");
  EXPECT_EQ(ddl.time, "2019-05-24T00:36:54.403455Z");
  EXPECT_FALSE(ddl.rows.has_value());
  EXPECT_FALSE(ddl.duration.has_value());  // no endTime

  // Aurora MySQL: the statement, then its per-table element (skipped).
  ASSERT_EQ(decoded[3].events.size(), 1u);
  EXPECT_EQ(decoded[3].events[0].statement, "CREATE TABLE test1 (id INT)");
  EXPECT_EQ(decoded[3].events[0].status, "0");
  EXPECT_EQ(decoded[3].events[0].duration, Duration(23838));  // endTime - startTime
  EXPECT_EQ(decoded[4].result.events, 0u);
  EXPECT_EQ(decoded[4].result.skipped, 1u);

  // Aurora PostgreSQL: a read with its row count.
  ASSERT_EQ(decoded[5].events.size(), 1u);
  EXPECT_EQ(decoded[5].events[0].statement, "select * from my_table;");
  EXPECT_EQ(decoded[5].events[0].rows, 10);
  EXPECT_EQ(decoded[5].events[0].time, "2019-05-24T00:39:49.920564Z");

  // RDS for SQL Server: numbers for sessionId and exitCode, no startTime (logTime instead).
  ASSERT_EQ(decoded[6].events.size(), 1u);
  const Event& mssql = decoded[6].events[0];
  EXPECT_EQ(mssql.statement, "select * from [testDB].[dbo].[TestTable]");
  EXPECT_EQ(mssql.principal, "test");
  EXPECT_EQ(mssql.client, "local machine");
  EXPECT_EQ(mssql.database, "testDB");
  EXPECT_EQ(mssql.application, "Microsoft SQL Server Management Studio - Query");
  EXPECT_EQ(mssql.session, "62");
  EXPECT_EQ(mssql.status, "1");
  EXPECT_EQ(mssql.rows, 0);
  EXPECT_EQ(mssql.time, "2022-10-06T21:24:59.942226Z");

  ASSERT_EQ(decoded[7].events.size(), 1u);
  EXPECT_EQ(decoded[7].events[0].statement, "SELECT * FROM test1 WHERE id < 28");
  EXPECT_EQ(decoded[7].events[0].rows, 2);
  EXPECT_EQ(decoded[7].events[0].session, "726571");
  EXPECT_EQ(decoded[8].result.skipped, 1u);

  // The lab's output escapes a quote as \' , which JSON does not allow.
  EXPECT_EQ(decoded[9].result.reason, RejectReason::kNotJson);
  EXPECT_EQ(decoded[9].result.events, 0u);
}

TEST(AwsDasDecoderTest, OneMessageYieldsEveryEventAndSkipsHeartbeats) {
  auto decoder = DasDecoder();
  const Decoded decoded = Decode(*decoder, R"({"type":"DatabaseActivityMonitoringRecord",
    "databaseActivityEventList":[
      {"type":"heartbeat"},
      {"type":"record","command":"QUERY","commandText":"SELECT * FROM passengers",
       "dbUserName":"mallory","remoteHost":"172.16.8.40","rowCount":5000,
       "startTime":"2026-03-10 22:10:00.000000+00","endTime":"2026-03-10 22:10:01.500000+00"},
      {"type":"record","command":"QUERY","commandText":"SELECT * FROM customers",
       "dbUserName":"mallory","remoteHost":"172.16.8.40","rowCount":7000,
       "logTime":"2026-03-10 22:11:00.000000+00"}]})");
  ASSERT_TRUE(decoded.result.ok()) << decoded.result.detail;
  EXPECT_EQ(decoded.result.events, 2u);
  EXPECT_EQ(decoded.result.skipped, 1u);
  ASSERT_EQ(decoded.events.size(), 2u);
  EXPECT_EQ(decoded.events[0].duration, Duration(1'500'000));
  EXPECT_EQ(decoded.events[1].rows, 7000);
  EXPECT_EQ(decoded.events[1].time, "2026-03-10T22:11:00Z");
}

// Members given as numbers are read as their text, each into a buffer of its own: a later
// numeric member must not overwrite an earlier one's text (a shared buffer did; the
// aws_das_decoder fuzzer found it as a use after free).
TEST(AwsDasDecoderTest, EveryNumericMemberKeepsItsOwnText) {
  auto decoder = DasDecoder();
  const Decoded decoded = Decode(*decoder, R"({"databaseActivityEventList":[
      {"type":"record","command":"QUERY","commandText":"SELECT * FROM passengers",
       "dbUserName":111111111111111111,"remoteHost":222222222222222222,
       "clientApplication":333333333333333333,"databaseName":444444444444444444,
       "sessionId":555555555555555555,"exitCode":666666666666666666}]})");
  ASSERT_TRUE(decoded.result.ok()) << decoded.result.detail;
  ASSERT_EQ(decoded.events.size(), 1u);
  const Event& event = decoded.events[0];
  EXPECT_EQ(event.statement, "SELECT * FROM passengers");
  EXPECT_EQ(event.principal, "111111111111111111");
  EXPECT_EQ(event.client, "222222222222222222");
  EXPECT_EQ(event.application, "333333333333333333");
  EXPECT_EQ(event.database, "444444444444444444");
  EXPECT_EQ(event.session, "555555555555555555");
  EXPECT_EQ(event.status, "666666666666666666");
}

TEST(AwsDasDecoderTest, ReadsARecordGivenAsAStringAndRefusesAnEncryptedOne) {
  auto decoder = DasDecoder();
  const Decoded inner = Decode(
      *decoder,
      R"({"type":"DatabaseActivityMonitoringRecords","version":"1.1","databaseActivityEvents":)"
      R"("{\"databaseActivityEventList\":[{\"type\":\"record\",\"command\":\"QUERY\",)"
      R"(\"commandText\":\"select 1\",\"dbUserName\":\"a\"}]}"})");
  ASSERT_TRUE(inner.result.ok()) << inner.result.detail;
  ASSERT_EQ(inner.events.size(), 1u);
  EXPECT_EQ(inner.events[0].statement, "select 1");

  const Decoded encrypted = Decode(*decoder, R"({"type":"DatabaseActivityMonitoringRecords",
    "version":"1.1","databaseActivityEvents":"AYADeJ3hT1aBHLzFW4U2n2Qy+8EAXwABABVhd3MtY3J5cHRv",
    "key":"AQIDAHhH8VV1E4sL8mlpk5nOzRJ8tn"})");
  EXPECT_EQ(encrypted.result.reason, RejectReason::kWrongType);
  EXPECT_EQ(encrypted.result.detail,
            "databaseActivityEvents is still encrypted: decrypt each record with the stream's "
            "KMS key (and decompress it) before leakhound reads it");

  const Decoded other = Decode(*decoder, R"({"type":"something else"})");
  EXPECT_EQ(other.result.reason, RejectReason::kMissingField);
  EXPECT_EQ(Decode(*decoder, "[1]").result.reason, RejectReason::kNotAnObject);
  EXPECT_EQ(Decode(*decoder, R"({"databaseActivityEventList":[{"type":)").result.reason,
            RejectReason::kTruncated);
}

}  // namespace
}  // namespace leakhound
