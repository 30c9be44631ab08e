// The output formats of detections, one encoder for all faces (scan, run, demo): leakhound's
// native JSON, a terminal line, and what SIEMs ingest without a custom parser: OCSF 1.4.0
// Detection Finding, ECS 8.11 alerts, CEF (bare, or inside an RFC 5424 syslog line) and the
// Splunk HTTP Event Collector envelope. Every format maps from the same Detection, so
// each carries the same facts: rule metadata, ATT&CK, principal, client, the masked
// statement, why the rule fired and the contributing source records.
//
// Thread-safety: DetectionEncoder is immutable after construction; Encode may be called
// from several threads at once.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/detection.h"

namespace leakhound {

enum class DetectionFormat {
  kNative,            // leakhound.detection/1 JSON (schemas/detection.schema.json)
  kText,              // one line for a terminal
  kOcsf,              // OCSF 1.4.0 Detection Finding (class_uid 2004)
  kOcsfDataSecurity,  // OCSF 1.4.0 Data Security Finding (class_uid 2006)
  kEcs,               // ECS 8.11 alert document
  kCef,               // one CEF:0 line
  kCefSyslog,         // that CEF line as the message of an RFC 5424 syslog line
  kSplunkHec,         // a Splunk HTTP Event Collector event whose `event` is the native detection
};

// "native", "text", "ocsf", "ocsf-data-security", "ecs", "cef", "cef-syslog", "splunk-hec".
std::string_view DetectionFormatName(DetectionFormat format);
std::optional<DetectionFormat> FindDetectionFormat(std::string_view name);
const std::vector<std::string_view>& DetectionFormatNames();
// "native, text, ocsf, ocsf-data-security, ecs, cef, cef-syslog or splunk-hec", for help
// texts and errors.
std::string DetectionFormatList();

struct EncoderOptions {
  std::string product_version = "0.0.0";  // OCSF metadata.product.version, CEF header, ...
  // The reporting host: syslog HOSTNAME, HEC host, ECS observer.hostname. Empty: omitted
  // (syslog writes "-").
  std::string host;
  // Splunk HEC envelope.
  std::string hec_index;  // empty: the token's default index
  std::string hec_source = "leakhound";
  std::string hec_sourcetype = "leakhound:detection";
};

class DetectionEncoder {
 public:
  explicit DetectionEncoder(DetectionFormat format, EncoderOptions options = {})
      : format_(format), options_(std::move(options)) {}

  // Appends one encoded detection, without a trailing newline.
  void Encode(const Detection& detection, std::string& out) const;

  DetectionFormat format() const { return format_; }
  const EncoderOptions& options() const { return options_; }

 private:
  DetectionFormat format_;
  EncoderOptions options_;
};

}  // namespace leakhound
