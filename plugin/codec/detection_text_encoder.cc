#include "codec/detection_text_encoder.h"

#include <cstdio>

#include "core/duration.h"

namespace leakhound {
namespace {

std::string Number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.15g", value);
  return buffer;
}

}  // namespace

void EncodeDetectionText(const Detection& detection, std::string& out) {
  out += FormatTimestamp(detection.event_time);
  out += ' ';
  if (detection.rule) {
    std::string severity(SeverityName(detection.rule->severity));
    severity.resize(8, ' ');
    out += severity + ' ' + detection.rule->id + ' ';
  }
  out += detection.principal.empty() ? std::string("?") : detection.principal;
  if (!detection.client.empty()) out += "@" + detection.client;
  if (detection.rule) out += ": " + detection.rule->title;
  if (detection.threshold) {
    const ThresholdEvidence& threshold = *detection.threshold;
    out += " [" + threshold.aggregate + (threshold.field.empty() ? "" : " " + threshold.field) +
           " " + Number(threshold.value) + (threshold.op == "gt" ? " > " : " >= ") +
           Number(threshold.threshold) + " in " + FormatDuration(threshold.window) + ", " +
           std::to_string(threshold.events) + (threshold.events == 1 ? " event" : " events");
    if (threshold.suppressed > 0) out += ", " + std::to_string(threshold.suppressed) + " suppressed before";
    out += "]";
  }
  constexpr size_t kShown = 100;
  out += " | " + detection.fingerprint.substr(0, kShown);
  if (detection.fingerprint.size() > kShown) out += "...";
}

}  // namespace leakhound
