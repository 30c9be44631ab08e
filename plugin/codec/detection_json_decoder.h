// Reading the native detection format back: what `leakhound demo` prints from the output
// topic, and what the integration tests compare. The inverse of EncodeDetectionJson for
// every field it writes.
//
// Thread-safety: pure function of its input.
#pragma once

#include <string_view>

#include "core/detection.h"
#include "core/result.h"

namespace leakhound {

// Fails (with what is wrong) on anything that is not a leakhound.detection/1 object.
Result<Detection> DecodeDetectionJson(std::string_view json);

}  // namespace leakhound
