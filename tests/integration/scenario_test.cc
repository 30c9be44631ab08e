// The labelled insider scenario (deploy/demo/insider.ndjson, written by
// tests/scenario/generate_scenario.py): a day of benign traffic (application, analysts,
// backup, ETL) and an insider campaign in every form the shipped pack covers. The scan must
// detect every attack form with its rule, and no benign record may contribute to any
// detection.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <simdjson.h>

#include <map>
#include <set>

#include "support/test_support.h"

namespace leakhound {
namespace {

using ::leakhound::testing::ReadFile;
using ::leakhound::testing::RunLeakhound;
using ::leakhound::testing::SourcePath;
using ::leakhound::testing::SplitLines;

struct DetectionSummary {
  std::string rule;
  std::set<std::string> source_labels;
};

class ScenarioTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string path = SourcePath("deploy/demo/insider.ndjson");
    // Labels by line number; the two malformed lines have none.
    simdjson::dom::parser parser;
    int line_number = 0;
    for (const std::string& line : SplitLines(ReadFile(path))) {
      ++line_number;
      simdjson::dom::element record;
      if (parser.parse(line).get(record) != simdjson::SUCCESS) continue;
      std::string_view label;
      if (record["label"].get(label) == simdjson::SUCCESS) labels_[line_number] = label;
    }
    result_ = RunLeakhound(
        {"scan", "--rules", SourcePath("rules"), "--fixed-time", "2026-06-01T00:00:00Z", path});
    for (const std::string& line : SplitLines(result_.out)) {
      simdjson::dom::element detection;
      ASSERT_EQ(parser.parse(line).get(detection), simdjson::SUCCESS) << line;
      DetectionSummary summary;
      summary.rule = std::string(std::string_view(detection["rule"]["id"]));
      for (simdjson::dom::element source : detection["sources"].get_array()) {
        const int64_t source_line = source["line"].get_int64();
        summary.source_labels.insert(labels_.count(static_cast<int>(source_line)) != 0
                                         ? labels_[static_cast<int>(source_line)]
                                         : "unlabelled");
      }
      detections_.push_back(std::move(summary));
    }
  }

  std::map<int, std::string> labels_;
  testing::CommandResult result_;
  std::vector<DetectionSummary> detections_;
};

TEST_F(ScenarioTest, ScanSucceedsAndCountsTheTwoMalformedRecords) {
  EXPECT_EQ(result_.exit_code, 0) << result_.err;
  EXPECT_THAT(result_.err, ::testing::HasSubstr("1852 records"));
  EXPECT_THAT(result_.err,
              ::testing::HasSubstr("1850 events, 2 rejected [truncated 1, missing_field 1]"));
  EXPECT_THAT(result_.err, ::testing::HasSubstr("insider.ndjson:701: rejected (truncated)"));
  EXPECT_THAT(result_.err, ::testing::HasSubstr("insider.ndjson:1501: rejected (missing_field)"));
}

TEST_F(ScenarioTest, NoBenignRecordContributesToAnyDetection) {
  ASSERT_FALSE(detections_.empty());
  for (const DetectionSummary& detection : detections_) {
    for (const std::string& label : detection.source_labels) {
      EXPECT_EQ(label.rfind("attack:", 0), 0u)
          << detection.rule << " has a source labelled " << label;
    }
  }
}

TEST_F(ScenarioTest, EveryAttackFormIsDetectedByItsRule) {
  const std::map<std::string, std::vector<std::string>> expected = {
      {"attack:recon", {"LH-0012"}},
      {"attack:pii_column_hunt", {"LH-0013"}},
      {"attack:unbounded_select", {"LH-0001", "LH-0014"}},
      {"attack:mysqldump_signature", {"LH-0008", "LH-0001"}},
      {"attack:tautology", {"LH-0002"}},
      {"attack:limit_offset_walk", {"LH-0003"}},
      {"attack:id_range_slices", {"LH-0004", "LH-0014"}},
      {"attack:copy_to", {"LH-0005"}},
      {"attack:dump_tool", {"LH-0007"}},
      {"attack:into_outfile", {"LH-0006"}},
      {"attack:aggregate_packing", {"LH-0009", "LH-0001"}},  // json_agg(p): the whole row
      {"attack:encoded_exfiltration", {"LH-0010"}},
      {"attack:cumulative_rows", {"LH-0015"}},
      {"attack:many_pii_tables", {"LH-0017"}},
      {"attack:union_injection", {"LH-0011"}},
  };
  std::set<std::string> attack_labels;
  for (const auto& [line, label] : labels_) {
    if (label.rfind("attack:", 0) == 0) attack_labels.insert(label);
  }
  std::set<std::string> covered;
  for (const auto& [form, rules] : expected) {
    covered.insert(form);
    for (const std::string& rule : rules) {
      const bool found =
          std::any_of(detections_.begin(), detections_.end(), [&](const DetectionSummary& d) {
            return d.rule == rule && d.source_labels.count(form) != 0;
          });
      EXPECT_TRUE(found) << form << " was not detected by " << rule;
    }
  }
  EXPECT_EQ(covered, attack_labels) << "every attack form in the scenario has an expectation";
}

TEST_F(ScenarioTest, ExactDetectionCountsPerRule) {
  std::map<std::string, int> counts;
  for (const DetectionSummary& detection : detections_) ++counts[detection.rule];
  const std::map<std::string, int> expected = {
      {"LH-0001", 4}, {"LH-0002", 1}, {"LH-0003", 1}, {"LH-0004", 1}, {"LH-0005", 2},
      {"LH-0006", 1}, {"LH-0007", 1}, {"LH-0008", 1}, {"LH-0009", 1}, {"LH-0010", 1},
      {"LH-0011", 1}, {"LH-0012", 1}, {"LH-0013", 1}, {"LH-0014", 2}, {"LH-0015", 2},
      {"LH-0016", 2}, {"LH-0017", 1}, {"LH-0018", 5}, {"LH-0019", 2}, {"LH-0020", 1}};
  EXPECT_EQ(counts, expected);
  EXPECT_THAT(result_.err, ::testing::HasSubstr("32 detections"));
}

}  // namespace
}  // namespace leakhound
