// PostgreSQL jsonlog with pgaudit, through MakeDecoder(FieldMap::PostgresJsonlog()): the
// real capture in tests/corpus/real/ (PostgreSQL 15, github.com/codenotary/immudb-log-audit)
// and records shaped after it for what the capture lacks (reads, ROWS, OBJECT entries).
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "codec/make_decoder.h"

namespace leakhound {
namespace {

struct Decoded {
  DecodeResult result;
  std::vector<std::string> statements;
  std::vector<std::string> principals, clients, databases, sessions, times;
  std::vector<std::optional<int64_t>> rows;
};

Decoded Decode(Decoder& decoder, const std::string& record) {
  Decoded decoded;
  decoded.result = decoder.Decode({record, 0}, SourceRef{}, [&](const QueryEvent& event) {
    decoded.statements.emplace_back(event.statement);
    decoded.principals.emplace_back(event.principal);
    decoded.clients.emplace_back(event.client);
    decoded.databases.emplace_back(event.database);
    decoded.sessions.emplace_back(event.session_id);
    decoded.times.push_back(event.time ? FormatTimestamp(*event.time) : "");
    decoded.rows.push_back(event.rows);
  });
  return decoded;
}

std::unique_ptr<Decoder> JsonlogDecoder() {
  Result<std::unique_ptr<Decoder>> decoder = MakeDecoder(FieldMap::PostgresJsonlog());
  EXPECT_TRUE(decoder.ok());
  return std::move(*decoder);
}

TEST(PgauditStatementDecoderTest, DecodesTheRealPostgres15JsonlogCapture) {
  std::ifstream in(std::string(LEAKHOUND_SOURCE_DIR) +
                   "/tests/corpus/real/postgres_jsonlog_pgaudit.jsonl");
  ASSERT_TRUE(in);
  auto decoder = JsonlogDecoder();
  std::vector<Decoded> records;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line.front() == '#') continue;  // the provenance line
    records.push_back(Decode(*decoder, line));
  }
  ASSERT_EQ(records.size(), 12u);
  for (const Decoded& record : records) {
    ASSERT_TRUE(record.result.ok()) << record.result.detail;
    ASSERT_EQ(record.result.events, 1u);
    EXPECT_EQ(record.principals[0], "postgres");
    EXPECT_EQ(record.clients[0], "172.22.0.1");
    EXPECT_EQ(record.databases[0], "postgres");
    EXPECT_EQ(record.sessions[0], "645ffc74.8a");
    EXPECT_FALSE(record.rows[0].has_value());  // pgaudit.log_rows was off
  }
  EXPECT_EQ(records[0].times[0], "2023-05-13T21:09:08.502Z");
  EXPECT_EQ(records[0].statements[0],
            "create table if not exists audit_trail (id VARCHAR, ts TIMESTAMP, usr VARCHAR, "
            "action INTEGER, sourceip VARCHAR, context VARCHAR, PRIMARY KEY(id));");
  EXPECT_EQ(records[1].times[0], "2023-05-13T21:09:08.505Z");
  EXPECT_EQ(records[1].statements[0],
            "insert into audit_trail(id, ts, usr, action, sourceip, context) VALUES "
            "('3a5719ef-258e-4416-a352-82c1e674f2ef', NOW(), 'user0', 1, '127.0.0.1', 'some "
            "context')");
  EXPECT_EQ(records[11].times[0], "2023-05-13T21:09:58.564Z");
}

constexpr const char* kRead =
    R"({"timestamp":"2026-03-10 22:40:00.120 GMT","user":"mallory","dbname":"booking",)"
    R"("remote_host":"172.16.8.40","application_name":"psql","session_id":"65f1.2a",)"
    R"("error_severity":"LOG","state_code":"00000","message":"AUDIT: SESSION,7,1,READ,)"
    R"(SELECT,,,\"select full_name, passport_no from passengers\",<none>,412000"})";

TEST(PgauditStatementDecoderTest, TakesStatementAndRowsOutOfTheMessage) {
  auto decoder = JsonlogDecoder();
  const Decoded decoded = Decode(*decoder, kRead);
  ASSERT_TRUE(decoded.result.ok()) << decoded.result.detail;
  ASSERT_EQ(decoded.result.events, 1u);
  EXPECT_EQ(decoded.statements[0], "select full_name, passport_no from passengers");
  EXPECT_EQ(decoded.rows[0], 412000);
  EXPECT_EQ(decoded.principals[0], "mallory");
  EXPECT_EQ(decoded.times[0], "2026-03-10T22:40:00.120Z");
}

TEST(PgauditStatementDecoderTest, SkipsMessagesThatAreNotSessionEntries) {
  auto decoder = JsonlogDecoder();
  for (const std::string message :
       {"connection authorized: user=mallory database=booking",
        "AUDIT: OBJECT,7,1,READ,SELECT,TABLE,public.passengers,\\\"select 1\\\",<none>",
        "AUDIT: SESSION,7,2,READ,SELECT,TABLE,public.passengers,<previously logged>,"
        "<previously logged>"}) {
    const Decoded decoded =
        Decode(*decoder, R"({"timestamp":"2026-03-10 22:40:00 GMT","user":"mallory",)"
                         R"("message":")" +
                             message + R"("})");
    EXPECT_TRUE(decoded.result.ok()) << message << ": " << decoded.result.detail;
    EXPECT_EQ(decoded.result.events, 0u) << message;
    EXPECT_EQ(decoded.result.skipped, 1u) << message;
  }
}

TEST(PgauditStatementDecoderTest, RejectsAMalformedAuditMessageWithPgauditsReason) {
  auto decoder = JsonlogDecoder();
  const Decoded decoded = Decode(
      *decoder,
      R"({"user":"mallory","message":"AUDIT: SESSION,7,1,READ,SELECT,,,\"select * from pass"})");
  EXPECT_EQ(decoded.result.reason, RejectReason::kWrongType);
  EXPECT_EQ(decoded.result.detail,
            "the statement field: pgaudit: a quoted field has no closing quote (the line may "
            "be truncated)");
  EXPECT_EQ(decoded.result.events, 0u);
}

}  // namespace
}  // namespace leakhound
