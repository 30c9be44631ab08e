// What every detection format says the same way: the one-line headline and the reason a
// rule fired, the severity on each format's scale, times as epoch milliseconds, and the
// client split into address and port. Shared so that OCSF, ECS, CEF and Splunk HEC never
// disagree about one detection.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/detection.h"

namespace leakhound {

// "mallory@172.16.8.40: Unbounded read of PII columns by a person"
std::string DetectionHeadline(const Detection& detection);

// Why the rule fired, in words: "sum rows 250000 >= 100000 in 1h, 37 events by
// principal=mallory; patterns select-star; principal not_in service_accounts (mallory)".
std::string DetectionReason(const Detection& detection);

// "sum rows 412000 >= 50000 in 10m, 12 events" for a threshold detection.
std::string ThresholdPhrase(const ThresholdEvidence& threshold);

// The last contributing event: the firing one, or the window's end when an earlier-stamped
// event made a window (out of order) cross its threshold.
TimePoint DetectionEndTime(const Detection& detection);

// A number as rules write it: integral values without a fraction, others with up to 15
// significant digits.
std::string FormatNumber(double value);

int64_t EpochMillis(TimePoint time);

// The rule's severity (medium for a detection that lost its rule).
inline Severity DetectionSeverity(const Detection& detection) {
  return detection.rule ? detection.rule->severity : Severity::kMedium;
}

// OCSF severity_id: 1 Informational .. 5 Critical.
int OcsfSeverityId(Severity severity);
std::string_view OcsfSeverityCaption(Severity severity);
// CEF's 0-10 scale: 1 informational, 3 low, 5 medium, 8 high, 10 critical.
int CefSeverity(Severity severity);
// RFC 5424 severity: 6 informational, 5 notice (low), 4 warning (medium), 3 error (high),
// 2 critical.
int SyslogSeverity(Severity severity);
// Elastic's risk score convention for rule severities: 21 low, 47 medium, 73 high,
// 99 critical (and 1 for informational).
int RiskScore(Severity severity);

// A client as logs write it, split: "10.1.2.3:5432" -> {ip "10.1.2.3", port 5432};
// "[2001:db8::1]:5432" -> {ip "2001:db8::1", port 5432}; "[local]", a host name or a keyed
// token -> {name "[local]"}. ip is set only when it is a valid IPv4 or IPv6 address, so
// formats that type it as an address can rely on it.
struct ClientEndpoint {
  std::string ip;
  std::optional<int> port;
  std::string name;
};
ClientEndpoint SplitClient(std::string_view client);

}  // namespace leakhound
