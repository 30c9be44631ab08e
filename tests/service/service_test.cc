// The service against an embedded Kafka cluster: exact detections on the output topic,
// committed offsets at the end offsets after a clean stop, every bad record on the
// dead-letter topic with its reason, and window state carried across a restart.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <simdjson.h>

#include "codec/detection_json_decoder.h"
#include "kafka/snapshot_ref.h"
#include "rules/pack_source.h"
#include "service_test_util.h"
#include "support/test_support.h"

namespace leakhound::service_test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ServiceTest, PublishesExactlyTheDetectionsCommitsToTheEndAndDeadLettersBadRecords) {
  TestCluster cluster;
  const auto records = ScenarioRecords();
  ASSERT_EQ(records.size(), 1852u);
  ASSERT_TRUE(ProduceRecords(cluster.kafka, "db.queries", records, kTimeout).ok());
  const auto rules = ShippedRules();

  RunningService running(TestOptions(cluster), rules);
  ASSERT_TRUE(WaitFor([&] { return CommittedToEnd(cluster.kafka, "leakhound", "db.queries"); }))
      << "the service did not commit every input partition to its end";
  ASSERT_TRUE(running.Stop().ok());

  // After the clean stop, still at the end (nothing left uncommitted, nothing rewound).
  EXPECT_TRUE(CommittedToEnd(cluster.kafka, "leakhound", "db.queries"));
  // Exactly the detections an engine gives for each partition's records, id for id.
  const std::multiset<std::string> expected =
      ExpectedDetections(cluster.kafka, "db.queries", rules);
  EXPECT_EQ(expected.size(), 32u);
  EXPECT_EQ(PublishedDetections(cluster.kafka, "leakhound.detections"), expected);

  // Each detection names the records it came from: the COPY detection's source is the COPY.
  Result<std::vector<TopicRecord>> input = ReadTopic(cluster.kafka, "db.queries", kTimeout);
  Result<std::vector<TopicRecord>> output =
      ReadTopic(cluster.kafka, "leakhound.detections", kTimeout);
  ASSERT_TRUE(input.ok() && output.ok());
  const auto input_record = [&](int32_t partition, int64_t offset) -> const TopicRecord* {
    for (const TopicRecord& record : *input) {
      if (record.partition == partition && record.offset == offset) return &record;
    }
    return nullptr;
  };
  int copies = 0;
  for (const TopicRecord& record : *output) {
    Result<Detection> detection = DecodeDetectionJson(record.value);
    ASSERT_TRUE(detection.ok());
    EXPECT_EQ(record.key, detection->principal);  // keyed by principal
    EXPECT_EQ(record.Header("leakhound-rule"), detection->rule->id);
    EXPECT_EQ(record.Header("leakhound-detection-id"), detection->id);
    for (const StoredSourceRef& source : detection->sources) {
      EXPECT_EQ(source.origin, "db.queries");
      const TopicRecord* original = input_record(source.partition, source.offset);
      ASSERT_NE(original, nullptr) << source.partition << "@" << source.offset;
      EXPECT_EQ(original->key, detection->principal);
    }
    if (detection->rule->id == "LH-0005") {
      ++copies;
      ASSERT_EQ(detection->sources.size(), 1u);
      std::string statement =
          input_record(detection->sources[0].partition, detection->sources[0].offset)->value;
      for (char& c : statement) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      EXPECT_THAT(statement, HasSubstr("\"statement\":\"copy "));
    }
  }
  EXPECT_EQ(copies, 2);

  // The two malformed records of the scenario, each with its reason and where it came from.
  Result<std::vector<TopicRecord>> dead =
      ReadTopic(cluster.kafka, "leakhound.dead-letter", kTimeout);
  ASSERT_TRUE(dead.ok());
  std::vector<std::string> reasons;
  for (const TopicRecord& record : *dead) {
    reasons.push_back(record.Header("leakhound-reason"));
    EXPECT_EQ(record.Header("leakhound-source-topic"), "db.queries");
    const TopicRecord* original =
        input_record(std::stoi(record.Header("leakhound-source-partition")),
                     std::stoll(record.Header("leakhound-source-offset")));
    ASSERT_NE(original, nullptr);
    EXPECT_EQ(record.value, original->value);  // the record itself, byte for byte
    EXPECT_FALSE(record.Header("leakhound-detail").empty());
  }
  std::sort(reasons.begin(), reasons.end());
  EXPECT_THAT(reasons, ElementsAre("missing_field", "truncated"));

