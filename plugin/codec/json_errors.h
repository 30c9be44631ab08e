// The reject reason and detail for a simdjson error on a record: truncated, not UTF-8,
// content after the value, or not JSON. Shared by the JSON decoders.
//
// Thread-safety: a pure function.
#pragma once

#include <string_view>

#include "codec/field_slots.h"  // DecodeFailure

namespace leakhound {

// `error` is a simdjson::error_code (an int here: simdjson.h stays in .cc files).
DecodeFailure FromSimdjson(int error, std::string_view record);

}  // namespace leakhound
