#include "codec/cef_encoder.h"

#include <algorithm>
#include <cmath>

#include "codec/detection_summary.h"
#include "core/attack.h"

namespace leakhound {
namespace {

constexpr int kSyslogFacilityLocal0 = 16;

void AppendHeaderField(std::string_view text, std::string& out) {
  for (const char c : text) {
    if (c == '\\' || c == '|') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      out += ' ';  // the header is one line; CEF has no escape for control bytes in it
    } else {
      out += c;
    }
  }
  out += '|';
}

void AppendExtensionValue(std::string_view text, std::string& out) {
  for (const char c : text) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '=':
        out += "\\=";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? ' ' : c;
    }
  }
}

class Extension {
 public:
  explicit Extension(std::string& out) : out_(out) {}

  void Add(std::string_view key, std::string_view value) {
    if (value.empty()) return;
    if (!first_) out_ += ' ';
    first_ = false;
    out_ += key;
    out_ += '=';
    AppendExtensionValue(value, out_);
  }
  void Add(std::string_view key, int64_t value) { Add(key, std::to_string(value)); }
  // A custom field and its label: cs1Label=mitreTechnique cs1=T1213.006.
  void Custom(std::string_view key, std::string_view label, std::string_view value) {
    if (value.empty()) return;
    Add(std::string(key) + "Label", label);
    Add(key, value);
  }

 private:
  std::string& out_;
  bool first_ = true;
};

// ArcSight's dictionary bounds msg and reason at 1023 characters; longer ones are cut (at
// a UTF-8 boundary) rather than rejected by the receiver.
std::string Capped(std::string text) {
  constexpr size_t kMax = 1023;
  if (text.size() <= kMax) return text;
  size_t end = kMax - 3;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xc0) == 0x80) --end;
  text.resize(end);
  return text + "...";
}

std::string Join(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& value : values) {
    if (!out.empty()) out += ',';
    out += value;
  }
  return out;
}

// The contributing records, most recent last: "insider.ndjson:1371" for a file line,
// "db.queries/3@42" for a Kafka record, "#2" appended for the 3rd event of a record; at
// most kMaxCefSources, so that a syslog line stays a line (flexNumber1 counts them all).
constexpr size_t kMaxCefSources = 10;
// A source's origin in the list: ',' separates sources and '#' starts an index, so a file
// named with either (or with '%') has those bytes percent-encoded; a reader splits on ','
// and decodes. Topic names cannot hold them, and ':' or '/' in a path need nothing: the
// reader takes the offset after the last one.
void AppendSourceOrigin(std::string_view origin, std::string& out) {
  for (const char c : origin) {
    if (c == ',' || c == '#' || c == '%') {
      static constexpr char kHex[] = "0123456789ABCDEF";
      out += '%';
      out += kHex[static_cast<unsigned char>(c) >> 4];
      out += kHex[static_cast<unsigned char>(c) & 0xf];
    } else {
      out += c;
    }
  }
}

std::string SourceList(const Detection& detection) {
  std::string out;
  const size_t skip =
      detection.sources.size() > kMaxCefSources ? detection.sources.size() - kMaxCefSources : 0;
  for (size_t i = skip; i < detection.sources.size(); ++i) {
    const StoredSourceRef& source = detection.sources[i];
    if (!out.empty()) out += ',';
    AppendSourceOrigin(source.origin, out);
    if (source.partition < 0) {
      out += ':' + std::to_string(source.offset);
    } else {
      out += '/' + std::to_string(source.partition) + '@' + std::to_string(source.offset);
    }
    if (source.index > 0) out += '#' + std::to_string(source.index);
  }
  return out;
}

}  // namespace