  // The metrics say the same.
  const std::string metrics = running.service().metrics().RenderPrometheus();
  EXPECT_THAT(metrics, HasSubstr("leakhound_records_total{topic=\"db.queries\"} 1852\n"));
  EXPECT_THAT(metrics, HasSubstr("leakhound_rejected_total{reason=\"truncated\"} 1\n"));
  EXPECT_THAT(metrics, HasSubstr("leakhound_rejected_total{reason=\"missing_field\"} 1\n"));
  EXPECT_THAT(metrics, HasSubstr("leakhound_dead_letters_total 2\n"));
  EXPECT_THAT(metrics, HasSubstr("leakhound_detections_total{rule=\"LH-0005\"} 2\n"));
}

// output.format: the same detections, written as OCSF Detection Findings, with the same
// keys and headers (tests/siem checks the documents themselves against the OCSF schema).
TEST(ServiceTest, PublishesTheConfiguredSiemFormat) {
  TestCluster cluster;
  ASSERT_TRUE(ProduceRecords(cluster.kafka, "db.queries", ScenarioRecords(), kTimeout).ok());
  const auto rules = ShippedRules();
  ServiceOptions options = TestOptions(cluster);
  options.output_format = DetectionFormat::kOcsf;
  RunningService running(options, rules);
  ASSERT_TRUE(WaitFor([&] { return CommittedToEnd(cluster.kafka, "leakhound", "db.queries"); }));
  ASSERT_TRUE(running.Stop().ok());

  Result<std::vector<TopicRecord>> output =
      ReadTopic(cluster.kafka, "leakhound.detections", kTimeout);
  ASSERT_TRUE(output.ok());
  std::multiset<std::string> published;
  simdjson::dom::parser parser;
  for (const TopicRecord& record : *output) {
    simdjson::dom::element finding;
    ASSERT_EQ(parser.parse(record.value).get(finding), simdjson::SUCCESS) << record.value;
    int64_t class_uid = 0, end_time = 0;
    std::string_view uid, rule, user;
    ASSERT_EQ(finding["class_uid"].get_int64().get(class_uid), simdjson::SUCCESS);
    EXPECT_EQ(class_uid, 2004);
    ASSERT_EQ(finding.at_pointer("/finding_info/uid").get_string().get(uid), simdjson::SUCCESS);
    ASSERT_EQ(finding.at_pointer("/finding_info/analytic/uid").get_string().get(rule),
              simdjson::SUCCESS);
    ASSERT_EQ(finding.at_pointer("/evidences/0/actor/user/name").get_string().get(user),
              simdjson::SUCCESS);
    ASSERT_EQ(finding["end_time"].get_int64().get(end_time), simdjson::SUCCESS);
    EXPECT_EQ(record.key, user);
    EXPECT_EQ(record.Header("leakhound-detection-id"), uid);
    EXPECT_EQ(record.Header("leakhound-rule"), rule);
    const std::string event_time = FormatTimestamp(TimePoint(std::chrono::milliseconds(end_time)));
    EXPECT_EQ(record.Header("leakhound-event-time"), event_time);
    published.insert(std::string(rule) + " " + std::string(user) + " " + event_time + " " +
                     std::string(uid));
  }
  EXPECT_EQ(published, ExpectedDetections(cluster.kafka, "db.queries", rules));
  EXPECT_EQ(published.size(), 32u);
}

