#include "codec/detection_json_encoder.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

namespace leakhound {
namespace {

using namespace std::chrono_literals;

// 2026-02-02T10:00:00Z
const TimePoint kTen = TimePoint(std::chrono::seconds(1770026400));

std::shared_ptr<const RuleInfo> FullRule() {
  auto rule = std::make_shared<RuleInfo>();
  rule->id = "LH-0001";
  rule->title = "Unbounded \"read\"";
  rule->description = "desc";
  rule->severity = Severity::kHigh;
  rule->tags = {"attack.collection", "attack.t1213.006"};
  rule->status = RuleStatus::kStable;
  rule->version = 2;
  rule->author = "not encoded";
  rule->references = {"https://attack.mitre.org/techniques/T1213/006/"};
  rule->false_positives = {"not encoded either"};
  rule->file = "rules/pii/x.yaml";
  return rule;
}

Detection FullDetection() {
  Detection detection;
  detection.id = "0123456789abcdef0123456789abcdef";
  detection.rule = FullRule();
  detection.principal = "alice";
  detection.client = "10.0.0.1";
  detection.application = "psql";
  detection.database = "shop";
  detection.session_id = "s1";
  detection.verb = "select";
  detection.fingerprint = "select * from passengers where id = ?";
  detection.tables = {"passengers"};
  detection.pii_categories = {"name", "email"};
  detection.pii_columns = {"full_name", "email"};
  detection.rows = 1200;
  detection.event_time = kTen;
  detection.first_event_time = kTen - 5min;
  detection.detection_time = kTen + 1500ms;
  detection.matched_patterns = {"\\bselect\\b"};
  detection.predicates = {{"rows", "gte", "1000", "1200"},
                          {"principal", "not_in", "service_accounts", "alice"}};
  ThresholdEvidence threshold;
  threshold.aggregate = "sum";
  threshold.field = "rows";
  threshold.value = 60000;
  threshold.op = "gte";
  threshold.threshold = 50000;
  threshold.window = 10min;
  threshold.window_start = kTen - 5min;
  threshold.window_end = kTen;
  threshold.events = 12;
  threshold.group = {{"principal", "alice"}, {"client", "10.0.0.1"}};
  threshold.suppressed = 3;
  detection.threshold = threshold;
  detection.sources = {{"logs/a.ndjson", -1, 7, 0}, {"audit", 2, 99, 1}};
  detection.sources_total = 5;
  return detection;
}

std::string Encode(const Detection& detection) {
  std::string out;
  EncodeDetectionJson(detection, out);
  return out;
}

TEST(DetectionJsonEncoderTest, FullDetectionEncodesToTheExactLine) {
  const std::string expected =
      R"({"schema":"leakhound.detection/1","id":"0123456789abcdef0123456789abcdef",)"
      R"("rule":{"id":"LH-0001","title":"Unbounded \"read\"","severity":"high","version":2,)"
      R"("status":"stable","tags":["attack.collection","attack.t1213.006"],"description":"desc",)"
      R"("references":["https://attack.mitre.org/techniques/T1213/006/"]},)"
      R"("principal":"alice","client":"10.0.0.1","application":"psql","database":"shop",)"
      R"("session_id":"s1","verb":"select","fingerprint":"select * from passengers where id = ?",)"
      R"("tables":["passengers"],"pii_tables":[],"pii_categories":["name","email"],)"
      R"("pii_columns":["full_name","email"],"rows":1200,)"
      R"("event_time":"2026-02-02T10:00:00Z","first_event_time":"2026-02-02T09:55:00Z",)"
      R"("detection_time":"2026-02-02T10:00:01.500Z",)"
      R"("why":{"patterns":["\\bselect\\b"],"predicates":[)"
      R"({"field":"rows","op":"gte","expected":"1000","actual":"1200"},)"
      R"({"field":"principal","op":"not_in","expected":"service_accounts","actual":"alice"}],)"
      R"("threshold":{"aggregate":"sum","field":"rows","value":60000,"op":"gte","threshold":50000,)"
      R"("window":"10m","window_start":"2026-02-02T09:55:00Z","window_end":"2026-02-02T10:00:00Z",)"
      R"("events":12,"group":{"principal":"alice","client":"10.0.0.1"},"suppressed":3}},)"
      R"("sources":[{"file":"logs/a.ndjson","line":7},)"
      R"({"topic":"audit","partition":2,"offset":99,"index":1}],"sources_total":5})";
  EXPECT_EQ(Encode(FullDetection()), expected);
}

TEST(DetectionJsonEncoderTest, MicrosecondTimesKeepSixDigits) {
  Detection detection = FullDetection();
  detection.detection_time = kTen + 1500us;
  EXPECT_NE(Encode(detection).find(R"("detection_time":"2026-02-02T10:00:00.001500Z")"),
            std::string::npos);
}

TEST(DetectionJsonEncoderTest, AppendsWithoutNewline) {
  std::string out = "previous\n";
  EncodeDetectionJson(FullDetection(), out);
  EXPECT_EQ(out.rfind("previous\n{\"schema\":", 0), 0u);
  EXPECT_EQ(out.back(), '}');
  EXPECT_EQ(out.find('\n', 9), std::string::npos);
}

TEST(DetectionJsonEncoderTest, MinimalDetectionOmitsOptionalFields) {
  Detection detection;
  detection.id = "abc";
  detection.event_time = kTen;
  detection.first_event_time = kTen;
  detection.detection_time = kTen;
  const std::string expected =
      R"({"schema":"leakhound.detection/1","id":"abc","fingerprint":"","tables":[],)"
      R"("pii_tables":[],"pii_categories":[],"pii_columns":[],"event_time":"2026-02-02T10:00:00Z",)"
      R"("first_event_time":"2026-02-02T10:00:00Z","detection_time":"2026-02-02T10:00:00Z",)"
      R"("why":{"patterns":[],"predicates":[]},"sources":[],"sources_total":0})";
  EXPECT_EQ(Encode(detection), expected);
}

TEST(DetectionJsonEncoderTest, RuleWithoutDescriptionOrReferences) {
  Detection detection = FullDetection();
  auto rule = std::make_shared<RuleInfo>(*detection.rule);
  rule->description.clear();
  rule->references.clear();
  rule->tags.clear();
  detection.rule = rule;
  const std::string out = Encode(detection);
  EXPECT_NE(out.find(R"("rule":{"id":"LH-0001","title":"Unbounded \"read\"","severity":"high",)"
                     R"("version":2,"status":"stable","tags":[]},)"),
            std::string::npos)
      << out;
  EXPECT_EQ(out.find("description"), std::string::npos);
  EXPECT_EQ(out.find("references"), std::string::npos);
}

