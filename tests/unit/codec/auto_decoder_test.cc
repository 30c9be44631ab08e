// `decoder: auto`: every real sample whose records are single lines gives, record by
// record, exactly what its own decoder gives; records of no known shape are refused.
#include <gtest/gtest.h>

#include "support/decoder_test_support.h"

namespace leakhound {
namespace {

using testing::DecodeCorpusFile;
using testing::DecodedFile;
using testing::DecodeRecord;
using testing::DecoderFor;

void ExpectSameAsOwnDecoder(const std::string& file, const std::string& profile,
                            FieldMap automatic = *FieldMapForDecoder("auto")) {
  const DecodedFile own = DecodeCorpusFile(file, profile);
  const DecodedFile told = DecodeCorpusFile(file, automatic);
  ASSERT_EQ(told.records.size(), own.records.size()) << file;
  ASSERT_FALSE(own.events.empty()) << file;
  for (size_t i = 0; i < own.records.size(); ++i) {
    const testing::DecodedRecord& a = own.records[i];
    const testing::DecodedRecord& b = told.records[i];
    EXPECT_EQ(b.result.reason, a.result.reason) << file << ":" << a.line << " " << b.result.detail;
    EXPECT_EQ(b.result.skipped, a.result.skipped) << file << ":" << a.line;
    ASSERT_EQ(b.events.size(), a.events.size()) << file << ":" << a.line;
    for (size_t e = 0; e < a.events.size(); ++e) {
      EXPECT_EQ(b.events[e].statement, a.events[e].statement) << file << ":" << a.line;
      EXPECT_EQ(b.events[e].principal, a.events[e].principal) << file << ":" << a.line;
      EXPECT_EQ(b.events[e].client, a.events[e].client) << file << ":" << a.line;
      EXPECT_EQ(b.events[e].time, a.events[e].time) << file << ":" << a.line;
      EXPECT_EQ(b.events[e].rows, a.events[e].rows) << file << ":" << a.line;
    }
  }
}

TEST(AutoDecoderTest, TellsEverySingleLineSampleApart) {
  ExpectSameAsOwnDecoder("postgres_jsonlog_pgaudit.jsonl", "pg-jsonlog");
  ExpectSameAsOwnDecoder("mysql_enterprise_audit.json", "mysql-audit");
  ExpectSameAsOwnDecoder("mariadb_server_audit.log", "mariadb-audit");
  ExpectSameAsOwnDecoder("filebeat_kafka_mariadb_audit.jsonl", "mariadb-audit+filebeat");
  ExpectSameAsOwnDecoder("mongodb_audit.jsonl", "mongodb");  // escaped quotes too
  ExpectSameAsOwnDecoder("mongodb_log_slowquery.jsonl", "mongodb");
  ExpectSameAsOwnDecoder("gcp_cloudsql_audit.jsonl", "gcp-audit");
  ExpectSameAsOwnDecoder("gcp_bigquery_audit.jsonl", "gcp-audit");
  // "%m [%p] " is one of the common prefixes auto tries after the profile's.
  FieldMap stderr_map = *FieldMapForDecoder("pg-stderr");
  stderr_map.log_line_prefix = "%m [%p] ";
  const DecodedFile own = DecodeCorpusFile("postgres_pgaudit_stderr.log", stderr_map);
  const DecodedFile told = DecodeCorpusFile("postgres_pgaudit_stderr.log", "auto");
  EXPECT_EQ(told.events.size(), own.events.size());
  EXPECT_EQ(told.rejected.size(), own.rejected.size());
}

TEST(AutoDecoderTest, TheProfilesPrefixComesFirstAndUnknownShapesAreRefused) {
  FieldMap map = *FieldMapForDecoder("auto");
  map.log_line_prefix = "%t [%a] [%e] [%p]: [%l-1] user=%u,db=%d,client=%h ";
  const DecodedFile envelopes = DecodeCorpusFile("shipper_envelopes.txt", map);
  ASSERT_EQ(envelopes.events.size(), 3u);  // as pg-stderr with this prefix and +filebeat
  EXPECT_EQ(envelopes.events[0].principal, "admin");

  const std::unique_ptr<Decoder> decoder = DecoderFor("auto");
  const testing::DecodedRecord unknown = DecodeRecord(*decoder, "GET /index.html 200");
  EXPECT_EQ(unknown.result.reason, RejectReason::kWrongType);
  EXPECT_EQ(unknown.result.detail,
            "auto: not a format leakhound knows (JSON audit records, PostgreSQL csvlog or "
            "stderr, MariaDB server_audit): name the decoder in the profile");
  const testing::DecodedRecord prefix =
      DecodeRecord(*decoder, "db1 postgres[12]: [3-1] LOG:  AUDIT: SESSION,1,1,READ,SELECT,,,x,y");
  EXPECT_EQ(prefix.result.detail,
            "stderr: a PostgreSQL log line, but its prefix matches neither log_line_prefix '%m "
            "[%p] %q%u@%d ' nor a common one: set log_line_prefix in the profile");
  // Native records and csvlog lines.
  EXPECT_EQ(DecodeRecord(*decoder, R"({"principal":"a","statement":"select 1"})").events.size(),
            1u);
  const testing::DecodedRecord csv = DecodeRecord(
      *decoder,
      "2025-04-21 03:27:13.543 EDT,\"postgres\",\"crm\",1,\"[local]\",s.1,3,\"idle\",2025-04-21 "
      "03:27:13 EDT,3/0,0,LOG,00000,\"AUDIT: SESSION,1,1,READ,SELECT,,,select 1,<none>\",,,,,,,"
      ",,\"psql\"");
  ASSERT_EQ(csv.events.size(), 1u) << csv.result.detail;
  EXPECT_EQ(csv.events[0].database, "crm");
}

}  // namespace
}  // namespace leakhound