TEST(ServiceTest, ARestartRestoresTheWindowsOfTheCommittedOffset) {
  TestCluster cluster(/*input_partitions=*/2);
  const auto rules = ShippedRules();
  // Twelve pages of a LIMIT/OFFSET walk by one analyst, a minute apart: LH-0003 needs ten
  // distinct offsets in ten minutes. Six before a stop, six after.
  const auto page = [](int i) {
    char line[512];
    std::snprintf(
        line, sizeof line,
        R"({"time":"2026-03-10T22:%02d:00Z","principal":"mallory","client":"172.16.8.40",)"
        R"("application":"psql","statement":"SELECT * FROM customers ORDER BY id LIMIT 1000 OFFSET %d","rows":1000})",
        10 + i, i * 1000);
    return std::make_pair(std::string("mallory"), std::string(line));
  };
  std::vector<std::pair<std::string, std::string>> first, second;
  for (int i = 0; i < 6; ++i) first.push_back(page(i));
  for (int i = 6; i < 12; ++i) second.push_back(page(i));

  ASSERT_TRUE(ProduceRecords(cluster.kafka, "db.queries", first, kTimeout).ok());
  {
    RunningService running(TestOptions(cluster), rules);
    ASSERT_TRUE(WaitFor([&] { return CommittedToEnd(cluster.kafka, "leakhound", "db.queries"); }));
    ASSERT_TRUE(running.Stop().ok());
  }
  // The commit names the snapshot that holds mallory's six pages.
  Result<std::map<int32_t, std::pair<int64_t, std::string>>> committed =
      CommittedOffsets(cluster.kafka, "leakhound", "db.queries", kTimeout);
  ASSERT_TRUE(committed.ok());
  bool snapshot = false;
  for (const auto& [partition, commit] : *committed) {
    const auto parsed = ParseCommitMetadata(commit.second);
    ASSERT_TRUE(parsed.has_value()) << commit.second;
    snapshot = snapshot || parsed->has_value();
  }
  EXPECT_TRUE(snapshot);
  EXPECT_TRUE(PublishedDetections(cluster.kafka, "leakhound.detections").empty());

  ASSERT_TRUE(ProduceRecords(cluster.kafka, "db.queries", second, kTimeout).ok());
  RunningService running(TestOptions(cluster), rules);
  ASSERT_TRUE(WaitFor([&] { return CommittedToEnd(cluster.kafka, "leakhound", "db.queries"); }));
  ASSERT_TRUE(running.Stop().ok());
  EXPECT_THAT(running.service().metrics().RenderPrometheus(),
              HasSubstr("leakhound_state_restored_total 1\n"));
  // One walk, one detection, with the pages from before the restart among its sources: the
  // same as a service that never stopped.
  const std::multiset<std::string> published =
      PublishedDetections(cluster.kafka, "leakhound.detections");
  EXPECT_EQ(published, ExpectedDetections(cluster.kafka, "db.queries", rules));
  ASSERT_EQ(published.size(), 1u);
  EXPECT_THAT(*published.begin(), HasSubstr("LH-0003 mallory"));
}

TEST(ServiceTest, ReloadedRulesApplyWithoutARestart) {
  TestCluster cluster(/*input_partitions=*/1);
  const auto rules = ShippedRules();
  RunningService running(TestOptions(cluster), rules);
  const std::string copy =
      R"({"time":"2026-03-10T22:40:00Z","principal":"mallory","statement":"COPY passengers TO STDOUT","rows":10})";
  ASSERT_TRUE(ProduceRecords(cluster.kafka, "db.queries", {{"mallory", copy}}, kTimeout).ok());
  ASSERT_TRUE(WaitFor([&] { return CommittedToEnd(cluster.kafka, "leakhound", "db.queries"); }));
  // A pack without LH-0005: the same record no longer fires it.
  RulePackSource pack = *ReadRulePack(leakhound::testing::SourcePath("rules"));
  std::erase_if(pack.rules, [](const PackFile& file) {
    return file.path.find("LH-0005") != std::string::npos;
  });
  CompileOutcome reduced = LoadAndCompile(pack, SystemClock().Now());
  ASSERT_NE(reduced.compiled, nullptr);
  running.service().ReloadRules(reduced.compiled);
  ASSERT_TRUE(
      WaitFor([&] { return running.service().metrics().counter(ServiceMetrics::kReloads) == 1; }));
  ASSERT_TRUE(ProduceRecords(cluster.kafka, "db.queries", {{"mallory", copy}}, kTimeout).ok());
  ASSERT_TRUE(WaitFor([&] { return CommittedToEnd(cluster.kafka, "leakhound", "db.queries"); }));
  ASSERT_TRUE(running.Stop().ok());
  std::vector<std::string> rules_fired;
  for (const std::string& line : PublishedDetections(cluster.kafka, "leakhound.detections")) {
    rules_fired.push_back(line.substr(0, line.find(' ')));
  }
  std::sort(rules_fired.begin(), rules_fired.end());
  // LH-0005 fired for the record before the reload, and not for the same record after it.
  EXPECT_THAT(rules_fired, ElementsAre("LH-0005"));
}

}  // namespace
}  // namespace leakhound::service_test
