// OCSF 1.4.0 Detection Finding (class_uid 2004, activity Create, type_uid 200401): the
// format of AWS Security Lake, and what Sentinel, Google SecOps and Splunk map from.
//
// Mapping: finding_info.uid is the detection id; finding_info.analytic the rule (type
// Rule, or Statistical for threshold rules), finding_info.attacks[] its ATT&CK tags;
// evidences[0] the actor (user, session, application), src_endpoint (the client),
// database and, in `data`, the masked statement and why the rule fired (the native
// format's `why`, `sources` and `sources_total`); resources[] the tables read, those in the
// PII catalog with a Personal data classification; observables[] the user and the client
// address. Windowed detections carry start_time, end_time and count. Nothing goes into
// `unmapped` but leakhound's rule status and schema version.
//
// Thread-safety: pure function of its input.
#pragma once

#include <string>

#include "codec/detection_format.h"

namespace leakhound {

inline constexpr std::string_view kOcsfVersion = "1.4.0";

void EncodeDetectionOcsf(const Detection& detection, const EncoderOptions& options,
                         std::string& out);

// The same detection as OCSF 1.4.0 Data Security Finding (class_uid 2006, type_uid 200601),
// for data-security views: actor, src_endpoint and database at the top, `table` the first
// PII table read, `data_security` a database-activity-monitoring finding on data in use
// with the PII categories read. 2006 has no evidences, so the statement and why the rule
// fired go under unmapped.leakhound.
void EncodeDetectionOcsfDataSecurity(const Detection& detection, const EncoderOptions& options,
                                     std::string& out);

}  // namespace leakhound
