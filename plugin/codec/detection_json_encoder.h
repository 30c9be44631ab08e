// The native detection format: one JSON object per line, described by
// schemas/detection.schema.json. Other formats (OCSF, ECS, CEF) map from the same Detection.
//
// Thread-safety: pure function of its input.
#pragma once

#include <string>

#include "core/detection.h"

namespace leakhound {

inline constexpr std::string_view kDetectionSchemaVersion = "leakhound.detection/1";

// Appends the detection as one line of JSON (no trailing newline).
void EncodeDetectionJson(const Detection& detection, std::string& out);

}  // namespace leakhound
