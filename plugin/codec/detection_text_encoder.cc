#include "codec/detection_text_encoder.h"

#include "codec/detection_summary.h"
#include "core/duration.h"

namespace leakhound {
namespace {

// Appends `text` with control bytes written as \xNN, so that a principal or statement
// cannot forge lines or drive the terminal, cut after `max_bytes` at a character boundary.
void AppendPrintable(std::string_view text, std::string& out,
                     size_t max_bytes = std::string_view::npos) {
  static constexpr char kHex[] = "0123456789abcdef";
  if (text.size() > max_bytes) {
    size_t end = max_bytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xc0) == 0x80) --end;
    text = text.substr(0, end);
  } else {
    max_bytes = std::string_view::npos;
  }
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    } else {
      out += c;
    }
  }
  if (max_bytes != std::string_view::npos) out += "...";
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
  AppendPrintable(detection.principal.empty() ? std::string_view("?") : detection.principal, out);
  if (!detection.client.empty()) {
    out += '@';
    AppendPrintable(detection.client, out);
  }
  if (detection.rule) {
    out += ": ";
    AppendPrintable(detection.rule->title, out);
  }
  if (detection.threshold) {
    const ThresholdEvidence& threshold = *detection.threshold;
    out += " [" + ThresholdPhrase(threshold);
    if (threshold.suppressed > 0)
      out += ", " + std::to_string(threshold.suppressed) + " suppressed before";
    out += "]";
  }
  out += " | ";
  AppendPrintable(detection.fingerprint, out, /*max_bytes=*/100);
}

}  // namespace leakhound
