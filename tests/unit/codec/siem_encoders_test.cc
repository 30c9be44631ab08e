// The SIEM formats on hand-built detections: the edges the golden inputs do not reach
// (clients that are not addresses, escaping, rules without ATT&CK tags). Every detection
// the golden and scenario inputs give is validated against the SIEMs' schemas by
// tests/siem/check_siem_formats.py.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <chrono>
#include <memory>
#include <string>

#include "codec/cef_encoder.h"
#include "codec/detection_format.h"
#include "codec/detection_summary.h"
#include "codec/ecs_encoder.h"
#include "codec/ocsf_encoder.h"
#include "codec/splunk_hec_encoder.h"

namespace leakhound {
namespace {

using namespace std::chrono_literals;

const TimePoint kTen = TimePoint(std::chrono::seconds(1770026400));  // 2026-02-02T10:00:00Z

Detection Sample() {
  auto rule = std::make_shared<RuleInfo>();
  rule->id = "LH-0014";
  rule->title = "Cumulative rows | 10m";
  rule->description = "rows add up";
  rule->severity = Severity::kCritical;
  rule->tags = {"attack.collection", "attack.exfiltration", "attack.t1213.006", "attack.t1030"};
  rule->version = 3;
  Detection detection;
  detection.id = "0123456789abcdef0123456789abcdef";
  detection.rule = rule;
  detection.principal = "mallory";
  detection.client = "10.0.0.1:5432";
  detection.database = "shop";
  detection.fingerprint = "select * from passengers where note = ? -- a=b \\ c";
  detection.tables = {"passengers", "fares"};
  detection.pii_tables = {"passengers"};
  detection.pii_categories = {"passport"};
  detection.rows = 5000;
  detection.event_time = kTen;
  detection.first_event_time = kTen - 9min;
  detection.detection_time = kTen + 250ms;
  ThresholdEvidence threshold;
  threshold.aggregate = "sum";
  threshold.field = "rows";
  threshold.value = 120000;
  threshold.op = "gte";
  threshold.threshold = 100000;
  threshold.window = 10min;
  threshold.events = 24;
  detection.threshold = threshold;
  detection.sources = {{"db.queries", 3, 42, 0}};
  detection.sources_total = 24;
  return detection;
}

simdjson::dom::element Parse(simdjson::dom::parser& parser, const std::string& json) {
  simdjson::dom::element element;
  EXPECT_EQ(parser.parse(json).get(element), simdjson::SUCCESS) << json;
  return element;
}

std::string Text(simdjson::dom::element element, std::string_view pointer) {
  std::string_view value;
  if (element.at_pointer(pointer).get_string().get(value) != simdjson::SUCCESS) return "<none>";
  return std::string(value);
}

int64_t Number(simdjson::dom::element element, std::string_view pointer) {
  int64_t value = -1;
  if (element.at_pointer(pointer).get_int64().get(value) != simdjson::SUCCESS) return -1;
  return value;
}

EncoderOptions Options(std::string version, std::string host) {
  EncoderOptions options;
  options.product_version = std::move(version);
  options.host = std::move(host);
  return options;
}

TEST(SplitClientTest, AddressesPortsAndNames) {
  EXPECT_EQ(SplitClient("10.0.0.1:5432").ip, "10.0.0.1");
  EXPECT_EQ(SplitClient("10.0.0.1:5432").port, 5432);
  EXPECT_EQ(SplitClient("[2001:db8::1]:3306").ip, "2001:db8::1");
  EXPECT_EQ(SplitClient("[2001:db8::1]:3306").port, 3306);
  EXPECT_EQ(SplitClient("2001:db8::1").ip, "2001:db8::1");
  EXPECT_FALSE(SplitClient("2001:db8::1").port.has_value());
  EXPECT_EQ(SplitClient("[local]").ip, "");
  EXPECT_EQ(SplitClient("[local]").name, "[local]");
  EXPECT_EQ(SplitClient("app-7.internal").name, "app-7.internal");
}

TEST(DetectionSummaryTest, ReasonSaysTheAggregateAgainstItsThreshold) {
  Detection detection = Sample();
  detection.matched_patterns = {"select-star"};
  detection.predicates = {{"principal", "not_in", "service_accounts", "mallory"}};
  EXPECT_EQ(DetectionReason(detection),
            "sum rows 120000 >= 100000 in 10m, 24 events; patterns select-star; "
            "principal not_in service_accounts (mallory)");
  EXPECT_EQ(DetectionHeadline(detection), "mallory@10.0.0.1:5432: Cumulative rows | 10m");
}

TEST(OcsfEncoderTest, ThresholdRuleIsStatisticalWithWindowTimesAndCount) {
  std::string out;
  EncodeDetectionOcsf(Sample(), Options("1.2.3", ""), out);
  simdjson::dom::parser parser;
  const simdjson::dom::element doc = Parse(parser, out);
  EXPECT_EQ(Number(doc, "/type_uid"), 200401);
  EXPECT_EQ(Number(doc, "/severity_id"), 5);
  EXPECT_EQ(Number(doc, "/time"), 1770026400250);
  EXPECT_EQ(Number(doc, "/start_time"), 1770026400000 - 9 * 60 * 1000);
  EXPECT_EQ(Number(doc, "/count"), 24);
  EXPECT_EQ(Number(doc, "/finding_info/analytic/type_id"), 3);
  EXPECT_EQ(Text(doc, "/finding_info/analytic/version"), "3");
  EXPECT_EQ(Text(doc, "/finding_info/attacks/0/sub_technique/uid"), "T1213.006");
  EXPECT_EQ(Text(doc, "/finding_info/attacks/1/technique/uid"), "T1030");
  EXPECT_EQ(Text(doc, "/finding_info/attacks/1/tactic/uid"), "TA0010");
  EXPECT_EQ(Text(doc, "/evidences/0/src_endpoint/ip"), "10.0.0.1");
  EXPECT_EQ(Number(doc, "/evidences/0/src_endpoint/port"), 5432);
  EXPECT_EQ(Text(doc, "/evidences/0/data/why/threshold/aggregate"), "sum");
  EXPECT_EQ(Text(doc, "/evidences/0/data/sources/0/topic"), "db.queries");
  // Only the catalogued table is classified as personal data.
  EXPECT_EQ(Text(doc, "/resources/0/data_classifications/0/category"), "Personal");
  EXPECT_EQ(Text(doc, "/resources/1/name"), "fares");
  EXPECT_EQ(Text(doc, "/resources/1/data_classifications/0/category"), "<none>");
  EXPECT_EQ(Text(doc, "/metadata/product/version"), "1.2.3");
  EXPECT_EQ(Text(doc, "/metadata/profiles/0"), "data_classification");
}

TEST(OcsfEncoderTest, ClientThatIsNotAnAddressIsNamedNotTypedAsIp) {
  Detection detection = Sample();
  detection.client = "[local]";
  detection.threshold.reset();
  std::string out;
  EncodeDetectionOcsf(detection, {}, out);
  simdjson::dom::parser parser;
  const simdjson::dom::element doc = Parse(parser, out);
  EXPECT_EQ(Text(doc, "/evidences/0/src_endpoint/name"), "[local]");
  EXPECT_EQ(Text(doc, "/evidences/0/src_endpoint/ip"), "<none>");
  EXPECT_EQ(Number(doc, "/finding_info/analytic/type_id"), 1);
  EXPECT_EQ(Number(doc, "/count"), -1);                   // absent for single-event rules
  EXPECT_EQ(Text(doc, "/observables/1/type"), "<none>");  // no IP observable
}

TEST(OcsfEncoderTest, DataSecurityFindingPutsTheActorAtTheTopAndTheExplanationInUnmapped) {
  std::string out;
  EncodeDetectionOcsfDataSecurity(Sample(), {}, out);
  simdjson::dom::parser parser;
  const simdjson::dom::element doc = Parse(parser, out);
  EXPECT_EQ(Number(doc, "/class_uid"), 2006);
  EXPECT_EQ(Number(doc, "/type_uid"), 200601);
  EXPECT_EQ(Text(doc, "/type_name"), "Data Security Finding: Create");
  EXPECT_EQ(Text(doc, "/actor/user/name"), "mallory");
  EXPECT_EQ(Text(doc, "/src_endpoint/ip"), "10.0.0.1");
  EXPECT_EQ(Text(doc, "/table/name"), "passengers");  // the PII table, not the first read
  EXPECT_EQ(Number(doc, "/data_security/detection_system_id"), 9);
  EXPECT_EQ(Text(doc, "/data_security/category"), "Personal");
  EXPECT_EQ(Text(doc, "/data_security/discovery_details/0/type"), "passport");
  EXPECT_EQ(Text(doc, "/evidences/0/data/fingerprint"), "<none>");
  EXPECT_EQ(Text(doc, "/unmapped/leakhound/why/threshold/aggregate"), "sum");
  EXPECT_EQ(Text(doc, "/observables/0/name"), "actor.user.name");
}

TEST(EcsEncoderTest, SourceIpOnlyForAddressesAndThreatArraysAligned) {
  std::string out;
  EncodeDetectionEcs(Sample(), Options("0.0.0", "scanner-1"), out);
  simdjson::dom::parser parser;
  const simdjson::dom::element doc = Parse(parser, out);
  EXPECT_EQ(Text(doc, "/event/kind"), "alert");
  EXPECT_EQ(Text(doc, "/source/ip"), "10.0.0.1");
  EXPECT_EQ(Number(doc, "/source/port"), 5432);
  EXPECT_EQ(Number(doc, "/event/duration"), 9LL * 60 * 1000 * 1000 * 1000);
  EXPECT_EQ(Number(doc, "/event/risk_score"), 99);
  EXPECT_EQ(Text(doc, "/threat/tactic/id/1"), "TA0010");
  EXPECT_EQ(Text(doc, "/threat/technique/id/0"), "T1213");
  EXPECT_EQ(Text(doc, "/threat/technique/id/1"), "T1030");
  EXPECT_EQ(Text(doc, "/threat/technique/subtechnique/id/0"), "T1213.006");
  EXPECT_EQ(Text(doc, "/observer/hostname"), "scanner-1");
  EXPECT_EQ(Text(doc, "/leakhound/pii_tables/0"), "passengers");

  Detection named = Sample();
  named.client = "app-7.internal";
  out.clear();
  EncodeDetectionEcs(named, {}, out);
  const simdjson::dom::element doc2 = Parse(parser, out);
  EXPECT_EQ(Text(doc2, "/source/address"), "app-7.internal");
  EXPECT_EQ(Text(doc2, "/source/ip"), "<none>");
  EXPECT_EQ(Text(doc2, "/related/ip/0"), "<none>");
}

TEST(CefEncoderTest, EscapesHeaderAndExtensionAndLabelsCustomFields) {
  std::string out;
  EncodeDetectionCef(Sample(), Options("1.2.3", ""), out);
  EXPECT_EQ(out.rfind("CEF:0|leakhound|leakhound|1.2.3|LH-0014|Cumulative rows \\| 10m|10|", 0), 0u)
      << out;
  EXPECT_NE(out.find(" cs6Label=statementFingerprint cs6=select * from passengers where note \\= "
                     "? -- a\\=b \\\\ c "),
            std::string::npos)
      << out;
  EXPECT_NE(out.find(" src=10.0.0.1 spt=5432 "), std::string::npos) << out;
  EXPECT_NE(out.find(" cnt=24 "), std::string::npos) << out;
  EXPECT_NE(out.find(" cs1Label=mitreTechnique cs1=T1213.006,T1030 "), std::string::npos) << out;
  EXPECT_NE(out.find(" cn2Label=windowSeconds cn2=600 cn3Label=threshold cn3=100000 "),
            std::string::npos)
      << out;
  EXPECT_EQ(out.find('\n'), std::string::npos);
}

TEST(CefEncoderTest, LineBreaksInValuesAreEscapedNotWritten) {
  Detection detection = Sample();
  detection.principal = "evil\nCEF:0|forged";
  detection.rule = std::make_shared<RuleInfo>(*detection.rule);
  std::const_pointer_cast<RuleInfo>(detection.rule)->title = "two\nlines";
  std::string out;
  EncodeDetectionCef(detection, {}, out);
  EXPECT_EQ(out.find('\n'), std::string::npos) << out;
  EXPECT_NE(out.find("|two lines|"), std::string::npos) << out;
  EXPECT_NE(out.find(" suser=evil\\nCEF:0|forged "), std::string::npos) << out;
}

TEST(CefEncoderTest, SourceListEncodesSeparatorsInFileNames) {
  Detection detection = Sample();
  detection.sources = {{"logs/a,b#1%.ndjson", -1, 7, 0}, {"db.queries", 3, 42, 2}};
  std::string out;
  EncodeDetectionCef(detection, {}, out);
  EXPECT_NE(out.find(" flexString2=logs/a%2Cb%231%25.ndjson:7,db.queries/3@42#2 "),
            std::string::npos)
      << out;
}

TEST(CefEncoderTest, SyslogLineCarriesSeverityAndHost) {
  std::string out;
  EncodeDetectionCefSyslog(Sample(), Options("0.0.0", "scan ner"), out);
  EXPECT_EQ(out.rfind("<130>1 2026-02-02T10:00:00.250Z scanner leakhound - detection - CEF:0|", 0),
            0u)
      << out;
}

TEST(SplunkHecEncoderTest, EnvelopeAroundTheNativeDetection) {
  EncoderOptions options;
  options.hec_index = "security";
  std::string out;
  EncodeDetectionSplunkHec(Sample(), options, out);
  simdjson::dom::parser parser;
  const simdjson::dom::element doc = Parse(parser, out);
  double time = 0;
  ASSERT_EQ(doc["time"].get_double().get(time), simdjson::SUCCESS);
  EXPECT_DOUBLE_EQ(time, 1770026400.25);
  EXPECT_EQ(Text(doc, "/index"), "security");
  EXPECT_EQ(Text(doc, "/host"), "<none>");
  EXPECT_EQ(Text(doc, "/sourcetype"), "leakhound:detection");
  EXPECT_EQ(Text(doc, "/fields/rule_id"), "LH-0014");
  EXPECT_EQ(Text(doc, "/event/schema"), "leakhound.detection/1");
  EXPECT_EQ(Text(doc, "/event/id"), "0123456789abcdef0123456789abcdef");
}

TEST(DetectionFormatTest, NamesRoundTripAndEncoderDispatches) {
  for (std::string_view name : DetectionFormatNames()) {
    const std::optional<DetectionFormat> format = FindDetectionFormat(name);
    ASSERT_TRUE(format.has_value()) << name;
    EXPECT_EQ(DetectionFormatName(*format), name);
    std::string out;
    DetectionEncoder(*format).Encode(Sample(), out);
    EXPECT_NE(out.find("mallory"), std::string::npos) << name;
  }
  EXPECT_FALSE(FindDetectionFormat("leef").has_value());
}

}  // namespace
}  // namespace leakhound
