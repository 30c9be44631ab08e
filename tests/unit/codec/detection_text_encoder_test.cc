#include "codec/detection_text_encoder.h"

#include <gtest/gtest.h>

namespace leakhound {
namespace {

Detection Sample() {
  Detection detection;
  auto rule = std::make_shared<RuleInfo>();
  rule->id = "LH-0005";
  rule->title = "PII table exported with COPY ... TO";
  rule->severity = Severity::kCritical;
  detection.rule = rule;
  detection.principal = "mallory";
  detection.client = "172.16.8.40";
  detection.fingerprint = "copy passengers to stdout";
  detection.event_time = TimePoint(std::chrono::seconds(1773180000));
  return detection;
}

TEST(DetectionTextEncoderTest, OneReadableLine) {
  std::string out;
  EncodeDetectionText(Sample(), out);
  EXPECT_EQ(out,
            "2026-03-10T22:00:00Z critical LH-0005 mallory@172.16.8.40: PII table exported with "
            "COPY ... TO | copy passengers to stdout");
}

TEST(DetectionTextEncoderTest, ThresholdEvidence) {
  Detection detection = Sample();
  ThresholdEvidence threshold;
  threshold.aggregate = "sum";
  threshold.field = "rows";
  threshold.value = 60000;
  threshold.op = "gte";
  threshold.threshold = 50000;
  threshold.window = std::chrono::minutes(10);
  threshold.events = 12;
  threshold.suppressed = 3;
  detection.threshold = threshold;
  std::string out;
  EncodeDetectionText(detection, out);
  EXPECT_NE(out.find("[sum rows 60000 >= 50000 in 10m, 12 events, 3 suppressed before]"),
            std::string::npos)
      << out;
}

// Log data cannot forge a second line or send terminal escapes.
TEST(DetectionTextEncoderTest, ControlBytesAreEscaped) {
  Detection detection = Sample();
  detection.principal = "evil\n2026-01-01T00:00:00Z critical LH-0000 \x1b[2J";
  std::string out;
  EncodeDetectionText(detection, out);
  EXPECT_EQ(out.find('\n'), std::string::npos);
  EXPECT_EQ(out.find('\x1b'), std::string::npos);
  EXPECT_NE(out.find("evil\\x0a2026"), std::string::npos) << out;
}

// A long fingerprint is cut at a character boundary, never inside a UTF-8 sequence.
TEST(DetectionTextEncoderTest, LongFingerprintsAreCutAtACharacterBoundary) {
  Detection detection = Sample();
  detection.fingerprint = std::string(99, 'a') + "\xc3\xa9" + std::string(50, 'b');
  std::string out;
  EncodeDetectionText(detection, out);
  EXPECT_NE(out.find(std::string(99, 'a') + "..."), std::string::npos) << out;
  EXPECT_EQ(out.find("\xc3"), std::string::npos);
}

}  // namespace
}  // namespace leakhound
