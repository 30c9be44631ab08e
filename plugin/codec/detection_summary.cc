#include "codec/detection_summary.h"

#include <charconv>
#include <cstdio>

#include "core/duration.h"
#include "core/ip_network.h"

namespace leakhound {

std::string DetectionHeadline(const Detection& detection) {
  std::string out = detection.principal.empty() ? "?" : detection.principal;
  if (!detection.client.empty()) out += "@" + detection.client;
  if (detection.rule) out += ": " + detection.rule->title;
  return out;
}

std::string FormatNumber(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.15g", value);
  return buffer;
}

std::string DetectionReason(const Detection& detection) {
  std::string out;
  const auto separate = [&out] {
    if (!out.empty()) out += "; ";
  };
  if (detection.threshold) {
    const ThresholdEvidence& threshold = *detection.threshold;
    out += ThresholdPhrase(threshold);
    for (size_t i = 0; i < threshold.group.size(); ++i) {
      out += (i == 0 ? " by " : ", ") + threshold.group[i].first + "=" + threshold.group[i].second;
    }
    if (threshold.suppressed > 0) {
      out += " (" + std::to_string(threshold.suppressed) + " suppressed before)";
    }
  }
  if (!detection.matched_patterns.empty()) {
    separate();
    out += "patterns ";
    for (size_t i = 0; i < detection.matched_patterns.size(); ++i) {
      if (i > 0) out += ", ";
      out += detection.matched_patterns[i];
    }
  }
  for (const PredicateEvidence& predicate : detection.predicates) {
    separate();
    out += predicate.field + " " + predicate.op;
    if (!predicate.expected.empty()) out += " " + predicate.expected;
    out += " (" + predicate.actual + ")";
  }
  return out;
}

std::string ThresholdPhrase(const ThresholdEvidence& threshold) {
  std::string out = threshold.aggregate;
  if (!threshold.field.empty()) out += " " + threshold.field;
  out += " " + FormatNumber(threshold.value) + (threshold.op == "gt" ? " > " : " >= ") +
         FormatNumber(threshold.threshold) + " in " + FormatDuration(threshold.window) + ", " +
         std::to_string(threshold.events) + (threshold.events == 1 ? " event" : " events");
  return out;
}

TimePoint DetectionEndTime(const Detection& detection) {
  if (detection.threshold && detection.threshold->window_end > detection.event_time) {
    return detection.threshold->window_end;
  }
  return detection.event_time;
}

int64_t EpochMillis(TimePoint time) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

int OcsfSeverityId(Severity severity) {
  switch (severity) {
    case Severity::kInformational:
      return 1;
    case Severity::kLow:
      return 2;
    case Severity::kMedium:
      return 3;
    case Severity::kHigh:
      return 4;
    case Severity::kCritical:
      return 5;
  }
  return 0;
}

std::string_view OcsfSeverityCaption(Severity severity) {
  switch (severity) {
    case Severity::kInformational:
      return "Informational";
    case Severity::kLow:
      return "Low";
    case Severity::kMedium:
      return "Medium";
    case Severity::kHigh:
      return "High";
    case Severity::kCritical:
      return "Critical";
  }
  return "Unknown";
}

namespace {

// The position of `severity` on the five-step scales below; a value outside the enum (a
// newer peer's) counts as medium rather than reading past a table.
size_t SeverityStep(Severity severity) {
  const int id = OcsfSeverityId(severity);
  return id >= 1 && id <= 5 ? static_cast<size_t>(id - 1) : 2;
}

}  // namespace

int CefSeverity(Severity severity) {
  constexpr int kScale[] = {1, 3, 5, 8, 10};
  return kScale[SeverityStep(severity)];
}

int SyslogSeverity(Severity severity) {
  constexpr int kScale[] = {6, 5, 4, 3, 2};
  return kScale[SeverityStep(severity)];
}

int RiskScore(Severity severity) {
  constexpr int kScale[] = {1, 21, 47, 73, 99};
  return kScale[SeverityStep(severity)];
}

ClientEndpoint SplitClient(std::string_view client) {
  ClientEndpoint endpoint;
  if (client.empty()) return endpoint;
  if (!ParseIpAddress(client)) {
    endpoint.name = std::string(client);
    return endpoint;
  }
  std::string_view host = AddressHost(client);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  endpoint.ip = std::string(host);
  // What follows the address is its port, when AddressHost cut one off.
  const size_t colon = client.rfind(':');
  if (host.size() < client.size() && colon != std::string_view::npos) {
    const std::string_view digits = client.substr(colon + 1);
    int port = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (error == std::errc() && end == digits.data() + digits.size() && port >= 0 &&
        port <= 65535) {
      endpoint.port = port;
    }
  }
  return endpoint;
}

}  // namespace leakhound
