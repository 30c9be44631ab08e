#include "codec/detection_format.h"

#include "codec/cef_encoder.h"
#include "codec/detection_json_encoder.h"
#include "codec/detection_text_encoder.h"
#include "codec/ecs_encoder.h"
#include "codec/ocsf_encoder.h"
#include "codec/splunk_hec_encoder.h"

namespace leakhound {
namespace {

constexpr std::pair<DetectionFormat, std::string_view> kFormats[] = {
    {DetectionFormat::kNative, "native"},
    {DetectionFormat::kText, "text"},
    {DetectionFormat::kOcsf, "ocsf"},
    {DetectionFormat::kOcsfDataSecurity, "ocsf-data-security"},
    {DetectionFormat::kEcs, "ecs"},
    {DetectionFormat::kCef, "cef"},
    {DetectionFormat::kCefSyslog, "cef-syslog"},
    {DetectionFormat::kSplunkHec, "splunk-hec"},
};

}  // namespace

std::string_view DetectionFormatName(DetectionFormat format) {
  for (const auto& [value, name] : kFormats) {
    if (value == format) return name;
  }
  return "native";
}

std::optional<DetectionFormat> FindDetectionFormat(std::string_view name) {
  for (const auto& [value, format_name] : kFormats) {
    if (format_name == name) return value;
  }
  return std::nullopt;
}

const std::vector<std::string_view>& DetectionFormatNames() {
  static const std::vector<std::string_view> kNames = [] {
    std::vector<std::string_view> names;
    for (const auto& entry : kFormats) names.push_back(entry.second);
    return names;
  }();
  return kNames;
}

std::string DetectionFormatList() {
  const std::vector<std::string_view>& names = DetectionFormatNames();
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += names[i];
  }
  return out;
}

void DetectionEncoder::Encode(const Detection& detection, std::string& out) const {
  switch (format_) {
    case DetectionFormat::kNative:
      EncodeDetectionJson(detection, out);
      return;
    case DetectionFormat::kText:
      EncodeDetectionText(detection, out);
      return;
    case DetectionFormat::kOcsf:
      EncodeDetectionOcsf(detection, options_, out);
      return;
    case DetectionFormat::kOcsfDataSecurity:
      EncodeDetectionOcsfDataSecurity(detection, options_, out);
      return;
    case DetectionFormat::kEcs:
      EncodeDetectionEcs(detection, options_, out);
      return;
    case DetectionFormat::kCef:
      EncodeDetectionCef(detection, options_, out);
      return;
    case DetectionFormat::kCefSyslog:
      EncodeDetectionCefSyslog(detection, options_, out);
      return;
    case DetectionFormat::kSplunkHec:
      EncodeDetectionSplunkHec(detection, options_, out);
      return;
  }
}

}  // namespace leakhound
