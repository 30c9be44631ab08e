#include "codec/splunk_hec_encoder.h"

#include <cstdio>

#include "codec/detection_json_encoder.h"
#include "codec/detection_summary.h"
#include "codec/json_writer.h"

namespace leakhound {
namespace {

void AppendMember(std::string_view key, std::string_view value, std::string& out) {
  AppendJsonString(key, out);
  out += ':';
  AppendJsonString(value, out);
  out += ',';
}

}  // namespace

void EncodeDetectionSplunkHec(const Detection& detection, const EncoderOptions& options,
                              std::string& out) {
  const int64_t millis = EpochMillis(detection.detection_time);
  char time[32];
  // Floor division, so that times before 1970 stay valid numbers (-0.5 s is -1 + 0.500).
  const int64_t seconds = millis >= 0 ? millis / 1000 : -((-millis + 999) / 1000);
  std::snprintf(time, sizeof time, "%lld.%03lld", static_cast<long long>(seconds),
                static_cast<long long>(millis - seconds * 1000));
  out += "{\"time\":";
  out += time;
  out += ',';
  if (!options.host.empty()) AppendMember("host", options.host, out);
  AppendMember("source", options.hec_source, out);
  AppendMember("sourcetype", options.hec_sourcetype, out);
  if (!options.hec_index.empty()) AppendMember("index", options.hec_index, out);
  out += "\"fields\":{";
  if (detection.rule) {
    AppendMember("rule_id", detection.rule->id, out);
    AppendMember("severity", SeverityName(detection.rule->severity), out);
  }
  AppendJsonString("detection_id", out);
  out += ':';
  AppendJsonString(detection.id, out);
  out += "},\"event\":";
  EncodeDetectionJson(detection, out);
  out += '}';
}

}  // namespace leakhound
