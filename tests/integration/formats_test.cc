// The insider scenario as four real audit-log formats (tests/scenario/render_formats.py
// writes them from deploy/demo/insider.ndjson): PostgreSQL jsonlog with pgaudit, MySQL
// Enterprise Audit JSON, AWS Database Activity Streams and Filebeat-wrapped PostgreSQL
// stderr. Each, scanned with its profile, must give the native scan's detections: the same
// rules firing for the same principals, as many times.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdlib>
#include <map>

#include "support/test_support.h"

namespace leakhound {
namespace {

using ::leakhound::testing::RunLeakhound;
using ::leakhound::testing::SourcePath;
using ::leakhound::testing::SplitLines;
using ::leakhound::testing::TempDir;

using Detections = std::map<std::pair<std::string, std::string>, int>;  // (rule, principal)

struct Scan {
  testing::CommandResult result;
  Detections detections;
};

Scan ScanWith(const std::vector<std::string>& profile, const std::string& path) {
  std::vector<std::string> args = {"scan", "--rules", SourcePath("rules"), "--fixed-time",
                                   "2026-06-01T00:00:00Z"};
  args.insert(args.end(), profile.begin(), profile.end());
  args.push_back(path);
  Scan scan{RunLeakhound(args), {}};
  simdjson::dom::parser parser;
  for (const std::string& line : SplitLines(scan.result.out)) {
    simdjson::dom::element detection;
    EXPECT_EQ(parser.parse(line).get(detection), simdjson::SUCCESS) << line;
    ++scan.detections[{std::string(std::string_view(detection["rule"]["id"])),
                       std::string(std::string_view(detection["principal"]))}];
  }
  return scan;
}

class FormatsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    directory_ = new TempDir();
    const std::string command = "python3 " + SourcePath("tests/scenario/render_formats.py") + " " +
                                SourcePath("deploy/demo/insider.ndjson") + " " + directory_->path();
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
    native_ = new Scan(ScanWith({}, SourcePath("deploy/demo/insider.ndjson")));
  }
  static void TearDownTestSuite() {
    delete native_;
    delete directory_;
  }

  // The format's scan: exit 0, every statement an event, nothing rejected, and the native
  // detections exactly.
  static void ExpectNativeDetections(const std::vector<std::string>& profile,
                                     const std::string& file, const std::string& summary) {
    const Scan scan = ScanWith(profile, directory_->path() + "/" + file);
    EXPECT_EQ(scan.result.exit_code, 0) << scan.result.err;
    EXPECT_THAT(scan.result.err, ::testing::HasSubstr(summary));
    EXPECT_EQ(scan.detections, native_->detections);
  }

  static TempDir* directory_;
  static Scan* native_;
};

TempDir* FormatsTest::directory_ = nullptr;
Scan* FormatsTest::native_ = nullptr;

TEST_F(FormatsTest, NativeScanFindsTheCampaign) {
  int total = 0;
  for (const auto& [key, count] : native_->detections) total += count;
  EXPECT_EQ(total, 32);
  EXPECT_EQ(native_->detections.size(), 20u);  // every rule of the pack, and its principal
}

TEST_F(FormatsTest, PostgresJsonlogWithPgaudit) {
  ExpectNativeDetections({"--profile", "pg-jsonlog"}, "pg_jsonlog.jsonl",
                         "1850 events, 0 rejected, 32 detections");
}

TEST_F(FormatsTest, MySqlEnterpriseAudit) {
  // 98 connect records: the program and database of each connection.
  ExpectNativeDetections({"--profile", "mysql-audit"}, "mysql_enterprise.json",
                         "1850 events, 98 not queries (skipped), 0 rejected, 32 detections");
}

TEST_F(FormatsTest, AwsDatabaseActivityStreams) {
  // 93 records of up to 20 events and a heartbeat each.
  ExpectNativeDetections({"--profile", "aws-das"}, "aws_das.json",
                         "1850 events, 93 not queries (skipped), 0 rejected, 32 detections");
}

TEST_F(FormatsTest, FilebeatWrappedPostgresStderr) {
  const std::string profile = directory_->Write(
      "filebeat-pg-stderr.yaml",
      "decoder: pg-stderr\nlog_line_prefix: '%m [%p] %q%u@%d %h [%a] '\nenvelope: filebeat\n");
  ExpectNativeDetections({"--profile", profile}, "filebeat_pg_stderr.jsonl",
                         "1850 events, 0 rejected, 32 detections");
}

TEST_F(FormatsTest, AutoTellsTheFourFormatsApart) {
  // One profile for all four: the stderr lines' prefix is the only thing to say.
  const std::string profile = directory_->Write(
      "auto.yaml", "decoder: auto\nlog_line_prefix: '%m [%p] %q%u@%d %h [%a] '\n");
  for (const char* file :
       {"pg_jsonlog.jsonl", "mysql_enterprise.json", "aws_das.json", "filebeat_pg_stderr.jsonl"}) {
    SCOPED_TRACE(file);
    ExpectNativeDetections({"--profile", profile}, file, "1850 events");
  }
}

}  // namespace
}  // namespace leakhound