TEST(DetectionJsonEncoderTest, ZeroRowsAreEncodedAbsentRowsAreNot) {
  Detection detection = FullDetection();
  detection.rows = 0;
  EXPECT_NE(Encode(detection).find(R"("rows":0,)"), std::string::npos);
  detection.rows.reset();
  EXPECT_EQ(Encode(detection).find(R"("rows":)"), std::string::npos);
}

TEST(DetectionJsonEncoderTest, EmptyOptionalStringsAreOmitted) {
  Detection detection = FullDetection();
  detection.principal.clear();
  detection.client.clear();
  detection.application.clear();
  detection.database.clear();
  detection.session_id.clear();
  detection.verb.clear();
  const std::string out = Encode(detection);
  for (const char* key : {"\"application\":", "\"database\":", "\"session_id\":", "\"verb\":"}) {
    EXPECT_EQ(out.find(key), std::string::npos) << key;
  }
  // The rule object is followed directly by the fingerprint.
  EXPECT_NE(out.find(R"(/006/"]},"fingerprint":"select)"), std::string::npos) << out;
  // The group of the threshold block still names principal and client: it is evidence.
  EXPECT_NE(out.find(R"("group":{"principal":"alice","client":"10.0.0.1"})"), std::string::npos);
}

TEST(DetectionJsonEncoderTest, FileSourcesAndTopicSources) {
  Detection detection = FullDetection();
  detection.sources = {{"-", -1, 1, 0},
                       {"a.log", -1, 12, 3},
                       {"audit.pg", 0, 0, 0},
                       {"audit.pg", 11, 123456789012, 0}};
  detection.sources_total = 4;
  const std::string out = Encode(detection);
  EXPECT_NE(out.find(R"("sources":[{"file":"-","line":1},{"file":"a.log","line":12,"index":3},)"
                     R"({"topic":"audit.pg","partition":0,"offset":0},)"
                     R"({"topic":"audit.pg","partition":11,"offset":123456789012}],)"
                     R"("sources_total":4})"),
            std::string::npos)
      << out;
}

TEST(DetectionJsonEncoderTest, ThresholdForCountHasNoFieldAndFractionalValues) {
  Detection detection = FullDetection();
  ThresholdEvidence& threshold = *detection.threshold;
  threshold.aggregate = "count";
  threshold.field.clear();
  threshold.value = 7;
  threshold.op = "gt";
  threshold.threshold = 6.5;
  threshold.window = 90min;
  threshold.group.clear();
  threshold.suppressed = 0;
  const std::string out = Encode(detection);
  EXPECT_NE(out.find(R"("threshold":{"aggregate":"count","value":7,"op":"gt","threshold":6.5,)"
                     R"("window":"1h30m",)"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find(R"("events":12,"group":{},"suppressed":0}})"), std::string::npos) << out;
}

TEST(DetectionJsonEncoderTest, NoThresholdBlockForPerEventRules) {
  Detection detection = FullDetection();
  detection.threshold.reset();
  const std::string out = Encode(detection);
  EXPECT_EQ(out.find("threshold"), std::string::npos);
  EXPECT_NE(out.find(R"("actual":"alice"}]},"sources":)"), std::string::npos) << out;
}

TEST(DetectionJsonEncoderTest, HostileStringsStayValidJson) {
  Detection detection = FullDetection();
  detection.principal = "evil\"\n\x01\xff";
  const std::string out = Encode(detection);
  EXPECT_NE(out.find("\"principal\":\"evil\\\"\\n\\u0001\xef\xbf\xbd\""), std::string::npos) << out;
}

}  // namespace
}  // namespace leakhound
