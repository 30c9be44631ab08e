// A one-line, human-readable rendering of a detection for terminals (`scan --format
// text`): time, severity, rule, who, what, and the threshold that was crossed.
//
// Thread-safety: pure function of its input.
#pragma once

#include <string>

#include "core/detection.h"

namespace leakhound {

// Appends the line (no trailing newline).
void EncodeDetectionText(const Detection& detection, std::string& out);

}  // namespace leakhound
