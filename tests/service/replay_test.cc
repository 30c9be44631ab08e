// `leakhound replay` (the binary, as deploy/compose runs it) against an embedded cluster:
// NDJSON lines keyed by principal, and with --profile a multi-line source cut into the
// records that source writes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "child_process.h"
#include "service_test_util.h"
#include "support/test_support.h"

namespace leakhound::service_test {
namespace {

std::string Bootstrap(const TestCluster& cluster) { return cluster.cluster->bootstrap_servers(); }

TEST(ReplayTest, NdjsonLinesKeyedByTheirPrincipal) {
  TestCluster cluster(4, 1);
  const auto [code, out] = RunProgram(testing::LeakhoundBinary(),
                                      {"replay", "-b", Bootstrap(cluster), "-t", "db.queries",
                                       testing::SourcePath("deploy/demo/insider.ndjson")},
                                      60s);
  ASSERT_EQ(code, 0) << out;  // (its summary goes to stderr)
  Result<std::vector<TopicRecord>> records = ReadTopic(cluster.kafka, "db.queries", 30s);
  ASSERT_TRUE(records.ok()) << records.status().ToString();
  ASSERT_EQ(records->size(), 1852u);
  const size_t mallory = std::count_if(records->begin(), records->end(),
                                       [](const auto& r) { return r.key == "mallory"; });
  EXPECT_GT(mallory, 0u);
  for (const TopicRecord& record : *records) {
    if (record.key == "mallory") {
      EXPECT_THAT(record.value, ::testing::HasSubstr("\"principal\":\"mallory\""));
    }
  }
}

TEST(ReplayTest, AProfileCutsCsvlogIntoItsRecordsAndKeysThemByTheirUser) {
  TestCluster cluster(4, 1);
  ASSERT_TRUE(cluster.cluster->CreateTopic("pg.csvlog", 2).ok());
  // The real csvlog sample, without its provenance lines.
  std::string csv;
  for (const std::string& line : testing::SplitLines(testing::ReadFile(
           testing::SourcePath("tests/corpus/real/postgres_pgaudit_csvlog.csv")))) {
    if (!line.starts_with("#")) csv += line + "\n";
  }
  testing::TempFile file(csv, ".csv");
  const auto [code, out] = RunProgram(testing::LeakhoundBinary(),
                                      {"replay", "-b", Bootstrap(cluster), "-t", "pg.csvlog",
                                       "--profile", "pg-csvlog", file.path()},
                                      60s);
  ASSERT_EQ(code, 0) << out;  // (its summary goes to stderr)
  Result<std::vector<TopicRecord>> records = ReadTopic(cluster.kafka, "pg.csvlog", 30s);
  ASSERT_TRUE(records.ok()) << records.status().ToString();
  ASSERT_EQ(records->size(), 112u);
  // The statement over two lines arrives as one message, keyed by its user; connection
  // lines before authentication have no user and go unkeyed.
  const auto spanning = std::find_if(records->begin(), records->end(), [](const auto& r) {
    return r.value.find("SELECT *\n  FROM test3, test2;") != std::string::npos;
  });
  ASSERT_NE(spanning, records->end());
  EXPECT_EQ(spanning->key, "user2");
}

}  // namespace
}  // namespace leakhound::service_test
