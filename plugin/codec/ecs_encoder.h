// ECS 8.11 alert documents, for Elastic (the Kafka integration, or Logstash) and for any
// pipeline that speaks ECS.
//
// Mapping: event.kind alert, event.category [database], event.type [access, info];
// event.id the detection id; rule.* the rule; threat.* its ATT&CK tags; user.name the
// principal; source.ip/port the client when it is an address (source.address always);
// related.user and related.ip for pivoting; tags the rule's tags. What ECS has no field for
// (database, the masked statement, tables, PII classification, why the rule fired, the
// contributing records) goes under the custom top-level namespace `leakhound`.
//
// Thread-safety: pure function of its input.
#pragma once

#include <string>

#include "codec/detection_format.h"

namespace leakhound {

inline constexpr std::string_view kEcsVersion = "8.11.0";

void EncodeDetectionEcs(const Detection& detection, const EncoderOptions& options,
                        std::string& out);

}  // namespace leakhound