void EncodeDetectionCef(const Detection& detection, const EncoderOptions& options,
                        std::string& out) {
  const Severity severity = DetectionSeverity(detection);
  out += "CEF:0|";
  AppendHeaderField("leakhound", out);
  AppendHeaderField("leakhound", out);
  AppendHeaderField(options.product_version, out);
  AppendHeaderField(detection.rule ? std::string_view(detection.rule->id) : "unknown", out);
  AppendHeaderField(detection.rule ? std::string_view(detection.rule->title) : "detection", out);
  AppendHeaderField(std::to_string(CefSeverity(severity)), out);

  std::vector<std::string> techniques;
  std::vector<std::string> tactics;
  std::string category;
  if (detection.rule) {
    for (const AttackMapping& mapping : MapAttackTags(detection.rule->tags)) {
      if (mapping.sub_technique) {
        techniques.push_back(mapping.sub_technique->uid);
      } else if (!mapping.technique.uid.empty()) {
        techniques.push_back(mapping.technique.uid);
      }
    }
    for (const AttackTactic* tactic : AttackTacticsOf(detection.rule->tags)) {
      tactics.emplace_back(tactic->uid);
      if (category.empty()) category = tactic->name;
    }
  }
  const ClientEndpoint client = SplitClient(detection.client);

  Extension extension(out);
  extension.Add("rt", EpochMillis(detection.detection_time));
  extension.Add("start", EpochMillis(detection.first_event_time));
  extension.Add("end", EpochMillis(DetectionEndTime(detection)));
  extension.Add("cat", category);
  extension.Add("act", "alert");
  extension.Add("cnt", detection.threshold ? static_cast<int64_t>(detection.threshold->events) : 1);
  extension.Add("suser", detection.principal);
  if (!client.ip.empty()) {
    extension.Add("src", client.ip);
    if (client.port) extension.Add("spt", *client.port);
  } else {
    extension.Add("shost", client.name);
  }
  extension.Add("requestClientApplication", detection.application);
  extension.Add("externalId", detection.id);
  extension.Custom("cs1", "mitreTechnique", Join(techniques));
  extension.Custom("cs2", "mitreTactic", Join(tactics));
  extension.Custom("cs3", "database", detection.database);
  extension.Custom("cs4", "tables", Join(detection.tables));
  extension.Custom("cs5", "piiCategories", Join(detection.pii_categories));
  extension.Custom("cs6", "statementFingerprint", detection.fingerprint);
  if (detection.rows) extension.Custom("cn1", "rowsRead", std::to_string(*detection.rows));
  if (detection.threshold) {
    const ThresholdEvidence& threshold = *detection.threshold;
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(threshold.window);
    extension.Custom("cn2", "windowSeconds", std::to_string(seconds.count()));
    // cn* are integers: a fractional threshold is rounded (reason gives it exactly).
    const double bounded = std::clamp(threshold.threshold, -9e18, 9e18);
    extension.Custom("cn3", "threshold", std::to_string(std::llround(bounded)));
  }
  extension.Custom("flexString1", "literalTokens", Join(detection.literal_tokens));
  extension.Custom("flexString2", "sources", SourceList(detection));
  extension.Custom("flexNumber1", "sourcesTotal", std::to_string(detection.sources_total));
  extension.Add("reason", Capped(DetectionReason(detection)));
  extension.Add("msg", Capped(DetectionHeadline(detection)));
}

void EncodeDetectionCefSyslog(const Detection& detection, const EncoderOptions& options,
                              std::string& out) {
  const Severity severity = DetectionSeverity(detection);
  out += '<';
  out += std::to_string(kSyslogFacilityLocal0 * 8 + SyslogSeverity(severity));
  out += ">1 ";
  out += FormatTimestamp(detection.detection_time);
  out += ' ';
  // HOSTNAME is PRINTUSASCII without spaces, at most 255 bytes, or "-".
  std::string host;
  for (const char c : options.host) {
    if (c > 32 && c < 127 && host.size() < 255) host += c;
  }
  out += host.empty() ? "-" : host;
  out += " leakhound - detection - ";
  EncodeDetectionCef(detection, options, out);
}

}  // namespace leakhound
